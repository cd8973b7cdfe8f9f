"""Notebook 9's report form survives its kernel: a student fills it in, the tab is closed and
every kernel shut down, the notebook is opened again in a new kernel, and every word, tick
and evidence box is as it was (test_report_browser.py covers a reload with the kernel alive)."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from rothman.core.i18n import text
from rothman.core.variables import community_variables
from rothman.practicum.report import read_report

pytestmark = pytest.mark.browser

# one unusual word per field, so that finding it again proves that field came back
WORDS = {
    "student": "Kenanga Puspitasari",
    "community": "Kampung Zirkonia RW 07",
    "agency": "Yayasan Quokka",
    "reflection": "Refleksi tentang xylofon dan gotong royong <b>tebal</b>",
}
EVIDENCE = {
    "problem": "Posyandu Walet sepi sejak Maret",
    "goal": "Rapat warga Jumat, notulen Ifrit",
}
TICKS = {"problem": [0, 1], "goal": [0]}  # two answers to one question, one to another

_VALUES = """
(root) => ({
  texts: [...root.querySelectorAll('input[type=text], textarea')].map((e) => e.value),
  ticked: Object.fromEntries([...root.querySelectorAll('[class*=rothman-question-]')].map(
    (row) => [[...row.classList].find((c) => c.startsWith('rothman-question-')).slice(17),
              [...row.querySelectorAll('input[type=checkbox]')].map((b) => b.checked)])),
})
"""


def wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('Idle')",
        timeout=timeout,
    )


def open_and_run_all(page, lab, path: str) -> None:
    page.goto(lab.page_url(path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_idle(page)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    page.wait_for_selector(".rothman-practicum", timeout=60_000)
    wait_idle(page)


def shut_down_kernels(lab) -> None:
    def call(method: str, path: str):
        request = urllib.request.Request(
            f"{lab.url}{path}", method=method, headers={"Authorization": f"token {lab.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1
            body = response.read()
        return json.loads(body) if body else None

    for kernel in call("GET", "api/kernels"):
        call("DELETE", f"api/kernels/{kernel['id']}")
    deadline = time.monotonic() + 30
    while call("GET", "api/kernels") and time.monotonic() < deadline:
        time.sleep(0.3)
    assert call("GET", "api/kernels") == []


@pytest.mark.parametrize("lang", ["en", "id"])
def test_fill_shut_down_kernel_and_find_every_word(lab, student_pages, shoot, lang):
    found = sorted((lab.root / lang).glob("09_*.ipynb"))  # the file name is translated
    assert len(found) == 1, found
    path = f"{lang}/{found[0].name}"
    saved = lab.root / lang / f"practicum_report_{lang}.yaml"
    saved.unlink(missing_ok=True)
    page, log = student_pages(1280, 900)
    open_and_run_all(page, lab, path)
    form = page.locator(".rothman-practicum").first
    form.scroll_into_view_if_needed()
    fields = form.locator(".widget-text input")
    for i, key in enumerate(("student", "community", "agency")):
        fields.nth(i).fill(WORDS[key])
    for key, boxes in TICKS.items():
        row = form.locator(f".rothman-question-{key}")
        for index in boxes:
            row.locator("input[type=checkbox]").nth(index).check()
        row.locator("textarea").fill(EVIDENCE[key])
    form.locator("textarea").last.fill(WORDS["reflection"])
    form.locator("textarea").last.blur()  # a text box sends its value when the student leaves it
    # the live assessment follows, and the form says when it has saved
    page.wait_for_function(
        "(f) => /\\d\\d:\\d\\d:\\d\\d/.test(f.querySelector('.rothman-report-status').innerText)",
        arg=form.element_handle(),
        timeout=20_000,
    )
    page.wait_for_timeout(1500)  # a last pending save, if any, has landed
    shoot(page, "filled", ".rothman-practicum")
    before = form.evaluate(_VALUES)
    log.assert_clean(page)
    page.close()  # the tab is closed ...

    shut_down_kernels(lab)  # ... and the kernel is gone
    report = read_report(saved)
    assert report.student == WORDS["student"] and report.reflection == WORDS["reflection"]
    assert report.evidence == EVIDENCE
    problem_levels = [lv for lv in community_variables()[0].level_keys if lv != "unsure"]
    assert report.answers["problem"] == tuple(problem_levels[i] for i in TICKS["problem"])

    page, log = student_pages(1280, 900)
    open_and_run_all(page, lab, path)  # a new kernel, a fresh page
    form = page.locator(".rothman-practicum").first
    after = form.evaluate(_VALUES)
    assert after == before
    shown = " ".join(after["texts"])
    for words in [*WORDS.values(), *EVIDENCE.values()]:
        assert words in shown, words
    # the saved-at line says when the file was last saved, not nothing until the next save
    when = time.strftime("%H:%M:%S", time.localtime(saved.stat().st_mtime))
    status = form.locator(".rothman-report-status").inner_text()
    assert status == text("rw_status_saved", lang, file=saved.name, time=when), status
    shoot(page, "reopened", ".rothman-practicum")
    log.assert_clean(page)
    page.close()
    saved.unlink()
