"""The views of presentation mode: the explorer and the case studies full screen for class.

Each view is a header bar (title, links between the views, language, A-/A+) above the
widget, in large type. It reads its starting language from the page address (``?lang=id``),
else from ``ROTHMAN_LANG``, else English; the widgets' own language switch changes it in
class. :mod:`rothman.classroom.present` serves these views with Voilà.
"""

from __future__ import annotations

import html
import os

from rothman.classroom.visit import (
    CLASS_DIR_ENV,
    CLASS_VIEW,
    DEFAULT_SIZE,
    SIZES,
    follow_visitor,
    request_lang,
    request_size,
)
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text

__all__ = [
    "DEFAULT_SIZE",
    "LECTURER_TAG",
    "SIZES",
    "VIEWS",
    "VIEW_LINKS",
    "ClassPresentation",
    "Presentation",
    "check_size",
    "check_view",
    "header_html",
    "show",
    "live_panel",
    "show_class",
    "show_lecturer",
    "stylesheet",
]

#: The views, each a notebook ``notebooks/present/<view>.ipynb``.
VIEWS: tuple[str, ...] = ("explorer", "cases")
#: Cells with this tag are for the lecturer only: never shown (nor run) in presentation mode.
LECTURER_TAG = "lecturer"

_TITLES = {"explorer": "present_explorer_title", "cases": "present_cases_title"}
_LEADS = {"explorer": "present_explorer_lead", "cases": "present_cases_lead"}
#: The string key of each view's link in the header and in the server's listing.
VIEW_LINKS = {"explorer": "present_to_explorer", "cases": "present_to_cases"}


def stylesheet() -> str:
    """The CSS of presentation mode (from ``data/present.css`` and ``data/widgets.css``).

    Examples:
        >>> css = stylesheet()
        >>> "rothman-present" in css and ".rothman-size-4 { --rp-scale: 1.25; }" in css
        True
    """
    from rothman.render.styles import present_css

    return present_css(SIZES)


def check_view(view: str) -> str:
    """Return ``view`` if it is one of :data:`VIEWS`, else raise a :class:`RothmanError`.

    Examples:
        >>> check_view("cases")
        'cases'
        >>> check_view("slides")
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Unknown key 'slides'. Choose one of: explorer, cases.
    """
    if view not in VIEWS:
        raise RothmanError("error_unknown_model", value=str(view), choices=VIEWS)
    return view


def header_html(view: str, lang: str, size: int = DEFAULT_SIZE) -> str:
    """The title, one line of guidance and the links between the views, in ``lang``.

    The links keep the language and the type size chosen in class.

    Examples:
        >>> page = header_html("cases", "id")
        >>> "Studi kasus" in page and 'href="explorer.ipynb?lang=id"' in page
        True
        >>> 'href="explorer.ipynb?lang=en&amp;size=3"' in header_html("cases", "en", 3)
        True
    """
    check_view(view)
    check_lang(lang)
    esc = html.escape
    query = f"lang={lang}" if size == DEFAULT_SIZE else f"lang={lang}&size={int(size)}"
    links = []
    for other in VIEWS:
        label = esc(text(VIEW_LINKS[other], lang))
        if other == view:
            links.append(f'<strong aria-current="page">{label}</strong>')
        else:
            links.append(f'<a href="{esc(f"{other}.ipynb?{query}")}">{label}</a>')
    return (
        f'<h1 class="rothman-present-title">{esc(text(_TITLES[view], lang))}</h1>'
        f'<p class="rothman-lead">{esc(text(_LEADS[view], lang))}</p>'
        f'<nav class="rothman-nav" aria-label="{esc(text("present_views", lang))}">'
        f"{' '.join(links)}</nav>"
    )


