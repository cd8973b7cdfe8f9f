"""Widget behaviour without a browser: every control, every level, both languages."""

from html import escape

import pytest

from rothman import LANGS, Model, PracticeVariable, assess, cases, community_variables
from rothman.core.variables import UNSURE, variable
from rothman.notebook.explorer import Explorer
from rothman.notebook.quiz import CaseQuiz
from rothman.notebook.table_browser import TableBrowser


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_every_control_every_level_updates_every_output(lang):
    ex = Explorer(lang=lang)
    for var in community_variables():
        for level in var.levels:
            before_svg = ex.plot_svg
            before_scores = ex.assessment.scores
            ex.controls[var.key].value = level.key
            expected = assess(ex.answers, lang=lang)
            assert ex.assessment.model == expected.model
            assert ex.headline.value.count(escape(expected.headline())) == 1
            if expected.power_structure_role:
                assert expected.power_structure_role.label(lang) in ex.role.value
            else:
                assert ex.role.value == ""
            for reason in expected.reasons:
                if reason.model:
                    assert escape(reason.text) in ex.reasons.value
            for option in expected.what_if:
                assert option.model.label(lang) in ex.what_if.value
            assert ex.plot_svg.startswith("<svg") and ex.plot_image.value == ex.plot_svg
            # the chart is redrawn in place: new shares, new picture; same shares, same picture
            if expected.scores != before_scores:
                assert ex.plot_svg != before_svg
            else:
                assert ex.plot_svg == before_svg
        ex.controls[var.key].value = "unsure"


def test_explorer_controls_are_labelled_in_each_language():
    ex = Explorer("en")
    for var in community_variables():
        dropdown = ex.controls[var.key]
        assert dropdown.description == var.label("en")
        assert [label for label, _ in dropdown.options] == [lv.label("en") for lv in var.choices]
        assert escape(var.question("en")) in ex.questions[var.key].value
    ex.set(goal="shift_power")
    ex.set_language("id")
    for var in community_variables():
        assert ex.controls[var.key].description == var.label("id")
    assert ex.controls["goal"].value == "shift_power", "changing language keeps the answers"
    assert "Aksi Sosial" in ex.headline.value
    assert "Kecocokan" not in ex.headline.value and "Alasan" in ex.reasons.value
    assert ex.language.description == "Bahasa"


@pytest.mark.parametrize("lang", LANGS)
def test_the_down_key_from_a_fresh_answer_reaches_every_answer(lang):
    """A focused dropdown moves one option per ↑ or ↓ key: the page sends the kernel the
    option's index. Every answer starts at unsure, so unsure is the first option: ↓ from
    there reaches the first answer and on, one by one, to the last, and ↑ comes back."""
    ex = Explorer(lang=lang)
    for var in community_variables():
        dropdown = ex.controls[var.key]
        assert dropdown.value == UNSURE and dropdown.index == 0
        assert [key for _, key in dropdown.options] == [lv.key for lv in var.choices]
        answers = [lv.key for lv in var.levels if lv.key != UNSURE]
        seen = []
        for _ in answers:
            before = ex.assessment.answers
            dropdown.index += 1  # ↓
            seen.append(ex.answers[var.key])
            assert ex.assessment.answers != before and ex.controls[var.key].value == seen[-1]
        assert seen == answers
        while dropdown.index:
            dropdown.index -= 1  # ↑, back to the start
        assert ex.answers[var.key] == UNSURE
    ex.set(goal="capacity")
    ex.set_language("id" if lang == "en" else "en")  # the order and the answers stay
    assert ex.controls["goal"].index == 1 + variable("goal").level_keys.index("capacity")
    ex.reset()
    assert all(dropdown.index == 0 for dropdown in ex.controls.values())


def test_explorer_presets_load_every_case():
    ex = Explorer("en")
    for item in cases("en"):
        ex.preset.value = item.id
        assert ex.answers == item.answers
        result = assess(item.answers)
        assert ex.assessment.model == result.model
        if item.is_mix:
            # every model of the mix is named, as a mix or as a tie
            assert ex.assessment.mix
            assert any(w in ex.headline.value for w in ("A mix of", "A tie between"))
            for model in ex.assessment.mix:
                assert model.label("en") in ex.headline.value


