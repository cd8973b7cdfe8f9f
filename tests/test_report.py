"""The field-practicum report file: round trip, every problem with its line, safe saving."""

from __future__ import annotations

import os
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rothman.core.i18n import LANGS
from rothman.core.variables import UNSURE, community_variables
from rothman.practicum.report import (
    KEYS,
    Phase,
    Report,
    ReportFileError,
    check_report,
    read_report,
    report_yaml,
    save_report,
)

FULL = """\
lang: id
student: "Nama Mahasiswa"
community: "Kelurahan X, Kota Y"
agency: "LSM Z"
answers:
  problem: [service_gap, weak_ties]
  goal: capacity
  power_holders: sponsors
evidence:
  problem: "Posyandu sepi sejak 2023"
  goal: "Rapat RW, 3 Maret"
phases:
  - name: "Tahap 1: pengorganisasian"
    answers: {problem: injustice, goal: shift_power}
reflection: "..."
"""


def write(tmp_path, body: str, name: str = "r.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_full_example_reads(tmp_path):
    report = read_report(write(tmp_path, FULL))
    assert report.lang == "id"
    assert report.community == "Kelurahan X, Kota Y"
    assert report.answers == {
        "problem": ("service_gap", "weak_ties"),
        "goal": "capacity",
        "power_holders": "sponsors",
    }
    assert report.phases == (
        Phase("Tahap 1: pengorganisasian", {"problem": "injustice", "goal": "shift_power"}),
    )
    assert report.without_evidence() == ("power_holders",)


def test_missing_evidence_is_a_warning_with_its_line(tmp_path):
    checked = check_report(write(tmp_path, FULL))
    assert checked.ok and checked.errors == []
    assert [(w.line, w.key) for w in checked.warnings] == [(8, "report_no_evidence")]
    assert "power_holders" in checked.warnings[0].located("id")
    assert "belum ada bukti" in checked.warnings[0].located("id")


def test_unsure_needs_no_evidence(tmp_path):
    checked = check_report(write(tmp_path, "answers: {goal: unsure}\n"))
    assert checked.ok and checked.warnings == []


# every error: (file body, line, key, words the English message must hold)
ERRORS = [
    ("colour: red\n", 1, "report_unknown_key", ["'colour'", "lang, student, community"]),
    ("lang: fr\n", 1, "report_unknown_lang", ["'fr'", "en, id"]),
    ("lang: yes\n", 1, "report_unknown_lang", ["'yes'"]),
    ("- a\n- b\n", 1, "report_not_mapping", ["lang, student"]),
    ("community: 12\n", 1, "report_not_text", ["'community'"]),
    ("reflection: [a, b]\n", 1, "report_not_text", ["'reflection'"]),
    ("answers: [goal]\n", 1, "report_answers_not_mapping", ["'answers'"]),
    ("answers:\n  budget: high\n", 2, "report_unknown_variable", ["'budget'", "problem, goal"]),
    ("answers:\n  goal: win\n", 2, "answer_unknown_level", ["'win'", "capacity, solve_task"]),
    ("answers:\n  goal: 3\n", 2, "answer_type", ["'3'", "capacity"]),
    ("answers:\n  goal: {a: b}\n", 2, "answer_type", ["'goal'"]),
    ("answers:\n  goal: []\n", 2, "answer_count", ["0 levels"]),
    (
        "answers:\n  problem: [weak_ties, service_gap, injustice, weak_ties]\n",
        2,
        "answer_repeated",
        ["'weak_ties'"],
    ),
    (
        "answers:\n  goal:\n    - capacity\n    - unsure\n",
        4,
        "answer_unsure",
        ["'unsure'"],
    ),
    ("answers:\n  goal: [capacity, win]\n", 2, "answer_unknown_level", ["'win'"]),
    ("answers:\n  goal:\n    - capacity\n    - capacity\n", 4, "answer_repeated", []),
    ("evidence: [x]\n", 1, "report_evidence_not_mapping", []),
    ("evidence:\n  budget: x\n", 2, "report_unknown_variable", ["'budget'", "'evidence'"]),
    ("evidence:\n  goal: 5\n", 2, "report_not_text", ["evidence.goal"]),
    ("phases: {a: b}\n", 1, "report_phases_not_list", []),
    ("phases:\n  - x\n", 2, "report_phase_not_mapping", ["Phase 1"]),
    ("phases:\n  - answers: {goal: capacity}\n", 2, "report_phase_no_name", ["Phase 1"]),
    (
        "phases:\n  - name: a\n    answers: {goal: capacity}\n    when: 2024\n",
        4,
        "report_phase_unknown_key",
        ["'when'", "name, answers"],
    ),
    (
        "phases:\n  - name: a\n    answers:\n      goal: win\n",
        4,
        "answer_unknown_level",
        ["'win'"],
    ),
    ("answers: {goal: [capacity\n", 2, "yaml_syntax", []),
    ("community: a\ncommunity: b\n", 2, "yaml_duplicate_key", ["line 1"]),
    ("a: &x 1\nb: *x\n", 1, "yaml_alias", []),
    ("community: !!python/object:os.system x\n", 1, "yaml_tag", []),
    ("", 1, "file_empty", []),
    ("answers:\n\tgoal: capacity\n", 2, "yaml_tab", []),
]


@pytest.mark.parametrize(("body", "line", "key", "words"), ERRORS)
def test_every_error_names_line_and_choices(tmp_path, body, line, key, words):
    path = write(tmp_path, body)
    checked = check_report(path)
    assert checked.report is None
    first = checked.errors[0]
    assert (first.line, first.key) == (line, key), [e.located("en") for e in checked.errors]
    message = first.located("en")
    assert message.startswith(f"{path}:{line}: ")
    for word in words:
        assert word in message
    # in Indonesian too, and never a traceback: read_report raises our error, listing them all
    assert first.message("id") != first.message("en")
    with pytest.raises(ReportFileError) as info:
        read_report(path)
    assert f"{path}:{line}:" in info.value.message("id")


def test_errors_come_in_the_reports_language(tmp_path):
    path = write(tmp_path, "lang: id\nanswers:\n  goal: menang\n")
    checked = check_report(path)
    assert checked.lang == "id"
    assert "bukan jawaban untuk 'goal'" in checked.errors[0].located(checked.lang)
    assert check_report(path, "en").lang == "en"


def test_all_problems_are_reported_in_line_order(tmp_path):
    path = write(tmp_path, "answers:\n  goal: win\n  budget: 1\ncolour: x\nlang: fr\n")
    checked = check_report(path)
    assert [e.line for e in checked.errors] == [2, 3, 4, 5]


def test_missing_file_and_folder(tmp_path):
    assert check_report(tmp_path / "none.yaml").errors[0].key == "file_missing"
    assert check_report(tmp_path).errors[0].key == "file_is_folder"


def test_a_one_level_list_is_that_level(tmp_path):
    report = read_report(write(tmp_path, "answers: {goal: [capacity]}\n"))
    assert report.answers == {"goal": "capacity"}


# --- round trip -------------------------------------------------------------------------------

_VARS = {v.key: [lv for lv in v.level_keys if lv != UNSURE] for v in community_variables()}


@st.composite
def answers(draw):
    out = {}
    for key, levels in _VARS.items():
        kind = draw(st.sampled_from(["none", "unsure", "one", "many"]))
        if kind == "unsure":
            out[key] = UNSURE
        elif kind == "one":
            out[key] = draw(st.sampled_from(levels))
        elif kind == "many":
            out[key] = tuple(
                draw(st.lists(st.sampled_from(levels), min_size=2, max_size=3, unique=True))
            )
    return out


texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85"),
    max_size=40,
)


