"""Rothman's comparison of the three models on twelve practice variables."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.editions import edition as get_edition
from rothman.core.editions import edition_rows
from rothman.core.errors import UnknownVariableError
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model
from rothman.core.practice_variables import PracticeVariable
from rothman.core.references import cite


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
    import pandas as pd

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


def styled_comparison_table(
    lang: str = "en",
    variables: Iterable[PracticeVariable | str] | None = None,
    models: Iterable[Model | str] | None = None,
    edition: str = "1970",
):
    """The comparison table as a pandas ``Styler`` for notebooks, its edition in the caption.

    Rows whose facts are not fully confirmed get a dagger and a caption that says so.
    """
    import pandas as pd

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