class Presentation:
    """One view for class: a header bar (title, views, language, A-/A+) above the widget.

    The header follows the widget's language switch, which it shows in the bar.

    Examples:
        >>> view = Presentation("explorer", lang="en")
        >>> view.inner.set_language("id")
        >>> "Model mana yang cocok" in view.header.value
        True
        >>> view.larger.click(); view.size, "rothman-size-2" in view.widget._dom_classes
        (2, True)
        >>> "rothman-large-type" in view.widget._dom_classes
        True
    """

    def __init__(self, view: str, lang: str | None = None, size: int | None = None) -> None:
        import ipywidgets as w

        from rothman.notebook.explorer import Explorer
        from rothman.notebook.quiz import CaseQuiz

        self.view = check_view(view)
        lang = check_lang(lang) if lang is not None else request_lang()
        self.size = request_size() if size is None else check_size(size)
        # the explorer's practice panel stays in the notebooks: a projected screen has no room
        self.inner = (
            Explorer(lang=lang, guidance=False) if view == "explorer" else CaseQuiz(lang=lang)
        )
        self.widget = w.VBox([self._bar(), self.inner.widget])
        self.widget.add_class("rothman-present")
        self.widget._dom_classes = (*self.widget._dom_classes, *_size_classes(self.size))
        self.inner.language.observe(self._on_language, names="value")
        self._relabel(lang)

    def _bar(self):
        """The header bar: the title, the language switch and the A−/A+ buttons."""
        import ipywidgets as w

        self.header = w.HTML()
        self.header.add_class("rothman-present-header")
        self.smaller = w.Button(layout={"width": "auto"})
        self.smaller.add_class("rothman-smaller")
        self.larger = w.Button(layout={"width": "auto"})
        self.larger.add_class("rothman-larger")
        self.smaller.on_click(lambda _: self.set_size(self.size - 1))
        self.larger.on_click(lambda _: self.set_size(self.size + 1))
        sizes = w.HBox([self.smaller, self.larger])
        sizes.add_class("rothman-size")
        # a second view of the widget's own language switch; present.css hides the first
        tools = w.HBox([self.inner.language, sizes])
        tools.add_class("rothman-tools")
        bar = w.HBox([self.header, tools])
        bar.add_class("rothman-bar")
        return bar

    def set_size(self, size: int) -> None:
        """Show the type at step ``size`` of :data:`SIZES` (kept within the steps)."""
        size = min(max(int(size), 0), len(SIZES) - 1)
        # one change of the classes, so the page never shows a moment without a size
        kept = tuple(c for c in self.widget._dom_classes if c not in _size_classes(self.size))
        self.widget._dom_classes = (*kept, *_size_classes(size))
        self.size = size
        self._relabel(self.inner.language.value)

    def _relabel(self, lang: str) -> None:
        self.header.value = header_html(self.view, lang, self.size)
        self.smaller.description = text("present_smaller_label", lang)
        self.smaller.tooltip = text("present_smaller", lang)
        self.smaller.disabled = self.size == 0
        self.larger.description = text("present_larger_label", lang)
        self.larger.tooltip = text("present_larger", lang)
        self.larger.disabled = self.size == len(SIZES) - 1

    def _on_language(self, change) -> None:
        self._relabel(change["new"])

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from rothman.render.styles import style_tag

        display(HTML(style_tag(stylesheet())))
        display(self.widget)


def _size_classes(size: int) -> tuple[str, ...]:
    """The page's classes for type step ``size``: the step, and above the default the class
    that lets secondary text grow less (present.css), so that everything still fits."""
    classes = (f"rothman-size-{size}",)
    return (*classes, "rothman-large-type") if size > DEFAULT_SIZE else classes


