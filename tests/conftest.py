"""What every test run shares: a mark on each process it starts, checked at the end, and the
notebooks as nbval ran them, for the tests that read their outputs.

Processes left running: the run sets ``ROTHMAN_TEST_RUN`` in its environment, which every
process it starts inherits (servers, kernels, browsers, ``sleep``). When the run ends (on the
controlling process, after pytest-xdist's workers have stopped), any process still alive that
carries this run's mark, or still descends from pytest, fails the run: it is named, then ended.

One execution per notebook: nbval runs each notebook under ``notebooks/`` top to bottom in a
fresh kernel. Every message of that kernel goes through nbclient's own message handling as well,
so the notebook comes out as ``nbclient`` would have executed it (outputs, widget state and
what Output widgets captured); ``nbval_run`` hands it to a test. nbval's cells of a notebook
and the tests that read it share an ``xdist_group``, so they run on one worker, nbval first.
"""

from __future__ import annotations

import copy
import os
import time
import uuid
from pathlib import Path

import psutil
import pytest

from rothman.classroom.server import end_processes
from rothman.core.class_room import CLASSES_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

#: The environment variable that marks every process a run starts: the ids of this run and of
#: the runs it was started from, separated by spaces (a test may run pytest itself).
RUN_MARK = "ROTHMAN_TEST_RUN"
#: Seconds for the processes of a run to end after its last test, before they count as left.
LEFT_GRACE = 15


@pytest.fixture(scope="session", autouse=True)
def _class_folders_in_a_temporary_place(tmp_path_factory):
    """New class folders (``present --class`` without ``--class-dir``, here and in the servers
    the tests start) go to a temporary folder, not the user's ``~/rothman-classes``."""
    os.environ[CLASSES_VARIABLE] = str(tmp_path_factory.mktemp("classes"))


@pytest.fixture(autouse=True)
def _no_lang_from_env(monkeypatch):
    # the command line reads ROTHMAN_LANG; tests say the language they mean
    monkeypatch.delenv("ROTHMAN_LANG", raising=False)


def _is_controller(config) -> bool:
    return not hasattr(config, "workerinput")  # pytest-xdist's workers have it


#: Seconds the longest parts of the suite took on a 2-core machine (3 workers): a group of
#: tests that share a server, or a file. ``make test`` hands them out longest first
#: (``--no-loadscope-reorder`` keeps this order), so that none starts last and runs alone.
LONGEST = {
    "voila-present": 125,
    "jupyterlab": 100,
    "jupyterlab-report": 60,
    "jupyterlab-id": 57,
    "live-room": 45,
    "class-room": 43,
    "wheel": 43,
    "test_assessment": 26,
    "voila-class": 26,
    "jupyterhub": 26,
    "test_handout_print": 21,
}


def _groups(item) -> set[str]:
    return {
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    }


def _longest_first(items) -> None:
    """Sort ``items`` by :data:`LONGEST`, keeping the order within each part (stable)."""

    def seconds(item) -> int:
        parts = _groups(item) or {Path(item.path).stem}
        return max(LONGEST.get(part, 0) for part in parts)

    items.sort(key=lambda item: -seconds(item))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """On a worker of ``--dist loadgroup``: the longest parts first (:data:`LONGEST`), and the
    groups kept working with pytest 9.2: pytest-xdist (3.8) names
    an item's group by appending ``@group`` to ``item._nodeid``, which pytest 9.2 no longer
    reads (node ids are ``item._id`` now), so every group was silently ignored and a
    notebook's cells ran on two workers (pytest-dev/pytest-xdist#1386). Appended here the
    same way, after pytest-xdist's own hook; nothing happens where that hook worked."""
    if not (config.getoption("loadgroup", False) and hasattr(config, "workerinput")):
        return
    _longest_first(items)
    for item in items:
        names = _groups(item)
        if not names:
            continue
        suffix = "@" + "_".join(sorted(names))
        if item.nodeid.endswith(suffix):
            continue
        if hasattr(item, "_id"):
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(item.nodeid + suffix)
        else:
            item._nodeid = item.nodeid + suffix
        assert item.nodeid.endswith(suffix), item.nodeid


# --- processes left running -----------------------------------------------------------------

_RUN_ID = pytest.StashKey[str]()
_LEFT = pytest.StashKey[list[str]]()


def pytest_configure(config):
    config.pluginmanager.register(NbvalRecorder(), "rothman-nbval-recorder")
    if _is_controller(config):
        run_id = uuid.uuid4().hex
        config.stash[_RUN_ID] = run_id
        os.environ[RUN_MARK] = f"{os.environ.get(RUN_MARK, '')} {run_id}".strip()


def _marked(proc: psutil.Process, run_id: str) -> bool:
    try:
        return run_id in proc.environ().get(RUN_MARK, "").split()
    except (psutil.Error, OSError):
        return False  # gone, a zombie, or another user's


def processes_left(run_id: str, me: int | None = None) -> list[psutil.Process]:
    """Processes still alive that this run started: its mark, or below pytest."""
    me = os.getpid() if me is None else me
    found: dict[int, psutil.Process] = {}
    try:
        for child in psutil.Process(me).children(recursive=True):
            found[child.pid] = child
    except psutil.Error:
        pass
    for proc in psutil.process_iter():
        if proc.pid != me and proc.pid not in found and _marked(proc, run_id):
            found[proc.pid] = proc
    alive = []
    for proc in found.values():
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.Error:
            continue
    return alive


