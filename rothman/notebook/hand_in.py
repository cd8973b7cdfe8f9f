"""Handing in the practicum report from the notebook: the printable page beside the report.

JupyterLab's terminal is not needed: a button in :class:`rothman.PracticumReport` writes
:func:`rothman.practicum.page.report_html` to ``<report-stem>.html`` in the report's folder
(replacing the previous page atomically) and shows a link to it that opens the page itself in
a new browser tab, ready to print. The link is the Jupyter server's ``files/`` address of the
page, found from the record the server keeps of itself (its root folder and base URL, in the
runtime folder, under the process id it gives its kernels); elsewhere (Voilà, which keeps no
such record) it is relative to the notebook's folder.
"""

from __future__ import annotations

import html
import json
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ipywidgets as w

from rothman.core.files import write_new_file
from rothman.core.i18n import text
from rothman.practicum.page import report_html
from rothman.practicum.report import Report


def page_path(report_path: str | Path) -> Path:
    """Where the printable page of the report at ``report_path`` goes.

    Examples:
        >>> page_path("reports/practicum_report_id.yaml").as_posix()
        'reports/practicum_report_id.html'
    """
    path = Path(report_path)
    return path.with_name(path.stem + ".html")


def write_page(report: Report, report_path: str | Path) -> Path:
    """Write the printable page of ``report`` beside ``report_path``; return the page's path."""
    return write_new_file(page_path(report_path), report_html(report), force=True)


def relative_href(target: Path, folder: Path | None = None) -> str | None:
    """``target`` as a URL relative to ``folder`` (default: the working folder), if inside it.

    Examples:
        >>> relative_href(Path("/c/en/my report.html"), Path("/c/en"))
        'my%20report.html'
        >>> relative_href(Path("/c/id/r.html"), Path("/c/en")) is None
        True
    """
    folder = Path.cwd() if folder is None else folder
    try:
        relative = Path(target).resolve().relative_to(folder.resolve())
    except ValueError:
        return None  # outside the notebook's folder: the notebook cannot link to it
    return quote(relative.as_posix())


def server_href(target: Path) -> str | None:
    """The Jupyter server's ``files/`` address of ``target``, if a server runs this kernel."""
    pid = os.environ.get("JPY_PARENT_PID", "")
    if not pid.isdigit():
        return None
    from jupyter_core.paths import jupyter_runtime_dir

    record = Path(jupyter_runtime_dir()) / f"jpserver-{pid}.json"
    try:
        info = json.loads(record.read_text(encoding="utf-8"))
        root = Path(info["root_dir"]).expanduser()
        base = str(info.get("base_url") or "/")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    href = relative_href(target, root)
    return None if href is None else base.rstrip("/") + "/files/" + href


def hand_in_html(target: Path, lang: str, when: float | None = None) -> str:
    """What the form shows once the page is written: where, when, and a link to open it."""
    stamp = time.strftime("%H:%M:%S", time.localtime(when))
    done = html.escape(text("rw_hand_in_written", lang, file=target.name, time=stamp))
    href = server_href(target) or relative_href(target)
    if href is None:
        where = html.escape(text("rw_hand_in_where", lang, path=os.fspath(target)))
        return f'<p class="rothman-ok">{done} {where}</p>'
    link = html.escape(text("rw_hand_in_open", lang))
    hint = html.escape(text("rw_hand_in_print", lang))
    return (
        f'<p class="rothman-ok">{done} '
        f'<a href="{html.escape(href)}" target="_blank" rel="noopener">{link}</a></p>'
        f"<p>{hint}</p>"
    )


class HandIn:
    """The form's "Handing in" part: a heading, what to do, the button and its answer.

    Args:
        form: the :class:`~rothman.notebook.practicum_form.PracticumReport` whose report is
            handed in (its ``path``, ``lang``, ``problems``, ``save()`` and ``report()``).
    """

    def __init__(self, form: Any) -> None:
        self.form = form
        lang = form.lang
        self.button = w.Button(
            description=text("rw_hand_in", lang), icon="print", layout=w.Layout(width="auto")
        )
        self.button.add_class("rothman-hand-in")
        self.button.on_click(lambda _: self.hand_in())
        self.view = w.HTML()
        self.view.add_class("rothman-hand-in-result")
        self.view.layout.max_width = "100%"
        self.widget = w.VBox(
            [
                w.HTML(f"<h3>{html.escape(text('rw_heading_hand_in', lang))}</h3>"),
                w.HTML(f"<p>{html.escape(text('rw_hand_in_help', lang))}</p>"),
                self.button,
                self.view,
            ],
            layout=w.Layout(margin="1em 0 0"),  # clear of the reflection box above
        )

    def hand_in(self) -> None:
        """Save the form, then write the printable page and show the link to it."""
        form, lang = self.form, self.form.lang
        if form.problems:  # the page would not show what the file says: correct it first
            self.view.value = _warning(text("rw_hand_in_blocked", lang, file=form.path.name))
            return
        form.save()
        try:
            target = write_page(form.report(), form.path)
        except Exception as exc:  # noqa: BLE001 - say it on screen, keep the form usable
            problem = exc.message(lang) if hasattr(exc, "message") else str(exc)
            self.view.value = _warning(text("rw_hand_in_failed", lang, problem=problem))
            return
        self.view.value = hand_in_html(target, lang)


def _warning(message: str) -> str:
    return f'<p class="rothman-warn" role="alert">⚠ {html.escape(message)}</p>'
