"""The printable field-practicum report: one standalone A4 page set in the report's language.

Everything the student wrote is escaped with :func:`html.escape` before it reaches the
page, so a report's text is always shown as text, never run as markup.
"""

from __future__ import annotations

import base64
import html

from rothman.core.i18n import check_lang, text
from rothman.core.variables import UNSURE, variable
from rothman.practicum.report import Report

#: The works every report cites: Rothman's models (1995, reprinted 2001), his 2007 update
#: and Adi's Indonesian textbook.
REPORT_REFERENCES = ("rothman_1995", "rothman_2001", "rothman_2007", "adi_2012")

_CSS = """
@page { size: A4; margin: 16mm 15mm 17mm; }
:root { color: #111; background: #fff; }
body {
  font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif;
  font-size: 10.5pt; line-height: 1.4; max-width: 180mm; margin: 0 auto; padding: 8mm 4mm;
}
h1, h2, h3, th, .caption, footer, figcaption, .meta dt {
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
}
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 3mm; }
h2 { font-size: 13.5pt; margin: 7mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0 0 4mm; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
.headline { font-size: 11.5pt; font-weight: bold; }
.small, .caption, footer, figcaption { font-size: 8.8pt; color: #333; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 9.2pt; }
th, td { border: 0.6pt solid #777; padding: 1.4mm 1.8mm; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
thead th { background: #e8e8e8; }
col.q { width: 26%; } col.a { width: 28%; }
tr, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
.student { white-space: pre-wrap; overflow-wrap: anywhere; }
.missing { font-style: italic; }
.warn {
  border: 1.2pt solid #8a5a00; background: #fff4dc; padding: 1.5mm 2.5mm; margin: 1.5mm 0;
  break-inside: avoid; page-break-inside: avoid;
}
.warn strong::before { content: "⚠ "; }
figure { margin: 3mm 0; }
figure img { width: 100%; max-width: 140mm; height: auto; display: block; }
ul { padding-left: 5mm; margin: 1mm 0 2mm; }
li { margin-bottom: 1mm; }
footer { margin-top: 6mm; border-top: 0.6pt solid #999; padding-top: 2mm; }
@media print { body { padding: 0; max-width: none; } }
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def answer_text(key: str, value: object, lang: str) -> str:
    """An answer in words: one level's label, or several joined with " + "."""
    var = variable(key)
    levels = (value,) if isinstance(value, str) else tuple(value)
    return " + ".join(var.level(level).label(lang) for level in levels)


def _png(fig_or_bytes) -> str:
    data = fig_or_bytes if isinstance(fig_or_bytes, bytes) else _fig_png(fig_or_bytes)
    return base64.b64encode(data).decode("ascii")


def _fig_png(fig) -> bytes:
    import io

    from rothman.render.handout import PRINT_SCALE
    from rothman.render.plots import style

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=style()["figure"]["dpi"] * PRINT_SCALE)
    return buffer.getvalue()


def _section(heading: str, body: str, cls: str = "") -> str:
    """A section whose heading is kept with the start of its body (never alone on a page)."""
    return (
        f'<section class="{cls}"><div class="keep"><h2>{_esc(heading)}</h2>{body}</div></section>'
    )


