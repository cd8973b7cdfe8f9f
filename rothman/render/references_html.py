"""The reference list of a printable page: each cited work in full, as escaped HTML."""

from __future__ import annotations

from markupsafe import Markup

from rothman.core.reference_list import format_reference_html
from rothman.core.references import reference


def reference_entries(keys: list[str], lang: str) -> list[Markup]:
    """The full entries of ``keys`` (escaped HTML), sorted by first author, year and key.

    Examples:
        >>> entries = reference_entries(["rothman_2007", "adi_2012"], "en")
        >>> [e.startswith("Adi") for e in entries]
        [True, False]
    """
    keys = sorted(keys, key=lambda k: (reference(k).authors[0].lower(), reference(k).year, k))
    return [Markup(format_reference_html(k, lang)) for k in keys]
