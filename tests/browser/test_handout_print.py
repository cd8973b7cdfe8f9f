"""A handout printed by Chromium: a real A4 PDF, the figure shown, nothing fetched."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from rothman import cases, text
from rothman.cli import main
from rothman.plots import fit_summary

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size in points of each page, read from the page objects (Chromium writes them plain)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_handout_prints_to_a4(tmp_path, file_page, shots):
    page, log = file_page
    item = cases("id")[0]
    target = tmp_path / "handout.html"
    assert main(["handout", "--lang", "id", "--case", item.id, "-o", str(target)]) == 0

    page.goto(target.as_uri())
    image = page.locator("figure img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.get_attribute("alt") == fit_summary(item.assess())
    assert page.locator("h2").first.inner_text() == text(
        "handout_case_heading", "id", title=item.title
    )
    assert page.locator("table tbody tr").count() == 12
    page.screenshot(path=str(shots / "handout-screen.png"), full_page=True)

    page.emulate_media(media="print")
    assert page.locator(".hint").is_hidden(), "the screen-only hint is not printed"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (shots / "handout.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    sizes = pdf_pages(pdf)
    # the case (story, assessment, figure, reasons) and then the table on a page of its own
    assert len(sizes) >= 2, sizes
    assert all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in sizes)
    if shutil.which("pdftoppm"):  # poppler-utils: a picture of each printed page to look at
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                str(shots / "handout.pdf"),
                str(shots / "handout-page"),
            ],
            check=True,
            timeout=60,
        )
    assert log.blocked == [], "a handout must not fetch anything"
    log.assert_clean(page)
