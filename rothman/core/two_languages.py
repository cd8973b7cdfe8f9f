"""Fields written in both languages of the course, ``{en: ..., id: ...}``, and confidence codes.

One check serves every file: :func:`text_problems` says what is wrong with such a field as
plain records (for a lecturer's file, each becomes a message with its line);
:func:`two_languages` reads one from a shipped data file and raises on the first problem.
"""

from __future__ import annotations

from collections.abc import Mapping

from rothman.core.errors import DataError
from rothman.core.i18n import LANGS

#: How sure a piece of data is: Confirmed against the source, widely Reproduced, or Unchecked.
CONFIDENCE = ("C", "R", "U")

#: What can be wrong with a two-language field (the first element of each problem).
NOT_MAPPING = "not_mapping"
MISSING = "missing"
NOT_TEXT = "not_text"
UNKNOWN_LANG = "unknown_lang"


def squeeze(value: str) -> str:
    """``value`` with every run of white space (line breaks included) made one space."""
    return " ".join(value.split())


def text_problems(raw: object, several: bool = False) -> tuple[dict, list[tuple[str, str]]]:
    """The texts of a two-language field (stripped), and what is wrong with it.

    Each problem is ``(what, language)``: ``what`` is :data:`NOT_MAPPING` (language ``""``),
    :data:`MISSING`, :data:`NOT_TEXT` or :data:`UNKNOWN_LANG` (the key that is no language).
    With ``several``, each language may give a list of texts, and comes back as a tuple.

    Examples:
        >>> text_problems({"en": " Goal ", "id": "Tujuan"})
        ({'en': 'Goal', 'id': 'Tujuan'}, [])
        >>> text_problems({"en": "Goal", "fr": "But"})
        ({'en': 'Goal'}, [('missing', 'id'), ('unknown_lang', 'fr')])
        >>> text_problems("Goal")
        ({}, [('not_mapping', '')])
        >>> text_problems({"en": ["a", "b"], "id": "c"}, several=True)
        ({'en': ('a', 'b'), 'id': ('c',)}, [])
    """
    if not isinstance(raw, Mapping):
        return {}, [(NOT_MAPPING, "")]
    out: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for lang in LANGS:
        value = raw.get(lang)
        items = value if several and isinstance(value, list) else [value]
        if (
            value is None
            or (several and value == [])
            or (isinstance(value, str) and not value.strip())
        ):
            problems.append((MISSING, lang))
        elif not all(isinstance(v, str) and v.strip() for v in items):
            problems.append((NOT_TEXT, lang))
        else:
            texts = tuple(v.strip() for v in items)
            out[lang] = texts if several else texts[0]
    problems += [(UNKNOWN_LANG, str(key)) for key in raw if key not in LANGS]
    return out, problems


def two_languages(raw: object, file: str, where: str, required: bool = True) -> dict[str, str]:
    """A two-language field of a shipped data file, each text on one line.

    Args:
        raw: the field as read.
        file: the data file, named in the error.
        where: the field's place in the file, named in the error.
        required: when False, the field (None) or any of its languages may be left out:
            they come back as empty texts.

    Raises:
        DataError: the field is no mapping, or lacks a language.

    Examples:
        >>> two_languages({"en": "Social\\n action", "id": "Aksi sosial"}, "f.yaml", "label")
        {'en': 'Social action', 'id': 'Aksi sosial'}
        >>> two_languages({"en": "Goal"}, "f.yaml", "label")
        Traceback (most recent call last):
        ...
        rothman.core.errors.DataError: ...f.yaml...label lacks id...
    """
    if raw is None and not required:
        return dict.fromkeys(LANGS, "")
    if not isinstance(raw, Mapping):
        raise DataError(file=file, problem=f"{where} must have {' and '.join(LANGS)}")
    out = {lang: squeeze(str(raw.get(lang) or "")) for lang in LANGS}
    missing = [lang for lang in LANGS if not out[lang]]
    if missing and required:
        raise DataError(file=file, problem=f"{where} lacks {', '.join(missing)}")
    return out
