"""axe-core audits for the browser tests (axe-core bundled by the PyPI package
axe-playwright-python): no serious or critical violation may remain.

A page of our own is audited whole (:func:`assert_page_passes`). In JupyterLab the page is
audited without JupyterLab's own parts (:data:`LAB_CHROME`), then our widget on its own with
every rule (:func:`assert_lab_page_passes`).
"""

from __future__ import annotations

import pytest

pytest.importorskip("axe_playwright_python")
from axe_playwright_python.sync_playwright import Axe

BLOCKING = ("serious", "critical")

#: Parts of JupyterLab's own page, not ours, left out of the audit in JupyterLab (each with
#: the reason). The widgets and their output area are always audited.
LAB_CHROME = {
    # the file browser, menu bar, side bars, tab bar and status bar: JupyterLab's own
    # markup; a rule there is for JupyterLab to fix, and none of it is rothman's
    "#jp-top-panel": "JupyterLab's menu bar",
    "#jp-left-stack": "JupyterLab's file browser and side panels",
    ".jp-SideBar": "JupyterLab's side bars",
    "#jp-main-statusbar": "JupyterLab's status bar",
    ".lm-DockPanel-tabBar": "JupyterLab's tab bar",
    ".jp-Toolbar": "JupyterLab's notebook toolbar",
    # the code editors of the notebook's cells (CodeMirror's text box has no label)
    ".jp-InputArea": "JupyterLab's cell editors",
    # a plot that a notebook cell shows: JupyterLab's image renderer writes no alt text
    # (see the Jupyter notes); every such plot in the course is followed by its text summary
    ".jp-RenderedImage": "JupyterLab's renderer of image outputs",
}
#: Rules left out of the audit of JupyterLab's whole page, with the reason. Our widgets are
#: audited again on their own with every rule.
LAB_RULES_OFF = {
    # JupyterLab gives its notebook's scroll area role="feed"-like ARIA roles whose children
    # are its cells; the rule fails on JupyterLab's own viewport element, which holds every
    # cell (excluding it would exclude our widgets too)
    "aria-required-children": "JupyterLab's notebook viewport",
}


def audit(
    page, include: str = "body", exclude: tuple[str, ...] = (), rules_off: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Run axe-core on the page; (blocking problems, other findings), each in words."""
    context = {"include": [[include]], "exclude": [[sel] for sel in exclude]}
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in rules_off},
    }
    results = Axe().run(page, context=context, options=options)
    blocking, other = [], []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            line = (
                f"{violation['id']} ({violation['impact']}): {', '.join(map(str, node['target']))}"
                f" — {violation['help']}: {node['html'][:160]}"
            )
            (blocking if violation["impact"] in BLOCKING else other).append(line)
    return blocking, other


def assert_page_passes(page) -> None:
    """No serious or critical violation on the whole page."""
    blocking, _ = audit(page)
    assert not blocking, "\n".join(blocking)


def assert_lab_page_passes(page, widget: str) -> None:
    """A JupyterLab page that shows ``widget``: no serious or critical violation outside
    JupyterLab's own parts, nor in the widget with every rule."""
    blocking, _ = audit(page, exclude=tuple(LAB_CHROME), rules_off=tuple(LAB_RULES_OFF))
    assert not blocking, "\n".join(blocking)
    blocking, _ = audit(page, include=widget)
    assert not blocking, "\n".join(blocking)
