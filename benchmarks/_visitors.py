"""A class as students' own devices meet the server: protocol visitors and one real page.

A protocol visitor does, without a browser, what a page of the class server asks of the server:
it fetches the page over HTTP, reads the page's kernel id from its ``jupyter-config-data``,
opens ``/api/kernels/<id>/channels`` (Jupyter messaging protocol v5 over a websocket), asks for
the kernel's info as the page's kernel connection does, opens a comm to
``jupyter.widget.control`` and sends ``request_states``, as the page's widget manager does
(ipywidgets 8). It is done when the ``update_states`` answer carries the explorer's headline
(an HTML widget with the class ``rothman-headline`` and a value). Its time is the server's
share of a student's wait; the device's own work (scripts, layout, painting) is left out.

One real Chromium page (the sentinel) arrives with them; its time to a usable page (the
headline shown) is compared with the same page opened alone on the same server: after a first
page that warms the browser and the server's static files up (not counted), the median of
:data:`ALONE_RUNS` pages opened one at a time, each measured as the sentinel is (a fresh
browser context, the same link, the same wait).

The server is started as a lecturer starts it, ``python -m rothman present --class N``; the
link is read from its output (the first link with a token: the view it serves by default), and
``Ready`` from the line it prints once its pages are prepared. Every wait is bounded; a visitor
that has not had its state in time counts as failed and the figures are recorded anyway.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # the shared harness

from harness import CHROMIUM_ARGS, DESKTOP_CHROMIUM, free_port, outside  # noqa: E402

from rothman.classroom.class_server import headroom  # noqa: E402
from rothman.core.class_room import CLASSES_VARIABLE  # noqa: E402

HEADLINE_CLASS = "rothman-headline"
HEADLINE_SELECTOR = ".rothman-headline h3"
CONTROL_TARGET = "jupyter.widget.control"
CONTROL_VERSION = "1.0.0"  # ipywidgets 8's control protocol
_CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*</script>', re.S
)
_LINK = re.compile(r"http://127\.0\.0\.1:\d+/\S*token=\S+")
_READY = re.compile(r"^(Ready|Siap)\b")
#: Stop a class (preparing or arriving) when the machine has less memory available than this.
MIN_AVAILABLE_MB = 3072


#: Pages opened alone before the class arrives, after the warm-up page. With the warm-up they
#: take 3 preheated pages, the headroom of a class of 30 (Voilà does not refill the pool past
#: the class while no page is out), so the class still finds a prepared page for each of its
#: members.
ALONE_RUNS = 2
#: A server whose kernels have been idle this long (seconds) without saying Ready never will.
IDLE_NOT_READY_S = 30
#: With the class on, memory is read again once the server has replaced the pages taken
#: (Voilà starts that 20 s after a page is taken) and its kernels are quiet.
SETTLE_AT_LEAST_S = 30
SETTLE_TIMEOUT_S = 180


def memory_low() -> float | None:
    """The MiB available when below :data:`MIN_AVAILABLE_MB`, else None."""
    available = psutil.virtual_memory().available / 2**20
    return available if available < MIN_AVAILABLE_MB else None


def log(message: str) -> None:
    print(f"[bench]   {message}", flush=True)


# --- the server -----------------------------------------------------------------------------
class ClassServer:
    """``python -m rothman present --class N`` in a process of its own, read line by line."""

    def __init__(self, size: int, cwd: Path, ready_timeout: float) -> None:
        self.size = size
        self.port = free_port()
        self.lines: list[str] = []
        self.ready_s: float | None = None
        self.stopped_low_memory = False
        self.peak_rss_mb = 0.0  # the server's processes while it prepared its pages
        self.known: dict[int, psutil.Process] = {}  # every process of the server seen so far
        argv = [sys.executable, "-m", "rothman", "present", "--class", str(size)]
        argv += ["--port", str(self.port)]
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1", **{CLASSES_VARIABLE: str(cwd / "classes")}),
        )  # fmt: skip
        self._changed = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.url = self._wait_for_link(min(ready_timeout, 180))
            parsed = urlparse(self.url)
            self.token = parse_qs(parsed.query)["token"][0]
            self.base = f"{parsed.scheme}://{parsed.netloc}"
            self._wait_ready(ready_timeout)
        except BaseException:  # interrupted while it starts: leave no server behind
            self.close()
            raise

    def _read(self) -> None:
        for line in self.proc.stdout:
            if self.ready_s is None and _READY.search(line):
                self.ready_s = time.perf_counter() - self.started
            self.lines.append(line)
            self._changed.set()
        self._changed.set()

    @property
    def output(self) -> str:
        return "".join(line for line in self.lines if not re.search("[█▀▄]", line))

    def _wait_for_link(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            found = _LINK.search(self.output)
            if found:
                return found.group(0)
            self._changed.wait(0.5)
            self._changed.clear()
        self.close()
        raise RuntimeError(f"no link from the class server within {timeout:.0f} s:\n{self.output}")

    def _wait_ready(self, timeout: float) -> None:
        """Until the server says Ready; bounded in time and by the memory left on the machine."""
        deadline = self.started + timeout
        shown = 0.0
        quiet_since, cpu = None, -1.0
        while self.ready_s is None and self.proc.poll() is None and time.perf_counter() < deadline:
            self.peak_rss_mb = max(self.peak_rss_mb, self.rss_mb())
            # a server whose kernels have all been idle for a while will not say Ready any more
            now_cpu = _kernel_cpu_s(self)
            if now_cpu > 0 and now_cpu - cpu < 0.2:
                quiet_since = quiet_since or time.perf_counter()
                if time.perf_counter() - quiet_since > IDLE_NOT_READY_S:
                    log(f"no Ready line, yet every kernel has been idle for {IDLE_NOT_READY_S} s")
                    break
            else:
                quiet_since = None
            cpu = now_cpu
            available = psutil.virtual_memory().available / 2**20
            if available < MIN_AVAILABLE_MB:
                log(f"only {available:.0f} MiB of memory left while preparing: stopping the server")
                self.stopped_low_memory = True
                self.close()
                return
            now = time.perf_counter() - self.started
            if now - shown >= 10:
                shown = now
                log(f"preparing: {now:.0f} s, {len(self.kernels())} kernels, "
                    f"{available / 1024:.1f} GiB available, load {os.getloadavg()[0]:.1f}")  # fmt: skip
            self._changed.wait(1)
            self._changed.clear()
        if self.ready_s is None:
            log(f"no Ready line within {timeout:.0f} s: the class arrives anyway")
        else:
            log(f"Ready after {self.ready_s:.1f} s")

    def track(self) -> list[psutil.Process]:
        """The server's processes now (the command, Voilà, every kernel), remembered for the end."""
        try:
            root = psutil.Process(self.proc.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return []
        for proc in procs:
            self.known.setdefault(proc.pid, proc)
        return procs

    def kernels(self) -> dict[str, psutil.Process]:
        found = {}
        for proc in self.track():
            try:
                match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(proc.cmdline()))
            except psutil.Error:
                continue
            if match:
                found[match.group(1)] = proc
        return found

    def rss_mb(self) -> float:
        total = 0
        for proc in self.track():
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20

    def memory_mb(self) -> dict:
        """Sums over the server's processes: PSS, USS and RSS in MiB, and how many processes."""
        pss = uss = rss = 0
        procs = self.track()
        for proc in procs:
            try:
                info = proc.memory_full_info()
            except psutil.Error:
                continue
            pss, uss, rss = pss + info.pss, uss + info.uss, rss + info.rss
        return {"pss": pss / 2**20, "uss": uss / 2**20, "rss": rss / 2**20, "processes": len(procs)}

    def close(self) -> dict:
        """SIGTERM, wait, then check that no process of the server (kernels included) is left."""
        self.track()
        t0 = time.perf_counter()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        deadline = time.monotonic() + 30
        left = [p for p in self.known.values() if p.is_running()]
        while left and time.monotonic() < deadline:
            time.sleep(0.5)
            left = [p for p in self.known.values() if p.is_running()]
        for proc in left:  # only processes this server started
            try:
                proc.kill()
            except psutil.Error:
                pass
        return {"stop_s": time.perf_counter() - t0, "left": len(left)}


