"""The three models, the power-structure roles, and their descriptions from ``data/models.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rothman.core.data import read_yaml
from rothman.core.errors import DataError, UnknownModelError
from rothman.core.i18n import pick


class Model(str, Enum):
    """Rothman's three models of community intervention, in his order (A, B, C).

    Examples:
        >>> Model("social_action")
        <Model.SOCIAL_ACTION: 'social_action'>
        >>> [m.letter for m in Model]
        ['A', 'B', 'C']
        >>> Model.SOCIAL_PLANNING.label("id")
        'Perencanaan Sosial'
    """

    LOCALITY_DEVELOPMENT = "locality_development"
    SOCIAL_PLANNING = "social_planning"
    SOCIAL_ACTION = "social_action"

    def __str__(self) -> str:
        return self.value

    @property
    def letter(self) -> str:
        """Rothman's letter for the model: A, B or C."""
        return model_info(self).letter

    @property
    def power_structure_role(self) -> PowerRole:
        """The role the power structure plays under this model."""
        return model_info(self).power_structure_role

    def label(self, lang: str = "en") -> str:
        """The model's name in ``lang``."""
        return model_info(self).name(lang)

    @classmethod
    def parse(cls, value: object) -> Model:
        """A :class:`Model` from itself or its key; a clear error otherwise.

        Examples:
            >>> Model.parse("locality_development")
            <Model.LOCALITY_DEVELOPMENT: 'locality_development'>
        """
        try:
            return cls(value)
        except ValueError:
            raise UnknownModelError(value=str(value), choices=[m.value for m in cls]) from None


class PowerRole(str, Enum):
    """What the power structure is to the effort (Rothman's practice variable 7).

    Examples:
        >>> PowerRole.TARGET.label("en")
        'Target of action'
    """

    COLLABORATORS = "collaborators"
    SPONSORS = "sponsors"
    TARGET = "target"

    def __str__(self) -> str:
        return self.value

    def label(self, lang: str = "en") -> str:
        """The role's name in ``lang``."""
        return pick(_roles()[self]["name"], lang, where=f"models.yaml: role {self.value}")

    def explanation(self, lang: str = "en") -> str:
        """Two or three sentences on what the role means for practice."""
        return pick(_roles()[self]["explanation"], lang, where=f"models.yaml: role {self.value}")

    @classmethod
    def parse(cls, value: object) -> PowerRole:
        """A :class:`PowerRole` from itself or its key; a clear error otherwise."""
        try:
            return cls(value)
        except ValueError:
            raise UnknownModelError(value=str(value), choices=[r.value for r in cls]) from None


@dataclass(frozen=True)
class ModelInfo:
    """Everything the data says about one model, in both languages."""

    model: Model
    letter: str
    names: dict
    summaries: dict
    slogans: dict
    slogan_confidence: str
    power_structure_role: PowerRole
    practitioner_roles: tuple[str, ...]
    examples_text: dict
    source: str

    def name(self, lang: str = "en") -> str:
        return pick(self.names, lang, where=f"models.yaml: {self.model.value} name")

    def summary(self, lang: str = "en") -> str:
        return pick(self.summaries, lang, where=f"models.yaml: {self.model.value} summary")

    def slogan(self, lang: str = "en") -> str:
        return pick(self.slogans, lang, where=f"models.yaml: {self.model.value} slogan")

    def examples(self, lang: str = "en") -> str:
        return pick(self.examples_text, lang, where=f"models.yaml: {self.model.value} examples")


@dataclass(frozen=True)
class PractitionerRole:
    """A practitioner role (enabler, advocate, ...) and the models where it is salient."""

    key: str
    names: dict
    descriptions: dict
    models: tuple[Model, ...]
    source: str

    def name(self, lang: str = "en") -> str:
        return pick(self.names, lang, where=f"models.yaml: practitioner role {self.key}")

    def description(self, lang: str = "en") -> str:
        return pick(self.descriptions, lang, where=f"models.yaml: practitioner role {self.key}")


@lru_cache(maxsize=1)
def _load() -> dict:
    data = read_yaml("models.yaml")
    if not isinstance(data, dict):
        raise DataError(file="models.yaml", problem="expected a mapping")
    for section in ("models", "power_structure_roles", "practitioner_roles"):
        if not isinstance(data.get(section), list):
            raise DataError(file="models.yaml", problem=f"missing the list '{section}'")
    return data


@lru_cache(maxsize=1)
def _roles() -> dict[PowerRole, dict]:
    roles = {}
    for entry in _load()["power_structure_roles"]:
        roles[PowerRole.parse(entry.get("key"))] = entry
    missing = [r.value for r in PowerRole if r not in roles]
    if missing:
        raise DataError(file="models.yaml", problem=f"power-structure roles missing: {missing}")
    return roles


@lru_cache(maxsize=1)
def _infos() -> dict[Model, ModelInfo]:
    infos = {}
    known_roles = {r["key"] for r in _load()["practitioner_roles"]}
    for entry in _load()["models"]:
        try:
            model = Model.parse(entry["key"])
            roles = tuple(entry["practitioner_roles"])
            unknown = [r for r in roles if r not in known_roles]
            if unknown:
                raise DataError(
                    file="models.yaml", problem=f"{model.value}: unknown roles {unknown}"
                )
            infos[model] = ModelInfo(
                model=model,
                letter=str(entry["letter"]),
                names=entry["name"],
                summaries=entry["summary"],
                slogans=entry["slogan"],
                slogan_confidence=str(entry.get("slogan_confidence", "R")),
                power_structure_role=PowerRole.parse(entry["power_structure_role"]),
                practitioner_roles=roles,
                examples_text=entry["examples"],
                source=str(entry["source"]),
            )
        except (KeyError, TypeError) as exc:
            raise DataError(file="models.yaml", problem=f"model entry lacks {exc}") from None
    missing = [m.value for m in Model if m not in infos]
    if missing:
        raise DataError(file="models.yaml", problem=f"models missing: {missing}")
    return infos


def model_info(model: Model | str) -> ModelInfo:
    """The data on one model.

    Examples:
        >>> model_info("social_action").power_structure_role
        <PowerRole.TARGET: 'target'>
    """
    return _infos()[Model.parse(model)]


def practitioner_roles() -> tuple[PractitionerRole, ...]:
    """Every practitioner role in the data, in file order."""
    out = []
    for entry in _load()["practitioner_roles"]:
        out.append(
            PractitionerRole(
                key=entry["key"],
                names=entry["name"],
                descriptions=entry["description"],
                models=tuple(Model.parse(m) for m in entry["models"]),
                source=str(entry.get("source", "")),
            )
        )
    return tuple(out)
