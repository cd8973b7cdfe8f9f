"""Which model fits a community, and why: :func:`assess` and its :class:`Assessment`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from rothman.core.answers import Answer
from rothman.core.errors import PhaseError, RothmanError
from rothman.core.explanations import (
    Reason,
    Tension,
    WhatIf,
    model_list,
    reasons_for,
    tensions_for,
    what_ifs_for,
)
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.core.scoring import (
    EPS,
    MODELS,
    as_answer,
    normalise,
    preferred_model,
    rank,
    totals,
    variable_order,
)
from rothman.core.variables import UNSURE, settings, variable


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess`: the fit of each model, and why.

    Attributes:
        answers: the answers assessed, as ``(variable, answer)`` pairs in the data's order; an
            answer is a level, or a tuple of 2-3 levels that all apply.
        lang: the language of the texts (``reasons``, ``what_if``, ``tensions``, ``str()``).
        scores: each model's share of the points, summing to 1 (all 0 when nothing is known).
        model: the leading model, or None when every answer is ``unsure``.
        mix: every model within the mix margin of the top (two or three, leader first) when
            more than one is; else None.
        power_structure_role: the role the leading model gives the power structure.
        tied: the models that share the top score exactly, when more than one does; else ().
        tie_rule: which rule named the leader of a tie: ``"tie_break"`` (the answer about
            power holders) or ``"order"`` (Rothman's order A, B, C); None without a tie.
        close_behind: the models outside the mix whose share is at least the data's
            ``close_behind`` fraction of the leader's (a strong runner-up), highest first.
    """

    answers: tuple[tuple[str, Answer], ...]
    lang: str
    scores: Mapping[Model, float]
    model: Model | None
    mix: tuple[Model, ...] | None
    power_structure_role: PowerRole | None
    tied: tuple[Model, ...] = ()
    tie_rule: str | None = None
    close_behind: tuple[Model, ...] = ()

    def __hash__(self) -> int:
        return hash((self.answers, self.lang))

    @property
    def tie_broken(self) -> bool:
        """True when the leader tied with another model and a rule named it."""
        return bool(self.tied)

    @property
    def known(self) -> int:
        """How many answers are not ``unsure``."""
        return sum(1 for _, level in self.answers if level != UNSURE)

    @cached_property
    def _levels(self) -> dict[str, tuple[str, ...]]:
        return {k: ((v,) if isinstance(v, str) else v) for k, v in self.answers}

    @cached_property
    def described_role(self) -> PowerRole | None:
        """The power-structure role the answer about power holders describes.

        None when that answer is missing, ``unsure``, or names several levels.
        """
        key = settings().tie_break or "power_holders"
        levels = self._levels.get(key)
        if not levels or len(levels) != 1:
            return None
        model = variable(key).level(levels[0]).model
        return model.power_structure_role if model else None

    @cached_property
    def tensions(self) -> tuple[Tension, ...]:
        """Answers that work against the leading model's practice (from ``data/tensions.yaml``).

        Empty when nothing is known, and whenever every answer points to the leading model.
        """
        return tensions_for(self._levels, self.model, self.lang)

    @cached_property
    def reasons(self) -> tuple[Reason, ...]:
        """One reason per answered level, in the data's order of variables."""
        return reasons_for(self._levels, self.lang)

    @cached_property
    def what_if(self) -> tuple[WhatIf, ...]:
        """For each other model, the fewest answer changes that would make it lead.

        When the changes only bring the model level with the top, ``WhatIf.ties`` is True.
        Sorted by the number of changes; empty when nothing is known yet.
        """
        return what_ifs_for(self._levels, self.model, self.lang)

    def in_language(self, lang: str) -> Assessment:
        """The same assessment with its texts in ``lang``."""
        return assess(dict(self.answers), lang=lang)

    def role_phrase(self) -> str:
        """The power structure's role in the leading model, in words.

        It is the model's role ("in this model ...") when the power holders were not
        described, the student's own description when it agrees, and both when it does not.
        """
        lang = self.lang
        role = self.power_structure_role.value
        described = self.described_role
        if described is None:
            return text(f"role_model_{role}", lang)
        if described is self.power_structure_role:
            return text(f"role_phrase_{role}", lang)
        return text("role_described_otherwise", lang, role=text(f"role_model_{role}", lang))

    def headline(self) -> str:
        """One line: the leading model, every model of a mix, a tie, a strong runner-up, and
        the power-structure role."""
        lang = self.lang
        if self.model is None:
            return text("headline_unknown", lang)
        role = self.role_phrase()
        first = self.model.label(lang)
        if self.tied:
            others = [m for m in (self.mix or ()) if m not in self.tied]
            rest = text("tie_rest", lang, others=model_list(others, lang)) if others else ""
            return text(
                "headline_tie",
                lang,
                models=model_list(self.tied, lang),
                rest=rest,
                rule=text(f"tie_rule_{self.tie_rule}", lang),
                first=first,
                role=role,
            )
        if self.mix:
            return text(
                "headline_mix", lang, models=model_list(self.mix, lang), first=first, role=role
            )
        if self.close_behind:
            shares = "/".join(
                str(round(self.scores[m] * 100)) for m in (self.model, *self.close_behind)
            )
            return text(
                "headline_close",
                lang,
                model=first,
                letter=self.model.letter,
                others=model_list(self.close_behind, lang),
                shares=shares,
                role=role,
            )
        return text("headline", lang, model=first, letter=self.model.letter, role=role)

    def fit_line(self) -> str:
        """Each model's share, as one line of text."""
        return " | ".join(f"{m.label(self.lang)} {round(self.scores[m] * 100)}%" for m in MODELS)

    def to_dict(self) -> dict:
        """A JSON-ready dictionary of the result and its reasons (multi-level answers as lists)."""

        def plain(answer: Answer) -> str | list[str]:
            return answer if isinstance(answer, str) else list(answer)

        return {
            "answers": {k: plain(v) for k, v in self.answers},
            "lang": self.lang,
            "model": self.model.value if self.model else None,
            "model_label": self.model.label(self.lang) if self.model else None,
            "mix": [m.value for m in self.mix] if self.mix else None,
            "tied": [m.value for m in self.tied],
            "tie_rule": self.tie_rule,
            "close_behind": [m.value for m in self.close_behind],
            "power_structure_role": self.power_structure_role.value
            if self.power_structure_role
            else None,
            "described_role": self.described_role.value if self.described_role else None,
            "scores": {m.value: round(self.scores[m], 4) for m in MODELS},
            "headline": self.headline(),
            "reasons": [
                {
                    "variable": r.variable,
                    "level": r.level,
                    "model": r.model.value if r.model else None,
                    "share": round(r.share, 4),
                    "text": r.text,
                }
                for r in self.reasons
            ],
            "tensions": [
                {"variable": t.variable, "level": t.level, "model": t.model.value, "text": t.text}
                for t in self.tensions
            ],
            "what_if": [
                {
                    "model": w.model.value,
                    "ties": w.ties,
                    "tied_with": [m.value for m in w.tied_with],
                    "changes": [
                        {"variable": c.variable, "old": plain(c.old), "new": plain(c.new)}
                        for c in w.changes
                    ],
                    "text": w.text,
                }
                for w in self.what_if
            ],
        }

    def __str__(self) -> str:
        lang = self.lang
        lines = [self.headline(), f"{text('fit', lang)}: {self.fit_line()}"]
        if self.tensions:
            lines.append(f"{text('tensions', lang)}:")
            lines += [f"  ! {t.text}" for t in self.tensions]
        if self.reasons:
            lines.append(f"{text('why', lang)}:")
            lines += [f"  - {r.text}" for r in self.reasons]
        if self.what_if:
            lines.append(f"{text('what_would_change', lang)}:")
            lines += [f"  - {w.text}" for w in self.what_if]
        return "\n".join(lines)


