"""The one start-up of ``present`` and ``present --class``, with real processes.

Both refuse a port held by another process with the same message and both take the same
per-user port lock; a server that does not listen in time exits with 1, not 2; SIGTERM to
the command leaves no Voilà or kernel process behind; the port lock of one user neither
blocks another user nor can be read or replaced by them; an OSError is one line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from rothman.classroom import server
from rothman.core.i18n import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from harness import free_port  # noqa: E402

SERVERS = {"present": ["present"], "present --class": ["present", "--class", "1"]}


def rothman(*argv: str, env: dict | None = None, timeout: float = 120):
    """``python -m rothman ARGV`` as a real process of this checkout."""
    return subprocess.run(
        [sys.executable, "-m", "rothman", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def voila_on(port: int) -> list[psutil.Process]:
    """Any Voilà process serving ``port``, wherever it runs."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        line = " ".join(proc.info["cmdline"] or [])
        if "voila" in line and f"--port={port}" in line:
            found.append(proc)
    return found


@pytest.fixture
def lock_home(tmp_path, monkeypatch):
    """This user's lock folder under a fresh cache folder, for this test and its servers."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "rothman" / "locks"


def holder(script: str, env: dict | None = None) -> subprocess.Popen:
    """Another process running ``script``; it prints "ready" once it holds what it holds."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env=env or dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


# --- the same start-up for both ---------------------------------------------------------------


@pytest.mark.parametrize("name", SERVERS)
def test_both_refuse_a_port_another_process_listens_on_with_the_same_message(name, lock_home):
    port = free_port()
    other = holder(
        "import socket, time\n"
        f"s = socket.socket(); s.bind(('127.0.0.1', {port})); s.listen()\n"
        "print('ready', flush=True); time.sleep(120)\n"
    )
    try:
        done = rothman(*SERVERS[name], "--port", str(port))
    finally:
        other.kill()
        other.wait()
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"rothman: {text('cli_port_busy', 'en', port=port)}\n"
    assert "token=" not in done.stdout and not voila_on(port)


@pytest.mark.parametrize("name", SERVERS)
def test_both_take_the_port_lock(name, lock_home):
    port = free_port()
    other = holder(
        "from rothman.classroom.server import PortLock\n"
        f"lock = PortLock({port}); assert lock.acquire()\n"
        "print('ready', flush=True); import time; time.sleep(120)\n"
    )
    try:
        assert (lock_home / f"port-{port}.lock").is_file()
        done = rothman(*SERVERS[name], "--port", str(port), "--lang", "id")
    finally:
        other.kill()
        other.wait()
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"rothman: {text('cli_port_busy', 'id', port=port)}\n"
    assert "token=" not in done.stdout and not voila_on(port)
    # the lock goes with its holder: the port is free to lock again
    again = server.PortLock(port)
    assert again.acquire()
    again.close()


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", SERVERS)
def test_a_server_that_does_not_listen_in_time_exits_1_and_is_stopped(name, lang, lock_home):
    port = free_port()
    done = rothman(*SERVERS[name], "--port", str(port), "--timeout", "0.01", "--lang", lang)
    assert done.returncode == 1, done.stderr
    want = text("cli_server_timeout", lang, port=port, seconds="0.01")
    assert done.stderr == f"rothman: {want}\n"
    assert "Traceback" not in done.stderr and "token=" not in done.stdout
    assert not voila_on(port), "the server that timed out was left running"


def test_a_bad_timeout_is_bad_input():
    done = rothman("present", "--timeout", "0")
    assert done.returncode == 2 and "'0'" in done.stderr


# --- stopping leaves nothing behind ---------------------------------------------------------


def kernels_under(pid: int) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if re.search(r"kernel-[0-9a-f-]{36}\.json", " ".join(child.cmdline())):
                found.append(child)
        except psutil.Error:
            pass
    return found


@pytest.mark.parametrize("name", SERVERS)
def test_sigterm_leaves_no_server_or_kernel_process(name, lock_home):
    pytest.importorskip("voila")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rothman", *SERVERS[name], "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 180
        while not any("token=" in line for line in lines):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        if name == "present":  # a page starts a kernel
            url = re.search(r"http://\S+explorer\.ipynb\S*", "".join(lines)).group(0)
            with urllib.request.urlopen(url, timeout=120) as page:
                assert page.status == 200
        # the class server's kernels are preheated: one per view
        want = 1 if name == "present" else 2
        while len(kernels_under(proc.pid)) < want:
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        started = psutil.Process(proc.pid).children(recursive=True)
        assert voila_on(port) and len(started) > want
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        _, alive = psutil.wait_procs(started, timeout=5)
        alive = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
        assert not alive, f"left running: {[p.cmdline() for p in alive]}"
        assert not voila_on(port)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        reader.join(timeout=5)


