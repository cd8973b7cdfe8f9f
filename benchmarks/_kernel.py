"""Fresh Jupyter kernels of this environment, driven through nbclient.

Kernels are started from a kernel spec written into a temporary folder that names this
interpreter, so a stray user kernel spec for another Python is never picked up.
"""

from __future__ import annotations

import atexit
import json
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import psutil
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

KERNEL = "rothman-bench"
#: Every cell gets this long at most: execution can stall under load, never wait forever.
CELL_TIMEOUT = 120
_SPEC_DIR = tempfile.mkdtemp(prefix="rothman-bench-kernels-")
atexit.register(shutil.rmtree, _SPEC_DIR, ignore_errors=True)


def _kernel_manager() -> KernelManager:
    spec = Path(_SPEC_DIR) / KERNEL
    if not spec.exists():
        spec.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "rothman bench", "language": "python"})
        )
    return KernelManager(
        kernel_name=KERNEL,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[_SPEC_DIR]),
        transport="ipc",  # a local socket file: no TCP port at all
        connection_file=str(Path(_SPEC_DIR) / f"kernel-{secrets.token_hex(8)}.json"),
    )


def _client(nb, cwd: Path, km: KernelManager) -> NotebookClient:
    return NotebookClient(
        nb,
        km=km,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        resources={"metadata": {"path": str(cwd)}},
    )


@contextmanager
def kernel(cwd: Path, cells: list[str] | None = None) -> Iterator[KernelSession]:
    """A fresh kernel in ``cwd``; shut down when the block ends."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells or []])
    km = _kernel_manager()
    client = _client(nb, cwd, km)
    try:
        with client.setup_kernel():
            yield KernelSession(client, km)
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=False)


class KernelSession:
    """Run code in a kernel and read what it printed; measure its memory."""

    def __init__(self, client: NotebookClient, km: KernelManager) -> None:
        self.client = client
        self.km = km

    def run(self, source: str) -> str:
        """Execute ``source`` as a new cell; return its stdout (errors raise)."""
        cell = nbformat.v4.new_code_cell(source)
        self.client.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.client.nb.cells) - 1)
        return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")

    def run_notebook(self, nb) -> None:
        """Execute every code cell of ``nb`` in this kernel, in order."""
        for cell in nb.cells:
            if cell.cell_type == "code":
                self.run(cell.source)

    def rss_mb(self) -> float:
        """Resident memory of the kernel process, in MiB."""
        pid = self.km.provisioner.process.pid
        return psutil.Process(pid).memory_info().rss / 2**20


def execute_notebook(path: Path, cwd: Path) -> float:
    """Execute a notebook in a fresh kernel (start to shutdown); return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    km = _kernel_manager()
    client = _client(nb, cwd, km)
    try:
        client.execute()
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=False)
    return time.perf_counter() - start