def assess(answers: Mapping[str, object], lang: str = "en") -> Assessment:
    """Assess community conditions: which model fits, and what the power structure is.

    Args:
        answers: community variable -> answer: a level, e.g. ``{"goal": "shift_power"}``, or a
            list of 2-3 different levels that all apply, e.g. ``{"goal": ["capacity",
            "solve_task"]}`` (the question's weight is split equally between them). Variables
            left out, and answers of ``unsure``, count towards no model.
        lang: ``"en"`` or ``"id"``, the language of the texts.

    Returns:
        A frozen :class:`Assessment`.

    Raises:
        UnknownVariableError, UnknownLevelError, InvalidAnswerError, UnknownLanguageError:
            naming the value and the valid choices.

    Examples:
        >>> a = assess({"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"})
        >>> a.model, a.power_structure_role, a.mix
        (<Model.SOCIAL_ACTION: 'social_action'>, <PowerRole.TARGET: 'target'>, None)
        >>> a.scores[Model.SOCIAL_ACTION]
        1.0
        >>> print(a.headline())
        Social Action (C): the power structure is the target of action.
        >>> b = assess({"goal": ["capacity", "solve_task"]})
        >>> [round(b.scores[m], 2) for m in Model], b.mix
        ([0.5, 0.5, 0.0], (<Model.LOCALITY_DEVELOPMENT: 'locality_development'>, <Model.SOCIAL_PLANNING: 'social_planning'>))
        >>> print(b.headline())
        A tie between Locality Development and Social Planning; Rothman's order (A, B, C) names Locality Development as the leader, so in this model the power structure is a collaborator in a common venture.
        >>> print(assess({"problem": "service_gap", "goal": "solve_task", "interests": "common",
        ...     "power_holders": "partners", "constituency": "population_group"}).headline())
        Social Planning (B), with Locality Development close behind (60/40): in this model the power structure is the employer and sponsor, though you describe the power holders otherwise.
        >>> assess({}).model is None
        True
    """
    check_lang(lang)
    levels = normalise(answers)
    points = totals(levels)
    order = variable_order()
    pairs = tuple((k, as_answer(v)) for k, v in sorted(levels.items(), key=lambda kv: order[kv[0]]))
    total = points[0] + points[1] + points[2]
    if total <= EPS:
        return Assessment(
            answers=pairs,
            lang=lang,
            scores=dict.fromkeys(MODELS, 0.0),
            model=None,
            mix=None,
            power_structure_role=None,
        )
    scores = (points[0] / total, points[1] / total, points[2] / total)
    preferred = preferred_model(levels)
    ranked = rank(scores, preferred)
    leader = ranked[0]
    top = scores[MODELS.index(leader)]
    margin = settings().mix_margin + EPS
    mix = tuple(m for m in ranked if top - scores[MODELS.index(m)] <= margin)
    tied = tuple(m for m in ranked if abs(top - scores[MODELS.index(m)]) <= EPS)
    tied = tied if len(tied) > 1 else ()
    rule = None
    if tied:
        rule = "tie_break" if preferred in tied else "order"
    ratio = settings().close_behind
    close = tuple(
        m for m in ranked if m not in mix and scores[MODELS.index(m)] >= ratio * top - EPS
    )
    return Assessment(
        answers=pairs,
        lang=lang,
        scores=dict(zip(MODELS, scores)),
        model=leader,
        mix=mix if len(mix) > 1 else None,
        power_structure_role=leader.power_structure_role,
        tied=tied,
        tie_rule=rule,
        close_behind=close,
    )


def phases(steps: Sequence[Mapping[str, object]], lang: str = "en") -> tuple[Assessment, ...]:
    """Assess a path of phases, one set of answers per phase, in order.

    Args:
        steps: one mapping of answers per phase (each as :func:`assess` takes it).
        lang: ``"en"`` or ``"id"``.

    Returns:
        One :class:`Assessment` per phase.

    Raises:
        PhaseError: naming the phase (from 1) and what is wrong with its answers.

    Examples:
        >>> path = phases([{"goal": "shift_power", "power_holders": "opponents"},
        ...                {"goal": "solve_task", "power_holders": "sponsors"}])
        >>> [a.model.letter for a in path]
        ['C', 'B']
    """
    check_lang(lang)
    if isinstance(steps, (str, bytes, Mapping)) or not isinstance(steps, Sequence):
        raise RothmanError("error_phases_type", value=type(steps).__name__)
    out = []
    for number, answers in enumerate(steps, start=1):
        try:
            out.append(assess(answers, lang=lang))
        except RothmanError as exc:
            raise PhaseError(number, exc) from None
    return tuple(out)
