"""The self-check widget: situation, question and options in the data's order; the
explanation only after an answer is checked; and each notebook shows the items of its kind."""

import html
import json
from pathlib import Path

import pytest

import rothman
from rothman.core.i18n import LANGS, text
from rothman.core.self_check_items import KINDS
from rothman.core.self_checks import check_self_check, self_checks
from rothman.notebook.self_check import SelfCheckWidget

ROOT = Path(__file__).resolve().parent.parent
#: which notebook practises which kind of self-check
NOTEBOOKS = {
    "model_role": "03_model_explorer",
    "tension": "04_power_structure",
    "near_mix": "05_case_studies",
    "phase_order": "06_mixing_and_phasing",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_explanation_only_after_an_answer(kind, lang):
    quiz = SelfCheckWidget(kind, lang=lang)
    assert [i.id for i in quiz.items] == [i.id for i in self_checks(kind)]
    for number, item in enumerate(quiz.items):
        story = html.unescape(quiz.widget.children[number].children[0].value)
        assert item.situation(lang) in story and item.prompt(lang) in story
        choice = quiz.choices[number]
        assert choice.value is None and choice.description == text("self_check_answer", lang)
        assert [key for _, key in choice.options] == list(item.choices)
        assert [label for label, _ in choice.options] == [
            label for _, label in item.option_labels(lang)
        ]
        explanation = item.explanation(lang)
        assert quiz.feedback[number].value == ""
        assert explanation not in story
        # checking without a choice asks for one and explains nothing
        quiz.buttons[number].click()
        assert explanation not in html.unescape(quiz.feedback[number].value)
        assert text("self_check_choose_first", lang) in html.unescape(quiz.feedback[number].value)
        wrong = next(k for k in item.choices if k != item.right)
        choice.value = wrong
        quiz.buttons[number].click()
        shown = html.unescape(quiz.feedback[number].value)
        assert check_self_check(item.id, wrong, lang).text in shown and "✘" in shown
        assert explanation in shown
        result = quiz.answer(number, item.right)
        assert result.correct and "✔" in quiz.feedback[number].value
        # the other items are untouched
        for other in range(number + 1, len(quiz.items)):
            assert quiz.feedback[other].value == ""


def test_phase_order_items_show_their_stages():
    quiz = SelfCheckWidget("phase_order", lang="id")
    for number, item in enumerate(quiz.items):
        story = html.unescape(quiz.widget.children[number].children[0].value)
        assert all(p.text("id") in story and p.label("id") in story for p in item.phases)


def test_items_by_id_and_the_public_names():
    ids = [c.id for c in self_checks()][:2][::-1]
    assert [i.id for i in SelfCheckWidget(ids=ids).items] == ids
    assert rothman.SelfCheckWidget is SelfCheckWidget
    assert {"SelfCheckWidget", "self_checks", "check_self_check"} <= set(rothman.__all__)


@pytest.mark.parametrize("kind", KINDS)
def test_each_notebook_shows_the_items_of_its_kind(kind):
    for folder in ("en", "id"):
        found = [p for p in (ROOT / "notebooks" / folder).glob(NOTEBOOKS[kind][:3] + "*.ipynb")]
        assert len(found) == 1
        cells = json.loads(found[0].read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        assert any(f'SelfCheckWidget("{kind}", lang=LANG)' in c for c in code)