# --- a protocol visitor ---------------------------------------------------------------------
def _message(msg_type: str, channel: str, session: str, content: dict, metadata=None) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "visitor",
            "session": session,
            "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": metadata or {},
        "content": content,
        "channel": channel,
        "buffers": [],
    }


def _decode(raw) -> dict:
    if isinstance(raw, bytes):  # a message with buffers (the plot's PNG) comes as binary
        from jupyter_server.services.kernels.connection.base import deserialize_binary_message

        return deserialize_binary_message(raw)
    return json.loads(raw)


def _has_headline(states: dict) -> bool:
    for model in states.values():
        state = model.get("state", {})
        if HEADLINE_CLASS in (state.get("_dom_classes") or ()) and state.get("value"):
            return True
    return False


class Visitor:
    """One student's device, speaking the page's protocol; ``run`` never raises."""

    def __init__(self, server: ClassServer, http) -> None:
        self.server = server
        self.http = http
        self.kernel_id: str | None = None
        self.ws = None
        self.seconds: float | None = None
        self.html_s: float | None = None
        self.error: str | None = None

    async def run(self, start: float, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._visit(start), timeout)
        except Exception as exc:  # noqa: BLE001 - a visitor that failed is counted as such
            self.error = f"{type(exc).__name__}: {exc}"[:300]

    async def _visit(self, start: float) -> None:
        from tornado.websocket import websocket_connect

        page = await self.http.fetch(self.server.url, request_timeout=3600, connect_timeout=3600)
        self.html_s = time.perf_counter() - start
        config = json.loads(_CONFIG.search(page.body.decode()).group(1))
        self.kernel_id = config["kernelId"]
        base = config.get("baseUrl", "/")
        session = uuid.uuid4().hex
        url = (
            f"ws://{urlparse(self.server.base).netloc}{base}api/kernels/{self.kernel_id}/channels"
            f"?session_id={session}&token={self.server.token}"
        )
        self.ws = await websocket_connect(url, max_message_size=256 * 2**20)
        send = self.ws.write_message
        await send(json.dumps(_message("kernel_info_request", "shell", session, {})))
        comm_id = uuid.uuid4().hex
        await send(
            json.dumps(
                _message(
                    "comm_open", "shell", session,
                    {"comm_id": comm_id, "target_name": CONTROL_TARGET, "data": {}},
                    {"version": CONTROL_VERSION},
                )
            )
        )  # fmt: skip
        await send(
            json.dumps(
                _message(
                    "comm_msg", "shell", session,
                    {"comm_id": comm_id, "data": {"method": "request_states"}},
                    {"version": CONTROL_VERSION},
                )
            )
        )  # fmt: skip
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            msg = _decode(raw)
            if msg.get("msg_type", msg["header"].get("msg_type")) != "comm_msg":
                continue
            data = msg["content"].get("data", {})
            if msg["content"].get("comm_id") != comm_id or data.get("method") != "update_states":
                continue
            if not _has_headline(data.get("states", {})):
                raise ValueError("update_states without the explorer's headline")
            self.seconds = time.perf_counter() - start
            return

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None


