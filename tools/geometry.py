"""Layout checks by geometry: bounding boxes of what a page shows, never its pixels.

Each check runs in the page and returns a list of problems in words (empty when the layout
is right), so that a failing test says what overlaps, what is cut and where.
"""

from __future__ import annotations

#: The projector sizes and the phone size that presentation mode must fit.
PROJECTORS = ((1280, 720), (1366, 768), (1920, 1080))
PHONE = (390, 844)

#: Interactive elements that must not cover one another.
CONTROLS = "select, button, input, textarea, a[href], .widget-radio-box label"

_CHECK = """
([rootSel, visibleSels, controlSel, wholeWindow, wholeOptions]) => {
  const problems = [];
  const root = document.querySelector(rootSel);
  if (!root) return [`nothing matches ${rootSel}`];
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const name = (e) => {
    const text = (e.tagName === 'SELECT' ? e.options[e.selectedIndex]?.text
                  : e.innerText || e.value || e.getAttribute('aria-label') || '').trim();
    return `${e.tagName.toLowerCase()}.${[...e.classList].slice(-1)[0] || ''} "${text.slice(0, 40)}"`;
  };
  const shown = (e) => {
    const s = getComputedStyle(e);
    const b = e.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && b.width > 0 && b.height > 0;
  };
  if (window.scrollY !== 0 || window.scrollX !== 0) problems.push('the page is scrolled');
  const sw = document.scrollingElement.scrollWidth;
  if (sw > vw + 1) problems.push(`the page scrolls sideways: ${sw} px wide in a ${vw} px window`);
  // what must be seen without scrolling: inside the window on every side
  for (const sel of visibleSels) {
    const found = [...root.querySelectorAll(sel)].filter(shown);
    if (!found.length) { problems.push(`nothing shown matches ${sel}`); continue; }
    for (const e of found) {
      const b = e.getBoundingClientRect();
      const bottom = wholeWindow ? vh : Infinity;
      if (b.left < -1 || b.right > vw + 1 || b.top < -1 || b.bottom > bottom + 1) {
        problems.push(`${name(e)} is cut: [${Math.round(b.left)}, ${Math.round(b.top)}, ` +
                      `${Math.round(b.right)}, ${Math.round(b.bottom)}] in ${vw}x${vh}`);
      }
    }
  }
  // no control covers another (a label around its own input is one control)
  const controls = [...root.querySelectorAll(controlSel)].filter(shown)
    .filter((e) => !(e.tagName === 'INPUT' && e.closest('.widget-radio-box label')));
  const boxes = controls.map((e) => [e, e.getBoundingClientRect()]);
  for (let i = 0; i < boxes.length; i++) {
    const [a, ba] = boxes[i];
    if (ba.left < -1 || ba.right > vw + 1) problems.push(`${name(a)} is outside the window`);
    for (let j = i + 1; j < boxes.length; j++) {
      const [b, bb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ba.right, bb.right) - Math.max(ba.left, bb.left);
      const h = Math.min(ba.bottom, bb.bottom) - Math.max(ba.top, bb.top);
      if (w > 1 && h > 1) problems.push(`${name(a)} overlaps ${name(b)} (${Math.round(w)}x${Math.round(h)} px)`);
    }
  }
  // every radio button sits on its own label and on no other
  const labels = [...root.querySelectorAll('.widget-radio-box label')].filter(shown);
  for (const label of labels) {
    const input = label.querySelector('input[type=radio]');
    if (!input) continue;
    const r = input.getBoundingClientRect();
    const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    const inside = (b) => cx >= b.left && cx <= b.right && cy >= b.top && cy <= b.bottom;
    if (!inside(label.getBoundingClientRect())) problems.push(`the radio of ${name(label)} is not on its label`);
    for (const other of labels) {
      if (other !== label && inside(other.getBoundingClientRect())) {
        problems.push(`the radio of ${name(label)} lies on ${name(other)}`);
      }
    }
  }
  // text inside a control is not cut by it (a select shows its whole chosen option)
  const canvas = document.createElement('canvas').getContext('2d');
  for (const s of wholeOptions ? root.querySelectorAll('select') : []) {
    if (!shown(s) || s.selectedIndex < 0) continue;
    const st = getComputedStyle(s);
    canvas.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
    const need = canvas.measureText(s.options[s.selectedIndex].text).width + 1.6 * parseFloat(st.fontSize);
    if (need > s.clientWidth + 1) problems.push(`${name(s)} cuts its option "${s.options[s.selectedIndex].text}"`);
  }
  return problems;
}
"""


def layout_problems(
    page,
    root: str,
    visible: list[str],
    whole_window: bool = True,
    controls: str = CONTROLS,
    whole_options: bool = True,
) -> list[str]:
    """What is wrong with the layout under ``root``: cut, overlapping or misplaced elements.

    ``visible``: selectors (inside ``root``) of elements that must lie inside the window
    without scrolling; with ``whole_window=False`` only their sides are checked (a phone page
    scrolls down, but never sideways). ``whole_options``: each dropdown shows its chosen
    option uncut (on a phone the long ones cannot be, and its own picker shows them whole).
    """
    page.evaluate("() => window.scrollTo(0, 0)")
    return page.evaluate(_CHECK, [root, visible, controls, whole_window, whole_options])


def font_px(page, selector: str) -> float:
    """The computed font size of the first element matching ``selector``."""
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
