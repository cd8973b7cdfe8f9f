"""The JupyterHub route of docs/classroom.md, for real, on this machine.

A local JupyterHub (DummyAuthenticator, SimpleLocalProcessSpawner, everything on 127.0.0.1)
with its proxy, configurable-http-proxy, installed from npm into a cache folder by this test.
A student logs in, opens an nbgitpuller link to the course, which clones a git repository of
this checkout (served as file://, no network) into their home folder and opens the explorer
notebook in JupyterLab; they run it and use the explorer. What this does not cover: TLJH's
installer, real system users, HTTPS and a memory limit (see docs/classroom.md).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from harness import free_port, stop, write_settings

from rothman import assess, text, variable
from rothman.classroom.server import end_processes
from rothman.render.plots import fit_summary

# network: the proxy comes from npm on the first run (then from the cache)
pytestmark = [pytest.mark.browser, pytest.mark.network]

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rothman-tests"
REPO_NAME = "course"
BIN = Path(sys.executable).parent
STUDENT = "student1"


def proxy_command() -> list[str]:
    """configurable-http-proxy from npm, installed into the cache on first use."""
    prefix = CACHE / "chp"
    command = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if not command.exists():
        if shutil.which("npm") is None:
            pytest.fail("npm is missing: install Node.js (apt-get install -y nodejs npm)")
        prefix.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                str(prefix),
                "configurable-http-proxy@4",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    return [str(command)]


def course_repository(work: Path) -> Path:
    """A bare git repository of this checkout's files as they are now (a copy, committed)."""
    tree = work / "tree"
    shutil.copytree(
        ROOT,
        tree,
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
            ".ipynb_checkpoints",
        ),
    )
    git = [
        "git",
        "-c",
        "user.name=Lecturer",
        "-c",
        "user.email=lecturer@example.org",
        "-c",
        "init.defaultBranch=main",
    ]
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The course"]):
        subprocess.run([*git, *argv], cwd=tree, check=True, capture_output=True, timeout=120)
    # nbgitpuller names the student's folder after the last part of the URL, ".git" included
    bare = work / "remote" / REPO_NAME
    subprocess.run(
        [*git, "clone", "-q", "--bare", str(tree), str(bare)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.rmtree(tree)
    return bare


@dataclass(frozen=True)
class Hub:
    url: str  # ends with "/"
    homes: Path
    repo: Path


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[Hub]:
    if shutil.which("git") is None:
        pytest.fail("git is missing: nbgitpuller needs it (apt-get install -y git)")
    work = tmp_path_factory.mktemp("hub")
    proxy = proxy_command()
    repo = course_repository(work)
    homes = work / "home"
    settings = work / "lab-settings"
    write_settings(settings)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    args = [f"--LabApp.user_settings_dir={settings}", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    config = work / "jupyterhub_config.py"
    # a config file is Python that JupyterHub runs: every value goes in through repr()
    config.write_text(
        "\n".join(
            [
                "c = get_config()  # noqa: F821",
                f"c.JupyterHub.ip = {'127.0.0.1'!r}",
                f"c.JupyterHub.port = {port}",
                f"c.JupyterHub.hub_ip = {'127.0.0.1'!r}",
                f"c.JupyterHub.hub_port = {hub_port}",
                f"c.ConfigurableHTTPProxy.api_url = {f'http://127.0.0.1:{api_port}'!r}",
                f"c.ConfigurableHTTPProxy.command = {proxy!r}",
                f"c.ConfigurableHTTPProxy.pid_file = {str(work / 'proxy.pid')!r}",
                f"c.JupyterHub.db_url = {'sqlite:///' + str(work / 'hub.sqlite')!r}",
                f"c.JupyterHub.cookie_secret_file = {str(work / 'cookie_secret')!r}",
                "c.JupyterHub.authenticator_class = 'dummy'",
                "c.Authenticator.allow_all = True",
                "c.JupyterHub.spawner_class = 'simple'",
                f"c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / '{username}')!r}",
                f"c.Spawner.cmd = {[str(BIN / 'jupyterhub-singleuser')]!r}",
                f"c.Spawner.args = {args!r}",
                "c.Spawner.ip = '127.0.0.1'",
                "c.Spawner.default_url = '/lab'",
                "c.Spawner.start_timeout = 180",
                "c.Spawner.http_timeout = 180",
                # the single-user server finds Python, git and the library as the hub does
                f"c.Spawner.environment = {{'PATH': {os.environ['PATH']!r}}}",
            ]
        ),
        encoding="utf-8",
    )
    log_path = work / "hub.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=work,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterHub exited early:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}hub/api/", timeout=2) as reply:  # noqa: S310
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not answer:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        yield Hub(url=url, homes=homes, repo=repo)
    finally:
        # the proxy, the students' single-user servers and their kernels: each spawner starts
        # its server in a session of its own, which outlives the hub if the hub does not stop
        # it in time; whatever is left after the hub has gone is ended here
        try:
            spawned = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            spawned = []
        # the students' servers first, with SIGTERM, which a Jupyter server answers by shutting
        # its kernels down at once; the hub would send SIGINT and wait up to its
        # interrupt_timeout for each (10 s, and 30 s in all on a loaded machine)
        end_processes([p for p in spawned if is_single_user_server(p)], timeout=10)
        stop(proc)
        end_processes(spawned, timeout=10)
        if proc.returncode not in (0, -15):
            print(log_path.read_text(errors="replace")[-4000:])


def is_single_user_server(proc: psutil.Process) -> bool:
    try:
        return any("jupyterhub-singleuser" in part for part in proc.cmdline())
    except psutil.Error:
        return False


def pull_link(hub: Hub, notebook: str) -> str:
    """An nbgitpuller link as its link generator makes it."""
    query = urllib.parse.urlencode(
        {
            "repo": hub.repo.as_uri(),
            "branch": "main",
            "urlpath": f"lab/tree/{REPO_NAME}/notebooks/{notebook}",
        }
    )
    return f"{hub.url}hub/user-redirect/git-pull?{query}"


def test_a_student_opens_the_course_link_and_runs_the_explorer(hub, student_pages, shoot):
    page, log = student_pages(1280, 900)
    page.set_default_timeout(180_000)
    page.goto(pull_link(hub, "en/03_model_explorer.ipynb"))
    # the hub asks who is there; the dummy authenticator takes any name
    page.fill("input#username_input", STUDENT)
    page.fill("input#password_input", secrets.token_hex(8))
    page.click("#login_submit")
    # spawn, pull, then JupyterLab with the notebook from the student's own clone
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=240_000)
    clone = hub.homes / STUDENT / REPO_NAME
    assert (clone / "notebooks" / "en" / "03_model_explorer.ipynb").is_file()
    assert (clone / ".git").is_dir(), "nbgitpuller made a git clone"
    assert f"/user/{STUDENT}/lab" in page.url
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('Idle')",
        timeout=180_000,
    )
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    root = page.locator(".rothman-explorer").first
    root.wait_for(timeout=180_000)
    answers = {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"}
    for key, level in answers.items():
        root.locator(f".rothman-var-{key} select").select_option(
            value=variable(key).level(level).label("en")
        )
    want = assess(answers, lang="en")
    page.wait_for_function(
        """([root, want]) => {
          const t = (sel) => root.querySelector(sel).innerText.replace(/\\s+/g, ' ').trim();
          return t('.rothman-headline') === want[0] && t('.rothman-summary') === want[1];
        }""",
        arg=[
            root.element_handle(),
            [" ".join(want.headline().split()), " ".join(fit_summary(want).split())],
        ],
        timeout=30_000,
    )
    assert text("explorer_role", "en") in root.inner_text()
    root.scroll_into_view_if_needed()
    shoot(page, "1-explorer-on-the-hub")
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body and "Traceback" not in body

    # clicking the link again pulls without touching the student's own changes
    notebook = clone / "notebooks" / "en" / "01_start_here.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("Rothman", "Rothman!", 1))
    page.goto(pull_link(hub, "en/01_start_here.ipynb"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=180_000)
    assert "Rothman!" in notebook.read_text(encoding="utf-8")
