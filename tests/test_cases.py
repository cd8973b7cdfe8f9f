"""Shipped cases are assessed as their files say; bad case files get clear errors."""

import time

import pytest

from rothman import (
    LANGS,
    CaseFileError,
    Model,
    PowerRole,
    UnknownCaseError,
    assess,
    case,
    case_problems,
    cases,
    check_answer,
    load_cases,
)
from rothman.core.cases import read_cases

SHIPPED = cases()


def test_enough_cases_of_each_kind():
    assert len(SHIPPED) >= 12
    pure = [c for c in SHIPPED if not c.is_mix]
    for model in Model:
        assert sum(c.expected_models[0] is model for c in pure) >= 3, model
    assert sum(c.is_mix for c in SHIPPED) >= 3
    assert len({c.id for c in SHIPPED}) == len(SHIPPED)


@pytest.mark.parametrize("item", SHIPPED, ids=[c.id for c in SHIPPED])
def test_every_shipped_case_is_assessed_as_its_file_says(item):
    assert case_problems(item) == []
    result = assess(item.answers)
    assert result.power_structure_role is item.expected_role
    if item.is_mix:
        assert result.mix == item.expected_models
    else:
        assert result.model is item.expected_models[0] and result.mix is None


@pytest.mark.parametrize("lang", LANGS)
def test_every_case_has_every_text_in_both_languages(lang):
    for item in cases(lang):
        assert item.title.strip() and item.story.strip() and item.explanation.strip()
        for phase in item.phases:
            assert phase.label(lang).strip()


def test_languages_differ_and_ids_match():
    en, id_ = cases("en"), cases("id")
    assert [c.id for c in en] == [c.id for c in id_]
    assert all(a.story != b.story for a, b in zip(en, id_))


def test_every_case_cites_a_source_or_says_it_is_illustrative():
    for item in SHIPPED:
        assert item.basis in ("retold", "adapted", "illustrative"), item.id
        if item.illustrative:
            assert item.source_text.startswith("Illustrative vignette"), item.id
        else:
            # a retold or adapted case names works of the reference list, and says how it
            # uses them in the reader's language
            assert item.reference_keys, item.id
            lead = {
                "retold": ("Retold from", "Diceritakan ulang dari"),
                "adapted": ("Adapted from", "Diadaptasi dari"),
            }[item.basis]
            assert item.source_text.startswith(lead[0]), item.id
            assert item.in_language("id").source_text.startswith(lead[1]), item.id


def test_at_least_one_case_has_phases():
    assert any(len(c.phases) >= 2 for c in SHIPPED)


def test_check_answer_feedback_both_languages():
    item = next(c for c in SHIPPED if not c.is_mix)
    wrong = next(m for m in Model if m is not item.expected_models[0])
    wrong_role = next(r for r in PowerRole if r is not item.expected_role)
    right = check_answer(item, item.expected_models[0], item.expected_role, "en")
    assert right.correct and right.text.startswith("Right")
    bad = check_answer(item, wrong, wrong_role, "id")
    assert not bad.correct and not bad.correct_model and bad.correct_role is False
    assert bad.text.startswith("Belum tepat") and item.expected_role.label("id") in bad.text
    only_model = check_answer(item, item.expected_models[0])
    assert only_model.correct and only_model.correct_role is None


def test_check_answer_on_a_mix_accepts_either_model():
    item = next(c for c in SHIPPED if c.is_mix)
    for model in item.expected_models:
        assert check_answer(item, model).correct_model
    other = next(m for m in Model if m not in item.expected_models)
    assert not check_answer(item, other).correct_model


def test_unknown_case_names_the_choices():
    with pytest.raises(UnknownCaseError) as info:
        case("atlantis")
    assert "atlantis" in str(info.value) and SHIPPED[0].id in str(info.value)


# --- bad case files --------------------------------------------------------------------

GOOD = """\
id: my_case
title: {en: A title, id: Sebuah judul}
story: {en: A story., id: Sebuah cerita.}
answers: {problem: injustice, goal: shift_power, interests: opposed, power_holders: opponents,
          constituency: oppressed_segment, residents: victims}
expected: {model: social_action, role: target}
source: Illustrative vignette written for this course.
"""