def _answers(report: Report, lang: str) -> str:
    from rothman.core.variables import community_variables

    rows = []
    for var in community_variables():
        if var.key not in report.answers:
            continue
        value = report.answers[var.key]
        evidence = (report.evidence.get(var.key) or "").strip()
        if evidence:
            cell = f'<td class="student">{_esc(evidence)}</td>'
        elif value == UNSURE:
            cell = "<td></td>"
        else:
            cell = (
                f'<td class="missing"><strong>⚠</strong> '
                f"{_esc(text('report_evidence_missing', lang))}</td>"
            )
        rows.append(
            f'<tr><th scope="row">{_esc(var.question(lang))}</th>'
            f"<td>{_esc(answer_text(var.key, value, lang))}</td>{cell}</tr>"
        )
    if not rows:
        return f"<p>{_esc(text('report_nothing_known', lang))}</p>"
    return (
        '<table class="answers"><colgroup><col class="q"><col class="a"><col></colgroup>'
        f'<thead><tr><th scope="col">{_esc(text("report_question", lang))}</th>'
        f'<th scope="col">{_esc(text("report_answer", lang))}</th>'
        f'<th scope="col">{_esc(text("report_evidence", lang))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _role_label(role, lang: str) -> str:
    return role.label(lang) if role is not None else text("report_role_unknown", lang)


def _assessment(report: Report, lang: str) -> str:
    from rothman.render.handout import fit_plot_png
    from rothman.render.plots import fit_summary

    result = report.assess(lang)
    if result.model is None:
        return _section(
            text("report_assessment_heading", lang),
            f"<p>{_esc(text('report_nothing_known', lang))}</p>",
        )
    summary = fit_summary(result)
    head = [
        f'<p class="headline">{_esc(result.headline())}</p>',
        f'<figure><img src="data:image/png;base64,{_png(fit_plot_png(result))}" '
        f'alt="{_esc(summary)}"><figcaption>'
        f"{_esc(text('handout_plot_caption', lang, summary=summary))}</figcaption></figure>",
    ]
    model_role = _role_label(result.power_structure_role, lang)
    described = _role_label(result.described_role, lang)
    parts = [
        f"<p>{_esc(text('report_model_role', lang, role=model_role))}</p>",
        f"<p>{_esc(text('report_described_role', lang, role=described))}</p>",
    ]
    reasons = [r.text for r in result.reasons if r.level != UNSURE]
    if reasons:
        parts.append(f"<h3>{_esc(text('why', lang))}</h3>{_list(reasons)}")
    parts.append(f"<h3>{_esc(text('report_tensions_heading', lang))}</h3>")
    if result.tensions:
        for tension in result.tensions:
            parts.append(
                f'<div class="warn tension"><strong>{_esc(text("report_tension_mark", lang))}:'
                f"</strong> {_esc(tension.text)}</div>"
            )
    else:
        parts.append(f"<p>{_esc(text('report_tensions_none', lang))}</p>")
    if result.what_if:
        parts.append(
            f"<h3>{_esc(text('what_would_change', lang))}</h3>"
            f"{_list([w.text for w in result.what_if])}"
        )
    return (
        f'<section class="assessment"><div class="keep"><h2>'
        f"{_esc(text('report_assessment_heading', lang))}</h2>{''.join(head)}</div>"
        f"{''.join(parts)}</section>"
    )


def _phases(report: Report, lang: str) -> str:
    if not report.phases:
        return ""
    from rothman.render.triangle import situations_figure, situations_summary

    results = report.phase_assessments(lang)
    points = [(p.name, a) for p, a in zip(report.phases, results)]
    summary = " ".join(
        line.lstrip("- ") for line in str(situations_summary(points, lang)).splitlines()
    )
    items = []
    for number, (phase, result) in enumerate(zip(report.phases, results), start=1):
        answers = "; ".join(
            f"{variable(k).label(lang)}: {answer_text(k, v, lang)}"
            for k, v in phase.answers.items()
        )
        items.append(
            f'<li><strong class="student">{number}. {_esc(phase.name)}</strong>: '
            f'{_esc(result.headline())}<br><span class="small">{_esc(answers)}</span></li>'
        )
    figure = ""
    if any(a.model is not None for a in results):
        png = _png(situations_figure(points, lang, path=True))
        figure = (
            f'<figure><img src="data:image/png;base64,{png}" alt="{_esc(summary)}">'
            f"<figcaption>{_esc(text('report_phases_caption', lang, summary=summary))}"
            "</figcaption></figure>"
        )
    return (
        f'<section class="phases"><div class="keep"><h2>{_esc(text("report_phases_heading", lang))}'
        f"</h2>{figure}</div><ul>{''.join(items)}</ul></section>"
    )


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_esc(item)}</li>" for item in items) + "</ul>"


def _references(report: Report, lang: str) -> str:
    from rothman.core.reference_list import format_reference_html
    from rothman.core.references import cited_keys, reference

    keys = list(REPORT_REFERENCES)
    result = report.assess(lang)
    for tension in result.tensions:
        keys += [k for k in cited_keys(tension.source or "") if k not in keys]
    keys.sort(key=lambda k: (reference(k).authors[0].lower(), reference(k).year, k))
    entries = "".join(f"<li>{format_reference_html(k, lang)}</li>" for k in keys)
    return _section(text("ref_list_title", lang), f'<ul class="small">{entries}</ul>', "references")


def report_html(report: Report, lang: str | None = None) -> str:
    """The report as one standalone, printable HTML page (nothing fetched).

    Args:
        report: the report (see :mod:`rothman.practicum.report`).
        lang: the language of the page; default: the report's own.

    Examples:
        >>> from rothman.practicum.report import Report
        >>> page = report_html(Report(lang="id", community="<b>RW 05</b>",
        ...                           answers={"goal": "capacity"}))
        >>> '<html lang="id">' in page and "&lt;b&gt;RW 05&lt;/b&gt;" in page
        True
        >>> "<b>RW" in page
        False
    """
    from rothman import __version__

    lang = check_lang(lang or report.lang)
    missing = text("report_not_given", lang)
    meta = "".join(
        f"<dt>{_esc(text(f'report_{key}', lang))}</dt>"
        f'<dd class="student">{_esc(getattr(report, key) or missing)}</dd>'
        for key in ("student", "community", "agency")
        if key != "agency" or report.agency
    )
    warnings = [
        text("report_no_evidence", lang, variable=variable(k).label(lang))
        for k in report.without_evidence()
    ]
    body = [
        f'<header><h1>{_esc(text("report_title", lang))}</h1><dl class="meta">{meta}</dl></header>',
        _section(text("report_answers_heading", lang), _answers(report, lang), "answers"),
    ]
    if warnings:
        body.append(
            '<div class="warn keep"><strong>'
            f"{_esc(text('report_warnings_heading', lang))}:</strong>{_list(warnings)}</div>"
        )
    body.append(_assessment(report, lang))
    body.append(_phases(report, lang))
    reflection = [p.strip() for p in report.reflection.split("\n\n") if p.strip()]
    # not kept whole: a long reflection flows on; its heading stays with its first lines
    paragraphs = "".join(f'<p class="student">{_esc(p)}</p>' for p in reflection)
    body.append(
        f'<section class="reflection"><h2>{_esc(text("report_reflection_heading", lang))}</h2>'
        + (paragraphs or f'<p class="missing">{_esc(text("report_reflection_empty", lang))}</p>')
        + "</section>"
    )
    body.append(_references(report, lang))
    body.append(f"<footer>{_esc(text('report_footer', lang, version=__version__))}</footer>")
    title = text("report_title", lang)
    if report.community:
        title = f"{title}: {report.community}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(b for b in body if b)
        + "\n</body>\n</html>\n"
    )
