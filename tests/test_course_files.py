"""Where the course's notebooks come from when the package is installed (no checkout)."""

import shutil
from pathlib import Path

import pytest

from rothman.core import course_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The package as a wheel installs it: its notebooks in rothman/notebooks, no checkout."""
    packaged = tmp_path / "site" / "rothman" / "notebooks"
    for name in ("en", "id", "present", "my_cases"):
        shutil.copytree(ROOT / "notebooks" / name, packaged / name)
    monkeypatch.setattr(course_files, "checkout_notebooks", lambda: None)
    monkeypatch.setattr(course_files, "packaged_notebooks", lambda: packaged)
    return packaged


def test_the_copy_has_the_own_cases_example_where_notebooks_5_and_8_read_it(installed, tmp_path):
    where = tmp_path / "student"
    target, copied = course_files.lab_root(where)
    assert copied and target == where / "rothman-course" / "notebooks"
    # CaseQuiz(cases="../my_cases") and check-cases ../my_cases, from en/ or id/
    example = (target / "en" / "../my_cases" / "ojol_drivers.yaml").resolve()
    assert example.read_bytes() == (ROOT / "notebooks/my_cases/ojol_drivers.yaml").read_bytes()
    assert not (target / "present").exists()  # presentation mode serves the package's own


def test_an_older_copy_gets_the_example_and_keeps_the_students_work(installed, tmp_path):
    target, _ = course_files.lab_root(tmp_path)
    shutil.rmtree(target / "my_cases")  # copied by a version that did not ship it
    notebook = target / "en" / "01_start_here.ipynb"
    notebook.write_text("the student's own", encoding="utf-8")
    again, copied = course_files.lab_root(tmp_path)
    assert again == target and not copied
    assert (target / "my_cases" / "ojol_drivers.yaml").is_file()
    assert notebook.read_text(encoding="utf-8") == "the student's own"
    (target / "my_cases" / "ojol_drivers.yaml").write_text("edited", encoding="utf-8")
    course_files.lab_root(tmp_path)
    assert (target / "my_cases" / "ojol_drivers.yaml").read_text(encoding="utf-8") == "edited"
