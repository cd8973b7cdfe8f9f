"""Presentation mode: the explorer and the case studies full screen for class, with Voilà.

``rothman present`` serves the thin notebooks of ``notebooks/present/`` with Voilà on
127.0.0.1 behind a random token: no code on screen, large type, and cells tagged
``lecturer`` left out of the page (they are not even run). The views themselves are in
:mod:`rothman.classroom.views` (their names are repeated here, where a notebook calls
:func:`show`); the start-up and the stop are :func:`rothman.classroom.server.run_server`.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from rothman.classroom.server import LOOPBACK, check_port, run_server
from rothman.classroom.views import (
    DEFAULT_SIZE,
    LECTURER_TAG,
    SIZES,
    VIEW_LINKS,
    VIEWS,
    Presentation,
    check_size,
    check_view,
    header_html,
    show,
    stylesheet,
)
from rothman.classroom.visit import request_lang, request_size
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text

__all__ = [
    "CULL_AFTER",
    "DEFAULT_PORT",
    "DEFAULT_SIZE",
    "LECTURER_TAG",
    "SIZES",
    "VIEWS",
    "Presentation",
    "RothmanError",
    "check_port",
    "check_size",
    "check_view",
    "command",
    "header_html",
    "presentation_dir",
    "request_lang",
    "request_size",
    "serve",
    "show",
    "stylesheet",
    "view_urls",
]

#: Seconds after which a kernel whose page was closed is stopped.
CULL_AFTER = 600
#: Voilà's own default port.
DEFAULT_PORT = 8866
#: Seconds the server has to listen before it is given up (and stopped).
START_TIMEOUT = 60


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


#: The module that starts Voilà: ``python -m voila`` without an optional import it never uses.
VOILA_MAIN = "rothman.classroom.voila_main"


def command(folder: str | Path, port: int, token: str) -> list[str]:
    """The Voilà command line that serves ``folder`` on 127.0.0.1:``port`` behind ``token``.

    Voilà starts through :mod:`rothman.classroom.voila_main` (``python -m voila`` without an
    import it never uses, a second of processor time before the server listens).

    Examples:
        >>> argv = command("/srv/present", 8866, "t0ken")
        >>> argv[1:4]
        ['-m', 'rothman.classroom.voila_main', '/srv/present']
        >>> "--Voila.ip=127.0.0.1" in argv and "--token=t0ken" in argv
        True
        >>> "--TagRemovePreprocessor.remove_cell_tags=lecturer" in argv
        True
    """
    return [
        sys.executable,
        "-m",
        VOILA_MAIN,
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


def serve(
    lang: str = "en", port: int = DEFAULT_PORT, out=None, timeout: float = START_TIMEOUT
) -> int:
    """Run Voilà on the presentation notebooks until stopped (Ctrl+C); return its exit code.

    Prints the address of each view, token included, once the server listens.

    Raises:
        RothmanError: no presentation notebooks, Voilà missing, a bad or busy port.
        ServerError: a server that does not start within ``timeout`` seconds.
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
    token = secrets.token_urlsafe(24)

    def announce(proc, seconds: float) -> None:
        out.write(text("cli_present_ready", lang, seconds=f"{seconds:.1f}") + "\n")
        for view, url in view_urls(port, token, lang).items():
            out.write(f"  {text(VIEW_LINKS[view], lang)}: {url}\n")
        out.write(text("cli_present_stop", lang) + "\n")
        out.flush()

    return run_server(
        command(folder, port, token),
        ip=LOOPBACK,
        port=port,
        env=dict(os.environ, ROTHMAN_LANG=lang),
        cwd=folder,
        timeout=timeout,
        announce=announce,
        lang=lang,
    )
