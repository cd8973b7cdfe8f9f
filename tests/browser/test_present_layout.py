"""Presentation mode fits the room: geometry at projector and phone sizes, both languages.

At 1280x720, 1366x768 and 1920x1080, at every step of the A-/A+ type control, in both
languages, with the longest headline (a tie) and with several answers ticked, the explorer
shows its six questions, the headline, the chart and the role without scrolling, and nothing
overlaps; the chart is SVG whose text grows with the type, and so do the checkboxes; in the
case quiz every radio button sits on its own label. At 390x844 both views are one column that
works by touch. Checked by bounding boxes (tools/geometry.py).
"""

from __future__ import annotations

import pytest
from axe_audit import assert_page_passes
from geometry import PHONE, PROJECTORS, font_px, layout_problems

from rothman import assess, cases, check_answer, community_variables, text, variable
from rothman.classroom.present import DEFAULT_SIZE, SIZES
from rothman.render.plots import fit_summary

pytestmark = pytest.mark.browser

#: Answers that fill the results: a model, its role and several reasons.
ANSWERS = {
    "problem": "injustice",
    "goal": "shift_power",
    "interests": "opposed",
    "power_holders": "opponents",
    "constituency": "oppressed_segment",
}

#: Answers whose headline is a tie, the longest the explorer shows, with a role.
TIE = {"goal": "solve_task", "power_holders": "partners"}
#: Up to this step the role's whole explanation fits beside a tie headline; above it, the
#: role starts on the screen and its explanation goes on below.
ROLE_WHOLE_UP_TO = 2

EXPLORER_VISIBLE = [
    ".rothman-bar",
    ".rothman-preset select",
    ".rothman-question",
    "[class*='rothman-var-'] select",
    ".rothman-headline",
    ".rothman-plot",
]
QUIZ_VISIBLE = [
    ".rothman-bar",
    ".rothman-case-picker select",
    ".rothman-story h3",
    ".rothman-choices",
    ".rothman-check",
]


def open_view(page, presenter, view: str, lang: str) -> None:
    page.goto(presenter.urls[view].replace("lang=en", f"lang={lang}"))
    ready = ".rothman-headline h3" if view == "explorer" else ".rothman-story h3"
    page.wait_for_selector(ready, timeout=60_000)


def settle(page) -> None:
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def go_to_size(page, step: int) -> None:
    """Click A- or A+ until the page shows type step ``step``."""
    root = page.locator(".rothman-present")
    for _ in range(len(SIZES)):
        page.wait_for_function(
            "(el) => /rothman-size-\\d/.test(el.className)", arg=root.element_handle()
        )
        classes = root.get_attribute("class")
        now = next(
            int(c.rsplit("-", 1)[1]) for c in classes.split() if c.startswith("rothman-size-")
        )
        if now == step:
            settle(page)
            return
        button = ".rothman-larger" if step > now else ".rothman-smaller"
        page.locator(button).click()
        page.wait_for_function(
            "([el, n]) => !el.classList.contains(`rothman-size-${n}`)",
            arg=[root.element_handle(), now],
        )
    raise AssertionError(f"type step {step} not reached")


def set_answers(page, answers: dict[str, str], lang: str) -> None:
    root = page.locator(".rothman-explorer")
    for key, level in answers.items():
        root.locator(f".rothman-var-{key} select").select_option(
            value=variable(key).level(level).label(lang)
        )
    want = assess(answers, lang=lang).headline()
    page.wait_for_function(
        "([el, want]) => el.innerText.trim() === want",
        arg=[root.locator(".rothman-headline").element_handle(), want],
        timeout=15_000,
    )


def role_visible(step: int) -> str:
    return ".rothman-role" if step <= ROLE_WHOLE_UP_TO else ".rothman-role strong"


