"""Presentation mode: the explorer and the case studies full screen for class, with Voilà.

``rothman present`` serves the thin notebooks of ``notebooks/present/`` with Voilà on
127.0.0.1 behind a random token: no code on screen, large type, and cells tagged
``lecturer`` left out of the page (they are not even run). Each view reads its starting
language from the page address (``?lang=id``), else from ``ROTHMAN_LANG``, else English;
the widgets' own language switch changes it in class.
"""

from __future__ import annotations

import html
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

from rothman.core.errors import RothmanError
from rothman.core.i18n import LANGS, check_lang, text

#: The views, each a notebook ``notebooks/present/<view>.ipynb``.
VIEWS: tuple[str, ...] = ("explorer", "cases")
#: Cells with this tag are for the lecturer only: never shown (nor run) in presentation mode.
LECTURER_TAG = "lecturer"
#: Seconds after which a kernel whose page was closed is stopped.
CULL_AFTER = 600
#: Voilà's own default port.
DEFAULT_PORT = 8866

_TITLES = {"explorer": "present_explorer_title", "cases": "present_cases_title"}
_LEADS = {"explorer": "present_explorer_lead", "cases": "present_cases_lead"}
_LINKS = {"explorer": "present_to_explorer", "cases": "present_to_cases"}

#: The type sizes of the A-/A+ control: multiples of the size that fits the window (the
#: layout is measured in the browser tests at every one of them).
SIZES: tuple[float, ...] = (0.85, 1.0, 1.12, 1.25)
#: The step a view starts at.
DEFAULT_SIZE = 1


def stylesheet() -> str:
    """The CSS of presentation mode (from ``data/present.css`` and ``data/widgets.css``).

    Examples:
        >>> css = stylesheet()
        >>> "rothman-present" in css and ".rothman-size-3 { --rp-scale: 1.25; }" in css
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


def request_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language a view starts in: ``?lang=`` of the page, else ROTHMAN_LANG, else English.

    Voilà hands a kernel the page's query string as the QUERY_STRING variable. A language
    that is not supported is ignored rather than refused: the page must still open.

    Examples:
        >>> request_lang({"QUERY_STRING": "token=abc&lang=id"})
        'id'
        >>> request_lang({"QUERY_STRING": "lang=fr", "ROTHMAN_LANG": "id"})
        'id'
        >>> request_lang({})
        'en'
    """
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get("QUERY_STRING", "")).get("lang", [])
    for lang in [*asked, env.get("ROTHMAN_LANG", "")]:
        if lang in LANGS:
            return lang
    return "en"


def request_size(environ: Mapping[str, str] | None = None) -> int:
    """The type size a view starts at: ``?size=`` of the page (an index of :data:`SIZES`).

    Anything else gives :data:`DEFAULT_SIZE`: the page must still open.

    Examples:
        >>> request_size({"QUERY_STRING": "lang=id&size=3"})
        3
        >>> request_size({"QUERY_STRING": "size=9"}), request_size({})
        (1, 1)
    """
    env = os.environ if environ is None else environ
    for asked in parse_qs(env.get("QUERY_STRING", "")).get("size", []):
        if asked.isdigit() and int(asked) < len(SIZES):
            return int(asked)
    return DEFAULT_SIZE


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
        label = esc(text(_LINKS[other], lang))
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
    """

    def __init__(self, view: str, lang: str | None = None, size: int | None = None) -> None:
        import ipywidgets as w

        from rothman.notebook.explorer import CaseQuiz, Explorer

        self.view = check_view(view)
        lang = check_lang(lang) if lang is not None else request_lang()
        self.size = request_size() if size is None else check_size(size)
        # the explorer's practice panel stays in the notebooks: a projected screen has no room
        self.inner = (
            Explorer(lang=lang, guidance=False) if view == "explorer" else CaseQuiz(lang=lang)
        )
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
        self.widget = w.VBox([bar, self.inner.widget])
        self.widget.add_class("rothman-present")
        self.widget.add_class(f"rothman-size-{self.size}")
        self.inner.language.observe(self._on_language, names="value")
        self._relabel(lang)

    def set_size(self, size: int) -> None:
        """Show the type at step ``size`` of :data:`SIZES` (kept within the steps)."""
        size = min(max(int(size), 0), len(SIZES) - 1)
        # one change of the classes, so the page never shows a moment without a size
        kept = tuple(c for c in self.widget._dom_classes if not c.startswith("rothman-size-"))
        self.widget._dom_classes = (*kept, f"rothman-size-{size}")
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


def check_size(size: int) -> int:
    """Return ``size`` if it is a step of :data:`SIZES`, else raise a :class:`RothmanError`.

    Examples:
        >>> check_size(0)
        0
        >>> check_size(7)
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Unknown key '7'. Choose one of: 0, 1, 2, 3.
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
        from rothman.classroom.class_server import follow_visitor

        follow_visitor(shown)


# --- the server -----------------------------------------------------------------------


def presentation_dir() -> Path | None:
    """The folder of presentation notebooks: the checkout's, else the installed package's.

    Examples:
        >>> folder = presentation_dir()
        >>> folder is None or (folder / "explorer.ipynb").is_file()
        True
    """
    from rothman.core.course_files import notebooks_root

    root = notebooks_root()
    folder = root / "present" if root is not None else None
    return folder if folder and all((folder / f"{v}.ipynb").is_file() for v in VIEWS) else None