def test_explorer_reset_and_unknown_state():
    ex = Explorer("en", answers={"goal": "capacity"})
    assert ex.assessment.model is Model.LOCALITY_DEVELOPMENT
    ex.reset_button.click()
    assert set(ex.answers.values()) == {"unsure"}
    assert "Nothing is known yet" in ex.headline.value
    assert ex.reasons.value == "" and ex.what_if.value == ""


def test_explorer_summary_pairs_the_plot():
    ex = Explorer("id", answers={"goal": "capacity", "interests": "mixed", "residents": "victims"})
    assert "Batang menunjukkan" in ex.summary.value and "33%" in ex.summary.value


def test_explorer_bad_start_answers_raise_before_building_outputs():
    from rothman import UnknownLevelError

    with pytest.raises(UnknownLevelError):
        Explorer("en", answers={"goal": "win"})


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_every_case_right_and_wrong(lang):
    quiz = CaseQuiz(lang=lang)
    items = cases(lang)
    for item in items:
        quiz.picker.value = item.id
        assert escape(item.title) in quiz.story.value
        assert quiz.feedback.value == "" and quiz.model_choice.value is None
        wrong = next(m for m in Model if m not in item.expected_models)
        fb = quiz.answer(wrong, item.expected_role)
        assert not fb.correct and "✘" in quiz.feedback.value
        fb = quiz.answer(item.expected_models[0], item.expected_role)
        assert fb.correct and "✔" in quiz.feedback.value
    # the first answer counts: every case was first answered wrongly
    assert quiz.score == (0, len(items))
    word = "Skor sesi ini" if lang == "id" else "Score this session"
    assert f"{len(items)}" in quiz.score_label.value and word in quiz.score_label.value


def test_quiz_check_without_choice_and_language_switch():
    quiz = CaseQuiz("en")
    quiz.check_button.click()
    assert "Choose a model first" in quiz.feedback.value
    assert quiz.score == (0, 0)
    current = quiz.picker.value
    quiz.language.value = "id"
    assert quiz.picker.value == current
    assert quiz.check_button.description == "Periksa jawaban saya"
    assert escape(cases("id")[[c.id for c in cases("id")].index(current)].title) in quiz.story.value


def test_quiz_open_in_explorer_uses_the_case_answers():
    quiz = CaseQuiz("en")
    explorer = quiz.open_in_explorer()
    assert explorer.answers == quiz.case.answers


@pytest.mark.parametrize("lang", LANGS)
def test_table_browser_selects_rows_and_columns(lang):
    tb = TableBrowser(lang)
    html = tb.table.value
    assert all(v.label(lang) in html for v in PracticeVariable)
    tb.variables.value = ("goal_categories", "power_structure")
    tb.models.value = ("social_action",)
    html = tb.table.value
    assert PracticeVariable.POWER_STRUCTURE.label(lang) in html
    assert PracticeVariable.CLIENT_ROLE.label(lang) not in html
    assert Model.SOCIAL_ACTION.label(lang) in html and Model.SOCIAL_PLANNING.label(lang) not in html
    tb.models.value = ()
    assert "<table" not in tb.table.value


def test_explorer_chart_is_described_by_its_text_summary():
    import html
    import re

    from rothman.render.plots import fit_summary

    ex = Explorer(lang="id")
    ex.set(problem="injustice", goal="shift_power")
    shown = ex.plot_image.value
    named = re.search(r'<svg [^>]*role="img" aria-labelledby="(\S+) (\S+)"', shown)
    assert named, shown[:200]
    title, desc = named.groups()
    assert f'<desc id="{desc}">{html.escape(fit_summary(ex.assessment))}</desc>' in shown
    assert f'<title id="{title}">Seberapa cocok setiap model</title>' in shown
    # the labels are text, not pixels: each model's name and share, in the chosen language
    for model in Model:
        share = round(ex.assessment.scores[model] * 100)
        assert f">{html.escape(model.label('id'))} ({model.letter})</text>" in shown
        assert re.search(rf">{share}%( ◀)?</text>", shown)
    # a second explorer on the same page has ids of its own
    assert Explorer(lang="id").plot_image.value.count(title) == 0
