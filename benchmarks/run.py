"""Speed and memory of rothman as a student meets it; writes ``benchmarks/results.json``.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Every figure is measured
with a baseline in the same run, so that numbers from different machines can be compared.
``--only SECTION ...`` runs some sections and prints them without writing the results file;
with ``--write`` their figures go into it, the others kept.
``run.py class`` (or ``ROTHMAN_BENCH=class make bench``) runs only the class sections (``class``,
``class100``, ``poll``) and writes their figures into the results file, keeping the others.
Each section's date, load average before and after and duration are recorded under
``section_runs``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tools"))  # the harness shared with the browser tests

import _class  # noqa: E402
import _kernel  # noqa: E402
import _poll  # noqa: E402
import _visitors  # noqa: E402
import nbformat  # noqa: E402
import psutil  # noqa: E402

UPDATES = 200  # control changes in the kernel
CLASS_VISITORS = 30  # visitors opening the explorer at once (--class-visitors changes it)
CLASS100_VISITORS = 100  # the large class (--class100-visitors changes it)
POLL_SENDERS = 30  # students sending a live answer at once
POLL_ROUNDS = 10
#: The sections ``run.py class`` runs.
CLASS_SECTIONS = ("class", "class100", "poll")
BROWSER_UPDATES = 20
IMPORT_RUNS = 21
PACKAGES = (
    "rothman",
    "pandas",
    "numpy",
    "matplotlib",
    "ipywidgets",
    "jupyterlab_widgets",
    "ipykernel",
    "jupyterlab",
    "jupyter_server",
    "nbclient",
    "playwright",
    "pyyaml",
    "pillow",
)


def _sized(r: dict, key: str, size: int) -> dict:
    """``r`` if its class had the size a goal is set for, else KeyError: the goal is not judged."""
    if r.get(key) != size:
        raise KeyError(key)
    return r


#: key -> (goal text, check on the results); None where a figure has no goal.
GOALS = {
    "assess_us": ("≤ 50 µs", lambda r: r["assess_us"] <= 50),
    "update_ms": ("≤ 30 ms", lambda r: r["update_ms"] <= 30),
    "update_ms_p95": None,
    "floor_ms": None,
    # no goal since the chart became SVG text: see BENCHMARKS.md
    "update_over_floor": None,
    "naive_update_ms": None,
    "import_ms": ("≤ 50 ms", lambda r: r["import_ms"] <= 50),
    "notebooks_s": ("≤ 90 s", lambda r: r["notebooks_s"] <= 90 and not r["notebook_errors"]),
    "kernel_mb": ("≤ 1.25 × bare", lambda r: r["kernel_mb"] <= 1.25 * r["bare_kernel_mb"]),
    "bare_kernel_mb": None,
    "browser_update_ms": ("≤ 150 ms", lambda r: r["browser_update_ms"] <= 150),
    "class_server_p95_s": (
        "≤ 3 s",
        lambda r: (
            bool(_sized(r, "class_visitors", 30))
            and (r["class_server_p95_s"] <= 3 and not r["class_failed"])
        ),
    ),
    "class_sentinel_ratio": (
        "≤ 2",
        lambda r: (
            bool(_sized(r, "class_visitors", 30))
            and (r["class_sentinel_ratio"] is not None and r["class_sentinel_ratio"] <= 2)
        ),
    ),
    "class100_server_p95_s": (
        "≤ 10 s, 0 failed",
        lambda r: (
            bool(_sized(r, "class100_visitors", 100))
            and (r["class100_server_p95_s"] <= 10 and r["class100_failed"] == 0)
        ),
    ),
    "class_mb": (
        "≤ 3 GiB",
        lambda r: bool(_sized(r, "class_visitors", 30)) and (r["class_mb"] <= 3 * 1024),
    ),
    "class100_mb": (
        "≤ 10 GiB",
        lambda r: bool(_sized(r, "class100_visitors", 100)) and (r["class100_mb"] <= 10 * 1024),
    ),
    "class_ready_s": (
        "≤ 20 s",
        lambda r: (
            bool(_sized(r, "class_visitors", 30))
            and (r["class_ready_s"] is not None and r["class_ready_s"] <= 20)
        ),
    ),
    "poll_p95_ms": ("≤ 1000 ms", lambda r: r["poll_p95_ms"] <= 1000 and not r["poll_missed"]),
    "class_kernels_released_s": (
        "≤ 60 s",
        lambda r: (
            bool(_sized(r, "class_visitors", 30))
            and (r["class_kernels_released_s"] is not None and r["class_kernels_released_s"] <= 60)
        ),
    ),
    "class_browsers_tti_p95_s": (
        "≤ 5 s",
        lambda r: r["class_browsers_tti_p95_s"] <= 5 and not r["class_browsers_failed"],
    ),
    "class_browsers_tti_no_pool_p95_s": None,
    "report_summary_s": ("≤ 10 s", lambda r: r["report_summary_s"] <= 10),
    "class_browsers_html_p95_s": None,
    "class_browsers_mb_per_visitor": None,
    "class_browsers_kernels_released_s": (
        "≤ 60 s",
        lambda r: (
            r["class_browsers_kernels_released_s"] is not None
            and r["class_browsers_kernels_released_s"] <= 60
        ),
    ),
}


def _median(values) -> float:
    return statistics.median(values)


def _p95(values) -> float:
    if len(values) < 2:
        return max(values)
    return statistics.quantiles(values, n=20, method="inclusive")[18]


# --- the machine ----------------------------------------------------------------------------
def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    from harness import DESKTOP_CHROMIUM

    try:
        chromium = subprocess.run(
            [DESKTOP_CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = None
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu,
        "os": os_name,
        "python": platform.python_version(),
        "packages": versions,
        "chromium": chromium,
        "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")},
    }


# --- assess() -------------------------------------------------------------------------------
def bench_assess(_work: Path) -> dict:
    from in_kernel import steps

    from rothman import UNSURE, assess, community_variables
    from rothman.core.answers import validate_answers

    state = dict.fromkeys((v.key for v in community_variables()), UNSURE)
    states = []
    for key, level in steps(UPDATES):  # the answer sets a student passes through
        state = dict(state, **{key: level})
        states.append(state)

    def per_call(fn) -> float:
        fn()  # load the data files before timing
        runs = timeit.Timer(fn).repeat(repeat=15, number=5)
        return _median(runs) / (5 * len(states)) * 1e6

    def full(s):
        a = assess(s)
        return a.reasons, a.what_if, a.headline()

    return {
        "assess_us": per_call(lambda: [assess(s) for s in states]),
        "assess_baseline_us": per_call(lambda: [validate_answers(s) for s in states]),
        "assess_full_us": per_call(lambda: [full(s) for s in states]),
    }


# --- import ---------------------------------------------------------------------------------
def _in_fresh_interpreter(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=60,
    ).stdout


def _import_seconds(module: str, then: str = "") -> float:
    """Seconds that ``import <module>`` (and the statement ``then``) take in a fresh
    interpreter, read inside it.

    Timing inside the interpreter leaves out its start and its exit, which vary by more
    than the figure measured here.
    """
    timed = "; ".join(filter(None, [f"import {module}", then]))
    code = f"import time; t = time.perf_counter(); {timed}; print(time.perf_counter() - t)"
    return float(_in_fresh_interpreter(code))


#: ``import rothman`` loads its modules when a public name is first used: the import is
#: timed with the first use of the core's ``assess``.
REACH_THE_CORE = "rothman.assess"


def bench_import(_work: Path) -> dict:
    _import_seconds("rothman", REACH_THE_CORE)  # warm the file cache
    rothman_s, pandas_s = [], []
    for _ in range(IMPORT_RUNS):  # interleaved, so drift hits both alike
        pandas_s.append(_import_seconds("pandas"))
        rothman_s.append(_import_seconds("rothman", REACH_THE_CORE))
    probe = (
        f"import sys, json, rothman; {REACH_THE_CORE}; print(json.dumps([m for m in "
        "('pandas', 'matplotlib', 'ipywidgets', 'IPython') if m in sys.modules]))"
    )
    return {
        "import_ms": _median(rothman_s) * 1000,
        "import_pandas_ms": _median(pandas_s) * 1000,
        "import_loads_heavy": json.loads(_in_fresh_interpreter(probe)),
    }


# --- the explorer in a kernel ---------------------------------------------------------------
def bench_update(work: Path) -> dict:
    code = (
        f"import sys, json; sys.path.insert(0, {str(HERE)!r})\n"
        "import in_kernel\n"
        f"print('BENCH ' + json.dumps(in_kernel.run({UPDATES})))"
    )
    with _kernel.kernel(work) as k:
        out = k.run(code)
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    raw = json.loads(line[len("BENCH ") :])
    update, floor, naive = _median(raw["update"]), _median(raw["floor"]), _median(raw["naive"])
    return {
        "update_ms": update,
        "update_ms_p95": _p95(raw["update"]),
        "update_ms_first": raw["update"][0],
        "floor_ms": floor,
        "update_over_floor": update / floor,
        "naive_update_ms": naive,
        "naive_update_ms_p95": _p95(raw["naive"]),
    }


# --- notebooks ------------------------------------------------------------------------------
NOTEBOOKS = ROOT / "notebooks"


def _notebook_copy(work: Path) -> Path:
    target = work / "notebooks"
    if not target.exists():
        shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/[0-9][0-9]_*.ipynb"))


def _explorer_notebook(folder: Path) -> Path:
    found = sorted(folder.glob("en/03_*.ipynb"))
    if not found:
        raise FileNotFoundError("no explorer notebook notebooks/en/03_*.ipynb")
    return found[0]


def bench_notebooks(work: Path) -> dict:
    folder = _notebook_copy(work)
    paths = _notebooks(folder)
    if not paths:
        raise FileNotFoundError("no notebooks found under notebooks/*/NN_*.ipynb")
    empty = work / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), empty)
    empty_s = _kernel.execute_notebook(empty, work)
    each, errors = {}, {}
    for path in paths:
        name = str(path.relative_to(folder))
        start = time.perf_counter()
        try:
            _kernel.execute_notebook(path, path.parent)
        except Exception as exc:  # noqa: BLE001 - a failing notebook is reported, not fatal
            errors[name] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:300]}"
        each[name] = round(time.perf_counter() - start, 2)
    return {
        "notebooks_s": sum(each.values()),
        "notebooks_count": len(paths),
        "empty_notebook_s": empty_s,
        "notebooks": each,
        "notebook_errors": errors,
    }


# --- memory ---------------------------------------------------------------------------------
def _settled_rss(session: _kernel.KernelSession) -> float:
    session.run("import gc; gc.collect()")
    time.sleep(1.0)
    return session.rss_mb()


def bench_memory(work: Path) -> dict:
    notebook = _explorer_notebook(_notebook_copy(work))
    with _kernel.kernel(notebook.parent) as k:
        k.run_notebook(nbformat.read(notebook, as_version=4))
        kernel_mb = _settled_rss(k)
    with _kernel.kernel(work) as k:
        k.run("import pandas, matplotlib, ipywidgets")
        bare_mb = _settled_rss(k)
    return {
        "kernel_mb": kernel_mb,
        "bare_kernel_mb": bare_mb,
        "kernel_over_bare": kernel_mb / bare_mb,
        "memory_notebook": str(notebook.relative_to(work / "notebooks")),
    }


# --- the browser ----------------------------------------------------------------------------
def bench_browser(work: Path) -> dict:
    import _browser
    from harness import jupyterlab

    root = work / "lab-root"
    notebook = _explorer_notebook(_notebook_copy(work))
    shutil.copytree(notebook.parent.parent, root)
    copy = root / notebook.relative_to(work / "notebooks")
    nb = nbformat.read(copy, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(_browser.BASELINE_CELL))
    # without a kernel spec JupyterLab asks which kernel to start
    nb.metadata.setdefault(
        "kernelspec",
        {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    )
    nbformat.write(nb, copy)
    with jupyterlab(root, work) as server:
        url = server.page_url(copy.relative_to(root).as_posix(), fresh_workspace=False)
        raw = _browser.measure(url, BROWSER_UPDATES, shots=work)
        # the single-user server itself (kernels are its children and are not counted)
        server_mb = psutil.Process(server.pid).memory_info().rss / 2**20
    return {
        "server_mb": server_mb,
        "browser_update_ms": _median(raw["explorer"]),
        "browser_update_ms_max": max(raw["explorer"]),
        "browser_baseline_ms": _median(raw["baseline"]),
    }


# --- a class arriving at once, every page in one Chromium ------------------------------------
def bench_class_browsers(work: Path) -> dict:
    n = CLASS_VISITORS
    pooled = _class.measure(n, pool=True, work=work)
    cold = _class.measure(n, pool=False, work=work)
    for run in (pooled, cold):
        if not run["times"]:
            raise RuntimeError(f"no page of {n} became usable")

    def stats(times):
        return _median(times), _p95(times), max(times)

    p50, p95, most = stats(pooled["times"])
    cold_p50, cold_p95, cold_most = stats(cold["times"])
    figures = {
        "class_visitors": n,
        "class_tti_p50_s": p50,
        "class_tti_p95_s": p95,
        "class_tti_max_s": most,
        "class_failed": pooled["failed"],
        "class_tti_no_pool_p50_s": cold_p50,
        "class_tti_no_pool_p95_s": cold_p95,
        "class_tti_no_pool_max_s": cold_most,
        "class_no_pool_failed": cold["failed"],
        "class_html_p95_s": _p95(pooled["html"]),
        "class_html_no_pool_p95_s": _p95(cold["html"]),
        "class_distinct_kernels": pooled["distinct_kernels"],
        "class_mb": pooled["mb"],
        "class_mb_ready": pooled["before_mb"],
        "class_kernels": pooled["kernels"],
        "class_kernels_ready": pooled["before_kernels"],
        "class_mb_per_visitor": pooled["mb"] / n,
        "class_no_pool_mb": cold["mb"],
        "class_no_pool_mb_per_visitor": cold["mb"] / n,
        "class_kernels_released_s": pooled["released_s"],
    }
    return {key.replace("class_", "class_browsers_", 1): v for key, v in figures.items()}


# --- a class as students' own devices meet the server ---------------------------------------
def _server_p95(run: dict, n: int, timeout: float) -> float:
    """p95 over all ``n`` visitors, one that never had its state counted at the timeout."""
    return _p95(run.get("times", []) + [timeout] * (n - len(run.get("times", []))))


def _class_figures(prefix: str, run: dict, n: int, timeout: float) -> dict:
    memory = run.get("memory") or {}
    arrived = run.get("memory_arrived") or {}
    ready = run.get("ready_memory") or {}
    return {
        f"{prefix}_visitors": n,
        f"{prefix}_ready_s": run.get("ready_s"),
        f"{prefix}_server_p95_s": _server_p95(run, n, timeout),
        f"{prefix}_server_p50_s": _median(run["times"]) if run.get("times") else None,
        f"{prefix}_server_max_s": max(run["times"]) if run.get("times") else None,
        f"{prefix}_html_p95_s": _p95(run["html"]) if run.get("html") else None,
        f"{prefix}_failed": n - len(run.get("times", [])),
        f"{prefix}_errors": run.get("errors", []),
        f"{prefix}_timeout_s": timeout,
        f"{prefix}_distinct_kernels": run.get("distinct_kernels"),
        f"{prefix}_mb": memory.get("pss"),
        f"{prefix}_uss_mb": memory.get("uss"),
        f"{prefix}_rss_mb": memory.get("rss"),
        f"{prefix}_kernels": run.get("kernels"),
        f"{prefix}_arrived_mb": arrived.get("pss"),
        f"{prefix}_arrived_kernels": run.get("kernels_arrived"),
        f"{prefix}_settled_s": run.get("settled_s"),
        f"{prefix}_ready_mb": ready.get("pss"),
        f"{prefix}_ready_kernels": run.get("ready_kernels"),
        f"{prefix}_kernels_released_s": run.get("released_s"),
        f"{prefix}_not_released": run.get("not_released"),
        f"{prefix}_stop_s": run.get("stop_s"),
        f"{prefix}_left_processes": run.get("left_processes"),
        f"{prefix}_stopped_low_memory": run.get("stopped_low_memory"),
        f"{prefix}_preparing_peak_rss_mb": run.get("peak_rss_mb"),
    }


CLASS_TIMEOUT_S = 120  # a visitor without its state by then has failed
CLASS100_TIMEOUT_S = 180


def bench_class(work: Path) -> dict:
    n = CLASS_VISITORS
    run = _visitors.measure(n, work, sentinel=True, timeout=CLASS_TIMEOUT_S)
    # n arrivals: n - 1 protocol visitors and the real page
    out = _class_figures("class", run, n - 1, CLASS_TIMEOUT_S)
    out["class_visitors"] = n
    sentinel, alone = run.get("sentinel_s"), run.get("alone_s")
    out.update(
        class_sentinel_tti_s=sentinel,
        class_alone_tti_s=alone,
        class_alone_runs_s=run.get("alone_runs"),
        class_warmup_tti_s=run.get("warmup_s"),
        class_sentinel_ratio=sentinel / alone if sentinel and alone else None,
        class_sentinel_error=run.get("sentinel_error"),
        class_alone_error=run.get("alone_error"),
    )
    return out


def bench_class100(work: Path) -> dict:
    n = CLASS100_VISITORS
    run = _visitors.measure(n, work, sentinel=False, timeout=CLASS100_TIMEOUT_S, ready_timeout=420)
    return _class_figures("class100", run, n, CLASS100_TIMEOUT_S)


def bench_poll(work: Path) -> dict:
    run = _poll.measure(POLL_SENDERS, POLL_ROUNDS, work)
    times = run["times"]
    return {
        "poll_senders": POLL_SENDERS,
        "poll_rounds": POLL_ROUNDS,
        "poll_p95_ms": _p95(times) if times else None,
        "poll_median_ms": _median(times) if times else None,
        "poll_first_ms": times[0] if times else None,
        "poll_max_ms": max(times) if times else None,
        "poll_missed": run["missed"],
        "poll_send_errors": run["error_count"],
        "poll_slowest_send_ms": max(run["slowest_send"], default=None),
    }


# --- class summary of field-practicum reports ----------------------------------------------
REPORTS = 300


def _write_reports(folder: Path, count: int) -> None:
    """``count`` varied reports (fixed seed): single and multi-level answers, phases, gaps."""
    import random

    from rothman import UNSURE, community_variables
    from rothman.practicum.report import Phase, Report, save_report

    rng = random.Random(11)
    variables = community_variables()

    def answers() -> dict:
        out = {}
        for var in variables:
            levels = [lv for lv in var.level_keys if lv != UNSURE]
            kind = rng.random()
            if kind < 0.6:
                out[var.key] = rng.choice(levels)
            elif kind < 0.75:
                out[var.key] = tuple(rng.sample(levels, 2))
            elif kind < 0.85:
                out[var.key] = UNSURE
        return out

    folder.mkdir()
    for i in range(count):
        chosen = answers()
        report = Report(
            lang=rng.choice(("en", "id")),
            student=f"Student {i}",
            community=f"Community {i}",
            answers=chosen,
            evidence={k: f"Seen at meeting {i}" for k in chosen if rng.random() < 0.7},
            phases=tuple(Phase(f"Phase {n}", answers()) for n in range(rng.choice((0, 0, 2)))),
            reflection="A reflection. " * 20,
        )
        save_report(report, folder / f"student_{i:03}.yaml")
    (folder / "broken.yaml").write_text("answers: {goal: [capacity\n", encoding="utf-8")


def bench_report(work: Path) -> dict:
    from rothman.practicum.summary import summarise, summary_csv, summary_html

    folder = work / "reports"
    _write_reports(folder, REPORTS)
    out = work / "class.html"
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rothman", "report", "--summary", str(folder), "-o", str(out),
         "--csv", str(work / "class.csv"), "--force"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    if done.returncode != 1 or "broken.yaml" not in done.stderr:  # the bad file is named
        raise RuntimeError(f"report --summary: exit {done.returncode}: {done.stderr[-500:]}")
    t0 = time.perf_counter()
    summary = summarise(folder)
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    summary_html(summary), summary_csv(summary)
    render_s = time.perf_counter() - t0
    return {
        "report_summary_s": wall,
        "report_summary_files": len(summary.rows) + len(summary.problems),
        "report_summary_read_s": read_s,
        "report_summary_render_s": render_s,
    }


SECTIONS = {
    "assess": bench_assess,
    "import": bench_import,
    "update": bench_update,
    "notebooks": bench_notebooks,
    "memory": bench_memory,
    "browser": bench_browser,
    "class": bench_class,
    "class100": bench_class100,
    "poll": bench_poll,
    "report": bench_report,
    "class_browsers": bench_class_browsers,
}
#: Sections left out of a full run (their figures are covered by others): run them with --only.
OPT_IN = ("class_browsers",)


# --- report ---------------------------------------------------------------------------------
def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}{unit}" if value >= 10 else f"{value:.2f}{unit}"
    return f"{value}{unit}"


def table(r: dict) -> str:
    g = r.get
    rows = [
        (
            "assess_us",
            _fmt(g("assess_us"), " µs"),
            f"validate_answers() alone {_fmt(g('assess_baseline_us'), ' µs')}; "
            f"with reasons and what-if {_fmt(g('assess_full_us'), ' µs')}",
        ),
        ("update_ms", _fmt(g("update_ms"), " ms"), f"floor {_fmt(g('floor_ms'), ' ms')}"),
        (
            "update_ms_p95",
            _fmt(g("update_ms_p95"), " ms"),
            f"first change {_fmt(g('update_ms_first'), ' ms')}",
        ),
        (
            "floor_ms",
            _fmt(g("floor_ms"), " ms"),
            "the explorer's final chart drawn as SVG text, between the changes",
        ),
        ("update_over_floor", _fmt(g("update_over_floor")), "update_ms / floor_ms"),
        (
            "naive_update_ms",
            _fmt(g("naive_update_ms"), " ms"),
            f"p95 {_fmt(g('naive_update_ms_p95'), ' ms')}",
        ),
        (
            "import_ms",
            _fmt(g("import_ms"), " ms"),
            f"import rothman and its core's first use; baseline: import pandas "
            f"{_fmt(g('import_pandas_ms'), ' ms')}; loads "
            f"{', '.join(g('import_loads_heavy') or []) or 'no pandas/matplotlib/ipywidgets'}",
        ),
        (
            "notebooks_s",
            _fmt(g("notebooks_s"), " s"),
            f"{g('notebooks_count')} notebooks; empty notebook {_fmt(g('empty_notebook_s'), ' s')}; "
            f"errors {len(g('notebook_errors') or {})}",
        ),
        ("kernel_mb", _fmt(g("kernel_mb"), " MiB"), f"× {_fmt(g('kernel_over_bare'))} of bare"),
        (
            "bare_kernel_mb",
            _fmt(g("bare_kernel_mb"), " MiB"),
            "kernel with pandas, matplotlib, ipywidgets imported",
        ),
        (
            "server_mb",
            _fmt(g("server_mb"), " MiB"),
            "JupyterLab server with the explorer open (its kernels not counted)",
        ),
        (
            "browser_update_ms",
            _fmt(g("browser_update_ms"), " ms"),
            f"bare widget round trip {_fmt(g('browser_baseline_ms'), ' ms')}; "
            f"max {_fmt(g('browser_update_ms_max'), ' ms')}",
        ),
        (
            "class_server_p95_s",
            _fmt(g("class_server_p95_s"), " s"),
            f"{g('class_visitors')} arriving at once on `present --class {g('class_visitors')}`: "
            f"{(g('class_visitors') or 1) - 1} protocol visitors (this p95, p50 "
            f"{_fmt(g('class_server_p50_s'), ' s')}, max {_fmt(g('class_server_max_s'), ' s')}; "
            f"page HTML p95 {_fmt(g('class_html_p95_s'), ' s')}; failed {g('class_failed')}) "
            "and one Chromium page",
        ),
        (
            "class_sentinel_ratio",
            _fmt(g("class_sentinel_ratio")),
            f"the Chromium page among the others {_fmt(g('class_sentinel_tti_s'), ' s')} / "
            f"alone {_fmt(g('class_alone_tti_s'), ' s')} (median of "
            f"{', '.join(_fmt(t, ' s') for t in g('class_alone_runs_s') or [])}; "
            f"warm-up page {_fmt(g('class_warmup_tti_s'), ' s')}, not counted)",
        ),
        (
            "class_mb",
            _fmt(g("class_mb"), " MiB"),
            f"sum of PSS: the command, Voilà and {g('class_kernels')} kernels with the class on, "
            f"{_fmt(g('class_settled_s'), ' s')} after it arrived (USS "
            f"{_fmt(g('class_uss_mb'), ' MiB')}, RSS {_fmt(g('class_rss_mb'), ' MiB')}); "
            f"as it arrived {_fmt(g('class_arrived_mb'), ' MiB')}, {g('class_arrived_kernels')} "
            f"kernels; when Ready {_fmt(g('class_ready_mb'), ' MiB')}, "
            f"{g('class_ready_kernels')} kernels",
        ),
        (
            "class_ready_s",
            _fmt(g("class_ready_s"), " s"),
            f"`present --class {g('class_visitors')}` started until it printed Ready",
        ),
        (
            "class_kernels_released_s",
            _fmt(g("class_kernels_released_s"), " s"),
            f"every page closed until their kernels were gone (left: {g('class_not_released')}); "
            f"server stopped by SIGTERM in {_fmt(g('class_stop_s'), ' s')}, processes left "
            f"{g('class_left_processes')}",
        ),
        (
            "class100_server_p95_s",
            _fmt(g("class100_server_p95_s"), " s"),
            f"{g('class100_visitors')} protocol visitors at once on `present --class "
            f"{g('class100_visitors')}`: p50 {_fmt(g('class100_server_p50_s'), ' s')}; failed "
            f"{g('class100_failed')} (counted at the {g('class100_timeout_s')} s timeout); "
            f"Ready after {_fmt(g('class100_ready_s'), ' s')}",
        ),
        (
            "class100_mb",
            _fmt(g("class100_mb"), " MiB"),
            f"sum of PSS with {g('class100_kernels')} kernels, settled (as it arrived "
            f"{_fmt(g('class100_arrived_mb'), ' MiB')}; USS "
            f"{_fmt(g('class100_uss_mb'), ' MiB')}); when Ready "
            f"{_fmt(g('class100_ready_mb'), ' MiB')}; RSS at most "
            f"{_fmt(g('class100_preparing_peak_rss_mb'), ' MiB')} while preparing; stopped for "
            f"want of memory: {g('class100_stopped_low_memory')}",
        ),
        (
            "poll_p95_ms",
            _fmt(g("poll_p95_ms"), " ms"),
            f"{g('poll_senders')} processes send to `ClassRoom` at once, a reader polls `tally` "
            f"every 100 ms until it counts them all; {g('poll_rounds')} rounds: median "
            f"{_fmt(g('poll_median_ms'), ' ms')}, first round {_fmt(g('poll_first_ms'), ' ms')}; "
            f"slowest single send {_fmt(g('poll_slowest_send_ms'), ' ms')}; rounds missed "
            f"{g('poll_missed')}, send errors {g('poll_send_errors')}",
        ),
        (
            "class_browsers_tti_p95_s",
            _fmt(g("class_browsers_tti_p95_s"), " s"),
            f"{g('class_browsers_visitors')} visitors at once, pool of {g('class_browsers_visitors')}: "
            f"p50 {_fmt(g('class_browsers_tti_p50_s'), ' s')}, max {_fmt(g('class_browsers_tti_max_s'), ' s')}; "
            f"never usable {g('class_browsers_failed')}",
        ),
        (
            "class_browsers_tti_no_pool_p95_s",
            _fmt(g("class_browsers_tti_no_pool_p95_s"), " s"),
            f"same without the pool (plain presentation mode): p50 "
            f"{_fmt(g('class_browsers_tti_no_pool_p50_s'), ' s')}, max "
            f"{_fmt(g('class_browsers_tti_no_pool_max_s'), ' s')}; never usable {g('class_browsers_no_pool_failed')}",
        ),
        (
            "class_browsers_html_p95_s",
            _fmt(g("class_browsers_html_p95_s"), " s"),
            "the server's share: until each page's document (with its view) had arrived; "
            f"without the pool {_fmt(g('class_browsers_html_no_pool_p95_s'), ' s')}",
        ),
        (
            "class_browsers_mb_per_visitor",
            _fmt(g("class_browsers_mb_per_visitor"), " MiB"),
            f"server + kernels {_fmt(g('class_browsers_mb'), ' MiB')} RSS with the pages "
            f"open (pools ready before: {g('class_browsers_kernels_ready')} kernels, "
            f"{_fmt(g('class_browsers_mb_ready'), ' MiB')}); without the pool "
            f"{_fmt(g('class_browsers_no_pool_mb_per_visitor'), ' MiB')}",
        ),
        (
            "class_browsers_kernels_released_s",
            _fmt(g("class_browsers_kernels_released_s"), " s"),
            "all pages closed at once until their kernels are gone",
        ),
        (
            "report_summary_s",
            _fmt(g("report_summary_s"), " s"),
            f"rothman report --summary on {g('report_summary_files')} files, HTML and CSV, from "
            f"the command's start; in one process: reading {_fmt(g('report_summary_read_s'), ' s')}"
            f", the page and CSV {_fmt(g('report_summary_render_s'), ' s')}",
        ),
    ]
    lines = ["| key | value | baseline / detail | goal | result |", "|---|---|---|---|---|"]
    for key, value, detail in rows:
        goal = GOALS.get(key)
        verdict = r.get("passed", {}).get(key)
        result = "—" if goal is None else {True: "pass", False: "FAIL", None: "not run"}[verdict]
        if goal is not None and verdict is None and r.get(key) is not None:
            result = "not judged (another size)"
        lines.append(f"| `{key}` | {value} | {detail} | {goal[0] if goal else '—'} | {result} |")
    return "\n".join(lines)


def _merge_previous(results: dict, chosen: list[str]) -> dict:
    """The last recorded results with this run's figures (and load, errors) written over them.

    The machine and the load of the last full run stay; each section run now is recorded in
    ``section_runs`` (date, load before and after, seconds), and the class sections' run as a
    whole in ``class_run``.
    """
    out = HERE / "results.json"
    try:
        previous = json.loads(out.read_text())
    except (OSError, ValueError):
        previous = {}
    merged = dict(previous, **results)
    merged["errors"] = {
        k: v for k, v in previous.get("errors", {}).items() if k not in chosen
    } | results["errors"]
    merged["section_runs"] = previous.get("section_runs", {}) | results["section_runs"]
    if set(chosen) & set(CLASS_SECTIONS):
        merged["class_run"] = {
            "sections": chosen,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load_before": results["load_before"],
            "load_after": results["load_after"],
            "seconds": results["bench_seconds"],
        }
    for key in ("load_before", "load_after", "bench_seconds", "machine"):
        if key in previous:
            merged[key] = previous[key]
    return merged


def main(argv: list[str] | None = None) -> int:
    global CLASS_VISITORS, CLASS100_VISITORS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "group",
        nargs="?",
        choices=["all", "class"],
        default=os.environ.get("ROTHMAN_BENCH") or "all",
        help="'class': only the class sections, written into the results file "
        "(also ROTHMAN_BENCH=class)",
    )
    parser.add_argument("--only", nargs="+", choices=list(SECTIONS), help="run only these")
    parser.add_argument(
        "--write",
        action="store_true",
        help="with --only: write these sections' figures into the results file, keeping the others",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument(
        "--class-visitors",
        type=int,
        default=30,
        metavar="N",
        help="visitors opening the explorer at once in the class section",
    )
    parser.add_argument(
        "--class100-visitors", type=int, default=100, metavar="N", help="the large class's size"
    )
    parser.add_argument("--notebooks", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.notebooks is not None:  # another copy of the course, e.g. while it is being written
        global NOTEBOOKS
        NOTEBOOKS = args.notebooks.resolve()
    CLASS_VISITORS = args.class_visitors
    CLASS100_VISITORS = args.class100_visitors
    if args.only:
        chosen = args.only
    elif args.group == "class":
        chosen = list(CLASS_SECTIONS)
    else:
        chosen = [name for name in SECTIONS if name not in OPT_IN]
    work = Path(tempfile.mkdtemp(prefix="rothman-bench-"))
    results: dict = {"machine": machine(), "section_runs": {}}
    errors = {}
    started = time.perf_counter()
    results["load_before"] = os.getloadavg()[0]
    if results["load_before"] > 1.0:
        print(
            f"[bench] load average {results['load_before']:.1f}: other work shares this machine's "
            f"{os.cpu_count()} cores, so the times below will be slower than on a quiet machine",
            flush=True,
        )
    try:
        for name in chosen:
            print(f"[bench] {name} ... (load average {os.getloadavg()[0]:.2f})", flush=True)
            t0 = time.perf_counter()
            record = {
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "load_before": round(os.getloadavg()[0], 2),
            }
            try:
                results.update(SECTIONS[name](work))
            except Exception as exc:  # noqa: BLE001 - report every section, then fail
                traceback.print_exc()
                errors[name] = f"{type(exc).__name__}: {exc}"
            record["load_after"] = round(os.getloadavg()[0], 2)
            record["seconds"] = round(time.perf_counter() - t0, 1)
            results["section_runs"][name] = record
            print(
                f"[bench] {name} done in {record['seconds']} s "
                f"(load average {record['load_after']:.2f})",
                flush=True,
            )
    finally:
        if args.keep:
            print(f"[bench] work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["errors"] = errors
    results["load_after"] = os.getloadavg()[0]
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    this_run = {k: results[k] for k in ("load_before", "load_after", "bench_seconds")}
    write = args.write or not args.only
    if write and (args.only or args.group == "class"):
        results = _merge_previous(results, chosen)
    results["passed"] = {}
    for key, goal in GOALS.items():
        if goal is not None:
            try:
                results["passed"][key] = bool(goal[1](results))
            except (KeyError, TypeError):
                results["passed"][key] = None
    for name, problem in results.get("notebook_errors", {}).items():
        print(f"[bench] notebook failed: {name}: {problem}")
    print()
    print(
        f"load average (1 min) {this_run['load_before']:.2f} before, "
        f"{this_run['load_after']:.2f} after; {os.cpu_count()} cores"
    )
    print(table(results))
    print()
    if not write:
        print("[bench] partial run: benchmarks/results.json left unchanged (--write writes it)")
    else:
        out = HERE / "results.json"
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"[bench] wrote {out.relative_to(ROOT)} after {this_run['bench_seconds']} s")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
