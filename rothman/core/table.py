"""Rothman's comparison of the three models on twelve practice variables."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import pandas as pd

from rothman.core.data import read_csv
from rothman.core.errors import DataError, UnknownVariableError
from rothman.core.i18n import LANGS, check_lang, pick, text
from rothman.core.models import Model
from rothman.core.references import cite


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


_CONFIDENCE = ("C", "R", "U")


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
        if not all(labels.values()) or row["confidence"] not in _CONFIDENCE:
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
        if not all(texts.values()) or row["confidence"] not in _CONFIDENCE or not row["source"]:
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


def comparison_table(
    lang: str = "en",
    variables: Iterable[PracticeVariable | str] | None = None,
    models: Iterable[Model | str] | None = None,
    edition: str = "1970",
) -> pd.DataFrame:
    """The comparison table: practice variables (rows, Rothman's order) x models (columns).

    Args:
        lang: ``"en"`` or ``"id"``.
        variables: practice variables to keep (default: all the edition's rows).
        models: models to keep (default: all three).
        edition: ``"1970"`` (the original table, the default) or ``"1995"`` (the table of
            1995/2001, whose last rows differ). ``attrs["edition"]`` and
            ``attrs["caption"]`` say which it is.

    Examples:
        >>> t = comparison_table("id")
        >>> t.shape
        (12, 3)
        >>> list(t.columns)
        ['Pengembangan Masyarakat Lokal', 'Perencanaan Sosial', 'Aksi Sosial']
        >>> comparison_table(variables=["power_structure"], models=["social_action"]).shape
        (1, 1)
        >>> comparison_table("en", edition="1995").index[-1]
        'Use of empowerment'
        >>> comparison_table(edition="2030")
        Traceback (most recent call last):
        ...
        rothman.core.editions.UnknownEditionError: Unknown edition '2030'. Choose one of: 1970, 1995.
    """
    from rothman.core.editions import edition as get_edition
    from rothman.core.editions import edition_rows

    check_lang(lang)
    ed = get_edition(edition)
    rows = edition_rows(ed.key)
    if variables is not None:
        known = [r.key for r in rows]
        wanted = {str(PracticeVariable(v).value if isinstance(v, PracticeVariable) else v)
                  for v in variables}  # fmt: skip
        bad = sorted(wanted - set(known))
        if bad:
            raise UnknownVariableError(value=bad[0], choices=known)
        rows = tuple(r for r in rows if r.key in wanted)
    ms = [m for m in Model if models is None or m in {Model.parse(x) for x in models}]
    frame = pd.DataFrame(
        [[r.cells[m][lang] for m in ms] for r in rows],
        index=pd.Index([r.label(lang) for r in rows], name=text("practice_variable", lang)),
        columns=[m.label(lang) for m in ms],
    )
    frame.attrs["keys"] = {"variables": [r.key for r in rows], "models": [m.value for m in ms]}
    frame.attrs["confidence"] = [r.confidence for r in rows]
    frame.attrs["edition"] = ed.key
    frame.attrs["caption"] = text(
        "table_caption_edition",
        lang,
        edition=ed.label(lang),
        year=ed.year,
        source=cite(ed.source, lang),
    )
    return frame


def practice_variables(lang: str = "en") -> pd.DataFrame:
    """The twelve practice variables with their confidence and source.

    Examples:
        >>> list(practice_variables().columns)
        ['key', 'label', 'confidence', 'source', 'note']
    """
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


def styled_comparison_table(
    lang: str = "en",
    variables: Iterable[PracticeVariable | str] | None = None,
    models: Iterable[Model | str] | None = None,
    edition: str = "1970",
):
    """The comparison table as a pandas ``Styler`` for notebooks, its edition in the caption.

    Rows whose facts are not fully confirmed get a dagger and a caption that says so.
    """
    frame = comparison_table(lang, variables, models, edition)
    caption = frame.attrs["caption"]
    marked = [
        f"{label} †" if confidence != "C" else label
        for label, confidence in zip(frame.index, frame.attrs["confidence"])
    ]
    frame = frame.set_axis(pd.Index(marked, name=frame.index.name), axis=0)
    # cells are data a lecturer edits: shown as text, never as markup
    styler = frame.style.format(escape="html").format_index(escape="html", axis=0)
    styler = (
        styler.format_index(escape="html", axis=1)
        .set_caption(html.escape(caption, quote=False))
        .set_table_styles(
            [
                {
                    "selector": "th, td",
                    "props": "text-align: left; vertical-align: top; padding: 6px;",
                },
                {"selector": "th.row_heading", "props": "font-weight: 600; max-width: 14em;"},
                {"selector": "td", "props": "max-width: 18em;"},
                {"selector": "caption", "props": "caption-side: bottom; text-align: left;"},
            ]
        )
    )
    return styler.set_table_attributes('class="rothman-table"')
