"""A class's field-practicum reports at a glance, for the lecturer.

:func:`summarise` reads every report of a folder: one :class:`Row` per readable report,
and every file that cannot be read named with the reason (one bad file never stops the
summary). :func:`summary_html` and :func:`summary_csv` present it.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model
from rothman.core.yaml_lines import Problem, os_problem
from rothman.practicum.report import check_report

#: Files read from the folder.
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Row:
    """One student's report, summarised."""

    file: str
    student: str
    community: str
    assessment: object  # rothman.Assessment
    without_evidence: tuple[str, ...]

    @property
    def roles_differ(self) -> bool:
        """True when the role the student described is not the leading model's role."""
        a = self.assessment
        return (
            a.described_role is not None
            and a.power_structure_role is not None
            and a.described_role is not a.power_structure_role
        )


@dataclass
class Summary:
    """Every readable report as a :class:`Row`, and the files that could not be read."""

    lang: str
    folder: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def summarise(folder: str | Path, lang: str = "en") -> Summary:
    """Read every ``*.yaml``/``*.yml`` report in ``folder`` (not its subfolders).

    Args:
        folder: the folder of reports.
        lang: the language of every text of the summary.

    Returns:
        A :class:`Summary`; a file that cannot be read is in ``problems`` (its first
        problem, with the line), never an exception.

    Examples:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.yaml").write_text("community: RW 1\\nanswers: {goal: capacity}\\n")
        >>> _ = (d / "b.yaml").write_text("answers: {goal: win}\\n")
        >>> s = summarise(d)
        >>> [r.community for r in s.rows], [p.line for p in s.problems]
        (['RW 1'], [1])
    """
    check_lang(lang)
    folder = Path(folder)
    summary = Summary(lang=lang, folder=str(folder))
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not p.is_dir())
    except OSError as exc:
        summary.problems.append(os_problem(str(folder), exc))
        return summary
    if not files:
        summary.problems.append(Problem(str(folder), None, "summary_no_files", {"folder": folder}))
    for path in files:
        try:
            checked = check_report(path, lang)
            if checked.report is None:
                summary.problems.append(checked.errors[0])
                continue
            report = checked.report
            summary.rows.append(
                Row(
                    file=path.name,
                    student=report.student,
                    community=report.community,
                    assessment=report.assess(lang),
                    without_evidence=report.without_evidence(),
                )
            )
        except RothmanError as exc:  # the library refuses the answers: say what it says
            summary.problems.append(
                Problem(str(path), None, "summary_not_assessed", {"problem": exc})
            )
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the summary
            summary.problems.append(
                Problem(str(path), None, "file_unreadable", {"code": type(exc).__name__})
            )
    return summary


def _cells(row: Row, lang: str) -> list[str]:
    from rothman.core.variables import variable

    a = row.assessment
    none = text("summary_none", lang)
    model = a.model.label(lang) if a.model else none
    mix = " + ".join(m.label(lang) for m in a.mix) if a.mix else ""
    role_said = a.described_role
    described = role_said.label(lang) if role_said else none
    role = a.power_structure_role.label(lang) if a.power_structure_role else none
    missing = ", ".join(variable(k).label(lang) for k in row.without_evidence)
    return [
        row.file,
        row.student,
        row.community,
        model,
        mix,
        described,
        role,
        str(len(a.tensions)),
        str(len(row.without_evidence)),
        missing,
    ]


def _headers(lang: str) -> list[str]:
    keys = (
        "summary_file", "report_student", "report_community", "summary_leading", "summary_mix",
        "summary_described_role", "summary_model_role", "summary_tensions", "summary_no_evidence",
    )  # fmt: skip
    heads = [text(k, lang) for k in keys]
    return [*heads, f"{heads[-1]} ({text('report_question', lang)})"]


#: A spreadsheet reads a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: a formula's first sign behind a ``'``.

    Examples:
        >>> print(inert_cell('=HYPERLINK("http://x","y")'), inert_cell("RW 5"))
        '=HYPERLINK("http://x","y") RW 5
    """
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def summary_csv(summary: Summary) -> str:
    """The summary as CSV text: a header, then one row per student.

    A cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) starts with a ``'`` instead (:func:`inert_cell`).
    Lines end in CRLF (RFC 4180), so that a cell holding a carriage return is quoted rather
    than read as the end of its row.

    Examples:
        >>> print(summary_csv(Summary("en", ".")).strip())
        File,Student,Community,Leading model,Mix,Role described,Role of the model,Tensions,Questions without evidence,Questions without evidence (Question)
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([inert_cell(h) for h in _headers(summary.lang)])
    for row in summary.rows:
        writer.writerow([inert_cell(cell) for cell in _cells(row, summary.lang)])
    return buffer.getvalue()


