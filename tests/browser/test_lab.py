"""The course notebooks in a real JupyterLab: the explorer and the case quiz, as a student uses them.

Every expectation is computed with the library (``assess``, ``check_answer``, ``text``), so the
tests check that what the page shows is what ``rothman`` says, in both languages.
"""

from __future__ import annotations

import re

import pytest
from axe_audit import assert_lab_page_passes

from rothman import (
    LANGS,
    Model,
    PowerRole,
    assess,
    cases,
    check_answer,
    community_variables,
    text,
    variable,
)
from rothman.render.plots import fit_summary

pytestmark = pytest.mark.browser

# Answers changed one at a time in the explorer: towards Social Action, then back towards
# Locality Development, so that the headline changes more than once.
STEPS = (
    ("problem", "injustice"),
    ("goal", "shift_power"),
    ("power_holders", "opponents"),
    ("goal", "capacity"),
    ("interests", "common"),
    ("power_holders", "partners"),
)

_SHOWN = """
(root) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const q = (sel) => root.querySelector(sel);
  return {
    headline: norm(q('.rothman-headline')?.innerText),
    role: norm(q('.rothman-role')?.innerText),
    summary: norm(q('.rothman-summary')?.innerText),
    reasons: [...root.querySelectorAll('.rothman-reasons li')].map((li) => norm(li.innerText)),
  };
}
"""


def norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def expected_view(answers: dict[str, str], lang: str) -> dict:
    """What the explorer must show for ``answers``, computed by the library."""
    result = assess(answers, lang=lang)
    role = result.power_structure_role
    return {
        "headline": norm(result.headline()),
        "role": ""
        if role is None
        else norm(f"{text('explorer_role', lang)}: {role.label(lang)}. {role.explanation(lang)}"),
        "summary": norm(fit_summary(result)),
        "reasons": [norm(r.text) for r in result.reasons if r.level != "unsure"],
    }


def notebook(lab, lang: str, number: str) -> str:
    found = sorted((lab.root / lang).glob(f"{number}_*.ipynb"))
    assert found, f"no notebooks/{lang}/{number}_*.ipynb to test"
    return f"{lang}/{found[0].name}"


def wait_idle(page, timeout: float = 60_000) -> None:
    # the kernel indicator of the toolbar says idle too early; the status bar does not
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('Idle')",
        timeout=timeout,
    )


