"""One rule for an answer, one message per mistake: assess, case files and practicum reports.

Also the other things the three share, each defined once: the two-language field check,
the confidence codes, and the problem records that find their line in a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rothman.core.answers import MAX_LEVELS, answer_levels, answer_mistakes
from rothman.core.cases import read_cases
from rothman.core.data import data_dir
from rothman.core.errors import DataError, InvalidAnswerError, RothmanError, UnknownLevelError
from rothman.core.i18n import LANGS
from rothman.core.two_languages import CONFIDENCE, text_problems, two_languages
from rothman.core.variables import UNSURE, variable
from rothman.core.yaml_lines import PathProblem, read_lines
from rothman.practicum.report import check_report

PACKAGE = Path(__file__).resolve().parents[1] / "rothman"

# a bad answer to 'goal' (as YAML reads it), and the keys of the mistakes it holds
BAD_ANSWERS = {
    "unknown level": ("win", ["answer_unknown_level"]),
    "unknown level in a list": (["capacity", "win"], ["answer_unknown_level"]),
    "empty list": ([], ["answer_count"]),
    "duplicate": (["capacity", "capacity"], ["answer_repeated"]),
    "unsure in a list": (["capacity", "unsure"], ["answer_unsure"]),
    "4 levels": (
        ["capacity", "solve_task", "shift_power", "capacity"],
        ["answer_repeated", "answer_count"],
    ),
    "a number": (3, ["answer_type"]),
    "nothing": (None, ["answer_type"]),
    "a number in a list": (["capacity", 3], ["answer_type"]),
    "a mapping": ({"a": "b"}, ["answer_type"]),
}


def _case_file(tmp_path: Path, goal: object) -> Path:
    raw = yaml.safe_load((data_dir() / "cases" / "love_canal.yaml").read_text(encoding="utf-8"))
    raw["answers"]["goal"] = goal
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _report_file(tmp_path: Path, goal: object) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump({"answers": {"goal": goal}}), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(BAD_ANSWERS))
def test_case_loader_and_report_checker_say_the_same_for_the_same_bad_answer(tmp_path, name, lang):
    goal, keys = BAD_ANSWERS[name]
    in_case = read_cases(_case_file(tmp_path, goal), lang)
    in_report = check_report(_report_file(tmp_path, goal), lang)
    assert len(in_case) == 0 and in_report.report is None
    # the same mistakes with the same messages (a report lists its errors by line)
    assert [p.key for p in in_case.problems] == keys
    assert sorted(p.key for p in in_report.errors) == sorted(keys)
    case_messages = [p.message(lang) for p in in_case.problems]
    assert sorted(case_messages) == sorted(p.message(lang) for p in in_report.errors)
    # the Python API raises one of the same messages
    with pytest.raises((UnknownLevelError, InvalidAnswerError)) as info:
        answer_levels("goal", goal)
    assert info.value.message(lang) in case_messages


@pytest.mark.parametrize(
    "name", sorted(n for n, (goal, _) in BAD_ANSWERS.items() if isinstance(goal, list) and goal)
)
def test_each_mistake_is_on_the_line_of_the_level_it_is_about(tmp_path, name):
    goal, _ = BAD_ANSWERS[name]
    body = "answers:\n  goal:\n" + "".join(f"    - {v}\n" for v in goal)
    path = tmp_path / "report.yaml"
    path.write_text(body, encoding="utf-8")
    _, mistakes = answer_mistakes(variable("goal"), goal)
    lines = [p.line for p in check_report(path).errors]
    # a level's mistake is on its own line (3 + i), the list's own on the line of 'goal'
    assert sorted(lines) == sorted(3 + m.path[0] if m.path else 2 for m in mistakes)


def test_a_good_answer_is_kept_the_same_way_everywhere():
    goal = variable("goal")
    assert answer_mistakes(goal, "capacity") == ("capacity", [])
    assert answer_mistakes(goal, UNSURE) == (UNSURE, [])
    assert answer_mistakes(goal, ["capacity"]) == ("capacity", [])
    assert answer_mistakes(goal, [UNSURE]) == (UNSURE, [])
    assert answer_mistakes(goal, ["capacity", "solve_task"]) == (("capacity", "solve_task"), [])
    assert answer_levels("goal", ("capacity", "solve_task")) == ("capacity", "solve_task")
    assert MAX_LEVELS == 3


def test_assess_remembers_a_checked_list_but_never_a_wrong_one():
    from rothman import assess

    as_list = assess({"goal": ["capacity", "solve_task"]})
    assert assess({"goal": ("capacity", "solve_task")}) == as_list
    assert assess({"goal": ["capacity"]}) == assess({"goal": "capacity"})
    for _ in range(2):  # the second time too: a mistake is never remembered as an answer
        with pytest.raises(InvalidAnswerError) as info:
            assess({"goal": ["capacity", "capacity"]})
        assert info.value.key == "answer_repeated"
        with pytest.raises(UnknownLevelError):
            assess({"goal": ["capacity", "nowhere"]})


def test_a_list_too_long_is_what_the_api_names_first():
    # the files list every mistake; the API raises one: the length of the list comes first
    with pytest.raises(InvalidAnswerError) as info:
        answer_levels("goal", ["a", "b", "c", "d"])
    assert info.value.key == "answer_count"


def test_one_definition_of_each_shared_thing():
    code = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    patterns = {
        "confidence codes": r"""\(\s*["']C["'],\s*["']R["'],\s*["']U["']\s*\)""",
        "MAX_LEVELS": r"^MAX_LEVELS\s*=",
        "the Answer type": r"^Answer\s*=",
        "a problem class": r"^class \w*Problem\b",
        "the answer rule": r"\bnot 2 <= len\(",
    }
    for what, pattern in patterns.items():
        found = [p for p, text in code.items() if re.search(pattern, text, flags=re.M)]
        limit = 2 if what == "a problem class" else 1  # Problem and PathProblem, one module
        assert len(found) == 1 and len(re.findall(pattern, code[found[0]], re.M)) <= limit, (
            what,
            found,
        )


def test_no_private_name_is_imported_from_another_module():
    imported = re.compile(r"^\s*from rothman[\w.]* import (\([^)]*\)|[^\n]*)", re.M)
    for path in sorted((PACKAGE / "core").rglob("*.py")) + [PACKAGE / "render" / "markdown.py"]:
        for names in imported.findall(path.read_text(encoding="utf-8")):
            for name in re.split(r"[\s,()]+", names):
                assert not name.startswith("_"), (path.name, name)


@pytest.mark.parametrize(
    ("raw", "texts", "problems"),
    [
        ({"en": " Goal ", "id": "Tujuan"}, {"en": "Goal", "id": "Tujuan"}, []),
        ({"en": "Goal", "id": "  "}, {"en": "Goal"}, [("missing", "id")]),
        ({"en": "Goal", "id": 3}, {"en": "Goal"}, [("not_text", "id")]),
        (
            {"en": "Goal", "id": "T", "fr": "But"},
            {"en": "Goal", "id": "T"},
            [("unknown_lang", "fr")],
        ),
        (["Goal"], {}, [("not_mapping", "")]),
    ],
)
def test_two_language_fields_are_checked_one_way(raw, texts, problems):
    assert text_problems(raw) == (texts, problems)


def test_a_data_file_field_in_two_languages():
    assert two_languages({"en": "a\n b", "id": "c"}, "f.yaml", "x") == {"en": "a b", "id": "c"}
    assert two_languages(None, "f.yaml", "x", required=False) == {"en": "", "id": ""}
    assert two_languages({"en": "a"}, "f.yaml", "x", required=False) == {"en": "a", "id": ""}
    with pytest.raises(DataError, match="x lacks id"):
        two_languages({"en": "a"}, "f.yaml", "x")
    with pytest.raises(DataError, match="x must have en and id"):
        two_languages("a", "f.yaml", "x")
    assert CONFIDENCE == ("C", "R", "U")


def test_a_problem_in_the_data_finds_its_line(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("lang: en\nanswers:\n  goal:\n    - capacity\n    - win\n", encoding="utf-8")
    read = read_lines(path)
    problem = read.problem(str(path), PathProblem(("answers", "goal", 1), "file_empty", {}))
    assert (problem.file, problem.line, problem.key) == (str(path), 5, "file_empty")
    # a path the file does not have: the line of the nearest value it does have
    problem = read.problem(str(path), PathProblem(("answers", "goal", 7), "file_empty", {}))
    assert problem.line == 3


def test_errors_of_the_rule_are_rothman_errors_in_both_languages():
    for goal, _ in BAD_ANSWERS.values():
        with pytest.raises(RothmanError) as info:
            answer_levels("goal", goal)
        assert info.value.message("en") != info.value.message("id")
