"""A widget for the course notebooks: a case moving through its phases, in the triangle.

Like :mod:`rothman.notebook.explorer`, the object holds a ``.widget`` (an ipywidgets box) that
displays itself in a notebook, takes every label from the data files and keeps its state
when the language changes.
"""

from __future__ import annotations

import html

import ipywidgets as w

from rothman.core.cases import Case, case, cases
from rothman.core.errors import DataError, UnknownCaseError
from rothman.core.i18n import check_lang, text
from rothman.notebook.base import WidgetBase, language_toggle
from rothman.render.plots import png_bytes
from rothman.render.triangle import phase_points, situations_figure, situations_summary

_LAYOUT = {"width": "min(100%, 46em)"}


def phased_cases(lang: str = "en") -> tuple[Case, ...]:
    """The shipped cases that move through phases, texts in ``lang``.

    Examples:
        >>> all(len(c.phases) >= 2 for c in phased_cases("id"))
        True
    """
    return tuple(c for c in cases(lang) if c.phases)


class PhaseViewer(WidgetBase):
    """Pick a case that moves through phases; see its path in the triangle of models.

    Each phase is assessed on its own answers; the phases are numbered and joined in
    order. Below the figure: a sentence per point, and the headline of each phase.

    Args:
        lang: ``"en"`` or ``"id"``.
        case_id: the case to show first (default: the first case with phases).

    Raises:
        UnknownCaseError: ``case_id`` is not a case with phases (the error lists those).

    Examples:
        >>> viewer = PhaseViewer(lang="en")
        >>> bytes(viewer.image.value[:4])
        b'\\x89PNG'
        >>> viewer.case.id == viewer.picker.value
        True
    """

    def __init__(self, lang: str = "en", case_id: str | None = None) -> None:
        self.lang = check_lang(lang)
        self._busy = False
        ids = [c.id for c in phased_cases(self.lang)]
        if not ids:
            raise DataError(file="cases", problem="no case has phases")
        case_id = ids[0] if case_id is None else case_id
        if case_id not in ids:
            raise UnknownCaseError(value=str(case_id), choices=ids)
        self.language = language_toggle(self.lang)
        self.picker = w.Dropdown(layout=_LAYOUT, style={"description_width": "8em"})
        self.picker.add_class("rothman-phase-picker")
        self.story = w.HTML()
        self.story.add_class("rothman-phase-story")
        self.image = w.Image(format="png", layout={"width": "100%", "max_width": "860px"})
        self.image.add_class("rothman-plot")
        self.summary = w.HTML()
        self.summary.add_class("rothman-summary")
        self.phases = w.HTML()
        self.phases.add_class("rothman-phases")
        self._relabel()
        self.picker.value = case_id
        self._show()
        self.picker.observe(lambda _: None if self._busy else self._show(), names="value")
        self.language.observe(self._on_language, names="value")
        self.widget = w.VBox(
            [self.language, self.picker, self.story, self.image, self.summary, self.phases]
        )
        self.widget.add_class("rothman-phase-viewer")

    @property
    def case(self) -> Case:
        return case(self.picker.value, self.lang)

    def _relabel(self) -> None:
        self._busy = True
        try:
            self.language.description = text("language", self.lang)
            current = self.picker.value
            self.picker.options = [(c.title, c.id) for c in phased_cases(self.lang)]
            self.picker.description = text("quiz_case", self.lang)
            if current is not None:
                self.picker.value = current
        finally:
            self._busy = False

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._show()

    def _show(self) -> None:
        item = self.case
        lang = self.lang
        esc = html.escape
        points = phase_points(item)
        figure = situations_figure(points, lang, path=True)
        self.image.value = png_bytes(figure)
        self.story.value = (
            f"<h3>{esc(item.title)}</h3><p>{esc(item.story)}</p>"
            f"<p><small>{esc(text('source', lang))}: {esc(item.source_text)}</small></p>"
        )
        self.summary.value = (
            "<ul>"
            + "".join(
                f"<li>{esc(line[2:])}</li>"
                for line in situations_summary(points, lang).splitlines()
            )
            + "</ul>"
        )
        rows = "".join(
            f"<li><strong>{esc(label)}</strong>: {esc(result.headline())}</li>"
            for label, result in points
        )
        self.phases.value = (
            f"<p><strong>{esc(text('course_phases', lang))}</strong></p><ol>{rows}</ol>"
        )