def open_and_run_all(page, lab, path: str, widget: str) -> None:
    page.goto(lab.page_url(path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_idle(page)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    page.wait_for_selector(widget, timeout=60_000)
    wait_idle(page)


def read_answers(root) -> dict[str, str]:
    """The explorer's current answers, read from the labels its dropdowns show (either
    language)."""
    answers = {}
    for var in community_variables():
        label = root.locator(f".rothman-var-{var.key} select").input_value()
        answers[var.key] = next(
            lv.key for lv in var.levels if label in {lv.label(lang) for lang in LANGS}
        )
    return answers


def wait_shown(page, root, expected: dict) -> None:
    handle = root.element_handle()
    try:
        page.wait_for_function(
            f"([root, want]) => JSON.stringify(({_SHOWN})(root)) === JSON.stringify(want)",
            arg=[handle, expected],
            timeout=15_000,
        )
    except Exception:
        shown = root.evaluate(_SHOWN)
        assert shown == expected  # says what differs
        raise


def test_explorer_follows_the_library(lab, lab_page, shoot):
    page, log = lab_page
    open_and_run_all(page, lab, notebook(lab, "en", "03"), ".rothman-explorer")
    root = page.locator(".rothman-explorer").first
    root.scroll_into_view_if_needed()
    answers = read_answers(root)
    wait_shown(page, root, expected_view(answers, "en"))
    shoot(page, "1-run-all")
    log.assert_clean(page)

    headlines = {expected_view(answers, "en")["headline"]}
    for step, (key, level) in enumerate(STEPS, start=1):
        select = root.locator(f".rothman-var-{key} select")
        select.select_option(value=variable(key).level(level).label("en"))
        answers[key] = level
        want = expected_view(answers, "en")
        wait_shown(page, root, want)
        headlines.add(want["headline"])
        if step == 3:
            assert assess(answers).model is Model.SOCIAL_ACTION
            shoot(page, "2-social-action", ".rothman-explorer", doc="explorer-en", window=True)
    assert len(headlines) >= 3, "the steps should move the headline more than once"
    shoot(page, "3-changed", ".rothman-explorer")

    root.locator(".rothman-lang button", has_text=text("language_name", "id")).click()
    wait_shown(page, root, expected_view(answers, "id"))
    goal_label = root.locator(".rothman-var-goal .widget-label").inner_text()
    assert norm(goal_label) == norm(variable("goal").label("id"))
    assert text("why", "id") in root.locator(".rothman-reasons").inner_text()
    assert read_answers(root) == answers, "switching the language keeps the answers"
    shoot(page, "4-indonesian", ".rothman-explorer", doc="explorer-id", window=True)

    # the folded panel opens on a click and holds Adi's stages for the leading model
    from rothman.core.practice import guidance

    model = assess(answers).model
    panel = root.locator(".rothman-practice")
    panel.get_by_text(text("practice_in_practice", "id", model=model.label("id"))).click()
    stage = guidance("stages")[0].per_model[model]["id"]
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[panel.element_handle(), stage],
        timeout=15_000,
    )
    shoot(page, "5-in-practice", ".rothman-practice")
    # the axe audit, with the results, the reasons and the guidance on the screen
    assert_lab_page_passes(page, ".rothman-explorer")
    log.assert_clean(page)


@pytest.mark.parametrize("lang", ["en"])  # one language: see conftest.py
def test_case_quiz_gives_the_library_feedback(lab, lab_page, shoot, lang):
    """Nothing before an answer names the model; the first try counts; a mix can be named."""
    page, log = lab_page
    open_and_run_all(page, lab, notebook(lab, lang, "05"), ".rothman-quiz")
    quiz = page.locator(".rothman-quiz").first
    quiz.scroll_into_view_if_needed()
    log.assert_clean(page)
    # the code example without the widget asks for an answer instead of giving one
    page.wait_for_function(
        "want => document.body.innerText.includes(want)", arg=text("quiz_choose_first", lang)
    )

    items = cases(lang)
    index = next((i for i, c in enumerate(items) if not c.is_mix and c.note), 0)
    item = items[index]
    quiz.locator(".rothman-case-picker select").select_option(index=index)
    page.wait_for_function(
        "([el, title]) => el.innerText.includes(title)",
        arg=[quiz.locator(".rothman-story").element_handle(), item.title],
    )
    before = norm(quiz.locator(".rothman-story").inner_text())
    for model in Model:
        assert model.label(lang) not in before
    assert norm(item.note)[:60] not in before
    assert quiz.locator(".rothman-second-choice").is_hidden()
    shoot(page, "1-before-answer", ".rothman-quiz", window=True)

    def answer(model: Model, role, verdict: str) -> None:
        quiz.locator(".rothman-model-choice label", has_text=model.label(lang)).click()
        quiz.locator(".rothman-role-choice label", has_text=role.label(lang)).click()
        quiz.locator(".rothman-check").click()
        feedback = check_answer(item, model, role, lang)
        page.wait_for_function(
            "([el, want]) => el.innerText.replace(/\\s+/g, ' ').includes(want)",
            arg=[quiz.locator(".rothman-feedback").element_handle(), norm(feedback.text)],
            timeout=15_000,
        )
        assert verdict in quiz.locator(".rothman-feedback").inner_text()

    wrong = next(m for m in Model if m not in item.expected_models)
    wrong_role = next(r for r in PowerRole if r is not item.expected_role)
    answer(wrong, wrong_role, text("quiz_not_yet", lang))
    shown = norm(quiz.locator(".rothman-feedback").inner_text())
    assert norm(item.note)[:60] in shown  # the note comes with the feedback
    assert text("quiz_retry", lang) not in shown
    answer(item.expected_models[0], item.expected_role, text("quiz_right", lang))
    assert text("quiz_retry", lang) in quiz.locator(".rothman-feedback").inner_text()
    score = text("quiz_score", lang, right=0, answered=1)
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[quiz.locator(".rothman-score").element_handle(), score],
    )
    shoot(
        page, "2-answered", ".rothman-quiz", doc="case-study" if lang == "en" else None, window=True
    )
    # a mixed case can be answered with two models
    mixed = next(i for i, c in enumerate(items) if c.is_mix)
    quiz.locator(".rothman-case-picker select").select_option(index=mixed)
    quiz.locator(".rothman-mix-choice input").check()
    second = quiz.locator(".rothman-second-choice")
    second.wait_for(state="visible")
    first, other = items[mixed].expected_models
    quiz.locator(".rothman-model-choice label", has_text=first.label(lang)).click()
    second.locator("label", has_text=other.label(lang)).click()
    quiz.locator(".rothman-check").click()
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[quiz.locator(".rothman-feedback").element_handle(), text("quiz_right", lang)],
        timeout=15_000,
    )
    shoot(page, "3-mix", ".rothman-quiz", window=True)
    # the axe audit, with the feedback and the score on the screen
    assert_lab_page_passes(page, ".rothman-quiz")
    log.assert_clean(page)


@pytest.mark.parametrize("lang", ["id"])  # one language: see conftest.py
def test_self_checks_explain_only_after_an_answer(lab, lab_page, shoot, lang):
    from rothman import self_checks

    page, log = lab_page
    open_and_run_all(page, lab, notebook(lab, lang, "03"), ".rothman-self-checks")
    card = page.locator(".rothman-self-check").first
    card.scroll_into_view_if_needed()
    item = self_checks("model_role")[0]
    explanation = norm(item.explanation(lang))
    assert norm(item.situation(lang)) in norm(card.inner_text())
    assert explanation[:60] not in norm(page.locator("body").inner_text())
    labels = card.locator(".rothman-self-check-choice label")
    assert [norm(t) for t in labels.all_inner_texts()][-len(item.choices) :] == [
        norm(label) for _, label in item.option_labels(lang)
    ]
    shoot(page, "1-before", ".rothman-self-check", window=True)
    right = item.option_label(item.right, lang)
    card.locator(".rothman-self-check-choice label", has_text=right).click()
    card.locator(".rothman-self-check-button").click()
    page.wait_for_function(
        "([el, want]) => el.innerText.replace(/\\s+/g, ' ').includes(want)",
        arg=[card.locator(".rothman-feedback").element_handle(), explanation[:60]],
        timeout=15_000,
    )
    assert "✔" in card.locator(".rothman-feedback").inner_text()
    shoot(page, "2-answered", ".rothman-self-check", window=True)
    log.assert_clean(page)
