"""Course material beyond the three models: glossary, multi modes, critiques, other lenses.

Reads ``data/glossary.csv``, ``data/multi_modes.csv`` and ``data/critiques.yaml`` once,
validates them, and returns tables (pandas DataFrames with headers in the chosen language)
or Markdown text ready for a notebook.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from rothman.core.cases import Case
from rothman.core.data import read_csv, read_yaml
from rothman.core.errors import DataError
from rothman.core.i18n import LANGS, check_lang, confidence_code, pick, text
from rothman.core.markup import MarkdownText, markdown_text
from rothman.core.models import Model, model_info
from rothman.core.references import cite
from rothman.core.two_languages import CONFIDENCE

#: Rothman's (2007) three modes of macro practice, in the order of his 1995 models (B, A, C).
MODES = ("planning_policy", "capacity_development", "social_advocacy")


@dataclass(frozen=True)
class Critique:
    """One critique of the typology, in one language, with its source."""

    key: str
    title: str
    text: str
    source: str
    #: False when the data carries a note that the summary or its source is still to check.
    checked: bool


# --- glossary -----------------------------------------------------------------------------


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


# --- Rothman (2007): multi modes ----------------------------------------------------------


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


# --- critiques, discussion questions, Weil & Gamble -----------------------------------


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
        _check_texts(
            entry, ("name", "name_2010", "desired_outcome"), f"weil_gamble: {entry['key']}"
        )
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
        for lang in LANGS:
            pick(entry.get(field), lang, where=f"critiques.yaml: {where} {field}")


def _clean(value: str) -> str:
    return " ".join(value.split())


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
            title=_clean(e["title"][lang]),
            text=_clean(e["text"][lang]),
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
    return tuple(_clean(e["text"][lang]) for e in _critiques_file()["discussion_questions"])


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
                _clean(e["name_2010"][lang]),
                _clean(e["desired_outcome"][lang]),
                nearest(e.get("closest_rothman")),
                confidence_code(e["confidence"], lang),
                cite(str(e["source"]), lang),
            ]
            for e in entries
        ],
        index=pd.Index(
            [_clean(e["name"][lang]) for e in entries], name=text("course_wg_model", lang)
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


# --- ready-made Markdown and table styling ---------------------------------------------


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
        parts.append(f"### {info.letter}. {info.name(lang)}\n\n{_clean(info.summary(lang))}")
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
