"""Course material ready for a notebook: Markdown cells and styled tables.

The three models, a case study, the critiques and the discussion questions as Markdown
(text from files and users is escaped, never read as markup), and any course table as a
pandas ``Styler``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.case_study import Case
from rothman.core.critiques import critiques, discussion_questions
from rothman.core.i18n import check_lang, text
from rothman.core.markup import MarkdownText, markdown_text
from rothman.core.models import Model, model_info
from rothman.core.two_languages import squeeze


def models_markdown(lang: str = "en") -> MarkdownText:
    """The three models, one short section each: name, summary, a teaching slogan.

    Examples:
        >>> print(models_markdown("id").splitlines()[0])
        ### A. Pengembangan Masyarakat Lokal
    """
    check_lang(lang)
    parts = []
    for model in Model:
        info = model_info(model)
        slogan = f"> *“{info.slogan(lang)}”*"
        if info.slogan_confidence != "C":
            slogan += f" ({text('course_slogan_note', lang)})"
        parts.append(f"### {info.letter}. {info.name(lang)}\n\n{squeeze(info.summary(lang))}")
        parts.append(slogan)
    return MarkdownText("\n\n".join(parts))


def case_markdown(item: Case) -> MarkdownText:
    """A case study as Markdown, in the case's language: title, setting, story and source.

    Nothing that gives the answer away (the explanation, the expected model) is shown.

    Examples:
        >>> from rothman import case
        >>> print(case_markdown(case("love_canal", "id")).splitlines()[0])
        ### Love Canal\\: warga dan timbunan limbah
    """
    # case files come from anyone: their text is escaped, never read as Markdown or HTML
    parts = [f"### {markdown_text(item.title)}"]
    if item.setting:
        parts.append(f"*{markdown_text(item.setting)}*")
    parts.append(markdown_text(item.story))
    source = markdown_text(f"{text('source', item.lang)}: {item.source_text}")
    parts.append(f"*{source}*")
    return MarkdownText("\n\n".join(parts))


def critiques_markdown(lang: str = "en") -> MarkdownText:
    """The critiques as Markdown: a heading, the text and the source for each.

    A dagger marks a critique whose summary or source is still to be checked, with a
    footnote that says so.

    Examples:
        >>> print(critiques_markdown("en").splitlines()[0])
        #### 1. Ideal types that overlap
        >>> print(critiques_markdown("id").splitlines()[-1])
        † Ringkasan ini atau sumbernya masih perlu dicek pada teks aslinya sebelum dikutip.
    """
    items = critiques(lang)
    parts = [
        f"#### {i}. {c.title}\n\n{c.text}\n\n*{text('source', lang)}: {c.source}*"
        + ("" if c.checked else " †")
        for i, c in enumerate(items, start=1)
    ]
    if not all(c.checked for c in items):
        parts.append("---\n\n† " + text("course_check_original", lang))
    return MarkdownText("\n\n".join(parts))


def questions_markdown(lang: str = "en") -> MarkdownText:
    """The discussion questions as a numbered Markdown list.

    Examples:
        >>> print(questions_markdown("en").splitlines()[2][:40])
        3. When might it make sense to move from
    """
    return MarkdownText(
        "\n".join(f"{i}. {q}" for i, q in enumerate(discussion_questions(lang), start=1))
    )


def style_table(frame: pd.DataFrame, compact: bool = True):
    """A table of this module as a pandas ``Styler``: text left and top, caption below.

    Args:
        frame: a table from this module (its ``attrs["caption"]`` becomes the caption).
        compact: move a column whose rows all hold the same value (a shared source, say)
            out of the table and into the caption, so it is said once, not on every row.

    Examples:
        >>> from rothman.core.multi_modes import multi_modes
        >>> html = style_table(multi_modes("en")).to_html()
        >>> "Participatory planning" in html and "Source: Rothman (2007)" in html
        True
        >>> html.count("Rothman (2007)")
        2
    """
    caption = [frame.attrs["caption"]] if frame.attrs.get("caption") else []
    if frame.columns.name is None and frame.index.name is not None:
        # one header row: the index name goes in the corner above the row labels
        frame = frame.rename_axis(index=None, columns=frame.index.name)
    if compact and len(frame) > 1:
        same = [c for c in frame.columns if frame[c].nunique() == 1]
        caption += [f"{c}: {frame[c].iloc[0]}." for c in same]
        frame = frame.drop(columns=same)
    styler = frame.style.format(escape="html").format_index(escape="html", axis=0)
    styler = styler.format_index(escape="html", axis=1).set_table_styles(
        [
            {"selector": "th, td", "props": "text-align: left; vertical-align: top; padding: 6px;"},
            {"selector": "th.row_heading", "props": "font-weight: 600; max-width: 14em;"},
            {"selector": "td", "props": "max-width: 30em;"},
            {"selector": "caption", "props": "caption-side: bottom; text-align: left;"},
        ]
    )
    if caption:
        styler = styler.set_caption(html.escape(" ".join(caption), quote=False))
    return styler.set_table_attributes('class="rothman-table"')
