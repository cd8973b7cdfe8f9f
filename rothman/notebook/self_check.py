"""Self-checks in a notebook: a short situation, a question, options, and why, after an answer."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w

from rothman.core.i18n import check_lang, text
from rothman.core.self_check_items import SelfCheck
from rothman.core.self_checks import check_self_check, self_check, self_checks
from rothman.notebook.base import WidgetBase


class SelfCheckWidget(WidgetBase):
    """The self-checks of one kind (or the ones named), each with options and a Check button.

    Each item shows its situation (and, for a phase order, the phases as listed), its
    question and its options in the data's order; the explanation, and which option was
    right, show only after the student has checked an answer.

    Args:
        kind: ``model_role``, ``near_mix``, ``tension`` or ``phase_order``; None for all.
        ids: the items to show, by id, in this order (instead of ``kind``).
        lang: ``"en"`` or ``"id"``.

    Examples:
        >>> quiz = SelfCheckWidget("near_mix", lang="id")
        >>> quiz.feedback[0].value
        ''
        >>> item = quiz.items[0]
        >>> quiz.answer(0, item.right).correct, quiz.feedback[0].value != ""
        (True, True)
    """

    def __init__(
        self, kind: str | None = None, lang: str = "en", ids: Sequence[str] | None = None
    ) -> None:
        self.lang = check_lang(lang)
        self.items: tuple[SelfCheck, ...] = (
            tuple(self_check(i) for i in ids) if ids is not None else self_checks(kind)
        )
        self.choices: list[w.RadioButtons] = []
        self.buttons: list[w.Button] = []
        self.feedback: list[w.HTML] = []
        cards = []
        for number, item in enumerate(self.items):
            cards.append(self._card(number, item))
        self.widget = w.VBox(cards)
        self.widget.add_class("rothman-self-checks")

    def _card(self, number: int, item: SelfCheck) -> w.Box:
        lang, esc = self.lang, html.escape
        phases = ""
        if item.phases:  # the stages of a phase order, as listed (out of order)
            rows = "".join(
                f"<li><strong>{esc(p.label(lang))}</strong>: {esc(p.text(lang))}</li>"
                for p in item.phases
            )
            phases = f"<ul>{rows}</ul>"
        heading = text("self_check_heading", lang, number=number + 1, total=len(self.items))
        story = w.HTML(
            f"<h4>{esc(heading)}</h4><p>{esc(item.situation(lang))}</p>{phases}"
            f"<p><strong>{esc(item.prompt(lang))}</strong></p>"
        )
        story.add_class("rothman-self-check-story")
        choice = w.RadioButtons(
            options=[(label, key) for key, label in item.option_labels(lang)],
            value=None,
            description=text("self_check_answer", lang),
            layout={"width": "auto"},
            style={"description_width": "initial"},
        )
        choice.add_class("rothman-self-check-choice")
        button = w.Button(
            description=text("self_check_check", lang),
            button_style="primary",
            icon="check",
            layout={"width": "max-content"},
        )
        button.add_class("rothman-self-check-button")
        feedback = w.HTML()
        feedback.add_class("rothman-feedback")
        button.on_click(lambda _, n=number: self._check(n))
        self.choices.append(choice)
        self.buttons.append(button)
        self.feedback.append(feedback)
        card = w.VBox([story, choice, button, feedback])
        card.add_class("rothman-self-check")
        return card

    def answer(self, number: int, choice: str):
        """Choose ``choice`` (an option's key) for item ``number`` (from 0) and check it."""
        self.choices[number].value = choice
        return self._check(number)

    def _check(self, number: int):
        lang, esc = self.lang, html.escape
        choice = self.choices[number].value
        if choice is None:
            self.feedback[number].value = f"<p>{esc(text('self_check_choose_first', lang))}</p>"
            return None
        result = check_self_check(self.items[number].id, choice, lang)
        mark = "✔" if result.correct else "✘"
        self.feedback[number].value = (
            f'<div class="rothman-fb {"ok" if result.correct else "no"}">'
            f"<p>{mark} {esc(result.text)}</p></div>"
        )
        return result
