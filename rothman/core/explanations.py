"""What an assessment says in words: why each answer points where it does, which answers
work against the leading model, and the fewest changes that would make another model lead."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from rothman.core.answers import Answer
from rothman.core.data import read_yaml
from rothman.core.errors import DataError
from rothman.core.i18n import pick, text
from rothman.core.models import Model
from rothman.core.scoring import EPS, MODELS, as_answer, preferred_model, rank, totals
from rothman.core.two_languages import two_languages
from rothman.core.variables import UNSURE, community_variables, variable


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
        two_languages(entry.get("text"), "tensions.yaml", f"{where} text")
        key = (var.key, level.key, model)
        if key in table:
            raise DataError(file="tensions.yaml", problem=f"{where} repeats {key[:2]}")
        table[key] = entry
    return table


def tensions_for(
    levels: Mapping[str, tuple[str, ...]], model: Model | None, lang: str
) -> tuple[Tension, ...]:
    """The answers among ``levels`` that work against ``model`` (none without a model)."""
    if model is None:
        return ()
    table = _tension_table()
    out = []
    for key, chosen in levels.items():
        for level in chosen:
            entry = table.get((key, level, model))
            if entry is not None:
                out.append(
                    Tension(
                        variable=key,
                        level=level,
                        model=model,
                        text=pick(entry["text"], lang, where="tensions.yaml"),
                        source=str(entry.get("source") or ""),
                    )
                )
    return tuple(out)


def reasons_for(levels: Mapping[str, tuple[str, ...]], lang: str) -> tuple[Reason, ...]:
    """One reason per answered level, in the order of ``levels``."""
    out = []
    for key, chosen in levels.items():
        var = variable(key)
        count = len(chosen)
        for level_key in chosen:
            level = var.level(level_key)
            params = dict(variable=var.label(lang), level=level.label(lang), why=level.why(lang))
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


def what_ifs_for(
    current: Mapping[str, tuple[str, ...]], leader: Model | None, lang: str
) -> tuple[WhatIf, ...]:
    """For each model but ``leader``, the fewest answer changes that would make it lead.

    Sorted by the number of changes; empty without a leader.
    """
    if leader is None:
        return ()
    out = []
    for target in MODELS:
        if target is leader:
            continue
        t = MODELS.index(target)
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
                scores = totals(trial)
                if rank(scores, preferred_model(trial))[0] is target:
                    found = combo, scores
                    break
            if found:
                break
        if found:
            combo, scores = found
            tied = tuple(
                m for i, m in enumerate(MODELS) if i != t and abs(scores[i] - scores[t]) <= EPS
            )
            changes = tuple(Change(k, as_answer(old), as_answer(new)) for k, old, new in combo)
            out.append(
                WhatIf(
                    changes=changes,
                    model=target,
                    text=_what_if_text(changes, target, tied, lang),
                    ties=bool(tied),
                    tied_with=tied,
                )
            )
    return tuple(sorted(out, key=lambda w: len(w.changes)))


def _what_if_text(
    changes: tuple[Change, ...], target: Model, tied: tuple[Model, ...], lang: str
) -> str:
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
