"""The command line's manners, through real subprocesses: the language flag, argparse in
Indonesian, suggestions for typos, own cases, check-cases on hostile folders, a port race."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from rothman.core.i18n import string_keys, text
from rothman.core.yaml_lines import Problem

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rothman"
MY_CASES = ROOT / "notebooks" / "my_cases"
GOOD = (MY_CASES / "ojol_drivers.yaml").read_text(encoding="utf-8")


def rothman(*argv, env=None, prefix=(), **kwargs):
    return subprocess.run(
        [*prefix, sys.executable, "-m", "rothman", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def english_messages() -> set[str]:
    """Every English message text of the strings files, without its placeholders."""
    out = set()
    for key in string_keys():
        for piece in re.split(r"\{[a-z_]+\}|%\(?\w*\)?[sr]", _raw(key)):
            if len(piece.split()) >= 3:
                out.add(piece.strip())
    return out


def _raw(key: str) -> str:
    from rothman.core.i18n import _strings

    return _strings()[key]["en"]


def test_top_level_lang_works_for_every_command_and_bad_values_exit_2():
    done = rothman("--lang", "id", "cases")
    assert done.returncode == 0 and "Memeriksa air sumur" in done.stdout
    done = rothman("--lang", "id", "assess", "--goal", "capacity")
    assert done.returncode == 0 and "Alasan" in done.stdout
    done = rothman("--lang", "xx", "cases")
    assert done.returncode == 2 and "--lang" in done.stderr and "'xx'" in done.stderr
    assert "Traceback" not in done.stderr
    done = rothman("cases", env={"ROTHMAN_LANG": "id"})
    assert done.returncode == 0 and "Memeriksa air sumur" in done.stdout


def test_argparse_speaks_indonesian():
    done = rothman("--lang", "id", "assess", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("penggunaan: ") and "opsi:" in done.stdout
    assert "usage:" not in done.stdout and "options:" not in done.stdout
    assert "show this help message" not in done.stdout
    done = rothman("--lang", "id", "assess", "--problm", "x")
    assert done.returncode == 2
    assert "argumen tidak dikenal: --problm x" in done.stderr
    assert "Mungkin maksud Anda --problem?" in done.stderr
    assert "unrecognized" not in done.stderr and "error" not in done.stderr
    done = rothman("--lang", "id", "case")
    assert done.returncode == 2 and "argumen berikut wajib diisi: ID" in done.stderr
    done = rothman("--lang", "id", "tabel")
    assert done.returncode == 2 and "Mungkin maksud Anda table?" in done.stderr


def test_errors_name_the_flag_typed_and_the_nearest_value():
    done = rothman("assess", "--power-holders", "oponents")
    assert done.returncode == 2 and "argument --power-holders: 'oponents' is not valid" in (
        done.stderr
    )
    assert "Did you mean opponents?" in done.stderr and "power_holders" not in done.stderr
    done = rothman("case", "love_canl")
    assert done.returncode == 2 and "argument ID: 'love_canl'" in done.stderr
    assert "Did you mean love_canal?" in done.stderr


def test_own_cases_beside_the_built_in_ones_and_a_bad_file_named_and_skipped(tmp_path):
    (tmp_path / "ojol.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: x\ntitle: [\n", encoding="utf-8")
    done = rothman("cases", "--cases", str(tmp_path))
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1].startswith("ojol_drivers")
    assert done.stdout.splitlines()[-1].endswith("App drivers and the fare cut (lecturer's case)")
    assert f"{tmp_path / 'broken.yaml'}:3: " in done.stderr and "skipped" in done.stderr
    done = rothman(
        "case",
        "ojol_drivers",
        "--cases",
        str(tmp_path),
        "--answer",
        "social_action",
        "--role",
        "target",
        "--lang",
        "id",
    )
    assert done.returncode == 0 and "Pengemudi ojek daring" in done.stdout
    out = tmp_path / "h.html"
    done = rothman("handout", "--case", "ojol_drivers", "--cases", str(tmp_path), "-o", str(out))
    assert done.returncode == 0 and "App drivers and the fare cut" in out.read_text("utf-8")
    done = rothman("case", "ojol_drivers")
    assert done.returncode == 2 and "'ojol_drivers'" in done.stderr


def _hostile_folder(root: Path) -> dict[str, str]:
    """A folder of case files with one kind of problem each; name -> expected words."""
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "deep.yaml": ("x: " + "[" * 400 + "]" * 400 + "\n", "nested more than"),
        "dup.yaml": (GOOD + "id: again\n", "written twice"),
        "yes.yaml": (GOOD.replace("basis: illustrative", "illustrative: yes"), "true or false"),
        "no_text.yaml": (
            GOOD.replace("basis: illustrative", 'illustrative: "no"'),
            "true or false",
        ),
        "phases.yaml": (GOOD + "phases: 5\n", "must be a list"),
        "empty.yaml": ("", "empty"),
        "list.yaml": ("[]\n", "empty list"),
        "types.yaml": (GOOD.replace("id: ojol_drivers", "id: 12"), "The id '12'"),
    }
    for name, (content, _) in files.items():
        (root / name).write_text(content, encoding="utf-8")
    return {name: words for name, (_, words) in files.items()}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_check_cases_reports_every_problem_of_every_file_in_one_language(tmp_path, lang):
    expected = _hostile_folder(tmp_path / "cases")
    long_name = tmp_path / "cases" / ("x" * 300 + ".yaml")
    done = rothman("--lang", lang, "check-cases", str(long_name))
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert text("file_name_too_long", lang) in done.stdout
    done = rothman("--lang", lang, "check-cases", str(tmp_path / "cases"))
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    lines = done.stdout.splitlines()
    for name in expected:
        assert any(
            re.match(rf"{re.escape(str(tmp_path / 'cases' / name))}:\d+: ", ln) for ln in lines
        ), name
    if lang == "en":
        for name, words in expected.items():
            assert any(name in ln and words in ln for ln in lines), (name, words)
    else:
        leaked = [piece for piece in english_messages() if piece in done.stdout]
        assert not leaked, leaked
    count = len(lines) - 1
    assert lines[-1] == text("cli_check_problems", lang, count=0, problems=count)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_check_cases_warns_of_a_word_that_gives_the_model_away_without_failing(tmp_path, lang):
    path = tmp_path / "hinted.yaml"
    path.write_text(GOOD.replace("They form an association", "They form an action committee"))
    done = rothman("--lang", lang, "check-cases", str(path))
    assert done.returncode == 0 and not done.stderr
    said = {
        "en": "Case 'ojol_drivers': 'action' in 'story.en' points to Social Action, and students"
        " read it before they answer; use another word and let the story decide. (warning)",
        "id": "Kasus 'ojol_drivers': 'action' dalam 'story.en' mengarah ke Aksi Sosial, padahal"
        " mahasiswa membacanya sebelum menjawab; pakailah kata lain dan biarkan ceritanya yang"
        " menentukan. (peringatan)",
    }
    assert done.stdout.splitlines() == [
        f"{path}:13: {said[lang]}",
        text("cli_check_warnings", lang, warnings=1),
        text("cli_check_ok", lang, count=1, problems=0),
    ]
    if lang == "id":
        leaked = [piece for piece in english_messages() if piece in done.stdout]
        assert not leaked, leaked


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="permissions need POSIX")
def test_check_cases_on_unreadable_files_and_folders():
    root = Path(tempfile.mkdtemp())
    try:
        os.chmod(root, 0o755)
        (root / "open.yaml").write_text(GOOD, encoding="utf-8")
        (root / "closed.yaml").write_text(GOOD.replace("ojol_drivers", "other"), encoding="utf-8")
        os.chmod(root / "open.yaml", 0o644)
        os.chmod(root / "closed.yaml", 0o000)
        shut = root / "shut"
        shut.mkdir()
        os.chmod(shut, 0o000)
        # root reads anything: without its power to override permissions, they are real
        as_user = {}
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv")
            drop = "-dac_override,-dac_read_search"
            as_user = {"prefix": (setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}", "--")}
        done = rothman("check-cases", str(root), cwd="/", **as_user)
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
        assert f"{root / 'closed.yaml'}: This cannot be read: you have no permission" in done.stdout
        done = rothman("--lang", "id", "check-cases", str(shut), cwd="/", **as_user)
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
        assert f"{shut}: Tidak dapat dibaca: Anda tidak punya izin" in done.stdout
    finally:
        for path in (root / "closed.yaml", root / "shut"):
            os.chmod(path, 0o700)
        (root / "shut").rmdir()
        for path in root.iterdir():
            path.unlink()
        root.rmdir()


def test_problem_located_without_a_line():
    assert Problem("a.yaml", None, "file_empty").located("id") == "a.yaml: Berkas ini kosong."


def _start_present(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "rothman", "present", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def test_the_loser_of_a_port_race_fails_before_printing_any_link():
    pytest.importorskip("voila")
    from tools.harness import free_port

    port = free_port()
    first, second = _start_present(port), _start_present(port)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and first.poll() is None and second.poll() is None:
            time.sleep(0.2)
        loser = first if first.poll() is not None else second
        winner = second if loser is first else first
        out, err = loser.communicate(timeout=30)
        assert loser.returncode == 2, (out, err)
        assert "token=" not in out and "http" not in out
        assert text("cli_port_busy", "en", port=port) in err
        assert winner.poll() is None
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            proc.stdout.close()
            proc.stderr.close()
