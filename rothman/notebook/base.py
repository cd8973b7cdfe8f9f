"""What every notebook widget shares: its display, the language switch, the case picker's
entries, and an :class:`~rothman.core.assessment.Assessment` shown as HTML.

Each widget is an object with a ``.widget`` (an ipywidgets box) that displays itself in a
notebook, with the widgets' stylesheet.
"""

from __future__ import annotations

import html

import ipywidgets as w

from rothman.core.assessment import Assessment
from rothman.core.case_folders import own_mark
from rothman.core.i18n import LANGS, text
from rothman.render.assessment_html import assessment_html

#: Width of the labels before the explorer's and the quiz's dropdowns.
CONTROL_STYLE = {"description_width": "16em"}
#: Width of those dropdowns: the page's, up to a comfortable line.
CONTROL_LAYOUT = {"width": "min(100%, 46em)"}


def language_toggle(lang: str) -> w.ToggleButtons:
    """The buttons that switch a widget between the course's languages."""
    toggle = w.ToggleButtons(
        options=[(text("language_name", code), code) for code in LANGS],
        value=lang,
        description=text("language", lang),
        style={"button_width": "11em"},
    )
    toggle.add_class("rothman-lang")
    return toggle


def skipped_html(problems, lang: str) -> str:
    """The case files skipped as bad, each with its problem (case text is escaped)."""
    if not problems:
        return ""
    items = "".join(f"<li>{html.escape(p.located(lang))}</li>" for p in problems)
    return f"<p><small>{html.escape(text('own_cases_skipped', lang))}</small></p><ul>{items}</ul>"


def case_choices(items, lang: str) -> list[tuple[str, str]]:
    """Dropdown entries: each case's title, own cases marked as the lecturer's."""
    return [(f"{c.title}{own_mark(c, lang)}", c.id) for c in items]


class WidgetBase:
    """Shared display of a widget: its stylesheet, then its ``.widget`` box."""

    widget: w.Box

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from rothman.render.styles import style_tag, widget_css

        # the widgets' own CSS (wrapping radio labels, one column when narrow) comes along
        display(HTML(style_tag(widget_css())))
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_assessments_as_html() -> None:
    """Let the running IPython show every :class:`Assessment` with :func:`assessment_html`.

    Done when a widget module is imported; outside IPython it does nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(Assessment, lambda a: str(assessment_html(a)))


show_assessments_as_html()