def chart_text_px(page) -> float:
    """The size of the chart's largest text (the models' names and shares)."""
    return page.locator(".rothman-plot svg").evaluate(
        "svg => Math.max(...[...svg.querySelectorAll('text')].map("
        "(t) => parseFloat(getComputedStyle(t).fontSize)))"
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_explorer_fits_each_projector_at_each_type_size(presenter, present_page, shoot, lang):
    page, log = present_page
    open_view(page, presenter, "explorer", lang)
    assert assess(TIE).mix, "the answers give a tie"
    set_answers(page, TIE, lang)
    assert page.locator(".rothman-role").inner_text().strip(), "the role is shown"
    # the chart is drawn as SVG, named and described by its text summary
    # (the chart comes in its own message after the headline: wait for it, then compare)
    want = fit_summary(assess(TIE, lang=lang))
    page.wait_for_function(
        "(want) => document.querySelector('.rothman-plot svg desc')?.textContent === want",
        arg=want,
        timeout=15_000,
    )
    assert page.locator(".rothman-plot img").count() == 0
    assert page.locator(".rothman-plot svg desc").text_content() == want
    steps = list(range(len(SIZES)))
    for n, (width, height) in enumerate(PROJECTORS):
        page.set_viewport_size({"width": width, "height": height})
        chart = {}
        for step in steps if n % 2 == 0 else reversed(steps):
            go_to_size(page, step)
            problems = layout_problems(
                page, ".rothman-present", [*EXPLORER_VISIBLE, role_visible(step)]
            )
            if problems or step in (DEFAULT_SIZE, len(SIZES) - 1):
                shoot(page, f"{width}x{height}-size{step}")
            assert not problems, f"{width}x{height}, type step {step}:\n" + "\n".join(problems)
            assert len(page.locator("[class*='rothman-var-'] select").all()) == len(
                community_variables()
            )
            chart[step] = chart_text_px(page)
        # A+ enlarges the chart's labels with the rest of the type
        assert chart[len(SIZES) - 1] / chart[0] == pytest.approx(SIZES[-1] / SIZES[0], rel=0.02)
        go_to_size(page, DEFAULT_SIZE)
        body = font_px(page, ".rothman-role p")
        assert body >= 17.5, f"body text is {body} px at {width}x{height}"
        if (width, height) == (1920, 1080):
            assert body > 26, f"body text is {body} px at 1080p"
        assert font_px(page, ".rothman-q") >= 0.9 * body
        assert chart_text_px(page) >= 0.85 * body

    # several answers to a question: checkboxes instead of the dropdowns
    page.locator(".rothman-several input").click()
    page.wait_for_selector(".rothman-several-goal input", state="visible")
    goal = page.locator(".rothman-several-goal input")
    goal.nth(0).check()
    goal.nth(2).check()
    page.wait_for_function(
        "([el, want]) => el.innerText.trim() === want",
        arg=[
            page.locator(".rothman-headline").element_handle(),
            assess(
                {**TIE, "goal": ["capacity", "solve_task", "shift_power"]}, lang=lang
            ).headline(),
        ],
        timeout=15_000,
    )
    several = [s for s in EXPLORER_VISIBLE if "rothman-var-" not in s]
    several.append("[class*='rothman-several-'] input")
    for width, height in PROJECTORS:
        page.set_viewport_size({"width": width, "height": height})
        for step in range(len(SIZES)):
            go_to_size(page, step)
            problems = layout_problems(page, ".rothman-present", [*several, role_visible(step)])
            if problems or step in (DEFAULT_SIZE, len(SIZES) - 1):
                shoot(page, f"several-{width}x{height}-size{step}")
            assert not problems, f"several, {width}x{height}, step {step}:\n" + "\n".join(problems)
            # the checkboxes grow with the type: as tall as their labels' capital letters
            box = page.locator(".rothman-several-goal input").first.bounding_box()
            label = font_px(page, ".rothman-several-goal label")
            assert box["height"] >= 0.9 * label, (box, label)
    # the axe audit, with a tie, its role and several answers on the screen
    assert_page_passes(page)
    log.assert_clean(page)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_quiz_radio_buttons_sit_on_their_labels(presenter, present_page, shoot, lang):
    page, log = present_page
    open_view(page, presenter, "cases", lang)
    # the longest case title, which a narrow picker would cut
    longest = max(cases(lang), key=lambda c: len(c.title))
    page.locator(".rothman-case-picker select").select_option(label=longest.title)
    page.wait_for_function(
        "([el, t]) => el.querySelector('h3')?.innerText.trim() === t",
        arg=[page.locator(".rothman-story").element_handle(), longest.title],
    )
    for width, height in PROJECTORS:
        page.set_viewport_size({"width": width, "height": height})
        for step in (0, DEFAULT_SIZE, len(SIZES) - 1):
            go_to_size(page, step)
            problems = layout_problems(page, ".rothman-present", QUIZ_VISIBLE)
            if problems or step == len(SIZES) - 1:
                shoot(page, f"{width}x{height}-size{step}")
            assert not problems, f"{width}x{height}, type step {step}:\n" + "\n".join(problems)
        go_to_size(page, DEFAULT_SIZE)
    # a click on a label that wraps chooses its own option
    model, role = longest.expected_models[0], longest.expected_role
    page.locator(".rothman-model-choice label", has_text=model.label(lang)).click()
    page.locator(".rothman-role-choice label", has_text=role.label(lang)).click()
    assert page.locator(".rothman-model-choice input:checked").count() == 1
    page.locator(".rothman-check").click()
    want = check_answer(longest, model, role, lang)
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[page.locator(".rothman-feedback").element_handle(), text("quiz_right", lang)],
    )
    assert want.correct
    problems = layout_problems(page, ".rothman-present", QUIZ_VISIBLE)
    assert not problems, "\n".join(problems)
    # the feedback starts on the screen (a long one may go on below)
    top = page.locator(".rothman-feedback").bounding_box()["y"]
    assert top < page.viewport_size["height"] * 0.8, top
    # the axe audit, with the feedback on the screen
    assert_page_passes(page)
    log.assert_clean(page)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_phone_one_column(presenter, present_page, shoot, lang):
    page, log = present_page
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    open_view(page, presenter, "explorer", lang)
    set_answers(page, ANSWERS, lang)
    settle(page)
    problems = layout_problems(
        page, ".rothman-present", EXPLORER_VISIBLE, whole_window=False, whole_options=False
    )
    shoot(page, "explorer")
    assert not problems, "\n".join(problems)
    inputs = page.locator(".rothman-inputs").bounding_box()
    results = page.locator(".rothman-results").bounding_box()
    assert results["y"] >= inputs["y"] + inputs["height"] - 1, "results below the questions"
    assert font_px(page, ".rothman-inputs select") >= 16, "no zoom-in on phones below 16 px"

    open_view(page, presenter, "cases", lang)
    item = cases(lang)[0]
    problems = layout_problems(
        page, ".rothman-present", QUIZ_VISIBLE, whole_window=False, whole_options=False
    )
    shoot(page, "quiz")
    assert not problems, "\n".join(problems)
    story = page.locator(".rothman-story").bounding_box()
    choices = page.locator(".rothman-choices").bounding_box()
    assert choices["y"] >= story["y"] + story["height"] - 1, "answers below the story"
    model, role = item.expected_models[0], item.expected_role
    page.locator(".rothman-model-choice label", has_text=model.label(lang)).click()
    page.locator(".rothman-role-choice label", has_text=role.label(lang)).click()
    page.locator(".rothman-check").click()
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[page.locator(".rothman-feedback").element_handle(), text("quiz_right", lang)],
    )
    log.assert_clean(page)


