"""Timings taken inside a Jupyter kernel (imported there by ``run.py``).

Each control change is a real ``dropdown.value = ...`` in a kernel whose widget messages go
out over the kernel's IOPub channel to a connected client, as they do for a student.
"""

from __future__ import annotations

import io
import time

import ipywidgets as w
from IPython import get_ipython
from IPython.display import HTML, display

from rothman import UNSURE, assess, community_variables, text
from rothman.plots import fit_figure, fit_summary, style
from rothman.widgets import Explorer


def steps(n: int) -> list[tuple[str, str]]:
    """``n`` changes cycling through every control and, for each, through all its levels.

    Starts from all ``unsure``; every step really changes the control's value.
    """
    variables = community_variables()
    state = dict.fromkeys((v.key for v in variables), UNSURE)
    out = []
    for i in range(n):
        var = variables[i % len(variables)]
        keys = var.level_keys
        state[var.key] = keys[(keys.index(state[var.key]) + 1) % len(keys)]
        out.append((var.key, state[var.key]))
    return out


def _timed(controls: dict[str, w.Dropdown], changes: list[tuple[str, str]]) -> list[float]:
    times = []
    for key, level in changes:
        dropdown = controls[key]
        start = time.perf_counter()
        dropdown.value = level  # observers run synchronously: every output is sent on return
        times.append((time.perf_counter() - start) * 1000)
    return times


def explorer(n: int) -> tuple[list[float], Explorer]:
    """Milliseconds per control change of the library's explorer."""
    ex = Explorer(lang="en")
    display(ex.widget)
    times = _timed(ex.controls, steps(n))
    expected = assess(ex.answers)
    assert ex.assessment == expected
    assert ex.plot_image.value == ex._plot.png(), "plot image is stale"
    assert fit_summary(expected) in ex.summary.value
    return times, ex


def naive(n: int) -> list[float]:
    """The same changes, shown the naive way: clear an Output, display texts and a new figure."""
    get_ipython().run_line_magic("matplotlib", "inline")  # as a notebook showing figures does
    figure_check = fit_figure(assess({}))
    assert "image/png" in get_ipython().display_formatter.format(figure_check)[0]
    variables = community_variables()
    controls = {
        v.key: w.Dropdown(options=[(lv.label("en"), lv.key) for lv in v.levels], value=UNSURE)
        for v in variables
    }
    out = w.Output()

    def show(_change=None) -> None:
        result = assess({k: d.value for k, d in controls.items()})
        out.clear_output()
        with out:
            display(HTML(result._repr_html_()))
            if result.power_structure_role is not None:
                role = result.power_structure_role
                display(HTML(f"<p>{text('explorer_role', 'en')}: {role.explanation('en')}</p>"))
            display(fit_figure(result))
            display(HTML(f"<p>{fit_summary(result)}</p>"))

    for dropdown in controls.values():
        dropdown.observe(show, names="value")
    display(w.VBox([*controls.values(), out]))
    show()
    return _timed(controls, steps(n))


def render_floor(figure, n: int) -> list[float]:
    """Milliseconds to render ``figure`` once to PNG at the style's size and dpi."""
    dpi = style()["figure"]["dpi"]
    times = []
    for _ in range(n):
        buffer = io.BytesIO()
        start = time.perf_counter()
        figure.savefig(buffer, format="png", dpi=dpi)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(n: int = 200, floor_n: int = 50) -> dict[str, list[float]]:
    """All the in-kernel timings, in milliseconds per sample."""
    times, ex = explorer(n)
    floor = render_floor(ex._plot.figure, floor_n)
    return {"update": times, "floor": floor, "naive": naive(n)}
