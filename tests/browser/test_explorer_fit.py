"""The explorer in JupyterLab at a projector's 1366x768: its dropdowns use the room beside
them, so that no answer is cut ("... atau izi…"), in both languages; and on a phone
(390x844): its chart's labels legible, its results inside, in one column."""

from __future__ import annotations

import pytest
from geometry import layout_problems

pytestmark = pytest.mark.browser

from test_lab import notebook, open_and_run_all  # noqa: E402
from test_lab_layout import assert_one_column, close_the_file_browser  # noqa: E402

#: the width a select needs for an option's text, measured in the page's own font
_CUT = """(root) => {
  const canvas = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const select of root.querySelectorAll('.widget-dropdown select')) {
    const style = getComputedStyle(select);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    // the text box of a select: its width less padding, border and the arrow (about 20 px)
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const option of select.options) {
      const need = canvas.measureText(option.text).width;
      if (need > room) out.push(`${Math.round(need)} > ${Math.round(room)}: ${option.text}`);
    }
  }
  return out;
}"""


@pytest.fixture
def projector_page(request, shots, browser):
    from conftest import _page_fixture

    yield from _page_fixture(request, shots, browser, 1366, 768)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_dropdowns_show_whole_answers_at_1366(lab, projector_page, shoot, lang):
    page, log = projector_page
    open_and_run_all(page, lab, notebook(lab, lang, "03"), ".rothman-explorer")
    root = page.locator(".rothman-explorer").first
    root.scroll_into_view_if_needed()
    shoot(page, "explorer", ".rothman-inputs", window=True)
    cut = root.evaluate(_CUT)
    widths = root.evaluate(
        "r => [...r.querySelectorAll('.widget-dropdown select')].map(s => s.clientWidth)"
    )
    assert not cut, "\n".join(cut)
    # and they use the room: wider than the 46em they had, still inside the explorer
    width = root.evaluate("r => r.getBoundingClientRect().width")
    assert all(600 < w < width for w in widths), (widths, width)
    problems = layout_problems(page, ".rothman-explorer .rothman-inputs", [], whole_window=False)
    assert not problems, "\n".join(problems)
    log.assert_clean(page)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_chart_labels_legible_and_results_inside_on_a_phone(lab, phone_page, shoot, lang):
    page, log = phone_page
    open_and_run_all(page, lab, notebook(lab, lang, "03"), ".rothman-explorer")
    close_the_file_browser(page)
    root = page.locator(".rothman-explorer").first
    before = root.locator(".rothman-headline").inner_text()
    root.locator(".rothman-var-goal select").select_option(index=1)  # a chart to read
    page.wait_for_function(
        "(was) => document.querySelector('.rothman-explorer .rothman-headline').innerText !== was",
        arg=before,
    )
    page.wait_for_timeout(300)  # the new chart replaces the old one
    plot = root.locator(".rothman-plot svg")
    plot.scroll_into_view_if_needed()
    shoot(page, "chart")
    # the chart is SVG whose labels are text sized in em: read the size each is drawn at
    label_px = plot.evaluate(
        "s => Math.min(...[...s.querySelectorAll('text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize)))"
    )
    results = root.locator(".rothman-results").evaluate(
        "r => [r.scrollWidth, r.clientWidth, r.getBoundingClientRect().right]"
    )
    assert label_px >= 11, label_px
    assert results[0] <= results[1], results
    # one column, with the chart and the results shown
    assert_one_column(page, ".rothman-explorer")
    log.assert_clean(page)
