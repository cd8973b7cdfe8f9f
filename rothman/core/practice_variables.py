"""Rothman's twelve practice variables and the cells of his comparison table.

Reads ``data/practice_variables.csv`` and ``data/comparison_table.csv`` once and checks them.
The editions of the table (:mod:`rothman.core.editions`) and the table itself
(:mod:`rothman.core.table`) are built from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.data import read_csv
from rothman.core.errors import DataError, UnknownVariableError
from rothman.core.i18n import LANGS, check_lang, pick
from rothman.core.models import Model
from rothman.core.references import cite
from rothman.core.two_languages import CONFIDENCE


class PracticeVariable(str, Enum):
    """Rothman's twelve practice variables, in his order.

    Examples:
        >>> len(PracticeVariable)
        12
        >>> PracticeVariable.POWER_STRUCTURE.label("id")
        'Orientasi terhadap struktur kekuasaan'
    """

    GOAL_CATEGORIES = "goal_categories"
    STRUCTURE_AND_PROBLEMS = "structure_and_problems"
    CHANGE_STRATEGY = "change_strategy"
    CHANGE_TACTICS = "change_tactics"
    PRACTITIONER_ROLES = "practitioner_roles"
    MEDIUM_OF_CHANGE = "medium_of_change"
    POWER_STRUCTURE = "power_structure"
    CLIENT_SYSTEM_BOUNDARY = "client_system_boundary"
    SUBPART_INTERESTS = "subpart_interests"
    PUBLIC_INTEREST = "public_interest"
    CLIENT_POPULATION = "client_population"
    CLIENT_ROLE = "client_role"

    def __str__(self) -> str:
        return self.value

    def label(self, lang: str = "en") -> str:
        """The variable's name in ``lang``."""
        return _variables()[self].labels[check_lang(lang)]

    @property
    def confidence(self) -> str:
        """C (confirmed), R (widely reproduced, not checked against the book) or U."""
        return _variables()[self].confidence

    @classmethod
    def parse(cls, value: object) -> PracticeVariable:
        try:
            return cls(value)
        except ValueError:
            raise UnknownVariableError(value=str(value), choices=[v.value for v in cls]) from None


@dataclass(frozen=True)
class _VariableRow:
    order: int
    labels: dict
    confidence: str
    source: str
    note: str


@dataclass(frozen=True)
class Cell:
    """One cell of the comparison table, both languages, with its source."""

    texts: dict
    confidence: str
    source: str
    note: str


@lru_cache(maxsize=1)
def _variables() -> dict[PracticeVariable, _VariableRow]:
    rows = read_csv(
        "practice_variables.csv",
        ("order", "key", "label_en", "label_id", "confidence", "source", "note"),
    )
    out = {}
    for row in rows:
        var = PracticeVariable.parse(row["key"])
        labels = {lang: row[f"label_{lang}"] for lang in LANGS}
        if not all(labels.values()) or row["confidence"] not in CONFIDENCE:
            raise DataError(file="practice_variables.csv", problem=f"row '{var.value}' incomplete")
        out[var] = _VariableRow(
            int(row["order"]), labels, row["confidence"], row["source"], row["note"]
        )
    missing = [v.value for v in PracticeVariable if v not in out]
    if missing:
        raise DataError(file="practice_variables.csv", problem=f"variables missing: {missing}")
    if [out[v].order for v in PracticeVariable] != list(range(1, 13)):
        raise DataError(file="practice_variables.csv", problem="order must follow Rothman's 1..12")
    return out


@lru_cache(maxsize=1)
def _cells() -> dict[tuple[PracticeVariable, Model], Cell]:
    rows = read_csv(
        "comparison_table.csv",
        ("variable", "model", "text_en", "text_id", "confidence", "source", "note"),
    )
    out = {}
    for row in rows:
        key = (PracticeVariable.parse(row["variable"]), Model.parse(row["model"]))
        if key in out:
            raise DataError(file="comparison_table.csv", problem=f"cell {key} repeated")
        texts = {lang: row[f"text_{lang}"] for lang in LANGS}
        if not all(texts.values()) or row["confidence"] not in CONFIDENCE or not row["source"]:
            raise DataError(file="comparison_table.csv", problem=f"cell {key} incomplete")
        out[key] = Cell(texts, row["confidence"], row["source"], row["note"])
    missing = [(v.value, m.value) for v in PracticeVariable for m in Model if (v, m) not in out]
    if missing:
        raise DataError(file="comparison_table.csv", problem=f"cells missing: {missing}")
    return out


def cell(variable: PracticeVariable | str, model: Model | str) -> Cell:
    """One cell of the table, with both languages and its source."""
    return _cells()[(PracticeVariable.parse(variable), Model.parse(model))]


def cell_text(variable: PracticeVariable | str, model: Model | str, lang: str = "en") -> str:
    """The text of one cell in ``lang``, e.g. a model's change tactics or medium of change.

    Examples:
        >>> cell_text("change_tactics", "social_planning")
        'Consensus or conflict; either may be used.'
    """
    found = cell(variable, model)
    return pick(found.texts, lang, where=f"comparison_table.csv: {found.source}")


def practice_variables(lang: str = "en") -> pd.DataFrame:
    """The twelve practice variables with their confidence and source.

    Examples:
        >>> list(practice_variables().columns)
        ['key', 'label', 'confidence', 'source', 'note']
    """
    import pandas as pd

    check_lang(lang)
    rows = _variables()
    return pd.DataFrame(
        [
            {
                "key": v.value,
                "label": rows[v].labels[lang],
                "confidence": rows[v].confidence,
                "source": cite(rows[v].source, lang),
                "note": rows[v].note,
            }
            for v in PracticeVariable
        ],
        index=pd.RangeIndex(1, 13, name="order"),
    )
