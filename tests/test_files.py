"""Every ``-o`` file: created exclusively, a symbolic link refused, ``--force`` atomic."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from rothman.cli import main
from rothman.core.files import OutputExistsError, write_new_file


def test_a_new_file_is_written_and_an_existing_one_refused(tmp_path):
    path = write_new_file(tmp_path / "a.html", "one")
    assert path.read_text(encoding="utf-8") == "one"
    with pytest.raises(OutputExistsError) as info:
        write_new_file(tmp_path / "a.html", "two")
    assert "a.html already exists" in str(info.value) and "--force" in str(info.value)
    assert "sudah ada" in info.value.message("id")
    assert path.read_text(encoding="utf-8") == "one"


def test_force_replaces_by_renaming_a_whole_new_file(tmp_path):
    path = write_new_file(tmp_path / "a.html", "one")
    before = os.stat(path).st_ino
    write_new_file(path, "two", force=True)
    assert path.read_text(encoding="utf-8") == "two"
    assert os.stat(path).st_ino != before  # a new file renamed over the old one, not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]  # no temporary file left


@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_at_the_path_is_refused_not_followed(tmp_path, force):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.html"
    link.symlink_to(target)
    with pytest.raises(OutputExistsError):
        write_new_file(link, "<html>", force=force)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()


def test_a_dangling_link_is_refused_too(tmp_path):
    link = tmp_path / "out.html"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(OutputExistsError):
        write_new_file(link, "<html>")
    assert not (tmp_path / "nowhere.txt").exists()


def test_a_folder_at_the_path_is_refused_even_with_force(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(OutputExistsError):
        write_new_file(tmp_path / "out", "x", force=True)


def test_a_missing_folder_names_the_file(tmp_path):
    with pytest.raises(Exception) as info:
        write_new_file(tmp_path / "missing" / "a.html", "x")
    assert "missing/a.html" in str(info.value) and not isinstance(info.value, OutputExistsError)


def _race(path: str) -> str:
    try:
        write_new_file(path, str(os.getpid()))
        return "written"
    except OutputExistsError:
        return "refused"


def test_of_writers_racing_for_one_name_exactly_one_wins(tmp_path):
    path = str(tmp_path / "a.html")
    with ProcessPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_race, [path] * 16))
    assert results.count("written") == 1 and results.count("refused") == 15


def test_the_command_line_refuses_a_link_at_o_with_exit_2(tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "handout.html"
    link.symlink_to(target)
    assert main(["handout", "-o", str(link), "--force"]) == 2
    err = capsys.readouterr().err
    assert "handout.html already exists" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_the_report_summary_refuses_a_link_at_csv(tmp_path):
    target = tmp_path / "precious.csv"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "class.csv"
    link.symlink_to(target)
    (tmp_path / "reports").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "rothman", "--lang", "id", "report", "--summary",
         str(tmp_path / "reports"), "--csv", str(link), "--force"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "class.csv sudah ada" in done.stderr and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
