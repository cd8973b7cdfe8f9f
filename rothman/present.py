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
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qs

from .errors import RothmanError
from .i18n import LANGS, check_lang, text

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

# Large type for a projector; JupyterLab's and ipywidgets' own size variables are raised so
# every control grows with the text, and the explorer shows inputs and results side by side.
_CSS = """
:root, body, .jp-Notebook {
  --jp-content-font-size1: 21px; --jp-ui-font-size1: 19px; --jp-ui-font-size2: 21px;
  --jp-widgets-font-size: 19px; --jp-widgets-inline-height: 38px;
  --jp-widgets-inline-width: 100%; --jp-widgets-inline-width-short: 12em;
  --jp-widgets-radio-item-height: 34px; --jp-widgets-margin: 4px;
}
.rothman-present { font-size: 21px; line-height: 1.45; max-width: 1760px; margin: 0 auto; }
.rothman-present h3 { font-size: 1.35em; line-height: 1.25; margin: 0.3em 0; }
.rothman-present p, .rothman-present li { font-size: 1em; line-height: 1.45; }
.rothman-present .rothman-present-header h1 { font-size: 42px; line-height: 1.2; margin: 0.2em 0; }
.rothman-present .rothman-present-header .rothman-lead { font-size: 22px; color: #333; margin: 0; }
.rothman-present .rothman-nav { font-size: 20px; margin: 0.4em 0 0.6em; }
.rothman-present .rothman-nav a { color: #0b5cad; text-decoration: underline; margin-right: 1.2em; }
.rothman-present .rothman-nav strong { margin-right: 1.2em; }
.rothman-present .widget-label, .rothman-present .widget-label-basic,
.rothman-present select, .rothman-present button, .rothman-present .widget-radio-box label,
.rothman-present .widget-html-content { font-size: 19px; }
.rothman-present .widget-label { line-height: 38px; }
.rothman-present .widget-html-content { line-height: 1.45; }
.rothman-present select { height: 38px; }
.rothman-present .widget-radio-box label { line-height: 34px; }
.rothman-present .widget-radio-box input { width: 20px; height: 20px; }
.rothman-present .rothman-q { color: #333; }
/* the question above each dropdown says more than its short label: give the answer the room */
.rothman-present .rothman-inputs [class*="rothman-var-"] > .widget-label { display: none; }
.rothman-present .rothman-explorer { flex-direction: row; flex-wrap: wrap; gap: 1.5em; }
.rothman-present .rothman-inputs { flex: 1 1 28em; min-width: 0; padding-right: 0.5em; }
.rothman-present .rothman-results {
  flex: 1 1 30em; min-width: 0; position: sticky; top: 0; align-self: flex-start;
}
.rothman-present .rothman-headline h3 { font-size: 1.5em; }
.rothman-present .rothman-plot { max-width: 100% !important; }
/* the case quiz: the story on the left, the answers and the feedback beside it */
.rothman-present .rothman-quiz {
  display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  column-gap: 2em; align-items: start;
}
.rothman-present .rothman-quiz > .rothman-lang { grid-area: 1 / 1; }
.rothman-present .rothman-quiz > .rothman-case-picker { grid-area: 2 / 1; }
.rothman-present .rothman-quiz > .rothman-story { grid-area: 3 / 1 / span 4; }
.rothman-present .rothman-quiz > :has(.rothman-model-choice) { grid-area: 3 / 2; }
.rothman-present .rothman-quiz > :has(.rothman-check) { grid-area: 4 / 2; }
.rothman-present .rothman-quiz > .rothman-feedback { grid-area: 5 / 2; }
.rothman-present .rothman-quiz > .rothman-score { grid-area: 6 / 2; }
.rothman-present .rothman-quiz > .widget-output { grid-area: 7 / 1 / auto / -1; }
.rothman-present .rothman-fb.ok { color: #1b5e20; }
.rothman-present .rothman-fb.no { color: #8a1c1c; }
"""


def stylesheet() -> str:
    """The large-type CSS of presentation mode.

    Examples:
        >>> "rothman-present" in stylesheet() and "font-size" in stylesheet()
        True
    """
    return _CSS


def check_view(view: str) -> str:
    """Return ``view`` if it is one of :data:`VIEWS`, else raise a :class:`RothmanError`.

    Examples:
        >>> check_view("cases")
        'cases'
        >>> check_view("slides")
        Traceback (most recent call last):
        ...
        rothman.errors.RothmanError: Unknown key 'slides'. Choose one of: explorer, cases.
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


def header_html(view: str, lang: str) -> str:
    """The title, one line of guidance and the links between the views, in ``lang``.

    Examples:
        >>> page = header_html("cases", "id")
        >>> "Studi kasus" in page and 'href="explorer.ipynb?lang=id"' in page
        True
    """
    check_view(view)
    check_lang(lang)
    esc = html.escape
    links = []
    for other in VIEWS:
        label = esc(text(_LINKS[other], lang))
        if other == view:
            links.append(f"<strong>{label}</strong>")
        else:
            links.append(f'<a href="{other}.ipynb?lang={lang}">{label}</a>')
    return (
        f'<h1 class="rothman-present-title">{esc(text(_TITLES[view], lang))}</h1>'
        f'<p class="rothman-lead">{esc(text(_LEADS[view], lang))}</p>'
        f'<nav class="rothman-nav" aria-label="{esc(text("present_views", lang))}">'
        f"{' '.join(links)}</nav>"
    )


class Presentation:
    """One view for class: the large-type header above the explorer or the case quiz.

    The header follows the widget's language switch.

    Examples:
        >>> view = Presentation("explorer", lang="en")
        >>> view.inner.set_language("id")
        >>> "Model mana yang cocok" in view.header.value
        True
    """

    def __init__(self, view: str, lang: str | None = None) -> None:
        import ipywidgets as w

        from .widgets import CaseQuiz, Explorer

        self.view = check_view(view)
        lang = check_lang(lang) if lang is not None else request_lang()
        self.inner = Explorer(lang=lang) if view == "explorer" else CaseQuiz(lang=lang)
        self.header = w.HTML(header_html(view, lang))
        self.header.add_class("rothman-present-header")
        self.inner.language.observe(self._on_language, names="value")
        self.widget = w.VBox([self.header, self.inner.widget])
        self.widget.add_class("rothman-present")

    def _on_language(self, change) -> None:
        self.header.value = header_html(self.view, change["new"])

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        display(HTML(f"<style>{stylesheet()}</style>"))
        display(self.widget)


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
        from .classroom import follow_visitor

        follow_visitor(shown)


# --- the server -----------------------------------------------------------------------


def presentation_dir() -> Path | None:
    """The folder of presentation notebooks: the checkout's, else the installed package's.

    Examples:
        >>> folder = presentation_dir()
        >>> folder is None or (folder / "explorer.ipynb").is_file()
        True
    """
    from ._course_files import notebooks_root

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
        rothman.errors.RothmanError: Port 80 is not valid: choose a number from 1024 to 65535.
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
    if _listening(port):
        raise RothmanError("cli_port_busy", port=port)
    token = secrets.token_urlsafe(24)
    env = dict(os.environ, ROTHMAN_LANG=lang)
    start = time.monotonic()
    # Its own session: Ctrl+C reaches only us, and we stop Voilà without its shutdown prompt.
    proc = subprocess.Popen(
        command(folder, port, token), env=env, cwd=folder, start_new_session=True
    )
    main_thread = threading.current_thread() is threading.main_thread()
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


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m rothman.present``: the same as ``rothman present``."""
    from .cli import main as cli_main

    return cli_main(["present", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
