"""Rothman's (2007) multi modes: three modes of macro practice, each pure or mixed.

Reads ``data/multi_modes.csv`` once and checks it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.data import read_csv
from rothman.core.errors import DataError
from rothman.core.i18n import LANGS, check_lang, confidence_code, text
from rothman.core.references import cite
from rothman.core.two_languages import CONFIDENCE

#: Rothman's (2007) three modes of macro practice, in the order of his 1995 models (B, A, C).
MODES = ("planning_policy", "capacity_development", "social_advocacy")


@lru_cache(maxsize=1)
def _multi_modes() -> tuple[dict[str, str], ...]:
    texts = tuple(f"{p}_{lang}" for p in ("name", "description") for lang in LANGS)
    rows = read_csv(
        "multi_modes.csv", ("mode", "variant", "kind", *texts, "confidence", "source", "note")
    )
    for row in rows:
        where = row["variant"] or "?"
        if row["mode"] not in MODES or row["kind"] not in ("pure", *MODES):
            raise DataError(file="multi_modes.csv", problem=f"'{where}': unknown mode or kind")
        if row["kind"] == row["mode"]:
            raise DataError(file="multi_modes.csv", problem=f"'{where}': a mode mixed with itself")
        if not all(row[c] for c in (*texts, "source")) or row["confidence"] not in CONFIDENCE:
            raise DataError(file="multi_modes.csv", problem=f"'{where}' incomplete")
        if row["confidence"] != "C" and not row["note"]:
            raise DataError(file="multi_modes.csv", problem=f"'{where}': unchecked without a note")
    cells = sorted((r["mode"], r["kind"]) for r in rows)
    expected = sorted((m, "pure" if k == m else k) for m in MODES for k in MODES)
    if cells != expected:
        raise DataError(
            file="multi_modes.csv",
            problem="each mode needs one pure form and one mix per other mode",
        )
    return tuple(rows)


def _form(mode: str, kind: str, lang: str) -> str:
    if kind == "pure":
        return text("course_pure_form", lang)
    return text("course_mixed_with", lang, mode=text(f"course_mode_{kind}", lang))


def multi_modes(lang: str = "en") -> pd.DataFrame:
    """Rothman's (2007) nine variants of macro practice, one row each, in ``lang``.

    Each of the three modes has a pure form and two mixes with the other modes. The
    ``confidence`` column says how sure the row is (``R``: check against Table 1 of the
    2007 article).

    Examples:
        >>> mm = multi_modes("en")
        >>> mm.shape
        (9, 5)
        >>> mm.loc["Participatory planning", "Form"]
        'mixed with Community Capacity Development'
        >>> multi_modes("id").iloc[0, 0]
        'Perencanaan dan Kebijakan'
    """
    import pandas as pd

    check_lang(lang)
    order = {(m, k): i for i, (m, k) in enumerate((m, k) for m in MODES for k in ("pure", *MODES))}
    rows = sorted(_multi_modes(), key=lambda r: order[(r["mode"], r["kind"])])
    frame = pd.DataFrame(
        [
            [
                text(f"course_mode_{r['mode']}", lang),
                _form(r["mode"], r["kind"], lang),
                r[f"description_{lang}"],
                confidence_code(r["confidence"], lang),
                cite(r["source"], lang),
            ]
            for r in rows
        ],
        index=pd.Index([r[f"name_{lang}"] for r in rows], name=text("course_variant", lang)),
        columns=[
            text("course_mode", lang),
            text("course_form", lang),
            text("course_description", lang),
            text("course_confidence", lang),
            text("source", lang),
        ],
    )
    frame.attrs["keys"] = [r["variant"] for r in rows]
    frame.attrs["caption"] = text("course_multi_modes_caption", lang)
    return frame


def multi_modes_grid(lang: str = "en") -> pd.DataFrame:
    """The nine variants as a 3 x 3 cross-tab: main mode (rows) x mode it is mixed with.

    The diagonal holds the pure forms. A dagger marks variants not yet checked against
    the original (confidence other than C).

    Examples:
        >>> grid = multi_modes_grid("en")
        >>> grid.shape
        (3, 3)
        >>> grid.iloc[2, 2]
        'Social action (pure form) †'
    """
    import pandas as pd

    check_lang(lang)
    cells = {(r["mode"], r["kind"]): r for r in _multi_modes()}
    body = []
    for mode in MODES:
        line = []
        for other in MODES:
            row = cells[(mode, "pure" if other == mode else other)]
            name = row[f"name_{lang}"]
            if other == mode:
                name = f"{name} ({text('course_pure_form', lang)})"
            line.append(f"{name} †" if row["confidence"] != "C" else name)
        body.append(line)
    labels = [text(f"course_mode_{m}", lang) for m in MODES]
    frame = pd.DataFrame(
        body,
        index=pd.Index(labels, name=text("course_main_mode", lang)),
        columns=pd.Index(labels, name=text("course_mixed_with_header", lang)),
    )
    frame.attrs["caption"] = text("course_multi_modes_grid_caption", lang)
    return frame
