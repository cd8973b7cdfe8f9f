"""The reference list: every cited work in full, and citations rendered in either language.

``data/references.yaml`` holds each work once (author, year, title, journal or book,
edition, pages). Everywhere else a source is a *source spec* naming entries by key::

    rothman_1995                      one work
    iom_1995:17; gibbs_1982           two works, the first at page 17
    adi_2001 via hermawati_2007       a work known through another

:func:`cite` turns a spec into a short citation in the reader's language (the words
around it, "p.", "cited in", translated; the titles never);
:mod:`rothman.core.reference_list` writes out full entries and the list. A source that is not
a spec (free text in a lecturer's own case file) is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rothman.core.data import read_yaml
from rothman.core.errors import DataError, RothmanError
from rothman.core.i18n import check_lang, string_keys, text
from rothman.core.two_languages import CONFIDENCE, two_languages

_FILE = "references.yaml"
_KINDS = ("article", "chapter", "book", "entry", "report", "web", "law", "thesis")
_TEXT_FIELDS = (
    "cite_as", "year", "title", "journal", "volume", "issue", "book", "publisher", "place", "pages",
    "url", "reprint", "language", "translation_of",
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

    @property
    def language(self) -> str:
        """The language the work is written in (``"en"`` unless the entry says otherwise)."""
        return self.fields.get("language", "en")

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
            return f"{self.fields['cite_as']} ({year_text(self.year, lang)})"
        names = [a.split(",")[0].strip() for a in self.authors]
        if len(names) > 2:
            who = f"{names[0]} {text('ref_et_al', lang)}"
        else:
            who = " & ".join(names)
        return f"{who} ({year_text(self.year, lang)})"


@dataclass(frozen=True)
class Citation:
    """One part of a source spec: a work, its pages, and the work it is known through."""

    key: str
    pages: str = ""
    via: str = ""
    via_pages: str = ""


def year_text(year: str, lang: str) -> str:
    """A reference's year as written in ``lang`` ("n.d." in the reader's words)."""
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
        if confidence not in CONFIDENCE:
            raise DataError(file=_FILE, problem=f"'{key}': confidence must be C, R or U")
        notes = two_languages(raw.get("note") or {}, _FILE, f"'{key}': note", required=False)
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
        for field in ("reprint", "translation_of"):
            if field in ref.fields and ref.fields[field] not in out:
                raise DataError(
                    file=_FILE, problem=f"'{ref.key}': {field} '{ref.fields[field]}' is not listed"
                )
        # a language is written out in the reader's words: it needs a name in the strings
        if f"ref_language_{ref.language}" not in string_keys():
            raise DataError(
                file=_FILE, problem=f"'{ref.key}': no name for language {ref.language!r}"
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


def pages_text(pages: str, lang: str) -> str:
    """Page numbers as a citation gives them in ``lang`` ("p. 17", "hlm. 3–5")."""
    key = "ref_pages" if "-" in pages or "," in pages else "ref_page"
    return text(key, lang, pages=pages.replace("-", "–"))


def _one(key: str, pages: str, lang: str) -> str:
    out = reference(key).short(lang)
    return f"{out}, {pages_text(pages, lang)}" if pages else out


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
