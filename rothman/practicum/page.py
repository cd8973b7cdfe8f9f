"""The printable field-practicum report: one standalone A4 page set in the report's language.

The page is rendered from ``rothman/render/templates/report.html.j2``, which escapes every
value: a report's text is always shown as text, never run as markup.
"""

from __future__ import annotations

from rothman.core.i18n import check_lang, text
from rothman.core.variables import UNSURE, variable
from rothman.practicum.report import Report

#: The works every report cites: Rothman's models (1995, reprinted 2001), his 2007 update
#: and Adi's Indonesian textbook.
REPORT_REFERENCES = ("rothman_1995", "rothman_2001", "rothman_2007", "adi_2012")


def answer_text(key: str, value: object, lang: str) -> str:
    """An answer in words: one level's label, or several joined with " + "."""
    var = variable(key)
    levels = (value,) if isinstance(value, str) else tuple(value)
    return " + ".join(var.level(level).label(lang) for level in levels)


def _answer_rows(report: Report, lang: str) -> list[dict]:
    from rothman.core.variables import community_variables

    return [
        {
            "question": var.question(lang),
            "answer": answer_text(var.key, report.answers[var.key], lang),
            "evidence": (report.evidence.get(var.key) or "").strip(),
            "unsure": report.answers[var.key] == UNSURE,
        }
        for var in community_variables()
        if var.key in report.answers
    ]


def _assessment(report: Report, lang: str) -> dict:
    from rothman.render.handout import fit_plot_png
    from rothman.render.plots import fit_summary
    from rothman.render.templating import png_data_uri

    result = report.assess(lang)
    if result.model is None:
        return {"result": result}
    return {
        "result": result,
        "plot_src": png_data_uri(fit_plot_png(result)),
        "plot_summary": fit_summary(result),
    }


def _phases(report: Report, lang: str) -> dict:
    if not report.phases:
        return {"phase_rows": []}
    from rothman.render.plots import print_png
    from rothman.render.templating import png_data_uri
    from rothman.render.triangle import situations_figure, situations_summary

    results = report.phase_assessments(lang)
    points = [(p.name, a) for p, a in zip(report.phases, results)]
    summary = " ".join(
        line.lstrip("- ") for line in str(situations_summary(points, lang)).splitlines()
    )
    rows = [
        {
            "name": phase.name,
            "headline": result.headline(),
            "answers": "; ".join(
                f"{variable(k).label(lang)}: {answer_text(k, v, lang)}"
                for k, v in phase.answers.items()
            ),
        }
        for phase, result in zip(report.phases, results)
    ]
    src = None
    if any(a.model is not None for a in results):
        src = png_data_uri(print_png(situations_figure(points, lang, path=True)))
    return {"phase_rows": rows, "phases_src": src, "phases_summary": summary}


def _reference_keys(report: Report, lang: str) -> list[str]:
    from rothman.core.references import cited_keys

    keys = list(REPORT_REFERENCES)
    for tension in report.assess(lang).tensions:
        keys += [k for k in cited_keys(tension.source or "") if k not in keys]
    return keys


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
    from rothman.render.references_html import reference_entries
    from rothman.render.styles import read_css
    from rothman.render.templating import render, stylesheet

    lang = check_lang(lang or report.lang)
    missing = text("report_not_given", lang)
    meta = [
        (text(f"report_{key}", lang), getattr(report, key) or missing)
        for key in ("student", "community", "agency")
        if key != "agency" or report.agency
    ]
    title = text("report_title", lang)
    if report.community:
        title = f"{title}: {report.community}"
    return str(
        render(
            "report.html.j2",
            lang=lang,
            title=title,
            css=stylesheet(read_css("report.css")),
            meta=meta,
            answer_rows=_answer_rows(report, lang),
            warnings=[
                text("report_no_evidence", lang, variable=variable(k).label(lang))
                for k in report.without_evidence()
            ],
            reflection=[p.strip() for p in report.reflection.split("\n\n") if p.strip()],
            reference_entries=reference_entries(_reference_keys(report, lang), lang),
            version=__version__,
            **_assessment(report, lang),
            **_phases(report, lang),
        )
    )