# --- the sentinel: one real page ------------------------------------------------------------
KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


class Sentinel:
    """One Chromium page, in a browser context of its own, timed until the headline shows."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.context = self.page = None
        self.kernel_id: str | None = None
        self.seconds: float | None = None
        self.error: str | None = None

    async def prepare(self) -> None:
        """A fresh context (a device of its own: no shared cache or cookies) and an empty page."""
        self.context = await self.browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = await self.context.new_page()
        await self.page.route(outside(), lambda route: route.abort())

    async def run(self, url: str, start: float, timeout: float) -> None:
        try:
            page = self.page
            await page.goto(url, timeout=timeout * 1000)
            left = max(timeout - (time.perf_counter() - start), 1)
            await page.wait_for_selector(HEADLINE_SELECTOR, timeout=left * 1000)
            self.seconds = time.perf_counter() - start
            self.kernel_id = await page.evaluate(KERNEL_ID)
        except Exception as exc:  # noqa: BLE001 - a page never usable is counted as such
            self.error = f"{type(exc).__name__}: {exc}"[:300]

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()
            self.context = None


# --- a class arriving -----------------------------------------------------------------------
def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


async def _wait_gone(server: ClassServer, ids: set[str], timeout: float) -> float | None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if not ids & set(server.kernels()):
            return time.perf_counter() - t0
        await asyncio.sleep(0.5)
    return None


def _kernel_cpu_s(server: ClassServer) -> float:
    total = 0.0
    for proc in server.kernels().values():
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


async def _wait_refilled(
    server: ClassServer, count: int, timeout: float, at_least: float = 0
) -> float:
    """Until the pool has ``count`` kernels again and they have all gone quiet (the replacement's
    page built): less than 0.1 s of processor time among them in a second, twice in a row.
    Waits ``at_least`` seconds in any case; stops early when memory runs low."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout and (
        len(server.kernels()) < count or time.perf_counter() - t0 < at_least
    ):
        if memory_low() is not None:
            return time.perf_counter() - t0
        await asyncio.sleep(1)
    quiet, last = 0, _kernel_cpu_s(server)
    while time.perf_counter() - t0 < timeout and quiet < 2 and memory_low() is None:
        await asyncio.sleep(1)
        now = _kernel_cpu_s(server)
        quiet = quiet + 1 if now - last < 0.1 else 0
        last = now
    return time.perf_counter() - t0


