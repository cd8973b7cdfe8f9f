"""Words that give a model away before the student answers, and finding them in a text.

Reads ``data/hint_words.yaml`` once and checks it: every model (and every power-structure
role) known, every language given. One rule for every text a student reads before
answering: the case quiz, the handout and the presentation (tests/test_quiz_teaching.py),
the self-checks (tests/test_self_checks.py) and a lecturer's own cases, where
``rothman check-cases`` warns about them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rothman.core.data import read_yaml
from rothman.core.errors import DataError
from rothman.core.i18n import LANGS, check_lang
from rothman.core.models import Model, PowerRole

_FILE = "hint_words.yaml"


@dataclass(frozen=True)
class Hint:
    """A hint word as a text writes it, and the model (or role) it points to."""

    word: str
    points_to: Model | PowerRole


def _entries(raw: object, kind: type[Model] | type[PowerRole], name: str) -> dict:
    """``{model or role: {lang: (entry, ...)}}`` from one list of the file, checked."""
    if not isinstance(raw, Mapping) or {k for k in raw} != {m.value for m in kind}:
        wanted = ", ".join(m.value for m in kind)
        raise DataError(file=_FILE, problem=f"'{name}' must list exactly: {wanted}")
    out = {}
    for key, texts in raw.items():
        if not isinstance(texts, Mapping) or set(texts) != set(LANGS):
            raise DataError(file=_FILE, problem=f"{name}.{key} needs a list in {', '.join(LANGS)}")
        for lang, words in texts.items():
            if not isinstance(words, list) or not all(
                isinstance(w, str) and w.strip("* ") for w in words
            ):
                raise DataError(file=_FILE, problem=f"{name}.{key}.{lang} must be a list of words")
        out[kind(key)] = {lang: tuple(words) for lang, words in texts.items()}
    return out


@lru_cache(maxsize=1)
def _hint_words() -> tuple[dict, dict]:
    data = read_yaml(_FILE)
    if not isinstance(data, Mapping):
        raise DataError(file=_FILE, problem="expected a mapping")
    models = _entries(data.get("hint_words"), Model, "hint_words")
    roles = _entries(data.get("role_words"), PowerRole, "role_words")
    return models, roles


def _regex(entry: str) -> str:
    """An entry as a pattern: ``*`` stands for any letters, a space for any spacing."""
    return r"\s+".join(re.escape(part).replace(r"\*", r"\w*") for part in entry.split())


@lru_cache(maxsize=8)
def _matchers(lang: str, roles: bool) -> tuple[re.Pattern, tuple[tuple[re.Pattern, object], ...]]:
    models, role_words = _hint_words()
    pointed = [(e, m) for m, texts in models.items() for e in texts[lang]]
    if roles:
        pointed += [(e, r) for r, texts in role_words.items() for e in texts[lang]]
    # the longest entry first, so that a phrase wins over a word it starts with
    pointed.sort(key=lambda p: -len(p[0]))
    whole = "|".join(_regex(e) for e, _ in pointed)
    finder = re.compile(rf"(?<!\w)(?:{whole})(?!\w)", re.IGNORECASE)
    each = tuple((re.compile(_regex(e), re.IGNORECASE), to) for e, to in pointed)
    return finder, each


def find_hints(text: str, lang: str = "en", *, roles: bool = False) -> tuple[Hint, ...]:
    """The hint words in ``text``, a text in ``lang``, in the order they occur.

    Words are matched whole and in any case; an entry's ``*`` stands for any letters, so
    "organise*" finds "organiser" but not "organisation".

    Args:
        text: what a student reads before answering.
        lang: the language of ``text``, ``"en"`` or ``"id"``.
        roles: find the words of the power-structure roles' names as well, for a text
            before a question that asks for the role.

    Returns:
        Each hint word as ``text`` writes it, with the model (or role) it points to.

    Examples:
        >>> [h.word for h in find_hints("The organiser met the Planners", "en")]
        ['organiser', 'Planners']
        >>> find_hints("Para perencana bertemu di balai desa", "id")[0].points_to
        <Model.SOCIAL_PLANNING: 'social_planning'>
        >>> find_hints("A local plantation's organisation", "en")
        ()
        >>> find_hints("The council sponsors the garden", "en")
        ()
        >>> find_hints("The council sponsors the garden", "en", roles=True)[0].points_to
        <PowerRole.SPONSORS: 'sponsors'>
    """
    finder, each = _matchers(check_lang(lang), roles)
    found = []
    for match in finder.finditer(text):
        word = match.group(0)
        points_to = next(to for pattern, to in each if pattern.fullmatch(word))
        found.append(Hint(word, points_to))
    return tuple(found)
