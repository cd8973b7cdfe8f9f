"""Find words of the other language on a screen of the course.

The method, and why it can fail: a word belongs to a language when it is used there far more
often than in the other one. ``wordfreq`` (a package on PyPI) carries word frequencies for
English and for Indonesian, measured on large corpora of both. A word of an Indonesian text
is English when its frequency in English is at least ``min_zipf`` on the Zipf scale (a word
a reader would know) and exceeds its Indonesian frequency by ``margin`` (1.0 = ten times as
common): "county", "source", "illustrative", "cells" are English, while "data", "program",
"model", "kernel" and "notebook" are common in both languages and pass. The same test the
other way round finds Indonesian words in an English text. Words that neither corpus knows
(names, rare words) cannot be judged and pass: the check is a floor, not a proof.

Exceptions are data, not code: ``data/language_check.yaml`` lists the proper nouns, the
titles of cited works and the terms the course deliberately quotes from the other language,
each with a reason (optionally only in some views), plus the thresholds above. Allowed phrases are removed from a text
before its words are judged; titles therefore count only where the whole title stands.

Text is taken from what a reader sees: Markdown is rendered with ``mistune`` and HTML is read
with the standard library's ``html.parser``; code (``<code>``, ``<pre>``), stylesheets and
scripts, link targets and identifiers (words joined by ``_``, ``/``, ``=`` or ``.``, and
``--options``) are not language and are skipped.
"""

from __future__ import annotations

import csv
import html.parser
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "data" / "language_check.yaml"
LANGS = ("en", "id")
# a run of letters (with combining marks): a word candidate; digits and signs separate words
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# a whitespace-separated chunk that is an identifier, a path, an option or an address
_CODE_CHUNK = re.compile(r"[_/=\\]|^[\[(]?--?\w|\w\.\w|://|^\w+\(")


@dataclass(frozen=True)
class Finding:
    """One word of the wrong language, where it was seen and the text around it."""

    where: str
    word: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.word!r} in “…{self.context}…”"


