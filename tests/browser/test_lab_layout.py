"""The explorer and the case quiz in JupyterLab on a phone (390x844): one column, nothing
wider than the screen, no control over another, every radio button on its own label; and
the keyboard is tested in presentation mode (tests/browser/test_accessibility.py): inside
JupyterLab the arrow keys on a focused dropdown go to JupyterLab's own cell selection."""

from __future__ import annotations

import pytest
from geometry import PHONE, layout_problems

pytestmark = pytest.mark.browser

from test_lab import notebook, open_and_run_all  # noqa: E402


def close_the_file_browser(page) -> None:
    """On a phone JupyterLab opens the file browser over the notebook: a tap on its tab."""
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()
    page.wait_for_function(
        "() => document.querySelector('.jp-NotebookPanel').getBoundingClientRect().width > 300"
    )


def assert_one_column(page, widget: str) -> None:
    """``widget`` on a phone: nothing wider than the screen, no control over another, and
    the explorer's labels above their dropdowns."""
    root = page.locator(widget).first
    box = root.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0] + 1, box
    # inside JupyterLab the page itself does not scroll: check the widget's own parts
    problems = page.evaluate(
        """(sel) => {
          const root = document.querySelector(sel);
          const out = [];
          const r = root.getBoundingClientRect();
          for (const e of root.querySelectorAll('select, button, input, .widget-label, label')) {
            const b = e.getBoundingClientRect();
            if (b.width === 0) continue;
            if (b.left < r.left - 1 || b.right > r.right + 1) {
              out.push(`${e.tagName} "${(e.innerText || '').slice(0, 30)}" sticks out: ${b.left}-${b.right} of ${r.left}-${r.right}`);
            }
          }
          return out;
        }""",
        widget,
    )
    assert not problems, "\n".join(problems)
    overlaps = layout_problems(page, widget, [], whole_window=False, whole_options=False)
    # the page-level checks do not apply inside JupyterLab's own scrolling panel
    overlaps = [p for p in overlaps if "scrolled" not in p and "scrolls sideways" not in p]
    assert not overlaps, "\n".join(overlaps)
    if widget == ".rothman-explorer":
        # one column: each question's label above its dropdown
        label = root.locator(".rothman-var-goal .widget-label").bounding_box()
        select = root.locator(".rothman-var-goal select").bounding_box()
        assert select["y"] >= label["y"] + label["height"] - 1


#: The quiz here; the explorer on a phone in tests/browser/test_explorer_fit.py, which checks
#: its chart there too (each notebook opened once at this size).
@pytest.mark.parametrize(("number", "widget"), [("05", ".rothman-quiz")])
def test_widgets_in_one_column_on_a_phone(lab, phone_page, shoot, number, widget):
    page, log = phone_page
    open_and_run_all(page, lab, notebook(lab, "id", number), widget)
    close_the_file_browser(page)
    page.locator(widget).first.scroll_into_view_if_needed()
    shoot(page, "phone")
    assert_one_column(page, widget)
    log.assert_clean(page)
