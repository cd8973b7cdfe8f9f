"""The Jinja2 environment every HTML page and fragment of the package is rendered with.

Templates live in ``rothman/render/templates`` (``*.html.j2``) and are read through
:class:`jinja2.PackageLoader`, so they are found in a checkout and in an installed wheel alike.
Every value is escaped on output; a template marks nothing ``|safe``. Fragments the package
built and escaped itself (another template's output, a reference entry, a data URI) come in
as :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import base64
import html
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from rothman.core.errors import DataError
from rothman.core.i18n import text
from rothman.core.variables import UNSURE


def _escaped(value: object) -> object:
    """Escape as :func:`html.escape` does (``&quot;`` and ``&#x27;``), so pages stay as they were.

    Autoescape then leaves the result alone; Markup passes through unchanged.
    """
    if value is None or isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared environment: autoescape on, undefined names an error, ``t`` for texts."""
    env = Environment(
        loader=PackageLoader("rothman.render", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(t=text, UNSURE=UNSURE)
    return env


def render(name: str, **context: object) -> Markup:
    """Render the template ``name`` (e.g. ``"handout.html.j2"``) with ``context``.

    Examples:
        >>> str(render("page.html.j2", lang="en", title="<T>", css=Markup("")))[:15]
        '<!DOCTYPE html>'
    """
    return Markup(environment().get_template(name).render(**context))


def stylesheet(css: str) -> Markup:
    """``css`` for a page's ``<style>``; a closing tag inside it would end the element.

    Examples:
        >>> stylesheet("p </style>")
        Traceback (most recent call last):
        ...
        rothman.core.errors.DataError: ...
    """
    if "</" in css:
        raise DataError(file="stylesheet", problem="contains '</', which would end the <style>")
    return Markup(css)


def png_data_uri(png: bytes) -> Markup:
    """PNG bytes as a ``data:`` URI for an ``<img src>`` (base64 holds nothing to escape)."""
    return Markup("data:image/png;base64," + base64.b64encode(png).decode("ascii"))
