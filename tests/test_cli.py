"""The command line: output in both languages, exit codes, no tracebacks."""

import io
import json
import subprocess
import sys

import pytest

from rothman.cli.app import main


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


ISSUE = (
    "assess",
    "--problem",
    "injustice",
    "--goal",
    "shift_power",
    "--power-holders",
    "opponents",
)


def test_assess_english():
    code, out, _ = run(*ISSUE)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Social Action (C): the power structure is the target of action."
    assert lines[1] == "Fit: Locality Development 0% | Social Planning 0% | Social Action 100%"
    assert any("Injustice, deprivation, inequity" in line for line in lines)


def test_assess_indonesian():
    code, out, _ = run(*ISSUE, "--lang", "id")
    assert code == 0
    assert out.splitlines()[0] == "Aksi Sosial (C): struktur kekuasaan adalah sasaran aksi."
    assert "Alasan:" in out and "Apa yang akan mengubah jawabannya:" in out


def test_assess_json():
    code, out, _ = run(*ISSUE, "--json")
    data = json.loads(out)
    assert (
        code == 0 and data["model"] == "social_action" and data["power_structure_role"] == "target"
    )
    assert data["scores"] == {
        "locality_development": 0.0,
        "social_planning": 0.0,
        "social_action": 1.0,
    }


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ("assess", "--goal", "win"),
            ["'win'", "capacity, solve_task, shift_power, concessions, unsure"],
        ),
        (("assess", "--budget", "x"), ["--budget"]),
        (("assess", "--lang", "fr"), ["'fr'", "en, id"]),
        (("case", "atlantis"), ["'atlantis'"]),
        (("check-cases", "/no/such/file.yaml"), ["/no/such/file.yaml"]),
        (("frobnicate",), ["frobnicate", "table"]),
        (("table", "--lang", "xx"), ["'xx'"]),
        (("case", "atlantis", "--answer", "x"), ["--answer", "'x'", "social_planning"]),
        (("case", "atlantis", "--answer", "social_action"), ["ID", "'atlantis'"]),
        (("assess", "--powerholders", "x"), ["--powerholders", "Did you mean --power-holders?"]),
        (("assess", "--goal", "capacty"), ["--goal", "'capacty'", "Did you mean capacity?"]),
        (("chek-cases", "x"), ["'chek-cases'", "Did you mean check-cases?"]),
        (("--lang", "xx", "cases"), ["--lang", "'xx'", "en, id"]),
        (("present", "--port", "eighty"), ["--port", "'eighty'"]),
    ],
)
def test_bad_input_exit_2_with_a_message_and_no_traceback(argv, words):
    code, out, err = run(*argv)
    assert code == 2
    assert "Traceback" not in err
    for word in words:
        assert word in err


def test_bad_input_message_in_indonesian():
    code, _, err = run("assess", "--goal", "win", "--lang", "id")
    assert code == 2 and "argumen --goal: 'win' tidak valid; pilih salah satu: capacity" in err
    assert err.startswith("penggunaan: rothman assess") and "galat" in err


def test_table_both_languages():
    code, out, _ = run("table")
    assert code == 0 and out.startswith("1. ") and "12. " in out
    code, out, _ = run("table", "--lang", "id")
    assert code == 0 and "Aksi Sosial" in out and "Pengembangan Masyarakat Lokal" in out


def test_table_csv_has_twelve_rows():
    code, out, _ = run("table", "--csv")
    import csv

    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and len(rows) == 13 and len(rows[0]) == 4


def test_cases_and_case():
    code, out, _ = run("cases", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) >= 12
    first = items[0]
    code, out, _ = run("case", first["id"], "--lang", "id")
    assert code == 0 and "Sumber:" in out
    code, out, _ = run(
        "case", first["id"], "--answer", first["expected"][0], "--role", first["role"]
    )
    assert code == 0 and "Right" in out


def test_check_cases_on_the_shipped_folder_and_a_disagreeing_file(tmp_path):
    from rothman.core.data import data_dir

    code, out, _ = run("check-cases", str(data_dir() / "cases"))
    assert code == 0 and "0 problems" in out
    bad = tmp_path / "c.yaml"
    bad.write_text(
        "id: c\ntitle: {en: t, id: t}\nstory: {en: s, id: s}\n"
        "answers: {problem: injustice, goal: shift_power, interests: opposed,"
        " power_holders: opponents, constituency: oppressed_segment, residents: victims}\n"
        "expected: {model: locality_development, role: collaborators}\nsource: Illustrative.\n"
    )
    code, out, _ = run("check-cases", str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:5: Case 'c': the answers point to Social Action, but the file expects "
        "Locality Development.",
        f"{bad}:5: Case 'c': the answers make the power structure Target of action, but the "
        "file expects Collaborators.",
        "1 case(s) read; 2 problem(s) found: fix them and run check-cases again.",
    ]


