"""Shared harness for the browser tests and the benchmarks.

Headless Chromium's path and flags, and a JupyterLab on 127.0.0.1 with a random token over a
folder, with settings that keep every cell in the DOM, stopped (and waited for) when done.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rothman.classroom.lab import LAB_SERVER, NOTIFICATION_SETTINGS, PAGE_CONFIG_OPTION

#: Debian's package of Chromium's headless shell (``chromium-headless-shell``), the build that
#: Playwright itself runs for headless pages: the same Blink as ``/usr/bin/chromium`` without
#: the desktop browser around it. Opening a course notebook in JupyterLab took 3.5-4 s of
#: processor time with it, against 5-5.3 s with ``/usr/bin/chromium`` (2 cores).
CHROMIUM = "/usr/bin/chromium-headless-shell"
#: Debian's desktop Chromium (``chromium``), the browser a student runs: what the benchmarks
#: measure a page with. The headless shell draws a page in about half its processor time, so
#: a class page alone took 0.9 s in it against 1.7 s here, while among 29 others both waited
#: about 2.5 s for the server: the benchmarks' ratios would speak of the test browser.
DESKTOP_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Settings that keep every cell in the DOM and the page free of toasts (see the Jupyter notes);
# the one against the news pop-up is the one `rothman lab` uses too.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": dict(NOTIFICATION_SETTINGS),
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
START_TIMEOUT = 60


def outside(allow_files: bool = False) -> re.Pattern[str]:
    """The addresses a test page may not reach: all but this computer (``127.0.0.1`` or
    ``localhost``), ``data:`` and ``blob:`` (and ``file:`` with ``allow_files``).

    Given to ``route()`` as a pattern, Playwright matches it in the browser's driver: the
    page's own requests go straight to the server, and only the others reach a handler (which
    aborts them). A handler for every request cost a round trip to Python for each of the
    hundreds of files a JupyterLab page loads.
    """
    files = "|file:" if allow_files else ""
    local = r"(?:https?|wss?)://(?:127\.0\.0\.1|localhost)(?::\d+)?(?:[/?#]|$)"
    return re.compile(rf"^(?!{local}|data:|blob:{files})")


class ServerStartError(RuntimeError):
    """A server the tests started exited before it answered, or did not answer in time."""


def launch_chromium(playwright, executable: str = CHROMIUM):
    """Headless Chromium from Debian's package, started by a ``sync_playwright()`` instance."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    """Whether something accepts connections on ``port`` of 127.0.0.1."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_status(url: str, timeout: float = 2) -> int | None:
    """The HTTP status a GET of ``url`` answers; None while nothing listens there."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:  # noqa: S310 - loopback
            return reply.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def wait_for_answer(
    url: str, proc: subprocess.Popen, timeout: float, log: Path | None = None
) -> int:
    """Wait until ``url`` answers and return its HTTP status: a server prints its address a
    moment before it listens. ServerStartError, with the text of ``log`` when given, if
    ``proc`` exits first or nothing answers within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while (status := http_status(url)) is None:
        exited = proc.poll() is not None
        if exited or time.monotonic() > deadline:
            what = "exited before it answered" if exited else f"did not answer in {timeout:.0f} s"
            said = f" ({log}):\n{log.read_text(errors='replace')}" if log else ""
            raise ServerStartError(f"{url}: the server {what}{said}")
        time.sleep(0.2)
    return status


def write_settings(folder: Path) -> None:
    """Write ``LAB_SETTINGS`` as JupyterLab user settings under ``folder``."""
    for name, value in LAB_SETTINGS.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a server we started, and wait for it to exit (kernels outlive pages otherwise)."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@dataclass(frozen=True)
class Lab:
    url: str  # ends with "/"
    token: str
    root: Path
    pid: int

    def page_url(self, path: str, fresh_workspace: bool = True) -> str:
        """The URL that opens ``path`` (relative to ``root``).

        ``fresh_workspace``: a workspace of its own, so that a page does not reopen the
        notebooks of an earlier one; otherwise JupyterLab's default workspace.
        """
        if not fresh_workspace:
            return f"{self.url}lab/tree/{path}?token={self.token}"
        workspace = secrets.token_hex(4)
        return f"{self.url}lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"


@contextmanager
def jupyterlab(root: Path, work: Path, start_timeout: float = START_TIMEOUT) -> Iterator[Lab]:
    """Serve ``root`` with JupyterLab; ``work`` holds its settings, workspaces and ``lab.log``.

    Raises ``ServerStartError`` (with the log) when the server does not come up.
    """
    token = secrets.token_hex(16)
    port = free_port()
    settings = work / "lab-settings"
    write_settings(settings)
    cmd = [
        *LAB_SERVER,
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
        PAGE_CONFIG_OPTION,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    log_path = work / "lab.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        status = wait_for_answer(f"{url}api/status?token={token}", proc, start_timeout, log_path)
        if status != 200:
            raise ServerStartError(f"JupyterLab's /api/status answered {status} ({log_path})")
        yield Lab(url=url, token=token, root=root, pid=proc.pid)
    finally:
        stop(proc)
