"""The lecturer's view of a live class: what the class thinks, live, and the round's controls.

It shows how many students answered, the count per model and role (a bar chart and tables,
each chart with the sentence that says what it shows), every answer as a point in the
models' triangle and the reasons chosen most. Its buttons reveal the answer to every
student's page, start the next round (a case, or a situation typed in class), let students
add a nickname or not, and export the answers (CSV) and a printable summary into the class
folder. It reads the class folder about every second on its kernel's event loop.
"""

from __future__ import annotations

import base64
import html
import os
from datetime import datetime
from pathlib import Path

import ipywidgets as w

from rothman.core.case_folders import OwnCases, course_cases, own_cases, own_mark
from rothman.core.class_answers import MAX_SITUATION, Round, Tally
from rothman.core.class_room import ClassRoom
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text
from rothman.notebook.base import language_toggle
from rothman.notebook.live import LiveWidget, Poller, class_folder, start_lang
from rothman.render.class_points import counts_figure, counts_summary, points_figure, points_summary
from rothman.render.class_summary import round_case, round_heading, tally_html, write_summary
from rothman.render.plots import png_bytes

#: Seconds between two readings of the class folder by the lecturer's page.
LECTURER_POLL_SECONDS = 1.0
_WIDE = {"width": "min(100%, 40em)"}


def _figure_html(fig, summary: str, lang: str) -> str:
    """A figure as an ``<img>`` whose alt text is its summary, with the summary beneath."""
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    alt = html.escape(text("live_figure_alt", lang, summary=summary), quote=True)
    return (
        f'<figure class="rothman-live-figure"><img src="data:image/png;base64,{data}" alt="{alt}">'
        f"<figcaption>{html.escape(summary)}</figcaption></figure>"
    )


