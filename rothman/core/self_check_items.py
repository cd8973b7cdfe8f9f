"""The self-checks as objects: a situation, its options, the right one, and the feedback.

Read and checked from ``data/self_checks.yaml`` by :mod:`rothman.core.self_checks`, which
also holds the functions a course calls; this module only holds what they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rothman.core.answers import Answer
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, pick, text
from rothman.core.models import Model, PowerRole
from rothman.core.variables import variable

FILE = "self_checks.yaml"
#: The kinds of self-check, in the order a course presents them.
KINDS = ("model_role", "near_mix", "tension", "phase_order")
#: How an item relates to its sources (as for the case studies).
BASES = ("retold", "adapted", "illustrative")
#: Where an item is set.
SETTINGS = ("indonesia", "international")
_ARROW = " → "


class UnknownSelfCheckError(RothmanError):
    """A self-check id that the data does not hold."""

    key = "error_unknown_self_check"


class UnknownChoiceError(RothmanError):
    """A choice that is not among a self-check's options."""

    key = "error_unknown_self_check_choice"


@dataclass(frozen=True)
class Option:
    """One choice of a self-check: its key and what it stands for.

    ``value`` is ``(Model, PowerRole)`` for a model and role, a frozenset of two models for a
    near-mix, ``(variable, level)`` for a tension, and a tuple of phase keys for an order.
    ``labels`` ({en, id}) is the option's own wording where the data gives one (a tension
    option may say the situation's fact instead of the level's label).
    """

    key: str
    value: object
    labels: Mapping[str, str] | None = None


@dataclass(frozen=True)
class SelfCheckPhase:
    """One phase of a ``phase_order`` self-check, with the model that leads in it."""

    key: str
    labels: Mapping[str, str]
    texts: Mapping[str, str]
    answers: Mapping[str, Answer]
    model: Model

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang, where=f"{FILE}: phase {self.key}")

    def text(self, lang: str = "en") -> str:
        return pick(self.texts, lang, where=f"{FILE}: phase {self.key}")


@dataclass(frozen=True)
class SelfCheck:
    """One self-check: a situation, a prompt, options, the right one, and why.

    ``expected_models`` holds the model that leads (two for a near-mix or a mixed situation,
    leader first); ``tensions`` the ``(variable, level)`` answers that work against it;
    ``phases`` and ``order`` the phases as shown (shuffled) and in their right order.
    """

    id: str
    kind: str
    basis: str
    setting: str
    texts: Mapping[str, Mapping[str, str]]
    options: tuple[Option, ...]
    right: str
    answers: Mapping[str, Answer]
    expected_models: tuple[Model, ...] = ()
    expected_role: PowerRole | None = None
    tensions: tuple[tuple[str, str], ...] = ()
    phases: tuple[SelfCheckPhase, ...] = ()
    order: tuple[str, ...] = ()
    #: the reference keys or the note a retold or adapted item is based on (may be empty)
    source: str = ""

    def situation(self, lang: str = "en") -> str:
        return pick(self.texts["situation"], lang, where=f"{FILE}: {self.id}.situation")

    def prompt(self, lang: str = "en") -> str:
        return pick(self.texts["prompt"], lang, where=f"{FILE}: {self.id}.prompt")

    def explanation(self, lang: str = "en") -> str:
        return pick(self.texts["explanation"], lang, where=f"{FILE}: {self.id}.explanation")

    @property
    def choices(self) -> tuple[str, ...]:
        """The keys of the options, in the data's order."""
        return tuple(o.key for o in self.options)

    def option_label(self, key: str, lang: str = "en") -> str:
        """The label of the option ``key`` in ``lang``, built from the data.

        Examples:
            >>> from rothman.core.self_checks import self_check
            >>> self_check("tenants_dinners").option_label("b", "id")
            'Makan malam bersama dan dana perbaikan → Bersama-sama menolak kenaikan sewa'
        """
        lang = check_lang(lang)
        option = self._option(key)
        if option.labels:
            return pick(option.labels, lang, where=f"{FILE}: {self.id}.options.{key}")
        value = option.value
        if self.kind == "model_role":
            model, role = value
            return text(
                "self_check_option_model_role", lang, model=model.label(lang), role=role.label(lang)
            )
        if self.kind == "near_mix":
            first, second = sorted(value, key=list(Model).index)
            return text(
                "self_check_option_pair", lang, first=first.label(lang), second=second.label(lang)
            )
        if self.kind == "tension":
            var = variable(value[0])
            return text(
                "self_check_option_answer",
                lang,
                variable=var.label(lang),
                level=var.level(value[1]).label(lang),
            )
        phases = {p.key: p for p in self.phases}
        return _ARROW.join(phases[k].label(lang) for k in value)

    def option_labels(self, lang: str = "en") -> tuple[tuple[str, str], ...]:
        """Every option as ``(key, label)``, in the data's order."""
        return tuple((o.key, self.option_label(o.key, lang)) for o in self.options)

    def is_right(self, key: str) -> bool:
        """True when the option ``key`` gives the expected answer."""
        value = self._option(key).value
        if self.kind == "model_role":
            model, role = value
            if len(self.expected_models) == 1:
                return model is self.expected_models[0] and role is self.expected_role
            return model in self.expected_models and role is model.power_structure_role
        if self.kind == "near_mix":
            return value == frozenset(self.expected_models)
        if self.kind == "tension":
            return value in self.tensions
        return value == self.order

    def _option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise UnknownChoiceError(value=str(key), item=self.id, choices=self.choices)


@dataclass(frozen=True)
class SelfCheckFeedback:
    """Feedback on a student's answer to a self-check, in one language."""

    item: str
    choice: str
    correct: bool
    #: the key and the label of the right option
    right: str
    right_label: str
    explanation: str
    lang: str

    @property
    def text(self) -> str:
        """Right or not (naming the right option), then the explanation."""
        if self.correct:
            verdict = text("self_check_right", self.lang)
        else:
            verdict = text("self_check_wrong", self.lang, right=self.right_label)
        return f"{verdict} {self.explanation}"
