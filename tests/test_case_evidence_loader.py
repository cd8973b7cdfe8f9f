"""The case loader checks a case's 'evidence' (the story's words behind each answer): a
lecturer's file may leave it out, but what it gives must quote the story, with a clear error
in both languages naming the line otherwise."""

import pytest

from rothman import LANGS, CaseFileError, cases, load_cases

GOOD = """\
id: my_case
title: {en: A title, id: Sebuah judul}
story: {en: "Workers are cheated. They unite.", id: "Buruh dicurangi. Mereka bersatu."}
answers: {problem: injustice, goal: shift_power, interests: opposed, power_holders: opponents,
          constituency: oppressed_segment, residents: victims}
expected: {model: social_action, role: target}
source: Illustrative vignette written for this course.
"""
EVIDENCE = "evidence:\n  problem: {en: Workers are cheated., id: Buruh dicurangi.}\n"


def write(tmp_path, text):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_loader_keeps_every_shipped_quote_and_each_is_in_its_story():
    for lang in LANGS:
        for item in cases(lang):
            answered = [k for k, v in item.answers.items() if v != "unsure"]
            assert answered and set(item.evidence) == set(answered), item.id
            for key in answered:
                quotes = item.key_sentences(key)
                assert quotes and all(
                    " ".join(q.split()) in " ".join(item.story.split()) for q in quotes
                )


def test_a_lecturer_case_may_leave_out_the_evidence_or_give_some(tmp_path):
    (bare,) = load_cases(write(tmp_path, GOOD))
    assert bare.evidence == {} and bare.key_sentences("problem") == ()
    listed = EVIDENCE.replace("en: Workers are cheated.", "en: [Workers are cheated., They unite.]")
    (item,) = load_cases(write(tmp_path, GOOD + listed), lang="id")
    assert item.key_sentences("problem") == ("Buruh dicurangi.",)
    assert item.in_language("en").key_sentences("problem") == (
        "Workers are cheated.",
        "They unite.",
    )
    assert item.key_sentences("goal") == ()


BAD = {
    # name: (content, the words of the English message, the line it names)
    "not_a_mapping": (GOOD + "evidence: 5\n", "'evidence' must give, for each", 8),
    "unknown_variable": (
        GOOD + EVIDENCE.replace("problem:", "problm:"),
        "'problm' in 'evidence' is not a community variable; choose from: problem, goal",
        9,
    ),
    "one_language": (
        GOOD + "evidence:\n  problem: {en: Workers are cheated.}\n",
        "'evidence.problem' lacks the 'id' text",
        9,
    ),
    "a_number": (
        GOOD + EVIDENCE.replace("en: Workers are cheated.", "en: 5"),
        "'evidence.problem.en' must be text",
        9,
    ),
    "not_in_story": (
        GOOD + EVIDENCE.replace("Workers are cheated.", "Workers are paid well."),
        "'evidence.problem.en' must be quoted word for word from the story",
        9,
    ),
    "other_language": (
        GOOD + EVIDENCE.replace("id: Buruh dicurangi.", "id: Workers are cheated."),
        "'evidence.problem.id' must be quoted word for word from the story",
        9,
    ),
    "one_quote_of_a_list_not_in_story": (
        GOOD
        + EVIDENCE.replace("en: Workers are cheated.", "en: [Workers are cheated., They win.]"),
        "'evidence.problem.en' must be quoted word for word from the story",
        9,
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_evidence_gets_a_clear_error_with_its_line(tmp_path, name):
    content, expected, line = BAD[name]
    path = write(tmp_path, content)
    with pytest.raises(CaseFileError) as info:
        load_cases(path)
    message = str(info.value)
    assert f"{path}:{line}: " in message and expected in message, message
    indonesian = info.value.message("id")
    assert f"{path}:{line}: " in indonesian and "Berkas kasus" in indonesian
    assert expected not in indonesian


@pytest.mark.parametrize("lang", LANGS)
def test_the_lecturers_answer_key_quotes_the_story_beside_each_answer(lang):
    from rothman.render.handout import handout_html

    item = next(c for c in cases(lang) if c.id == "kampung_flood_preparedness")
    key = handout_html(lang, case_id=item.id)
    sheet = handout_html(lang, case_id=item.id, student=True)
    label = {"en": "In the story:", "id": "Dalam cerita:"}[lang]
    assert key.count('<p class="evidence small">') == 6 and label in key
    for variable in item.evidence:
        for quote in item.key_sentences(variable):
            assert f"“{quote}”" in key
            # the student's sheet must not give the answers away
            assert f"“{quote}”" not in sheet
    assert '<p class="evidence small">' not in sheet


def test_a_quote_in_the_answer_key_is_inert_text(tmp_path):
    from rothman.render.handout import handout_html

    hostile = GOOD.replace("Workers are cheated.", "Workers <b>are</b> cheated.")
    path = write(
        tmp_path, hostile + EVIDENCE.replace("Workers are cheated.", "Workers <b>are</b> cheated.")
    )
    (item,) = load_cases(path)
    page = handout_html("en", case_id=item)
    assert "“Workers &lt;b&gt;are&lt;/b&gt; cheated.”" in page and "<b>are</b>" not in page
