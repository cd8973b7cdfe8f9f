"""The reference list: each entry written out in full (plain text, HTML or Markdown) in the
style of the course, and the whole list as a table."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.i18n import check_lang, text
from rothman.core.markup import MarkdownText
from rothman.core.references import Reference, pages_text, reference, references, year_text


def _names(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _end(value: str) -> str:
    """``value`` closed with a full stop, unless it already ends with one (or ? or !)."""
    return value if value.rstrip().endswith((".", "?", "!")) else value + "."


def _edition(n: int, lang: str) -> str:
    """``3rd ed.``, ``edisi ke-3``: the strings give an ordinal's form by its last digit
    where a language needs it (1, 2, 3; not 11, 12, 13), and one form for the rest."""
    last = 0 if n % 100 in (11, 12, 13) else n % 10
    return text(f"ref_edition_{last}" if last in (1, 2, 3) else "ref_edition", lang, n=n)


def _language(ref: Reference, lang: str) -> str:
    """What the entry says of its language, for a reader of ``lang`` ("" when nothing).

    A translation names its original. Other works name their language when the reader
    reads another one, except English: the field's literature is in English, and every
    reader of the course reads it.
    """
    name = text(f"ref_language_{ref.language}", lang)
    if "translation_of" in ref.fields:
        work = reference(ref.fields["translation_of"]).short(lang)
        return " " + _end(text("ref_translation_of", lang, language=name, work=work))
    if ref.language in (lang, "en"):
        return ""
    return " " + _end(text("ref_written_in", lang, language=name))


def _parts(ref: Reference, lang: str) -> list[tuple[str, bool]]:
    """The entry as (text, is_title) pieces, so that plain text and HTML share one layout."""
    f = ref.fields
    who = _names(ref.authors)
    if ref.editors_are_authors:
        who += f" ({text('ref_eds', lang)})"
    out: list[tuple[str, bool]] = [(f"{who} ({year_text(ref.year, lang)}). ", False)]
    edition = _edition(ref.edition, lang) if ref.edition else ""
    if ref.kind == "article":
        out += [(_end(ref.title) + " ", False), (f.get("journal", ""), True)]
        if "volume" in f:
            out.append((f", {f['volume']}" + (f"({f['issue']})" if "issue" in f else ""), False))
        if "pages" in f:
            out.append((f", {f['pages'].replace('-', '–')}", False))
        out.append((".", False))
    elif ref.kind in ("chapter", "entry") or (ref.kind == "web" and "book" in f):
        out.append((_end(ref.title) + " ", False))
        lead = text("ref_in", lang)
        if ref.editors:
            lead += f" {_names(ref.editors)} ({text('ref_eds', lang)}),"
        out += [(f"{lead} ", False), (f.get("book", ""), True)]
        extra = [e for e in (edition, pages_text(f["pages"], lang) if "pages" in f else "") if e]
        if extra:
            out.append((f" ({', '.join(extra)})", False))
        out.append((".", False))
    else:  # book, report, law, web
        out.append((ref.title, True))
        if edition:
            out.append((f" ({edition})", False))
        out.append((".", False))
        if ref.kind == "report" and ref.editors:
            out.append((" " + _end(text("ref_edited_by", lang, names=_names(ref.editors))), False))
    if "publisher" in f:
        where = f"{f['place']}: {f['publisher']}" if "place" in f else f["publisher"]
        out.append((f" {where}.", False))
    out.append((_language(ref, lang), False))
    if "reprint" in f:
        out.append(
            (f" {text('ref_reprinted_in', lang, work=reference(f['reprint']).short(lang))}.", False)
        )
    if "url" in f:
        out.append((f" {f['url']}", False))
    return [(t, title) for t, title in out if t]


def format_reference(key: str, lang: str = "en") -> str:
    """The full entry as plain text in ``lang`` (titles as published).

    Examples:
        >>> print(format_reference("rothman_2007"))
        Rothman, J. (2007). Multi modes of intervention at the macro level. Journal of Community Practice, 15(4), 11–40.
        >>> print(format_reference("rothman_1995", "id"))
        Rothman, J. (1995). Approaches to community intervention. Dalam Rothman, J., Erlich, J. L. & Tropman, J. E. (ed.), Strategies of Community Intervention (edisi ke-5). Itasca, IL: F. E. Peacock.
    """
    check_lang(lang)
    return "".join(t for t, _ in _parts(reference(key), lang))


def format_reference_html(key: str, lang: str = "en") -> str:
    """The full entry as escaped HTML, the journal or book title in ``<em>``."""
    check_lang(lang)
    return "".join(
        f"<em>{html.escape(t)}</em>" if title else html.escape(t)
        for t, title in _parts(reference(key), lang)
    )


def _selected(keys: Iterable[str] | None) -> list[Reference]:
    if keys is None:
        chosen = list(references().values())
    else:
        chosen = []
        for k in keys:
            ref = reference(k)
            if ref not in chosen:
                chosen.append(ref)
    return sorted(chosen, key=lambda r: (r.authors[0].lower(), r.year, r.key))


def reference_list(lang: str = "en", keys: Iterable[str] | None = None) -> pd.DataFrame:
    """The reference list (or the entries ``keys`` name), sorted by author and year.

    Columns: the short citation, the full entry, and what is still to be checked.
    ``attrs["keys"]`` holds the keys in row order.

    Examples:
        >>> t = reference_list("id", ["rothman_2007", "adi_2012"])
        >>> list(t.columns)
        ['Kutipan', 'Rujukan lengkap', 'Yang perlu dicek']
        >>> t.attrs["keys"]
        ['adi_2012', 'rothman_2007']
    """
    import pandas as pd

    check_lang(lang)
    refs = _selected(keys)
    frame = pd.DataFrame(
        [[r.short(lang), format_reference(r.key, lang), r.note(lang)] for r in refs],
        columns=[text("ref_citation", lang), text("ref_full", lang), text("ref_to_check", lang)],
        index=pd.RangeIndex(1, len(refs) + 1),
    )
    frame.attrs["keys"] = [r.key for r in refs]
    frame.attrs["caption"] = text("ref_list_caption", lang)
    return frame


def reference_list_markdown(lang: str = "en", keys: Iterable[str] | None = None) -> str:
    """The reference list as Markdown: one entry a line, a dagger and note when unchecked.

    Examples:
        >>> print(reference_list_markdown("en", ["rothman_2007"]))
        - Rothman, J. (2007). Multi modes of intervention at the macro level. *Journal of Community Practice*, 15(4), 11–40.
    """
    check_lang(lang)
    lines = []
    for r in _selected(keys):
        entry = "".join(f"*{_md(t)}*" if title else _md(t) for t, title in _parts(r, lang))
        if r.confidence != "C":
            entry += f" † {_md(r.note(lang))}"
        lines.append(f"- {entry}")

    return MarkdownText("\n".join(lines))


def _md(value: str) -> str:
    """Text made inert for a Markdown cell: any markup in the data is shown, not run."""
    return html.escape(value, quote=False)