class ClassPresentation(Presentation):
    """The class view: the explorer and the case quiz in one page, one kernel, a switch.

    One language for both: the explorer's switch, shown in the bar, changes the quiz too.

    Examples:
        >>> view = ClassPresentation(lang="en")
        >>> view.switch.value = "cases"; view.inner.widget.layout.display, view.quiz.widget.layout.display
        ('none', None)
        >>> view.inner.set_language("id"); view.quiz.lang, "Penjelajah" in view.switch.options[0]
        ('id', True)
    """

    def __init__(self, lang: str | None = None, size: int | None = None) -> None:
        import ipywidgets as w

        from rothman.notebook.explorer import Explorer
        from rothman.notebook.quiz import CaseQuiz

        self.view = CLASS_VIEW
        lang = check_lang(lang) if lang is not None else request_lang()
        self.size = request_size() if size is None else check_size(size)
        self.inner = Explorer(lang=lang, guidance=False)
        self.quiz = CaseQuiz(lang=lang)
        #: the "Send my answer" panel of a class server's live rounds (None without a class)
        self.live = live_panel(lang)
        self.switch = w.ToggleButtons(options=[("", v) for v in VIEWS], value=VIEWS[0])
        self.switch.add_class("rothman-switch")
        # both built, one shown (a Stack of ipywidgets lays its pages out of the flow)
        # the live round first: while the lecturer runs one, it is what the class answers
        cases = [self.quiz.widget] if self.live is None else [self.live.widget, self.quiz.widget]
        self.pages = w.VBox([self.inner.widget, *cases])
        for page in cases:
            page.layout.display = "none"
        self.switch.observe(self._on_switch, names="value")
        self.widget = w.VBox([self._bar(), self.switch, self.pages])
        self.widget.add_class("rothman-present")
        for name in _size_classes(self.size):
            self.widget.add_class(name)
        self.inner.language.observe(self._on_language, names="value")
        self._relabel(lang)

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from rothman.render.styles import read_css, style_tag

        if self.live is not None:  # the panel's own look: its tables, its status lines
            display(HTML(style_tag(read_css("live_class.css"))))
        super()._ipython_display_()

    def _on_switch(self, change) -> None:
        self.inner.widget.layout.display = None if change["new"] == VIEWS[0] else "none"
        for page in self.pages.children[1:]:
            page.layout.display = None if change["new"] == VIEWS[1] else "none"

    def _on_language(self, change) -> None:
        self.quiz.language.value = change["new"]
        if self.live is not None:
            self.live.language.value = change["new"]
        self._relabel(change["new"])

    def _relabel(self, lang: str) -> None:
        esc = html.escape
        self.header.value = (
            f'<h1 class="rothman-present-title">{esc(text("present_class_title", lang))}</h1>'
            f'<p class="rothman-lead">{esc(text("present_class_lead", lang))}</p>'
        )
        chosen = self.switch.value
        self.switch.options = [(text(VIEW_LINKS[v], lang), v) for v in VIEWS]
        self.switch.value = chosen
        self.switch.tooltips = [text(_LEADS[v], lang) for v in VIEWS]
        self.smaller.description = text("present_smaller_label", lang)
        self.smaller.tooltip = text("present_smaller", lang)
        self.smaller.disabled = self.size == 0
        self.larger.description = text("present_larger_label", lang)
        self.larger.tooltip = text("present_larger", lang)
        self.larger.disabled = self.size == len(SIZES) - 1


def live_panel(lang: str):
    """The "Send my answer" panel of a class server's page (its language switch left to the
    page's own), or None outside a class server (no class folder named, see
    :data:`CLASS_DIR_ENV`)."""
    if not os.environ.get(CLASS_DIR_ENV):
        return None
    from rothman.notebook.class_answer import live_answer

    panel = live_answer(lang=lang)
    panel.language.layout.display = "none"
    # the panel is a size container (its stylesheet): it takes the page's width, not its own
    panel.widget.layout.width = "100%"
    return panel


def show_lecturer(lang: str | None = None) -> None:
    """Display the lecturer's view of the class server's class (the one call
    ``notebooks/present/lecturer.ipynb`` makes): counts, Reveal, the next round, exports.

    Args:
        lang: the language; by default from the page address (see :func:`request_lang`).
    """
    from IPython.display import HTML, display

    from rothman.notebook.lecturer_view import live_lecturer

    lang = check_lang(lang) if lang is not None else request_lang()
    try:
        display(live_lecturer(lang))
    except RothmanError as exc:  # no class folder: not a class server
        display(HTML(f"<p>{html.escape(exc.message(lang))}</p>"))


def show_class(lang: str | None = None) -> None:
    """Display the class view (the one call ``notebooks/present/class.ipynb`` makes).

    Args:
        lang: the starting language; by default from the page address (see
            :func:`request_lang`).
    """
    from IPython.display import display

    shown = ClassPresentation(lang)
    display(shown)
    if lang is None:
        follow_visitor(shown)
    if shown.live is not None:
        # a preheated page was built before its student came: show the round running now
        shown.live.poll()


def check_size(size: int) -> int:
    """Return ``size`` if it is a step of :data:`SIZES`, else raise a :class:`RothmanError`.

    Examples:
        >>> check_size(0)
        0
        >>> check_size(7)
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Unknown key '7'. Choose one of: 0, 1, 2, 3, 4.
    """
    steps = tuple(range(len(SIZES)))
    if size not in steps:
        raise RothmanError("error_unknown_model", value=str(size), choices=[str(s) for s in steps])
    return size


def show(view: str, lang: str | None = None) -> None:
    """Display a view in the notebook (the one call a presentation notebook makes).

    Args:
        view: ``"explorer"`` or ``"cases"``.
        lang: the starting language; by default from the page address (see
            :func:`request_lang`).

    Returns nothing, so that the view is shown once even as the last line of a cell.
    """
    from IPython.display import display

    shown = Presentation(view, lang)
    display(shown)
    if lang is None:
        follow_visitor(shown)
