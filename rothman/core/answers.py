"""One answer to a community variable, and the one rule that says whether it is well formed.

An answer is a level of the variable (``unsure`` included), or a list of 2 to
:data:`MAX_LEVELS` different levels that all apply (``unsure`` cannot be one of them). The
same rule, with the same messages, checks an answer given to :func:`~rothman.assess`, one
written in a case file and one written in a practicum report.
"""

from __future__ import annotations

from collections.abc import Mapping

from rothman.core.errors import InvalidAnswerError, RothmanError, UnknownLevelError
from rothman.core.variables import UNSURE, CommunityVariable, variable
from rothman.core.yaml_lines import PathProblem

#: How many levels one answer may name at most ("both/all apply").
MAX_LEVELS = 3

#: One answer: a level key, or a tuple of 2-3 distinct level keys that all apply.
Answer = str | tuple[str, ...]


def answer_mistakes(
    var: CommunityVariable, value: object
) -> tuple[Answer | None, list[PathProblem]]:
    """Check one answer to ``var``: the answer as stored (or None) and every mistake in it.

    A mistake's path is ``()`` for the answer as a whole and ``(i,)`` for its ``i``-th level:
    put it after the answer's own path to find its line in a file.
    A list of one level is that level.

    Examples:
        >>> answer_mistakes(variable("goal"), ["capacity", "solve_task"])
        (('capacity', 'solve_task'), [])
        >>> answer_mistakes(variable("goal"), ["capacity"])
        ('capacity', [])
        >>> _, found = answer_mistakes(variable("goal"), ["capacity", "unsure", "capacity"])
        >>> [(m.path, m.key) for m in found]
        [((1,), 'answer_unsure'), ((2,), 'answer_repeated')]
    """
    levels = var.level_keys
    real = tuple(lv for lv in levels if lv != UNSURE)
    if isinstance(value, str):
        if value in levels:
            return value, []
        params = {"value": value, "variable": var.key, "choices": levels}
        return None, [PathProblem((), "answer_unknown_level", params)]
    if not isinstance(value, (list, tuple)):
        params = {"value": str(value), "variable": var.key, "choices": levels}
        return None, [PathProblem((), "answer_type", params)]
    if len(value) == 1:
        one, found = answer_mistakes(var, value[0])
        return one, [PathProblem((0, *m.path), m.key, m.params) for m in found]
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            params = {"value": str(item), "variable": var.key, "choices": levels}
            found.append(PathProblem((i,), "answer_type", params))
        elif item == UNSURE:
            found.append(PathProblem((i,), "answer_unsure", {"variable": var.key, "choices": real}))
        elif item not in levels:
            params = {"value": item, "variable": var.key, "choices": real}
            found.append(PathProblem((i,), "answer_unknown_level", params))
        elif value.index(item) < i:
            params = {"value": item, "variable": var.key, "choices": real}
            found.append(PathProblem((i,), "answer_repeated", params))
    if not 2 <= len(value) <= MAX_LEVELS:
        params = {"count": len(value), "value": repr(list(value)), "variable": var.key}
        found.append(PathProblem((), "answer_count", {**params, "choices": real}))
    return (None, found) if found else (tuple(value), [])


def answer_error(mistakes: list[PathProblem]) -> RothmanError:
    """The error to raise for an answer's mistakes: a list of the wrong length says so first."""
    first = next((m for m in mistakes if m.key == "answer_count"), mistakes[0])
    if first.key == "answer_unknown_level":
        return UnknownLevelError(first.key, **first.params)
    return InvalidAnswerError(first.key, **first.params)


def answer_levels(key: str, value: object) -> tuple[str, ...]:
    """The level keys of one answer, checked: a level, or a list of 2-3 distinct levels.

    A list means that all of its levels apply at once; ``unsure`` cannot be one of them.

    Raises:
        UnknownVariableError, UnknownLevelError, InvalidAnswerError: naming the value and
            the valid choices.

    Examples:
        >>> answer_levels("goal", "capacity")
        ('capacity',)
        >>> answer_levels("goal", ["capacity", "solve_task"])
        ('capacity', 'solve_task')
        >>> answer_levels("goal", ["capacity", "capacity"])
        Traceback (most recent call last):
        ...
        rothman.core.errors.InvalidAnswerError: The answer to 'goal' names 'capacity' more than once; give 2 to 3 different levels from: capacity, solve_task, shift_power, concessions.
    """
    answer, mistakes = answer_mistakes(variable(key), value)
    if answer is None:
        raise answer_error(mistakes)
    return (answer,) if isinstance(answer, str) else answer


def validate_answers(answers: Mapping[str, object]) -> dict[str, Answer]:
    """Check a mapping of variable -> answer; return a plain dict copy.

    Variables left out count as ``unsure``. An answer is a level, or a list of 2-3 levels
    (returned as a tuple).

    Examples:
        >>> validate_answers({"goal": "capacity", "problem": ["weak_ties", "service_gap"]})
        {'goal': 'capacity', 'problem': ('weak_ties', 'service_gap')}
        >>> validate_answers({"goal": "win"})
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownLevelError: 'win' is not an answer to 'goal'; choose from: capacity, solve_task, shift_power, concessions, unsure.
    """
    if not isinstance(answers, Mapping):
        raise RothmanError("error_answers_type", value=type(answers).__name__)
    clean: dict[str, Answer] = {}
    for key, value in answers.items():
        levels = answer_levels(key, value)
        clean[key] = levels[0] if len(levels) == 1 else levels
    return clean
