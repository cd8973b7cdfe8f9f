"""The model explorer: vary community conditions and see, live, which model fits and why.

Like every widget of :mod:`rothman.notebook`, the :class:`Explorer` holds a ``.widget`` (an
ipywidgets box) and displays itself in a notebook. Every label comes from the data files, in
the chosen language; changing the language relabels the controls and keeps their values.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w

from rothman.core.assessment import Assessment, assess
from rothman.core.case_folders import OwnCases, course_cases, find_case, own_cases
from rothman.core.case_study import Case
from rothman.core.i18n import check_lang, text
from rothman.core.practice import model_guidance_html
from rothman.core.variables import UNSURE, community_variables
from rothman.notebook.base import (
    CONTROL_LAYOUT,
    CONTROL_STYLE,
    WidgetBase,
    case_choices,
    language_toggle,
)
from rothman.render.assessment_html import (
    headline_html,
    reasons_html,
    role_html,
    tensions_html,
    what_if_html,
)
from rothman.render.plots import fit_summary, fit_svg, new_chart_id


class Explorer(WidgetBase):
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
        self.language = language_toggle(self.lang)
        self.preset = w.Dropdown(layout=CONTROL_LAYOUT, style=CONTROL_STYLE)
        self.preset.add_class("rothman-preset")
        self.controls: dict[str, w.Dropdown] = {}
        self.questions: dict[str, w.HTML] = {}
        self._checkboxes: dict[str, dict[str, w.Checkbox]] | None = None  # see checkboxes
        self._several_boxes: dict[str, w.Box] = {}
        self.several = w.Checkbox(value=False, indent=False, layout={"width": "auto"})
        self.several.add_class("rothman-several")
        rows = []
        for var in community_variables():
            dropdown = w.Dropdown(value=None, layout=CONTROL_LAYOUT, style=CONTROL_STYLE)
            dropdown.add_class(f"rothman-var-{var.key}")
            question = w.HTML()
            question.add_class("rothman-question")
            group = w.HBox([], layout={"display": "none", "flex_flow": "row wrap"})
            group.add_class(f"rothman-several-{var.key}")
            self.controls[var.key] = dropdown
            self.questions[var.key] = question
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
        # an SVG in an HTML widget: its labels are text that grows with the type, and it is
        # named and described for screen readers (an Image widget has no alt text)
        self.plot_image = w.HTML(layout={"width": "100%", "max_width": "640px"})
        self.plot_image.add_class("rothman-plot")
        self.plot_svg = ""
        self._chart_id = new_chart_id()
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
        self._preset_answers: dict | None = None
        self._apply(start, preset=case_id or "")
        for dropdown in self.controls.values():
            dropdown.observe(self._on_control, names="value")
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
    def checkboxes(self) -> dict[str, dict[str, w.Checkbox]]:
        """Per question, one checkbox per level but ``unsure``: shown instead of the dropdown
        when ``several`` is on, so that 2-3 answers can apply at once.

        Built when first needed: most pages never show them, and a class page without them
        has a fifth fewer widgets (238, not 295) to send to the server and to its browser.
        """
        if self._checkboxes is None:
            self._checkboxes = {}
            for var in community_variables():
                chosen = self.controls[var.key].value
                boxes = {
                    lv.key: w.Checkbox(
                        value=lv.key == chosen,
                        description=lv.label(self.lang),
                        indent=False,
                        layout={"width": "auto"},
                    )
                    for lv in var.levels
                    if lv.key != UNSURE
                }
                for box in boxes.values():
                    box.observe(self._on_control, names="value")
                self._checkboxes[var.key] = boxes
                self._several_boxes[var.key].children = tuple(boxes.values())
        return self._checkboxes

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
        """Every answer back to ``unsure``, no case chosen; "several answers" stays as it was
        (a student who chose that way of answering keeps it)."""
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
                if self._checkboxes is not None:
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
        if on:
            self.checkboxes  # noqa: B018 - built on first use
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
                *case_choices(course_cases(lang, self.own_cases), lang),
            ]
            self.preset.value = current
            self.several.description = text("explorer_several", lang)
            self.several.tooltip = text("explorer_several_help", lang)
            for var in community_variables():
                dropdown = self.controls[var.key]
                current = dropdown.value
                # unsure first, where every answer starts: ↓ reaches the answers
                dropdown.options = [(lv.label(lang), lv.key) for lv in var.choices]
                dropdown.value = current if current is not None else UNSURE
                dropdown.description = var.label(lang)
                dropdown.tooltip = var.question(lang)
                for level, box in (self._checkboxes or {}).get(var.key, {}).items():
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
        esc = html.escape
        self.headline.value = headline_html(result, "h3", "rothman-h")
        self.tensions.value = tensions_html(result)
        self.role.value = role_html(result)
        self.plot_svg = fit_svg(result, self._chart_id)
        self.plot_image.value = self.plot_svg
        self.summary.value = f"<p>{esc(fit_summary(result))}</p>"
        self.reasons.value = reasons_html(result, "strong")
        self.what_if.value = what_if_html(result, "strong")
        if result.model is None or not self.guidance:
            self.practice.value = ""
            self.practice_box.layout.display = "none"
        else:
            self.practice.value = model_guidance_html(result.model, lang)
            self.practice_box.set_title(
                0, text("practice_in_practice", lang, model=result.model.label(lang))
            )
            self.practice_box.layout.display = None
