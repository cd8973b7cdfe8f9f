"""`pip install .` into a fresh virtual environment carries the data inside the wheel."""

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    # a copy without the checkout's virtual environment or caches, as a fresh clone would be
    shutil.copytree(
        ROOT, source,
        ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "test-artifacts",
                                      ".pytest_cache", ".ruff_cache", ".hypothesis", "build", "dist"),
    )
    env_dir = base / "env"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    pip = env_dir / "bin" / "pip"
    done = subprocess.run(
        [str(pip), "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.rmtree(source)  # the installed package must not lean on the source tree
    return env_dir


def test_table_from_another_folder_in_indonesian(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "rothman"), "table", "--lang", "id"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Pengembangan Masyarakat Lokal" in done.stdout and "12. " in done.stdout


def test_the_wheel_holds_every_data_file(installed, tmp_path):
    code = (
        "import rothman, rothman._data as d; p = d.data_dir(); "
        "print(p); print(len(rothman.cases())); print(sorted(x.name for x in p.iterdir()))"
    )
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    folder, count, names = done.stdout.splitlines()
    assert "site-packages/rothman/data" in folder
    assert int(count) >= 12
    shipped = sorted(p.name for p in (ROOT / "data").iterdir())
    assert names == str(shipped)


def test_python_dash_m_in_the_fresh_environment(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "rothman", "assess", "--goal", "oops"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 2 and "'oops'" in done.stderr and "Traceback" not in done.stderr
    assert sys.executable not in done.stderr
