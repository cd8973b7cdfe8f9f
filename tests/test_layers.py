"""The package's shape: layers in one direction, no import circle, small modules.

The import graph is read by grimp (import-linter's own reader), which sees every ``import``
statement of a module, those inside functions included.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "rothman"
LAYERS = ("cli", "classroom", "notebook", "practicum", "render", "core")
MAX_LINES = 400


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("rothman", cache_dir=None)


def _circles(graph) -> list[list[str]]:
    """Every strongly connected set of more than one module (Tarjan), each as a sorted list."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.find_modules_directly_imported_by(nxt)))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        part.append(top)
                        if top == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_the_circle_finder_finds_a_circle():
    made = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        made.add_module(name)
    made.add_import(importer="p.a", imported="p.b")
    made.add_import(importer="p.b", imported="p.a")
    made.add_import(importer="p.c", imported="p.a")
    assert _circles(made) == [["p.a", "p.b"]]


def test_no_import_circle_anywhere_in_the_package(graph):
    # packages import their own modules by name only in __init__ (the lazy public API does not
    # import at all), so a package and its modules are no circle of code
    assert _circles(graph) == []


def test_the_layers_are_subpackages_with_few_modules_left_at_the_top():
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert sorted(LAYERS) == packages
    assert len(list(PACKAGE.glob("*.py"))) <= 6


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_passes_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_each_layer_imports_only_layers_below_it(graph):
    for at, layer in enumerate(LAYERS):
        for higher in LAYERS[:at]:
            assert not graph.chain_exists(
                importer=f"rothman.{layer}", imported=f"rothman.{higher}", as_packages=True
            ), f"rothman.{layer} reaches up to rothman.{higher}"


def test_the_core_imports_no_widget_plot_or_server_library():
    code = (
        "import sys, rothman.core, pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(rothman.core.__path__, 'rothman.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "heavy = {'ipywidgets', 'IPython', 'matplotlib', 'voila', 'jupyter_server'}\n"
        "print(sorted(heavy & {n.split('.')[0] for n in sys.modules}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], capture_output=True, text=True, cwd=PACKAGE.parent
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_importing_the_package_and_its_widgets_loads_no_pandas_or_matplotlib():
    # a class kernel imports these for every student: pandas and matplotlib are loaded only by
    # the functions that build a DataFrame or draw a raster figure
    code = (
        "import sys, rothman, rothman.notebook.explorer, rothman.notebook.quiz, "
        "rothman.classroom.views\n"
        "print(sorted({'pandas', 'matplotlib'} & {n.split('.')[0] for n in sys.modules}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
