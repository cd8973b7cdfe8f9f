"""A handout printed by Chromium: a real A4 PDF, the figure shown, nothing fetched."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from pdf import read_a4

from rothman import PracticeVariable, __version__, cases, community_variables, text
from rothman.cli.app import main
from rothman.render.handout import handout_html
from rothman.render.plots import fit_summary

pytestmark = pytest.mark.browser


def test_handout_prints_to_a4(tmp_path, file_page, shots):
    page, log = file_page
    item = cases("id")[0]
    target = tmp_path / "handout.html"
    assert main(["handout", "--lang", "id", "--case", item.id, "-o", str(target)]) == 0

    page.goto(target.as_uri())
    image = page.locator("figure img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.get_attribute("alt") == fit_summary(item.assess())
    assert page.locator("h1").first.inner_text() == text(
        "handout_case_heading", "id", title=item.title
    )
    assert page.locator("table.rothman-table tbody tr").count() == 12
    page.screenshot(path=str(shots / "handout-screen.png"), full_page=True)

    page.emulate_media(media="print")
    assert page.locator(".hint").is_hidden(), "the screen-only hint is not printed"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (shots / "handout.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    sheets = read_a4(pdf)
    # the case (story, assessment, figure, reasons) and then the table on a page of its own
    assert len(sheets) >= 2, len(sheets)
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


def printed_pages(page, html: str) -> list[str]:
    """Print ``html`` to an A4 PDF with Chromium; the text of each page."""
    page.set_content(html)
    page.emulate_media(media="print")
    sheets = read_a4(page.pdf(prefer_css_page_size=True, print_background=True))
    return [squeeze(sheet.text) for sheet in sheets]


def squeeze(words: str) -> str:
    """Words with their spaces folded and ligatures (ﬁ) undone."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", words)).strip()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_case_handouts_fit_one_sheet_and_the_table_whole_pages(file_page, lang):
    """Every shipped case, both versions, printed on A4: the student's handout on one sheet
    (two pages), the lecturer's on two; the case, its references and the footer first, then
    the table on a page of its own, all twelve rows on it; no page holding only a heading, a
    reference list or the footer; the discussion questions on the page where the worksheet
    (the lecturer's answer key) ends."""
    page, log = file_page
    row_starts = [
        f"{n}. {var.label(lang).split()[0]}" for n, var in enumerate(PracticeVariable, start=1)
    ]
    heading = text("handout_table_heading", lang)
    references = text("ref_list_title", lang)
    footer = text("handout_footer", lang, version=__version__)
    last_question = squeeze(community_variables()[-1].question(lang))
    discuss = [
        squeeze(text(key, lang))[:40]
        for key in ("handout_discuss_model", "handout_discuss_role", "handout_discuss_change")
    ]
    counts = {}
    for item in cases(lang):
        for student in (True, False):
            pages = printed_pages(page, handout_html(lang, item.id, student=student))
            where = f"{item.id} ({'student' if student else 'lecturer'})"
            counts[where] = len(pages)
            assert len(pages) <= (2 if student else 4), f"{where}: {len(pages)} pages"
            assert item.title in pages[0], where
            table_page = next(i for i, t in enumerate(pages) if t.lstrip().startswith(heading))
            assert table_page == len(pages) - 1, f"{where}: the table is not on the last page"
            on_page = [i for i, t in enumerate(pages) for r in row_starts if r in t]
            assert sorted(set(on_page)) == [table_page] and len(on_page) >= 12, (
                f"{where}: table rows on pages {on_page}"
            )
            case_text = " ".join(pages[:table_page])
            assert references in case_text and squeeze(footer) in case_text, where
            for n, words in enumerate(pages, start=1):
                words = words.strip()
                assert not words.startswith((references, squeeze(footer))), (
                    f"{where}: page {n} holds only the references and the footer: {words[:80]}"
                )
                assert len(words) > 400, f"{where}: page {n} is nearly empty: {words!r}"
            with_questions = [i for i, t in enumerate(pages) if discuss[0] in t]
            assert len(with_questions) == 1, f"{where}: {with_questions}"
            together = pages[with_questions[0]]
            assert all(q in together for q in discuss), f"{where}: the questions are split"
            assert last_question[:40] in together, f"{where}: questions apart from the worksheet"
            version = text(
                "handout_student_version" if student else "handout_lecturer_version", lang
            )
            assert version in pages[0], where
            headline = item.assess().headline()
            assert (headline in " ".join(pages)) is (not student), where
    assert max(counts.values()) <= 4, counts
    log.assert_clean(page)
