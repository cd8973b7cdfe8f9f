"""The numbers behind an assessment: each model's points from the answers, and their order.

Every level of a community variable gives each model a weight (``data/community_variables.yaml``);
an answer naming several levels splits its variable's weight equally between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rothman.core.answers import Answer, answer_levels
from rothman.core.errors import RothmanError, UnknownVariableError
from rothman.core.models import Model
from rothman.core.variables import community_variables, settings, variable

#: The models in Rothman's order (A, B, C): the order of every score triple.
MODELS = tuple(Model)
#: Scores closer than this are equal.
EPS = 1e-9


@lru_cache(maxsize=1)
def weights() -> dict[str, dict[str, tuple[float, float, float]]]:
    """variable -> level -> weights already multiplied by the variable's weight."""
    return {
        var.key: {lv.key: tuple(w * var.weight for w in lv.weights) for lv in var.levels}
        for var in community_variables()
    }


@lru_cache(maxsize=1)
def variable_order() -> dict[str, int]:
    """variable -> its place in the data, so answers are reported in that order."""
    return {var.key: i for i, var in enumerate(community_variables())}


def _answer_levels(key: str, value: object) -> tuple[str, ...]:
    """The levels of one answer: the fast path for one known level, the remembered check of
    a list of levels, else the full check."""
    if isinstance(value, str) and value in weights()[key]:
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(one, str) for one in value):
        return _checked_levels(key, tuple(value))
    return answer_levels(key, value)


@lru_cache(maxsize=1024)
def _checked_levels(key: str, value: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`answer_levels` of a list of levels, remembered (a wrong one raises each time)."""
    return answer_levels(key, value)


def normalise(answers: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    if not isinstance(answers, Mapping):
        raise RothmanError("error_answers_type", value=type(answers).__name__)
    table = weights()
    out = {}
    for key, value in answers.items():
        if key not in table:
            raise UnknownVariableError(value=str(key), choices=list(table))
        out[key] = _answer_levels(key, value)
    return out


def totals(answers: Mapping[str, tuple[str, ...]]) -> tuple[float, float, float]:
    """Each model's points; an answer naming k levels gives each level 1/k of its weight."""
    table = weights()
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


def preferred_model(answers: Mapping[str, tuple[str, ...]]) -> Model | None:
    """The model the tie-break answer describes, when it names one level that leans one way."""
    key = settings().tie_break
    levels = answers.get(key) if key else None
    if not levels or len(levels) != 1:
        return None
    return variable(key).level(levels[0]).model


def rank(scores: tuple[float, float, float], preferred: Model | None) -> list[Model]:
    """Models from best to worst fit; ties go to the tie-break variable, then Rothman's order."""
    order = sorted(
        range(3),
        key=lambda i: (-round(scores[i], 9), MODELS[i] is not preferred, i),
    )
    return [MODELS[i] for i in order]


def as_answer(levels: tuple[str, ...]) -> Answer:
    return levels[0] if len(levels) == 1 else levels