def test_hostile_case_file_via_cli(tmp_path):
    bad = tmp_path / "evil.yaml"
    bad.write_text("!!python/object/apply:os.system ['echo hi']\n")
    code, out, err = run("check-cases", str(bad))
    assert code == 1 and f"{bad}:1: The tag !!python/object/apply:os.system" in out
    assert "Traceback" not in err + out


def test_python_dash_m_and_console_script_exit_codes():
    done = subprocess.run(
        [sys.executable, "-m", "rothman", "assess", "--goal", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and "'nope'" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "rothman", *ISSUE], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith("Social Action (C)")


def test_help_in_indonesian(capsys):
    with pytest.raises(SystemExit):
        main(["assess", "--help", "--lang", "id"])
    printed = capsys.readouterr().out
    assert "Apa masalah utama komunitas" in printed and "bahasa keluaran" in printed


def test_table_edition_and_case_sources_in_the_readers_language():
    code, out, _ = run("table", "--edition", "1995", "--lang", "id")
    assert code == 0 and "12. Penggunaan pemberdayaan †" in out and "1995/2001" in out
    code, out, err = run("table", "--edition", "1980")
    assert code == 2 and "1970, 1995" in err and "Traceback" not in err
    code, out, _ = run("cases", "--json", "--lang", "id")
    love = next(c for c in json.loads(out) if c["id"] == "love_canal")
    assert love["basis"] == "retold" and love["source"].startswith("iom_1995:17")
    assert love["source_text"].startswith("Diceritakan ulang dari Institute of Medicine (1995)")


def test_references_in_each_language():
    code, out, _ = run("references", "--lang", "id")
    out = " ".join(out.split())
    assert code == 0 and "Hermawati, I. (2007). Kerangka pemikiran" in out
    assert "Sosio Informa, 8(2)." in out and "belum dicek" in out
    code, out, _ = run("references", "--json")
    rows = json.loads(out)
    assert code == 0 and {"key", "citation", "reference", "to_check"} == set(rows[0])
    assert any(r["key"] == "rothman_2007" and r["to_check"] == "" for r in rows)


def test_assess_takes_several_levels_and_echoes_them_as_lists():
    code, out, _ = run("assess", "--goal", "capacity,solve_task", "--json")
    data = json.loads(out)
    assert code == 0 and data["answers"] == {"goal": ["capacity", "solve_task"]}
    assert data["scores"] == {
        "locality_development": 0.5,
        "social_planning": 0.5,
        "social_action": 0.0,
    }
    assert data["mix"] == ["locality_development", "social_planning"] and data["tied"]
    code, out, _ = run("assess", "--lang", "id", "--goal", "capacity, solve_task")
    assert code == 0 and out.startswith("Seri antara Pengembangan Masyarakat Lokal")


def test_assess_shows_tensions_in_words():
    code, out, _ = run(
        "assess", "--problem", "injustice", "--goal", "shift_power", "--power-holders", "partners"
    )
    assert code == 0 and "Tensions:" in out and "  ! You describe power holders as partners" in out
    data = json.loads(
        run(
            "assess", "--problem", "injustice", "--goal", "shift_power",
            "--power-holders", "partners", "--json",
        )[1]
    )  # fmt: skip
    assert [t["level"] for t in data["tensions"]] == ["partners"]
    assert data["described_role"] == "collaborators" and data["power_structure_role"] == "target"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("capacty,solve_task", ["--goal", "capacty", "capacity"]),
        ("capacity,capacity", ["--goal", "capacity", "more than once"]),
        ("capacity,unsure", ["--goal", "unsure"]),
        ("capacity,solve_task,shift_power,capacity", ["--goal"]),
    ],
)
def test_assess_bad_level_lists_exit_2_naming_the_flag(value, words):
    proc = subprocess.run(
        [sys.executable, "-m", "rothman", "assess", "--goal", value],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr
