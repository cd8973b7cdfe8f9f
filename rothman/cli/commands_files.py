"""The commands that write pages: ``handout`` and ``report`` (the work of ``report`` is in
:mod:`rothman.cli.report`).
"""

from __future__ import annotations

import argparse

from rothman.cli.options import EXIT_OK, Command, add_own_cases, find_case, h, usage_error
from rothman.core.files import OutputExistsError
from rothman.core.i18n import text


def args_handout(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--case", dest="case_id", metavar="ID", help=h("handout_case_help", lang))
    p.add_argument("--student", action="store_true", help=h("handout_student_help", lang))
    p.add_argument("-o", "--output", metavar="FILE.html", help=h("output_help", lang))
    p.add_argument("--force", action="store_true", help=h("force_help", lang))
    add_own_cases(p, lang)


def run_handout(args: argparse.Namespace, out) -> int:
    from rothman.render.handout import handout_html, write_handout

    item = find_case(args, args.case_id, "--case") if args.case_id is not None else None
    if args.output is None:
        out.write(handout_html(args.lang, item, student=args.student))
        return EXIT_OK
    try:
        path = write_handout(args.output, args.lang, item, student=args.student, force=args.force)
    except OutputExistsError:
        raise usage_error(
            args, "-o", text("cli_output_exists", args.lang, file=args.output)
        ) from None
    out.write(text("cli_handout_written", args.lang, path=path) + "\n")
    return EXIT_OK


# --- report ---------------------------------------------------------------------------------


def args_report(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("file", nargs="?", metavar="FILE.yaml", help=h("report_file_help", lang))
    p.add_argument("--summary", metavar="DIR", help=h("report_summary_help", lang))
    p.add_argument("-o", "--output", metavar="FILE.html", help=h("output_help", lang))
    p.add_argument("--csv", metavar="FILE.csv", help=h("report_csv_help", lang))
    p.add_argument("--force", action="store_true", help=h("force_help", lang))


def run_report(args: argparse.Namespace, out) -> int:
    from rothman.cli.report import run_report

    return run_report(args, out, usage_error)


#: These commands, in the order ``rothman --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("handout", "handout_help", args_handout, run_handout),
    Command("report", "report_help", args_report, run_report),
)
