"""A student's "Send my answer" panel in a live class.

The panel follows the class's current round (a case, or a situation the lecturer typed):
the student ticks one to three models, maybe a role of the power structure and the reasons
that decided it, and sends; sending again changes the answer. The answer goes out without a
name (a nickname only when the lecturer allows one). Nothing of the class is shown until the
lecturer reveals the answer: then the case's answer and the class's counts appear. The page
learns of a reveal or a new round by reading the class folder on its kernel's event loop.
"""

from __future__ import annotations

import html
import os

import ipywidgets as w

from rothman.core.case_folders import OwnCases, own_cases
from rothman.core.class_answers import MAX_NICKNAME, MAX_REASONS, Answer, Round, RoundRevealedError
from rothman.core.class_room import ClassRoom, new_student_token
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.core.variables import community_variables
from rothman.notebook.base import language_toggle
from rothman.notebook.live import LiveWidget, Poller, class_folder, start_lang
from rothman.render.class_summary import answer_key_lines, round_case, round_heading, tally_html

#: Seconds between two readings of the class folder by a student's page.
STUDENT_POLL_SECONDS = 1.5
_FULL = {"width": "auto", "max_width": "100%"}


def _status(message: str, kind: str) -> str:
    return f'<p class="rothman-live-{kind}" role="status">{html.escape(message)}</p>'