async def _arrive(
    server: ClassServer, visitors: int, sentinel: bool, timeout: float, release_timeout: float
) -> dict:
    from tornado.httpclient import AsyncHTTPClient

    http = AsyncHTTPClient(force_instance=True, max_clients=visitors + 1)
    result: dict = {}
    browser = playwright = None
    try:
        if sentinel:
            from playwright.async_api import async_playwright

            playwright = await async_playwright().start()
            browser = await playwright.chromium.launch(
                executable_path=DESKTOP_CHROMIUM, args=CHROMIUM_ARGS
            )
            kernels_before = len(server.kernels())
            # the same page alone first, on the same server: one page to warm up, then the runs
            used, alone_times, alone_errors = set(), [], []
            # a small class has less headroom: fewer runs, so that its pages stay prepared
            runs = max(1, min(ALONE_RUNS, headroom(visitors + 1) - 1))
            for run in range(runs + 1):
                alone = Sentinel(browser)
                await alone.prepare()
                await alone.run(server.url, time.perf_counter(), timeout)
                await alone.close()
                used |= {alone.kernel_id} if alone.kernel_id else set()
                shown = alone.seconds if alone.seconds is None else round(alone.seconds, 2)
                log(f"the page alone{' (warm-up)' if run == 0 else ''}: {shown} s")
                if run == 0:
                    result["warmup_s"] = alone.seconds
                elif alone.seconds is not None:
                    alone_times.append(alone.seconds)
                elif alone.error:
                    alone_errors.append(alone.error)
            result["alone_runs"] = alone_times
            result["alone_s"] = statistics.median(alone_times) if alone_times else None
            result["alone_error"] = alone_errors[0] if alone_errors else None
            if used:
                await _wait_gone(server, used, release_timeout)
            # the pages taken are not replaced while none is out: quiet with what is left
            waited = await _wait_refilled(server, kernels_before - len(used), 120)
            log(f"the pages' kernels gone and the pool quiet after {waited:.0f} s")
        crowd = [Visitor(server, http) for _ in range(visitors)]
        sent = Sentinel(browser) if sentinel else None
        if sent is not None:
            await sent.prepare()
        log(f"{visitors} protocol visitors{' and one Chromium page' if sentinel else ''} arrive")
        start = time.perf_counter()
        tasks = [v.run(start, timeout) for v in crowd]
        if sent is not None:
            tasks.append(sent.run(server.url, start, timeout))

        async def progress() -> None:
            while True:
                await asyncio.sleep(5)
                done = sum(v.seconds is not None for v in crowd)
                log(f"{time.perf_counter() - start:.0f} s: {done} of {visitors} have their state")

        async def guard() -> None:
            while (low := memory_low()) is None:
                await asyncio.sleep(1)
            log(f"only {low:.0f} MiB of memory left: the visitors still waiting count as failed")
            result["stopped_low_memory"] = True

        ticker = asyncio.ensure_future(progress())
        everyone = asyncio.ensure_future(asyncio.gather(*tasks))
        watch = asyncio.ensure_future(guard())
        await asyncio.wait([everyone, watch], return_when=asyncio.FIRST_COMPLETED)
        for task in (ticker, watch, everyone):
            task.cancel()
        await asyncio.gather(ticker, watch, everyone, return_exceptions=True)
        times = [v.seconds for v in crowd if v.seconds is not None]
        errors = [v.error for v in crowd if v.error]
        result.update(
            times=times,
            html=[v.html_s for v in crowd if v.html_s is not None],
            failed=visitors - len(times),
            errors=sorted(set(errors))[:5],
            sentinel_s=sent.seconds if sent else None,
            sentinel_error=sent.error if sent else None,
            distinct_kernels=len({v.kernel_id for v in crowd if v.kernel_id}),
        )
        log(f"{len(times)} of {visitors} had their state, p95 {_p95(times)}; "
            f"sentinel {result['sentinel_s']}")  # fmt: skip
        result["memory_arrived"] = server.memory_mb()
        result["kernels_arrived"] = len(server.kernels())
        log(f"memory: {result['memory_arrived']}, {result['kernels_arrived']} kernels")
        # the class stays on while the server replaces the pages taken: memory once that is done
        waited = await _wait_refilled(server, 0, SETTLE_TIMEOUT_S, at_least=SETTLE_AT_LEAST_S)
        result["memory"] = server.memory_mb()
        result["kernels"] = len(server.kernels())
        result["settled_s"] = waited
        log(f"memory {waited:.0f} s later: {result['memory']}, {result['kernels']} kernels")
        # every page closes: the kernels they used should go
        ids = {v.kernel_id for v in crowd if v.kernel_id}
        if sent is not None and sent.kernel_id:
            ids.add(sent.kernel_id)
        for v in crowd:
            v.close()
        if sent is not None:
            await sent.close()
        log(f"pages closed: waiting for their {len(ids)} kernels to go")
        result["released_s"] = await _wait_gone(server, ids, release_timeout) if ids else None
        result["not_released"] = len(ids & set(server.kernels()))
        return result
    finally:
        http.close()
        if browser is not None:
            await browser.close()
        if playwright is not None:
            await playwright.stop()