@st.composite
def reports(draw):
    chosen = draw(answers())
    return Report(
        lang=draw(st.sampled_from(LANGS)),
        student=draw(texts),
        community=draw(texts),
        agency=draw(texts),
        answers=chosen,
        evidence={
            k: v for k, v in draw(st.dictionaries(st.sampled_from(list(_VARS)), texts)).items() if v
        },
        phases=tuple(
            Phase(name=draw(texts.filter(lambda s: s.strip())), answers=draw(answers()))
            for _ in range(draw(st.integers(0, 3)))
        ),
        reflection=draw(texts),
    )


@settings(max_examples=60, deadline=None)
@given(reports())
def test_round_trip(tmp_path_factory, report):
    path = tmp_path_factory.mktemp("rt") / "r.yaml"
    save_report(report, path)
    assert read_report(path) == report
    assert check_report(path).errors == []


def test_written_file_is_plain_yaml_in_order(tmp_path):
    report = read_report(write(tmp_path, FULL))
    out = report_yaml(report)
    assert out.startswith("# Laporan praktikum lapangan")
    keys = [line.split(":")[0] for line in out.splitlines() if line and line[0].isalpha()]
    assert keys == list(KEYS)


def test_save_is_atomic_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "r.yaml"
    save_report(Report(community="one"), path)
    before = os.stat(path).st_ino
    save_report(Report(community="two"), path)
    assert read_report(path).community == "two"
    assert os.stat(path).st_ino != before  # replaced by a rename, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]


def test_save_to_missing_folder_names_it(tmp_path):
    from rothman.core.errors import RothmanError

    with pytest.raises(RothmanError, match="missing"):
        save_report(Report(), tmp_path / "missing" / "r.yaml")


# --- the course's own examples ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_in_notebook_9_is_a_valid_report(tmp_path, lang):
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    from rothman.classroom.lab import (
        notebook_file,  # each language names its notebooks in its words
    )

    name = notebook_file("09_practicum_report", lang)
    nb = json.loads((root / "notebooks" / lang / name).read_text("utf-8"))
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    blocks = re.findall(r"```yaml\n(.*?)```", source, flags=re.S)
    assert len(blocks) == 1
    checked = check_report(write(tmp_path, blocks[0]))
    assert checked.errors == [] and checked.report.lang == lang
    assert checked.report.answers["problem"] == ("service_gap", "weak_ties")


@pytest.mark.parametrize("lang", LANGS)
def test_the_rubric_in_the_lecturer_guide_adds_up_to_100(lang):
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    from rothman.classroom.lab import (
        notebook_file,  # each language names its notebooks in its words
    )

    name = notebook_file("08_lecturer_guide", lang)
    nb = json.loads((root / "notebooks" / lang / name).read_text("utf-8"))
    cell = next(
        "".join(c["source"])
        for c in nb["cells"]
        if "rothman report --summary" in "".join(c["source"])
    )
    points = [int(p) for p in re.findall(r"^\| [^|]+ \| (\d+) \|", cell, flags=re.M)]
    assert len(points) == 6 and sum(points) == 100


def test_libyaml_and_the_careful_reading_agree(tmp_path, monkeypatch):
    import yaml

    from rothman.core.yaml_lines import read_lines

    bodies = [FULL, *(body for body, *_ in ERRORS if body)]
    fast = [read_lines(write(tmp_path, body, f"{i}.yaml")) for i, body in enumerate(bodies)]
    monkeypatch.delattr(yaml, "CSafeLoader")
    slow = [read_lines(tmp_path / f"{i}.yaml") for i in range(len(bodies))]
    for a, b in zip(fast, slow):
        assert (a.data, a.lines, a.problems, a.yaml11) == (b.data, b.lines, b.problems, b.yaml11)
