"""``rothman report``: a report file to a printable page, or a folder of them to a summary.

Kept apart from :mod:`rothman.cli.commands_files`, which only declares the command's options.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from rothman.core.files import OutputExistsError, write_new_file
from rothman.core.i18n import text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _refuse_existing(args, usage, flag: str, path: str | None, lang: str) -> None:
    """Refuse early, before any work; the write itself is exclusive as well."""
    if path is not None and os.path.lexists(path) and not (args.force and Path(path).is_file()):
        raise usage(args, flag, text("cli_output_exists", lang, file=path))


def _write(args, usage, flag: str, path: str, content: str, lang: str) -> Path:
    try:
        return write_new_file(path, content, force=args.force)
    except OutputExistsError:
        raise usage(args, flag, text("cli_output_exists", lang, file=path)) from None


def run_report(args: argparse.Namespace, out, usage: Callable) -> int:
    """Run the ``report`` command; ``usage(args, flag, message)`` builds a usage error."""
    err = args.err
    if (args.file is None) == (args.summary is None):
        raise usage(args, "FILE.yaml", text("cli_report_needs_one", args.lang))
    if args.summary is not None:
        return _summary(args, out, usage)
    if args.csv is not None:
        raise usage(args, "--csv", text("cli_report_csv_needs_summary", args.lang))
    from rothman.practicum.page import report_html
    from rothman.practicum.report import check_report

    checked = check_report(args.file, args.lang if args.lang_given else None)
    lang = checked.lang
    if checked.report is None:
        for problem in checked.errors:
            err.write(f"{problem.located(lang)}\n")
        err.write(f"rothman: {text('cli_report_has_errors', lang, count=len(checked.errors))}\n")
        return EXIT_USAGE
    for problem in checked.warnings:
        err.write(f"{problem.located(lang)} ({text('report_warning', lang)})\n")
    _refuse_existing(args, usage, "-o", args.output, lang)
    page = report_html(checked.report, lang)
    if args.output is None:
        out.write(page)
        return EXIT_OK
    path = _write(args, usage, "-o", args.output, page, lang)
    out.write(text("report_written", lang, path=path) + "\n")
    return EXIT_OK


def _summary(args: argparse.Namespace, out, usage: Callable) -> int:
    from rothman.practicum.summary import summarise, summary_csv, summary_html

    lang = args.lang
    if not os.path.isdir(args.summary):
        raise usage(args, "--summary", f"{args.summary}: {text('file_missing', lang)}")
    _refuse_existing(args, usage, "-o", args.output, lang)
    _refuse_existing(args, usage, "--csv", args.csv, lang)
    summary = summarise(args.summary, lang)
    for problem in summary.problems:
        args.err.write(f"rothman: {problem.located(lang)}\n")
    if args.output is None and args.csv is None:
        out.write(summary_csv(summary))
    if args.output is not None:
        path = _write(args, usage, "-o", args.output, summary_html(summary), lang)
        out.write(text("summary_written", lang, path=path) + "\n")
    if args.csv is not None:
        path = _write(args, usage, "--csv", args.csv, summary_csv(summary), lang)
        out.write(text("summary_written", lang, path=path) + "\n")
    return EXIT_PROBLEMS if summary.problems else EXIT_OK
