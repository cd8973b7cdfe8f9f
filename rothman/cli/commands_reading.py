"""The commands that read the course: ``table``, ``references``, ``assess``, ``cases``,
``case`` and ``check-cases``.
"""

from __future__ import annotations

import argparse
import json
import os
import textwrap
from collections.abc import Callable

from rothman.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Command,
    add_own_cases,
    find_case,
    h,
    own_cases_of,
    usage_error,
    wrap,
)
from rothman.cli.parser import choice_message
from rothman.core.errors import RothmanError
from rothman.core.i18n import text

# --- table ----------------------------------------------------------------------------------


def args_table(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--csv", action="store_true", help=h("csv_help", lang))
    p.add_argument("--json", action="store_true", help=h("json_help", lang))
    p.add_argument("--edition", default="1970", metavar="YEAR", help=h("edition_help", lang))


def run_table(args: argparse.Namespace, out) -> int:
    from rothman.core.models import Model
    from rothman.core.table import comparison_table

    lang = args.lang
    frame = comparison_table(lang, edition=args.edition)
    if args.csv or args.json:
        if args.csv:
            frame.to_csv(out)
        else:
            json.dump(
                json.loads(frame.to_json(orient="index", force_ascii=False)),
                out,
                ensure_ascii=False,
                indent=2,
            )
            out.write("\n")
        return EXIT_OK
    rows = zip(frame.index, frame.attrs["confidence"], frame.itertuples(index=False))
    for number, (label, confidence, cells) in enumerate(rows, start=1):
        mark = " †" if confidence != "C" else ""
        out.write(f"{number}. {label}{mark}\n")
        for model, value in zip(Model, cells):
            out.write(wrap(f"{model.letter} {model.label(lang)}: {value}") + "\n")
        out.write("\n")
    out.write(wrap(frame.attrs["caption"], indent="") + "\n")
    return EXIT_OK


# --- references -----------------------------------------------------------------------------


def args_references(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--json", action="store_true", help=h("json_help", lang))


def run_references(args: argparse.Namespace, out) -> int:
    from rothman.core.reference_list import reference_list

    frame = reference_list(args.lang)
    if args.json:
        rows = [
            {"key": key, "citation": short, "reference": full, "to_check": note}
            for key, (short, full, note) in zip(frame.attrs["keys"], frame.itertuples(index=False))
        ]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for _, full, note in frame.itertuples(index=False):
        out.write(textwrap.fill(full, width=88, subsequent_indent="    ") + "\n")
        if note:
            out.write(wrap(f"† {note}", indent="    ") + "\n")
    out.write("\n" + wrap(frame.attrs["caption"], indent="") + "\n")
    return EXIT_OK


# --- assess ---------------------------------------------------------------------------------


def levels_type(var, lang: str) -> Callable[[str], str | tuple[str, ...]]:  # noqa: ANN001
    """``capacity`` or ``capacity,solve_task``: one level, or 2-3 levels that all apply."""
    from rothman.core.answers import answer_levels

    def levels(value: str) -> str | tuple[str, ...]:
        parts = [part.strip() for part in value.split(",")]
        for part in parts:
            if part not in var.level_keys:
                raise argparse.ArgumentTypeError(choice_message(part, var.level_keys, lang))
        try:
            found = answer_levels(var.key, parts)
        except RothmanError as exc:
            raise argparse.ArgumentTypeError(exc.message(lang)) from None
        return found[0] if len(found) == 1 else found

    return levels


def args_assess(p: argparse.ArgumentParser, lang: str) -> None:
    from rothman.core.variables import community_variables

    for var in community_variables():
        p.add_argument(
            "--" + var.key.replace("_", "-"),
            dest=var.key,
            metavar="LEVEL[,LEVEL]",
            type=levels_type(var, lang),
            help=f"{var.question(lang)} ({' | '.join(var.level_keys)}; "
            f"{h('several_levels_help', lang)})",
        )
    p.add_argument("--json", action="store_true", help=h("json_help", lang))


def run_assess(args: argparse.Namespace, out) -> int:
    from rothman.core.assessment import assess
    from rothman.core.variables import community_variables

    answers = {
        var.key: getattr(args, var.key)
        for var in community_variables()
        if getattr(args, var.key) is not None
    }
    result = assess(answers, lang=args.lang)
    if args.json:
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(str(result) + "\n")
    return EXIT_OK


# --- cases and case -------------------------------------------------------------------------


def args_cases(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--json", action="store_true", help=h("json_help", lang))
    add_own_cases(p, lang)


def run_cases(args: argparse.Namespace, out) -> int:
    from rothman.core.case_folders import course_cases, own_mark

    items = course_cases(args.lang, own_cases_of(args, args.err))
    if args.json:
        json.dump(
            [
                {
                    "id": c.id,
                    "title": c.title,
                    "expected": [m.value for m in c.expected_models],
                    "role": c.expected_role.value,
                    "source": c.source,
                    "basis": c.basis,
                    "source_text": c.source_text,
                    "own": c.own,
                }
                for c in items
            ],
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return EXIT_OK
    width = max(len(c.id) for c in items)
    for c in items:
        out.write(f"{c.id:<{width}}  {c.title}{own_mark(c, args.lang)}\n")
    return EXIT_OK


def args_case(p: argparse.ArgumentParser, lang: str) -> None:
    from rothman.core.models import Model, PowerRole

    p.add_argument("case_id", metavar="ID")
    p.add_argument(
        "--answer", metavar="MODEL", choices=[m.value for m in Model], help=h("answer_help", lang)
    )
    p.add_argument(
        "--role", metavar="ROLE", choices=[r.value for r in PowerRole], help=h("role_help", lang)
    )
    add_own_cases(p, lang)


def run_case(args: argparse.Namespace, out) -> int:
    from rothman.core.case_feedback import check_answer
    from rothman.core.case_folders import own_mark

    item = find_case(args, args.case_id, "ID")
    lang = args.lang
    title = f"{item.title}{own_mark(item, lang)}"
    out.write(f"{title}\n{item.setting}\n\n" if item.setting else f"{title}\n\n")
    out.write(textwrap.fill(item.story, width=88) + "\n\n")
    out.write(f"{text('source', lang)}: {item.source_text}\n")
    if args.answer:
        feedback = check_answer(item, args.answer, args.role, lang)
        out.write("\n" + textwrap.fill(feedback.text, width=88) + "\n")
        # the note may name the case's model: it comes after the student's answer
        if item.note:
            out.write("\n" + textwrap.fill(f"{text('note', lang)}: {item.note}", width=88) + "\n")
        return EXIT_OK if feedback.correct else EXIT_PROBLEMS
    out.write("\n" + text("cli_case_try", lang, id=item.id) + "\n")
    return EXIT_OK


# --- check-cases ----------------------------------------------------------------------------


def args_check_cases(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("path", metavar="PATH")


def run_check_cases(args: argparse.Namespace, out) -> int:
    from rothman.core.case_folders import check_cases

    try:
        os.lstat(args.path)
    except FileNotFoundError:  # a mistyped path is bad input; anything else is reported below
        raise usage_error(args, "PATH", f"{args.path}: {text('file_missing', args.lang)}") from None
    except OSError:
        pass
    report = check_cases(args.path, args.lang)
    for problem in report.problems:
        out.write(problem.located(args.lang) + "\n")
    # a warning does not fail the check: the lecturer may keep the word on purpose
    for warning in report.warnings:
        out.write(f"{warning.located(args.lang)} ({text('report_warning', args.lang)})\n")
    if report.warnings:
        out.write(text("cli_check_warnings", args.lang, warnings=len(report.warnings)) + "\n")
    key = "cli_check_problems" if report.problems else "cli_check_ok"
    out.write(text(key, args.lang, count=len(report), problems=len(report.problems)) + "\n")
    return EXIT_PROBLEMS if report.problems else EXIT_OK


#: These commands, in the order ``rothman --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("table", "table_help", args_table, run_table),
    Command("references", "references_help", args_references, run_references),
    Command("assess", "assess_help", args_assess, run_assess),
    Command("cases", "cases_help", args_cases, run_cases),
    Command("case", "case_help", args_case, run_case),
    Command("check-cases", "check_help", args_check_cases, run_check_cases),
)
