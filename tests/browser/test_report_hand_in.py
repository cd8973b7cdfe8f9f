"""Handing in the practicum report from notebook 9 without a terminal: fill the form, press
the button, open the printable page through the link it shows, print it to PDF."""

from __future__ import annotations

import pytest
from pdf import read_a4
from test_lab import notebook, open_and_run_all
from test_report_browser import FORM, WORDS, fill, report_file, wait_saved

from rothman.core.i18n import text

pytestmark = pytest.mark.browser


def pdf_pages(pdf: bytes) -> list[list[str]]:
    """The text lines of each page of a PDF, each page A4."""
    return [sheet.lines for sheet in read_a4(pdf)]


@pytest.mark.parametrize("lang", ["en"])  # one language: see conftest.py
def test_hand_in_from_the_notebook_without_a_terminal(lab, lab_page, shots, shoot, lang):
    page, log = lab_page
    source = report_file(lab, lang)
    target = source.with_suffix(".html")
    source.unlink(missing_ok=True)
    target.unlink(missing_ok=True)
    open_and_run_all(page, lab, notebook(lab, lang, "09"), FORM)
    fill(page, WORDS[lang])
    wait_saved(page)
    form = page.locator(FORM).last
    button = form.locator("button.rothman-hand-in")
    assert button.inner_text().strip() == text("rw_hand_in", lang)
    button.focus()
    page.keyboard.press("Enter")  # keyboard operable
    link = form.locator(".rothman-hand-in-result a")
    link.wait_for(timeout=60_000)
    assert link.inner_text().strip() == text("rw_hand_in_open", lang)
    assert target.is_file() and WORDS[lang]["community"] in target.read_text(encoding="utf-8")
    shoot(page, "handed-in", ".rothman-hand-in-result", window=True)

    with page.context.expect_page() as opened:
        link.click()
    report = opened.value
    report.wait_for_load_state()
    # the page itself, served by JupyterLab beside the notebook, not another JupyterLab
    assert report.url.startswith(f"{lab.url}files/{lang}/{target.name}"), report.url
    assert report.title().endswith(WORDS[lang]["community"])
    assert report.locator("html").get_attribute("lang") == lang
    for img in report.locator("img").all():
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    report.screenshot(path=str(shots / f"hand-in-{lang}-opened.png"), full_page=True)
    headings = [h.strip() for h in report.locator("h1, h2, h3").all_inner_texts()]
    report.emulate_media(media="print")
    pdf = report.pdf(prefer_css_page_size=True, print_background=True)
    (shots / f"hand-in-{lang}.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    # a short report: two pages at most, the assessment not pushed to a page of its own
    assert len(pages) <= 2, len(pages)
    assessment = text("report_assessment_heading", lang)
    assert any(assessment in line for line in pages[0]), "page 1 ends before the assessment"
    for number, lines in enumerate(pages, start=1):
        assert lines, f"page {number} is empty"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    log.assert_clean(page)
