"""Which model fits a community, and why: :func:`assess` and its :class:`Assessment`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations

from rothman.core.errors import PhaseError, RothmanError, UnknownVariableError
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.core.variables import UNSURE, answer_levels, community_variables, settings, variable

_MODELS = tuple(Model)
_EPS = 1e-9

#: One answer as stored in an :class:`Assessment`: a level, or a tuple of 2-3 levels.
Answer = str | tuple[str, ...]


@dataclass(frozen=True)
class Reason:
    """Why one answer points where it does.

    For an answer that names several levels there is one reason per level, each carrying
    its ``share`` of the question's weight.
    """

    variable: str
    level: str
    model: Model | None
    text: str
    share: float = 1.0


@dataclass(frozen=True)
class Change:
    """One answer changed: ``variable`` from ``old`` to ``new`` (a level, or a tuple of them)."""

    variable: str
    old: Answer
    new: Answer


@dataclass(frozen=True)
class WhatIf:
    """A smallest set of changed answers after which ``model`` would lead, or share the lead.

    ``ties`` is True when after the changes ``model`` only shares the top score (with
    ``tied_with``); the tie-break then names it as the leader.
    """

    changes: tuple[Change, ...]
    model: Model
    text: str
    ties: bool = False
    tied_with: tuple[Model, ...] = ()


@dataclass(frozen=True)
class Tension:
    """An answer that works against the practice of the leading ``model``, and why."""

    variable: str
    level: str
    model: Model
    text: str
    source: str = ""


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


def _levels(key: str, value: object) -> tuple[str, ...]:
    """The levels of one answer: the fast path for one known level, else the full check."""
    if isinstance(value, str) and value in _weights()[key]:
        return (value,)
    return answer_levels(key, value)


def _normalise(answers: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    if not isinstance(answers, Mapping):
        raise RothmanError("error_answers_type", value=type(answers).__name__)
    table = _weights()
    out = {}
    for key, value in answers.items():
        if key not in table:
            raise UnknownVariableError(value=str(key), choices=list(table))
        out[key] = _levels(key, value)
    return out


def _totals(answers: Mapping[str, tuple[str, ...]]) -> tuple[float, float, float]:
    """Each model's points; an answer naming k levels gives each level 1/k of its weight."""
    table = _weights()
    a = b = c = 0.0
    for key, levels in answers.items():
        row = table[key]
        if len(levels) == 1:
            w = row[levels[0]]
            a += w[0]
            b += w[1]
            c += w[2]
            continue
        part = 1.0 / len(levels)
        for level in levels:
            w = row[level]
            a += w[0] * part
            b += w[1] * part
            c += w[2] * part
    return a, b, c


def _preferred(answers: Mapping[str, tuple[str, ...]]) -> Model | None:
    """The model the tie-break answer describes, when it names one level that leans one way."""
    key = settings().tie_break
    levels = answers.get(key) if key else None
    if not levels or len(levels) != 1:
        return None
    return variable(key).level(levels[0]).model


def _rank(scores: tuple[float, float, float], preferred: Model | None) -> list[Model]:
    """Models from best to worst fit; ties go to the tie-break variable, then Rothman's order."""
    order = sorted(
        range(3),
        key=lambda i: (-round(scores[i], 9), _MODELS[i] is not preferred, i),
    )
    return [_MODELS[i] for i in order]


def _public(levels: tuple[str, ...]) -> Answer:
    return levels[0] if len(levels) == 1 else levels


def _labels(var, answer: Answer, lang: str) -> str:  # noqa: ANN001 - a CommunityVariable
    levels = (answer,) if isinstance(answer, str) else answer
    return text("levels_join", lang).join(var.level(lv).label(lang) for lv in levels)


def model_list(models: tuple[Model, ...] | list[Model], lang: str) -> str:
    """Model names joined as a sentence lists them: "A, B and C" ("A, B dan C")."""
    names = [m.label(lang) for m in models]
    if len(names) == 1:
        return names[0]
    return text("list_join", lang).join(names[:-1]) + text("and_last", lang) + names[-1]