#: What the keyboard's focus looks like: its ring's width in px and whether the page moved.
FOCUS_STATE = """(title) => {
  const a = document.activeElement, s = getComputedStyle(a);
  const moved = [...document.querySelectorAll('.rothman-present, .rothman-present *')]
    .filter((e) => e.scrollTop || e.scrollLeft).map((e) => e.className);
  return {tag: a.tagName, ring: parseFloat(s.outlineWidth), style: s.outlineStyle,
          halo: s.boxShadow,
          scrolled: window.scrollY, moved, title: document.querySelector(title)
          .getBoundingClientRect().top};
}"""


@pytest.mark.parametrize("lang", ["id"])
def test_keyboard_through_the_checkboxes_at_the_largest_step(presenter, present_page, shoot, lang):
    """Tab through every checkbox at the largest type on 1280x720: a thick ring on each, and
    the page never moves (no box scrolls, the title stays put)."""
    page, log = present_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_view(page, presenter, "explorer", lang)
    go_to_size(page, len(SIZES) - 1)
    page.locator(".rothman-several input").click()
    page.wait_for_selector(".rothman-several-goal input", state="visible")
    title = ".rothman-present-title"
    top = page.locator(title).bounding_box()["y"]
    boxes = page.locator("[class*='rothman-several-'] input").count()
    for n in range(boxes):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE, title)
        if n == 6:
            shoot(page, "focus")
        assert state["tag"] == "INPUT", state
        # a solid dark ring (the browser's own is 1-2 px, "auto") and a light halo around it
        assert state["style"] == "solid" and state["ring"] >= 3, state
        assert "rgb(255, 210, 63)" in state["halo"], state
        assert state["scrolled"] == 0 and not state["moved"], state
        assert abs(state["title"] - top) < 1, state
    log.assert_clean(page)


def test_open_in_the_explorer_brings_it_into_view(presenter, present_page, shoot):
    """The explorer opens below the case, off the screen: its first control takes the focus,
    which scrolls it into view."""
    page, log = present_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_view(page, presenter, "cases", "id")
    page.locator(".rothman-open").click()
    opened = ".rothman-quiz .rothman-explorer"
    page.wait_for_selector(f"{opened} .rothman-headline h3", timeout=30_000)
    page.wait_for_function(
        "(sel) => document.activeElement?.closest(sel) !== null", arg=opened, timeout=15_000
    )
    settle(page)
    shoot(page, "opened")
    preset = page.locator(f"{opened} .rothman-preset select").bounding_box()
    assert 0 <= preset["y"] and preset["y"] + preset["height"] <= 720, preset
    log.assert_clean(page)
