"""The widgets' stylesheets: CSS files of the data folder, shown in a page as ``<style>``.

``data/widgets.css`` holds what the widgets need wherever they are shown (wrapping radio
labels, one column in narrow places); ``data/present.css`` the large-type layout of
presentation mode. Every rule is scoped to a ``rothman-*`` class.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rothman.core.data import data_dir
from rothman.core.errors import DataError


@lru_cache(maxsize=8)
def read_css(name: str) -> str:
    """The text of a stylesheet of the data folder.

    Examples:
        >>> ".rothman-quiz" in read_css("widgets.css")
        True
    """
    path = data_dir() / name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(file=str(path), problem=str(exc)) from None


def widget_css() -> str:
    """The CSS every rothman widget needs (JupyterLab, Voilà)."""
    return read_css("widgets.css")


def present_css(scales: Sequence[float]) -> str:
    """The CSS of presentation mode, with one ``rothman-size-N`` class for each type scale.

    Examples:
        >>> ".rothman-present.rothman-size-1 { --rp-scale: 1.2; }" in present_css([1.0, 1.2])
        True
    """
    steps = "".join(
        f".rothman-present.rothman-size-{i} {{ --rp-scale: {scale:g}; }}\n"
        for i, scale in enumerate(scales)
    )
    return f"{widget_css()}\n{read_css('present.css')}\n{steps}"


def style_tag(css: str) -> str:
    """``css`` in a ``<style>`` element; a closing tag inside it would end it, so none may be.

    Examples:
        >>> style_tag("p { color: red; }")
        '<style>p { color: red; }</style>'
    """
    if "</" in css:
        raise DataError(file="stylesheet", problem="contains '</', which would end the <style>")
    return f"<style>{css}</style>"