def test_stop_tree_ends_processes_that_ignore_sigterm_in_sessions_of_their_own():
    # a server that ignores SIGTERM, with a child in a session of its own (as Voilà starts
    # a kernel) that ignores it too
    script = (
        "import signal, subprocess, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import signal, time; "
        "signal.signal(signal.SIGTERM, signal.SIG_IGN); print(1, flush=True); time.sleep(300)'],"
        " start_new_session=True, stdout=subprocess.PIPE)\n"
        "child.stdout.readline(); print('ready', flush=True); time.sleep(300)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert proc.stdout.readline().strip() == "ready"
    children = psutil.Process(proc.pid).children(recursive=True)
    assert children
    started = time.monotonic()
    assert server.stop_tree(proc, grace=1) == []
    assert time.monotonic() - started < 15
    assert not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)
    proc.stdout.close()


# --- the port lock is per user ----------------------------------------------------------------


def test_the_lock_folder_is_private(lock_home, tmp_path, monkeypatch):
    assert server.lock_dir() == lock_home
    assert lock_home.stat().st_mode & 0o777 == 0o700
    lock = server.PortLock(9123)
    assert lock.acquire() and lock.path.parent == lock_home
    assert lock.path.stat().st_mode & 0o777 == 0o600
    assert not server.PortLock(9123).acquire(), "a second server of the same user got the lock"
    lock.close()
    # a runtime folder of the user's own is preferred; one open to others is not used
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert server.lock_dir() == runtime / "rothman"
    runtime.chmod(0o777)
    assert server.lock_dir() == lock_home


def test_a_lock_folder_open_to_others_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = tmp_path / "rothman" / "locks"
    made.mkdir(parents=True)
    made.chmod(0o777)  # as someone who made it first for others would leave it
    with pytest.raises(server.ServerError) as caught:
        server.lock_dir()
    assert caught.value.message("id") == text("cli_lock_dir_unsafe", "id", path=str(made))
    # through the command: exit 1, one line
    done = rothman("present", "--lang", "id", env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 1
    assert done.stderr == f"rothman: {text('cli_lock_dir_unsafe', 'id', path=str(made))}\n"


def test_another_users_lock_does_not_block_nor_can_be_read(lock_home, tmp_path):
    port = free_port()
    mine = server.PortLock(port)
    assert mine.acquire()
    try:
        # another user has another home: the same port's lock is theirs to take
        other_env = dict(
            os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path / "other"), XDG_CACHE_HOME=""
        )
        other_env.pop("XDG_RUNTIME_DIR", None)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from rothman.classroom.server import PortLock\n"
                f"lock = PortLock({port}); print(lock.acquire(), lock.path)\n",
            ],
            capture_output=True,
            text=True,
            env=other_env,
            timeout=60,
        )
        took, path = done.stdout.split()
        assert took == "True", done.stderr
        assert Path(path).parent == tmp_path / "other" / ".cache" / "rothman" / "locks"
    finally:
        mine.close()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_real_other_user_cannot_read_or_replace_the_lock(monkeypatch):
    # a folder every user can walk through, so that only the lock folder's own mode protects it
    base = Path(tempfile.mkdtemp(prefix="rothman-users-"))
    try:
        base.chmod(0o755)
        monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(base / "root-cache"))
        port = free_port()
        mine = server.PortLock(port)
        assert mine.acquire()
        nobody = base / "nobody"
        nobody.mkdir()
        os.chown(nobody, 65534, 65534)
        script = (
            "import fcntl, json, os, sys\n"
            "from rothman.classroom import server\n"  # imported while still root
            "os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
            f"first = {str(mine.path)!r}\n"
            f"lock = server.PortLock({port}); found = {{'took': lock.acquire()}}\n"
            "tries = {\n"
            "    'read': lambda: open(first, 'rb').read(),\n"
            "    'replace': lambda: os.replace(lock.path, first),\n"
            "    'remove': lambda: os.unlink(first),\n"
            "    'create': lambda: open(os.path.dirname(first) + '/port-1.lock', 'w'),\n"
            "}\n"
            "for name, act in tries.items():\n"
            "    try:\n"
            "        act(); found[name] = 'done'\n"
            "    except PermissionError:\n"
            "        found[name] = 'refused'\n"
            "print(json.dumps(found))\n"
        )
        env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(nobody))
        env.pop("XDG_CACHE_HOME")
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {
            "took": True,
            "read": "refused",
            "replace": "refused",
            "remove": "refused",
            "create": "refused",
        }
        assert mine.path.is_file()
        mine.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- an OSError is one line -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_os_error_is_one_line_naming_the_path_in_the_language(tmp_path, lang):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(blocker))
    env.pop("XDG_RUNTIME_DIR", None)
    done = rothman("present", "--lang", lang, env=env)
    assert done.returncode == 1
    reason = text("cli_os_reason_not_dir", lang)
    path = blocker / "rothman"
    assert done.stderr == f"rothman: {text('cli_os_error', lang, path=path, reason=reason)}\n"
