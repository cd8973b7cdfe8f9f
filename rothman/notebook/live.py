"""What the live-class widgets share: the class folder, polling the store, their stylesheet.

A student's page and the lecturer's page run in kernels of their own and meet only in the
class folder's store. Each page learns what changed by reading the store again every second
or two on its kernel's own event loop (no thread ever touches a widget), and stops when its
widget is closed.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from rothman.core.errors import RothmanError
from rothman.core.i18n import LANGS, check_lang

#: The environment variable that names the class folder for the kernels of a class server.
CLASS_DIR_ENV = "ROTHMAN_CLASS_DIR"
#: The environment variable that names the language a page starts in.
LANG_ENV = "ROTHMAN_LANG"

_log = logging.getLogger(__name__)


def class_folder(folder: str | os.PathLike | None = None) -> Path:
    """``folder``, else the folder named by ``ROTHMAN_CLASS_DIR``; an error if neither is set.

    Examples:
        >>> class_folder("/tmp/class-1").name
        'class-1'
    """
    chosen = folder if folder is not None else os.environ.get(CLASS_DIR_ENV) or None
    if chosen is None:
        raise RothmanError("live_error_no_folder", name=CLASS_DIR_ENV)
    return Path(chosen).expanduser()


def start_lang(lang: str | None = None) -> str:
    """``lang``, else ``ROTHMAN_LANG`` when it is a supported language, else English."""
    if lang is not None:
        return check_lang(lang)
    wanted = os.environ.get(LANG_ENV, "")
    return wanted if wanted in LANGS else "en"


class Poller:
    """Call ``poll`` every ``seconds`` on the running event loop while ``widget`` is open.

    Args:
        poll: what to do at each tick (read the store, update the widgets).
        seconds: the time between two ticks.
        widget: the widget shown; once it is closed the ticks stop.
    """

    def __init__(self, poll: Callable[[], object], seconds: float, widget: w.Widget) -> None:
        self.poll = poll
        self.seconds = seconds
        self.widget = widget
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        """Whether the ticks are going on."""
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Start ticking on the running event loop (a kernel's); False where none runs."""
        if self.running:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python, a test: the caller polls by hand
            return False
        self._task = loop.create_task(self._run())
        self.widget.observe(self._on_comm, names="comm")
        return True

    def stop(self) -> None:
        """Stop ticking."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _on_comm(self, change) -> None:
        if change["new"] is None:  # the widget was closed
            self.stop()

    async def _run(self) -> None:
        while self.widget.comm is not None:
            await asyncio.sleep(self.seconds)
            if self.widget.comm is None:
                break
            try:
                self.poll()
            except Exception:  # one bad tick must not end the page's updates
                _log.exception("reading the class folder failed")


class LiveWidget:
    """Display plumbing of the live-class widgets: the stylesheets come along."""

    widget: w.Box
    poller: Poller

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from rothman.render.styles import read_css, style_tag, widget_css

        display(HTML(style_tag(f"{widget_css()}\n{read_css('live_class.css')}")))
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Stop polling and close the widget."""
        self.poller.stop()
        self.widget.close()
