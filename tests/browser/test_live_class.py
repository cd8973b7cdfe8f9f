"""A live class in a real browser: a student's page and the lecturer's page served by Voilà,
each with its own kernel, meeting only in the class folder.

The student sends an answer, the lecturer's page counts it by itself, and the lecturer's
Reveal reaches the student's page without the student doing anything.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from harness import START_TIMEOUT, free_port, listening, outside, stop

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "student": "from rothman.notebook.class_answer import live_answer\nlive_answer()",
    "lecturer": "from rothman.notebook.lecturer_view import live_lecturer\nlive_lecturer()",
}


@pytest.fixture(scope="module")
def live_class(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """Voilà serving a student's and the lecturer's notebook; (base URL, token)."""
    pages = tmp_path_factory.mktemp("pages")
    for name, source in PAGES.items():
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        nbformat.write(notebook, pages / f"{name}.ipynb")
    room = tmp_path_factory.mktemp("room")
    port, token = free_port(), secrets.token_urlsafe(16)
    env = dict(os.environ, ROTHMAN_CLASS_DIR=str(room), ROTHMAN_LANG="en")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(pages),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            "--Voila.port_retries=0",
            f"--token={token}",
            "--Voila.log_level=ERROR",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Voilà did not start:\n" + (proc.stderr.read() if proc.stderr else ""))
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/voila/render", token
    finally:
        stop(proc)


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # nothing leaves the machine (the default template asks a CDN for icons)
    page.route(outside(), lambda route: route.abort())
    page.goto(url)
    return context, page, errors


def test_send_count_and_reveal_across_two_pages(browser, live_class):
    base, token = live_class
    lecturer_ctx, lecturer, lecturer_errors = _open(browser, f"{base}/lecturer.ipynb?token={token}")
    student_ctx, student, student_errors = _open(browser, f"{base}/student.ipynb?token={token}")
    try:
        lecturer.wait_for_selector(".rothman-live-lecturer", timeout=90_000)
        student.wait_for_selector(".rothman-live-student", timeout=90_000)
        lecturer.locator(".rothman-live-case-picker select").select_option(index=0)
        lecturer.locator("button.rothman-live-next").click()
        # the student's page learns of the round by itself
        student.get_by_text("Round 1: a case").wait_for(timeout=15_000)
        student.get_by_label("C: Social Action").check()
        student.locator("button.rothman-live-send").click()
        student.get_by_text("Sent.").wait_for(timeout=15_000)
        lecturer.get_by_text("1 answered.").first.wait_for(timeout=15_000)
        lecturer.locator(".rothman-live-figure img").nth(1).wait_for(timeout=15_000)
        alt = lecturer.locator(".rothman-live-figure img").nth(1).get_attribute("alt")
        assert "1 at C." in alt
        assert student.locator(".rothman-live-revealed table").count() == 0
        lecturer.locator("button.rothman-live-reveal").click()
        revealed = student.locator(".rothman-live-revealed")
        revealed.get_by_text("1 answered.").wait_for(timeout=15_000)
        assert "Model(s):" in revealed.inner_text()
        assert student.locator("button.rothman-live-send").is_disabled()
        assert not lecturer_errors and not student_errors
    finally:
        student_ctx.close()
        lecturer_ctx.close()
