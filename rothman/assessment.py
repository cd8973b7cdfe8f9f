"""Which model fits a community, and why: :func:`assess` and its :class:`Assessment`."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations

from .errors import RothmanError, UnknownLevelError, UnknownVariableError
from .i18n import check_lang, text
from .models import Model, PowerRole
from .variables import UNSURE, community_variables, settings, variable

_MODELS = tuple(Model)
_EPS = 1e-9


@dataclass(frozen=True)
class Reason:
    """Why one answer points where it does."""

    variable: str
    level: str
    model: Model | None
    text: str


@dataclass(frozen=True)
class Change:
    """One answer changed: ``variable`` from ``old`` to ``new``."""

    variable: str
    old: str
    new: str


@dataclass(frozen=True)
class WhatIf:
    """A smallest set of changed answers after which ``model`` would lead."""

    changes: tuple[Change, ...]
    model: Model
    text: str


@lru_cache(maxsize=1)
def _weights() -> dict[str, dict[str, tuple[float, float, float]]]:
    """variable -> level -> weights already multiplied by the variable's weight."""
    return {
        var.key: {lv.key: tuple(w * var.weight for w in lv.weights) for lv in var.levels}
        for var in community_variables()
    }


@lru_cache(maxsize=1)
def _order() -> dict[str, int]:
    """variable -> its place in the data, so answers are reported in that order."""
    return {var.key: i for i, var in enumerate(community_variables())}


def _totals(answers: Mapping[str, str]) -> tuple[float, float, float]:
    table = _weights()
    a = b = c = 0.0
    for key, level in answers.items():
        levels = table.get(key)
        if levels is None:
            raise UnknownVariableError(value=str(key), choices=list(table))
        w = levels.get(level) if isinstance(level, str) else None
        if w is None:
            raise UnknownLevelError(variable=key, value=str(level), choices=list(levels))
        a += w[0]
        b += w[1]
        c += w[2]
    return a, b, c


def _preferred(answers: Mapping[str, str]) -> Model | None:
    key = settings().tie_break
    if key is None or key not in answers:
        return None
    return variable(key).level(answers[key]).model


