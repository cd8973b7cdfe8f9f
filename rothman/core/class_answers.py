"""The rules of a live class round: what an answer may be, and what the room makes of them.

A student's page sends an answer to a round: one to three models, the role of the power
structure (or none), a few community variables that decided it, and a nickname when the
lecturer allows them. This module checks such answers and counts them; storing them is
:mod:`rothman.core.class_room`'s work. Nothing here knows a student: an answer carries no
token, and a :class:`Tally` carries no names.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rothman.core.errors import InvalidAnswerError, RothmanError
from rothman.core.models import Model, PowerRole
from rothman.core.variables import community_variables, variable

#: How many models one answer may name at most.
MAX_MODELS = 3
#: How many community variables one answer may give as its reasons.
MAX_REASONS = 3
#: How many of the reasons most chosen a tally lists.
TOP_REASONS = 5
#: The longest nickname, in characters.
MAX_NICKNAME = 40
#: The longest situation a lecturer may type for a round, in characters.
MAX_SITUATION = 2000
#: The longest case id, in characters.
MAX_CASE_ID = 80
#: A student's token: letters, digits, ``-`` and ``_`` (what :func:`secrets.token_urlsafe` makes).
TOKEN_LENGTHS = (16, 128)
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


class UnknownRoundError(RothmanError):
    """A round id that the class does not have."""

    key = "room_error_unknown_round"


class RoundRevealedError(RothmanError):
    """An answer sent to a round whose answer has been shown: the round is closed."""

    key = "room_error_revealed"


@dataclass(frozen=True)
class Round:
    """One question put to the class: a case of the course, or a situation the lecturer typed.

    Attributes:
        id: the round's number in its class, from 1.
        started: when it started (aware, UTC).
        case_id: the case asked about, or None for a typed situation.
        situation: the situation's text as typed, or None for a case.
        revealed: whether the answer has been shown; a revealed round takes no answers.
    """

    id: int
    started: datetime
    case_id: str | None
    situation: str | None
    revealed: bool


@dataclass(frozen=True)
class Answer:
    """One student's answer to a round, without anything that says who sent it.

    Attributes:
        round_id: the round answered.
        models: one to three models, in Rothman's order (A, B, C).
        role: the role of the power structure, or None.
        reasons: the community variables that decided it, in the data's order.
        nickname: the nickname given, or None.

    Examples:
        >>> Answer(1, (Model.LOCALITY_DEVELOPMENT, Model.SOCIAL_ACTION), None, ()).shares
        (0.5, 0.0, 0.5)
    """

    round_id: int
    models: tuple[Model, ...]
    role: PowerRole | None
    reasons: tuple[str, ...]
    nickname: str | None = None

    @property
    def shares(self) -> tuple[float, float, float]:
        """The answer's weight on each model (A, B, C), summing to 1: a point of the triangle."""
        return tuple(1 / len(self.models) if m in self.models else 0.0 for m in Model)


@dataclass(frozen=True)
class Point:
    """One answer as a point of the models' triangle: shares per model (A, B, C) and the role."""

    shares: tuple[float, float, float]
    role: PowerRole | None


@dataclass(frozen=True)
class Tally:
    """What the answers to one round add up to; it names no student.

    Attributes:
        round_id: the round counted.
        answered: how many students answered.
        models: the count per model; a student who names two models counts half to each, so
            the counts sum to ``answered``.
        roles: the count per role of the power structure.
        no_role: how many answers named no role.
        reasons: the community variables chosen most often as reasons, as (key, count), most
            chosen first (ties in the data's order), at most :data:`TOP_REASONS`.
        points: every answer as a :class:`Point`, in a fixed order that says nothing of who
            answered first.
    """

    round_id: int
    answered: int
    models: dict[Model, float]
    roles: dict[PowerRole, int]
    no_role: int
    reasons: tuple[tuple[str, int], ...]
    points: tuple[Point, ...]


@dataclass(frozen=True)
class StudentView:
    """What one student's page may show: the round, the student's own answer, and the tally
    once the round is revealed (None before)."""

    round: Round
    answer: Answer | None
    tally: Tally | None


def new_student_token() -> str:
    """A new random, opaque id for one student's page.

    Examples:
        >>> token = new_student_token()
        >>> len(token) >= 16 and token != new_student_token()
        True
    """
    return secrets.token_urlsafe(24)


def check_token(token: object) -> str:
    """``token`` if it is a student's token (see :func:`new_student_token`), else an error."""
    low, high = TOKEN_LENGTHS
    if not isinstance(token, str) or not (low <= len(token) <= high and _TOKEN.fullmatch(token)):
        raise InvalidAnswerError("room_error_token", value=repr(token), low=low, high=high)
    return token


