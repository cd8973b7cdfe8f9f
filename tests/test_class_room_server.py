"""The class server as a room: real servers, real kernels, no browser.

Every route that reaches a kernel refuses a visitor without the token and lets the token
holder in; past the class size a newcomer gets "the class is full"; the room never holds more
than the class and its headroom; the server says Ready, and how long it took; with
``--ip 0.0.0.0`` it says who can use it and how to end it.
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from harness import free_port  # noqa: E402

from rothman import text
from rothman.classroom import class_server as cr
from rothman.classroom import guard

SIZE = 2
#: Seconds a class of two may take to say Ready on a loaded shared machine.
READY_WITHIN = 240
KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")


@dataclass
class Running:
    proc: subprocess.Popen
    port: int
    lines: list[str] = field(default_factory=list)
    changed: threading.Event = field(default_factory=threading.Event)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output)
            if found:
                return found
            if self.proc.poll() is not None:
                break
            self.changed.wait(1)
            self.changed.clear()
        pytest.fail(f"no {pattern!r} within {timeout} s:\n{self.output}")

    @property
    def url(self) -> str:
        return re.search(r"http://\S+/voila/render/class\.ipynb\?token=\S+", self.output).group(0)

    @property
    def token(self) -> str:
        return re.search(r"token=([^&\s]+)", self.url).group(1)

    def kernels(self) -> dict[str, psutil.Process]:
        """The kernel processes under the server, by kernel id."""
        found = {}
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                match = KERNEL_FILE.search(" ".join(child.cmdline()))
            except psutil.Error:
                continue
            if match and child.is_running() and child.status() != psutil.STATUS_ZOMBIE:
                found[match.group(1)] = child
        return found

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(tmp_path, *args: str) -> Running:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rothman", "present", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
    )
    running = Running(proc, port)

    def read() -> None:
        for line in proc.stdout:
            running.lines.append(line)
            running.changed.set()
        running.changed.set()

    threading.Thread(target=read, daemon=True).start()
    return running


def get(url: str, headers: dict | None = None, method: str = "GET") -> tuple[int, str, object]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=90) as reply:
            return reply.status, reply.read().decode(errors="replace"), reply.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace"), exc.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect to the login page is an answer in itself


async def websocket(url: str) -> str:
    import websockets

    try:
        async with websockets.connect(url, open_timeout=10):
            return "open"
    except websockets.exceptions.InvalidStatus as exc:
        return f"refused {exc.response.status_code}"


#: The tests that share one class server (``room``) run on one worker, which starts it once.
SHARES_THE_ROOM = pytest.mark.xdist_group("class-room")


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    running = start(tmp_path_factory.mktemp("anywhere"), "--class", str(SIZE))
    try:
        running.wait_for(r"Ready after (\d+) s", READY_WITHIN)
        running.pages = 0  # pages handed out by the tests, in the order they run
        yield running
    finally:
        running.stop()
    assert running.proc.returncode == 0, running.output


# --- every route to a kernel asks for the token ---------------------------------------------

#: Routes of the class server that reach a kernel (start one, take one, talk to one or stop one).
KERNEL_ROUTES = {
    "/api/kernels/(?P<kernel_id>\\w+-\\w+-\\w+-\\w+-\\w+)",
    "/api/kernels/(?P<kernel_id>\\w+-\\w+-\\w+-\\w+-\\w+)/channels",
    "/voila/api/shutdown/(.*)",
    "/voila/query/(?P<kernel_id>\\w+-\\w+-\\w+-\\w+-\\w+)",
    "/voila/render/(.*)",
}


def registered_routes(tmp_path) -> dict[str, type]:
    """The routes Voilà registers with the class server's command line and configuration,
    after the class server's guard is installed (the handler classes it ends up with)."""
    from voila.app import Voila

    (tmp_path / "voila.json").write_text(json.dumps(cr.pool_config(SIZE)))
    from rothman.classroom.present import presentation_dir

    app = Voila()
    app.initialize(cr.class_command(presentation_dir(), free_port(), "127.0.0.1", tmp_path)[3:])
    app.server_url = app.base_url
    app.identity_provider = app.identity_provider_class(parent=app, log=app.log, token="t")
    guard.install(app, None)
    return {route[0]: route[1] for route in app.init_handlers()}


