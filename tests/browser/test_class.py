"""The class server in a real browser: ``rothman present --class 3`` as a lecturer starts it.

Students on pages of their own: each page has its own kernel, so a change on one leaves the other
as it was; a page asked for in Indonesian comes from the pool in Indonesian; a closed page's
kernel is gone within seconds; the server keeps its token and listens on 127.0.0.1 only.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import psutil
import pytest
from harness import START_TIMEOUT, free_port, stop

from rothman import assess, text, variable
from rothman.classroom.class_server import RELEASE_AFTER, pool_size
from rothman.render.plots import fit_summary

pytestmark = pytest.mark.browser

SIZE = 3  # three class pages below, each from the pool
#: A pool kernel has imported the library and built the view: its page must come quickly even
#: on a loaded test machine (a cold kernel takes 3-4 s here on a quiet machine, far more loaded).
POOL_PAGE_WITHIN = 15
KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


@dataclass(frozen=True)
class ClassServer:
    pid: int
    port: int
    urls: dict[str, str]
    output: str


def kernel_processes(pid: int) -> dict[str, psutil.Process]:
    """The kernels under the server, by kernel id (read from their connection file's name)."""
    found = {}
    for child in psutil.Process(pid).children(recursive=True):
        try:
            match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(child.cmdline()))
        except psutil.Error:
            continue
        if match:
            found[match.group(1)] = child
    return found


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterator[ClassServer]:
    port = free_port()
    cmd = [sys.executable, "-m", "rothman", "present", "--class", str(SIZE), "--port", str(port)]
    # from a folder that is not the checkout: the command must find its notebooks by itself
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path_factory.mktemp("anywhere"),
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Ready after"):
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(START_TIMEOUT * 3) or proc.poll() is not None:
            pytest.fail("rothman present --class did not get ready:\n" + "".join(lines))
        output = "".join(lines)
        found = re.finditer(r"http://127\.0\.0\.1:\d+/voila/render/(\w+)\.ipynb\S+", output)
        yield ClassServer(proc.pid, port, {m.group(1): m.group(0) for m in found}, output)
        stop(proc, signal.SIGINT)
        assert proc.returncode == 0, "".join(lines)
    finally:
        stop(proc)


def open_explorer(make_page, url: str):
    page, log = make_page()
    started = time.monotonic()
    page.goto(url)
    page.wait_for_selector(".rothman-explorer .rothman-headline h3", timeout=60_000)
    return page, log, time.monotonic() - started


def shown(page) -> tuple[str, str]:
    root = page.locator(".rothman-explorer")
    clean = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    return (
        clean(root.locator(".rothman-headline").inner_text()),
        clean(root.locator(".rothman-summary").inner_text()),
    )


def expected(answers: dict, lang: str = "en") -> tuple[str, str]:
    result = assess(answers, lang=lang)
    return (
        re.sub(r"\s+", " ", result.headline()).strip(),
        re.sub(r"\s+", " ", fit_summary(result)).strip(),
    )


def choose(page, answers: dict, lang: str = "en") -> None:
    root = page.locator(".rothman-explorer")
    for key, level in answers.items():
        root.locator(f".rothman-var-{key} select").select_option(
            value=variable(key).level(level).label(lang)
        )
    want = expected(answers, lang)
    page.wait_for_function(
        """([root, want]) => {
          const t = (sel) => root.querySelector(sel).innerText.replace(/\\s+/g, ' ').trim();
          return t('.rothman-headline') === want[0] && t('.rothman-summary') === want[1];
        }""",
        arg=[root.element_handle(), list(want)],
        timeout=15_000,
    )


def test_the_link_qr_code_and_address(classroom):
    assert set(classroom.urls) == {"class"}, classroom.output
    assert all("token=" in url for url in classroom.urls.values())
    assert "█" in classroom.output and "▄" in classroom.output, "no QR code printed"
    assert text("cli_class_loopback", "en") in classroom.output
    listening = [
        c.laddr
        for c in psutil.Process(classroom.pid).children()[0].net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening and all(addr.ip == "127.0.0.1" for addr in listening), listening
    before = set(kernel_processes(classroom.pid))
    bare = classroom.urls["class"].split("?")[0]
    try:
        with urllib.request.urlopen(bare, timeout=10) as reply:  # noqa: S310 - loopback
            status = reply.status
            body = reply.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        status, body = exc.code, ""
    assert status in (401, 403) or "token" in body.lower() and "rothman-explorer" not in body
    assert set(kernel_processes(classroom.pid)) == before, "a request without token took a kernel"


def test_two_students_each_on_their_own_page(classroom, student_pages, shoot):
    pool = len(kernel_processes(classroom.pid))
    # one view, one pool: the class and its headroom, never a pool for each view
    assert pool == pool_size(SIZE), f"{pool} kernels, want a pool of {pool_size(SIZE)}"
    first, log1, seconds1 = open_explorer(student_pages, classroom.urls["class"])
    second, log2, seconds2 = open_explorer(student_pages, classroom.urls["class"])
    assert max(seconds1, seconds2) < POOL_PAGE_WITHIN, (seconds1, seconds2)
    ids = {first.evaluate(KERNEL_ID), second.evaluate(KERNEL_ID)}
    assert len(ids) == 2, "two pages share one kernel"
    start = expected({})
    assert shown(first) == start and shown(second) == start

    answers = {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"}
    choose(first, answers)
    time.sleep(1)  # time for a change to leak to the other page, if it did
    assert shown(first) == expected(answers)
    assert shown(second) == start, "a change on one student's page showed on another's"
    other = {"goal": "capacity"}
    choose(second, other)
    time.sleep(1)
    assert shown(first) == expected(answers) and shown(second) == expected(other)
    shoot(first, "1-first-student")
    shoot(second, "2-second-student")
    log1.assert_clean(first)
    log2.assert_clean(second)

    # a student closes the page: its kernel goes within seconds, the other student's stays
    closing = first.evaluate(KERNEL_ID)
    staying = second.evaluate(KERNEL_ID)
    assert closing in kernel_processes(classroom.pid)
    first.context.close()
    closed = time.monotonic()
    while closing in kernel_processes(classroom.pid) and time.monotonic() - closed < 60:
        time.sleep(0.5)
    released = time.monotonic() - closed
    assert closing not in kernel_processes(classroom.pid), "a closed page's kernel stayed"
    assert released < RELEASE_AFTER + 15, f"released after {released:.1f} s"
    assert staying in kernel_processes(classroom.pid)
    choose(second, {"goal": "shift_power"})  # the open page still works


def test_a_pool_page_in_indonesian(classroom, student_pages, shoot):
    url = classroom.urls["class"].replace("lang=en", "lang=id")
    page, log, seconds = open_explorer(student_pages, url)
    assert seconds < POOL_PAGE_WITHIN, seconds
    title = page.locator(".rothman-present-title").inner_text()
    assert title == text("present_class_title", "id")
    assert shown(page) == expected({}, "id")
    choose(page, {"goal": "shift_power"}, "id")
    body = page.locator("body").inner_text()
    assert "show_presentation" not in body and "Lecturer notes" not in body
    shoot(page, "1-indonesian")
    # the case studies, in the same page and kernel, in the same language
    page.locator(".rothman-switch button", has_text=text("present_to_cases", "id")).click()
    page.wait_for_selector(".rothman-quiz", state="visible", timeout=15_000)
    assert page.locator(".rothman-explorer").is_hidden()
    shoot(page, "2-indonesian-cases")
    log.assert_clean(page)