class LecturerView(LiveWidget):
    """The lecturer's page of a live class.

    Args:
        room_folder: the class folder the students' pages send to.
        lang: ``"en"`` or ``"id"``.
        cases: the lecturer's own cases (a folder or cases read), offered after the built-in.
        poll_seconds: seconds between two readings of the class folder.
        poll: read the folder by itself on the running event loop (a kernel's).

    Examples:
        >>> import tempfile
        >>> view = LecturerView(tempfile.mkdtemp(), "en")
        >>> view.next_round(case_id="love_canal").id
        1
        >>> "0 answered." in view.counts.value
        True
    """

    def __init__(
        self,
        room_folder: str | os.PathLike,
        lang: str = "en",
        cases: OwnCases = None,
        poll_seconds: float = LECTURER_POLL_SECONDS,
        poll: bool = True,
    ) -> None:
        self.lang = check_lang(lang)
        self.room = ClassRoom(room_folder)
        self.own_cases = own_cases(cases, self.lang)
        self.round: Round | None = None
        self.tally: Tally | None = None
        self._seen: tuple | None = None
        self.language = language_toggle(self.lang)
        self.heading = w.HTML()
        self.subject = w.HTML()
        self.subject.add_class("rothman-live-subject")
        self.state = w.HTML()
        self.state.add_class("rothman-live-state")
        self.counts = w.HTML()
        self.counts.add_class("rothman-live-counts")
        self.counts_chart = w.HTML(layout={"width": "100%", "max_width": "640px"})
        self.points_chart = w.HTML(layout={"width": "100%", "max_width": "640px"})
        self.reveal_button = w.Button(button_style="warning", icon="eye", layout={"width": "auto"})
        self.reveal_button.add_class("rothman-live-reveal")
        self.next_heading = w.HTML()
        self.case_picker = w.Dropdown(layout=_WIDE)
        self.case_picker.add_class("rothman-live-case-picker")
        self.situation = w.Textarea(layout=_WIDE, rows=4)
        self.situation.add_class("rothman-live-situation-input")
        self.next_help = w.HTML()
        self.next_button = w.Button(
            button_style="primary", icon="forward", layout={"width": "auto"}
        )
        self.next_button.add_class("rothman-live-next")
        self.nicknames = w.Checkbox(
            value=self.room.nicknames, indent=False, layout={"width": "auto"}
        )
        self.nicknames.add_class("rothman-live-nicknames")
        self.export_heading = w.HTML()
        self.export_csv_button = w.Button(icon="table", layout={"width": "auto"})
        self.export_csv_button.add_class("rothman-live-export-csv")
        self.export_page_button = w.Button(icon="print", layout={"width": "auto"})
        self.export_page_button.add_class("rothman-live-export-page")
        self.message = w.HTML()
        self.message.add_class("rothman-live-status")
        actions = w.HBox([self.reveal_button])
        actions.add_class("rothman-live-actions")
        exports = w.HBox([self.export_csv_button, self.export_page_button])
        exports.add_class("rothman-live-actions")
        controls = w.VBox(
            [
                actions,
                self.next_heading,
                self.case_picker,
                self.situation,
                self.next_help,
                self.next_button,
                self.nicknames,
                self.export_heading,
                exports,
                self.message,
            ]
        )
        controls.add_class("rothman-live-controls")
        self.widget = w.VBox(
            [
                self.language,
                self.heading,
                self.subject,
                self.state,
                self.counts,
                self.counts_chart,
                self.points_chart,
                controls,
            ]
        )
        self.widget.add_class("rothman-live")
        self.widget.add_class("rothman-live-lecturer")
        self._relabel()
        self.reveal_button.on_click(lambda _: self.reveal())
        self.next_button.on_click(lambda _: self._next_from_controls())
        self.export_csv_button.on_click(lambda _: self.export_csv())
        self.export_page_button.on_click(lambda _: self.export_summary())
        self.nicknames.observe(self._on_nicknames, names="value")
        self.language.observe(self._on_language, names="value")
        self.poller = Poller(self.poll, poll_seconds, self.widget)
        self.poll()
        if poll:
            self.poller.start()

    # --- reading the class folder ---------------------------------------------------------
    def poll(self) -> None:
        """Read the class folder once and show what changed (charts only when counts did)."""
        try:
            current = self.room.current_round()
            tally = None if current is None else self.room.tally(current.id)
        except RothmanError as exc:
            self._say(exc.message(self.lang), "error")
            return
        seen = (current, tally and (tally.answered, tally.points, tally.roles, tally.reasons))
        if seen == self._seen:
            return
        self._seen = seen
        self.round, self.tally = current, tally
        self._show()

    def _show(self) -> None:
        lang, esc = self.lang, html.escape
        self.reveal_button.disabled = self.round is None or self.round.revealed
        if self.round is None:
            self.subject.value = f"<p>{esc(text('live_no_round_yet', lang))}</p>"
            self.state.value = self.counts.value = ""
            self.counts_chart.value = self.points_chart.value = ""
            return
        heading = f"<h4>{esc(round_heading(self.round, lang))}</h4>"
        try:
            item = round_case(self.round, lang, self.own_cases)
            about = (
                f'<p class="rothman-live-situation">{esc(self.round.situation)}</p>'
                if item is None
                else f"<p><strong>{esc(item.title)}</strong></p>"
            )
        except RothmanError as exc:
            about = f'<p class="rothman-live-error">{esc(exc.message(lang))}</p>'
        self.subject.value = heading + about
        state = "live_revealed" if self.round.revealed else "live_not_revealed"
        self.state.value = f'<p role="status">{esc(text(state, lang))}</p>'
        counts, points = "", ""
        if self.tally.answered:  # drawn first, so the counts and the charts change together
            counts = _figure_html(
                counts_figure(self.tally, lang), counts_summary(self.tally, lang), lang
            )
            points = _figure_html(
                points_figure(self.tally, lang), points_summary(self.tally, lang), lang
            )
        self.counts.value = tally_html(self.tally, lang)
        self.counts_chart.value, self.points_chart.value = counts, points

    # --- the round ------------------------------------------------------------------------
    def reveal(self) -> Round | None:
        """Show the current round's answer on every student's page (at their next reading)."""
        if self.round is None:
            return None
        try:
            shown = self.room.reveal(self.round.id)
        except RothmanError as exc:
            self._say(exc.message(self.lang), "error")
            return None
        self.poll()
        return shown

    def next_round(self, case_id: str | None = None, situation: str | None = None) -> Round | None:
        """Start a new round about a case or a typed situation (exactly one of them)."""
        try:
            started = self.room.start_round(case_id=case_id, situation=situation)
        except RothmanError as exc:
            self._say(exc.message(self.lang), "error")
            return None
        self._say(text("live_started", self.lang, number=started.id), "done")
        self.poll()
        return started

    def _next_from_controls(self) -> Round | None:
        typed = self.situation.value
        if typed.strip():
            started = self.next_round(situation=typed)
            if started is not None:
                self.situation.value = ""
            return started
        return self.next_round(case_id=self.case_picker.value)

    def _on_nicknames(self, change) -> None:
        try:
            ClassRoom(self.room.folder, nicknames=change["new"])
        except RothmanError as exc:
            self._say(exc.message(self.lang), "error")

    # --- exports ----------------------------------------------------------------------------
    def _export_path(self, kind: str, suffix: str) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.room.folder / f"{kind}-{stamp}-{self.lang}{suffix}"

    def export_csv(self) -> Path | None:
        """Write every round's answers as CSV into the class folder; returns the file."""
        path = self._export_path("answers", ".csv")
        try:
            table = self.room.to_csv(lang=self.lang)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            # with a byte-order mark, spreadsheets read the file as UTF-8
            with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as out:
                out.write(table)
        except (OSError, RothmanError) as exc:
            return self._failed(exc)
        self._say(text("live_exported", self.lang, path=str(path)), "done")
        return path

    def export_summary(self) -> Path | None:
        """Write the printable summary page of every round into the class folder."""
        path = self._export_path("summary", ".html")
        try:
            write_summary(self.room, path, self.lang, self.own_cases)
        except (OSError, RothmanError) as exc:
            return self._failed(exc)
        self._say(text("live_exported", self.lang, path=str(path)), "done")
        return path

    def _failed(self, exc: Exception) -> None:
        problem = exc.message(self.lang) if isinstance(exc, RothmanError) else str(exc)
        self._say(text("live_export_failed", self.lang, problem=problem), "error")
        return None

    def _say(self, message: str, kind: str) -> None:
        self.message.value = (
            f'<p class="rothman-live-{kind}" role="status">{html.escape(message)}</p>'
        )

    # --- language ---------------------------------------------------------------------------
    def _relabel(self) -> None:
        lang, esc = self.lang, html.escape
        self.language.description = text("language", lang)
        self.heading.value = f"<h3>{esc(text('live_lecturer_heading', lang))}</h3>"
        self.reveal_button.description = text("live_reveal", lang)
        self.next_heading.value = f"<h4>{esc(text('live_next_heading', lang))}</h4>"
        current = self.case_picker.value
        items = course_cases(lang, self.own_cases)
        self.case_picker.options = [(f"{c.title}{own_mark(c, lang)}", c.id) for c in items]
        if current is not None:
            self.case_picker.value = current
        elif items:  # the case shown first is the one Next starts with
            self.case_picker.value = items[0].id
        self.case_picker.description = text("live_next_case", lang)
        self.situation.description = text("live_next_situation", lang)
        self.situation.placeholder = f"≤ {MAX_SITUATION}"
        self.next_help.value = f"<p><small>{esc(text('live_next_help', lang))}</small></p>"
        self.next_button.description = text("live_next", lang)
        self.nicknames.description = text("live_nicknames", lang)
        self.export_heading.value = f"<h4>{esc(text('live_export_heading', lang))}</h4>"
        self.export_csv_button.description = text("live_export_csv", lang)
        self.export_page_button.description = text("live_export_page", lang)

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self.own_cases = own_cases([*self.own_cases], self.lang)
        self._relabel()
        self._show()


def live_lecturer(
    lang: str | None = None, folder: str | os.PathLike | None = None, cases: OwnCases = None
) -> LecturerView:
    """The lecturer's view of a class server's class.

    Args:
        lang: the language; else ``ROTHMAN_LANG``, else English.
        folder: the class folder; else the one ``ROTHMAN_CLASS_DIR`` names.
        cases: the lecturer's own cases; else the folder ``ROTHMAN_CASES`` names, if any.
    """
    return LecturerView(class_folder(folder), start_lang(lang), cases=cases)