def write(tmp_path, text, name="case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_lecturer_file_loads(tmp_path):
    (item,) = load_cases(write(tmp_path, GOOD))
    assert item.id == "my_case" and case_problems(item) == []


BAD = {
    # name: (content, the words of the English message, the line it names)
    "empty": ("", "The file is empty", 1),
    "empty_list": ("[]\n", "empty list", 1),
    "not_yaml": ("id: [unclosed\n  - :", "cannot be read here", 2),
    "a_list_of_strings": ("- a\n- b\n", "must be a set of fields", 1),
    "missing_fields": ("id: x\ntitle: {en: a, id: b}\n", "The field 'story' is missing", 1),
    "unknown_level": (
        GOOD.replace("goal: shift_power", "goal: revolution"),
        "'revolution' is not an answer to 'goal'; choose from: capacity, solve_task",
        4,
    ),
    "unknown_variable": (
        GOOD.replace("problem: injustice", "problm: injustice"),
        "'problm' in 'answers' is not a community variable",
        4,
    ),
    "missing_translation": (
        GOOD.replace("id: Sebuah cerita.", "fr: Une histoire."),
        "'story' lacks the 'id' text",
        3,
    ),
    "unknown_model": (
        GOOD.replace("model: social_action", "model: charity"),
        "'charity' is not a valid value of 'expected.model'",
        6,
    ),
    "unknown_field": (GOOD + "secret: 1\n", "'secret' is not a field of a case", 8),
    "python_object_tag": (
        "!!python/object/apply:os.system ['echo pwned > /tmp/pwned']\n",
        "!!python/object/apply:os.system is not allowed",
        1,
    ),
    "python_name_tag": ("id: !!python/name:os.system\n", "is not allowed", 1),
    "alias_bomb": (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(
            f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
        ),
        "Anchors and aliases",
        1,
    ),
    "bad_id": (GOOD.replace("id: my_case", "id: ../../etc"), "The id '../../etc' must be", 1),
    "duplicate_key": (GOOD + "id: again\n", "'id' is written twice (first on line 1)", 8),
    "yaml11_boolean": (GOOD + "illustrative: yes\n", "'illustrative: yes' is read differently", 8),
    "text_boolean": (GOOD + "illustrative: 'no'\n", "must be true or false, not 'no'", 8),
    "phases_a_number": (GOOD + "phases: 5\n", "'phases' must be a list", 8),
    "phases_empty": (GOOD + "phases: []\n", "'phases' is an empty list", 8),
    "deep": ("a: " + "[" * 400 + "]" * 400 + "\n", "nested more than 20 levels", 1),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_case_files_get_a_clear_error_naming_the_file_and_line(tmp_path, name):
    content, expected, line = BAD[name]
    path = write(tmp_path, content, f"{name}.yaml")
    started = time.monotonic()
    with pytest.raises(CaseFileError) as info:
        load_cases(path)
    assert time.monotonic() - started < 5, "nothing may hang"
    message = str(info.value)
    assert f"{path}:{line}: " in message and expected in message, message
    indonesian = info.value.message("id")
    assert f"{path}:{line}: " in indonesian and "Berkas kasus" in indonesian
    assert expected not in indonesian


def test_every_problem_of_a_file_at_once_with_its_line(tmp_path):
    path = write(
        tmp_path,
        GOOD.replace("goal: shift_power", "goal: revolution").replace("role: target", "role: boss")
        + "illustrative: 'no'\nsecret: 1\n",
    )
    found = read_cases(path)
    assert len(found) == 0
    assert [(p.line, p.key) for p in found.problems] == [
        (9, "case_unknown_field"),
        (4, "answer_unknown_level"),
        (6, "case_unknown_choice"),
        (8, "case_not_bool"),
    ]


def test_a_python_tag_executes_nothing(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"!!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(CaseFileError):
        load_cases(path)
    assert not marker.exists()


def test_huge_file_refused_before_parsing(tmp_path):
    path = write(tmp_path, "id: x\n" + "# pad\n" * 100_000)
    with pytest.raises(CaseFileError, match="larger than"):
        load_cases(path)


def test_binary_file(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CaseFileError, match="not saved as UTF-8"):
        load_cases(path)


def test_folder_skips_bad_files_and_duplicate_ids_and_names_them(tmp_path):
    write(tmp_path, GOOD, "one.yaml")
    write(tmp_path, GOOD, "two.yaml")
    write(tmp_path, "id: [\n", "three.yaml")
    found = load_cases(tmp_path)
    assert [c.id for c in found] == ["my_case"]
    located = [p.located("en") for p in found.problems]
    assert located[0].startswith(f"{tmp_path / 'three.yaml'}:2: ")
    assert located[1].startswith(f"{tmp_path / 'two.yaml'}: The id 'my_case' is already used")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CaseFileError, match="no .yaml case files"):
        load_cases(empty)


def test_disagreement_is_reported_not_raised(tmp_path):
    (item,) = load_cases(
        write(tmp_path, GOOD.replace("model: social_action", "model: social_planning"))
    )
    problems = case_problems(item)
    assert problems == [
        "Case 'my_case': the answers point to Social Action, but the file expects Social Planning."
    ]


def test_every_shipped_case_is_tagged_with_a_variant_of_the_multi_modes():
    """variant: the nearest of Rothman's (2007) nine variants, a key of multi_modes.csv; its
    mode agrees with the model the case expects to lead."""
    import yaml

    from rothman.core.data import read_csv

    modes = {r["variant"]: r["mode"] for r in read_csv("multi_modes.csv", ("mode", "variant"))}
    assert len(modes) == 9
    mode_of_model = {
        Model.SOCIAL_PLANNING: "planning_policy",
        Model.LOCALITY_DEVELOPMENT: "capacity_development",
        Model.SOCIAL_ACTION: "social_advocacy",
    }
    for item in SHIPPED:
        raw = yaml.safe_load(open(item.path, encoding="utf-8"))
        assert raw.get("variant") in modes, item.id
        assert modes[raw["variant"]] == mode_of_model[item.expected_models[0]], item.id
