"""``PracticumReport``: a student fills in their field-practicum report in a notebook.

Every change is saved to the report's YAML file shortly after the student stops typing
(a debounced save, written safely through a temporary file and a rename), and the file is
read back when the widget is made again. The kernel may restart, the page may be reloaded
or the tab closed: what was typed is in the file.
"""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path

import ipywidgets as w

from .i18n import check_lang, text
from .plots import FitPlot, fit_summary
from .report import Phase, Report, check_report, save_report
from .variables import UNSURE, community_variables
from .widgets import _Base

#: Seconds of quiet after the last change before the file is written.
SAVE_DELAY = 0.6
_FULL = {"width": "min(100%, 52em)"}


class PracticumReport(_Base):
    """The practicum report as a form, with the assessment live beside it, saved as it changes.

    Args:
        path: the report file; read if it exists, created on the first change otherwise.
        lang: the language of a new report (an existing file keeps its own).
        delay: seconds of quiet before saving (0 saves at once, on every change).

    Examples:
        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "report.yaml"
        >>> form = PracticumReport(f, lang="en", delay=0)
        >>> form.community.value = "RW 05"
        >>> form.levels["goal"]["capacity"].value = True
        >>> from rothman.report import read_report
        >>> read_report(f).answers
        {'goal': 'capacity'}
        >>> PracticumReport(f).community.value
        'RW 05'
    """

    def __init__(self, path: str | Path = "practicum_report.yaml", lang: str = "en",
                 delay: float = SAVE_DELAY) -> None:  # fmt: skip
        self.path = Path(path)
        self.delay = delay
        self.saves = 0
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._busy = False
        self.problems: list = []
        report = Report(lang=check_lang(lang))
        if self.path.exists():
            checked = check_report(self.path)
            if checked.report is None:
                # a hand-edited file with mistakes is never overwritten: say what is wrong
                self.problems = checked.errors
                report = Report(lang=checked.lang)
            else:
                report = checked.report
        self.lang = report.lang
        self._phases: list[Phase] = list(report.phases)
        self._build()
        self._load(report)
        self._plot: FitPlot | None = None
        self._show()
        for control in self._controls():
            control.observe(self._on_change, names="value")

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        lang = self.lang
        style = {"description_width": "9em"}

        def field(key: str) -> w.Text:
            box = w.Text(description=text(f"report_{key}", lang), layout=_FULL, style=style)
            box.add_class(f"rothman-report-{key}")
            return box

        self.student, self.community, self.agency = (
            field(k) for k in ("student", "community", "agency")
        )
        self.levels: dict[str, dict[str, w.Checkbox]] = {}
        self.evidence: dict[str, w.Textarea] = {}
        rows = []
        for var in community_variables():
            boxes = {}
            for level in var.levels:
                if level.key == UNSURE:
                    continue
                box = w.Checkbox(description=level.label(lang), indent=False,
                                 layout={"width": "auto"})  # fmt: skip
                box.add_class(f"rothman-level-{level.key}")
                boxes[level.key] = box
            self.levels[var.key] = boxes
            evidence = w.Textarea(
                placeholder=text("report_evidence_placeholder", lang),
                description=text("report_evidence", lang),
                layout={"flex": "1 1 18em", "height": "5.5em"},
                style={"description_width": "initial"},
            )
            evidence.add_class(f"rothman-evidence-{var.key}")
            self.evidence[var.key] = evidence
            question = w.HTML(f'<p class="rothman-q"><strong>{html.escape(var.question(lang))}'
                              f"</strong> <span>{html.escape(text('report_several', lang))}</span></p>")  # fmt: skip
            choices = w.VBox(list(boxes.values()), layout={"flex": "1 1 18em"})
            pair = w.HBox([choices, evidence], layout={"flex_flow": "row wrap"})
            row = w.VBox([question, pair])
            row.add_class(f"rothman-report-q-{var.key}")
            rows.append(row)
        self.phase_name = w.Text(description=text("report_phase_name", lang), style=style,
                                 layout=_FULL)  # fmt: skip
        self.phase_name.add_class("rothman-phase-name")
        self.add_phase_button = w.Button(description=text("report_add_phase", lang), icon="plus",
                                         layout={"width": "max-content"})  # fmt: skip
        self.add_phase_button.add_class("rothman-add-phase")
        self.add_phase_button.on_click(lambda _: self.add_phase(self.phase_name.value))
        self.phase_list = w.VBox()
        self.phase_list.add_class("rothman-phase-list")
        prompts = "".join(f"<li>{html.escape(p)}</li>" for p in reflection_prompts(lang))
        self.prompts = w.HTML(f"<p><strong>{html.escape(text('report_prompts', lang))}</strong>"
                              f"</p><ul>{prompts}</ul>")  # fmt: skip
        self.reflection = w.Textarea(description=text("report_reflection_heading", lang),
                                     layout={"width": "min(100%, 52em)", "height": "10em"},
                                     style={"description_width": "initial"})  # fmt: skip
        self.reflection.add_class("rothman-reflection")
        self.status = w.HTML()
        self.status.add_class("rothman-save-status")
        self.headline = w.HTML()
        self.headline.add_class("rothman-headline")
        self.plot_image = w.Image(format="png", layout={"width": "100%", "max_width": "640px"})
        self.plot_image.add_class("rothman-plot")
        self.details = w.HTML()
        self.details.add_class("rothman-report-assessment")
        self.errors = w.HTML()
        self.errors.add_class("rothman-report-errors")

        def heading(key: str) -> w.HTML:
            return w.HTML(f"<h3>{html.escape(text(key, lang))}</h3>")

        self.widget = w.VBox([
            self.errors, self.status, self.student, self.community, self.agency,
            heading("report_answers_heading"), *rows,
            heading("report_assessment_heading"), self.headline, self.plot_image, self.details,
            heading("report_phases_heading"), self.phase_name, self.add_phase_button,
            self.phase_list,
            heading("report_reflection_heading"), self.prompts, self.reflection,
        ])  # fmt: skip
        self.widget.add_class("rothman-report")

    def _controls(self):
        yield from (self.student, self.community, self.agency, self.reflection)
        for boxes in self.levels.values():
            yield from boxes.values()
        yield from self.evidence.values()

    def _load(self, report: Report) -> None:
        self._busy = True
        try:
            for key in ("student", "community", "agency", "reflection"):
                getattr(self, key).value = getattr(report, key)
            for key, boxes in self.levels.items():
                value = report.answers.get(key, UNSURE)
                chosen = (value,) if isinstance(value, str) else value
                for level, box in boxes.items():
                    box.value = level in chosen
                self.evidence[key].value = report.evidence.get(key, "")
        finally:
            self._busy = False
        self._show_phases()
        if self.problems:
            items = "".join(f"<li>{html.escape(p.located(self.lang))}</li>" for p in self.problems)
            self.errors.value = (
                f'<div class="rothman-warning" role="alert"><strong>⚠ '
                f"{html.escape(text('report_widget_not_saving', self.lang))}</strong>"
                f"<ul>{items}</ul></div>"
            )

    # --- state ----------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, object]:
        """The current answers: one level, or a tuple of the levels ticked together."""
        out = {}
        for key, boxes in self.levels.items():
            ticked = tuple(level for level, box in boxes.items() if box.value)
            if len(ticked) == 1:
                out[key] = ticked[0]
            elif ticked:
                out[key] = ticked
        return out

    @property
    def report(self) -> Report:
        """The report as the form shows it now."""
        evidence = {k: box.value for k, box in self.evidence.items() if box.value.strip()}
        return Report(
            lang=self.lang,
            student=self.student.value,
            community=self.community.value,
            agency=self.agency.value,
            answers=self.answers,
            evidence=evidence,
            phases=tuple(self._phases),
            reflection=self.reflection.value,
        )

    @property
    def assessment(self):
        return self.report.assess()

    def add_phase(self, name: str) -> None:
        """Add the current answers as a phase named ``name`` (the phase's number if blank)."""
        name = name.strip() or text("report_phase_default", self.lang, number=len(self._phases) + 1)
        self._phases.append(Phase(name=name, answers=self.answers))
        self.phase_name.value = ""
        self._show_phases()
        self._changed()

    def remove_phase(self, index: int) -> None:
        del self._phases[index]
        self._show_phases()
        self._changed()

    # --- saving ---------------------------------------------------------------------------
    def _on_change(self, change) -> None:
        if not self._busy:
            self._changed()

    def _changed(self) -> None:
        self._show()
        if self.problems:
            return
        if self.delay <= 0:
            self.save()
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.save)
            self._timer.daemon = True
            self._timer.start()

    def save(self) -> Path | None:
        """Write the report now (a pending debounced save is folded into this one)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self.problems:
                return None
            try:
                save_report(self.report, self.path)
            except Exception as exc:  # noqa: BLE001 - say it on screen, keep the form
                message = exc.message(self.lang) if hasattr(exc, "message") else str(exc)
                self.status.value = f'<p role="status">⚠ {html.escape(message)}</p>'
                return None
            self.saves += 1
        stamp = time.strftime("%H:%M:%S")
        self.status.value = (
            f'<p role="status" class="rothman-saved">✓ '
            f"{html.escape(text('report_saved', self.lang, path=self.path.name, time=stamp))}</p>"
        )
        return self.path

    # --- showing --------------------------------------------------------------------------
    def _show_phases(self) -> None:
        lang = self.lang
        rows = []
        results = self.report.phase_assessments() if self._phases else ()
        for i, (phase, result) in enumerate(zip(self._phases, results)):
            label = w.HTML(f"<p><strong>{i + 1}. {html.escape(phase.name)}</strong>: "
                           f"{html.escape(result.headline())}</p>", layout={"flex": "1 1 20em"})  # fmt: skip
            remove = w.Button(description=text("report_remove_phase", lang), icon="trash",
                              layout={"width": "max-content"})  # fmt: skip
            remove.add_class("rothman-remove-phase")
            remove.on_click(lambda _, i=i: self.remove_phase(i))
            rows.append(w.HBox([label, remove], layout={"flex_flow": "row wrap"}))
        self.phase_list.children = rows

    def _show(self) -> None:
        lang = self.lang
        esc = html.escape
        result = self.report.assess()
        if self._plot is None:
            self._plot = FitPlot(result)
        else:
            self._plot.update(result)
        self.plot_image.value = self._plot.png()
        self.headline.value = f'<h3 class="rothman-h">{esc(result.headline())}</h3>'
        parts = [f"<p>{esc(fit_summary(result))}</p>"]
        if result.model is not None:
            described = getattr(result, "described_role", None)
            parts.append(
                "<p>"
                + esc(text("report_model_role", lang, role=result.power_structure_role.label(lang)))
                + "<br>"
                + esc(
                    text(
                        "report_described_role",
                        lang,
                        role=described.label(lang)
                        if described
                        else text("report_role_unknown", lang),
                    )
                )  # fmt: skip
                + "</p>"
            )
        for tension in getattr(result, "tensions", ()):
            parts.append(
                f'<p class="rothman-warning rothman-tension" role="note"><strong>⚠ '
                f"{esc(text('report_tension_mark', lang))}:</strong> {esc(tension.text)}</p>"
            )
        reasons = "".join(f"<li>{esc(r.text)}</li>" for r in result.reasons if r.model)
        if reasons:
            parts.append(f"<p><strong>{esc(text('why', lang))}</strong></p><ul>{reasons}</ul>")
        ifs = "".join(f"<li>{esc(x.text)}</li>" for x in result.what_if)
        if ifs:
            parts.append(
                f"<p><strong>{esc(text('what_would_change', lang))}</strong></p><ul>{ifs}</ul>"
            )
        missing = self.report.without_evidence()
        if missing:
            from .variables import variable

            names = ", ".join(variable(k).label(lang) for k in missing)
            parts.append(
                f'<p class="rothman-warning" role="note">⚠ '
                f"{esc(text('report_widget_no_evidence', lang, names=names))}</p>"
            )
        self.details.value = "".join(parts)


def reflection_prompts(lang: str = "en") -> tuple[str, ...]:
    """Prompts for the reflection, from the course: its critiques and its ethical questions.

    Examples:
        >>> len(reflection_prompts("id")) >= 5
        True
    """
    from .course import critiques
    from .practice import guidance

    out = [text("report_prompt_tensions", lang)]
    out += [text("report_prompt_critique", lang, title=c.title) for c in critiques(lang)]
    out += [text("report_prompt_ethics", lang, question=g.names[lang]) for g in guidance("ethics")]
    return tuple(out)
