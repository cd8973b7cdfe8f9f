"""A lecturer's case file full of script and link payloads, shown everywhere a class sees
cases: the case-study notebook and the Markdown helpers in JupyterLab, presentation mode in
Voilà, and a printed handout. Any dialog, any script run and any active link fails."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from tests.test_own_cases import PAYLOADS, hostile_case

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

#: Elements and attributes that no case text may ever produce inside what the page shows.
_ACTIVE = """
(roots) => {
  const found = [];
  for (const root of document.querySelectorAll(roots)) {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      // JupyterLab's and the widgets' own icons are SVG with a data-icon or in a button
      const icon = tag === 'svg' && (el.hasAttribute('data-icon') || el.closest('button'));
      // the explorer's chart is the library's SVG, drawn from the scores (no case text in it
      // but the escaped labels): one per chart widget
      const chart = tag === 'svg' && el.classList.contains('rothman-fit-chart')
        && el.parentElement !== null && el.parentElement.closest('.rothman-plot') !== null
        && el.parentElement.closest('.rothman-plot').querySelectorAll('svg').length === 1;
      if (['script', 'iframe', 'object', 'embed', 'details', 'svg'].includes(tag)
          && !icon && !chart) {
        found.push(tag + ': ' + el.outerHTML.slice(0, 120));
      }
      for (const attr of el.attributes) {
        const value = attr.value.trim().toLowerCase();
        if (attr.name.startsWith('on')
            || (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name)
                && (value.startsWith('javascript:') || value.startsWith('data:text')))) {
          found.push(tag + '[' + attr.name + '=' + attr.value.slice(0, 60) + ']');
        }
      }
      // a heading's own anchor (#its-text) stays on the page, and presentation mode's
      // links between its views are the library's; any other link is active
      const href = el.getAttribute('href');
      if (tag === 'a' && href !== null && !href.startsWith('#') && !el.closest('.rothman-nav')) {
        found.push('link: ' + el.href);
      }
    }
  }
  return found;
}
"""


def watch_dialogs(page) -> list[str]:
    """Every dialog the page opens (each is dismissed), and every marker a payload sets."""
    opened: list[str] = []

    def on_dialog(dialog) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def assert_inert(page, roots: str, opened: list[str]) -> None:
    page.wait_for_timeout(1500)  # an onerror or ontoggle fires after the element is in
    assert not opened, f"a payload ran: {opened}"
    found = page.evaluate(_ACTIVE, roots)
    assert not found, "active content from case text:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_cases")
    (folder / "hostile.yaml").write_text(hostile_case(), encoding="utf-8")
    return folder


def test_hostile_case_in_jupyterlab_notebook_and_markdown_helpers(
    lab, lab_page, shoot, hostile_folder
):
    from tests.browser.test_lab import open_and_run_all

    page, log = lab_page
    opened = watch_dialogs(page)
    target = lab.root / "hostile_cases"
    target.mkdir(exist_ok=True)
    (target / "hostile.yaml").write_text(hostile_case(), encoding="utf-8")
    nb = nbformat.read(lab.root / "en" / "05_case_studies.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace("../my_cases", "../hostile_cases")
    nb.cells += [
        nbformat.v4.new_code_cell(
            'item = rothman.load_cases("../hostile_cases")[0]\nrothman.case_markdown(item)'
        ),
        nbformat.v4.new_code_cell(
            'rothman.check_answer(item, "social_action", "target", lang=LANG)'
        ),
        nbformat.v4.new_code_cell(
            'quiz = CaseQuiz(lang=LANG, cases="../hostile_cases")\nquiz.picker.value = "hostile"\n'
            'quiz.answer("social_action", "target")\nquiz'
        ),
        nbformat.v4.new_code_cell(
            "from rothman.notebook.explorer import Explorer\n"
            'Explorer(lang=LANG, cases="../hostile_cases", case_id="hostile")'
        ),
    ]
    nbformat.write(nb, lab.root / "en" / "05_hostile.ipynb")
    open_and_run_all(page, lab, "en/05_hostile.ipynb", ".rothman-explorer")
    page.wait_for_function(
        "() => document.querySelectorAll('.rothman-fb').length > 0", timeout=60_000
    )
    # the payloads are on screen as text
    outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
    shown = " ".join(outputs)
    assert PAYLOADS[0] in shown and PAYLOADS[5] in shown
    page.locator(".rothman-explorer").last.scroll_into_view_if_needed()
    shoot(page, "hostile-lab")
    assert_inert(page, ".jp-OutputArea", opened)
    log.assert_clean(page)


def _read(stream, lines, done):
    for line in stream:
        lines.append(line)
        if "Ctrl+C" in line:
            done.set()
    done.set()


def test_hostile_case_in_presentation_mode(present_page, shoot, hostile_folder):
    from harness import START_TIMEOUT, free_port, stop

    page, log = present_page
    opened = watch_dialogs(page)
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rothman",
            "present",
            "--port",
            str(port),
            "--cases",
            str(hostile_folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    lines: list[str] = []
    done = threading.Event()
    threading.Thread(target=_read, args=(proc.stdout, lines, done), daemon=True).start()
    try:
        assert done.wait(START_TIMEOUT) and proc.poll() is None, "".join(lines)
        urls = dict(
            re.findall(r"(http://127\.0\.0\.1:\d+/voila/render/(\w+)\.ipynb\S+)", "".join(lines))
        )
        urls = {view: url for url, view in urls.items()}
        page.goto(urls["cases"])
        picker = page.locator(".rothman-case-picker select")
        picker.wait_for(timeout=90_000)
        picker.select_option(index=picker.locator("option").count() - 1)
        page.wait_for_function(
            "(want) => document.querySelector('.rothman-story')?.innerText.includes(want)",
            arg=PAYLOADS[0],
        )
        page.locator(".rothman-model-choice label").last.click()
        page.locator(".rothman-check").click()
        page.wait_for_selector(".rothman-fb")
        shoot(page, "hostile-present-cases")
        assert_inert(page, ".jp-OutputArea-output", opened)
        page.goto(urls["explorer"])
        preset = page.locator(".rothman-preset select")
        preset.wait_for(timeout=90_000)
        preset.select_option(index=preset.locator("option").count() - 1)
        page.wait_for_timeout(1000)
        assert_inert(page, ".jp-OutputArea-output", opened)
        log.assert_clean(page)
    finally:
        stop(proc, signal.SIGINT)


def test_hostile_case_in_a_printed_handout(tmp_path, file_page, shots, hostile_folder):
    page, log = file_page
    opened = watch_dialogs(page)
    target = tmp_path / "hostile.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rothman",
            "handout",
            "--case",
            "hostile",
            "--cases",
            str(hostile_folder),
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page.goto(target.as_uri())
    assert PAYLOADS[0] in page.locator("body").inner_text()
    assert_inert(page, "body", opened)
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    (shots / "hostile-handout.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert_inert(page, "body", opened)
    log.assert_clean(page)