def check_models(models: object) -> tuple[Model, ...]:
    """One to three distinct models (keys or :class:`Model`), returned in Rothman's order.

    Examples:
        >>> check_models(["social_action", "locality_development"])
        (<Model.LOCALITY_DEVELOPMENT: 'locality_development'>, <Model.SOCIAL_ACTION: 'social_action'>)
        >>> check_models(["social_action", "social_action"])
        Traceback (most recent call last):
        ...
        rothman.core.errors.InvalidAnswerError: An answer names 1 to 3 different models, not ['social_action', 'social_action']. Choose from: locality_development, social_planning, social_action.
    """
    items = [models] if isinstance(models, str) else models
    if not isinstance(items, (list, tuple)) or not 1 <= len(items) <= MAX_MODELS:
        raise InvalidAnswerError("room_error_models", value=repr(models), choices=_model_keys())
    parsed = [Model.parse(m) for m in items]
    if len(set(parsed)) != len(parsed):
        raise InvalidAnswerError(
            "room_error_models", value=repr([str(m) for m in items]), choices=_model_keys()
        )
    return tuple(m for m in Model if m in parsed)


def check_role(role: object) -> PowerRole | None:
    """A role of the power structure (key or :class:`PowerRole`), or None for none given.

    Examples:
        >>> check_role("sponsors")
        <PowerRole.SPONSORS: 'sponsors'>
    """
    return None if role is None else PowerRole.parse(role)


def check_reasons(reasons: object) -> tuple[str, ...]:
    """Up to three distinct community-variable keys, returned in the data's order.

    Examples:
        >>> check_reasons(["goal", "problem"])
        ('problem', 'goal')
        >>> check_reasons(["budget"])
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownVariableError: Unknown variable 'budget'. Choose one of: problem, goal, interests, power_holders, constituency, residents.
    """
    items = [reasons] if isinstance(reasons, str) else reasons
    keys = [v.key for v in community_variables()]
    if not isinstance(items, (list, tuple)) or len(items) > MAX_REASONS:
        raise InvalidAnswerError(
            "room_error_reasons", value=repr(reasons), choices=keys, limit=MAX_REASONS
        )
    for item in items:
        variable(item if isinstance(item, str) else repr(item))
    if len(set(items)) != len(items):
        raise InvalidAnswerError(
            "room_error_reasons", value=repr(list(items)), choices=keys, limit=MAX_REASONS
        )
    return tuple(k for k in keys if k in items)


def check_nickname(nickname: object, allowed: bool) -> str | None:
    """The nickname as given, or None for none (an empty text is none).

    Raises:
        InvalidAnswerError: a nickname in a class that takes none, or not a text of
            1 to :data:`MAX_NICKNAME` characters.
    """
    if nickname is None or (isinstance(nickname, str) and not nickname.strip()):
        return None
    if not allowed:
        raise InvalidAnswerError("room_error_nickname_off")
    if not _storable(nickname) or len(nickname) > MAX_NICKNAME:
        raise InvalidAnswerError("room_error_nickname", value=repr(nickname), limit=MAX_NICKNAME)
    return nickname


def check_subject(case_id: object, situation: object) -> tuple[str | None, str | None]:
    """The subject of a new round: exactly one of a case id and a situation's text."""
    if (case_id is None) == (situation is None):
        given = repr({"case_id": case_id, "situation": situation})
        raise RothmanError("room_error_round_subject", value=given)
    if case_id is not None:
        if (
            not isinstance(case_id, str)
            or not case_id.replace("_", "").isalnum()
            or len(case_id) > MAX_CASE_ID
        ):
            raise RothmanError("room_error_case_id", value=repr(case_id), limit=MAX_CASE_ID)
        return case_id, None
    if not _storable(situation) or not situation.strip() or len(situation) > MAX_SITUATION:
        size = len(situation) if isinstance(situation, str) else repr(situation)
        raise RothmanError("room_error_situation", value=size, limit=MAX_SITUATION)
    return None, situation


def _storable(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no text a page can send
        return False
    return True


def _model_keys() -> list[str]:
    return [m.value for m in Model]


def tally_of(round_id: int, answers: Iterable[Answer]) -> Tally:
    """Count the answers to one round.

    Examples:
        >>> A, B, C = Model
        >>> t = tally_of(1, [Answer(1, (A,), PowerRole.COLLABORATORS, ("goal",)),
        ...                  Answer(1, (A, C), None, ("goal", "problem"))])
        >>> t.answered, t.models[A], t.models[C], t.no_role, t.reasons
        (2, 1.5, 0.5, 1, (('goal', 2), ('problem', 1)))
    """
    answers = list(answers)
    sixths = Counter()  # 6 is shared evenly by one, two or three models: the counts stay exact
    for answer in answers:
        for model in answer.models:
            sixths[model] += 6 // len(answer.models)
    roles = Counter(a.role for a in answers if a.role is not None)
    order = {v.key: at for at, v in enumerate(community_variables())}
    chosen = Counter(r for a in answers for r in a.reasons)
    reasons = sorted(chosen.items(), key=lambda kv: (-kv[1], order[kv[0]]))[:TOP_REASONS]
    roles_order = list(PowerRole)
    points = sorted(
        (Point(a.shares, a.role) for a in answers),
        key=lambda p: (p.shares, -1 if p.role is None else roles_order.index(p.role)),
    )
    return Tally(
        round_id=round_id,
        answered=len(answers),
        models={m: sixths[m] / 6 for m in Model},
        roles={r: roles[r] for r in PowerRole},
        no_role=sum(a.role is None for a in answers),
        reasons=tuple(reasons),
        points=tuple(points),
    )
