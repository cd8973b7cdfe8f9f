"""Interactive controls for notebooks: the model explorer, the case quiz, the table browser.

Each widget is an object with a ``.widget`` (an ipywidgets box) that displays itself in a
notebook. Every label comes from the data files, in the chosen language; changing the
language relabels the controls and keeps their values.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping

import ipywidgets as w

from rothman.core.assessment import Assessment, assess
from rothman.core.case_feedback import check_answer
from rothman.core.case_folders import OwnCases, course_cases, find_case, own_cases, own_mark
from rothman.core.case_study import Case
from rothman.core.i18n import LANGS, check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.core.practice import model_guidance_html
from rothman.core.practice_variables import PracticeVariable
from rothman.core.table import styled_comparison_table
from rothman.core.variables import UNSURE, community_variables
from rothman.render.plots import FitPlot, fit_summary

_WIDE = {"description_width": "16em"}
_LAYOUT = {"width": "min(100%, 46em)"}


def _language_toggle(lang: str) -> w.ToggleButtons:
    toggle = w.ToggleButtons(
        options=[(text("language_name", code), code) for code in LANGS],
        value=lang,
        description=text("language", lang),
        style={"button_width": "11em"},
    )
    toggle.add_class("rothman-lang")
    return toggle


def _skipped_html(problems, lang: str) -> str:
    """The case files skipped as bad, each with its problem (case text is escaped)."""
    if not problems:
        return ""
    items = "".join(f"<li>{html.escape(p.located(lang))}</li>" for p in problems)
    return f"<p><small>{html.escape(text('own_cases_skipped', lang))}</small></p><ul>{items}</ul>"


def _case_choices(items, lang: str) -> list[tuple[str, str]]:
    """Dropdown entries: each case's title, own cases marked as the lecturer's."""
    return [(f"{c.title}{own_mark(c, lang)}", c.id) for c in items]


class _Base:
    """Shared display and language plumbing."""

    widget: w.Box

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from rothman.render.styles import style_tag, widget_css

        # the widgets' own CSS (wrapping radio labels, one column when narrow) comes along
        display(HTML(style_tag(widget_css())))
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class Explorer(_Base):
    """Vary community conditions and see, live, which model fits and why.

    Args:
        lang: ``"en"`` or ``"id"``.
        answers: starting answers (variable -> level); the rest start as ``unsure``.
        case_id: start from a case study's answers instead.

    Examples:
        >>> ex = Explorer(lang="en")
        >>> ex.set(problem="injustice", goal="shift_power", power_holders="opponents")
        >>> ex.assessment.model.value
        'social_action'
        >>> "target of action" in ex.headline.value
        True
        >>> ex.controls["goal"].value
        'shift_power'
    """

    def __init__(
        self,
        lang: str = "en",
        answers: Mapping[str, str] | None = None,
        case_id: str | None = None,
        guidance: bool = True,
        cases: OwnCases = None,
    ) -> None:
        self.lang = check_lang(lang)
        self._busy = False
        #: the lecturer's own cases, offered beside the built-in ones
        self.own_cases = own_cases(cases, self.lang)
        #: Show the folded "... in practice" panel (presentation mode leaves it out).
        self.guidance = guidance
        self.language = _language_toggle(self.lang)
        self.preset = w.Dropdown(layout=_LAYOUT, style=_WIDE)
        self.preset.add_class("rothman-preset")
        self.controls: dict[str, w.Dropdown] = {}
        self.questions: dict[str, w.HTML] = {}
        #: per question, one checkbox per level: shown instead of the dropdown when
        #: ``several`` is on, so that 2-3 answers can apply at once
        self.checkboxes: dict[str, dict[str, w.Checkbox]] = {}
        self._several_boxes: dict[str, w.Box] = {}
        self.several = w.Checkbox(value=False, indent=False, layout={"width": "auto"})
        self.several.add_class("rothman-several")
        rows = []
        for var in community_variables():
            dropdown = w.Dropdown(value=None, layout=_LAYOUT, style=_WIDE)
            dropdown.add_class(f"rothman-var-{var.key}")
            question = w.HTML()
            question.add_class("rothman-question")
            boxes = {
                lv.key: w.Checkbox(value=False, indent=False, layout={"width": "auto"})
                for lv in var.levels
                if lv.key != UNSURE
            }
            group = w.HBox(
                list(boxes.values()), layout={"display": "none", "flex_flow": "row wrap"}
            )
            group.add_class(f"rothman-several-{var.key}")
            self.controls[var.key] = dropdown
            self.questions[var.key] = question
            self.checkboxes[var.key] = boxes
            self._several_boxes[var.key] = group
            rows.append(w.VBox([question, dropdown, group]))
        self.reset_button = w.Button(icon="undo", layout={"width": "max-content"})
        self.reset_button.add_class("rothman-reset")
        self.headline = w.HTML()
        self.headline.add_class("rothman-headline")
        self.tensions = w.HTML()
        self.tensions.add_class("rothman-tensions-box")
        self.role = w.HTML()
        self.role.add_class("rothman-role")
        # an <img> in an HTML widget, not an Image widget: only this way it has an alt text
        self.plot_image = w.HTML(layout={"width": "100%", "max_width": "640px"})
        self.plot_image.add_class("rothman-plot")
        self.plot_png = b""
        self.summary = w.HTML()
        self.summary.add_class("rothman-summary")
        self.reasons = w.HTML()
        self.reasons.add_class("rothman-reasons")
        self.what_if = w.HTML()
        self.what_if.add_class("rothman-whatif")
        # Adi's stages and the techniques for the leading model, folded away until opened
        self.practice = w.HTML()
        self.practice_box = w.Accordion(children=[self.practice], selected_index=None)
        self.practice_box.add_class("rothman-practice")
        self._relabel()
        start = dict(self._find(case_id).answers) if case_id else dict(answers or {})
        self._plot: FitPlot | None = None
        self._preset_answers: dict | None = None
        self._apply(start, preset=case_id or "")
        for dropdown in self.controls.values():
            dropdown.observe(self._on_control, names="value")
        for boxes in self.checkboxes.values():
            for box in boxes.values():
                box.observe(self._on_control, names="value")
        self.several.observe(self._on_several, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.language.observe(self._on_language, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        inputs = w.VBox([self.language, self.preset, self.several, *rows, self.reset_button])
        inputs.add_class("rothman-inputs")
        results = w.VBox(
            [
                self.headline,
                self.tensions,
                self.role,
                self.plot_image,
                self.summary,
                self.reasons,
                self.what_if,
                self.practice_box,
            ]
        )
        results.add_class("rothman-results")
        self.widget = w.VBox([inputs, results])
        self.widget.add_class("rothman-explorer")

    def _find(self, case_id: str) -> Case:
        return find_case(case_id, self.lang, self.own_cases)

    # --- state --------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, str | tuple[str, ...]]:
        """The current answers, ``unsure`` included; a tuple where several levels apply."""
        if not self.several.value:
            return {key: dropdown.value for key, dropdown in self.controls.items()}
        out: dict[str, str | tuple[str, ...]] = {}
        for key, boxes in self.checkboxes.items():
            ticked = tuple(level for level, box in boxes.items() if box.value)
            out[key] = ticked[0] if len(ticked) == 1 else (ticked or UNSURE)
        return out

    def reset(self) -> None:
        """Every answer back to ``unsure``, one answer per question, no case chosen."""
        self._busy = True
        try:
            self.several.value = False
            self._show_several(False)
        finally:
            self._busy = False
        self._apply({})

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    def set(self, **answers: str | list[str] | tuple[str, ...]) -> None:
        """Set answers at once (one update), e.g. ``set(goal="capacity")``; a list of 2-3
        levels, e.g. ``set(goal=["capacity", "solve_task"])``, turns on several answers."""
        merged = self.answers
        merged.update(answers)
        self._apply(merged)

    def set_language(self, lang: str) -> None:
        self.language.value = check_lang(lang)

    # --- updates ------------------------------------------------------------------------
    def _apply(self, answers: Mapping[str, object], preset: str = "") -> None:
        result = assess(answers, lang=self.lang)  # validates before anything changes
        values = dict(result.answers)
        several = any(not isinstance(v, str) for v in values.values())
        self._busy = True
        try:
            if several and not self.several.value:
                self.several.value = True
                self._show_several(True)
            for key, dropdown in self.controls.items():
                value = values.get(key, UNSURE)
                levels = (value,) if isinstance(value, str) else value
                dropdown.value = levels[0]
                for level, box in self.checkboxes[key].items():
                    box.value = level in levels
            self.preset.value = preset
        finally:
            self._busy = False
        self._preset_answers = dict(self.answers) if preset else None
        self._show(result)

    def _on_control(self, change) -> None:
        if self._busy:
            return
        answers = self.answers
        if self.preset.value and answers != self._preset_answers:
            # the answers are no longer the case's: say so, and let picking it again reload it
            self._busy = True
            try:
                self.preset.value = ""
            finally:
                self._busy = False
        self._show(assess(answers, lang=self.lang))

    def _on_preset(self, change) -> None:
        if self._busy:
            return
        if change["new"]:
            self._apply(self._find(change["new"]).answers, preset=change["new"])
        else:
            self.reset()

    def _show_several(self, on: bool) -> None:
        for key, dropdown in self.controls.items():
            dropdown.layout.display = "none" if on else None
            self._several_boxes[key].layout.display = "flex" if on else "none"

    def _on_several(self, change) -> None:
        if self._busy:
            return
        on = change["new"]
        self._busy = True
        try:
            for key, dropdown in self.controls.items():
                boxes = self.checkboxes[key]
                if on:  # the dropdown's answer becomes the one ticked box
                    for level, box in boxes.items():
                        box.value = level == dropdown.value
                else:  # back to one answer: the first ticked level
                    ticked = [level for level, box in boxes.items() if box.value]
                    dropdown.value = ticked[0] if ticked else UNSURE
            self._show_several(on)
        finally:
            self._busy = False
        self._show(assess(self.answers, lang=self.lang))

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._show(assess(self.answers, lang=self.lang))

    def _relabel(self) -> None:
        lang = self.lang
        self._busy = True
        try:
            self.language.description = text("language", lang)
            self.preset.description = text("explorer_preset", lang)
            current = self.preset.value or ""
            self.preset.options = [
                (text("explorer_preset_none", lang), ""),
                *_case_choices(course_cases(lang, self.own_cases), lang),
            ]
            self.preset.value = current
            self.several.description = text("explorer_several", lang)
            self.several.tooltip = text("explorer_several_help", lang)
            for var in community_variables():
                dropdown = self.controls[var.key]
                current = dropdown.value
                dropdown.options = [(lv.label(lang), lv.key) for lv in var.levels]
                dropdown.value = current if current is not None else UNSURE
                dropdown.description = var.label(lang)
                dropdown.tooltip = var.question(lang)
                for level, box in self.checkboxes[var.key].items():
                    box.description = var.level(level).label(lang)
                self.questions[
                    var.key
                ].value = f'<span class="rothman-q">{html.escape(var.question(lang))}</span>'
            self.reset_button.description = text("explorer_reset", lang)
            self.reset_button.tooltip = text("explorer_reset", lang)
        finally:
            self._busy = False

    def _show(self, result: Assessment) -> None:
        self._assessment = result
        lang = result.lang
        if self._plot is None:
            self._plot = FitPlot(result)
        else:
            self._plot.update(result)
        esc = html.escape
        self.headline.value = f'<h3 class="rothman-h">{esc(result.headline())}</h3>'
        self.tensions.value = result.tensions_html()
        if result.power_structure_role is None:
            self.role.value = ""
        else:
            role = result.power_structure_role
            self.role.value = (
                f"<p><strong>{esc(text('explorer_role', lang))}:</strong> "
                f"{esc(role.label(lang))}. {esc(role.explanation(lang))}</p>"
            )
        self.plot_png = self._plot.png()
        self.plot_image.value = (
            f'<img src="data:image/png;base64,{base64.b64encode(self.plot_png).decode("ascii")}"'
            f' alt="{esc(fit_summary(result))}">'
        )
        self.summary.value = f"<p>{esc(fit_summary(result))}</p>"
        items = "".join(f"<li>{esc(r.text)}</li>" for r in result.reasons if r.level != UNSURE)
        self.reasons.value = (
            f"<p><strong>{esc(text('why', lang))}</strong></p><ul>{items}</ul>" if items else ""
        )
        ifs = "".join(f"<li>{esc(x.text)}</li>" for x in result.what_if)
        self.what_if.value = (
            f"<p><strong>{esc(text('what_would_change', lang))}</strong></p><ul>{ifs}</ul>"
            if ifs
            else ""
        )
        if result.model is None or not self.guidance:
            self.practice.value = ""
            self.practice_box.layout.display = "none"
        else:
            self.practice.value = model_guidance_html(result.model, lang)
            self.practice_box.set_title(
                0, text("practice_in_practice", lang, model=result.model.label(lang))
            )
            self.practice_box.layout.display = None


class CaseQuiz(_Base):
    """Read a case, choose a model and a power-structure role, and get feedback.

    Keeps a running score for the session.

    Examples:
        >>> quiz = CaseQuiz(lang="id")
        >>> first = quiz.case
        >>> quiz.answer(first.expected_models[0], first.expected_role).correct
        True
        >>> quiz.score
        (1, 1)
    """

    def __init__(
        self,
        lang: str = "en",
        on_open: Callable[[Case], None] | None = None,
        cases: OwnCases = None,
    ) -> None:
        self.lang = check_lang(lang)
        self._busy = False
        #: the lecturer's own cases, offered after the built-in ones and marked as such
        self.own_cases = own_cases(cases, self.lang)
        #: the case files skipped as bad, each with its problem
        self.skipped = w.HTML(_skipped_html(self.own_cases.problems, self.lang))
        self.skipped.add_class("rothman-skipped")
        self.results: dict[str, bool] = {}
        self.language = _language_toggle(self.lang)
        self.picker = w.Dropdown(layout=_LAYOUT, style=_WIDE)
        self.picker.add_class("rothman-case-picker")
        self.story = w.HTML()
        self.story.add_class("rothman-story")
        self.model_choice = w.RadioButtons(
            value=None, layout={"width": "auto", "margin": "0 2em 0 0"}
        )
        self.model_choice.add_class("rothman-model-choice")
        self.role_choice = w.RadioButtons(value=None, layout={"width": "auto"})
        self.role_choice.add_class("rothman-role-choice")
        self.check_button = w.Button(
            button_style="primary", icon="check", layout={"width": "max-content"}
        )
        self.check_button.add_class("rothman-check")
        self.feedback = w.HTML()
        self.feedback.add_class("rothman-feedback")
        self.score_label = w.HTML()
        self.score_label.add_class("rothman-score")
        self.explorer_area = w.Output()
        self._explorer_shown = False
        self.open_button = w.Button(icon="search", layout={"width": "max-content"})
        self.open_button.add_class("rothman-open")
        self._on_open = on_open
        self._relabel()
        self.picker.value = course_cases(self.lang, self.own_cases)[0].id
        self._show_case()
        self.picker.observe(lambda _: None if self._busy else self._show_case(), names="value")
        self.language.observe(self._on_language, names="value")
        self.check_button.on_click(lambda _: self._check())
        self.open_button.on_click(lambda _: self.open_in_explorer())
        choices = w.HBox([self.model_choice, self.role_choice])
        choices.add_class("rothman-choices")
        actions = w.HBox([self.check_button, self.open_button])
        actions.add_class("rothman-actions")
        self.widget = w.VBox(
            [
                self.language,
                self.picker,
                self.story,
                choices,
                actions,
                self.feedback,
                self.score_label,
                self.explorer_area,
                self.skipped,
            ]
        )
        self.widget.add_class("rothman-quiz")

    @property
    def case(self) -> Case:
        return find_case(self.picker.value, self.lang, self.own_cases)

    @property
    def score(self) -> tuple[int, int]:
        """(right, answered) over the cases answered in this session (last answer counts)."""
        return sum(self.results.values()), len(self.results)

    def answer(self, model: Model | str, role: PowerRole | str | None):
        """Answer the current case as if the controls were used; returns the feedback."""
        self.model_choice.value = Model.parse(model).value
        self.role_choice.value = PowerRole.parse(role).value if role is not None else None
        return self._check()

    def open_in_explorer(self):
        """Show the current case's answers in an explorer below the quiz."""
        if self._on_open is not None:
            self._on_open(self.case)
            return None
        explorer = Explorer(lang=self.lang, case_id=self.case.id, cases=self.own_cases)
        self.explorer_area.clear_output()
        self._explorer_shown = True
        with self.explorer_area:
            from IPython.display import display

            display(explorer.widget)
        return explorer

    def _check(self):
        lang = self.lang
        if self.model_choice.value is None:
            self.feedback.value = f"<p>{html.escape(text('quiz_choose_first', lang))}</p>"
            return None
        result = check_answer(self.case, self.model_choice.value, self.role_choice.value, lang)
        self.results[self.case.id] = result.correct
        esc = html.escape

        def part(name: str, ok: bool) -> str:
            verdict = text("quiz_part_right" if ok else "quiz_part_wrong", lang)
            return f"<li>{'✔' if ok else '✘'} {esc(text(name, lang))}: {esc(verdict)}</li>"

        parts = part("quiz_part_model", result.correct_model)
        if result.correct_role is not None:
            parts += part("quiz_part_role", result.correct_role)
        verdict = text("quiz_right" if result.correct else "quiz_not_yet", lang)
        self.feedback.value = (
            f'<div class="rothman-fb {"ok" if result.correct else "no"}">'
            f"<p><strong>{'✔' if result.correct else '✘'} {esc(verdict)}</strong></p>"
            f'<ul class="rothman-fb-parts">{parts}</ul>'
            f"<p>{esc(result.text)}</p></div>"
        )
        self._show_score()
        return result

    def _show_score(self) -> None:
        right, answered = self.score
        self.score_label.value = (
            f"<p>{html.escape(text('quiz_score', self.lang, right=right, answered=answered))}</p>"
        )

    def _show_case(self) -> None:
        item = self.case
        esc = html.escape
        setting = f"<p><em>{esc(item.setting)}</em></p>" if item.setting else ""
        note = f"<p><small>{esc(item.note)}</small></p>" if item.note else ""
        self.story.value = (
            f"<h3>{esc(item.title)}</h3>{setting}<p>{esc(item.story)}</p>"
            f"<p><small>{esc(text('source', self.lang))}: {esc(item.source_text)}</small></p>{note}"
        )
        self.model_choice.value = None
        self.role_choice.value = None
        self.feedback.value = ""
        if self._explorer_shown:  # outside a kernel clear_output prints escape codes
            self.explorer_area.clear_output()
            self._explorer_shown = False

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._show_case()
        self._show_score()

    def _relabel(self) -> None:
        lang = self.lang
        self._busy = True
        try:
            self.language.description = text("language", lang)
            current = self.picker.value
            self.picker.options = _case_choices(course_cases(lang, self.own_cases), lang)
            self.skipped.value = _skipped_html(self.own_cases.problems, lang)
            self.picker.description = text("quiz_case", lang)
            if current is not None:
                self.picker.value = current
            model = self.model_choice.value
            self.model_choice.options = [(m.label(lang), m.value) for m in Model]
            self.model_choice.value = model
            self.model_choice.description = text("quiz_model", lang)
            role = self.role_choice.value
            self.role_choice.options = [(r.label(lang), r.value) for r in PowerRole]
            self.role_choice.value = role
            self.role_choice.description = text("quiz_role", lang)
            self.check_button.description = text("quiz_check", lang)
            self.open_button.description = text("quiz_open", lang)
        finally:
            self._busy = False
        self._show_score()


