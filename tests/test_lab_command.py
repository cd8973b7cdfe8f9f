"""`rothman lab` starts a real JupyterLab on 127.0.0.1 that keeps Jupyter's token."""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from harness import free_port, wait_for_answer  # noqa: E402

# one JupyterLab for both tests: they only read from it
pytestmark = pytest.mark.xdist_group("rothman-lab-command")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("lab")
    port = free_port()
    log = (tmp_path / "lab.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rothman", "lab", "--port", str(port), "--lang", "id"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={
            **__import__("os").environ,
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
            "BROWSER": "true",
            # a student's usual PATH: the course's Python is not on it
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        },
    )
    token = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and token is None:
        time.sleep(0.3)
        log.seek(0)
        found = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*\?token=([0-9a-f]+)", log.read())
        token = found.group(1) if found else None
        assert proc.poll() is None, "JupyterLab exited early"
    try:
        assert token, "JupyterLab printed no address with a token"
        status = wait_for_answer(
            f"http://127.0.0.1:{port}/api/status", proc, 60, tmp_path / "lab.log"
        )
        assert status == 403, status  # without the token
        yield port, token, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def get(url, token=None):
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_lab_binds_loopback_keeps_the_token_and_serves_the_notebooks(lab):
    port, token, proc = lab
    status, _ = get(f"http://127.0.0.1:{port}/api/contents/id")
    assert status == 403, "without the token the server must refuse"
    status, body = get(f"http://127.0.0.1:{port}/api/contents/id", token)
    assert status == 200
    names = {item["name"] for item in json.loads(body)["content"]}
    assert "01_mulai_di_sini.ipynb" in names and "03_penjelajah_model.ipynb" in names
    listening = [
        c.laddr
        for c in psutil.Process(proc.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening and all(addr.ip == "127.0.0.1" for addr in listening), listening


def test_lab_opens_in_the_course_language_without_the_news_pop_up(lab):
    """The Indonesian language pack is there and selected; Jupyter news is not asked for."""
    port, token, _ = lab
    base = f"http://127.0.0.1:{port}/lab/api"
    status, body = get(f"{base}/translations/", token)
    assert status == 200 and "id_ID" in json.loads(body)["data"], body[:300]
    status, body = get(f"{base}/translations/id_ID", token)
    messages = json.loads(body)["data"]["jupyterlab"]
    assert messages.get("Settings") == ["Pengaturan"]  # really Indonesian, not an empty pack
    status, body = get(f"{base}/settings/@jupyterlab/translation-extension:plugin", token)
    assert status == 200 and json.loads(body)["settings"]["locale"] == "id_ID"
    status, body = get(f"{base}/settings/@jupyterlab/apputils-extension:notification", token)
    settings = json.loads(body)["settings"]
    assert settings["fetchNews"] == "false" and settings["checkForUpdates"] is False


def test_lab_pages_skip_the_build_check(lab):
    """A page does not ask the server to check JupyterLab's build (Node.js on every page)."""
    port, token, _ = lab
    status, body = get(f"http://127.0.0.1:{port}/lab", token)
    assert status == 200
    found = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      body, re.S)  # fmt: skip
    assert found, body[:500]
    config = json.loads(found.group(1))
    assert config["buildCheck"] is False and config["buildAvailable"] is False


def test_a_kernel_that_dies_is_restarted_on_new_ports(lab):
    """A kernel whose process ends is started again on other ports: a port another program
    took is not tried again (JupyterLab gave such a kernel up as dead after five restarts)."""
    port, token, proc = lab
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/kernels", data=b"{}", method="POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        kernel_id = json.loads(response.read())["id"]
    runtime = Path(psutil.Process(proc.pid).environ()["JUPYTER_RUNTIME_DIR"])
    connection = runtime / f"kernel-{kernel_id}.json"

    def ports() -> set[int]:
        try:
            info = json.loads(connection.read_text())
        except (OSError, ValueError):  # being written again
            return set()
        return {value for key, value in info.items() if key.endswith("_port")}

    def kernel_process() -> psutil.Process | None:
        for child in psutil.Process(proc.pid).children(recursive=True):
            try:
                if str(connection) in child.cmdline():
                    return child
            except psutil.Error:
                continue
        return None

    try:
        deadline = time.monotonic() + 60
        while (first := kernel_process()) is None or not ports():
            assert time.monotonic() < deadline, "the kernel did not start"
            time.sleep(0.2)
        before = ports()
        first.kill()
        deadline = time.monotonic() + 60
        while (again := kernel_process()) is None or again.pid == first.pid or not ports():
            assert time.monotonic() < deadline, "the kernel was not restarted"
            time.sleep(0.2)
        after = ports()
        assert len(before) == len(after) == 5 and before.isdisjoint(after), (before, after)
    finally:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/kernels/{kernel_id}", method="DELETE",
            headers={"Authorization": f"token {token}"},
        )  # fmt: skip
        urllib.request.urlopen(request, timeout=30).close()


def run_in_terminal(port: int, token: str, line: str, timeout: float = 60) -> str:
    """Open a terminal through JupyterLab's REST and websocket API, run ``line``, read it."""
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    auth = {"Authorization": f"token {token}"}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/terminals", method="POST", headers=auth
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        name = json.loads(response.read())["name"]

    async def talk() -> str:
        url = f"ws://127.0.0.1:{port}/terminals/websocket/{name}"
        ws = await websocket_connect(HTTPRequest(url, headers=auth))
        ws.write_message(json.dumps(["stdin", line + "; echo END-$((6*7))\r"]))
        out = ""
        while "END-42" not in out:
            message = await asyncio.wait_for(ws.read_message(), timeout)
            assert message is not None, "the terminal closed:\n" + out
            kind, *data = json.loads(message)
            if kind == "stdout":
                out += data[0]
        ws.close()
        return out

    try:
        return asyncio.run(talk())
    finally:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/terminals/{name}", method="DELETE", headers=auth
        )
        urllib.request.urlopen(request, timeout=10).close()


def test_lab_terminals_find_rothman_and_its_python(lab):
    """JupyterLab's terminal runs ``rothman`` and ``python -m rothman`` of the course."""
    import os

    port, token, _ = lab
    out = run_in_terminal(
        port, token, "command -v python rothman; rothman --help | head -n 1; "
        "python -m rothman --lang id --help | head -n 1"
    )  # fmt: skip
    here = os.path.dirname(sys.executable)
    assert f"{here}/python\r\n{here}/rothman\r\n" in out, out  # found first on PATH
    lines = [line.strip() for line in out.splitlines()]
    # python -m rothman imports this rothman (in Indonesian, as asked): the line before the
    # end mark (the shell's next prompt may come in the same message, after it)
    end = lines.index("END-42")
    assert lines[end - 1] == "penggunaan: rothman [-h] [--lang en|id] COMMAND ...", out
    assert "usage: rothman [-h] [--lang en|id] COMMAND ..." in lines, out
