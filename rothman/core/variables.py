"""The community conditions students vary, read from ``data/community_variables.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rothman.core.data import read_yaml
from rothman.core.errors import (
    DataError,
    InvalidAnswerError,
    RothmanError,
    UnknownLevelError,
    UnknownVariableError,
)
from rothman.core.i18n import LANGS, pick
from rothman.core.models import Model

#: The level every variable accepts: it counts towards no model.
UNSURE = "unsure"


@dataclass(frozen=True)
class Level:
    """One possible answer to a community variable, and how it leans."""

    key: str
    labels: dict
    whys: dict
    weights: tuple[float, float, float]  # per Model, in Model order
    #: model key -> the words of the comparison table's cell this level paraphrases
    table: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang, where=f"community_variables.yaml: level {self.key}")

    def why(self, lang: str = "en") -> str:
        return pick(self.whys, lang, where=f"community_variables.yaml: level {self.key}")

    @property
    def model(self) -> Model | None:
        """The model this level points to most, or None when it points to none or ties."""
        top = max(self.weights)
        if top <= 0 or self.weights.count(top) > 1:
            return None
        return list(Model)[self.weights.index(top)]

    @property
    def leans(self) -> tuple[Model, ...]:
        """Every model this level gives weight to, the strongest first (Rothman's order on ties)."""
        ranked = sorted(range(3), key=lambda i: (-self.weights[i], i))
        return tuple(list(Model)[i] for i in ranked if self.weights[i] > 0)


@dataclass(frozen=True)
class CommunityVariable:
    """A community variable: its label, question and levels (``unsure`` last)."""

    key: str
    labels: dict
    questions: dict
    levels: tuple[Level, ...]
    weight: float
    practice_variable: str

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang, where=f"community_variables.yaml: {self.key} label")

    def question(self, lang: str = "en") -> str:
        return pick(self.questions, lang, where=f"community_variables.yaml: {self.key} question")

    @property
    def level_keys(self) -> tuple[str, ...]:
        return tuple(level.key for level in self.levels)

    def level(self, key: str) -> Level:
        """The level ``key``; an error naming the valid levels otherwise."""
        for level in self.levels:
            if level.key == key:
                return level
        raise UnknownLevelError(variable=self.key, value=str(key), choices=self.level_keys)

    def level_for(self, model: Model) -> Level:
        """The level that leans most towards ``model``."""
        i = list(Model).index(model)
        return max(self.levels, key=lambda lv: (lv.weights[i], lv.weights[i] - sum(lv.weights)))


@dataclass(frozen=True)
class Settings:
    mix_margin: float
    tie_break: str | None


def _texts(entry: object, where: str) -> dict:
    if not isinstance(entry, dict):
        raise DataError(file="community_variables.yaml", problem=f"{where}: expected {{en, id}}")
    for lang in LANGS:
        pick(entry, lang, where=f"community_variables.yaml: {where}")
    return entry


def _weights(raw: object, where: str) -> tuple[float, float, float]:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise DataError(file="community_variables.yaml", problem=f"{where}: weights not a mapping")
    unknown = [k for k in raw if k not in {m.value for m in Model}]
    if unknown:
        raise DataError(
            file="community_variables.yaml", problem=f"{where}: unknown models {unknown}"
        )
    values = []
    for model in Model:
        value = raw.get(model.value, 0)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise DataError(
                file="community_variables.yaml", problem=f"{where}: weight must be a number >= 0"
            )
        values.append(float(value))
    if abs(sum(values) - 1) > 1e-9:
        raise DataError(
            file="community_variables.yaml", problem=f"{where}: weights must add up to 1"
        )
    return tuple(values)


