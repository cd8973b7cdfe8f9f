"""Servers and a headless Chromium for the browser tests.

One JupyterLab per session serves a temporary copy of ``notebooks/``; one presentation
server (``rothman present``, Voilà) per session serves the presentation notebooks. Every
page only talks to 127.0.0.1 and collects its console errors, which fail the test.

Languages: what a page looks like and what it says is tested in both (layouts, the axe
audits, the words on screen, the language links). A test of behaviour that does not change
with the language (a click, a saved file, a reopened form) runs in one, marked
"one language" where it is parametrized, and the languages are shared out between them: the
case quiz and the hand-in in English, the self-checks, mixing and phasing, and the practicum
form's fill and reopen in Indonesian. Each language of those widgets is checked without a
browser in the library's tests, and each notebook runs in both under nbval. A browser test
costs several seconds of processor time on two cores; the second language of these five
cost about a minute of the suite's.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))  # the harness shared with the benchmarks
sys.path.insert(0, str(Path(__file__).parent))  # helpers the browser tests share (axe_audit)

from geometry import PHONE  # noqa: E402
from harness import (  # noqa: E402
    CHROMIUM,
    START_TIMEOUT,
    Lab,
    ServerStartError,
    free_port,
    jupyterlab,
    launch_chromium,
    listening,
    outside,
    stop,
)

pytest.importorskip("playwright")
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def pytest_terminal_summary(terminalreporter):
    if ARTIFACTS.is_dir() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"Screenshots of each step: {ARTIFACTS}")


#: The servers tests share, by the fixture that starts them: the tests that use one run on
#: one pytest-xdist worker (``--dist loadgroup``), which starts that server once.
SHARED_SERVERS = {
    "lab": "jupyterlab",
    "course_lab": "jupyterlab-id",
    "presenter": "voila-present",
    "classroom": "voila-class",
    "hub": "jupyterhub",
}

#: The JupyterLab tests of the practicum report form a group of their own: the JupyterLab tests
#: together took most of the run on one worker. A worker that runs both groups starts one
#: JupyterLab; two workers start one each (each serves its own copy of the notebooks).
LAB_REPORT_MODULES = {
    "test_report_browser",
    "test_report_hand_in",
    "test_report_layout",
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here not in Path(item.path).parents:
            continue  # a fixture of the same name elsewhere is another one
        names = getattr(item, "fixturenames", ())
        used = [group for name, group in SHARED_SERVERS.items() if name in names]
        if len(used) > 1:
            raise pytest.UsageError(f"{item.nodeid} uses two shared servers: {used}")
        if used:
            group = used[0]
            if group == "jupyterlab" and Path(item.path).stem in LAB_REPORT_MODULES:
                group = "jupyterlab-report"
            item.add_marker(pytest.mark.xdist_group(group))


# --- JupyterLab ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[Lab]:
    """A JupyterLab on 127.0.0.1 with a random token, serving a copy of ``notebooks/``."""
    work = tmp_path_factory.mktemp("lab")
    root = work / "notebooks"
    # without the reports a run of the practicum notebook saves (nbval may be writing one now)
    shutil.copytree(
        ROOT / "notebooks",
        root,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "practicum_report_*.yaml"),
    )
    with ExitStack() as stack:
        try:
            server = stack.enter_context(jupyterlab(root, work))
        except ServerStartError as exc:
            pytest.fail(str(exc))
        yield server


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
        while listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not listening(port), "Voilà still listens after rothman present stopped"
    finally:
        stop(proc)


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make chromium'")
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """The folder for this test run's screenshots, emptied first.

    Each pytest-xdist worker has a session of its own: the first to get here empties the
    folder (under a lock), and writes the run's mark in it so that the others keep it.
    """
    import fcntl

    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    run = os.environ.get("ROTHMAN_TEST_RUN", "")
    stamp = ARTIFACTS / ".run"
    with open(ARTIFACTS.parent / ".screenshots.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not run or not stamp.is_file() or stamp.read_text() != run:
            if ARTIFACTS.exists():
                shutil.rmtree(ARTIFACTS)
            ARTIFACTS.mkdir()
            stamp.write_text(run)
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


def _refuse(log: PageLog):
    def handle(route) -> None:
        log.blocked.append(route.request.url)
        route.abort()

    return handle


def new_page(browser: Browser, width: int, height: int, allow_files: bool = False):
    """A page in a fresh context that can only reach 127.0.0.1, and its log."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    log = PageLog()
    context.route(outside(allow_files), _refuse(log))
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
def phone_page(request, shots, browser) -> Iterator[tuple[Page, PageLog]]:
    yield from _page_fixture(request, shots, browser, *PHONE)


@pytest.fixture
def present_page(request, shots, browser) -> Iterator[tuple[Page, PageLog]]:
    yield from _page_fixture(request, shots, browser, 1600, 900)


@pytest.fixture
def file_page(request, shots, browser) -> Iterator[tuple[Page, PageLog]]:
    yield from _page_fixture(request, shots, browser, 1000, 1200, allow_files=True)


@pytest.fixture
def student_pages(browser):
    """Make pages in fresh contexts, one per student (``(page, log)``); closed afterwards."""
    made: list[Page] = []

    def make(width: int = 1366, height: int = 768):
        page, log = new_page(browser, width, height)
        made.append(page)
        return page, log

    yield make
    for page in made:
        if not page.is_closed():
            page.context.close()
