"""The course glossary: terms in both languages with their definitions and sources.

Reads ``data/glossary.csv`` once and checks it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.data import read_csv
from rothman.core.errors import DataError
from rothman.core.i18n import LANGS, check_lang, text
from rothman.core.references import cite


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, str], ...]:
    columns = ("term_key", *(f"{p}_{lang}" for p in ("term", "definition") for lang in LANGS))
    rows = read_csv("glossary.csv", (*columns, "source"))
    seen = set()
    for row in rows:
        key = row["term_key"]
        if not key.replace("_", "").isalnum() or key in seen:
            raise DataError(file="glossary.csv", problem=f"term_key '{key}' bad or repeated")
        seen.add(key)
        empty = [c for c in (*columns, "source") if not row[c]]
        if empty:
            raise DataError(file="glossary.csv", problem=f"'{key}' lacks {', '.join(empty)}")
    if not rows:
        raise DataError(file="glossary.csv", problem="no terms")
    return tuple(rows)


def glossary(lang: str = "en") -> pd.DataFrame:
    """The glossary in ``lang``, sorted by term, with the term in the other languages too.

    Args:
        lang: ``"en"`` or ``"id"``.

    Returns:
        One row per term: the term (index), the term in each other language, its definition
        and its source. ``attrs["keys"]`` holds the term keys in row order.

    Examples:
        >>> g = glossary("id")
        >>> list(g.columns)
        ['Bahasa Inggris', 'Definisi', 'Sumber']
        >>> g.loc["Struktur kekuasaan", "Bahasa Inggris"]
        'Power structure'
        >>> glossary("en").index.name
        'Term'
    """
    import pandas as pd

    check_lang(lang)
    rows = sorted(_glossary(), key=lambda r: r[f"term_{lang}"].casefold())
    others = [o for o in LANGS if o != lang]
    frame = pd.DataFrame(
        [
            [*(r[f"term_{o}"] for o in others), r[f"definition_{lang}"], cite(r["source"], lang)]
            for r in rows
        ],
        index=pd.Index([r[f"term_{lang}"] for r in rows], name=text("course_term", lang)),
        columns=[
            *(text(f"language_called_{o}", lang) for o in others),
            text("course_definition", lang),
            text("source", lang),
        ],
    )
    frame.attrs["keys"] = [r["term_key"] for r in rows]
    frame.attrs["caption"] = text("course_glossary_caption", lang)
    return frame