@lru_cache(maxsize=1)
def _tension_table() -> dict[tuple[str, str, Model], dict]:
    """(variable, level, leading model) -> the tension entry of ``data/tensions.yaml``."""
    from rothman.core.data import read_yaml
    from rothman.core.errors import DataError
    from rothman.core.i18n import LANGS, pick

    data = read_yaml("tensions.yaml")
    entries = data.get("tensions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DataError(file="tensions.yaml", problem="missing the list 'tensions'")
    table = {}
    for i, entry in enumerate(entries):
        where = f"tensions[{i}]"
        if not isinstance(entry, dict):
            raise DataError(file="tensions.yaml", problem=f"{where} is not a mapping")
        var = variable(entry.get("variable"))
        level = var.level(entry.get("level"))
        try:
            model = Model(entry.get("model"))
        except ValueError:
            raise DataError(
                file="tensions.yaml", problem=f"{where}: unknown model {entry.get('model')!r}"
            ) from None
        if model in level.leans:
            raise DataError(
                file="tensions.yaml",
                problem=f"{where}: {level.key} leans to {model.value}, so it cannot work against it",
            )
        for lang in LANGS:
            pick(entry.get("text") or {}, lang, where=f"tensions.yaml: {where}")
        key = (var.key, level.key, model)
        if key in table:
            raise DataError(file="tensions.yaml", problem=f"{where} repeats {key[:2]}")
        table[key] = entry
    return table


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
    """

    answers: tuple[tuple[str, Answer], ...]
    lang: str
    scores: Mapping[Model, float]
    model: Model | None
    mix: tuple[Model, ...] | None
    power_structure_role: PowerRole | None
    tied: tuple[Model, ...] = ()
    tie_rule: str | None = None

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
        if self.model is None:
            return ()
        from rothman.core.i18n import pick

        table = _tension_table()
        out = []
        for key, levels in self._levels.items():
            for level in levels:
                entry = table.get((key, level, self.model))
                if entry is not None:
                    out.append(
                        Tension(
                            variable=key,
                            level=level,
                            model=self.model,
                            text=pick(entry["text"], self.lang, where="tensions.yaml"),
                            source=str(entry.get("source") or ""),
                        )
                    )
        return tuple(out)

    @cached_property
    def reasons(self) -> tuple[Reason, ...]:
        """One reason per answered level, in the data's order of variables."""
        out = []
        lang = self.lang
        for key, levels in self._levels.items():
            var = variable(key)
            count = len(levels)
            for level_key in levels:
                level = var.level(level_key)
                params = dict(
                    variable=var.label(lang),
                    level=level.label(lang),
                    why=level.why(lang),
                )
                if count > 1:
                    params["variable"] = text(
                        "reason_part", lang, variable=var.label(lang), count=count
                    )
                if not level.leans:
                    sentence = text("reason_none", lang, **params)
                else:
                    sentence = text("reason", lang, model=model_list(level.leans, lang), **params)
                out.append(
                    Reason(
                        variable=key,
                        level=level_key,
                        model=level.model,
                        text=sentence,
                        share=1.0 / count,
                    )
                )
        return tuple(out)

    @cached_property
    def what_if(self) -> tuple[WhatIf, ...]:
        """For each other model, the fewest answer changes that would make it lead.

        When the changes only bring the model level with the top, ``WhatIf.ties`` is True.
        Sorted by the number of changes; empty when nothing is known yet.
        """
        if self.model is None:
            return ()
        current = self._levels
        out = []
        for target in _MODELS:
            if target is self.model:
                continue
            t = _MODELS.index(target)
            moves = []
            for var in community_variables():
                new = (var.level_for(target).key,)
                old = current.get(var.key, (UNSURE,))
                if old != new:
                    moves.append((var.key, old, new))
            found = None
            for size in range(1, len(moves) + 1):
                for combo in combinations(moves, size):
                    trial = dict(current)
                    trial.update({k: new for k, _, new in combo})
                    totals = _totals(trial)
                    if _rank(totals, _preferred(trial))[0] is target:
                        found = combo, totals
                        break
                if found:
                    break
            if found:
                combo, totals = found
                tied = tuple(
                    m
                    for i, m in enumerate(_MODELS)
                    if i != t and abs(totals[i] - totals[t]) <= _EPS
                )
                changes = tuple(Change(k, _public(old), _public(new)) for k, old, new in combo)
                out.append(
                    WhatIf(
                        changes=changes,
                        model=target,
                        text=self._what_if_text(changes, target, tied),
                        ties=bool(tied),
                        tied_with=tied,
                    )
                )
        return tuple(sorted(out, key=lambda w: len(w.changes)))

    def _what_if_text(
        self, changes: tuple[Change, ...], target: Model, tied: tuple[Model, ...]
    ) -> str:
        lang = self.lang
        parts = []
        for change in changes:
            var = variable(change.variable)
            parts.append(
                text(
                    "change",
                    lang,
                    variable=var.label(lang),
                    old=_labels(var, change.old, lang),
                    new=_labels(var, change.new, lang),
                )
            )
        joined = text("and_join", lang).join(parts)
        if tied:
            return text(
                "what_if_tie",
                lang,
                changes=joined,
                model=target.label(lang),
                others=model_list(tied, lang),
            )
        return text("what_if", lang, changes=joined, model=target.label(lang))

    def in_language(self, lang: str) -> Assessment:
        """The same assessment with its texts in ``lang``."""
        return assess(dict(self.answers), lang=lang)

    def headline(self) -> str:
        """One line: the leading model, every model of a mix, a tie, and the power-structure role."""
        lang = self.lang
        if self.model is None:
            return text("headline_unknown", lang)
        role = text(f"role_phrase_{self.power_structure_role.value}", lang)
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
        return text("headline", lang, model=first, letter=self.model.letter, role=role)

    def fit_line(self) -> str:
        """Each model's share, as one line of text."""
        return " | ".join(f"{m.label(self.lang)} {round(self.scores[m] * 100)}%" for m in _MODELS)

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
            "power_structure_role": self.power_structure_role.value
            if self.power_structure_role
            else None,
            "described_role": self.described_role.value if self.described_role else None,
            "scores": {m.value: round(self.scores[m], 4) for m in _MODELS},
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
        A tie between Locality Development and Social Planning; Rothman's order (A, B, C) names Locality Development as the leader, so the power structure is a collaborator in a common venture.
        >>> assess({}).model is None
        True
    """
    check_lang(lang)
    levels = _normalise(answers)
    totals = _totals(levels)
    order = _order()
    pairs = tuple((k, _public(v)) for k, v in sorted(levels.items(), key=lambda kv: order[kv[0]]))
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
    preferred = _preferred(levels)
    ranked = _rank(scores, preferred)
    leader = ranked[0]
    top = scores[_MODELS.index(leader)]
    margin = settings().mix_margin + _EPS
    mix = tuple(m for m in ranked if top - scores[_MODELS.index(m)] <= margin)
    tied = tuple(m for m in ranked if abs(top - scores[_MODELS.index(m)]) <= _EPS)
    tied = tied if len(tied) > 1 else ()
    rule = None
    if tied:
        rule = "tie_break" if preferred in tied else "order"
    return Assessment(
        answers=pairs,
        lang=lang,
        scores=dict(zip(_MODELS, scores)),
        model=leader,
        mix=mix if len(mix) > 1 else None,
        power_structure_role=leader.power_structure_role,
        tied=tied,
        tie_rule=rule,
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
