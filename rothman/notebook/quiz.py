"""The case quiz: read a case, choose a model and a power-structure role, get feedback."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from rothman.core.case_feedback import check_answer
from rothman.core.case_folders import OwnCases, course_cases, find_case, own_cases
from rothman.core.cases import Case
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.notebook.base import (
    CONTROL_LAYOUT,
    CONTROL_STYLE,
    WidgetBase,
    case_choices,
    language_toggle,
    skipped_html,
)
from rothman.notebook.explorer import Explorer


class CaseQuiz(WidgetBase):
    """Read a case, choose a model (or two, for a mix) and a power-structure role, get feedback.

    Before an answer only the case's title, setting, story and short source show: its note,
    which may name the model, comes with the feedback. The score counts each case's first
    answer; a later try is still checked, and the feedback says it does not count.

    Examples:
        >>> quiz = CaseQuiz(lang="id")
        >>> first = quiz.case
        >>> quiz.answer(first.expected_models[0], first.expected_role).correct
        True
        >>> quiz.answer("social_action", "target").correct, quiz.score
        (False, (1, 1))
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
        self.skipped = w.HTML(skipped_html(self.own_cases.problems, self.lang))
        self.skipped.add_class("rothman-skipped")
        self.results: dict[str, bool] = {}
        self.language = language_toggle(self.lang)
        self.picker = w.Dropdown(layout=CONTROL_LAYOUT, style=CONTROL_STYLE)
        self.picker.add_class("rothman-case-picker")
        self.story = w.HTML()
        self.story.add_class("rothman-story")
        self.model_choice = w.RadioButtons(
            value=None, layout={"width": "auto", "margin": "0 2em 0 0"}
        )
        self.model_choice.add_class("rothman-model-choice")
        self.mix_box = w.Checkbox(value=False, indent=False, layout={"width": "auto"})
        self.mix_box.add_class("rothman-mix-choice")
        self.second_choice = w.RadioButtons(
            value=None, layout={"width": "auto", "margin": "0 2em 0 0", "display": "none"}
        )
        self.second_choice.add_class("rothman-second-choice")
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
        self.mix_box.observe(self._on_mix, names="value")
        self.open_button.on_click(lambda _: self.open_in_explorer())
        choices = w.HBox([self.model_choice, self.second_choice, self.role_choice])
        choices.add_class("rothman-choices")
        actions = w.HBox([self.check_button, self.open_button])
        actions.add_class("rothman-actions")
        self.widget = w.VBox(
            [
                self.language,
                self.picker,
                self.story,
                self.mix_box,
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
        """(right, answered) over the cases answered in this session (first answer counts)."""
        return sum(self.results.values()), len(self.results)

    def answer(
        self,
        model: Model | str,
        role: PowerRole | str | None,
        second: Model | str | None = None,
    ):
        """Answer the current case as if the controls were used; returns the feedback.

        ``second``: a second model, naming the case a mix of two.
        """
        self.mix_box.value = second is not None
        self.second_choice.value = Model.parse(second).value if second is not None else None
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
        # it opens below the case, off the screen on a projector: its first control takes
        # the focus, which brings it into view and lets the keyboard go on from there
        explorer.preset.focus()
        return explorer

    def _check(self):
        lang = self.lang
        esc = html.escape
        if self.model_choice.value is None:
            self.feedback.value = f"<p>{esc(text('quiz_choose_first', lang))}</p>"
            return None
        second = self.second_choice.value if self.mix_box.value else None
        if self.mix_box.value and second is None:
            self.feedback.value = f"<p>{esc(text('quiz_second_first', lang))}</p>"
            return None
        item = self.case
        result = check_answer(item, self.model_choice.value, self.role_choice.value, lang, second)
        retry = item.id in self.results
        if not retry:
            self.results[item.id] = result.correct

        def part(name: str, ok: bool) -> str:
            verdict = text("quiz_part_right" if ok else "quiz_part_wrong", lang)
            return f"<li>{'✔' if ok else '✘'} {esc(text(name, lang))}: {esc(verdict)}</li>"

        parts = part("quiz_part_model", result.correct_model)
        if result.correct_role is not None:
            parts += part("quiz_part_role", result.correct_role)
        if result.correct:
            verdict = f"✔ {text('quiz_right', lang)}"
        elif result.correct_model or result.correct_role:
            # partly right: the lines below say which part; no overall ✘ to contradict them
            verdict = text("quiz_partly", lang)
        else:
            verdict = f"✘ {text('quiz_not_yet', lang)}"
        note = (
            f"<p><small>{esc(text('note', lang))}: {esc(item.note)}</small></p>"
            if item.note
            else ""
        )
        again = f"<p><em>{esc(text('quiz_retry', lang))}</em></p>" if retry else ""
        self.feedback.value = (
            f'<div class="rothman-fb {"ok" if result.correct else "no"}">'
            f"<p><strong>{esc(verdict)}</strong></p>{again}"
            f'<ul class="rothman-fb-parts">{parts}</ul>'
            f"<p>{esc(result.text)}</p>{note}</div>"
        )
        self._show_score()
        return result

    def _on_mix(self, change) -> None:
        self.second_choice.layout.display = None if change["new"] else "none"
        if not change["new"]:
            self.second_choice.value = None

    def _show_score(self) -> None:
        right, answered = self.score
        self.score_label.value = (
            f"<p>{html.escape(text('quiz_score', self.lang, right=right, answered=answered))}</p>"
        )

    def _show_case(self) -> None:
        item = self.case
        esc = html.escape
        setting = f"<p><em>{esc(item.setting)}</em></p>" if item.setting else ""
        # the note may name the case's model: it shows with the feedback, after an answer
        self.story.value = (
            f"<h3>{esc(item.title)}</h3>{setting}<p>{esc(item.story)}</p>"
            f"<p><small>{esc(text('source', self.lang))}: {esc(item.source_text)}</small></p>"
        )
        self.model_choice.value = None
        self.mix_box.value = False
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
            self.picker.options = case_choices(course_cases(lang, self.own_cases), lang)
            self.skipped.value = skipped_html(self.own_cases.problems, lang)
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
            second = self.second_choice.value
            self.second_choice.options = [(m.label(lang), m.value) for m in Model]
            self.second_choice.value = second
            self.second_choice.description = text("quiz_second_model", lang)
            self.mix_box.description = text("quiz_mix", lang)
            self.check_button.description = text("quiz_check", lang)
            self.open_button.description = text("quiz_open", lang)
        finally:
            self._busy = False
        self._show_score()