def command(folder: str | Path, port: int, token: str) -> list[str]:
    """The Voilà command line that serves ``folder`` on 127.0.0.1:``port`` behind ``token``.

    Examples:
        >>> argv = command("/srv/present", 8866, "t0ken")
        >>> argv[1:4]
        ['-m', 'voila', '/srv/present']
        >>> "--Voila.ip=127.0.0.1" in argv and "--token=t0ken" in argv
        True
        >>> "--TagRemovePreprocessor.remove_cell_tags=lecturer" in argv
        True
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={int(port)}",
        "--Voila.port_retries=0",
        f"--token={token}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        # one value, not a list: a list literal given here is silently read as one odd tag
        f"--TagRemovePreprocessor.remove_cell_tags={LECTURER_TAG}",
        # Voilà's own shutdown of a kernel when its page is left is refused for want of an
        # _xsrf value (voila-dashboards/voila#1458): stop kernels whose page has gone instead.
        f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER}",
        "--MappingKernelManager.cull_interval=60",
        "--Voila.log_level=ERROR",
    ]


def view_urls(port: int, token: str, lang: str) -> dict[str, str]:
    """The address of each view.

    Examples:
        >>> view_urls(8866, "t", "id")["cases"]
        'http://127.0.0.1:8866/voila/render/cases.ipynb?token=t&lang=id'
    """
    base = f"http://127.0.0.1:{int(port)}/voila/render"
    return {v: f"{base}/{v}.ipynb?token={token}&lang={lang}" for v in VIEWS}


def check_port(port: int) -> int:
    """Return ``port`` if it is an unprivileged TCP port, else raise a :class:`RothmanError`.

    Examples:
        >>> check_port(8866)
        8866
        >>> check_port(80)
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Port 80 is not valid: choose a number from 1024 to 65535.
    """
    if not 1024 <= port <= 65535:
        raise RothmanError("cli_bad_port", value=port)
    return port


def _listening(port: int) -> bool:
    # a TCP connect, not an HTTP request: any GET of a Voilà page starts a kernel
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def serve(lang: str = "en", port: int = DEFAULT_PORT, out=None, timeout: float = 60) -> int:
    """Run Voilà on the presentation notebooks until stopped (Ctrl+C); return its exit code.

    Prints the address of each view, token included, once the server listens.

    Raises:
        RothmanError: no presentation notebooks, Voilà missing, a bad or busy port, or a
            server that does not start within ``timeout`` seconds.
    """
    import importlib.util

    out = out or sys.stdout
    check_lang(lang)
    check_port(port)
    folder = presentation_dir()
    if folder is None:
        raise RothmanError("cli_no_notebooks")
    if importlib.util.find_spec("voila") is None:
        raise RothmanError("cli_present_no_voila")
    # Two servers started at once on one port both see it free; the lock lets only one go
    # on, so the other fails here, before it starts anything or prints a link.
    lock = _port_lock(port)
    if lock is None or _listening(port):
        if lock is not None:
            lock.close()
        raise RothmanError("cli_port_busy", port=port)
    token = secrets.token_urlsafe(24)
    env = dict(os.environ, ROTHMAN_LANG=lang)
    start = time.monotonic()
    # Its own session: Ctrl+C reaches only us, and we stop Voilà without its shutdown prompt.
    proc = subprocess.Popen(
        command(folder, port, token), env=env, cwd=folder, start_new_session=True
    )
    main_thread = threading.current_thread() is threading.main_thread()
    lock_holder = lock
    if main_thread:
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        # Ctrl+C must stop us even when started from a shell that ignores it in background jobs
        previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while not _listening(port):
            if proc.poll() is not None:
                raise RothmanError("cli_present_failed", code=proc.returncode, port=port)
            if time.monotonic() - start > timeout:
                raise RothmanError("cli_present_timeout", seconds=round(timeout))
            time.sleep(0.1)
        if proc.poll() is not None:  # the port answered, but not our server
            raise RothmanError("cli_port_busy", port=port)
        seconds = f"{time.monotonic() - start:.1f}"
        out.write(text("cli_present_ready", lang, seconds=seconds) + "\n")
        for view, url in view_urls(port, token, lang).items():
            out.write(f"  {text(_LINKS[view], lang)}: {url}\n")
        out.write(text("cli_present_stop", lang) + "\n")
        out.flush()
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGINT, previous_int)
        _stop(proc)
        lock_holder.close()


def _port_lock(port: int):
    """An exclusive lock on ``port`` among this computer's presentation servers, or None.

    The lock file lives in the temporary folder; the lock goes with the process.
    """
    import tempfile

    try:
        import fcntl
    except ImportError:  # Windows: no lock; the port check before starting still applies
        return open(os.devnull, "rb")  # noqa: SIM115 - closed by the caller
    handle = open(Path(tempfile.gettempdir()) / f"rothman-present-{int(port)}.lock", "a+b")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _exit_on_sigterm(signum, frame) -> None:
    # a plain SIGTERM would end Python without running the ``finally`` that stops Voilà
    raise SystemExit(0)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