def test_the_kernel_routes_are_the_ones_listed(tmp_path):
    routes = registered_routes(tmp_path)
    reaching = {
        pattern
        for pattern in routes
        if "kernel" in pattern or "render" in pattern or "shutdown" in pattern
    }
    assert reaching == KERNEL_ROUTES, sorted(routes)
    assert routes["/voila/query/(?P<kernel_id>\\w+-\\w+-\\w+-\\w+-\\w+)"] is guard.TokenQuerySocket
    assert routes["/voila/render/(.*)"] is guard.SeatedVoilaHandler
    # every other route serves files, themes, the login page or the list of notebooks: no
    # kernel. Listed by name, so that a route a new Voilà adds is looked at here first.
    rest = {p: c.__name__ for p, c in routes.items() if p not in KERNEL_ROUTES}
    assert rest == {
        "/voila/templates/(.*)": "TemplateStaticFileHandler",
        "/voila/static/(.*)": "MultiStaticFileHandler",
        "/voila/api/themes/(.*)": "ThemesHandler",
        "/login": "LoginFormHandler",
        "/logout": "LogoutHandler",
        "/voila/labextensions/(.*)": "FileFindHandler",
        "/voila/files/(.*)": "AllowListFileHandler",
        "/": "TornadoVoilaTreeHandler",
        "/voila/tree(?P<path>(?:(?:/[^/]+)+|/?))": "TornadoVoilaTreeHandler",
        "/voila/api/contents(?P<path>(?:(?:/[^/]+)+|/?))": "VoilaContentsHandler",
    }


@SHARES_THE_ROOM
def test_every_kernel_route_refuses_a_visitor_without_the_token(room):
    kernels = room.kernels()
    assert kernels, room.output
    kernel_id = next(iter(kernels))
    base = f"http://127.0.0.1:{room.port}"
    ws = f"ws://127.0.0.1:{room.port}"
    auth = {"Authorization": f"token {room.token}"}

    # without the token: refused, and no kernel taken, started or stopped
    for path in (
        f"/api/kernels/{kernel_id}",
        "/voila/render/class.ipynb",
        "/",
        "/voila/tree",
        "/voila/api/contents",
    ):
        status, body, headers = get(base + path)
        assert status in (302, 401, 403), (path, status)
        assert "rothman-present" not in body
    status, _, _ = get(f"{base}/voila/api/shutdown/{kernel_id}", method="POST")
    assert status in (401, 403), status
    status, _, _ = get(f"{base}/api/kernels/{kernel_id}", method="DELETE")
    assert status in (401, 403), status
    for path in (f"/voila/query/{kernel_id}", f"/api/kernels/{kernel_id}/channels"):
        # opened and closed over and over, as a stranger who read the ids would
        for _ in range(3):
            assert asyncio.run(websocket(ws + path)).startswith("refused 403"), path
    assert set(room.kernels()) == set(kernels), "a request without the token reached a kernel"

    # with the token: let in. A page first: a pool kernel answers on its channels only once
    # its page is taken (until then it waits for its visitor's request)
    status, body, _ = get(room.url)
    assert status == 200 and "rothman-present" in body
    room.pages += 1
    page_kernel = json.loads(
        re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', body, re.S).group(1)
    )["kernelId"]
    assert page_kernel in room.kernels()
    kernel_id = next(k for k in room.kernels() if k != page_kernel)  # one still in the pool
    for kid in (kernel_id, page_kernel):
        status, body, _ = get(f"{base}/api/kernels/{kid}", auth)
        assert status == 200 and json.loads(body)["id"] == kid
    tokened = f"?token={room.token}"
    assert asyncio.run(websocket(f"{ws}/voila/query/{kernel_id}{tokened}")) == "open"
    channels = f"{ws}/api/kernels/{page_kernel}/channels{tokened}"
    assert asyncio.run(websocket(channels)) == "open"
    assert asyncio.run(websocket(f"{ws}/api/kernels/{page_kernel}/channels")) == "refused 403"
    # the token holder may stop a kernel (the page's own request when it is left)
    status, _, _ = get(f"{base}/voila/api/shutdown/{kernel_id}", auth, method="POST")
    assert status == 204
    deadline = time.monotonic() + 30
    while kernel_id in room.kernels() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert kernel_id not in room.kernels()


# --- a room the size of the class -------------------------------------------------------------


@SHARES_THE_ROOM
def test_past_the_class_size_a_newcomer_is_told_the_class_is_full(room):
    before = room.pages  # the pages earlier tests took
    answers = [get(room.url) for _ in range(SIZE + 2 - before)]
    statuses = [status for status, _, _ in answers]
    assert statuses == [200] * (SIZE - before) + [503] * 2, statuses
    room.pages = SIZE
    assert room.pages == SIZE
    status, page, headers = answers[-1]
    assert status == 503 and headers.get("Content-Type", "").startswith("text/html")
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page
    assert text("class_full_title", "en") in page and text("class_full_text", "en") in page
    status, page, _ = get(room.url.replace("lang=en", "lang=id"))
    assert status == 503 and text("class_full_title", "id") in page and 'lang="id"' in page
    assert page == guard.full_page("id")


