"""Printable handouts: the comparison table and, optionally, one case study with its assessment.

A handout is one standalone HTML page (styles and the figure inside it, nothing fetched) laid
out for A4 paper. Open it in a browser and print it, or print it to PDF.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from rothman.core.assessment import Assessment
from rothman.core.case_folders import find_case
from rothman.core.cases import Case
from rothman.core.files import write_new_file
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model
from rothman.core.practice_variables import PracticeVariable, cell
from rothman.core.reference_list import format_reference_html
from rothman.core.references import cited_keys, reference
from rothman.core.table import comparison_table
from rothman.core.variables import UNSURE, community_variables
from rothman.render.styles import read_css, style_tag

#: Figures are drawn at this multiple of their screen resolution, so they stay sharp on paper.
PRINT_SCALE = 2


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _table(lang: str) -> str:
    """The comparison table as an HTML table, Rothman's order, a dagger on unconfirmed rows."""
    head = "".join(f'<th scope="col">{_esc(m.label(lang))} ({m.letter})</th>' for m in Model)
    rows = []
    for number, var in enumerate(PracticeVariable, start=1):
        mark = " †" if var.confidence != "C" else ""
        cells = "".join(f"<td>{_esc(cell(var, m).texts[lang])}</td>" for m in Model)
        rows.append(f'<tr><th scope="row">{number}. {_esc(var.label(lang))}{mark}</th>{cells}</tr>')
    return (
        f'<table class="rothman-table"><thead><tr><th scope="col">'
        f"{_esc(text('practice_variable', lang))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="caption">{_esc(comparison_table(lang).attrs["caption"])}</p>'
    )


def _references(lang: str, item: Case | None) -> str:
    """The full entries of every work the page cites: the table's sources and the case's."""
    keys: list[str] = []
    for var in PracticeVariable:
        for m in Model:
            keys += [k for k in cited_keys(cell(var, m).source) if k not in keys]
    if item is not None:
        keys += [k for k in item.reference_keys if k not in keys]
    keys.sort(key=lambda k: (reference(k).authors[0].lower(), reference(k).year))
    entries = "".join(f"<li>{format_reference_html(k, lang)}</li>" for k in keys)
    return (
        f'<section class="references"><h2>{_esc(text("ref_list_title", lang))}</h2>'
        f'<ul class="small">{entries}</ul></section>'
    )


def fit_plot_png(assessment: Assessment) -> bytes:
    """The fit plot of ``assessment`` as PNG bytes at print resolution.

    Examples:
        >>> from rothman import assess
        >>> fit_plot_png(assess({"goal": "capacity"}))[:4]
        b'\\x89PNG'
    """
    import io

    from rothman.render.plots import FitPlot, style

    buffer = io.BytesIO()
    FitPlot(assessment).figure.savefig(
        buffer, format="png", dpi=style()["figure"]["dpi"] * PRINT_SCALE
    )
    return buffer.getvalue()


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_esc(item)}</li>" for item in items) + "</ul>"


def _worksheet(item: Case, marked: bool) -> str:
    """The explorer's six questions with their answers as boxes to tick.

    ``marked``: tick the case's own answers (the lecturer's key), in bold as well as by the
    box, so the key does not rest on one glyph.
    """
    lang = item.lang
    rows = []
    for var in community_variables():
        chosen = item.answers.get(var.key, UNSURE)
        chosen = set(chosen) if isinstance(chosen, (list, tuple)) else {chosen}
        options = []
        for level in var.levels:
            if marked and level.key in chosen:
                options.append(
                    f'<li class="chosen"><strong>☒ {_esc(level.label(lang))}</strong></li>'
                )
            else:
                options.append(f"<li>☐ {_esc(level.label(lang))}</li>")
        # the lecturer's key quotes the story's words behind the answer, where the file gives them
        quotes = item.key_sentences(var.key) if marked else ()
        said = (
            f'<p class="evidence small">{_esc(text("handout_evidence", lang))} '
            + " … ".join(f"“{_esc(q)}”" for q in quotes)
            + "</p>"
            if quotes
            else ""
        )
        rows.append(
            f'<tr><th scope="row">{_esc(var.question(lang))}</th>'
            f'<td><ul class="boxes">{"".join(options)}</ul>{said}</td></tr>'
        )
    return f'<table class="worksheet"><tbody>{"".join(rows)}</tbody></table>'


