"""`rothman lab` opens on the course's first notebook with the whole width for it: on a phone
(390x844) the file browser no longer covers the notebook, and on a laptop the notebook is not
squeezed beside it; the folder tab opens the browser. Served by the command's own JupyterLab
(its settings and its start workspace), in each course language."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from geometry import PHONE
from harness import free_port, stop, wait_for_answer

from rothman.classroom.lab import lab_command, lab_environment, notebook_file
from rothman.core.i18n import LANGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LEFT_STACK = "#jp-left-stack"
FOLDER_TAB = ".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='filebrowser']"
HEADING = ".jp-Notebook .jp-MarkdownOutput h1"


def start_lab(work: Path, lang: str) -> Iterator[tuple[str, Path]]:
    """``rothman lab``'s JupyterLab on a copy of the notebooks; yields (address, start)."""
    notebooks = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".*"))
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **lab_environment(os.environ),
        "JUPYTER_TOKEN": token,
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "BROWSER": "true",
    }
    with (work / "lab.log").open("wb") as log:
        proc = subprocess.Popen(
            [*lab_command(notebooks, lang, port), "--no-browser"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for_answer(f"{base}api/status?token={token}", proc, 90, work / "lab.log") == 200
        start = f"{lang}/{notebook_file('01_start_here', lang)}"
        yield f"{base}lab/tree/{start}?token={token}", notebooks / start
    finally:
        stop(proc)


@pytest.fixture(params=LANGS)
def course_lab(request, tmp_path):
    yield from start_lab(tmp_path, request.param)


#: The left side bar's open panel's width in px: 0 while it is folded.
LEFT_WIDTH = """(sel) => {
  const e = document.querySelector(sel);
  return e && !e.classList.contains('lm-mod-hidden') ? e.getBoundingClientRect().width : 0;
}"""


def left_stack_width(page) -> float:
    return page.evaluate(LEFT_WIDTH, LEFT_STACK)


def notebook_width(page) -> float:
    return page.locator(".jp-NotebookPanel").first.bounding_box()["width"]


def test_the_course_opens_on_its_notebook_with_the_browser_folded(course_lab, student_pages, shoot):
    url, start = course_lab
    # a laptop first: the notebook takes the width beside the side bar's tabs
    page, log = student_pages(1366, 768)
    page.goto(url)
    page.wait_for_selector(HEADING)  # the notebook drawn, not its loading spinner
    assert (
        page.locator(".lm-TabBar-tab.jp-mod-current, .lm-TabBar-tab.lm-mod-current")
        .filter(has_text=start.name)
        .count()
    ), "the start notebook is the open document"
    assert left_stack_width(page) == 0
    assert notebook_width(page) > 1366 - 100
    shoot(page, "laptop")
    page.close()

    # a phone: the notebook, not the file browser, fills the screen
    page, log = student_pages(*PHONE)
    page.goto(url)
    page.wait_for_selector(HEADING)
    assert left_stack_width(page) == 0
    width = notebook_width(page)
    assert width > PHONE[0] - 80, f"the notebook is {width} px wide on a {PHONE[0]} px phone"
    heading = page.locator(HEADING).first.bounding_box()
    assert heading["x"] >= 0 and heading["x"] + heading["width"] <= PHONE[0], heading
    shoot(page, "phone")
    # the folder tab opens the browser, which lists the course's notebooks, from the keyboard
    tab = page.locator(FOLDER_TAB).first
    tab.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"sel => ({LEFT_WIDTH})(sel) > 100", arg=LEFT_STACK)
    listing = page.locator(".jp-DirListing-content").first
    listing.wait_for()
    assert re.search(re.escape(start.stem[:10]), listing.inner_text())
    shoot(page, "phone-browser-open")
    assert not log.errors, log.errors