def measure(
    n: int,
    work: Path,
    sentinel: bool = True,
    ready_timeout: float = 300,
    timeout: float = 120,
    release_timeout: float = 90,
) -> dict:
    """Start ``present --class n``, let ``n`` visitors arrive at once (one of them a real page
    when ``sentinel``), close them, stop the server; every wait bounded."""
    log(f"starting present --class {n}")
    server = ClassServer(n, work, ready_timeout)
    result: dict = {
        "ready_s": server.ready_s,
        "stopped_low_memory": server.stopped_low_memory,
        "peak_rss_mb": server.peak_rss_mb,
    }
    try:
        if server.proc.poll() is None:
            result["ready_memory"] = server.memory_mb()
            result["ready_kernels"] = len(server.kernels())
            crowd = n - 1 if sentinel else n
            result.update(asyncio.run(_arrive(server, crowd, sentinel, timeout, release_timeout)))
    finally:
        stopped = server.close()
        result["stop_s"], result["left_processes"] = stopped["stop_s"], stopped["left"]
        log(f"server stopped in {stopped['stop_s']:.1f} s, {stopped['left']} processes left")
    return result


if __name__ == "__main__":  # a quick look with a small class: python benchmarks/_visitors.py 3
    import tempfile

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        out = measure(size, Path(tmp), sentinel="--no-sentinel" not in sys.argv)
    print(json.dumps(out, indent=1, default=str))
