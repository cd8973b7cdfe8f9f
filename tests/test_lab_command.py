"""`rothman lab` starts a real JupyterLab on 127.0.0.1 that keeps Jupyter's token."""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import psutil
import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        # the address may be printed a moment before the server answers
        while time.monotonic() < deadline and get(f"http://127.0.0.1:{port}/api/status")[0] != 403:
            time.sleep(0.2)
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
