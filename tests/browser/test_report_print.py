"""The field-practicum report printed by Chromium: A4 pages, no heading left alone at the
foot of a page, student text shown as text, nothing fetched."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from rothman.cli import main
from rothman.report import Phase, Report, save_report

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)
XSS = "<img src=x onerror=\"document.title='pwned'\">"

REFLECTION = {
    "en": "The residents first met at the mosque after the eviction notice. " * 40,
    "id": "Warga pertama kali bertemu di masjid setelah surat penggusuran datang. " * 40,
}


def full_report(lang: str) -> Report:
    return Report(
        lang=lang,
        student="Ani Lestari " + XSS,
        community="RW 05, Kelurahan Mawar " + XSS,
        agency="LSM Sejahtera",
        answers={
            "problem": "injustice",
            "goal": "shift_power",
            "interests": "opposed",
            "power_holders": "partners",
            "constituency": "oppressed_segment",
            "residents": "victims",
        },
        evidence={
            "problem": "Eviction notices for 40 households (RW meeting, 3 March). " + XSS,
            "goal": "Residents want a say in the relocation plan (interviews, March).",
            "interests": "The developer and the residents disagree openly (news, 10 March).",
            "constituency": "Renters and informal workers (household survey).",
        },
        phases=(
            Phase("Protest first", {"goal": "shift_power", "power_holders": "opponents"}),
            Phase("Seats on the task force", {"goal": "solve_task", "power_holders": "sponsors"}),
            Phase("Planning with data", {"goal": "capacity", "power_holders": "partners"}),
        ),
        reflection=REFLECTION[lang] + XSS,
    )


def pdf_pages(page) -> list[str]:
    from pypdf import PdfReader

    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2
    # NFKC undoes the ligatures (ﬁ) the PDF's fonts use
    return [unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in reader.pages], pdf


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_prints_to_a4_without_a_lone_heading(tmp_path, file_page, shots, lang):
    page, log = file_page
    source = save_report(full_report(lang), tmp_path / "report.yaml")
    target = tmp_path / "report.html"
    assert main(["report", str(source), "-o", str(target)]) == 0

    page.goto(target.as_uri())
    assert page.title() != "pwned"
    assert page.locator("img[src='x']").count() == 0  # the student's markup stayed text
    assert XSS in page.locator("dd").nth(1).inner_text()
    images = page.locator("figure img")
    assert images.count() == 2  # the fit chart and the path of the phases
    for i in range(2):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        caption = images.nth(i).locator("xpath=following-sibling::figcaption").inner_text()
        assert caption and images.nth(i).get_attribute("alt") in caption
    headings = [h.strip() for h in page.locator("h2, h3").all_inner_texts()]
    page.screenshot(path=str(shots / f"report-screen-{lang}.png"), full_page=True)

    pages, pdf = pdf_pages(page)
    (shots / f"report-{lang}.pdf").write_bytes(pdf)
    assert 2 <= len(pages) <= 5, len(pages)
    for number, words in enumerate(pages, start=1):
        lines = [re.sub(r"\s+", " ", line).strip() for line in words.splitlines() if line.strip()]
        assert lines, f"page {number} is empty"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
        assert not all(line in headings for line in lines), f"page {number}: only headings"
    everything = " ".join(re.sub(r"\s+", " ", p) for p in pages)
    for heading in headings:
        assert heading in everything
    assert "Rothman, J. (2007)" in everything and "Adi, I. R. (2012)" in everything
    assert log.blocked == [], "a report must not fetch anything"
    log.assert_clean(page)
