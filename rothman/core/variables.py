"""The community conditions students vary, read from ``data/community_variables.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from rothman.core.data import read_yaml
from rothman.core.errors import DataError, UnknownLevelError, UnknownVariableError
from rothman.core.i18n import pick
from rothman.core.models import Model
from rothman.core.two_languages import two_languages

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

    @property
    def choices(self) -> tuple[Level, ...]:
        """The levels in the order a question offers them to choose from: ``unsure`` first.

        Every answer starts at ``unsure``; with it at the top of a list, the ↓ key goes from
        there to the first answer and on through the others (at the bottom, ↓ did nothing).

        Examples:
            >>> from rothman.core.variables import variable
            >>> [level.key for level in variable("problem").choices]
            ['unsure', 'weak_ties', 'service_gap', 'injustice']
        """
        return (
            *(level for level in self.levels if level.key == UNSURE),
            *(level for level in self.levels if level.key != UNSURE),
        )

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
    #: a model outside the mix with at least this fraction of the leader's share is named
    #: as close behind it
    close_behind: float = 2 / 3


def _texts(entry: object, where: str) -> dict:
    two_languages(entry, "community_variables.yaml", where)
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
        close_behind=float(Fraction(str(raw_settings.get("close_behind", "2/3")))),
    )
    if not 0 < settings.close_behind <= 1:
        raise DataError(file="community_variables.yaml", problem="close_behind is not in (0, 1]")
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
