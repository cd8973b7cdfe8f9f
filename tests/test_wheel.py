"""The built wheel, installed with its ``lab`` extra into a fresh virtual environment outside
the checkout, carries the data and the course: ``rothman table``, ``rothman lab`` and
``rothman present`` (plain and ``--class``) work from any folder."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from harness import free_port, stop, wait_for_answer  # noqa: E402

# network: the fresh environment installs the wheel's dependencies from the package index;
# one worker builds that environment once for all the tests of this file
pytestmark = [pytest.mark.network, pytest.mark.xdist_group("wheel")]

START = 120  # seconds for a server to come up in the fresh environment on a loaded machine


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    # a copy without the checkout's virtual environment or caches, as a fresh clone would be
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "__pycache__",
            "*.egg-info",
            "test-artifacts",
            ".pytest_cache",
            ".ruff_cache",
            ".hypothesis",
            "build",
            "dist",
        ),
    )
    env_dir = base / "env"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    # uv, as `make` sets up the checkout: pip took about 10 s of processor time here for what
    # uv does in one
    uv = [sys.executable, "-m", "uv"]
    built = subprocess.run(
        [*uv, "build", "--quiet", "--wheel", "--out-dir", str(base / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((base / "dist").glob("rothman-*.whl"))
    done = subprocess.run(
        [
            *uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(env_dir / "bin" / "python"),
            f"rothman[lab] @ {wheel.as_uri()}",
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.rmtree(source)  # the installed package must not lean on the source tree
    return env_dir


class Server:
    """A command of the installed package, started in ``cwd``; its output read as it comes."""

    def __init__(self, argv, cwd, env=None):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = START) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output)
            if found:
                return found
            assert self.proc.poll() is None, f"exited early:\n{self.output}"
            time.sleep(0.3)
        raise AssertionError(f"no {pattern!r} within {timeout} s:\n{self.output}")


def get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:  # noqa: S310 - loopback
            return reply.status, reply.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_table_from_another_folder_in_indonesian(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "rothman"), "table", "--lang", "id"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Pengembangan Masyarakat Lokal" in done.stdout and "12. " in done.stdout


def test_the_wheel_holds_every_data_file(installed, tmp_path):
    code = (
        "import rothman, rothman.core.data as d; p = d.data_dir(); "
        "print(p); print(len(rothman.cases())); print(sorted(x.name for x in p.iterdir()))"
    )
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
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
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2 and "'oops'" in done.stderr and "Traceback" not in done.stderr
    assert sys.executable not in done.stderr


def test_lab_from_another_folder_copies_the_course(installed, tmp_path):
    port = free_port()
    server = Server(
        [str(installed / "bin" / "rothman"), "lab", "--port", str(port), "--lang", "id"],
        cwd=tmp_path,
        env={
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
            "BROWSER": "true",
            "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        },
    )
    try:
        token = server.wait_for(rf"127\.0\.0\.1:{port}/lab\S*\?token=([0-9a-f]+)").group(1)
        wait_for_answer(f"http://127.0.0.1:{port}/api/status", server.proc, START)
        course = tmp_path / "rothman-course"
        assert str(course) in server.output  # it says where the copy is
        status, body = get(f"http://127.0.0.1:{port}/api/contents/id", token)
        assert status == 200
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"01_mulai_di_sini.ipynb", "03_penjelajah_model.ipynb"} <= names
        shipped = sorted(p.name for p in (ROOT / "notebooks" / "en").glob("*.ipynb"))
        assert sorted(p.name for p in (course / "notebooks" / "en").glob("*.ipynb")) == shipped
        # the lecturer's guide checks the cases at ../../data/cases, relative to its folder
        assert (course / "notebooks" / "en" / "../../data/cases").resolve().is_dir()
        assert any((course / "data" / "cases").glob("*.yaml"))
        # the example of own cases, where notebooks 5 and 8 read it (../my_cases)
        example = course / "notebooks" / "my_cases" / "ojol_drivers.yaml"
        assert example.read_bytes() == (ROOT / "notebooks/my_cases/ojol_drivers.yaml").read_bytes()
        checked = subprocess.run(
            [str(installed / "bin" / "rothman"), "check-cases", "../my_cases", "--lang", "id"],
            capture_output=True, text=True, timeout=120, cwd=course / "notebooks" / "id",
        )  # fmt: skip
        assert checked.returncode == 0 and "usage" not in checked.stderr, checked.stderr
        status, _ = get(f"http://127.0.0.1:{port}/api/contents/id")
        assert status == 403, "without the token the server must refuse"
    finally:
        stop(server.proc)
    # a student's change survives the next start: the copy is never overwritten
    notebook = tmp_path / "rothman-course" / "notebooks" / "en" / "01_start_here.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("Rothman", "Rothman!", 1))
    again = Server(
        [str(installed / "bin" / "rothman"), "lab", "--port", str(free_port())],
        cwd=tmp_path,
        env={
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
            "BROWSER": "true",
            "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        },
    )
    try:
        again.wait_for(r"\?token=[0-9a-f]+")
        assert "Rothman!" in notebook.read_text(encoding="utf-8")
    finally:
        stop(again.proc)


@pytest.mark.parametrize("mode", ["plain", "class"])
def test_present_from_another_folder(installed, tmp_path, mode):
    port = free_port()
    argv = [str(installed / "bin" / "rothman"), "present", "--port", str(port)]
    if mode == "class":
        argv += ["--class", "1"]
    server = Server(argv, cwd=tmp_path)
    try:
        found = server.wait_for(
            r"(http://127\.0\.0\.1:\d+/voila/render/(?:explorer|class)\.ipynb\?token=\S+)"
        )
        if mode == "class":
            server.wait_for(r"Ready after")
        status, page = get(found.group(1))
        assert status == 200
        # the view ran in its kernel: its style sheet and its widget are in the page
        assert "rothman-present" in page and "application/vnd.jupyter.widget-view+json" in page
        assert "Traceback" not in page and "show_presentation" not in page
        assert not (tmp_path / "rothman-course").exists()  # Voilà serves the package's copy
    finally:
        stop(server.proc, signal.SIGINT)
    assert server.proc.returncode == 0, server.output
