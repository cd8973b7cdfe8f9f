"""The field-practicum report as a notebook form that saves itself as the student types.

:class:`PracticumReport` shows the community, one row per question (several answers allowed,
the evidence beside them), optional phases, a reflection guided by prompts from the course,
and the library's assessment, live. Every change is written to the report's YAML file after a
short pause (:data:`SAVE_DELAY` seconds, timed on the kernel's event loop) through
:func:`rothman.practicum.report.save_report` (a temporary file, then a rename), and the form
reads that file again when it is built: a kernel restart, a browser reload or a closed tab
loses nothing that was shown as saved. Text boxes send their value when the student leaves
them.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import ipywidgets as w

from rothman.core.i18n import check_lang, text
from rothman.core.variables import UNSURE, community_variables
from rothman.notebook.debounce import Debouncer
from rothman.notebook.hand_in import HandIn
from rothman.notebook.reflection_prompts import reflection_prompts
from rothman.practicum.report import Phase, Report, check_report, save_report
from rothman.render.assessment_html import practicum_view_html

#: Seconds of quiet after the last change before the file is written.
SAVE_DELAY = 0.6


class PracticumReport:
    """A form for the field-practicum report, saved to ``path`` as the student types.

    Args:
        path: the report's YAML file; read when it exists, created on the first change.
        lang: the language of a new report (an existing file keeps its own).

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "me.yaml"
        >>> form = PracticumReport(path, lang="en")
        >>> form.community.value = "Riverside"
        >>> form.choices["goal"]["shift_power"].value = True
        >>> form.flush()
        >>> PracticumReport(path).report().answers
        {'goal': 'shift_power'}
    """

    def __init__(self, path: str | Path, lang: str = "en") -> None:
        self.path = Path(path)
        #: saves after a pause in typing, on the kernel's event loop
        self._autosave = Debouncer(SAVE_DELAY, self.save)
        self._loading = True
        self.saved_at: float | None = None
        self.problems: list = []
        report = Report(lang=check_lang(lang))
        if self.path.exists():
            checked = check_report(self.path)
            if checked.report is None:
                # never write over a file the student (or a lecturer) must correct first
                self.problems = checked.errors
                report = Report(lang=checked.lang)
            else:
                report = checked.report
                self.saved_at = self.path.stat().st_mtime  # shown until the next save
        self.lang = report.lang
        self._phases: list[Phase] = list(report.phases)
        self._build()
        self._fill(report)
        self._loading = False
        self._refresh()
        if self.saved_at is not None:
            self.status.value = self._saved_html()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        lang = self.lang
        style = {"description_width": "9em"}
        # no side margins: a widget's usual 2px each side would make 100% overflow on a phone
        wide = w.Layout(width="min(100%, 40em)", margin="2px 0")
        # text reaches the kernel when the student leaves the box, not at every keystroke
        typed = {"style": style, "layout": wide, "continuous_update": False}
        self.student = w.Text(description=text("report_student", lang), **typed)
        self.community = w.Text(description=text("report_community", lang), **typed)
        self.agency = w.Text(description=text("report_agency", lang), **typed)
        for name in ("student", "community", "agency"):
            getattr(self, name).add_class(f"rothman-{name}")
        self.choices: dict[str, dict[str, w.Checkbox]] = {}
        self.evidence: dict[str, w.Textarea] = {}
        rows = []
        for var in community_variables():
            boxes = {}
            for level in var.levels:
                if level.key == UNSURE:
                    continue
                box = w.Checkbox(
                    description=level.label(lang),
                    indent=False,
                    layout=w.Layout(width="auto"),
                )
                box.add_class("rothman-choice")
                box.add_class(f"rothman-level-{level.key}")
                boxes[level.key] = box
            self.choices[var.key] = boxes
            area = w.Textarea(
                placeholder=text("rw_evidence_placeholder", lang),
                description=text("report_evidence", lang),
                layout=w.Layout(width="auto", min_width="16em", flex="1 1 22em", height="5.5em"),
                style={"description_width": "initial"},
                continuous_update=False,
            )
            area.add_class("rothman-evidence")
            self.evidence[var.key] = area
            question = w.HTML(
                f"<strong>{html.escape(var.label(lang))}</strong><br>"
                f"{html.escape(var.question(lang))}"
            )
            answers = w.VBox(
                [question, *boxes.values()],
                layout=w.Layout(flex="1 1 20em", min_width="14em"),
            )
            row = w.HBox(
                [answers, area],
                layout=w.Layout(
                    flex_flow="row wrap", border_bottom="1px solid #ccc", padding="4px 0"
                ),
            )
            row.add_class(f"rothman-question-{var.key}")
            rows.append(row)
        self.phase_name = w.Text(
            description=text("rw_phase_name", lang),
            placeholder=text("rw_phase_placeholder", lang),
            **typed,
        )
        self.add_phase = w.Button(
            description=text("rw_add_phase", lang), icon="plus", layout=w.Layout(width="auto")
        )
        self.add_phase.on_click(lambda _: self._add_phase())
        self.phase_list = w.VBox()
        self.reflection = w.Textarea(
            description=text("report_reflection_heading", lang),
            layout=w.Layout(width="min(100%, 52em)", height="12em", margin="2px 0"),
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.reflection.add_class("rothman-reflection")
        self.prompts = w.HTML()
        self.assessment_view = w.HTML()
        self.assessment_view.add_class("rothman-report-assessment")
        self.status = w.HTML()
        self.status.add_class("rothman-report-status")
        self.problems_view = w.HTML(self._problems_html())
        #: the button that writes the printable page, and its answer
        self.handing_in = HandIn(self)
        heading = lambda key: w.HTML(f"<h3>{html.escape(text(key, lang))}</h3>")  # noqa: E731
        self.widget = w.VBox(
            [
                self.problems_view,
                self.status,
                heading("rw_heading_community"),
                self.student,
                self.community,
                self.agency,
                heading("rw_heading_questions"),
                w.HTML(f"<p>{html.escape(text('rw_questions_help', lang))}</p>"),
                *rows,
                heading("rw_heading_assessment"),
                self.assessment_view,
                heading("report_phases_heading"),
                w.HTML(f"<p>{html.escape(text('rw_phases_help', lang))}</p>"),
                w.HBox([self.phase_name, self.add_phase], layout=w.Layout(flex_flow="row wrap")),
                self.phase_list,
                heading("report_reflection_heading"),
                self.prompts,
                self.reflection,
                self.handing_in.widget,
            ],
            layout=w.Layout(max_width="64em"),
        )
        self.widget.add_class("rothman-practicum")
        for control in self._controls():
            control.observe(self._changed, names="value")

    def _controls(self):
        yield from (self.student, self.community, self.agency, self.reflection)
        for boxes in self.choices.values():
            yield from boxes.values()
        yield from self.evidence.values()

    def _fill(self, report: Report) -> None:
        self.student.value = report.student
        self.community.value = report.community
        self.agency.value = report.agency
        self.reflection.value = report.reflection
        for key, boxes in self.choices.items():
            value = report.answers.get(key, UNSURE)
            chosen = set(value) if isinstance(value, tuple) else {value}
            for level, box in boxes.items():
                box.value = level in chosen
            self.evidence[key].value = report.evidence.get(key, "")
        self._show_phases()

    # --- reading the form -----------------------------------------------------------------

    def answers(self) -> dict[str, str | tuple[str, ...]]:
        """The answers as the form shows them: one level, or a tuple of the ticked levels."""
        out: dict[str, str | tuple[str, ...]] = {}
        for key, boxes in self.choices.items():
            ticked = tuple(level for level, box in boxes.items() if box.value)
            if len(ticked) == 1:
                out[key] = ticked[0]
            elif ticked:
                out[key] = ticked
        return out

    def report(self) -> Report:
        """The report as the form shows it now."""
        evidence = {k: a.value.strip() for k, a in self.evidence.items() if a.value.strip()}
        return Report(
            lang=self.lang,
            student=self.student.value.strip(),
            community=self.community.value.strip(),
            agency=self.agency.value.strip(),
            answers=self.answers(),
            evidence=evidence,
            phases=tuple(self._phases),
            reflection=self.reflection.value.strip(),
        )

    @property
    def assessment(self):
        return self.report().assess()

    # --- phases ---------------------------------------------------------------------------

    def _add_phase(self) -> None:
        answers = self.answers()
        if not answers:
            self.status.value = self._status_html("rw_phase_needs_answers", warn=True)
            return
        name = self.phase_name.value.strip() or text(
            "rw_phase_default", self.lang, number=len(self._phases) + 1
        )
        self._phases.append(Phase(name=name, answers=answers))
        self.phase_name.value = ""
        self._show_phases()
        self._changed(None)

    def _remove_phase(self, index: int) -> None:
        del self._phases[index]
        self._show_phases()
        self._changed(None)

    def _move_phase(self, index: int, step: int) -> None:
        other = index + step
        if 0 <= other < len(self._phases):
            self._phases[index], self._phases[other] = self._phases[other], self._phases[index]
            self._show_phases()
            self._changed(None)

    def _show_phases(self) -> None:
        from rothman.practicum.page import answer_text

        rows = []
        for i, phase in enumerate(self._phases):
            summary = "; ".join(answer_text(k, v, self.lang) for k, v in phase.answers.items())
            label = w.HTML(
                f"<strong>{i + 1}. {html.escape(phase.name)}</strong> "
                f"<span>{html.escape(summary)}</span>",
                layout=w.Layout(flex="1 1 20em"),
            )
            buttons = []
            for key, icon, action in (
                ("rw_phase_up", "arrow-up", lambda _, i=i: self._move_phase(i, -1)),
                ("rw_phase_down", "arrow-down", lambda _, i=i: self._move_phase(i, 1)),
                ("rw_phase_remove", "trash", lambda _, i=i: self._remove_phase(i)),
            ):
                button = w.Button(
                    icon=icon,
                    tooltip=text(key, self.lang, number=i + 1),
                    description=text(key, self.lang, number=i + 1),
                    layout=w.Layout(width="auto"),
                )
                button.on_click(action)
                buttons.append(button)
            rows.append(w.HBox([label, *buttons], layout=w.Layout(flex_flow="row wrap")))
        if not rows:
            rows = [w.HTML(f"<p>{html.escape(text('rw_no_phases', self.lang))}</p>")]
        self.phase_list.children = rows

    # --- saving ---------------------------------------------------------------------------

    def _changed(self, _change) -> None:
        if self._loading:
            return
        self._refresh()
        if self.problems:
            return  # the file has errors: keep it as it is
        self.status.value = self._status_html("rw_status_unsaved")
        self._autosave.poke()

    def save(self) -> None:
        """Write the report now (the form calls this by itself after each pause in typing)."""
        self._autosave.cancel()
        if self.problems:
            return
        try:
            save_report(self.report(), self.path)
        except Exception as exc:  # noqa: BLE001 - say it on screen, keep the form usable
            message = exc.message(self.lang) if hasattr(exc, "message") else str(exc)
            self.status.value = self._status_html("rw_status_failed", warn=True, problem=message)
            return
        self.saved_at = time.time()
        self.status.value = self._saved_html()

    def hand_in(self) -> None:
        """Save, then write the printable page beside the report file and link to it."""
        self.handing_in.hand_in()

    def flush(self) -> None:
        """Save at once if a change is waiting (tests, and before the notebook closes)."""
        self._autosave.flush()

    # --- showing --------------------------------------------------------------------------

    def _status_html(self, key: str, warn: bool = False, **params) -> str:
        mark = "⚠ " if warn else ""
        css = "rothman-warn" if warn else "rothman-ok"
        return f'<p class="{css}">{mark}{html.escape(text(key, self.lang, **params))}</p>'

    def _saved_html(self) -> str:
        """When the file was last saved: the time today, else the date and the time."""
        stamp = time.localtime(self.saved_at)
        today = stamp[:3] == time.localtime()[:3]
        when = time.strftime("%H:%M:%S" if today else "%Y-%m-%d %H:%M", stamp)
        return self._status_html("rw_status_saved", file=self.path.name, time=when)

    def _problems_html(self) -> str:
        if not self.problems:
            return ""
        items = "".join(f"<li>{html.escape(p.located(self.lang))}</li>" for p in self.problems)
        return (
            f'<div class="rothman-warn" role="alert"><p>⚠ '
            f"{html.escape(text('rw_file_has_errors', self.lang, file=self.path.name))}</p>"
            f"<ul>{items}</ul></div>"
        )

    def _refresh(self) -> None:
        from rothman.core.errors import RothmanError

        report = self.report()
        try:
            result = report.assess()
        except RothmanError as exc:  # the answers cannot be assessed: say why, keep typing
            self.assessment_view.value = (
                f'<p class="rothman-warn" role="alert">⚠ {html.escape(exc.message(self.lang))}</p>'
            )
            return
        self.assessment_view.value = self._assessment_html(report, result)
        prompts = reflection_prompts(result, self.lang)
        self.prompts.value = (
            f"<p>{html.escape(text('rw_prompts_intro', self.lang))}</p><ul>"
            + "".join(f"<li>{html.escape(p)}</li>" for p in prompts)
            + "</ul>"
        )
        if self.problems:
            self.status.value = ""
        elif self.saved_at is None and not self.path.exists():
            self.status.value = self._status_html("rw_status_new", file=self.path.name)

    def _assessment_html(self, report: Report, result) -> str:
        from rothman.core.variables import variable

        names = ", ".join(variable(k).label(self.lang) for k in report.without_evidence())
        return str(practicum_view_html(result, names))

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from rothman.render.styles import style_tag, widget_css

        display(HTML(style_tag(widget_css())))
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
