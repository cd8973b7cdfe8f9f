"""The phase builder and the explorer's several answers, without a browser."""

from html import escape

import pytest

from rothman import LANGS, Model, assess, cases, check_answer, phases
from rothman.core.variables import variable
from rothman.notebook.explorer import Explorer
from rothman.notebook.phase_builder import MAX_NAME, PhaseBuilder
from rothman.notebook.quiz import CaseQuiz

PROTEST = {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"}
TASK_FORCE = {
    "problem": "service_gap",
    "goal": ["shift_power", "solve_task"],
    "power_holders": "sponsors",
}


@pytest.mark.parametrize("lang", LANGS)
def test_two_phases_are_drawn_numbered_and_summarised(lang):
    builder = PhaseBuilder(lang=lang)
    assert builder.image.layout.display == "none" and not builder.rows.children
    builder.explorer.set(**PROTEST)
    builder.name.value = "Protest <b>1</b>"
    builder.add_button.click()
    builder.explorer.set(**TASK_FORCE)
    builder.add()  # no name typed: "Phase 2" / "Tahap 2"
    expected = phases([PROTEST, TASK_FORCE], lang)
    names = [name for name, _ in builder.path]
    assert names == ["Protest <b>1</b>", "Phase 2" if lang == "en" else "Tahap 2"]
    assert [a.model for _, a in builder.path] == [a.model for a in expected]
    assert len(builder.rows.children) == 2
    first_row = builder.rows.children[0].children[0].value
    assert escape("Protest <b>1</b>") in first_row and "<b>1</b>" not in first_row
    assert escape(expected[0].headline()) in first_row
    assert builder.image.value[:4] == b"\x89PNG" and builder.image.layout.display is None
    assert builder.summary.value.count("<li>") == 2
    assert (
        expected[1].model.label(lang) in builder.summary.value or "between" in builder.summary.value
    )
    assert builder.name.value == ""


def test_reorder_remove_and_clear_with_the_buttons():
    builder = PhaseBuilder("en")
    for name, answers in (("one", PROTEST), ("two", TASK_FORCE), ("three", {"goal": "capacity"})):
        builder.add(name, answers)
    rows = builder.rows.children
    up, down, remove = rows[0].children[1:]
    assert up.disabled and not down.disabled and rows[2].children[2].disabled
    assert all(b.description and b.tooltip for r in rows for b in r.children[1:])
    down.click()
    assert [n for n, _ in builder.path] == ["two", "one", "three"]
    builder.rows.children[2].children[1].click()  # "three" up
    assert [n for n, _ in builder.path] == ["two", "three", "one"]
    builder.rows.children[0].children[3].click()  # remove "two"
    assert [n for n, _ in builder.path] == ["three", "one"]
    png = bytes(builder.image.value)
    builder.move(0, 1)
    assert bytes(builder.image.value) != png  # the arrows now run the other way
    builder.clear_button.click()
    assert builder.path == [] and builder.clear_button.disabled


def test_language_follows_the_explorer_and_names_are_kept():
    builder = PhaseBuilder("en")
    builder.add("Organising", PROTEST)
    builder.explorer.set_language("id")
    assert builder.lang == "id" and builder.add_button.description.startswith("Tambahkan")
    assert "Aksi Sosial" in builder.rows.children[0].children[0].value
    assert "Organising" in builder.rows.children[0].children[0].value


def test_a_long_name_is_cut_and_bad_answers_keep_nothing():
    builder = PhaseBuilder("en")
    builder.add("x" * 500, PROTEST)
    assert len(builder.path[0][0]) == MAX_NAME
    with pytest.raises(Exception, match="Phase 1"):
        builder.add("bad", {"goal": "win"})
    assert len(builder.path) == 1


def test_tensions_are_flagged_in_the_phase_row():
    builder = PhaseBuilder("en")
    builder.add("odd", {"problem": "injustice", "goal": "shift_power", "power_holders": "partners"})
    assert "⚠ Tensions: 1" in builder.rows.children[0].children[0].value


# --- the explorer: several answers, tensions, the case dropdown --------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_several_answers_without_code(lang):
    ex = Explorer(lang)
    assert ex.several.value is False and ex.several.description
    assert all(group.layout.display == "none" for group in ex._several_boxes.values())
    ex.several.value = True  # one click: checkboxes instead of dropdowns
    assert all(d.layout.display == "none" for d in ex.controls.values())
    ex.checkboxes["goal"]["capacity"].value = True
    ex.checkboxes["goal"]["solve_task"].value = True
    assert ex.answers["goal"] == ("capacity", "solve_task")
    expected = assess({"goal": ["capacity", "solve_task"]}, lang)
    assert ex.assessment.scores == expected.scores
    assert escape(expected.headline()) in ex.headline.value
    for model in expected.mix:
        assert model.label(lang) in ex.headline.value
    # labels of the checkboxes are the levels' labels in the language
    assert ex.checkboxes["goal"]["capacity"].description
    ex.several.value = False  # back to one answer: the first ticked
    assert ex.answers["goal"] == "capacity" and ex.controls["goal"].value == "capacity"


def test_explorer_builds_its_checkboxes_only_when_several_answers_are_asked_for():
    ex = Explorer("en", answers={"goal": "capacity"})
    assert all(group.children == () for group in ex._several_boxes.values())
    ex.set_language("id")  # relabelling builds nothing either
    assert ex._checkboxes is None
    ex.several.value = True  # the answer so far is ticked, labels in the page's language
    boxes = ex.checkboxes["goal"]
    assert ex._several_boxes["goal"].children == tuple(boxes.values())
    assert [key for key, box in boxes.items() if box.value] == ["capacity"]
    assert [box.description for box in boxes.values()] == [
        variable("goal").level(key).label("id") for key in boxes
    ]
    ex.set_language("en")
    assert boxes["capacity"].description == variable("goal").level("capacity").label("en")
    # a case with several answers turns them on by itself, in a new explorer too
    other = Explorer("en")
    other.set(goal=["capacity", "solve_task"])
    assert other.several.value and other.answers["goal"] == ("capacity", "solve_task")


def test_explorer_shows_tensions_in_words():
    ex = Explorer("en")
    ex.set(problem="injustice", goal="shift_power", power_holders="partners")
    assert "⚠ Tensions:" in ex.tensions.value and 'role="note"' in ex.tensions.value
    ex.set(power_holders="opponents")
    assert ex.tensions.value == ""


def test_case_dropdown_shows_the_case_clears_on_change_and_reloads():
    first = cases("en")[0]
    ex = Explorer("en", case_id=first.id)
    assert ex.preset.value == first.id
    assert Explorer("en").preset.value == "" and Explorer("en").preset.label
    ex.controls["goal"].value = next(
        lv for lv in ex.controls["goal"].options if lv[1] != first.answers.get("goal")
    )[1]
    assert ex.preset.value == ""  # the answers are no longer the case's
    ex.preset.value = first.id  # picking it again reloads it
    assert ex.answers == {**{k: "unsure" for k in ex.controls}, **dict(first.answers)}
    ex.reset_button.click()
    assert ex.preset.value == "" and set(ex.answers.values()) == {"unsure"}


def test_quiz_opens_the_explorer_on_the_case():
    quiz = CaseQuiz("en")
    explorer = quiz.open_in_explorer()
    assert explorer.preset.value == quiz.case.id


def test_quiz_judges_model_and_role_separately_for_a_mix():
    mixed = next(c for c in cases("en") if c.is_mix)
    a, b = mixed.expected_models[:2]
    quiz = CaseQuiz("en")
    quiz.picker.value = mixed.id
    fb = quiz.answer(b, b.power_structure_role)
    assert fb.correct_model and fb.correct_role and fb.correct
    fb = quiz.answer(b, a.power_structure_role)
    assert fb.correct_model and fb.correct_role is False
    html = quiz.feedback.value
    assert "✔ Model: right" in html and "✘ Power structure&#x27;s role: not yet" in html
    assert b.label("en") in check_answer(mixed, b, a.power_structure_role).text
    other = next(m for m in Model if m not in mixed.expected_models)
    fb = quiz.answer(other, a.power_structure_role)
    assert fb.correct_model is False and "✘ Model: not yet" in quiz.feedback.value