def _describe(proc: psutil.Process) -> str:
    try:
        command = " ".join(proc.cmdline()) or proc.name()
    except psutil.Error:
        command = "?"
    return f"pid {proc.pid}: {command[:300]}"


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_sessionfinish(session):
    # after every other pytest_sessionfinish, so after pytest-xdist has stopped its workers
    result = yield
    config = session.config
    if not _is_controller(config) or _RUN_ID not in config.stash:
        return result
    run_id = config.stash[_RUN_ID]
    deadline = time.monotonic() + LEFT_GRACE
    left = processes_left(run_id)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = processes_left(run_id)
    if left:
        config.stash[_LEFT] = [_describe(proc) for proc in left]
        end_processes(left, timeout=5)  # named above; ended now so as not to outlive the run
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    return result


def pytest_terminal_summary(terminalreporter, config):
    left = config.stash.get(_LEFT, [])
    if left:
        terminalreporter.write_sep("=", "processes the tests left running", red=True)
        for line in left:
            terminalreporter.write_line(line)
        terminalreporter.write_line(
            f"{len(left)} process(es) started by this test run were still running after its "
            f"last test (they have been ended now): a test must stop what it starts."
        )


# --- one execution per notebook ---------------------------------------------------------------


def notebook_group(path: Path) -> str:
    """The ``xdist_group`` of a notebook: nbval's cells and the tests that read its run."""
    return "notebook:" + Path(path).resolve().relative_to(NOTEBOOKS).as_posix()


class _Run:
    """A notebook as nbval runs it, kept as nbclient would have kept it."""

    def __init__(self, nb, kernel):
        from nbclient import NotebookClient

        self.nb = copy.deepcopy(nb)
        for cell in self.nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        self.code_cells = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        self.client = NotebookClient(
            self.nb, kernel_name="python3", store_widget_state=True, record_timing=False
        )
        self.client.reset_execution_trackers()
        self.client.kc = kernel.kc  # Output widgets answer through it, as in a browser
        self.passed: set[int] = set()
        self.failed: set[int] = set()
        self.msg_id: str | None = None
        self.cell_num: int | None = None

    def watch(self, nbval_file) -> None:
        """Route the kernel's messages that nbval reads through nbclient too."""
        kernel = nbval_file.kernel
        execute, get_message = kernel.execute_cell_input, nbval_file.get_kernel_message

        def execute_cell_input(*args, **kwargs):
            self.msg_id = execute(*args, **kwargs)
            return self.msg_id

        def get_kernel_message(*args, **kwargs):
            msg = get_message(*args, **kwargs)
            if self.cell_num is not None and msg["parent_header"].get("msg_id") == self.msg_id:
                self._process(msg)
            return msg

        kernel.execute_cell_input = execute_cell_input
        nbval_file.get_kernel_message = get_kernel_message

    def start(self, cell_num: int) -> None:
        """nbval runs code cell ``cell_num`` next: as nbclient's execute_cell starts."""
        self.cell_num = cell_num
        self.nb.cells[self.code_cells[cell_num]].outputs = []
        self.client.clear_before_next_output = False

    def _process(self, msg) -> None:
        from nbclient.exceptions import CellExecutionComplete

        index = self.code_cells[self.cell_num]
        try:
            self.client.process_message(msg, self.nb.cells[index], index)
        except CellExecutionComplete:
            pass

    def finished(self) -> bool:
        return not self.failed and len(self.passed) == len(self.code_cells)

    def notebook(self):
        self.client.set_widgets_metadata()
        return self.nb


_RUNS = pytest.StashKey[dict]()


class NbvalRecorder:
    """Keeps each notebook nbval runs in this process (see the module's docstring)."""

    @staticmethod
    def _nbval_cell(item) -> bool:
        return type(item).__name__ == "IPyNbCell" and type(item.parent).__name__ == "IPyNbFile"

    @pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
    def pytest_collection_modifyitems(self, items):
        for item in items:
            if self._nbval_cell(item):
                item.add_marker(pytest.mark.xdist_group(notebook_group(item.path)))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        if not self._nbval_cell(item) or item.parent.kernel is None:
            return (yield)
        runs = item.config.stash.setdefault(_RUNS, {})
        path = Path(item.path).resolve()
        run = runs.get(path)
        if run is None or run.kernel is not item.parent.kernel:
            run = runs[path] = _Run(item.parent.nb, item.parent.kernel)
            run.kernel = item.parent.kernel
            run.watch(item.parent)
        run.start(item.cell_num)
        try:
            result = yield
        except BaseException:
            run.failed.add(item.cell_num)
            raise
        finally:
            run.cell_num = None
        run.passed.add(item.cell_num)
        return result


@pytest.fixture
def nbval_run(request):
    """``nbval_run(path)``: the notebook at ``path`` as nbval ran it in this test run, or None
    when nbval did not run it here (a run of some tests only). Fails when it did not run
    through (nbval reports the cell)."""

    def get(path: Path):
        run = request.config.stash.get(_RUNS, {}).get(Path(path).resolve())
        if run is None:
            return None
        if not run.finished():
            pytest.fail(
                f"{path} did not run through under nbval: cells {sorted(run.failed)} failed, "
                f"{len(run.code_cells) - len(run.passed | run.failed)} did not run"
            )
        return run.notebook()

    return get
