"""Servers and a headless Chromium for the browser tests.

One JupyterLab per session serves a temporary copy of ``notebooks/``; one presentation
server (``rothman present``, Voilà) per session serves the presentation notebooks. Every
page only talks to 127.0.0.1 and collects its console errors, which fail the test.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Settings that keep every cell in the DOM and the page free of toasts (see the Jupyter notes).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
START_TIMEOUT = 60
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def pytest_terminal_summary(terminalreporter):
    if ARTIFACTS.is_dir() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"Screenshots of each step: {ARTIFACTS}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a server we started, and wait for it to exit (kernels outlive pages otherwise)."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# --- JupyterLab ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lab:
    url: str
    token: str
    root: Path

    def page_url(self, path: str) -> str:
        # a workspace of its own: a page must not reopen the notebooks of an earlier test
        workspace = secrets.token_hex(4)
        return f"{self.url}lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[Lab]:
    """A JupyterLab on 127.0.0.1 with a random token, serving a copy of ``notebooks/``."""
    work = tmp_path_factory.mktemp("lab")
    root = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = work / "settings"
    for name, value in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")
    token = secrets.token_hex(16)
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip",
        "127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    log_path = work / "lab.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited early:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2) as r:  # noqa: S310 - loopback
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer /api/status in time")
            time.sleep(0.2)
        yield Lab(url=url, token=token, root=root)
    finally:
        stop(proc)


# --- presentation mode ------------------------------------------------------------------


@dataclass(frozen=True)
class Presenter:
    urls: dict[str, str]
    ready_seconds: float
    output: str


def _read_lines(stream, lines: list[str], done: threading.Event) -> None:
    for line in stream:
        lines.append(line)
        if re.search(r"Ctrl\+C", line):
            done.set()
    done.set()


@pytest.fixture(scope="session")
def presenter() -> Iterator[Presenter]:
    """``rothman present`` on a free port, as a lecturer starts it; the URLs it prints."""
    port = free_port()
    cmd = [sys.executable, "-m", "rothman", "present", "--port", str(port), "--lang", "en"]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    lines: list[str] = []
    done = threading.Event()
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines, done), daemon=True)
    reader.start()
    try:
        if not done.wait(START_TIMEOUT) or proc.poll() is not None:
            pytest.fail("rothman present did not start:\n" + "".join(lines))
        output = "".join(lines)
        found = re.finditer(r"http://127\.0\.0\.1:\d+/voila/render/(\w+)\.ipynb\S+", output)
        urls = {m.group(1): m.group(0) for m in found}
        yield Presenter(urls=urls, ready_seconds=time.monotonic() - started, output=output)
        # Ctrl+C, as a lecturer stops it: Voilà (in a session of its own) must go too
        stop(proc, signal.SIGINT)
        assert proc.returncode == 0, "".join(lines)
        deadline = time.monotonic() + 10
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), "Voilà still listens after rothman present stopped"
    finally:
        stop(proc)


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make chromium' (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """The folder for this session's screenshots, emptied first."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


#: Set to 1 to refresh the README's pictures in docs/ from this run.
UPDATE_DOCS = os.environ.get("ROTHMAN_UPDATE_DOCS") == "1"
DOCS = ROOT / "docs"
DOC_MAX_BYTES = 300_000


def save_doc_picture(source: Path, name: str) -> Path:
    """Copy a screenshot to ``docs/NAME.png`` with a 256-colour palette (small, sharp text)."""
    from PIL import Image

    target = DOCS / f"{name}.png"
    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)
    assert target.stat().st_size < DOC_MAX_BYTES, f"{target} is too large for the README"
    return target


@pytest.fixture
def shoot(shots, request):
    """Save a screenshot as ``<test>-<step>.png``: the page, or one element in full.

    JupyterLab scrolls inside its own panels, so an element taller than the window would be
    cut: the window grows to fit it for the picture, then returns to its size.
    """

    def save(
        page: Page,
        step: str,
        selector: str | None = None,
        doc: str | None = None,
        window: bool = False,
    ) -> Path:
        """``window``: the whole window, grown to show the element from its top."""
        name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
        path = shots / f"{name}-{step}.png"
        if selector is None:
            page.screenshot(path=str(path))
        else:
            element = page.locator(selector).first
            size = page.viewport_size
            height = element.evaluate("e => e.getBoundingClientRect().height")
            if height + 160 > size["height"] or window:
                page.set_viewport_size({"width": size["width"], "height": int(height) + 200})
            element.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")
            if window:
                page.screenshot(path=str(path))
            else:
                element.screenshot(path=str(path))
            page.set_viewport_size(size)
        if doc and UPDATE_DOCS:
            save_doc_picture(path, doc)
        return path

    return save


@dataclass
class PageLog:
    """Console errors and uncaught exceptions of a page, minus known-harmless noise."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        # a request we aborted ourselves (an external stylesheet or font) fails loudly
        if "Failed to load resource" in msg.text and (
            where in self.blocked or urlparse(where).hostname not in ("127.0.0.1", None, "")
        ):
            return
        # Voilà's kernel shutdown on leaving a page lacks its _xsrf value and is refused
        # (voila-dashboards/voila#1458); presentation mode culls those kernels instead.
        if "status of 403" in msg.text and urlparse(where).path.startswith("/voila/api/shutdown/"):
            return
        self.errors.append(f"console: {msg.text} ({where})")

    def on_page_error(self, error) -> None:
        self.errors.append(f"page error: {error}")

    def assert_clean(self, page: Page) -> None:
        """No broken widget, no kernel error in an output, no console error from our code."""
        body = page.locator("body").inner_text()
        assert "Error displaying widget" not in body
        for output in page.locator(STDERR_OUTPUT).all_inner_texts():
            assert not re.search(r"Traceback|Error", output), f"kernel error shown:\n{output}"
        assert not self.errors, "\n".join(self.errors)


def _loopback_only(log: PageLog, allow_files: bool):
    def handle(route) -> None:
        url = urlparse(route.request.url)
        if (
            url.hostname == "127.0.0.1"
            or url.scheme == "data"
            or (allow_files and url.scheme == "file")
        ):
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort()

    return handle


def new_page(browser: Browser, width: int, height: int, allow_files: bool = False):
    """A page in a fresh context that can only reach 127.0.0.1, and its log."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    log = PageLog()
    context.route("**/*", _loopback_only(log, allow_files))
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    return page, log


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


def _page_fixture(request, shots, browser, width: int, height: int, allow_files: bool = False):
    page, log = new_page(browser, width, height, allow_files)
    yield page, log
    if request.node.stash.get(_FAILED, False):
        name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
        page.screenshot(path=str(shots / f"{name}-FAILED.png"))
    page.context.close()


@pytest.fixture
def lab_page(request, shots, browser) -> Iterator[tuple[Page, PageLog]]:
    yield from _page_fixture(request, shots, browser, 1280, 900)


@pytest.fixture
def present_page(request, shots, browser) -> Iterator[tuple[Page, PageLog]]:
    yield from _page_fixture(request, shots, browser, 1600, 900)


@pytest.fixture
def file_page(request, shots, browser) -> Iterator[tuple[Page, PageLog]]:
    yield from _page_fixture(request, shots, browser, 1000, 1200, allow_files=True)