def _table_words(raw: object, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise DataError(
            file="community_variables.yaml", problem=f"{where}: 'table' must map models to words"
        )
    return dict(raw)


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[CommunityVariable, ...], Settings]:
    data = read_yaml("community_variables.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("variables"), list):
        raise DataError(file="community_variables.yaml", problem="missing the list 'variables'")
    unsure = data.get("unsure") or {}
    unsure_level = Level(
        key=UNSURE,
        labels=_texts(unsure.get("label"), "unsure label"),
        whys=_texts(unsure.get("why"), "unsure why"),
        weights=(0.0, 0.0, 0.0),
    )
    variables = []
    for entry in data["variables"]:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str):
            raise DataError(file="community_variables.yaml", problem="a variable has no key")
        levels = []
        for raw in entry.get("levels") or []:
            lkey = raw.get("key")
            if lkey == UNSURE or not isinstance(lkey, str):
                raise DataError(
                    file="community_variables.yaml", problem=f"{key}: bad level {lkey!r}"
                )
            levels.append(
                Level(
                    key=lkey,
                    labels=_texts(raw.get("label"), f"{key}.{lkey} label"),
                    whys=_texts(raw.get("why"), f"{key}.{lkey} why"),
                    weights=_weights(raw.get("weights"), f"{key}.{lkey}"),
                    table=_table_words(raw.get("table"), f"{key}.{lkey}"),
                )
            )
        if len(levels) < 2 or len({lv.key for lv in levels}) != len(levels):
            raise DataError(
                file="community_variables.yaml", problem=f"{key}: levels missing or repeated"
            )
        variables.append(
            CommunityVariable(
                key=key,
                labels=_texts(entry.get("label"), f"{key} label"),
                questions=_texts(entry.get("question"), f"{key} question"),
                levels=(*levels, unsure_level),
                weight=float(entry.get("weight", 1)),
                practice_variable=str(entry.get("practice_variable", "")),
            )
        )
    keys = [v.key for v in variables]
    if len(set(keys)) != len(keys):
        raise DataError(file="community_variables.yaml", problem="variable keys repeated")
    raw_settings = data.get("settings") or {}
    settings = Settings(
        mix_margin=float(raw_settings.get("mix_margin", 0.15)),
        tie_break=raw_settings.get("tie_break"),
    )
    if settings.tie_break is not None and settings.tie_break not in keys:
        raise DataError(file="community_variables.yaml", problem="tie_break names no variable")
    return tuple(variables), settings


def community_variables() -> tuple[CommunityVariable, ...]:
    """The community variables, in the order the data lists them.

    Examples:
        >>> [v.key for v in community_variables()][:6]
        ['problem', 'goal', 'interests', 'power_holders', 'constituency', 'residents']
        >>> community_variables()[0].level_keys
        ('weak_ties', 'service_gap', 'injustice', 'unsure')
    """
    return _load()[0]


def settings() -> Settings:
    """The assessment settings (mix margin, tie-break variable)."""
    return _load()[1]


def variable(key: str) -> CommunityVariable:
    """The community variable ``key``; an error naming the valid keys otherwise.

    Examples:
        >>> variable("goal").label("id")
        'Tujuan upaya'
        >>> variable("budget")
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownVariableError: Unknown variable 'budget'. Choose one of: problem, goal, interests, power_holders, constituency, residents.
    """
    for var in community_variables():
        if var.key == key:
            return var
    raise UnknownVariableError(value=str(key), choices=[v.key for v in community_variables()])


#: How many levels one answer may name at most ("both/all apply").
MAX_LEVELS = 3

#: One answer: a level key, or a tuple of 2-3 distinct level keys that all apply.
Answer = str | tuple[str, ...]


def answer_levels(key: str, value: object) -> tuple[str, ...]:
    """The level keys of one answer, checked: a level, or a list of 2-3 distinct levels.

    A list means that all of its levels apply at once; ``unsure`` cannot be one of them.

    Examples:
        >>> answer_levels("goal", "capacity")
        ('capacity',)
        >>> answer_levels("goal", ["capacity", "solve_task"])
        ('capacity', 'solve_task')
        >>> answer_levels("goal", ["capacity", "capacity"])
        Traceback (most recent call last):
        ...
        rothman.core.errors.InvalidAnswerError: The answer to 'goal' names 'capacity' more than once. Give 2 to 3 different levels from: capacity, solve_task, shift_power, concessions.
    """
    var = variable(key)
    if isinstance(value, str):
        var.level(value)
        return (value,)
    real = [lv for lv in var.level_keys if lv != UNSURE]
    if not isinstance(value, (list, tuple)):
        raise InvalidAnswerError(
            "error_answer_type", variable=key, value=repr(value), choices=var.level_keys
        )
    if len(value) == 1:
        return answer_levels(key, value[0])
    if not 2 <= len(value) <= MAX_LEVELS:
        raise InvalidAnswerError(
            "error_answer_count", variable=key, value=repr(list(value)), choices=real
        )
    for item in value:
        if not isinstance(item, str):
            raise InvalidAnswerError(
                "error_answer_type", variable=key, value=repr(item), choices=var.level_keys
            )
        if item == UNSURE:
            raise InvalidAnswerError("error_answer_unsure", variable=key, choices=real)
        var.level(item)
        if value.count(item) > 1:
            raise InvalidAnswerError(
                "error_answer_repeated", variable=key, value=item, choices=real
            )
    return tuple(value)


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
        rothman.core.errors.UnknownLevelError: Unknown level 'win' for 'goal'. Choose one of: capacity, solve_task, shift_power, concessions, unsure.
    """
    if not isinstance(answers, Mapping):
        raise RothmanError("error_answers_type", value=type(answers).__name__)
    clean: dict[str, Answer] = {}
    for key, value in answers.items():
        levels = answer_levels(key, value)
        clean[key] = levels[0] if len(levels) == 1 else levels
    return clean
