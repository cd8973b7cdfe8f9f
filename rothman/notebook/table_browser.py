"""The table browser: pick practice variables and models, see those cells of Rothman's table."""

from __future__ import annotations

import html

import ipywidgets as w

from rothman.core.i18n import check_lang, text
from rothman.core.models import Model
from rothman.core.table import PracticeVariable, styled_comparison_table
from rothman.notebook.base import WidgetBase, language_toggle


class TableBrowser(WidgetBase):
    """Pick practice variables and models and see those rows and columns of the table.

    Examples:
        >>> tb = TableBrowser(lang="id")
        >>> tb.variables.value = ("power_structure",)
        >>> "Aksi Sosial" in tb.table.value and "kekuasaan" in tb.table.value
        True
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = check_lang(lang)
        self.language = language_toggle(self.lang)
        self.variables = w.SelectMultiple(rows=12, layout={"width": "min(100%, 34em)"})
        self.variables.add_class("rothman-table-variables")
        self.models = w.SelectMultiple(rows=3, layout={"width": "min(100%, 34em)"})
        self.models.add_class("rothman-table-models")
        self.table = w.HTML()
        self.table.add_class("rothman-table-view")
        self._relabel(keep=False)
        self._show()
        self.variables.observe(lambda _: self._show(), names="value")
        self.models.observe(lambda _: self._show(), names="value")
        self.language.observe(self._on_language, names="value")
        self.widget = w.VBox([self.language, w.HBox([self.variables, self.models]), self.table])
        self.widget.add_class("rothman-table-browser")

    def _relabel(self, keep: bool = True) -> None:
        lang = self.lang
        chosen_v = self.variables.value if keep else tuple(v.value for v in PracticeVariable)
        chosen_m = self.models.value if keep else tuple(m.value for m in Model)
        self.language.description = text("language", lang)
        self.variables.options = [
            (f"{i}. {v.label(lang)}", v.value) for i, v in enumerate(PracticeVariable, start=1)
        ]
        self.variables.value = chosen_v
        self.variables.description = text("table_pick_variables", lang)
        self.models.options = [(m.label(lang), m.value) for m in Model]
        self.models.value = chosen_m
        self.models.description = text("table_pick_models", lang)

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._relabel()
        self._show()

    def _show(self) -> None:
        if not self.variables.value or not self.models.value:
            self.table.value = f"<p>{html.escape(text('table_pick_something', self.lang))}</p>"
            return
        self.table.value = styled_comparison_table(
            self.lang, self.variables.value, self.models.value
        ).to_html()