@SHARES_THE_ROOM
def test_the_room_never_holds_more_than_the_class_and_its_headroom(room):
    most = cr.pool_size(SIZE)
    seen = [len(room.kernels())]
    # two more page loads past the class (N + 2 in all), then time for Voilà's refills
    for _ in range(2):
        get(room.url)
        seen.append(len(room.kernels()))
    deadline = time.monotonic() + cr.FILL_DELAY + 10
    while time.monotonic() < deadline:
        seen.append(len(room.kernels()))
        time.sleep(1)
    print(f"kernels held over {len(seen)} samples: at most {max(seen)} (room {most})")
    assert max(seen) <= most, seen


def test_a_seated_visitor_reloading_still_gets_a_page(tmp_path):
    """The seat cookie: one who has a page gets one again within the headroom."""
    running = start(tmp_path, "--class", "1")
    try:
        running.wait_for(r"Ready after", READY_WITHIN)
        status, _, headers = get(running.url)
        assert status == 200
        cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie")]
        seat = next(c for c in cookies if c.startswith(guard.SEAT_COOKIE + "="))
        assert get(running.url)[0] == 503  # a newcomer
        assert get(running.url, {"Cookie": seat})[0] == 200  # the same student, reloading
    finally:
        running.stop()


def test_a_kernel_that_dies_while_it_warms_is_replaced(tmp_path):
    """A preheated kernel whose process ends before its page is ready is shut down and
    another started: the server still says Ready, with a living kernel for every page."""
    running = start(tmp_path, "--class", "1")  # a pool of three
    try:
        deadline = time.monotonic() + READY_WITHIN
        while not running.kernels():
            assert running.proc.poll() is None and time.monotonic() < deadline, running.output
            time.sleep(0.05)
        killed, process = next(iter(running.kernels().items()))
        process.kill()  # at once: a kernel needs seconds to build its page
        found = running.wait_for(r"Ready after (\d+) s: (\d+) pages", READY_WITHIN)
        assert int(found.group(2)) == cr.pool_size(1)
        kernels = running.kernels()
        assert killed not in kernels and len(kernels) == cr.pool_size(1), (killed, kernels)
        status, page, _ = get(running.url)  # the class's page works
        assert status == 200 and "rothman-present" in page and "Traceback" not in page
    finally:
        running.stop()


def test_five_students_ready_within_a_bound(tmp_path):
    size = 5
    started = time.monotonic()
    running = start(tmp_path, "--class", str(size))
    try:
        found = running.wait_for(r"Ready after (\d+) s: (\d+) pages", READY_WITHIN)
        waited = time.monotonic() - started
        print(f"class of {size}: Ready after {found.group(1)} s ({waited:.1f} s from start)")
        assert int(found.group(2)) == cr.pool_size(size)
        ready = text("cli_class_ready", "en", pages=cr.pool_size(size), size=size, seconds="0")
        assert ready.split(": ", 1)[1] in running.output
        kernels = running.kernels()
        assert len(kernels) == cr.pool_size(size)
        # started without the debugger a page never uses (rothman.classroom.kernel_main)
        for kernel in kernels.values():
            assert kernel.cmdline()[1:3] == ["-m", "rothman.classroom.kernel_main"]
            maps = "".join(m.path for m in kernel.memory_maps())
            assert "debugpy" not in maps and "_pydevd" not in maps
        mib = [p.memory_full_info() for p in kernels.values()]
        rss = sum(m.rss for m in mib) / len(mib) / 2**20
        uss = sum(m.uss for m in mib) / len(mib) / 2**20
        print(f"class kernel: RSS {rss:.0f} MiB, USS {uss:.0f} MiB (mean of {len(mib)})")
    finally:
        running.stop()
    assert not psutil.pid_exists(running.proc.pid) or running.proc.returncode is not None


@pytest.mark.parametrize("lang", ["en", "id"])
def test_open_to_the_network_it_says_who_can_use_it(tmp_path, lang):
    running = start(tmp_path, "--class", "1", "--ip", "0.0.0.0", "--lang", lang)
    try:
        running.wait_for(re.escape(text("cli_present_stop", lang)), 120)
        assert text("cli_class_open", lang) in running.output
        assert text("cli_class_loopback", lang) not in running.output
    finally:
        running.stop()
    assert running.proc.returncode == 0, running.output
