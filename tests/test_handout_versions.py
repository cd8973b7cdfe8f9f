"""The student's and the lecturer's handout of a case, without a browser (the printed page
count is tested in tests/browser/test_handout_print.py)."""

import html
import io
import re

import pytest

from rothman import LANGS, Model, PowerRole, cases, community_variables, text
from rothman.cli.app import main
from rothman.core.data import read_yaml
from rothman.core.i18n import string_files
from rothman.render.handout import handout_html

ALL_CASES = [c.id for c in cases()]


def visible(page: str) -> str:
    body = page.split("<body>", 1)[1]
    body = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", body)


def ticked(page: str) -> int:
    return page.count("☒")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case_id", ALL_CASES)
def test_student_version_leaves_out_the_assessment_and_the_answer(case_id, lang):
    item = next(c for c in cases(lang) if c.id == case_id)
    result = item.assess()
    student = visible(handout_html(lang, case_id, student=True))
    lecturer = visible(handout_html(lang, case_id))
    # both: the story, the six questions with every answer to tick, the open questions
    for shown in (student, lecturer):
        assert item.title in shown and item.story in shown
        assert text("handout_questions_heading", lang) in shown
        for var in community_variables():
            assert var.question(lang) in shown
            assert all(level.label(lang) in shown for level in var.levels)
        assert text("handout_discuss_model", lang) in shown
    assert text("handout_student_version", lang) in student
    assert text("handout_lecturer_version", lang) in lecturer
    # the lecturer's: the assessment, the reasons, the discussion and the ticked answers
    assert result.headline() in lecturer and text("handout_assessment_heading", lang) in lecturer
    assert item.explanation in lecturer
    # the student's: none of that, and no word that names the expected answer as such
    for part in (result.headline(), text("handout_assessment_heading", lang), item.explanation):
        assert part not in student
    page = handout_html(lang, case_id, student=True)
    assert f"<h3>{text('why', lang)}</h3>" not in page and "<img" not in page
    if item.note:
        assert item.note not in student
    assert ticked(handout_html(lang, case_id, student=True)) == 0
    assert ticked(handout_html(lang, case_id)) == sum(
        len(v) if isinstance(v, (list, tuple)) else 1 for v in item.answers.values()
    ) + sum(1 for var in community_variables() if var.key not in item.answers)


def _english_strings() -> dict[str, str]:
    merged = {}
    for name in string_files():
        for key, texts in read_yaml(name).items():
            if texts["en"] != texts["id"]:
                merged[key] = texts["en"]
    return merged


@pytest.mark.parametrize("student", [True, False])
def test_indonesian_handout_has_no_english_text(student):
    english = {t for t in _english_strings().values() if len(t) > 12 and "{" not in t}
    english |= {m.label("en") for m in Model} | {r.label("en") for r in PowerRole}
    for var in community_variables():
        english.add(var.question("en"))
        english |= {lv.label("en") for lv in var.levels}
    for item in cases("id"):
        shown = visible(handout_html("id", item.id, student=student))
        en_item = next(c for c in cases("en") if c.id == item.id)
        english_case = {en_item.title, en_item.story, en_item.explanation}
        leaked = sorted(t for t in english | english_case if t and t in shown)
        assert not leaked, f"{item.id}: {leaked}"


def test_cli_student_flag():
    out, err = io.StringIO(), io.StringIO()
    item = cases("id")[0]
    code = main(["handout", "--case", item.id, "--student", "--lang", "id"], out=out, err=err)
    assert code == 0 and err.getvalue() == ""
    page = out.getvalue()
    assert text("handout_student_version", "id") in page and ticked(page) == 0
    assert item.assess().headline() not in page
