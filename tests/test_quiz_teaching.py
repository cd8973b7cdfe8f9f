"""The case quiz teaches: nothing before an answer names the case's model or hints at it,
the first try counts, feedback on the role speaks of the student's own model, and a mix can
be named."""

import html
import re

import pytest
import yaml

from rothman.classroom.views import Presentation
from rothman.core.case_feedback import check_answer
from rothman.core.cases import cases
from rothman.core.data import data_dir
from rothman.core.hint_words import find_hints
from rothman.core.i18n import LANGS, text
from rothman.core.models import Model, PowerRole
from rothman.core.reference_list import format_reference_html
from rothman.core.references import reference
from rothman.core.variables import community_variables
from rothman.notebook.quiz import CaseQuiz
from rothman.render.handout import handout_html

MODEL_NAMES = [m.label(lang) for m in Model for lang in LANGS]


def choices(lang: str) -> list[str]:
    """The answers offered, which name every model on purpose: longest first."""
    offered = [m.label(lang) for m in Model] + [r.label(lang) for r in PowerRole]
    offered += [level.label(lang) for var in community_variables() for level in var.levels]
    return sorted(offered, key=len, reverse=True)


def hints(shown: str, lang: str) -> list[str]:
    """The hint words in what a reader sees, leaving out the answers offered."""
    for choice in choices(lang):
        shown = re.sub(re.escape(choice), " ", shown, flags=re.IGNORECASE)
    return [h.word for h in find_hints(shown, lang)]


def visible(page: str) -> str:
    """The text a reader sees of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def giveaways(item) -> list[str]:
    """What names or hints at a case's model: the model names, the case's note, and the
    titles of the works its source cites ("Social planning", "... community organizing"),
    unless the short citation is the title itself (a work without an author)."""
    found = list(MODEL_NAMES)
    if item.note:
        found.append(item.note[:60])
    found += [
        reference(k).title
        for k in item.reference_keys
        if reference(k).title not in reference(k).short(item.lang)
    ]
    return found


def before_answer(quiz: CaseQuiz) -> str:
    """Everything the quiz shows about a case before an answer, except the choices offered:
    the case's title in the picker, its story, and the questions and buttons around them."""
    label = dict((v, k) for k, v in quiz.picker.options)[quiz.picker.value]
    controls = [quiz.picker, quiz.model_choice, quiz.mix_box, quiz.second_choice]
    controls += [quiz.role_choice, quiz.check_button, quiz.open_button]
    asked = [c.description for c in controls]
    return visible(" ".join([label, quiz.story.value, quiz.feedback.value, *asked]))


def student_sheet(lang: str, case_id: str, cases=None) -> str:
    """What the student's handout shows of a case: its sheet, questions included."""
    page = handout_html(lang, case_id, cases, student=True)
    return visible(page.split('<section class="case"', 1)[1].split("</section>", 1)[0])


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_before_an_answer_gives_the_model_away(lang):
    quiz = CaseQuiz(lang=lang)
    for item in cases(lang):
        quiz.picker.value = item.id
        shown = before_answer(quiz).lower()
        for hint in giveaways(item):
            assert hint.lower() not in shown, (item.id, hint)
        assert not hints(shown, lang), item.id
        quiz.answer(item.expected_models[0], item.expected_role)
        if item.note:
            assert html.escape(item.note) in quiz.feedback.value


@pytest.mark.parametrize("lang", LANGS)
def test_the_presentation_case_view_hides_the_note_too(lang):
    view = Presentation("cases", lang=lang)
    quiz = view.inner
    assert isinstance(quiz, CaseQuiz)
    for item in cases(lang):
        quiz.picker.value = item.id
        shown = visible(view.header.value).lower() + " " + before_answer(quiz).lower()
        for hint in giveaways(item):
            assert hint.lower() not in shown, (item.id, hint)
        assert not hints(shown, lang), item.id


@pytest.mark.parametrize("lang", LANGS)
def test_student_handout_names_no_model_and_lists_no_case_source(lang):
    table_only = handout_html(lang)
    for item in cases(lang):
        page = handout_html(lang, item.id, student=True)
        sheet = student_sheet(lang, item.id)
        for hint in giveaways(item):
            assert hint.lower() not in sheet.lower(), (item.id, hint)
        assert not hints(sheet, lang), item.id
        # the reference list is the table's own: the case's works are on the lecturer's sheet
        for key in item.reference_keys:
            entry = format_reference_html(key, lang)
            assert (entry in page) == (entry in table_only), (item.id, key)
        if item.reference_keys:
            assert text("handout_case_refs_elsewhere", lang) in visible(page)
        lecturer = handout_html(lang, item.id)
        assert all(format_reference_html(k, lang) in lecturer for k in item.reference_keys)


