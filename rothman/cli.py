"""The ``rothman`` command: the table, assessments, cases and the notebooks from a terminal.

Bad input ends with exit code 2 and a message naming the bad value and the valid choices.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from .errors import RothmanError
from .i18n import LANGS, check_lang, text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors go through our exception so they are shown our way."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(self, message)


class _UsageError(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


def _initial_lang(argv: Sequence[str]) -> str:
    """The language for help texts, read before parsing: ``--lang`` or ROTHMAN_LANG."""
    lang = os.environ.get("ROTHMAN_LANG", "en")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else "en"


def _build_parser(lang: str) -> argparse.ArgumentParser:
    from .present import DEFAULT_PORT
    from .variables import community_variables

    def h(key: str) -> str:
        return text(f"cli_{key}", lang)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang", default=os.environ.get("ROTHMAN_LANG", "en"), help=h("lang_help"), metavar="en|id"
    )
    parser = _Parser(prog="rothman", description=h("description"), parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("table", parents=[common], help=h("table_help"), description=h("table_help"))
    p.add_argument("--csv", action="store_true", help=h("csv_help"))
    p.add_argument("--json", action="store_true", help=h("json_help"))
    p.add_argument("--edition", default="1970", metavar="YEAR", help=h("edition_help"))

    p = sub.add_parser(
        "references", parents=[common], help=h("references_help"), description=h("references_help")
    )
    p.add_argument("--json", action="store_true", help=h("json_help"))

    p = sub.add_parser(
        "assess", parents=[common], help=h("assess_help"), description=h("assess_help")
    )
    for var in community_variables():
        p.add_argument(
            "--" + var.key.replace("_", "-"),
            dest=var.key,
            metavar="LEVEL",
            help=f"{var.question(lang)} ({' | '.join(var.level_keys)})",
        )
    p.add_argument("--json", action="store_true", help=h("json_help"))

    p = sub.add_parser("cases", parents=[common], help=h("cases_help"), description=h("cases_help"))
    p.add_argument("--json", action="store_true", help=h("json_help"))

    p = sub.add_parser("case", parents=[common], help=h("case_help"), description=h("case_help"))
    p.add_argument("case_id", metavar="ID")
    p.add_argument("--answer", metavar="MODEL", help=h("answer_help"))
    p.add_argument("--role", metavar="ROLE", help=h("role_help"))

    p = sub.add_parser(
        "check-cases", parents=[common], help=h("check_help"), description=h("check_help")
    )
    p.add_argument("path", metavar="PATH")

    p = sub.add_parser("lab", parents=[common], help=h("lab_help"), description=h("lab_help"))
    p.add_argument("--port", type=int, default=8888)

    p = sub.add_parser(
        "present", parents=[common], help=h("present_help"), description=h("present_help")
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=h("port_help"))

    p = sub.add_parser(
        "handout", parents=[common], help=h("handout_help"), description=h("handout_help")
    )
    p.add_argument("--case", dest="case_id", metavar="ID", help=h("handout_case_help"))
    p.add_argument("-o", "--output", metavar="FILE.html", help=h("output_help"))
    return parser


def _wrap(value: str, indent: str = "   ") -> str:
    return textwrap.fill(value, width=88, initial_indent=indent, subsequent_indent=indent)


def _cmd_table(args: argparse.Namespace, out) -> int:
    from .models import Model
    from .table import comparison_table

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
            out.write(_wrap(f"{model.letter} {model.label(lang)}: {value}") + "\n")
        out.write("\n")
    out.write(_wrap(frame.attrs["caption"], indent="") + "\n")
    return EXIT_OK


def _cmd_references(args: argparse.Namespace, out) -> int:
    from .references import reference_list

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
            out.write(_wrap(f"† {note}", indent="    ") + "\n")
    out.write("\n" + _wrap(frame.attrs["caption"], indent="") + "\n")
    return EXIT_OK


def _cmd_assess(args: argparse.Namespace, out) -> int:
    from .assessment import assess
    from .variables import community_variables

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


def _cmd_cases(args: argparse.Namespace, out) -> int:
    from .cases import cases

    items = cases(args.lang)
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
        out.write(f"{c.id:<{width}}  {c.title}\n")
    return EXIT_OK


def _cmd_case(args: argparse.Namespace, out) -> int:
    from .cases import case, check_answer

    item = case(args.case_id, args.lang)
    lang = args.lang
    out.write(f"{item.title}\n{item.setting}\n\n" if item.setting else f"{item.title}\n\n")
    out.write(textwrap.fill(item.story, width=88) + "\n\n")
    out.write(f"{text('source', lang)}: {item.source_text}\n")
    if item.note:
        out.write(f"{text('note', lang)}: {item.note}\n")
    if args.answer:
        feedback = check_answer(item, args.answer, args.role, lang)
        out.write("\n" + textwrap.fill(feedback.text, width=88) + "\n")
        return EXIT_OK if feedback.correct else EXIT_PROBLEMS
    out.write("\n" + text("cli_case_try", lang, id=item.id) + "\n")
    return EXIT_OK


def _cmd_check_cases(args: argparse.Namespace, out) -> int:
    from .cases import case_problems, load_cases

    items = load_cases(args.path, lang=args.lang)
    problems = [p for c in items for p in case_problems(c)]
    for problem in problems:
        out.write(f"- {problem}\n")
    key = "cli_check_problems" if problems else "cli_check_ok"
    out.write(text(key, args.lang, count=len(items), problems=len(problems)) + "\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def notebooks_dir() -> Path | None:
    """The notebooks folder of a checkout, if this package runs from one."""
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    return folder if folder.is_dir() else None


def _cmd_lab(args: argparse.Namespace, out) -> int:
    folder = notebooks_dir()
    if folder is None:
        raise RothmanError("cli_no_notebooks")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ip=127.0.0.1",
        f"--port={args.port}",
        f"--ServerApp.root_dir={folder}",
    ]
    start = folder / args.lang / "01_start_here.ipynb"
    if start.is_file():
        command.append(f"--LabApp.default_url=/lab/tree/{args.lang}/{start.name}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    out.flush()
    os.execv(sys.executable, command)
    return EXIT_OK  # not reached


def _cmd_present(args: argparse.Namespace, out) -> int:
    from .present import serve

    return serve(lang=args.lang, port=args.port, out=out)


def _cmd_handout(args: argparse.Namespace, out) -> int:
    from .handout import handout_html, write_handout

    if args.output is None:
        out.write(handout_html(args.lang, args.case_id))
        return EXIT_OK
    path = write_handout(args.output, args.lang, args.case_id)
    out.write(text("cli_handout_written", args.lang, path=path) + "\n")
    return EXIT_OK


_COMMANDS = {
    "table": _cmd_table,
    "references": _cmd_references,
    "assess": _cmd_assess,
    "cases": _cmd_cases,
    "case": _cmd_case,
    "check-cases": _cmd_check_cases,
    "lab": _cmd_lab,
    "present": _cmd_present,
    "handout": _cmd_handout,
}


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run the command line; return the exit code (0 fine, 1 problems found, 2 bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    lang = _initial_lang(argv)
    try:
        parser = _build_parser(lang)
        args = parser.parse_args(argv)
        args.lang = check_lang(args.lang)
        if not args.command:
            parser.print_help(out)
            return EXIT_USAGE
        return _COMMANDS[args.command](args, out)
    except _UsageError as exc:
        exc.parser.print_usage(err)
        err.write(f"{exc.parser.prog}: {exc}\n")
        return EXIT_USAGE
    except RothmanError as exc:
        err.write(f"rothman: {exc.message(lang)}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
