"""Presentation mode in a real browser: ``rothman present`` as a lecturer starts it, with Voilà."""

from __future__ import annotations

import json
import re
import time

import pytest

from rothman import Model, assess, cases, check_answer, text, variable
from rothman.classroom.present import LECTURER_TAG, presentation_dir
from rothman.render.plots import fit_summary

pytestmark = pytest.mark.browser

#: The first page must be usable this soon after the server is ready (seconds).
FIRST_PAGE_WITHIN = 20


def lecturer_texts(view: str) -> list[str]:
    """Distinctive lines of the cells tagged for the lecturer in a presentation notebook."""
    nb = json.loads((presentation_dir() / f"{view}.ipynb").read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        if LECTURER_TAG in cell["metadata"].get("tags", []):
            source = "".join(cell["source"])
            lines += [line.strip("-*# ") for line in source.splitlines() if len(line) > 30]
    assert lines, "the presentation notebooks carry lecturer notes"
    return lines


def norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def assert_presentation_page(page, view: str) -> None:
    """No code, no lecturer notes, large type."""
    body = norm(page.locator("body").inner_text())
    assert "show_presentation" not in body and "from rothman import" not in body
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0
    for line in lecturer_texts(view):
        assert norm(line)[:60] not in body, f"lecturer note shown: {line}"
    sizes = page.evaluate(
        """() => ({
          title: parseFloat(getComputedStyle(document.querySelector('.rothman-present-title')).fontSize),
          text: parseFloat(getComputedStyle(document.querySelector('.rothman-present')).fontSize),
          control: parseFloat(getComputedStyle(document.querySelector('.rothman-present select')).fontSize),
        })"""
    )
    # large type that follows the window (1600x900 here; tests/browser/test_present_layout.py
    # checks the projector sizes)
    assert sizes["text"] >= 19 and sizes["control"] >= sizes["text"], sizes
    assert sizes["title"] >= 1.4 * sizes["text"], sizes


def wait_result(page, root, want) -> None:
    """Until the headline and the plot's text summary both show ``want``."""
    page.wait_for_function(
        """([root, headline, summary]) => {
          const text = (sel) => root.querySelector(sel).innerText.replace(/\\s+/g, ' ').trim();
          return text('.rothman-headline') === headline && text('.rothman-summary') === summary;
        }""",
        arg=[root.element_handle(), norm(want.headline()), norm(fit_summary(want))],
        timeout=15_000,
    )


def test_explorer_view(presenter, present_page, shoot):
    page, log = present_page
    assert set(presenter.urls) == {"explorer", "cases"}, presenter.output
    assert all("token=" in url for url in presenter.urls.values())
    started = time.monotonic()
    page.goto(presenter.urls["explorer"])
    page.wait_for_selector(".rothman-explorer .rothman-headline h3", timeout=60_000)
    first_page = time.monotonic() - started
    assert first_page < FIRST_PAGE_WITHIN, f"first page took {first_page:.1f} s"
    assert text("present_explorer_title", "en") in page.locator("h1").first.inner_text()
    assert_presentation_page(page, "explorer")
    log.assert_clean(page)

    answers = {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"}
    root = page.locator(".rothman-explorer")
    for key, level in answers.items():
        root.locator(f".rothman-var-{key} select").select_option(
            value=variable(key).level(level).label("en")
        )
    assert assess(answers).model is Model.SOCIAL_ACTION
    wait_result(page, root, assess(answers, "en"))
    shoot(page, "1-social-action", doc="present")

    # the language switch sits in the header bar, for the whole view
    page.locator(
        ".rothman-tools .rothman-lang button", has_text=text("language_name", "id")
    ).click()
    wait_result(page, root, assess(answers, "id"))
    title = page.locator(".rothman-present-title")
    assert title.inner_text() == text("present_explorer_title", "id")
    shoot(page, "2-indonesian")
    log.assert_clean(page)

    # the link to the other view keeps the language chosen in class
    page.locator(".rothman-nav a", has_text=text("present_to_cases", "id")).click()
    page.wait_for_selector(".rothman-quiz .rothman-story h3", timeout=60_000)
    assert "lang=id" in page.url
    assert page.locator(".rothman-present-title").inner_text() == text("present_cases_title", "id")
    assert_presentation_page(page, "cases")
    log.assert_clean(page)


def test_cases_view(presenter, present_page, shoot):
    page, log = present_page
    page.goto(presenter.urls["cases"])
    quiz = page.locator(".rothman-quiz")
    page.wait_for_selector(".rothman-quiz .rothman-story h3", timeout=60_000)
    assert_presentation_page(page, "cases")
    item = cases("en")[0]
    assert quiz.locator(".rothman-story h3").inner_text() == item.title
    # nothing projected before an answer names the case's model: no model name in the story,
    # and the case's note (which may name it) only with the feedback
    before = norm(quiz.locator(".rothman-story").inner_text())
    for m in item.expected_models:
        assert m.label("en") not in before
    if item.note:
        assert norm(item.note)[:60] not in norm(page.locator("body").inner_text())
    model, role = item.expected_models[0], item.expected_role
    quiz.locator(".rothman-model-choice label", has_text=model.label("en")).click()
    quiz.locator(".rothman-role-choice label", has_text=role.label("en")).click()
    quiz.locator(".rothman-check").click()
    want = check_answer(item, model, role, "en")
    page.wait_for_function(
        "([el, want]) => el.innerText.replace(/\\s+/g, ' ').includes(want)",
        arg=[quiz.locator(".rothman-feedback").element_handle(), norm(want.text)],
        timeout=15_000,
    )
    assert text("quiz_right", "en") in quiz.locator(".rothman-feedback").inner_text()
    if item.note:
        assert norm(item.note)[:60] in norm(quiz.locator(".rothman-feedback").inner_text())
    shoot(page, "1-answered", doc="present-cases")

    # the case's answers in an explorer below the quiz, across the whole width
    quiz.locator(".rothman-open").click()
    explorer = quiz.locator(".rothman-explorer")
    wait_result(page, explorer, item.assess())
    width = explorer.evaluate("e => e.getBoundingClientRect().width")
    assert width > 0.8 * page.viewport_size["width"], width
    shoot(page, "2-explorer", ".rothman-quiz .rothman-explorer")
    log.assert_clean(page)
