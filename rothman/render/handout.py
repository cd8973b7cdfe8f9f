"""Printable handouts: the comparison table and, optionally, one case study with its assessment.

A handout is one standalone HTML page (styles and the figure inside it, nothing fetched) laid
out for A4 paper. Open it in a browser and print it, or print it to PDF.
"""

from __future__ import annotations

from pathlib import Path

from rothman.core.assessment import Assessment
from rothman.core.case_folders import find_case, own_mark
from rothman.core.cases import Case
from rothman.core.files import write_new_file
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model
from rothman.core.practice_variables import PracticeVariable, cell
from rothman.core.references import cited_keys
from rothman.core.table import comparison_table
from rothman.core.variables import UNSURE, community_variables
from rothman.render.references_html import reference_entries
from rothman.render.styles import read_css
from rothman.render.templating import png_data_uri, render, stylesheet


def _table(lang: str) -> list[dict]:
    """The comparison table's rows, Rothman's order, marked where a row is unconfirmed."""
    return [
        {
            "number": number,
            "label": var.label(lang),
            "unconfirmed": var.confidence != "C",
            "cells": [cell(var, m).texts[lang] for m in Model],
        }
        for number, var in enumerate(PracticeVariable, start=1)
    ]


def _reference_keys(item: Case | None) -> list[str]:
    """Every work the page cites: the table's sources and the case's.

    Give ``None`` for the student's version of a case: a title can name the case's model
    ("... community organizing"), so its works are listed on the lecturer's sheet only.
    """
    keys: list[str] = []
    for var in PracticeVariable:
        for m in Model:
            keys += [k for k in cited_keys(cell(var, m).source) if k not in keys]
    if item is not None:
        keys += [k for k in item.reference_keys if k not in keys]
    return keys


def fit_plot_png(assessment: Assessment) -> bytes:
    """The fit plot of ``assessment`` as PNG bytes at print resolution.

    Examples:
        >>> from rothman import assess
        >>> fit_plot_png(assess({"goal": "capacity"}))[:4]
        b'\\x89PNG'
    """
    from rothman.render.plots import FitPlot, print_png

    return print_png(FitPlot(assessment).figure)


def _worksheet(item: Case, marked: bool) -> list[dict]:
    """The explorer's six questions with their answers as boxes to tick.

    ``marked``: tick the case's own answers (the lecturer's key), in bold as well as by the
    box, so the key does not rest on one glyph; the key also quotes the story's words behind
    each answer, where the file gives them.
    """
    lang = item.lang
    rows = []
    for var in community_variables():
        chosen = item.answers.get(var.key, UNSURE)
        chosen = set(chosen) if isinstance(chosen, (list, tuple)) else {chosen}
        rows.append(
            {
                "question": var.question(lang),
                "options": [
                    {"label": level.label(lang), "chosen": marked and level.key in chosen}
                    for level in var.levels
                ],
                "quotes": item.key_sentences(var.key) if marked else (),
            }
        )
    return rows


def handout_html(
    lang: str = "en", case_id: str | Case | None = None, cases=None, student: bool = False
) -> str:
    """A standalone, printable HTML page: the comparison table and, optionally, a case.

    Args:
        lang: ``"en"`` or ``"id"``.
        case_id: a case to add, by its id or the case itself: its story and questions to
            discuss, on one sheet (front and back), before the table.
        cases: the lecturer's own cases (a folder, or ``load_cases`` results) to find
            ``case_id`` among, beside the built-in ones.
        student: leave out the assessment and the answer (a version to hand out before the
            discussion); by default the lecturer's version keeps them.

    Returns:
        The whole page as text; it fetches nothing (styles and the figure are inside).

    Raises:
        UnknownCaseError: ``case_id`` is not a shipped case (the message names the valid ids).
        UnknownLanguageError: ``lang`` is not supported.

    Examples:
        >>> page = handout_html("id")
        >>> page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
        True
        >>> "Tabel perbandingan" in page and "Aksi Sosial (C)" in page
        True
        >>> handout_html("en", case_id="no_such_case")
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownCaseError: Unknown case 'no_such_case'. Choose one of: ...
    """
    from rothman import __version__

    check_lang(lang)
    if isinstance(case_id, Case):
        item = case_id.in_language(lang)
    else:
        item = find_case(case_id, lang, cases) if case_id is not None else None
    title = text("handout_title", lang)
    if item is not None:
        title = f"{title}: {item.title}{own_mark(item, lang)}"
    context: dict = {}
    if item is not None and not student:
        from rothman.render.plots import fit_summary

        result = item.assess()
        context = {
            "result": result,
            "plot_src": png_data_uri(fit_plot_png(result)),
            "plot_summary": fit_summary(result),
        }
    return str(
        render(
            "handout.html.j2",
            lang=lang,
            title=title,
            css=stylesheet(read_css("handout.css")),
            item=item,
            own=own_mark(item, lang) if item is not None else "",
            student=student,
            models=list(Model),
            table=_table(lang),
            caption=comparison_table(lang).attrs["caption"],
            worksheet_rows=_worksheet(item, marked=not student) if item is not None else [],
            reference_entries=reference_entries(_reference_keys(None if student else item), lang),
            case_refs_elsewhere=student and item is not None and bool(item.reference_keys),
            version=__version__,
            **context,
        )
    )


def write_handout(
    path: str | Path,
    lang: str = "en",
    case_id: str | Case | None = None,
    cases=None,
    student: bool = False,
    force: bool = False,
) -> Path:
    """Write :func:`handout_html` to a new file ``path`` (UTF-8) and return the path.

    The file is created exclusively; ``force`` replaces an existing file atomically
    (:func:`rothman.core.files.write_new_file`).

    Raises:
        RothmanError: the file cannot be written (the message names it and says why).

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write_handout(folder / "h.html", "en").read_text(encoding="utf-8")[:15]
        '<!DOCTYPE html>'
        >>> write_handout(folder / "missing" / "h.html")
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Cannot write .../missing/h.html: No such file or directory
    """
    # first, so a bad case id leaves no empty file behind
    page = handout_html(lang, case_id, cases, student=student)
    return write_new_file(path, page, force=force)
