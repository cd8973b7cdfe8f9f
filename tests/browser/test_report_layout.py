"""The practicum report form's layout in JupyterLab at the course's four window sizes, in both
languages, by the geometry of its boxes: the evidence beside the answers on a computer, below
them on a phone, nothing cut off and nothing wider than the form."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FORM = ".rothman-practicum"
SIZES = ((1280, 720), (1366, 768), (1920, 1080), (390, 844))

_GEOMETRY = """
(root) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const rows = [...root.querySelectorAll('[class*=rothman-question-]')].map((row) => ({
    answers: box(row.children[0]),
    evidence: box(row.querySelector('textarea')),
    labels: [...row.querySelectorAll('.rothman-choice label:has(input)')].map(box),
  }));
  return {form: box(root), scroll: root.scrollWidth, client: root.clientWidth, rows};
}
"""


def _open(page, lab, lang: str) -> None:
    found = sorted((lab.root / lang).glob("09_*.ipynb"))
    page.goto(lab.page_url(f"{lang}/{found[0].name}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('Idle')",
        timeout=60_000,
    )
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    page.wait_for_selector(FORM, timeout=60_000)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_form_layout_at_each_size(lab, lab_page, shoot, lang):
    page, log = lab_page
    _open(page, lab, lang)
    form = page.locator(FORM).last
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        if width < 600:  # on a phone the file browser would take the whole width: close it
            current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
            if current.count():
                current.first.click()
            page.wait_for_function(
                "() => !document.querySelector('.jp-SideBar.jp-mod-left .lm-mod-current')"
            )
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")
        form.scroll_into_view_if_needed()
        g = form.evaluate(_GEOMETRY)
        where = f"{lang} {width}x{height}"
        assert g["scroll"] <= g["client"] + 1, f"{where}: the form is wider than its box"
        assert len(g["rows"]) == 6
        for number, row in enumerate(g["rows"], start=1):
            a, e = row["answers"], row["evidence"]
            assert e["width"] >= 150, f"{where} question {number}: evidence box too narrow"
            if width >= 1280:  # beside the answers
                assert e["left"] >= a["right"] - 1, f"{where} question {number}: {a} {e}"
                assert e["top"] < a["bottom"], f"{where} question {number}: not side by side"
            else:  # below them
                assert e["top"] >= a["bottom"] - 1, f"{where} question {number}: {a} {e}"
            for label in row["labels"]:
                assert label["width"] > 0, f"{where} question {number}: a hidden answer label"
                assert g["form"]["left"] - 1 <= label["left"], where
                assert label["right"] <= g["form"]["right"] + 1, f"{where}: a label cut off"
        if (width, height) in ((1366, 768), (390, 844)):
            shoot(page, f"{width}", FORM)
    log.assert_clean(page)
