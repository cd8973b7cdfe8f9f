"""Critiques of Rothman's typology, questions for discussion, and Weil & Gamble's models.

Reads ``data/critiques.yaml`` once and checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.data import read_yaml
from rothman.core.errors import DataError
from rothman.core.i18n import check_lang, confidence_code, text
from rothman.core.models import Model
from rothman.core.references import cite
from rothman.core.two_languages import CONFIDENCE, squeeze, two_languages

#: The five dimensions on which Weil & Gamble compare their models, in their order: a field
#: of each ``weil_gamble`` entry in the data, and the string key of its column heading.
WG_DIMENSIONS: dict[str, str] = {
    "desired_outcome": "course_wg_outcome",
    "system_targeted": "course_wg_targeted",
    "primary_constituency": "course_wg_constituency",
    "scope_of_concern": "course_wg_scope",
    "practitioner_roles": "course_wg_roles",
}


@dataclass(frozen=True)
class Critique:
    """One critique of the typology, in one language, with its source."""

    key: str
    title: str
    text: str
    source: str
    #: False when the data carries a note that the summary or its source is still to check.
    checked: bool


@lru_cache(maxsize=1)
def _critiques_file() -> dict:
    data = read_yaml("critiques.yaml")
    sections = ("critiques", "discussion_questions", "weil_gamble")
    if not isinstance(data, dict) or not all(isinstance(data.get(s), list) for s in sections):
        raise DataError(file="critiques.yaml", problem=f"needs the lists {', '.join(sections)}")
    for section in sections:
        keys = [e.get("key") if isinstance(e, Mapping) else None for e in data[section]]
        if not keys or not all(isinstance(k, str) for k in keys) or len(set(keys)) != len(keys):
            raise DataError(file="critiques.yaml", problem=f"{section}: keys missing or repeated")
    for entry in data["critiques"]:
        _check_texts(entry, ("title", "text"), f"critiques: {entry['key']}")
        if not str(entry.get("source") or "").strip():
            raise DataError(
                file="critiques.yaml", problem=f"critique '{entry['key']}' lacks a source"
            )
    for entry in data["discussion_questions"]:
        _check_texts(entry, ("text",), f"discussion_questions: {entry['key']}")
    for entry in data["weil_gamble"]:
        _check_texts(entry, ("name", "name_2010", *WG_DIMENSIONS), f"weil_gamble: {entry['key']}")
        closest = entry.get("closest_rothman")
        if closest is not None:
            Model.parse(closest)
        if entry.get("confidence") not in CONFIDENCE or not str(entry.get("source") or ""):
            raise DataError(
                file="critiques.yaml", problem=f"weil_gamble '{entry['key']}' incomplete"
            )
    return data


def _check_texts(entry: Mapping, fields: tuple[str, ...], where: str) -> None:
    for field in fields:
        two_languages(entry.get(field), "critiques.yaml", f"{where} {field}")


def critiques(lang: str = "en") -> tuple[Critique, ...]:
    """The critiques of Rothman's typology, in file order, texts in ``lang``.

    Examples:
        >>> [c.key for c in critiques()][:2]
        ['ideal_types_overlap', 'culture_and_race']
        >>> critiques("id")[2].title
        'Gender'
    """
    check_lang(lang)
    return tuple(
        Critique(
            key=e["key"],
            title=squeeze(e["title"][lang]),
            text=squeeze(e["text"][lang]),
            source=cite(str(e["source"]), lang),
            checked=not str(e.get("note") or "").strip(),
        )
        for e in _critiques_file()["critiques"]
    )


def discussion_questions(lang: str = "en") -> tuple[str, ...]:
    """Questions for class discussion, in ``lang``.

    Examples:
        >>> discussion_questions("id")[2]
        'Kapan masuk akal untuk beralih dari aksi sosial ke perencanaan, lalu ke pengembangan masyarakat lokal? Apa yang bisa salah pada setiap peralihan tahap?'
    """
    check_lang(lang)
    return tuple(squeeze(e["text"][lang]) for e in _critiques_file()["discussion_questions"])


def weil_gamble(lang: str = "en") -> pd.DataFrame:
    """Weil & Gamble's eight models of community practice, with the nearest Rothman model.

    The nearest model is this course's reading, not Weil & Gamble's; a model that spans
    or sits between Rothman's three says so.

    Examples:
        >>> wg = weil_gamble("en")
        >>> wg.shape
        (8, 5)
        >>> wg.loc["Social movements", "Name in Gamble & Weil (2010)"]
        'Movements for progressive change'
        >>> wg.loc["Social movements", "Nearest Rothman model (our reading)"]
        'Social Action (C)'
        >>> weil_gamble("id").index[0]
        'Pengorganisasian lingkungan permukiman dan komunitas'
    """
    import pandas as pd

    check_lang(lang)
    entries = _critiques_file()["weil_gamble"]

    def nearest(key: str | None) -> str:
        if key is None:
            return text("course_spans_models", lang)
        model = Model.parse(key)
        return f"{model.label(lang)} ({model.letter})"

    frame = pd.DataFrame(
        [
            [
                squeeze(e["name_2010"][lang]),
                squeeze(e["desired_outcome"][lang]),
                nearest(e.get("closest_rothman")),
                confidence_code(e["confidence"], lang),
                cite(str(e["source"]), lang),
            ]
            for e in entries
        ],
        index=pd.Index(
            [squeeze(e["name"][lang]) for e in entries], name=text("course_wg_model", lang)
        ),
        columns=[
            text("course_wg_name_2010", lang),
            text("course_wg_outcome", lang),
            text("course_wg_nearest", lang),
            text("course_confidence", lang),
            text("source", lang),
        ],
    )
    frame.attrs["keys"] = [e["key"] for e in entries]
    frame.attrs["caption"] = text("course_wg_caption", lang)
    return frame


def weil_gamble_comparison(lang: str = "en") -> pd.DataFrame:
    """Weil & Gamble's eight models on their five dimensions, with confidence and source.

    The texts are this course's words for their comparison table as recalled, not checked
    against it: every row says so in its confidence (U), and the caption says what to check.

    Examples:
        >>> table = weil_gamble_comparison("en")
        >>> table.shape
        (8, 7)
        >>> table.loc["Coalitions", "Practitioner roles"]
        'Mediator, negotiator, spokesperson.'
        >>> weil_gamble_comparison("id").iloc[0, 5]
        'P'
    """
    import pandas as pd

    check_lang(lang)
    entries = _critiques_file()["weil_gamble"]
    frame = pd.DataFrame(
        [
            [squeeze(e[field][lang]) for field in WG_DIMENSIONS]
            + [confidence_code(e["confidence"], lang), cite(str(e["source"]), lang)]
            for e in entries
        ],
        index=pd.Index(
            [squeeze(e["name"][lang]) for e in entries], name=text("course_wg_model", lang)
        ),
        columns=[text(key, lang) for key in WG_DIMENSIONS.values()]
        + [text("course_confidence", lang), text("source", lang)],
    )
    frame.attrs["keys"] = [e["key"] for e in entries]
    frame.attrs["caption"] = text("course_wg_comparison_caption", lang)
    return frame