class ClassAnswer(LiveWidget):
    """The panel on a student's page that sends the student's answer to the current round.

    Args:
        room_folder: the class folder (the lecturer's view opens the same one).
        lang: ``"en"`` or ``"id"``.
        case_id: the case of the page; None follows every round. With a case, the panel
            answers only rounds about that case.
        cases: the lecturer's own cases (a folder or cases read), offered beside the built-in.
        token: the page's student token; a new random one when None.
        poll_seconds: seconds between two readings of the class folder.
        poll: read the folder by itself on the running event loop (a kernel's).

    Examples:
        >>> import tempfile
        >>> from rothman.core.class_room import ClassRoom
        >>> folder = tempfile.mkdtemp()
        >>> _ = ClassRoom(folder).start_round(case_id="love_canal")
        >>> panel = ClassAnswer(folder, "en")
        >>> panel.model_boxes["social_action"].value = True
        >>> panel.send_button.click()
        >>> "Sent" in panel.status.value, panel.answer_area.value
        (True, '')
    """

    def __init__(
        self,
        room_folder: str | os.PathLike,
        lang: str = "en",
        case_id: str | None = None,
        cases: OwnCases = None,
        token: str | None = None,
        poll_seconds: float = STUDENT_POLL_SECONDS,
        poll: bool = True,
    ) -> None:
        self.lang = check_lang(lang)
        self.room = ClassRoom(room_folder)
        self.token = token or new_student_token()
        self.case_id = case_id
        self.own_cases = own_cases(cases, self.lang)
        #: the round shown, as last read; None before the first round (or another case's)
        self.round: Round | None = None
        self.sent: Answer | None = None
        self._waiting = ""
        self.language = language_toggle(self.lang)
        self.heading = w.HTML()
        self.subject = w.HTML()
        self.subject.add_class("rothman-live-subject")
        self.help = w.HTML()
        self.models_label = w.HTML()
        self.model_boxes = {
            m.value: w.Checkbox(value=False, indent=False, layout=_FULL) for m in Model
        }
        self.role = w.RadioButtons(value=None, layout=_FULL)
        self.role.add_class("rothman-live-role")
        self.reasons_label = w.HTML()
        self.reason_boxes = {
            v.key: w.Checkbox(value=False, indent=False, layout=_FULL)
            for v in community_variables()
        }
        self.nickname = w.Text(layout={"display": "none", "width": "min(100%, 24em)"})
        self.nickname.add_class("rothman-live-nickname")
        self.send_button = w.Button(button_style="primary", icon="paper-plane", layout=_FULL)
        self.send_button.add_class("rothman-live-send")
        self.status = w.HTML()
        self.status.add_class("rothman-live-status")
        #: the case's answer and the class's counts: empty until the lecturer reveals
        self.answer_area = w.HTML()
        self.answer_area.add_class("rothman-live-revealed")
        models = w.VBox([self.models_label, *self.model_boxes.values()])
        models.add_class("rothman-live-models")
        reasons = w.VBox([self.reasons_label, *self.reason_boxes.values()])
        reasons.add_class("rothman-live-reasons-choice")
        self.form = w.VBox([self.help, models, self.role, reasons, self.nickname, self.send_button])
        self.form.add_class("rothman-live-form")
        self.widget = w.VBox(
            [self.language, self.heading, self.subject, self.form, self.status, self.answer_area]
        )
        self.widget.add_class("rothman-live")
        self.widget.add_class("rothman-live-student")
        self._relabel()
        self.send_button.on_click(lambda _: self.send())
        self.language.observe(self._on_language, names="value")
        self.poller = Poller(self.poll, poll_seconds, self.widget)
        self.poll()
        if poll:
            self.poller.start()

    # --- reading the class folder ---------------------------------------------------------
    def poll(self) -> None:
        """Read the class folder once: a new round resets the panel, a reveal shows the answer."""
        try:
            current = self.room.current_round()
            allowed = self.room.nicknames
        except RothmanError as exc:
            self.status.value = _status(exc.message(self.lang), "error")
            return
        self.nickname.layout.display = None if allowed else "none"
        if current is not None and self.case_id and current.case_id != self.case_id:
            self._wait("live_other_case")
            return
        if current is None:
            self._wait("live_waiting")
            return
        if self.round is None or current.id != self.round.id:
            try:
                self._set_round(current)
            except Exception:
                self.round = None  # shown in part: shown again at the next reading
                raise
        elif current.revealed and not self.round.revealed:
            self.round = current
            self._show_revealed()

    def _wait(self, key: str) -> None:
        """No round for this page: say why once (``key``), with the controls off."""
        if self.round is None and self._waiting == key:
            return
        self._waiting = key
        self._set_round(None)

    def _set_round(self, current: Round | None) -> None:
        self.round = current
        self.sent = None
        for box in [*self.model_boxes.values(), *self.reason_boxes.values()]:
            box.value = False
        self.role.value = None
        self.answer_area.value = ""
        # no round: one line saying so, not a form that cannot be used
        self.form.layout.display = "none" if current is None else None
        if current is None:
            self.subject.value = _status(text(self._waiting, self.lang), "waiting")
            self.status.value = ""
            self._enable(False)
            return
        self._show_subject()
        self.status.value = _status(text("live_not_sent", self.lang), "waiting")
        self._enable(not current.revealed)
        if current.revealed:  # a page opened after the reveal
            self._show_revealed()

    def _enable(self, on: bool) -> None:
        for control in [
            *self.model_boxes.values(),
            *self.reason_boxes.values(),
            self.role,
            self.nickname,
            self.send_button,
        ]:
            control.disabled = not on

    # --- sending ----------------------------------------------------------------------------
    def send(self) -> Answer | None:
        """Send what the controls say as the student's answer; None (and a status) if it
        cannot be taken."""
        if self.round is None:
            return None
        lang = self.lang
        models = [key for key, box in self.model_boxes.items() if box.value]
        reasons = [key for key, box in self.reason_boxes.items() if box.value]
        if not models:
            self.status.value = _status(text("live_choose_model", lang), "error")
            return None
        if len(reasons) > MAX_REASONS:
            self.status.value = _status(text("live_too_many_reasons", lang), "error")
            return None
        nickname = self.nickname.value if self.nickname.layout.display != "none" else None
        try:
            answer = self.room.send(
                self.round.id, self.token, models, self.role.value or None, reasons, nickname
            )
        except RoundRevealedError:
            self.poll()
            self.status.value = _status(text("live_closed", lang), "waiting")
            return None
        except RothmanError as exc:
            self.status.value = _status(f"✘ {exc.message(lang)}", "error")
            return None
        changed = self.sent is not None
        self.sent = answer
        self._show_sent(changed)
        return answer

    def _show_sent(self, changed: bool) -> None:
        lang = self.lang
        if self.sent is None:
            return
        said = " + ".join(f"{m.label(lang)} ({m.letter})" for m in self.sent.models)
        if self.sent.role is not None:
            said += f"; {self.sent.role.label(lang)}"
        done = text("live_changed" if changed else "live_sent", lang)
        mine = text("live_your_answer", lang, answer=said)
        self.status.value = (
            f'<p class="rothman-live-done" role="status">{html.escape(done)}</p>'
            f"<p>{html.escape(mine)}</p>"
        )

    # --- showing ----------------------------------------------------------------------------
    def _show_subject(self) -> None:
        lang, esc = self.lang, html.escape
        heading = f"<h4>{esc(round_heading(self.round, lang))}</h4>"
        try:
            item = round_case(self.round, lang, self.own_cases)
        except RothmanError as exc:
            self.subject.value = heading + _status(exc.message(lang), "error")
            return
        if item is None:
            self.subject.value = (
                f'{heading}<p class="rothman-live-situation">{esc(self.round.situation)}</p>'
            )
            return
        setting = f"<p><em>{esc(item.setting)}</em></p>" if item.setting else ""
        self.subject.value = (
            f"{heading}<h3>{esc(item.title)}</h3>{setting}<p>{esc(item.story)}</p>"
            f"<p><small>{esc(text('source', lang))}: {esc(item.source_text)}</small></p>"
        )

    def _show_revealed(self) -> None:
        """The case's answer and the class's counts, read through the student's own view."""
        lang, esc = self.lang, html.escape
        self._enable(False)
        try:
            view = self.room.student_view(self.round.id, self.token)
            item = round_case(self.round, lang, self.own_cases)
        except RothmanError as exc:
            self.answer_area.value = _status(exc.message(lang), "error")
            return
        if view.tally is None:  # not revealed after all
            return
        if item is None:
            key = f"<p>{esc(text('live_no_key', lang))}</p>"
        else:
            key = "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in answer_key_lines(item, lang))
            key += "</ul>"
        self.answer_area.value = (
            f"<h4>{esc(text('live_answer_heading', lang))}</h4>{key}"
            f"<h4>{esc(text('live_class_heading', lang))}</h4>{tally_html(view.tally, lang)}"
        )
        if self.sent is None:
            self.status.value = _status(text("live_closed", lang), "waiting")

    def _relabel(self) -> None:
        lang = self.lang
        self.language.description = text("language", lang)
        self.heading.value = f"<h3>{html.escape(text('live_send_heading', lang))}</h3>"
        self.help.value = f"<p><small>{html.escape(text('live_send_help', lang))}</small></p>"
        self.models_label.value = (
            f"<strong>{html.escape(text('live_models_question', lang))}</strong>"
        )
        for key, box in self.model_boxes.items():
            model = Model(key)
            box.description = f"{model.letter}: {model.label(lang)}"
        chosen = self.role.value
        self.role.options = [
            *((r.label(lang), r.value) for r in PowerRole),
            (text("live_role_none", lang), ""),
        ]
        self.role.value = chosen
        self.role.description = text("live_role_question", lang)
        self.reasons_label.value = (
            f"<strong>{html.escape(text('live_reasons_question', lang))}</strong>"
        )
        for var in community_variables():
            self.reason_boxes[var.key].description = var.label(lang)
        self.nickname.description = text("live_nickname", lang)
        self.nickname.placeholder = f"≤ {MAX_NICKNAME}"
        self.send_button.description = text("live_send", lang)

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self.own_cases = own_cases([*self.own_cases], self.lang)
        self._relabel()
        if self.round is None:
            self.subject.value = _status(text(self._waiting, self.lang), "waiting")
            return
        self._show_subject()
        if self.sent is not None:
            self._show_sent(False)
        if self.round.revealed:
            self._show_revealed()


def live_answer(
    case_id: str | None = None,
    lang: str | None = None,
    folder: str | os.PathLike | None = None,
    cases: OwnCases = None,
) -> ClassAnswer:
    """The "Send my answer" panel of a student's page in a class server.

    Args:
        case_id: the page's case; None follows every round the lecturer starts.
        lang: the language; else ``ROTHMAN_LANG``, else English.
        folder: the class folder; else the one ``ROTHMAN_CLASS_DIR`` names.
        cases: the lecturer's own cases; else the folder ``ROTHMAN_CASES`` names, if any.
    """
    return ClassAnswer(class_folder(folder), start_lang(lang), case_id=case_id, cases=cases)
