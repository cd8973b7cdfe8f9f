"""The reference list: every cited work in full, and citations rendered in either language.

``data/references.yaml`` holds each work once (author, year, title, journal or book,
edition, pages). Everywhere else a source is a *source spec* naming entries by key::

    rothman_1995                      one work
    iom_1995:17; gibbs_1982           two works, the first at page 17
    adi_2001 via hermawati_2007       a work known through another

:func:`cite` turns a spec into a short citation in the reader's language (the words
around it, "p.", "cited in", translated; the titles never); :func:`format_reference`
gives the full entry; :func:`reference_list` the list as a table. A source that is not
a spec (free text in a lecturer's own case file) is shown as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from rothman.core.data import read_yaml
from rothman.core.errors import DataError, RothmanError
from rothman.core.i18n import LANGS, check_lang, text

_FILE = "references.yaml"
_CONFIDENCE = ("C", "R", "U")
_KINDS = ("article", "chapter", "book", "entry", "report", "web", "law", "thesis")
_TEXT_FIELDS = (
    "cite_as", "year", "title", "journal", "volume", "issue", "book", "publisher", "place", "pages",
    "url", "reprint",
)  # fmt: skip
_FIELDS = ("key", "kind", "authors", "editors", "edition", "editors_are_authors", "confidence",
           "note", *_TEXT_FIELDS)  # fmt: skip
#: A key: lower-case words joined by underscores (at least two words, so that free text
#: such as "fieldwork" is never mistaken for a key).
_KEY = r"[a-z0-9]+(?:_[a-z0-9]+)+"
_PART = re.compile(rf"^({_KEY})(?::([^;]+?))?(?:\s+via\s+({_KEY})(?::([^;]+?))?)?$")


class UnknownReferenceError(RothmanError):
    """A source spec names a key that the reference list does not hold."""

    key = "error_unknown_reference"


@dataclass(frozen=True)
class Reference:
    """One work of the reference list."""

    key: str
    kind: str
    authors: tuple[str, ...]
    year: str
    title: str
    fields: Mapping[str, str]
    editors: tuple[str, ...]
    edition: int | None
    editors_are_authors: bool
    confidence: str
    notes: Mapping[str, str]

    def note(self, lang: str = "en") -> str:
        """What is still uncertain about this entry, in ``lang`` ("" when confirmed)."""
        return self.notes.get(check_lang(lang), "")

    def short(self, lang: str = "en") -> str:
        """Author-year form: ``Rothman (1995)``, ``Cnaan & Rothman (1986)``, ``Cox et al.``.

        An entry's ``cite_as`` replaces the authors (a law is cited by its short name).
        """
        if "cite_as" in self.fields:
            if self.kind == "law":  # a law's short name carries its year already
                return self.fields["cite_as"]
            return f"{self.fields['cite_as']} ({_year(self.year, lang)})"
        names = [a.split(",")[0].strip() for a in self.authors]
        if len(names) > 2:
            who = f"{names[0]} {text('ref_et_al', lang)}"
        else:
            who = " & ".join(names)
        return f"{who} ({_year(self.year, lang)})"


@dataclass(frozen=True)
class Citation:
    """One part of a source spec: a work, its pages, and the work it is known through."""

    key: str
    pages: str = ""
    via: str = ""
    via_pages: str = ""


def _year(year: str, lang: str) -> str:
    return text("ref_no_date", lang) if year == "n.d." else year


def _strs(raw: object, field: str, key: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(a, str) and a.strip() for a in raw):
        raise DataError(file=_FILE, problem=f"'{key}': '{field}' must be a list of names")
    return tuple(a.strip() for a in raw)


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """Every entry of the reference list, by key, in file order.

    Examples:
        >>> references()["rothman_2007"].fields["journal"]
        'Journal of Community Practice'
    """
    data = read_yaml(_FILE)
    entries = data.get("references") if isinstance(data, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise DataError(file=_FILE, problem="expected a list under 'references'")
    out: dict[str, Reference] = {}
    for raw in entries:
        if not isinstance(raw, Mapping):
            raise DataError(file=_FILE, problem="each reference must be a mapping")
        key = raw.get("key")
        if not isinstance(key, str) or not re.fullmatch(_KEY, key):
            raise DataError(file=_FILE, problem=f"bad key {key!r}: use snake_case words")
        if key in out:
            raise DataError(file=_FILE, problem=f"'{key}' is listed twice")
        unknown = [f for f in raw if f not in _FIELDS]
        if unknown:
            raise DataError(file=_FILE, problem=f"'{key}': unknown fields {unknown}")
        if raw.get("kind") not in _KINDS:
            raise DataError(file=_FILE, problem=f"'{key}': kind must be one of {_KINDS}")
        fields = {}
        for f in _TEXT_FIELDS:
            if raw.get(f) is not None:
                fields[f] = " ".join(str(raw[f]).split())
        if not fields.get("year") or not fields.get("title"):
            raise DataError(file=_FILE, problem=f"'{key}' needs a year and a title")
        authors = _strs(raw.get("authors"), "authors", key)
        if not authors:
            raise DataError(file=_FILE, problem=f"'{key}' needs authors")
        confidence = raw.get("confidence")
        if confidence not in _CONFIDENCE:
            raise DataError(file=_FILE, problem=f"'{key}': confidence must be C, R or U")
        notes = raw.get("note") or {}
        if not isinstance(notes, Mapping):
            raise DataError(file=_FILE, problem=f"'{key}': note must have en and id")
        notes = {lang: " ".join(str(notes.get(lang) or "").split()) for lang in LANGS}
        if confidence != "C" and not all(notes.values()):
            raise DataError(
                file=_FILE,
                problem=f"'{key}' is not confirmed (C): say in a note, en and id, what to check",
            )
        edition = raw.get("edition")
        if edition is not None and (not isinstance(edition, int) or edition < 1):
            raise DataError(file=_FILE, problem=f"'{key}': edition must be a number")
        out[key] = Reference(
            key=key,
            kind=raw["kind"],
            authors=authors,
            year=fields.pop("year"),
            title=fields.pop("title"),
            fields=fields,
            editors=_strs(raw.get("editors"), "editors", key),
            edition=edition,
            editors_are_authors=bool(raw.get("editors_are_authors", False)),
            confidence=confidence,
            notes=notes,
        )
    for ref in out.values():
        if "reprint" in ref.fields and ref.fields["reprint"] not in out:
            raise DataError(
                file=_FILE, problem=f"'{ref.key}': reprint '{ref.fields['reprint']}' is not listed"
            )
    return out


def reference(key: str) -> Reference:
    """One entry by key; an error naming the valid keys otherwise.

    Examples:
        >>> reference("hermawati_2007").short("id")
        'Hermawati (2007)'
        >>> reference("nobody_2000")
        Traceback (most recent call last):
        ...
        rothman.core.references.UnknownReferenceError: Unknown reference 'nobody_2000'. Choose one of: rothman_1970, ...
    """
    refs = references()
    if key not in refs:
        raise UnknownReferenceError(value=str(key), choices=list(refs))
    return refs[key]


def is_spec(source: str) -> bool:
    """True when ``source`` is written as reference keys rather than free text.

    Examples:
        >>> is_spec("iom_1995:17; gibbs_1982"), is_spec("Notes from a field visit")
        (True, False)
    """
    parts = [p.strip() for p in str(source).split(";")]
    return bool(parts) and all(_PART.match(p) for p in parts)


def parse(source: str) -> tuple[Citation, ...]:
    """The citations of a source spec; every key must be in the reference list.

    Raises:
        UnknownReferenceError: naming the unknown key and the known ones.
        DataError: when ``source`` is not a spec at all.

    Examples:
        >>> parse("adi_2001 via hermawati_2007")
        (Citation(key='adi_2001', pages='', via='hermawati_2007', via_pages=''),)
    """
    if not is_spec(source):
        raise DataError(file="source", problem=f"{source!r} is not written as reference keys")
    out = []
    for part in str(source).split(";"):
        key, pages, via, via_pages = _PART.match(part.strip()).groups()
        for k in (key, via):
            if k:
                reference(k)
        out.append(Citation(key, (pages or "").strip(), via or "", (via_pages or "").strip()))
    return tuple(out)


def cited_keys(source: str) -> tuple[str, ...]:
    """The reference keys a spec names (including "via" works), in order, without repeats."""
    if not is_spec(source):
        return ()
    keys: list[str] = []
    for c in parse(source):
        keys += [k for k in (c.key, c.via) if k and k not in keys]
    return tuple(keys)


def _pages(pages: str, lang: str) -> str:
    key = "ref_pages" if "-" in pages or "," in pages else "ref_page"
    return text(key, lang, pages=pages.replace("-", "–"))


def _one(key: str, pages: str, lang: str) -> str:
    out = reference(key).short(lang)
    return f"{out}, {_pages(pages, lang)}" if pages else out


def cite(source: str, lang: str = "en") -> str:
    """A source as a short citation in ``lang``; free text comes back unchanged.

    Examples:
        >>> cite("iom_1995:17; gibbs_1982", "id")
        'Institute of Medicine (1995), hlm. 17; Gibbs (1982)'
        >>> cite("adi_2001 via hermawati_2007", "en")
        'Adi (2001), cited in Hermawati (2007)'
        >>> cite("Notes from a field visit", "id")
        'Notes from a field visit'
    """
    check_lang(lang)
    source = " ".join(str(source).split())
    if not is_spec(source):
        return source
    parts = []
    for c in parse(source):
        part = _one(c.key, c.pages, lang)
        if c.via:
            part = text("ref_cited_in", lang, work=part, via=_one(c.via, c.via_pages, lang))
        parts.append(part)
    return "; ".join(parts)


def _names(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _end(value: str) -> str:
    """``value`` closed with a full stop, unless it already ends with one (or ? or !)."""
    return value if value.rstrip().endswith((".", "?", "!")) else value + "."


def _parts(ref: Reference, lang: str) -> list[tuple[str, bool]]:
    """The entry as (text, is_title) pieces, so that plain text and HTML share one layout."""
    f = ref.fields
    who = _names(ref.authors)
    if ref.editors_are_authors:
        who += f" ({text('ref_eds', lang)})"
    out: list[tuple[str, bool]] = [(f"{who} ({_year(ref.year, lang)}). ", False)]
    edition = text("ref_edition", lang, n=ref.edition) if ref.edition else ""
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
        extra = [e for e in (edition, _pages(f["pages"], lang) if "pages" in f else "") if e]
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
    from rothman.core.course import MarkdownText  # here, not at the top: course imports this module

    return MarkdownText("\n".join(lines))


def _md(value: str) -> str:
    """Text made inert for a Markdown cell: any markup in the data is shown, not run."""
    return html.escape(value, quote=False)
