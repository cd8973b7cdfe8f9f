"""Printable handouts: the comparison table and, optionally, one case study with its assessment.

A handout is one standalone HTML page (styles and the figure inside it, nothing fetched) laid
out for A4 paper. Open it in a browser and print it, or print it to PDF.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from .assessment import Assessment
from .casebook import find_case
from .cases import Case
from .errors import RothmanError
from .i18n import check_lang, text
from .models import Model
from .references import cited_keys, format_reference_html, reference
from .table import PracticeVariable, cell, comparison_table
from .variables import UNSURE

#: Figures are drawn at this multiple of their screen resolution, so they stay sharp on paper.
PRINT_SCALE = 2

_CSS = """
@page { size: A4; margin: 15mm 14mm 16mm; }
:root { color: #111; background: #fff; }
body {
  font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif;
  font-size: 10.5pt; line-height: 1.4; max-width: 182mm; margin: 0 auto; padding: 8mm 4mm;
}
h1, h2, h3, th, .caption, footer, figcaption, .hint {
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
}
h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 3mm; }
h2 { font-size: 14pt; margin: 7mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
.lead { font-size: 11pt; margin: 0 0 4mm; }
.setting { font-style: italic; margin-top: 0; }
.small, .caption, footer { font-size: 8.5pt; color: #333; }
.headline { font-size: 11.5pt; font-weight: bold; }
table {
  border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 8.6pt; line-height: 1.3;
}
th, td { border: 0.6pt solid #777; padding: 1.4mm 1.8mm; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
thead th { background: #e8e8e8; font-size: 9pt; }
thead th:first-child { width: 19%; }
tbody th { font-weight: 600; background: #f6f6f6; }
tr, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 3mm 0; }
figure img { width: 100%; max-width: 150mm; height: auto; display: block; }
figcaption { font-size: 9pt; margin-top: 1mm; }
ul { padding-left: 5mm; margin: 1mm 0 2mm; }
li { margin-bottom: 1mm; }
.case + .comparison { break-before: page; page-break-before: always; }
footer { margin-top: 6mm; border-top: 0.6pt solid #999; padding-top: 2mm; }
.hint { background: #fff7d6; border: 1px solid #e0c96a; padding: 2mm 3mm; font-size: 10pt; }
@media print { .hint { display: none; } body { padding: 0; max-width: none; } }
"""


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
        f'<section class="references keep"><h2>{_esc(text("ref_list_title", lang))}</h2>'
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

    from .plots import FitPlot, style

    buffer = io.BytesIO()
    FitPlot(assessment).figure.savefig(
        buffer, format="png", dpi=style()["figure"]["dpi"] * PRINT_SCALE
    )
    return buffer.getvalue()


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_esc(item)}</li>" for item in items) + "</ul>"


def _case(item: Case) -> str:
    """The case's story, the library's assessment with its reasons, and the fit plot."""
    from .plots import fit_summary

    lang = item.lang
    result = item.assess()
    summary = fit_summary(result)
    png = base64.b64encode(fit_plot_png(result)).decode("ascii")
    parts = [
        f'<section class="case" id="case-{_esc(item.id)}">',
        f"<h2>{_esc(text('handout_case_heading', lang, title=item.title))}</h2>",
    ]
    if item.setting:
        parts.append(f'<p class="setting">{_esc(item.setting)}</p>')
    parts.append(f'<p class="story">{_esc(item.story)}</p>')
    parts.append(f'<p class="small">{_esc(text("source", lang))}: {_esc(item.source_text)}</p>')
    if item.note:
        parts.append(f'<p class="small">{_esc(text("note", lang))}: {_esc(item.note)}</p>')
    parts.append(f"<h3>{_esc(text('handout_assessment_heading', lang))}</h3>")
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
    if result.tie_broken:
        parts.append(f'<p class="small">{_esc(text("tie_note", lang))}</p>')
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


def handout_html(lang: str = "en", case_id: str | Case | None = None, cases=None) -> str:
    """A standalone, printable HTML page: the comparison table and, optionally, a case.

    Args:
        lang: ``"en"`` or ``"id"``.
        case_id: a case to add (its story, assessment, reasons and fit plot): its id, or
            the case itself.
        cases: the lecturer's own cases (a folder, or ``load_cases`` results) to find
            ``case_id`` among, beside the built-in ones.

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
        rothman.errors.UnknownCaseError: Unknown case 'no_such_case'. Choose one of: ...
    """
    from . import __version__

    check_lang(lang)
    if isinstance(case_id, Case):
        item = case_id.in_language(lang)
    else:
        item = find_case(case_id, lang, cases) if case_id is not None else None
    title = text("handout_title", lang)
    if item is not None:
        title = f"{title}: {item.title}"
    body = [
        f"<header><h1>{_esc(text('handout_title', lang))}</h1>",
        f'<p class="lead">{_esc(text("handout_lead", lang))}</p>',
        f'<p class="hint">{_esc(text("handout_print_hint", lang))}</p></header>',
    ]
    if item is not None:
        body.append(_case(item))
    body.append(
        f'<section class="comparison"><h2>{_esc(text("handout_table_heading", lang))}</h2>'
        f"{_table(lang)}</section>"
    )
    body.append(_references(lang, item))
    body.append(f"<footer>{_esc(text('handout_footer', lang, version=__version__))}</footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def write_handout(
    path: str | Path, lang: str = "en", case_id: str | Case | None = None, cases=None
) -> Path:
    """Write :func:`handout_html` to ``path`` (UTF-8) and return the path.

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
        rothman.errors.RothmanError: Cannot write .../missing/h.html: No such file or directory
    """
    page = handout_html(lang, case_id, cases)  # first, so a bad case id leaves no empty file behind
    path = Path(path)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise RothmanError(
            "error_write_file", file=str(path), problem=exc.strerror or str(exc)
        ) from None
    return path