class _TextOf(html.parser.HTMLParser):
    """The visible text of an HTML fragment, with code, styles and scripts left out."""

    _SKIP = {"code", "pre", "style", "script", "kbd", "samp"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        for name, value in attrs:
            # what a reader or a screen reader is given besides the element's text
            if name in ("title", "alt", "aria-label", "placeholder") and value:
                self.parts.append(f" {value} ")
        if tag in ("br", "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "summary"):
            self.parts.append(" \n ")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        if tag in ("p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "summary"):
            self.parts.append(" \n ")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (code, styles and scripts left out)."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def markdown_text(source: str) -> str:
    """The text a reader sees in a Markdown cell, rendered as JupyterLab would."""
    import mistune

    # escape=False: raw HTML in a cell (<details>, <summary>) is rendered, as JupyterLab does
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return html_text(render(source))


@dataclass(frozen=True)
class Allowance:
    """A word or phrase that may stand in texts of ``langs``, in views matching ``views``."""

    text: str
    langs: tuple[str, ...]
    views: re.Pattern | None

    @property
    def is_phrase(self) -> bool:
        return " " in self.text or not _WORD.fullmatch(self.text)

    def applies(self, where: str, lang: str) -> bool:
        return lang in self.langs and (self.views is None or bool(self.views.search(where)))


@dataclass(frozen=True)
class Config:
    margin: float
    min_zipf: float
    min_letters: int
    allowed: tuple[Allowance, ...]  # the permanent list and the exemptions, both from data


def _as_langs(entry: dict, where: str) -> tuple[str, ...]:
    langs = entry.get("in", list(LANGS))
    if isinstance(langs, str):
        langs = [langs]
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise ValueError(f"{where}: unknown language {bad} (choose from {LANGS})")
    return tuple(langs)


def _yaml_values(path: Path, entry: dict, where: str) -> set[str]:
    """The values of ``fields`` of every item of the list ``list`` in a YAML data file.

    A value that is a list (authors, editors) gives each item, and a name written
    "Surname, Initials" gives the surname as well.
    """
    items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(entry.get("list"))
    if not isinstance(items, list) or not entry.get("fields"):
        raise ValueError(f"{where}: {path.name} has no list {entry.get('list')!r}, or no fields")
    values: set[str] = set()
    for item in items:
        for field in entry["fields"]:
            value = item.get(field)
            for one in value if isinstance(value, list) else [value]:
                if isinstance(one, (str, int)) and str(one).strip():
                    values.add(str(one).strip())
                    if isinstance(one, str) and "," in one:
                        values.add(one.split(",")[0].strip())
    return values


def _allowances(entry: dict, where: str, folder: Path) -> list[Allowance]:
    """One entry: a ``text``, or every value of a ``column`` of a CSV file ``from`` the data."""
    views = entry.get("views")
    pattern = re.compile(views) if views else None
    langs = _as_langs(entry, where)
    if "from" in entry and str(entry["from"]).endswith(".yaml"):
        values = _yaml_values(folder / entry["from"], entry, where)
    elif "from" in entry:
        with (folder / entry["from"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows or entry.get("column") not in rows[0]:
            raise ValueError(f"{where}: {entry['from']} has no column {entry.get('column')!r}")
        values = {row[entry["column"]].strip() for row in rows} - {""}
    else:
        values = {str(entry.get("text", "")).strip()} - {""}
    if not values:
        raise ValueError(f"{where}: has no text")
    return [Allowance(value, langs, pattern) for value in sorted(values)]


def load_config(path: Path = CONFIG) -> Config:
    """Read and check ``data/language_check.yaml``: every exception needs a kind and a reason."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    method = data["method"]
    kinds = set(data["kinds"])
    allowed = []
    for number, entry in enumerate(data.get("allowed") or (), start=1):
        where = f"{path.name}: allowed entry {number} ({entry.get('text', entry.get('from'))!r})"
        if entry.get("kind") not in kinds:
            raise ValueError(f"{where}: kind must be one of {sorted(kinds)}")
        if not str(entry.get("reason", "")).strip() and entry["kind"] not in data["self_evident"]:
            raise ValueError(f"{where}: says no reason")
        allowed.extend(_allowances(entry, where, path.parent))
    for number, entry in enumerate(data.get("exemptions") or (), start=1):
        where = f"{path.name}: exemption {number} ({entry.get('text')!r})"
        if not str(entry.get("reason", "")).strip() or not entry.get("views"):
            raise ValueError(f"{where}: an exemption needs views and a reason")
        allowed.extend(_allowances(entry, where, path.parent))
    return Config(
        margin=float(method["margin"]),
        min_zipf=float(method["min_zipf"]),
        min_letters=int(method["min_letters"]),
        allowed=tuple(allowed),
    )


@lru_cache(maxsize=1)
def config() -> Config:
    return load_config()


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def is_foreign(word: str, lang: str, cfg: Config | None = None) -> bool:
    """Whether ``word`` belongs to the other language than ``lang`` (see the module's doc).

    Words shorter than ``min_letters`` and words in capitals (acronyms such as CSV and A4,
    placeholders such as MODEL in a command's usage) are not judged.
    """
    cfg = cfg or config()
    other = "id" if lang == "en" else "en"
    if len(word) < cfg.min_letters or word.isupper():
        return False
    low = word.lower()
    theirs = _zipf(low, other)
    return theirs >= cfg.min_zipf and theirs - _zipf(low, lang) >= cfg.margin


def foreign_words(
    value: str, lang: str, cfg: Config | None = None, where: str = ""
) -> Iterator[tuple[str, str]]:
    """Every word of ``value`` (a text in ``lang``) from the other language, with context."""
    cfg = cfg or config()
    rules = [a for a in cfg.allowed if a.applies(where, lang)]
    flat = " ".join(value.split())
    for phrase in sorted((a.text for a in rules if a.is_phrase), key=len, reverse=True):
        flat = flat.replace(phrase, " ")
    words = {a.text.lower() for a in rules if not a.is_phrase}
    chunks = flat.split(" ")
    for index, chunk in enumerate(chunks):
        if not chunk or _CODE_CHUNK.search(chunk):
            continue
        for match in _WORD.finditer(chunk):
            # a suffix after a number is the text's own grammar: 1960-an, ke-5, 1970s
            if match.start() and chunk[: match.start()].rstrip("-")[-1:].isdigit():
                continue
            word = match.group()
            if word.lower() not in words and is_foreign(word, lang, cfg):
                context = " ".join(chunks[max(0, index - 5) : index + 6])
                yield word, context


def check(where: str, value: str, lang: str, cfg: Config | None = None) -> list[Finding]:
    """The findings in one text shown in the view ``where``, less what the data allows there."""
    return [Finding(where, w, c) for w, c in foreign_words(value, lang, cfg, where)]


def check_all(texts: Iterable[tuple[str, str, str]]) -> list[Finding]:
    """Check ``(where, text, lang)`` triples; return every finding."""
    cfg = config()
    return [f for where, value, lang in texts for f in check(where, value, lang, cfg)]


def report(findings: list[Finding], limit: int = 80) -> str:
    """A readable list of findings, one per line, and how many there are in all."""
    lines = [str(f) for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"… and {len(findings) - limit} more")
    words = sorted({f.word.lower() for f in findings})
    lines.append(f"{len(findings)} findings; words: {', '.join(words)}")
    return "\n".join(lines)
