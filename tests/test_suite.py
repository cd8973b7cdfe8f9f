"""The test run itself: CI tells "no tests collected" from a pass, and a run fails when a test
leaves a process running (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# .ci/run as CI runs it, minus the set-up that `make test` does first (this run did it)
CI_RUN = [str(ROOT / ".ci" / "run"), "-o", ".venv/.installed", "-o", "chromium", "-o", "lint"]


def ci_run(pytest_args: str, *make_args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CI_RUN, f"BIN={BIN}", f"PYTEST_ARGS={pytest_args} -p no:cacheprovider", *make_args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        # as CI starts it, not as a make inside this run's make (which passes its variables on)
        env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")},
    )


def test_ci_fails_when_pytest_collects_no_tests():
    done = ci_run("tests/test_i18n.py -k no_test_has_this_name", "WORKERS=0")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "pytest collected no tests" in done.stderr, done.stderr
    assert "its exit code 5" in done.stderr  # said by make test too


def test_ci_passes_a_passing_selection():
    done = ci_run("tests/test_i18n.py", "WORKERS=0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "collected no tests" not in done.stderr


LEAKY_TEST = """
import subprocess

def test_leaves_a_sleep_behind():
    subprocess.Popen(["sleep", "300"])
"""

CLEAN_TEST = """
import subprocess

def test_waits_for_what_it_starts():
    subprocess.run(["sleep", "0.1"], check=True)
"""


def run_pytest(folder: Path, test: str, mark: str, workers: int) -> subprocess.CompletedProcess:
    """pytest on one test file in ``folder``, with this project's conftest hooks."""
    (folder / "conftest.py").write_text(
        textwrap.dedent(
            f"""
            import importlib.util

            spec = importlib.util.spec_from_file_location(
                "project_conftest", {str(ROOT / "tests" / "conftest.py")!r}
            )
            project = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(project)
            project.LEFT_GRACE = 2
            globals().update(
                (name, value) for name, value in vars(project).items() if name.startswith("pytest_")
            )
            """
        ),
        encoding="utf-8",
    )
    (folder / "test_it.py").write_text(test, encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    xdist = ["-n", str(workers)] if workers else ["-p", "no:xdist"]
    return subprocess.run(
        # without nbval: these runs hold no notebook (and its import takes a second)
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:nbval",
            *xdist,
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
        env={**os.environ, "LEAK_TEST": mark},
    )


def marked(mark: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("LEAK_TEST") == mark and proc.pid != os.getpid():
                found.append(proc)
        except psutil.Error:
            continue
    return found


def test_a_process_left_running_fails_the_run_and_is_named(tmp_path):
    mark = uuid.uuid4().hex
    try:
        # on an xdist worker, as in make test: found after the workers have ended
        done = run_pytest(tmp_path, LEAKY_TEST, mark, workers=1)
        output = done.stdout + done.stderr
        assert done.returncode == 1, output
        assert "1 passed" in output  # the test passed: the run fails for the process alone
        assert "processes the tests left running" in output
        assert "sleep 300" in output
        assert marked(mark) == [], "the check ends what it names"
    finally:
        for proc in marked(mark):
            proc.kill()


def test_a_run_that_stops_what_it_starts_passes(tmp_path):
    # the workers themselves, ending at the end of the run, do not count as left running
    done = run_pytest(tmp_path, CLEAN_TEST, uuid.uuid4().hex, workers=1)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "left running" not in output


def test_test_pages_reach_this_computer_only():
    """The pattern the browser tests and benchmarks route to an abort: every address but this
    computer's, ``data:`` and ``blob:``; ``file:`` only where a test allows it."""
    sys.path.insert(0, str(ROOT / "tools"))
    from harness import outside

    here = [
        "http://127.0.0.1:8888/lab?token=x",
        "http://127.0.0.1/",
        "ws://127.0.0.1:9000/api/kernels/1/channels",
        "http://localhost:8866/voila/render/class.ipynb",
        "data:image/png;base64,AAAA",
        "blob:http://127.0.0.1:8888/0b1c",
    ]
    away = [
        "https://cdn.jsdelivr.net/npm/font-awesome.css",
        "http://127.0.0.1.example.com/x.js",
        "http://localhost.evil.test/",
        "http://10.0.0.1:8888/lab",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ]
    for url in here:
        assert not outside().match(url), url
    for url in away:
        assert outside().match(url), url
    assert not outside(allow_files=True).match("file:///tmp/handout.html")
    assert outside(allow_files=True).match("https://example.com/")


def test_waiting_for_a_server_that_exits_says_so_with_its_log(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    from harness import ServerStartError, free_port, wait_for_answer

    log = tmp_path / "server.log"
    log.write_text("port already taken\n")
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    with pytest.raises(ServerStartError, match="exited before it answered") as info:
        wait_for_answer(f"http://127.0.0.1:{free_port()}/api/status", proc, 30, log)
    assert "port already taken" in str(info.value)