def _rank(scores: tuple[float, float, float], answers: Mapping[str, str]) -> list[Model]:
    """Models from best to worst fit; ties go to the tie-break variable, then Rothman's order."""
    preferred = _preferred(answers)
    order = sorted(
        range(3),
        key=lambda i: (-round(scores[i], 9), _MODELS[i] is not preferred, i),
    )
    return [_MODELS[i] for i in order]


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess`: the fit of each model, and why.

    Attributes:
        answers: the answers assessed, as ``(variable, level)`` pairs in the data's order.
        lang: the language of the texts (``reasons``, ``what_if``, ``str()``).
        scores: each model's share of the points, summing to 1 (all 0 when nothing is known).
        model: the leading model, or None when every answer is ``unsure``.
        mix: the two leading models, leader first, when they are close; else None.
        power_structure_role: the role the leading model gives the power structure.
        tie_broken: True when the leader tied with another model and the tie-break decided.
    """

    answers: tuple[tuple[str, str], ...]
    lang: str
    scores: Mapping[Model, float]
    model: Model | None
    mix: tuple[Model, Model] | None
    power_structure_role: PowerRole | None
    tie_broken: bool = False

    def __hash__(self) -> int:
        return hash((self.answers, self.lang))

    @property
    def known(self) -> int:
        """How many answers are not ``unsure``."""
        return sum(1 for _, level in self.answers if level != UNSURE)

    @cached_property
    def reasons(self) -> tuple[Reason, ...]:
        """One reason per answered variable, in the data's order of variables."""
        out = []
        for key, level_key in self.answers:
            var = variable(key)
            level = var.level(level_key)
            model = level.model
            params = dict(
                variable=var.label(self.lang),
                level=level.label(self.lang),
                why=level.why(self.lang),
            )
            if model is None:
                sentence = text("reason_none", self.lang, **params)
            else:
                sentence = text("reason", self.lang, model=model.label(self.lang), **params)
            out.append(Reason(variable=key, level=level_key, model=model, text=sentence))
        return tuple(out)

    @cached_property
    def what_if(self) -> tuple[WhatIf, ...]:
        """For each other model, the fewest answer changes that would make it lead.

        Sorted by the number of changes; empty when nothing is known yet.
        """
        if self.model is None:
            return ()
        current = dict(self.answers)
        out = []
        for target in _MODELS:
            if target is self.model:
                continue
            moves = []
            for var in community_variables():
                new = var.level_for(target).key
                old = current.get(var.key, UNSURE)
                if old != new:
                    moves.append(Change(var.key, old, new))
            found = None
            for size in range(1, len(moves) + 1):
                for combo in combinations(moves, size):
                    trial = dict(current)
                    trial.update({c.variable: c.new for c in combo})
                    totals = _totals(trial)
                    if _rank(totals, trial)[0] is target:
                        found = combo
                        break
                if found:
                    break
            if found:
                out.append(
                    WhatIf(changes=found, model=target, text=self._what_if_text(found, target))
                )
        return tuple(sorted(out, key=lambda w: len(w.changes)))

    def _what_if_text(self, changes: tuple[Change, ...], target: Model) -> str:
        parts = []
        for change in changes:
            var = variable(change.variable)
            parts.append(
                text(
                    "change",
                    self.lang,
                    variable=var.label(self.lang),
                    old=var.level(change.old).label(self.lang),
                    new=var.level(change.new).label(self.lang),
                )
            )
        joined = text("and_join", self.lang).join(parts)
        return text("what_if", self.lang, changes=joined, model=target.label(self.lang))

    def in_language(self, lang: str) -> Assessment:
        """The same assessment with its texts in ``lang``."""
        return assess(dict(self.answers), lang=lang)

    def headline(self) -> str:
        """One line: the leading model (or mix) and the power-structure role."""
        lang = self.lang
        if self.model is None:
            return text("headline_unknown", lang)
        role = text(f"role_phrase_{self.power_structure_role.value}", lang)
        if self.mix:
            return text(
                "headline_mix",
                lang,
                first=self.mix[0].label(lang),
                second=self.mix[1].label(lang),
                role=role,
            )
        return text(
            "headline",
            lang,
            model=self.model.label(lang),
            letter=self.model.letter,
            role=role,
        )

    def fit_line(self) -> str:
        """Each model's share, as one line of text."""
        return " | ".join(f"{m.label(self.lang)} {round(self.scores[m] * 100)}%" for m in _MODELS)

    def to_dict(self) -> dict:
        """A JSON-ready dictionary of the result and its reasons."""
        return {
            "answers": dict(self.answers),
            "lang": self.lang,
            "model": self.model.value if self.model else None,
            "model_label": self.model.label(self.lang) if self.model else None,
            "mix": [m.value for m in self.mix] if self.mix else None,
            "power_structure_role": self.power_structure_role.value
            if self.power_structure_role
            else None,
            "scores": {m.value: round(self.scores[m], 4) for m in _MODELS},
            "headline": self.headline(),
            "reasons": [
                {
                    "variable": r.variable,
                    "level": r.level,
                    "model": r.model.value if r.model else None,
                    "text": r.text,
                }
                for r in self.reasons
            ],
            "what_if": [
                {"model": w.model.value, "changes": [c.__dict__ for c in w.changes], "text": w.text}
                for w in self.what_if
            ],
        }

    def __str__(self) -> str:
        lang = self.lang
        lines = [self.headline(), f"{text('fit', lang)}: {self.fit_line()}"]
        if self.tie_broken:
            lines.append(text("tie_note", lang))
        if self.reasons:
            lines.append(f"{text('why', lang)}:")
            lines += [f"  - {r.text}" for r in self.reasons]
        if self.what_if:
            lines.append(f"{text('what_would_change', lang)}:")
            lines += [f"  - {w.text}" for w in self.what_if]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        lang = self.lang
        esc = html.escape
        rows = (
            "".join(f"<li>{esc(r.text)}</li>" for r in self.reasons)
            or f"<li>{esc(text('headline_unknown', lang))}</li>"
        )
        ifs = "".join(f"<li>{esc(w.text)}</li>" for w in self.what_if)
        parts = [
            '<div class="rothman-assessment" lang="' + lang + '">',
            f'<p class="rothman-headline"><strong>{esc(self.headline())}</strong></p>',
            f'<p class="rothman-fit">{esc(text("fit", lang))}: {esc(self.fit_line())}</p>',
        ]
        if self.tie_broken:
            parts.append(f"<p>{esc(text('tie_note', lang))}</p>")
        parts.append(f'<p>{esc(text("why", lang))}:</p><ul class="rothman-reasons">{rows}</ul>')
        if ifs:
            parts.append(
                f'<p>{esc(text("what_would_change", lang))}:</p><ul class="rothman-whatif">{ifs}</ul>'
            )
        parts.append("</div>")
        return "".join(parts)


def assess(answers: Mapping[str, str], lang: str = "en") -> Assessment:
    """Assess community conditions: which model fits, and what the power structure is.

    Args:
        answers: community variable -> level, e.g. ``{"goal": "shift_power"}``. Variables
            left out, and answers of ``unsure``, count towards no model.
        lang: ``"en"`` or ``"id"``, the language of the texts.

    Returns:
        A frozen :class:`Assessment`.

    Raises:
        UnknownVariableError, UnknownLevelError, UnknownLanguageError: naming the valid choices.

    Examples:
        >>> a = assess({"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"})
        >>> a.model, a.power_structure_role, a.mix
        (<Model.SOCIAL_ACTION: 'social_action'>, <PowerRole.TARGET: 'target'>, None)
        >>> a.scores[Model.SOCIAL_ACTION]
        1.0
        >>> print(a.headline())
        Social Action (C): the power structure is the target of action.
        >>> assess({"goal": "capacity", "interests": "mixed"}).mix
        (<Model.LOCALITY_DEVELOPMENT: 'locality_development'>, <Model.SOCIAL_PLANNING: 'social_planning'>)
        >>> assess({}).model is None
        True
    """
    check_lang(lang)
    if not isinstance(answers, Mapping):
        raise RothmanError("error_answers_type", value=type(answers).__name__)
    totals = _totals(answers)
    order = _order()
    pairs = tuple(sorted(answers.items(), key=lambda kv: order[kv[0]]))
    total = totals[0] + totals[1] + totals[2]
    if total <= _EPS:
        return Assessment(
            answers=pairs,
            lang=lang,
            scores=dict.fromkeys(_MODELS, 0.0),
            model=None,
            mix=None,
            power_structure_role=None,
        )
    scores = (totals[0] / total, totals[1] / total, totals[2] / total)
    ranked = _rank(scores, answers)
    leader, runner = ranked[0], ranked[1]
    lead_score = scores[_MODELS.index(leader)]
    runner_score = scores[_MODELS.index(runner)]
    close = lead_score - runner_score <= settings().mix_margin + _EPS
    return Assessment(
        answers=pairs,
        lang=lang,
        scores=dict(zip(_MODELS, scores)),
        model=leader,
        mix=(leader, runner) if close else None,
        power_structure_role=leader.power_structure_role,
        tie_broken=abs(lead_score - runner_score) <= _EPS,
    )
