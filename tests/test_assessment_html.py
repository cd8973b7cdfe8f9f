"""The one HTML rendering of an assessment (rothman/render/assessment_html.py), and the
core's freedom from HTML."""

import html
import re

import pytest

from rothman import LANGS, assess, text
from rothman.core.assessment import Assessment
from rothman.render.assessment_html import (
    HTMLFragment,
    assessment_html,
    headline_html,
    practicum_view_html,
    reasons_html,
    role_html,
    tensions_html,
    what_if_html,
)

TENSE = {"problem": "injustice", "goal": "shift_power", "power_holders": "partners"}


def test_the_core_renders_no_html():
    assert not hasattr(Assessment, "_repr_html_") and not hasattr(Assessment, "tensions_html")
    from pathlib import Path

    import rothman.core.assessment as module

    assert not re.search(r"^import html", Path(module.__file__).read_text(), re.M)


@pytest.mark.parametrize("lang", LANGS)
def test_whole_assessment_escapes_and_labels(lang):
    result = assess(TENSE, lang=lang)
    page = assessment_html(result)
    assert isinstance(page, HTMLFragment) and page._repr_html_() == str(page)
    assert page.startswith(f'<div class="rothman-assessment" lang="{lang}">')
    assert 'class="rothman-headline"' in page and html.escape(result.headline()) in page
    assert f"{text('fit', lang)}: {result.fit_line()}" in html.unescape(page)
    assert 'class="rothman-tensions"' in page
    for reason in result.reasons:
        assert f"<li>{html.escape(reason.text)}</li>" in page
    for change in result.what_if:
        assert f"<li>{html.escape(change.text)}</li>" in page
    assert "<script" not in page


def test_nothing_known_says_so():
    page = assessment_html(assess({}))
    assert html.escape(text("headline_unknown", "en")) in page
    assert tensions_html(assess({})) == "" and role_html(assess({})) == ""
    assert what_if_html(assess({})) == "" and reasons_html(assess({})) == ""


def test_parts_each_escape_their_text():
    result = assess(TENSE)
    assert headline_html(result, "h3", "rothman-h") == (
        f'<h3 class="rothman-h">{html.escape(result.headline())}</h3>'
    )
    assert tensions_html(result).startswith('<div class="rothman-tensions" role="note"')
    assert reasons_html(result, "h3").startswith(f"<h3>{text('why', 'en')}</h3><ul>")
    assert what_if_html(result, "strong").startswith(
        f"<p><strong>{text('what_would_change', 'en')}</strong></p><ul>"
    )
    view = practicum_view_html(result, missing_names="<b>Goal</b>")
    assert "&lt;b&gt;Goal&lt;/b&gt;" in view and "<b>" not in view
    mark = text("report_tension_mark", "en")
    for tension in result.tensions:
        assert f"⚠ <strong>{mark}:</strong> {html.escape(tension.text)}" in view


def test_notebook_shows_an_assessment_through_the_renderer():
    from IPython.core.interactiveshell import InteractiveShell

    import rothman.notebook.base as base

    shell = InteractiveShell.instance()
    try:
        base.show_assessments_as_html()
        data, _ = shell.display_formatter.format(assess(TENSE))
        assert data["text/html"] == str(assessment_html(assess(TENSE)))
        import rothman

        shown, _ = shell.display_formatter.format(rothman.assessment_html(assess(TENSE)))
        assert shown["text/html"] == data["text/html"]
    finally:
        InteractiveShell.clear_instance()
