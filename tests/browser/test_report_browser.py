"""The practicum report in a real JupyterLab and a real print: filling the form, finding every
word and tick again after a closed tab with every kernel shut down and after a page reload, and
the printed A4 report."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pdf import read_a4
from test_lab import notebook, open_and_run_all

from rothman.core.i18n import text
from rothman.practicum.report import Phase, Report, read_report, save_report

pytestmark = pytest.mark.browser


FORM = ".rothman-practicum"

WORDS = {
    "en": {
        "student": "Ana Lestari",
        "community": "Riverside Ward 7, Harbourtown",
        "agency": "Harbour Aid Society",
        "evidence": {
            "problem": "Evictions without notice, told at the tenants' meeting on 3 May",
            "goal": "Residents asked for a seat at the housing board (meeting notes)",
            "power_holders": "The landlord refused every request (letters, April)",
        },
        "reflection": "The work began as a <b>protest</b>.\n\nLater it joined the planning board.",
    },
    "id": {
        "student": "Siti Rahmawati",
        "community": "Kelurahan Mawar, Kota Tepian",
        "agency": "Lembaga Bantuan Warga",
        "evidence": {
            "problem": "Warga digusur tanpa pemberitahuan, diceritakan di rapat RW 3 Mei",
            "goal": "Warga meminta kursi di dewan perumahan (notulen rapat)",
            "power_holders": "Pemilik lahan menolak semua permintaan (surat, April)",
        },
        "reflection": "Kegiatan dimulai dengan <b>unjuk rasa</b>.\n\nKemudian bergabung dengan tim perencana.",
    },
}
# two answers to one question (a tuple, as the report keeps them), one to each other question
TICKS = {
    "problem": ("service_gap", "injustice"),
    "goal": "shift_power",
    "power_holders": "opponents",
}


def levels(answer: str | tuple[str, ...]) -> tuple[str, ...]:
    return answer if isinstance(answer, tuple) else (answer,)


def report_file(lab, lang: str) -> Path:
    return lab.root / lang / f"practicum_report_{lang}.yaml"


def wait_saved(page) -> None:
    page.wait_for_function(
        "(sel) => (document.querySelector(sel)?.innerText || '').includes('✔')",
        arg=f"{FORM} .rothman-report-status",
        timeout=20_000,
    )


def fill(page, words: dict) -> None:
    form = page.locator(FORM).last
    for name in ("student", "community", "agency"):
        form.locator(f".rothman-{name} input").fill(words[name])
    for key, answer in TICKS.items():
        for level in levels(answer):
            form.locator(f".rothman-question-{key} .rothman-level-{level} input").check()
    for key, value in words["evidence"].items():
        form.locator(f".rothman-question-{key} textarea").fill(value)
    form.locator(".rothman-reflection textarea").fill(words["reflection"])
    # a text box sends its value when the student leaves it
    form.locator(".rothman-reflection textarea").blur()


def shown(page) -> dict:
    """What the form shows: every text field and every ticked answer."""
    form = page.locator(FORM).last
    out = {
        n: form.locator(f".rothman-{n} input").input_value()
        for n in ("student", "community", "agency")
    }
    out["evidence"] = {
        key: form.locator(f".rothman-question-{key} textarea").input_value()
        for key in WORDS["en"]["evidence"]
    }
    out["reflection"] = form.locator(".rothman-reflection textarea").input_value()
    ticked: dict[str, list[str]] = {}
    for box in form.locator(".rothman-choice").all():
        if box.locator("input").is_checked():
            row = box.evaluate("e => e.closest('[class*=rothman-question-]').className")
            level = box.evaluate("e => [...e.classList].find(c => c.startsWith('rothman-level-'))")
            question = re.search(r"rothman-question-(\w+)", row).group(1)
            ticked.setdefault(question, []).append(level[len("rothman-level-") :])
    out["ticked"] = {q: tuple(ls) if len(ls) > 1 else ls[0] for q, ls in ticked.items()}
    return out


def shut_down_kernels(lab) -> None:
    """Every kernel of ``lab``, shut down through its REST API (as its Kernel menu does)."""

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


@pytest.mark.parametrize("lang", ["id"])  # one language: see conftest.py
def test_fill_shut_down_reopen_reload_finds_every_word(lab, lab_page, student_pages, shoot, lang):
    """A student fills in the form and closes the tab, and every kernel is shut down; the
    notebook opened again in a new kernel, then the page reloaded with that kernel alive, show
    every word and tick as they were, and say when the file was last saved."""
    page, log = lab_page
    target = report_file(lab, lang)
    target.unlink(missing_ok=True)
    path = notebook(lab, lang, "09")
    open_and_run_all(page, lab, path, FORM)
    words = WORDS[lang]
    fill(page, words)
    wait_saved(page)
    # the library's assessment of these answers is on screen, live
    saved = read_report(target)
    headline = saved.assess().headline()
    page.wait_for_function(
        "([sel, want]) => (document.querySelector(sel)?.innerText || '').includes(want)",
        arg=[f"{FORM} .rothman-report-assessment", headline],
        timeout=15_000,
    )
    assert saved.community == words["community"] and saved.reflection == words["reflection"]
    assert dict(saved.evidence) == words["evidence"] and dict(saved.answers) == TICKS
    shoot(page, "filled", FORM)
    log.assert_clean(page)
    page.context.close()  # the tab is closed ...
    shut_down_kernels(lab)  # ... and its kernel is gone
    assert read_report(target) == saved

    expected = {k: words[k] for k in ("student", "community", "agency", "reflection")}
    expected["evidence"] = words["evidence"]
    expected["ticked"] = TICKS
    again, again_log = student_pages(1280, 900)
    open_and_run_all(again, lab, path, FORM)  # a new kernel, a fresh page
    assert shown(again) == expected
    # the saved-at line says when the file was last saved, not nothing until the next save
    when = time.strftime("%H:%M:%S", time.localtime(target.stat().st_mtime))
    status = again.locator(f"{FORM} .rothman-report-status").last.inner_text()
    assert status == text("rw_status_saved", lang, file=target.name, time=when), status
    again.reload()  # and the page reloaded, its kernel alive
    open_and_run_all(again, lab, path, FORM)
    assert shown(again) == expected
    shoot(again, "reopened", FORM)
    again_log.assert_clean(again)
    assert read_report(target) == saved


def _long_report(lang: str) -> Report:
    paragraph = {
        "en": "The residents first met in the mosque hall and named the evictions as the "
        "problem. Later the city invited two of them to its housing board, where data "
        "mattered more than numbers of people. ",
        "id": "Warga pertama kali berkumpul di aula masjid dan menyebut penggusuran sebagai "
        "masalahnya. Kemudian pemerintah kota mengundang dua orang di antara mereka ke "
        "dewan perumahan, tempat data lebih penting daripada jumlah orang. ",
    }[lang]
    return Report(
        lang=lang,
        student=WORDS[lang]["student"],
        community=WORDS[lang]["community"] + " <b>&</b>",
        agency=WORDS[lang]["agency"],
        answers={**TICKS, "interests": "opposed", "constituency": "oppressed_segment"},
        evidence=WORDS[lang]["evidence"],
        phases=(
            Phase("1", {"problem": "injustice", "goal": "shift_power"}),
            Phase("2", {"goal": "solve_task", "power_holders": "sponsors"}),
            Phase("3", {"goal": "capacity", "power_holders": "partners"}),
        ),
        reflection="\n\n".join(paragraph * 3 for _ in range(7)),
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_printed_report_is_a4_without_a_lone_heading(tmp_path, file_page, shots, lang):
    page, log = file_page
    source = save_report(_long_report(lang), tmp_path / "r.yaml")
    target = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-m", "rothman", "report", str(source), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    page.goto(target.as_uri())
    for img in page.locator("img").all():
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert page.locator("b").count() == 0  # the student's <b> is text
    page.screenshot(path=str(shots / f"report-{lang}-screen.png"), full_page=True)
    headings = [h.strip() for h in page.locator("h1, h2, h3").all_inner_texts()]
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (shots / f"report-{lang}.pdf").write_bytes(pdf)
    sheets = read_a4(pdf)
    assert 3 <= len(sheets) <= 8, len(sheets)
    for number, sheet in enumerate(sheets, start=1):
        lines = sheet.lines
        assert lines, f"page {number} is empty"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
        assert not set(lines) <= set(headings), f"page {number} holds only headings"
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", str(shots / f"report-{lang}.pdf"),
             str(shots / f"report-{lang}-page")],
            check=True,
            timeout=120,
        )  # fmt: skip
    assert log.blocked == [], "a report must not fetch anything"
    log.assert_clean(page)
