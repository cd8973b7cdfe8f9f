"""Accessibility in a real browser: an axe-core audit and the keyboard alone.

axe-core (bundled by the PyPI package axe-playwright-python) audits a printed handout here,
and the explorer and the case quiz in JupyterLab and in presentation mode at the end of the
tests that work them (tests/browser/test_lab.py, tests/browser/test_present_layout.py), once
their results and feedback are shown: no serious or critical violation may remain. Then the
explorer and the quiz are worked with the keyboard only: Tab to a control, change it with
the arrow keys, press Space on a button.
"""

from __future__ import annotations

import pytest

from rothman import assess, cases, check_answer, text, variable
from rothman.render.handout import handout_html

pytestmark = pytest.mark.browser

from axe_audit import assert_page_passes, audit  # noqa: E402


def focused(page) -> str:
    """What has the keyboard focus, in words (tag, classes of its widget, text)."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const widget = e.closest('[class*="rothman-"]');
          const cls = widget ? [...widget.classList].filter((c) => c.startsWith('rothman-')) : [];
          return `${e.tagName.toLowerCase()} ${cls.join(' ')} ${(e.innerText || '').trim().slice(0, 30)}`;
        }"""
    )


def tab_to(page, selector: str, limit: int = 60) -> list[str]:
    """Press Tab until the element matching ``selector`` has the focus; the stops on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return stops
    raise AssertionError(f"Tab never reached {selector}; stops: {stops}")


def focus_is_visible(page) -> bool:
    """The focused element shows it: an outline or a box shadow."""
    return page.evaluate(
        """() => {
          const s = getComputedStyle(document.activeElement);
          return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                 || s.boxShadow !== 'none';
        }"""
    )


# --- the audits --------------------------------------------------------------------------
# The explorer and the case quiz are audited at the end of the tests that work them, with
# their results and feedback on the screen: in JupyterLab (tests/browser/test_lab.py) and in
# presentation mode, in both languages (tests/browser/test_present_layout.py).


@pytest.mark.parametrize("student", [True, False])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_axe_on_a_handout(file_page, lang, student):
    page, log = file_page
    page.set_content(handout_html(lang, cases(lang)[0].id, student=student))
    assert_page_passes(page)
    log.assert_clean(page)


def test_the_audit_finds_what_it_is_there_for(file_page):
    """The audit itself: a picture without a text alternative and a nameless button are
    found and count as blocking."""
    page, _ = file_page
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACw=" width="40" height="40"><button></button></main></html>'
    )
    blocking, _ = audit(page)
    assert any(line.startswith("image-alt (critical)") for line in blocking), blocking
    assert any(line.startswith("button-name (critical)") for line in blocking), blocking


# --- the keyboard alone --------------------------------------------------------------------


def test_explorer_and_quiz_by_keyboard_in_presentation_mode(presenter, present_page):
    page, log = present_page
    page.goto(presenter.urls["explorer"])
    page.wait_for_selector(".rothman-headline h3", timeout=60_000)
    root = page.locator(".rothman-explorer")
    # Tab from the top of the page: the language switch, then A+ (Space makes the type larger)
    stops = tab_to(page, ".rothman-larger")
    assert any("rothman-lang" in s for s in stops), stops
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    page.wait_for_selector(".rothman-present.rothman-size-2")
    # on to the first question
    tab_to(page, ".rothman-var-problem select")
    assert focus_is_visible(page)
    # the arrow keys change the answer, from where every answer starts: unsure, the first
    # choice, so that ↓ goes to the first answer and on; the headline follows
    headline = root.locator(".rothman-headline").element_handle()

    def shows(answers: dict) -> None:
        page.wait_for_function(
            "([el, want]) => el.innerText.trim() === want",
            arg=[headline, assess(answers).headline()],
            timeout=15_000,
        )

    select = root.locator(".rothman-var-problem select")
    choices = [level.key for level in variable("problem").choices]
    assert select.evaluate("s => s.selectedIndex") == 0 and choices[0] == "unsure"
    page.keyboard.press("ArrowDown")  # the first answer
    shows({"problem": choices[1]})
    assert select.input_value() == variable("problem").level(choices[1]).label("en")
    page.keyboard.press("ArrowUp")  # and back
    shows({})
    assert select.input_value() == variable("problem").level("unsure").label("en")
    answers = {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"}
    for key, level in answers.items():
        if key != "problem":  # the first has the focus already
            tab_to(page, f".rothman-var-{key} select")
        for _ in range([lv.key for lv in variable(key).choices].index(level)):
            page.keyboard.press("ArrowDown")
    shows(answers)
    # Reset by keyboard: every answer back to unsure
    tab_to(page, ".rothman-reset")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([el, want]) => el.innerText.trim() === want",
        arg=[root.locator(".rothman-headline").element_handle(), assess({}).headline()],
        timeout=15_000,
    )
    log.assert_clean(page)

    # the quiz: the case picker, the two radio groups and the check button
    page.goto(presenter.urls["cases"])
    page.wait_for_selector(".rothman-story h3", timeout=60_000)
    item = cases("en")[0]
    model, role = item.expected_models[0], item.expected_role
    stops = tab_to(page, ".rothman-model-choice input")
    assert any("rothman-case-picker" in s for s in stops), stops
    assert focus_is_visible(page)
    # a radio group takes one Tab stop; the arrow keys choose within it
    models = [m.value for m in type(model)]
    for _ in range(models.index(model.value)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, ".rothman-role-choice input")
    roles = [r.value for r in type(role)]
    for _ in range(roles.index(role.value)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, ".rothman-check")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    want = check_answer(item, model, role, "en")
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[page.locator(".rothman-feedback").element_handle(), text("quiz_right", "en")],
        timeout=15_000,
    )
    assert want.correct
    log.assert_clean(page)
