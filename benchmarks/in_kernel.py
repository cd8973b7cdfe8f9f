"""Timings taken inside a Jupyter kernel (imported there by ``run.py``).

Each control change is a real ``dropdown.value = ...`` in a kernel whose widget messages go
out over the kernel's IOPub channel to a connected client, as they do for a student.
"""

from __future__ import annotations

import time

import ipywidgets as w
from IPython import get_ipython
from IPython.display import HTML, display

from rothman import UNSURE, assess, community_variables, text
from rothman.notebook.explorer import Explorer
from rothman.render.assessment_html import assessment_html
from rothman.render.plots import fit_figure, fit_summary, fit_svg


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


#: Seconds of quiet before each timed sample. A student's changes are seconds apart, so each
#: starts after the kernel has finished sending the previous one's messages.
PAUSE = 0.02


def _final_answers(changes: list[tuple[str, str]]) -> dict[str, str]:
    state = dict.fromkeys((v.key for v in community_variables()), UNSURE)
    state.update(changes)
    return state


def _change_ms(dropdown: w.Dropdown, level: str) -> float:
    time.sleep(PAUSE)
    start = time.perf_counter()
    dropdown.value = level  # observers run synchronously: every output is sent on return
    return (time.perf_counter() - start) * 1000


def explorer(n: int) -> dict[str, list[float]]:
    """Milliseconds per control change of the library's explorer, and the render floor.

    The floor renders the explorer's final figure: an identical figure (checked below) is
    drawn between the changes, so that both series meet the same conditions on the machine.
    """
    changes = steps(n)
    final = assess(_final_answers(changes))
    ex = Explorer(lang="en")
    display(ex.widget)
    updates, floor = [], []
    for key, level in changes:
        updates.append(_change_ms(ex.controls[key], level))
        floor.append(_svg_ms(final))
    expected = assess(ex.answers)
    assert ex.assessment == expected
    assert ex.plot_svg == ex.plot_image.value, "chart is stale"
    assert fit_summary(expected) in ex.summary.value
    assert expected == final, "the floor drew another chart"
    return {"update": updates, "floor": floor}


def _svg_ms(assessment) -> float:
    """Draw the explorer's chart (SVG text) once, send nothing: the floor of an update."""
    start = time.perf_counter()
    fit_svg(assessment, "rothman-fit-floor")
    return (time.perf_counter() - start) * 1000


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
            display(HTML(assessment_html(result)))
            if result.power_structure_role is not None:
                role = result.power_structure_role
                display(HTML(f"<p>{text('explorer_role', 'en')}: {role.explanation('en')}</p>"))
            display(fit_figure(result))
            display(HTML(f"<p>{fit_summary(result)}</p>"))

    for dropdown in controls.values():
        dropdown.observe(show, names="value")
    display(w.VBox([*controls.values(), out]))
    show()
    return [_change_ms(controls[key], level) for key, level in steps(n)]


def run(n: int = 200) -> dict[str, list[float]]:
    """All the in-kernel timings, in milliseconds per sample."""
    return {**explorer(n), "naive": naive(n)}
