"""Headless Chromium against a real JupyterLab: control change until the page shows the result.

The time is taken inside the page (``performance.now()``): from setting a dropdown and firing
its ``change`` event, as a person's choice does, until the summary shows the expected text,
the plot image has a new source that is decoded, and a frame has been painted.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # the shared harness

from harness import DESKTOP_CHROMIUM, launch_chromium, outside  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from rothman import LANGS, UNSURE, assess, community_variables  # noqa: E402
from rothman.render.plots import fit_summary  # noqa: E402

#: Appended to the benchmark's copy of the explorer notebook: the smallest widget round trip.
BASELINE_CELL = """\
import ipywidgets as _bw
_bd = _bw.Dropdown(options=[str(i) for i in range(6)], value="0")
_bh = _bw.HTML("0")
_bd.observe(lambda change: setattr(_bh, "value", change["new"]), names="value")
_bb = _bw.VBox([_bd, _bh])
_bb.add_class("bench-baseline")
_bb"""

_CHANGE_EXPLORER = """
async ({key, index, expected, timeout}) => {
  const root = document.querySelector('.rothman-explorer');
  const select = root.querySelector(`.rothman-var-${key} select`);
  // the chart is an <svg> inside an HTML widget, replaced on each update: look it up afresh
  const chart = () => root.querySelector('.rothman-plot svg');
  const summary = root.querySelector('.rothman-summary');
  const old = chart();
  const done = () => chart() && chart() !== old && summary.textContent.trim() === expected;
  const start = performance.now();
  select.selectedIndex = index;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  await new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(); }
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no update for ' + key)); }, timeout);
  });
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return performance.now() - start;
}
"""

_CHANGE_BASELINE = """
async ({index, timeout}) => {
  const root = document.querySelector('.bench-baseline');
  const select = root.querySelector('select');
  const html = root.querySelector('.widget-html-content');
  const expected = String(index);
  const start = performance.now();
  select.selectedIndex = index;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  await new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (html.textContent.trim() === expected) { observer.disconnect(); resolve(); }
    });
    observer.observe(root, {subtree: true, childList: true, characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no baseline update')); }, timeout);
  });
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return performance.now() - start;
}
"""

_STATE = """
() => {
  const root = document.querySelector('.rothman-explorer');
  const out = {};
  for (const select of root.querySelectorAll('.widget-dropdown select')) {
    const key = [...select.parentElement.classList].find((c) => c.startsWith('rothman-var-'));
    if (key) out[key.slice('rothman-var-'.length)] = select.selectedIndex;
  }
  return {answers: out, summary: root.querySelector('.rothman-summary').textContent.trim()};
}
"""


def plan(start: dict[str, str], summary: str, n: int) -> list[tuple[str, int, str]]:
    """``n`` changes from ``start``, cycling controls and levels, each changing the result.

    Returns ``(variable, option index, expected summary)`` per change.
    """
    variables = community_variables()
    lang = next((lg for lg in LANGS if fit_summary(assess(start, lang=lg)) == summary), None)
    if lang is None:
        raise RuntimeError(f"cannot read the explorer's state from the page: {summary!r}")
    state = dict(start)
    current = fit_summary(assess(state, lang=lang))
    out = []
    i = 0
    while len(out) < n and i < 50 * n:
        var = variables[i % len(variables)]
        i += 1
        keys = [choice.key for choice in var.choices]  # the dropdown's order: unsure first
        at = keys.index(state[var.key])
        for step in range(1, len(keys)):
            trial = dict(state, **{var.key: keys[(at + step) % len(keys)]})
            expected = fit_summary(assess(trial, lang=lang))
            if expected != current:
                state, current = trial, expected
                out.append((var.key, keys.index(trial[var.key]), expected))
                break
    return out


def _wait_idle(page: Page, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('Idle')",
        timeout=timeout,
    )


def _run_all(page: Page) -> None:
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()


def measure(page_url: str, n: int, shots: Path | None = None) -> dict[str, list[float]]:
    """Open the notebook, run it, then time ``n`` explorer changes and ``n`` baseline ones."""
    with sync_playwright() as p:
        browser = launch_chromium(p, DESKTOP_CHROMIUM)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(60_000)
            page = context.new_page()
            page.route(outside(), lambda route: route.abort())
            page.goto(page_url)
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            _wait_idle(page)
            _run_all(page)
            page.wait_for_selector(".rothman-explorer .rothman-plot svg", timeout=60_000)
            page.wait_for_selector(".bench-baseline select", timeout=60_000)
            _wait_idle(page)
            page.locator(".rothman-explorer").first.scroll_into_view_if_needed()
            state = page.evaluate(_STATE)
            variables = {v.key: v for v in community_variables()}
            start = {k: variables[k].choices[i].key for k, i in state["answers"].items()}
            for key in variables:
                start.setdefault(key, UNSURE)
            changes = plan(start, state["summary"], n)
            explorer = []
            for key, index, expected in changes:
                args = {"key": key, "index": index, "expected": expected, "timeout": 10_000}
                explorer.append(page.evaluate(_CHANGE_EXPLORER, args))
            if shots is not None:
                page.screenshot(path=str(shots / "browser-explorer.png"))
            page.locator(".bench-baseline").scroll_into_view_if_needed()
            baseline = [
                page.evaluate(
                    _CHANGE_BASELINE, {"index": (i % 5) + 1 if i % 2 == 0 else 0, "timeout": 10_000}
                )
                for i in range(n)
            ]
            return {"explorer": explorer, "baseline": baseline}
        finally:
            browser.close()
