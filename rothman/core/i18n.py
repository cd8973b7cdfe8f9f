"""Languages and the user-facing strings of the library, read from ``data/strings.yaml``."""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache

from rothman.core.data import data_dir, read_yaml
from rothman.core.errors import (
    DataError,
    MissingTranslationError,
    UnknownLanguageError,
    set_renderer,
)

#: Supported language codes: English and Bahasa Indonesia.
LANGS: tuple[str, ...] = ("en", "id")


def check_lang(lang: object) -> str:
    """Return ``lang`` if it is supported, else raise :class:`UnknownLanguageError`.

    Examples:
        >>> check_lang("id")
        'id'
        >>> check_lang("fr")
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownLanguageError: Unknown language 'fr'. Choose one of: en, id.
    """
    if not isinstance(lang, str) or lang not in LANGS:
        raise UnknownLanguageError(value=str(lang), choices=LANGS)
    return lang


def pick(texts: Mapping[str, str], lang: str, where: str = "text") -> str:
    """Return the ``lang`` entry of a ``{en: ..., id: ...}`` mapping.

    Examples:
        >>> pick({"en": "Social Action", "id": "Aksi Sosial"}, "id")
        'Aksi Sosial'
    """
    check_lang(lang)
    value = texts.get(lang) if isinstance(texts, Mapping) else None
    if not isinstance(value, str) or not value.strip():
        raise MissingTranslationError(where=where, lang=lang)
    return value


def string_files() -> list[str]:
    """The files holding user-facing strings: ``strings.yaml`` and any ``strings_*.yaml``."""
    extra = sorted(p.name for p in data_dir().glob("strings_*.yaml"))
    return ["strings.yaml", *extra]


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for name in string_files():
        data = read_yaml(name)
        if not isinstance(data, dict):
            raise DataError(file=name, problem="expected a mapping of keys to {en, id}")
        for key, texts in data.items():
            if key in merged:
                raise DataError(file=name, problem=f"'{key}' is defined twice")
            if not isinstance(texts, dict):
                raise DataError(file=name, problem=f"'{key}' is not a mapping of languages")
            for lang in LANGS:
                pick(texts, lang, where=f"{name}: {key}")
            if len({_fields(t) for t in texts.values()}) > 1:
                raise DataError(file=name, problem=f"'{key}' has other placeholders per language")
            merged[key] = texts
    return merged


def _fields(template: str) -> frozenset[str]:
    return frozenset(f for _, f, _, _ in string.Formatter().parse(template) if f)


def text(key: str, lang: str = "en", /, **params: object) -> str:
    """The user-facing string ``key`` in ``lang``, with ``{placeholders}`` filled in.

    Examples:
        >>> text("unsure", "en")
        'unsure'
        >>> text("error_unknown_language", "id", value="fr", choices="en, id")
        "Bahasa 'fr' tidak dikenal. Pilih salah satu: en, id."
    """
    check_lang(lang)
    strings = _strings()
    if key not in strings:
        raise MissingTranslationError(where=f"strings.yaml: {key}", lang=lang)
    return strings[key][lang].format(**params)


def string_keys() -> tuple[str, ...]:
    """Every key of ``data/strings.yaml``, in file order."""
    return tuple(_strings())


def _render(key: str, lang: str, params: dict[str, str]) -> str:
    return text(key, lang if lang in LANGS else "en", **params)


set_renderer(_render)


def confidence_code(code: str, lang: str) -> str:
    """The confidence code ``C``, ``R`` or ``U`` of the data as a reader of ``lang`` sees it.

    The data's codes come from English words; Indonesian readers get codes from Indonesian
    words (``T`` terkonfirmasi, ``D`` dikutip luas, ``P`` perlu dicek; not ``B``, which is a
    model's letter), explained once in a table's caption.

    Examples:
        >>> confidence_code("U", "en"), confidence_code("U", "id")
        ('U', 'P')
    """
    return text(f"confidence_code_{code}", lang)
