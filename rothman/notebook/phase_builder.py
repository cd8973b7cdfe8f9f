"""The student's own path of phases: the explorer's answers, kept as named phases, drawn in
the triangle of models.

Like :mod:`rothman.notebook.explorer`, the object holds a ``.widget`` (an ipywidgets box) that displays
itself in a notebook and takes every label from the data files. Phase names are typed by the
student: they are shown as text only (escaped in HTML, never parsed as maths in the figure).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w

from rothman.core.assessment import Assessment, phases
from rothman.core.i18n import check_lang, text
from rothman.notebook.base import WidgetBase
from rothman.notebook.explorer import Explorer
from rothman.render.plots import png_bytes
from rothman.render.triangle import situations_figure, situations_summary

#: The longest phase name kept (longer names are cut, so the key beside the triangle fits).
MAX_NAME = 80


class PhaseBuilder(WidgetBase):
    """Build the path of your own situation: add the explorer's answers as a named phase,
    reorder and remove phases, and see the path in the triangle with a text summary.

    Args:
        lang: ``"en"`` or ``"id"``.
        explorer: the explorer whose answers are added (default: a new one, shown above).

    Examples:
        >>> builder = PhaseBuilder(lang="en")
        >>> builder.explorer.set(problem="injustice", goal="shift_power", power_holders="opponents")
        >>> builder.add("Protest")
        >>> builder.explorer.set(goal="solve_task", power_holders="sponsors")
        >>> builder.add("Task force")
        >>> [(name, a.model.letter) for name, a in builder.path]
        [('Protest', 'C'), ('Task force', 'B')]
        >>> builder.move(1, -1); [name for name, _ in builder.path]
        ['Task force', 'Protest']
        >>> builder.remove(0); len(builder.path)
        1
    """

    def __init__(self, lang: str = "en", explorer: Explorer | None = None) -> None:
        self.lang = check_lang(lang)
        self._own_explorer = explorer is None
        self.explorer = explorer or Explorer(lang=self.lang, guidance=False)
        self._phases: list[tuple[str, dict]] = []
        self.name = w.Text(layout={"width": "min(100%, 30em)"}, style={"description_width": "10em"})
        self.name.add_class("rothman-phase-name")
        self.add_button = w.Button(icon="plus", layout={"width": "max-content"})
        self.add_button.add_class("rothman-phase-add")
        self.clear_button = w.Button(icon="trash", layout={"width": "max-content"})
        self.clear_button.add_class("rothman-phase-clear")
        self.heading = w.HTML()
        self.rows = w.VBox()
        self.rows.add_class("rothman-phase-rows")
        self.image = w.Image(format="png", layout={"width": "100%", "max_width": "860px"})
        self.image.add_class("rothman-plot")
        self.summary = w.HTML()
        self.summary.add_class("rothman-summary")
        self.add_button.on_click(lambda _: self.add())
        self.clear_button.on_click(lambda _: self.clear())
        self.explorer.language.observe(self._on_language, names="value")
        actions = w.HBox([self.name, self.add_button, self.clear_button])
        actions.add_class("rothman-phase-actions")
        parts = [self.heading, actions, self.rows, self.image, self.summary]
        builder = w.VBox(parts)
        builder.add_class("rothman-phase-builder")
        self.widget = w.VBox([self.explorer.widget, builder]) if self._own_explorer else builder
        self._relabel()
        self._show()

    # --- state ------------------------------------------------------------------------------
    @property
    def path(self) -> list[tuple[str, Assessment]]:
        """The phases in order: (name, assessment in the current language)."""
        results = phases([answers for _, answers in self._phases], self.lang)
        return [(name, result) for (name, _), result in zip(self._phases, results)]

    def add(self, name: str | None = None, answers: Mapping[str, object] | None = None) -> None:
        """Add a phase: ``answers`` (default: the explorer's), named ``name`` (default: the
        name box, else "Phase N")."""
        answers = dict(self.explorer.answers if answers is None else answers)
        phases([answers], self.lang)  # check before keeping anything
        typed = (self.name.value if name is None else name).strip()
        label = typed[:MAX_NAME] or text(
            "phase_default_name", self.lang, number=len(self._phases) + 1
        )
        self._phases.append((label, answers))
        self.name.value = ""
        self._show()

    def move(self, index: int, step: int) -> None:
        """Move phase ``index`` (from 0) by ``step`` places (-1 earlier, +1 later)."""
        target = index + step
        if 0 <= index < len(self._phases) and 0 <= target < len(self._phases):
            self._phases.insert(target, self._phases.pop(index))
            self._show()

    def remove(self, index: int) -> None:
        """Remove phase ``index`` (from 0)."""
        if 0 <= index < len(self._phases):
            del self._phases[index]
            self._show()

    def clear(self) -> None:
        """Remove every phase."""
        self._phases.clear()
        self._show()

    # --- display ----------------------------------------------------------------------------
    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._show()

    def _relabel(self) -> None:
        lang = self.lang
        self.name.description = text("phase_name", lang)
        self.name.placeholder = text("phase_name_hint", lang)
        self.add_button.description = text("phase_add", lang)
        self.add_button.tooltip = text("phase_add", lang)
        self.clear_button.description = text("phase_clear", lang)
        self.clear_button.tooltip = text("phase_clear", lang)
        self.heading.value = (
            f"<h3>{html.escape(text('phase_builder_title', lang))}</h3>"
            f"<p>{html.escape(text('phase_builder_help', lang))}</p>"
        )

    def _row(self, number: int, name: str, result: Assessment, last: bool) -> w.Box:
        lang = self.lang
        esc = html.escape
        warn = (
            f" ⚠ {esc(text('tensions', lang))}: {len(result.tensions)}" if result.tensions else ""
        )
        label = w.HTML(
            f"<p><strong>{number}. {esc(name)}</strong>: {esc(result.headline())}{warn}</p>",
            layout={"flex": "1 1 20em"},
        )
        buttons = []
        for key, help_key, icon, step, disabled in (
            ("phase_up", "phase_up_help", "arrow-up", -1, number == 1),
            ("phase_down", "phase_down_help", "arrow-down", 1, last),
        ):
            button = w.Button(
                description=text(key, lang),
                tooltip=text(help_key, lang, number=number),
                icon=icon,
                disabled=disabled,
                layout={"width": "max-content"},
            )
            button.on_click(lambda _, i=number - 1, s=step: self.move(i, s))
            buttons.append(button)
        remove = w.Button(
            description=text("phase_remove", lang),
            tooltip=text("phase_remove_help", lang, number=number),
            icon="times",
            layout={"width": "max-content"},
        )
        remove.on_click(lambda _, i=number - 1: self.remove(i))
        row = w.HBox([label, *buttons, remove], layout={"flex_flow": "row wrap"})
        row.add_class("rothman-phase-row")
        return row

    def _show(self) -> None:
        lang = self.lang
        path = self.path
        self.clear_button.disabled = not path
        self.rows.children = [
            self._row(i, name, result, i == len(path)) for i, (name, result) in enumerate(path, 1)
        ]
        if not path:
            self.image.layout.display = "none"
            self.summary.value = f"<p>{html.escape(text('phase_none_yet', lang))}</p>"
            return
        self.image.layout.display = None
        self.image.value = png_bytes(situations_figure(path, lang, path=True))
        lines = situations_summary(path, lang).splitlines()
        self.summary.value = (
            f"<p><strong>{html.escape(text('phase_summary', lang))}</strong></p><ul>"
            + "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines)
            + "</ul>"
        )