# --- the class triangle ---------------------------------------------------------------------


def class_triangle(summary: Summary):
    """Where the class's communities fall in the triangle: one marker per place, sized and
    numbered by how many communities share it, shaped and coloured by the leading model."""
    from rothman.render.plots import new_figure, style
    from rothman.render.triangle import CORNERS, barycentric

    lang = summary.lang
    places = Counter(
        (barycentric(r.assessment.scores), r.assessment.model)
        for r in summary.rows
        if r.assessment.model is not None
    )
    font = style()["figure"]["font_size"]
    fig = new_figure((6.4, 5.6))
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.96))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.2, 1.02)
    outline = [*CORNERS, CORNERS[0]]
    ax.plot([c[0] for c in outline], [c[1] for c in outline], color="#444444", linewidth=1.2)
    places_text = ((-0.02, -0.05, "left", "top"), (1.02, -0.05, "right", "top"))
    places_text += ((0.5, CORNERS[2][1] + 0.05, "center", "bottom"),)
    for model, (tx, ty, ha, va) in zip(Model, places_text):
        # long names (Pengembangan Masyarakat Lokal) on two lines, so A and B never meet
        name = textwrap.fill(model.label(lang), 20)
        ax.text(tx, ty, f"{model.letter}: {name}", ha=ha, va=va, fontsize=font,
                fontweight="bold", multialignment=ha if ha != "center" else "center")  # fmt: skip
    most = max(places.values(), default=1)
    # one scatter per model (a call per point takes seconds for a few hundred reports)
    for model in Model:
        mine = [(xy, count) for (xy, m), count in places.items() if m is model]
        if not mine:
            continue
        ms = style()["models"][model.value]
        ax.scatter(
            [xy[0] for xy, _ in mine],
            [xy[1] for xy, _ in mine],
            s=[80 + 520 * (count / most) ** 0.5 for _, count in mine],
            marker=ms["marker"],
            color=ms["colour"],
            edgecolor="#222222",
            alpha=0.9,
            zorder=3,
        )
    for ((x, y), _model), count in places.items():
        if count > 1:
            ax.text(x + 0.035, y + 0.03, str(count), fontsize=font - 1, fontweight="bold",
                    zorder=4, bbox={"boxstyle": "round,pad=0.12", "facecolor": "white",
                                    "edgecolor": "#222222", "linewidth": 0.5})  # fmt: skip
    return fig


def class_summary_text(summary: Summary) -> str:
    """What the class triangle shows, in one paragraph.

    Examples:
        >>> class_summary_text(Summary("en", "."))
        '0 communities: Locality Development leads in 0, Social Planning in 0, Social Action in 0; 0 are mixes; 0 have no answer yet.'
    """
    lang = summary.lang
    leads = Counter(r.assessment.model for r in summary.rows)
    return text(
        "summary_triangle_text",
        lang,
        count=len(summary.rows),
        a_name=Model.LOCALITY_DEVELOPMENT.label(lang),
        a=leads[Model.LOCALITY_DEVELOPMENT],
        b_name=Model.SOCIAL_PLANNING.label(lang),
        b=leads[Model.SOCIAL_PLANNING],
        c_name=Model.SOCIAL_ACTION.label(lang),
        c=leads[Model.SOCIAL_ACTION],
        mixes=sum(1 for r in summary.rows if r.assessment.mix),
        unknown=leads[None],
    )


def summary_html(summary: Summary) -> str:
    """The summary as a standalone page: the table, the class triangle, unreadable files.

    Examples:
        >>> page = summary_html(Summary("en", "."))
        >>> page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
        True
    """
    from rothman.render.styles import read_css
    from rothman.render.templating import png_data_uri, render, stylesheet

    lang = summary.lang
    context: dict = {"triangle_src": None}
    if summary.rows:
        from rothman.render.plots import print_png

        context = {
            "triangle_src": png_data_uri(print_png(class_triangle(summary))),
            "triangle_text": class_summary_text(summary),
        }
    return str(
        render(
            "summary.html.j2",
            lang=lang,
            title=text("summary_title", lang),
            css=stylesheet(read_css("summary.css")),
            counts=text("summary_counts", lang, count=len(summary.rows), bad=len(summary.problems)),
            problems=[p.located(lang) for p in summary.problems],
            headers=_headers(lang)[:-1],
            rows=[
                {"cells": _cells(row, lang), "roles_differ": row.roles_differ}
                for row in summary.rows
            ],
            **context,
        )
    )
