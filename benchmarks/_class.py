"""A class arriving at once: N visitors open the explorer of presentation mode together.

The server is started as a lecturer starts it (``rothman present --class N``, or plain
``rothman present`` for the comparison without a pool) and the visitors are N pages of one
headless Chromium, opened in the same instant. A page counts as usable when the explorer's
headline and plot are on screen, which needs the page's own kernel to answer. The browser runs
on the same machine as the server, so its work on N pages is part of the times measured.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # the shared harness

from harness import CHROMIUM_ARGS, DESKTOP_CHROMIUM, free_port, outside, stop  # noqa: E402

from rothman.core.class_room import CLASSES_VARIABLE  # noqa: E402

USABLE = ".rothman-explorer .rothman-headline h3"
PLOT = ".rothman-explorer .rothman-plot svg"
KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
PAGE_TIMEOUT_S = 300
START_TIMEOUT_S = 600  # a pool of 2 × N kernels is prepared before the class arrives


class Server:
    """``rothman present`` (with ``--class N`` when ``size`` is given) in a process of its own."""

    def __init__(self, size: int | None, cwd: Path) -> None:
        self.port = free_port()
        argv = [sys.executable, "-m", "rothman", "present", "--port", str(self.port)]
        if size is not None:
            argv += ["--class", str(size)]
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=dict(os.environ, **{CLASSES_VARIABLE: str(cwd / "classes")}),
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()
        ready = r"^Ready after" if size is not None else r"Ctrl\+C"
        deadline = time.monotonic() + START_TIMEOUT_S
        while not any(re.search(ready, line) for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("the presentation server did not start:\n" + "".join(self.lines))
            time.sleep(0.5)
        found = re.search(
            r"http://127\.0\.0\.1:\d+/voila/render/(?:class|explorer)\.ipynb\S+", self.output
        )
        self.url = found.group(0)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def processes(self) -> list[psutil.Process]:
        """The server (Voilà) and its kernels; the small ``rothman`` process that started it too."""
        root = psutil.Process(self.proc.pid)
        return [root, *root.children(recursive=True)]

    def kernels(self) -> dict[str, psutil.Process]:
        found = {}
        for proc in self.processes():
            try:
                match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(proc.cmdline()))
            except psutil.Error:
                continue
            if match:
                found[match.group(1)] = proc
        return found

    def rss_mb(self) -> float:
        total = 0
        for proc in self.processes():
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20

    def close(self) -> None:
        stop(self.proc, signal.SIGINT)


#: When the page's document had fully arrived (epoch seconds): the server's share of the wait.
_HTML_DONE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return (performance.timeOrigin + nav.responseEnd) / 1000;
}"""


async def _visit(context, url: str, start: float) -> tuple[float | None, object]:
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_S * 1000)
    await page.route(outside(), lambda route: route.abort())
    try:
        await page.goto(url, timeout=PAGE_TIMEOUT_S * 1000)
        await page.wait_for_selector(USABLE)
        await page.wait_for_selector(PLOT)
        return time.perf_counter() - start, page
    except Exception:  # noqa: BLE001 - a page that never became usable is counted as such
        return None, page


async def _class(url: str, n: int, server: Server, measure_release: bool) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=DESKTOP_CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = [
                await browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(n)
            ]
            start = time.perf_counter()
            epoch = time.time()
            visits = await asyncio.gather(*(_visit(c, url, start) for c in contexts))
            times = [t for t, _ in visits if t is not None]
            pages = [page for t, page in visits if t is not None]
            html = [await page.evaluate(_HTML_DONE) - epoch for page in pages]
            result = {"times": times, "html": html, "failed": n - len(times)}
            ids = set()
            for page in pages:
                ids.add(await page.evaluate(KERNEL_ID))
            result["distinct_kernels"] = len(ids)
            result["mb"] = server.rss_mb()
            result["kernels"] = len(server.kernels())
            if measure_release:
                closed = time.perf_counter()
                await asyncio.gather(*(c.close() for c in contexts))
                deadline = closed + 600
                while ids & set(server.kernels()) and time.perf_counter() < deadline:
                    await asyncio.sleep(0.5)
                left = ids & set(server.kernels())
                result["released_s"] = None if left else time.perf_counter() - closed
            return result
        finally:
            await browser.close()


def measure(n: int, pool: bool, work: Path) -> dict:
    """Start the server, let ``n`` visitors open the explorer at once, close them."""
    server = Server(n if pool else None, work)
    try:
        time.sleep(2)  # let the start settle
        before_mb = server.rss_mb()
        before_kernels = len(server.kernels())
        result = asyncio.run(_class(server.url, n, server, measure_release=pool))
        result["before_mb"] = before_mb
        result["before_kernels"] = before_kernels
        return result
    finally:
        server.close()