class TableBrowser(_Base):
    """Pick practice variables and models and see those rows and columns of the table.

    Examples:
        >>> tb = TableBrowser(lang="id")
        >>> tb.variables.value = ("power_structure",)
        >>> "Aksi Sosial" in tb.table.value and "kekuasaan" in tb.table.value
        True
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = check_lang(lang)
        self.language = _language_toggle(self.lang)
        self.variables = w.SelectMultiple(rows=12, layout={"width": "min(100%, 34em)"})
        self.variables.add_class("rothman-table-variables")
        self.models = w.SelectMultiple(rows=3, layout={"width": "min(100%, 34em)"})
        self.models.add_class("rothman-table-models")
        self.table = w.HTML()
        self.table.add_class("rothman-table-view")
        self._relabel(keep=False)
        self._show()
        self.variables.observe(lambda _: self._show(), names="value")
        self.models.observe(lambda _: self._show(), names="value")
        self.language.observe(self._on_language, names="value")
        self.widget = w.VBox([self.language, w.HBox([self.variables, self.models]), self.table])
        self.widget.add_class("rothman-table-browser")

    def _relabel(self, keep: bool = True) -> None:
        lang = self.lang
        chosen_v = self.variables.value if keep else tuple(v.value for v in PracticeVariable)
        chosen_m = self.models.value if keep else tuple(m.value for m in Model)
        self.language.description = text("language", lang)
        self.variables.options = [
            (f"{i}. {v.label(lang)}", v.value) for i, v in enumerate(PracticeVariable, start=1)
        ]
        self.variables.value = chosen_v
        self.variables.description = text("table_pick_variables", lang)
        self.models.options = [(m.label(lang), m.value) for m in Model]
        self.models.value = chosen_m
        self.models.description = text("table_pick_models", lang)

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._show()

    def _show(self) -> None:
        if not self.variables.value or not self.models.value:
            self.table.value = f"<p>{html.escape(text('table_pick_something', self.lang))}</p>"
            return
        self.table.value = styled_comparison_table(
            self.lang, self.variables.value, self.models.value
        ).to_html()
