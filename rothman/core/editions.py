"""Editions of Rothman's comparison table, kept apart, and how the table changed.

The 1970 table is the twelve practice variables of ``practice_variables.csv`` with the
cells of ``comparison_table.csv``. The 1995/2001 table keeps the first nine rows and has
rows of its own (``data/table_editions.yaml``, ``later_rows``). Rothman (2007) has no
table of this kind; it is part of the history only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rothman.core.data import read_yaml
from rothman.core.errors import DataError, RothmanError
from rothman.core.i18n import LANGS, check_lang, pick, text
from rothman.core.markup import MarkdownText
from rothman.core.models import Model
from rothman.core.practice_variables import PracticeVariable, cell
from rothman.core.references import cite, parse
from rothman.core.two_languages import CONFIDENCE, two_languages

_FILE = "table_editions.yaml"
#: The edition ``comparison_table`` shows unless asked for another.
DEFAULT_EDITION = "1970"


class UnknownEditionError(RothmanError):
    """An edition of the table that the data does not hold."""

    key = "error_unknown_edition"


@dataclass(frozen=True)
class Edition:
    """One stage in the history of Rothman's comparison."""

    key: str
    year: str
    source: str
    has_table: bool
    labels: Mapping[str, str]
    history: Mapping[str, str]
    confidence: str
    notes: Mapping[str, str]

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang)

    def note(self, lang: str = "en") -> str:
        return self.notes.get(check_lang(lang), "")


@dataclass(frozen=True)
class Row:
    """One row of a table edition: the variable's label, its three cells and its source."""

    key: str
    labels: Mapping[str, str]
    cells: Mapping[Model, Mapping[str, str]]
    confidence: str
    source: str
    note: str

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang)


def _bilingual(raw: object, where: str, required: bool = True) -> dict[str, str]:
    return two_languages(raw, _FILE, where, required)


def _check_source(source: object, where: str) -> str:
    if not isinstance(source, str) or not source.strip():
        raise DataError(file=_FILE, problem=f"{where} needs a source")
    parse(source)  # every key must be in the reference list
    return source


@lru_cache(maxsize=1)
def _file() -> tuple[tuple[Edition, ...], dict[str, list], dict[str, Row]]:
    data = read_yaml(_FILE)
    if not isinstance(data, Mapping) or not isinstance(data.get("editions"), list):
        raise DataError(file=_FILE, problem="expected 'editions' and 'later_rows'")
    later: dict[str, Row] = {}
    for raw in data.get("later_rows") or []:
        key = raw.get("key")
        cells = raw.get("cells") or {}
        if raw.get("confidence") not in CONFIDENCE or set(cells) != {m.value for m in Model}:
            raise DataError(file=_FILE, problem=f"row '{key}' needs a confidence and three cells")
        later[key] = Row(
            key=raw.get("variable") or key,  # a row reworded in a later edition keeps its key
            labels=_bilingual(raw.get("label"), f"row '{key}' label"),
            cells={Model(m): _bilingual(c, f"row '{key}' cell {m}") for m, c in cells.items()},
            confidence=raw["confidence"],
            source=_check_source(raw.get("source"), f"row '{key}'"),
            note=_bilingual(raw.get("note"), f"row '{key}' note")["en"],
        )
    editions, variables = [], {}
    for raw in data["editions"]:
        key = str(raw.get("key"))
        if raw.get("confidence") not in CONFIDENCE:
            raise DataError(file=_FILE, problem=f"edition '{key}' needs a confidence")
        notes = _bilingual(raw.get("note"), f"edition '{key}' note", required=False)
        if raw["confidence"] != "C" and not all(notes.values()):
            raise DataError(file=_FILE, problem=f"edition '{key}' is not confirmed: add a note")
        editions.append(
            Edition(
                key=key,
                year=str(raw.get("year")),
                source=_check_source(raw.get("source"), f"edition '{key}'"),
                has_table=bool(raw.get("table")),
                labels=_bilingual(raw.get("label"), f"edition '{key}' label"),
                history=_bilingual(raw.get("history"), f"edition '{key}' history"),
                confidence=raw["confidence"],
                notes=notes,
            )
        )
        if raw.get("variables"):
            variables[key] = list(raw["variables"])
    return tuple(editions), variables, later


def editions() -> tuple[Edition, ...]:
    """The stages of the comparison, oldest first.

    Examples:
        >>> [e.key for e in editions()]
        ['1970', '1995', '2007', '2008']
    """
    return _file()[0]


def table_editions() -> tuple[str, ...]:
    """The editions that have a comparison table.

    Examples:
        >>> table_editions()
        ('1970', '1995')
    """
    return tuple(e.key for e in editions() if e.has_table)


def edition(key: object = DEFAULT_EDITION, tables_only: bool = True) -> Edition:
    """One edition by key (``"1970"`` or ``"1995"``); an error naming the choices otherwise."""
    choices = table_editions() if tables_only else tuple(e.key for e in editions())
    for item in editions():
        if item.key == str(key) and item.key in choices:
            return item
    raise UnknownEditionError(value=str(key), choices=choices)


def edition_rows(key: object = DEFAULT_EDITION) -> tuple[Row, ...]:
    """The rows of one edition's table, in its order.

    Examples:
        >>> [r.key for r in edition_rows("1995")][-3:]
        ['beneficiaries', 'beneficiary_role', 'use_of_empowerment']
        >>> len(edition_rows("1970")), edition_rows("1970")[9].key
        (12, 'public_interest')
    """
    ed = edition(key)
    _, variables, later = _file()
    keys = variables.get(ed.key) or [v.value for v in PracticeVariable]
    rows = []
    for k in keys:
        if k in later:
            rows.append(later[k])
            continue
        var = PracticeVariable.parse(k)
        cells = {m: cell(var, m) for m in Model}
        first = cells[Model.LOCALITY_DEVELOPMENT]
        rows.append(
            Row(
                key=var.value,
                labels={lang: var.label(lang) for lang in LANGS},
                cells={m: c.texts for m, c in cells.items()},
                # a row is as certain as its least certain cell
                confidence=max((c.confidence for c in cells.values()), key=CONFIDENCE.index),
                source=first.source,
                note=first.note,
            )
        )
    return tuple(rows)


def table_history_markdown(lang: str = "en") -> str:
    """How the comparison changed, 1970 → 1995/2001 → 2007 → 2008, as Markdown with sources.

    Examples:
        >>> print(table_history_markdown("id").splitlines()[0])
        - **1968/1970**, tabel asli. Rothman pertama kali membandingkan tiga model praktik pengorganisasian komunitas, yang diberi huruf A, B, dan C, berdasarkan dua belas variabel praktik. ...
    """
    check_lang(lang)
    lines = []
    for e in editions():
        line = f"- **{e.year}**, {e.label(lang)}. {e.history[lang]} ({cite(e.source, lang)})"
        if e.confidence != "C":
            line += f" † {e.note(lang)}"
        lines.append(line)
    lines.append("")
    lines.append("† " + text("course_check_original", lang))

    return MarkdownText("\n".join(lines))