def test_hint_words_are_whole_words_and_their_forms():
    assert hints("The organiser; Planners meet; direct ACTION; a locality", "en") == [
        "organiser",
        "Planners",
        "ACTION",
        "locality",
    ]
    # a plantation, an organisation and a local office give nothing away
    assert not hints("A plantation's organisation plants a local garden", "en")
    assert hints("Perencana menyusun rencananya; pengorganisasian; aksi; koran lokal", "id") == [
        "Perencana",
        "rencananya",
        "pengorganisasian",
        "aksi",
        "lokal",
    ]
    assert not hints("Organisasi itu naik taksi ke Musrenbang", "id")
    # the forms of "aksi", but not the words that end in it
    assert hints("Aksinya dimulai; mereka beraksi", "id") == ["Aksinya", "beraksi"]
    assert not hints("Transaksi dan interaksi di pasar", "id")
    # the answers offered may name the models: "Target of action" is a choice
    assert not hints("Collaborators, employer and sponsor, or target of action?", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_case_with_a_hint_word_would_fail(tmp_path, lang):
    raw = yaml.safe_load((data_dir() / "cases" / "radon_survey.yaml").read_text(encoding="utf-8"))
    raw["id"] = "hinted"
    raw["title"] = {"en": "The county's radon plan", "id": "Rencana radon kabupaten"}
    (tmp_path / "hinted.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    quiz = CaseQuiz(lang=lang, cases=tmp_path)
    quiz.picker.value = "hinted"
    assert hints(before_answer(quiz), lang)
    assert hints(student_sheet(lang, "hinted", tmp_path), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_try_counts_and_a_retry_says_so(lang):
    quiz = CaseQuiz(lang=lang)
    item = quiz.case
    wrong = next(m for m in Model if m not in item.expected_models)
    assert not quiz.answer(wrong, wrong.power_structure_role).correct
    assert text("quiz_retry", lang) not in quiz.feedback.value
    assert quiz.answer(item.expected_models[0], item.expected_role).correct
    assert quiz.score == (0, 1)
    assert html.escape(text("quiz_retry", lang)) in quiz.feedback.value
    quiz.picker.value = cases(lang)[1].id
    other = quiz.case
    quiz.answer(other.expected_models[0], other.expected_role)
    assert quiz.score == (1, 2)


@pytest.mark.parametrize("lang", LANGS)
def test_role_feedback_names_the_model_the_student_chose(lang):
    for item in cases(lang):
        for chosen in Model:
            for role in PowerRole:
                fb = check_answer(item, chosen, role, lang)
                fits = role is chosen.power_structure_role
                key = "feedback_role_fits" if fits else "feedback_role_misfit"
                said = text(
                    key,
                    lang,
                    model=chosen.label(lang),
                    role=chosen.power_structure_role.label(lang),
                    chosen=role.label(lang),
                )
                assert said in fb.text, (item.id, chosen, role)
                other = "feedback_role_misfit" if fits else "feedback_role_fits"
                stem = text(other, lang, model="", role="", chosen="").split(":")[0]
                assert stem not in fb.text
                if not fb.correct:
                    # what the case's models would need is said as well
                    for m in item.expected_models:
                        assert m.label(lang) in fb.text


def test_musrenbang_social_action_with_collaborators():
    item = next(c for c in cases("en") if c.id == "musrenbang_desa")
    fb = check_answer(item, "social_action", "collaborators", "en")
    target = PowerRole.TARGET.label("en")
    assert f"does not fit your model: in Social Action it is “{target}”" in fb.text
    assert "Social Planning" in fb.text and "Locality Development" in fb.text
    assert not fb.correct_model


@pytest.mark.parametrize("lang", LANGS)
def test_partly_right_has_no_contradicting_verdict(lang):
    quiz = CaseQuiz(lang=lang)
    for item in cases(lang):
        quiz.picker.value = item.id
        wrong_role = next(
            r
            for r in PowerRole
            if r is not item.expected_models[0].power_structure_role and r is not item.expected_role
        )
        fb = quiz.answer(item.expected_models[0], wrong_role)
        assert fb.correct_model and fb.correct_role is False
        shown = visible(quiz.feedback.value)
        assert text("quiz_partly", lang) in shown
        assert text("quiz_not_yet", lang) not in shown
        assert f"✔ {text('quiz_part_model', lang)}" in shown
        assert f"✘ {text('quiz_part_role', lang)}" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_a_mix_can_be_named_with_two_models(lang):
    quiz = CaseQuiz(lang=lang)
    mixed = [c for c in cases(lang) if c.is_mix]
    single = [c for c in cases(lang) if not c.is_mix]
    assert mixed and single
    for item in mixed:
        quiz.picker.value = item.id
        assert quiz.second_choice.layout.display == "none"
        first, second = item.expected_models
        fb = quiz.answer(first, first.power_structure_role, second=second)
        assert fb.correct and quiz.second_choice.layout.display is None
        assert (
            text(
                "feedback_mix_both_right",
                lang,
                models=text("and_join", lang).join(m.label(lang) for m in item.expected_models),
            )
            in fb.text
        )
        wrong = next(m for m in Model if m not in item.expected_models)
        assert not check_answer(item, first, None, lang, second=wrong).correct
    for item in single:
        quiz.picker.value = item.id
        other = next(m for m in Model if m not in item.expected_models)
        fb = quiz.answer(item.expected_models[0], item.expected_role, second=other)
        assert not fb.correct_model
    quiz.picker.value = mixed[0].id
    quiz.mix_box.value = True
    quiz.model_choice.value = mixed[0].expected_models[0].value
    quiz._check()
    assert text("quiz_second_first", lang) in html.unescape(quiz.feedback.value)


def test_no_model_asks_for_one_and_says_nothing_of_the_case():
    item = cases("id")[0]
    fb = check_answer(item, None, lang="id")
    assert fb.text == text("quiz_choose_first", "id") and not fb.correct