def _questions(item: Case, student: bool) -> str:
    """Questions to discuss: the worksheet, then three open questions."""
    lang = item.lang
    intro = text("handout_worksheet_intro" if student else "handout_answer_key", lang)
    discuss = "".join(
        f"<li>{_esc(text(key, lang))}</li>"
        for key in ("handout_discuss_model", "handout_discuss_role", "handout_discuss_change")
    )
    return (
        f"<h2>{_esc(text('handout_questions_heading', lang))}</h2>"
        f'<p class="small">{_esc(intro)}</p>{_worksheet(item, marked=not student)}'
        f'<ol class="discuss">{discuss}</ol>'
    )


def _assessment(item: Case) -> str:
    """The library's assessment of the case with its reasons and fit plot, and the answer."""
    from rothman.render.plots import fit_summary

    lang = item.lang
    result = item.assess()
    summary = fit_summary(result)
    png = base64.b64encode(fit_plot_png(result)).decode("ascii")
    heading = _esc(text("handout_assessment_heading", lang))
    parts = [f'<section class="assessment"><h2>{heading}</h2>']
    parts.append(f'<p class="headline">{_esc(result.headline())}</p>')
    if result.power_structure_role is not None:
        role = result.power_structure_role
        parts.append(
            f"<p><strong>{_esc(text('explorer_role', lang))}:</strong> "
            f"{_esc(role.label(lang))}. {_esc(role.explanation(lang))}</p>"
        )
    parts.append(
        f'<figure class="keep"><img src="data:image/png;base64,{png}" alt="{_esc(summary)}">'
        f"<figcaption>{_esc(text('handout_plot_caption', lang, summary=summary))}"
        "</figcaption></figure>"
    )
    # tensions in words, inside a bordered box (print keeps no background colours)
    parts.append(result.tensions_html())
    reasons = [r.text for r in result.reasons if r.level != UNSURE]
    if reasons:
        parts.append(f"<h3>{_esc(text('why', lang))}</h3>{_list(reasons)}")
    if result.what_if:
        parts.append(
            f"<h3>{_esc(text('what_would_change', lang))}</h3>"
            f"{_list([w.text for w in result.what_if])}"
        )
    if item.explanation:
        parts.append(
            f"<h3>{_esc(text('handout_discussion_heading', lang))}</h3>"
            f"<p>{_esc(item.explanation)}</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def _case(item: Case, student: bool = False) -> str:
    """The case's story and questions; for the lecturer also the assessment and the answer.

    The student's version leaves out the case's note too: it may name the model.
    """
    lang = item.lang
    version = "handout_student_version" if student else "handout_lecturer_version"
    parts = [
        f'<section class="case" id="case-{_esc(item.id)}">',
        f'<p class="version small">{_esc(text(version, lang))}</p>',
        f"<h1>{_esc(text('handout_case_heading', lang, title=item.title))}</h1>",
    ]
    if item.setting:
        parts.append(f'<p class="setting">{_esc(item.setting)}</p>')
    parts.append(f'<p class="story">{_esc(item.story)}</p>')
    parts.append(f'<p class="small">{_esc(text("source", lang))}: {_esc(item.source_text)}</p>')
    if item.note and not student:
        parts.append(f'<p class="small">{_esc(text("note", lang))}: {_esc(item.note)}</p>')
    parts.append(_questions(item, student))
    if not student:
        parts.append(_assessment(item))
    parts.append("</section>")
    return "".join(parts)


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
        title = f"{title}: {item.title}"
    hint = f'<p class="hint">{_esc(text("handout_print_hint", lang))}</p>'
    lead = f'<p class="lead">{_esc(text("handout_lead", lang))}</p>'
    if item is None:
        body = [f"<header><h1>{_esc(text('handout_title', lang))}</h1>{lead}{hint}</header>"]
        heading = f"<h2>{_esc(text('handout_table_heading', lang))}</h2>"
    else:
        # the case's sheet starts with the case; the table's page says what the table is
        body = [hint, _case(item, student)]
        heading = f"<h2>{_esc(text('handout_table_heading', lang))}</h2>{lead}"
    body.append(f'<section class="comparison">{heading}{_table(lang)}</section>')
    body.append(_references(lang, item))
    body.append(f"<footer>{_esc(text('handout_footer', lang, version=__version__))}</footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n{style_tag(read_css('handout.css'))}\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
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
