"""Mixed, contradictory and phased situations in a real JupyterLab (notebook 6): several
answers to one question, a tension warning, and a two-phase path built by the student.

Expectations come from the library (``assess``, ``phases``, ``situations_summary``).
"""

from __future__ import annotations

import pytest
from test_lab import norm, notebook, open_and_run_all

from rothman import assess, phases, text, variable
from rothman.render.triangle import situations_summary

pytestmark = pytest.mark.browser

NAMES = {"en": "Protest <i>first</i>", "id": "Unjuk rasa <i>dulu</i>"}


def tick(root, key: str, level: str, on: bool = True) -> None:
    index = variable(key).level_keys.index(level)
    box = root.locator(f".rothman-several-{key} input[type=checkbox]").nth(index)
    if box.is_checked() != on:
        box.click()


def wait_text(page, locator, want: str, timeout: float = 45_000) -> None:
    try:
        page.wait_for_function(
            "([el, want]) => (el.innerText || '').replace(/\\s+/g, ' ').includes(want)",
            arg=[locator.element_handle(), norm(want)],
            timeout=timeout,
        )
    except Exception:
        assert norm(want) in norm(locator.inner_text())  # says what the page shows instead
        raise


@pytest.mark.parametrize("lang", ["id"])  # one language: see conftest.py
def test_several_answers_tension_and_a_two_phase_path(lab, lab_page, shoot, lang):
    page, log = lab_page
    open_and_run_all(page, lab, notebook(lab, lang, "06"), ".rothman-phase-builder")
    builder = page.locator(".rothman-phase-builder").first
    root = page.locator(".rothman-explorer").last
    root.scroll_into_view_if_needed()

    # one click turns every question into checkboxes; two ticks make a mix
    root.locator(".rothman-several input[type=checkbox]").click()
    tick(root, "goal", "capacity")
    tick(root, "goal", "solve_task")
    answers = {"goal": ["capacity", "solve_task"]}
    want = assess(answers, lang)
    wait_text(page, root.locator(".rothman-headline"), want.headline())
    assert want.tied and all(
        m.label(lang) in root.locator(".rothman-headline").inner_text() for m in want.mix
    )
    shoot(page, "1-two-answers", ".rothman-explorer >> nth=-1")

    # power holders as partners under Social Action: a tension, said in words
    tick(root, "goal", "capacity", on=False)
    tick(root, "goal", "solve_task", on=False)
    tick(root, "goal", "shift_power")
    tick(root, "problem", "injustice")
    tick(root, "power_holders", "partners")
    first = {"problem": "injustice", "goal": "shift_power", "power_holders": "partners"}
    want = assess(first, lang)
    assert want.tensions
    warning = root.locator(".rothman-tensions")
    wait_text(page, warning, want.tensions[0].text)
    assert f"⚠ {text('tensions', lang)}:" in warning.inner_text()
    shoot(page, "2-tension", ".rothman-explorer >> nth=-1")

    # phase 1 with a typed name (shown as text), phase 2 with the default name
    builder.locator(".rothman-phase-name input").fill(NAMES[lang])
    builder.locator(".rothman-phase-add").click()
    tick(root, "power_holders", "partners", on=False)
    tick(root, "power_holders", "sponsors")
    tick(root, "goal", "solve_task")
    tick(root, "problem", "service_gap")
    second = {
        "problem": ["service_gap", "injustice"],
        "goal": ["solve_task", "shift_power"],
        "power_holders": "sponsors",
    }
    wait_text(page, root.locator(".rothman-headline"), assess(second, lang).headline())
    builder.locator(".rothman-phase-add").click()
    path = phases([first, second], lang)
    labels = [NAMES[lang], text("phase_default_name", lang, number=2)]
    summary = situations_summary(list(zip(labels, path)), lang)
    rows = builder.locator(".rothman-phase-row")
    page.wait_for_function(
        "(el) => el.querySelectorAll('.rothman-phase-row').length === 2",
        arg=builder.element_handle(),
        timeout=20_000,
    )
    for line in summary.splitlines():
        wait_text(page, builder.locator(".rothman-summary"), line[2:])
    for row, (label, result) in zip(rows.all(), zip(labels, path)):
        shown = norm(row.inner_text())
        assert label in shown and norm(result.headline()) in shown
    assert builder.locator(".rothman-phase-row p i").count() == 0, "a typed name stays text"
    image = builder.locator("img.rothman-plot")
    assert image.evaluate("img => img.naturalWidth") > 200
    shoot(page, "3-path", ".rothman-phase-builder")

    # reorder with the keyboard-operable buttons: the second phase moves first
    rows.nth(1).locator("button", has_text=text("phase_up", lang)).click()
    page.wait_for_function(
        "([el, want]) => (el.querySelector('.rothman-phase-row')?.innerText || '').includes(want)",
        arg=[builder.element_handle(), labels[1]],
        timeout=20_000,
    )
    log.assert_clean(page)
