"""The ``rothman`` command: the table, assessments, cases and the notebooks from a terminal.

Bad input ends with exit code 2 and a message naming the flag, the bad value, the valid
choices and the nearest one. Every command is one :class:`Command` in :data:`COMMANDS`: a
function that adds its options and a function that runs it. To add a command, write those
two and add a line to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rothman.cli.parser import Parser, UsageError, choice_message, speaking, subparser
from rothman.core.errors import RothmanError, UnknownCaseError
from rothman.core.files import OutputExistsError
from rothman.core.i18n import LANGS, check_lang, text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Command:
    """One subcommand: ``arguments(parser, lang)`` adds its options, ``run(args, out)`` runs it.

    ``run`` returns the exit code: 0 fine, 1 problems found, 2 bad input.
    """

    name: str
    help_key: str
    arguments: Callable[[argparse.ArgumentParser, str], None]
    run: Callable[[argparse.Namespace, object], int]


def _initial_lang(argv: Sequence[str]) -> str:
    """The language for help texts, read before parsing: ``--lang`` or ROTHMAN_LANG."""
    lang = os.environ.get("ROTHMAN_LANG", "en")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else "en"


def _h(key: str, lang: str) -> str:
    return text(f"cli_{key}", lang)


def _port(lang: str) -> Callable[[str], int]:
    def port(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("cli_bad_number", lang, value=value)) from None

    return port


def _add_own_cases(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--cases", dest="own_cases", metavar="DIR", help=_h("own_cases_help", lang))


def _build_parser(lang: str) -> Parser:
    """The parser of every command, its help in ``lang``."""
    Parser.lang = lang
    lang_flag = {"choices": LANGS, "metavar": "en|id", "help": _h("lang_help", lang)}
    parser = Parser(prog="rothman", description=_h("description", lang))
    parser.add_argument("--lang", default=os.environ.get("ROTHMAN_LANG", "en"), **lang_flag)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        help_text = _h(command.help_key, lang)
        p = sub.add_parser(command.name, help=help_text, description=help_text)
        # given after the command it wins; left out, the top-level value stands
        p.add_argument("--lang", default=argparse.SUPPRESS, **lang_flag)
        command.arguments(p, lang)
    return parser


def _usage(args: argparse.Namespace, flag: str, message: str) -> UsageError:
    """A usage error of the running command that names the flag the user typed."""
    parser = subparser(args.parser, args.command) or args.parser
    return UsageError(
        parser,
        argparse._("argument %(argument_name)s: %(message)s")
        % {
            "argument_name": flag,
            "message": message,
        },
    )


def _own_cases(args: argparse.Namespace, err) -> tuple | None:
    """The cases of ``--cases DIR`` (bad files named on ``err`` and skipped), or None."""
    folder = getattr(args, "own_cases", None)
    if folder is None:
        return None
    from rothman.core.case_folders import own_cases

    found = own_cases(folder, args.lang)
    for problem in found.problems:
        err.write(
            f"rothman: {text('cli_skipped_file', args.lang, problem=problem.located(args.lang))}\n"
        )
    return found


def _wrap(value: str, indent: str = "   ") -> str:
    return textwrap.fill(value, width=88, initial_indent=indent, subsequent_indent=indent)


# --- table ----------------------------------------------------------------------------------


def _args_table(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--csv", action="store_true", help=_h("csv_help", lang))
    p.add_argument("--json", action="store_true", help=_h("json_help", lang))
    p.add_argument("--edition", default="1970", metavar="YEAR", help=_h("edition_help", lang))


def _cmd_table(args: argparse.Namespace, out) -> int:
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
            out.write(_wrap(f"{model.letter} {model.label(lang)}: {value}") + "\n")
        out.write("\n")
    out.write(_wrap(frame.attrs["caption"], indent="") + "\n")
    return EXIT_OK


# --- references -----------------------------------------------------------------------------


def _args_references(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--json", action="store_true", help=_h("json_help", lang))


def _cmd_references(args: argparse.Namespace, out) -> int:
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
            out.write(_wrap(f"† {note}", indent="    ") + "\n")
    out.write("\n" + _wrap(frame.attrs["caption"], indent="") + "\n")
    return EXIT_OK


# --- assess ---------------------------------------------------------------------------------


def _levels_type(var, lang: str) -> Callable[[str], str | tuple[str, ...]]:  # noqa: ANN001
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


def _args_assess(p: argparse.ArgumentParser, lang: str) -> None:
    from rothman.core.variables import community_variables

    for var in community_variables():
        p.add_argument(
            "--" + var.key.replace("_", "-"),
            dest=var.key,
            metavar="LEVEL[,LEVEL]",
            type=_levels_type(var, lang),
            help=f"{var.question(lang)} ({' | '.join(var.level_keys)}; "
            f"{_h('several_levels_help', lang)})",
        )
    p.add_argument("--json", action="store_true", help=_h("json_help", lang))


def _cmd_assess(args: argparse.Namespace, out) -> int:
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


def _args_cases(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--json", action="store_true", help=_h("json_help", lang))
    _add_own_cases(p, lang)


def _cmd_cases(args: argparse.Namespace, out) -> int:
    from rothman.core.case_folders import course_cases, own_mark

    items = course_cases(args.lang, _own_cases(args, args.err))
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


def _args_case(p: argparse.ArgumentParser, lang: str) -> None:
    from rothman.core.models import Model, PowerRole

    p.add_argument("case_id", metavar="ID")
    p.add_argument(
        "--answer", metavar="MODEL", choices=[m.value for m in Model], help=_h("answer_help", lang)
    )
    p.add_argument(
        "--role", metavar="ROLE", choices=[r.value for r in PowerRole], help=_h("role_help", lang)
    )
    _add_own_cases(p, lang)


def _find(args: argparse.Namespace, case_id: str, flag: str):
    from rothman.core.case_folders import course_cases, find_case

    own = _own_cases(args, args.err)
    try:
        return find_case(case_id, args.lang, own)
    except UnknownCaseError:
        ids = [c.id for c in course_cases(args.lang, own)]
        raise _usage(args, flag, choice_message(case_id, ids, args.lang)) from None


def _cmd_case(args: argparse.Namespace, out) -> int:
    from rothman.core.case_feedback import check_answer

    item = _find(args, args.case_id, "ID")
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


# --- check-cases ----------------------------------------------------------------------------


def _args_check_cases(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("path", metavar="PATH")


def _cmd_check_cases(args: argparse.Namespace, out) -> int:
    from rothman.core.case_folders import check_cases

    try:
        os.lstat(args.path)
    except FileNotFoundError:  # a mistyped path is bad input; anything else is reported below
        raise _usage(args, "PATH", f"{args.path}: {text('file_missing', args.lang)}") from None
    except OSError:
        pass
    report = check_cases(args.path, args.lang)
    for problem in report.problems:
        out.write(problem.located(args.lang) + "\n")
    key = "cli_check_problems" if report.problems else "cli_check_ok"
    out.write(text(key, args.lang, count=len(report), problems=len(report.problems)) + "\n")
    return EXIT_PROBLEMS if report.problems else EXIT_OK


# --- lab, present, handout ------------------------------------------------------------------


def _share_own_cases(args: argparse.Namespace) -> None:
    """Name ``--cases DIR`` to the notebooks' kernels, which inherit our environment."""
    if getattr(args, "own_cases", None) is not None:
        from rothman.core.case_folders import CASES_ENV

        _own_cases(args, args.err)  # bad files are named now, before the server starts
        os.environ[CASES_ENV] = str(Path(args.own_cases).resolve())


def _args_lab(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--port", type=_port(lang), default=8888, help=_h("port_help", lang))
    _add_own_cases(p, lang)


def _cmd_lab(args: argparse.Namespace, out) -> int:
    from rothman.classroom.lab import lab_command
    from rothman.core.course_files import lab_root

    found = lab_root(Path.cwd())
    if found is None:
        raise RothmanError("cli_no_notebooks")
    folder, copied = found
    if copied:
        out.write(text("cli_lab_copied", args.lang, path=folder.parent) + "\n")
    _share_own_cases(args)
    command = lab_command(folder, args.lang, args.port)
    out.flush()
    os.execv(sys.executable, command)
    return EXIT_OK  # not reached


def _args_present(p: argparse.ArgumentParser, lang: str) -> None:
    from rothman.classroom.present import DEFAULT_PORT

    p.add_argument("--port", type=_port(lang), default=DEFAULT_PORT, help=_h("port_help", lang))
    p.add_argument(
        "--class", dest="class_size", type=_port(lang), metavar="N", help=_h("class_help", lang)
    )
    p.add_argument("--ip", metavar="ADDRESS", help=_h("ip_help", lang))
    _add_own_cases(p, lang)


def _cmd_present(args: argparse.Namespace, out) -> int:
    _share_own_cases(args)
    if args.class_size is not None:
        from rothman.classroom.class_server import serve_class

        return serve_class(args.class_size, lang=args.lang, port=args.port, ip=args.ip, out=out)
    if args.ip is not None:
        raise RothmanError("cli_ip_needs_class")
    from rothman.classroom.present import serve

    return serve(lang=args.lang, port=args.port, out=out)


def _args_handout(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--case", dest="case_id", metavar="ID", help=_h("handout_case_help", lang))
    p.add_argument("--student", action="store_true", help=_h("handout_student_help", lang))
    p.add_argument("-o", "--output", metavar="FILE.html", help=_h("output_help", lang))
    p.add_argument("--force", action="store_true", help=_h("force_help", lang))
    _add_own_cases(p, lang)


def _cmd_handout(args: argparse.Namespace, out) -> int:
    from rothman.render.handout import handout_html, write_handout

    item = _find(args, args.case_id, "--case") if args.case_id is not None else None
    if args.output is None:
        out.write(handout_html(args.lang, item, student=args.student))
        return EXIT_OK
    try:
        path = write_handout(args.output, args.lang, item, student=args.student, force=args.force)
    except OutputExistsError:
        raise _usage(args, "-o", text("cli_output_exists", args.lang, file=args.output)) from None
    out.write(text("cli_handout_written", args.lang, path=path) + "\n")
    return EXIT_OK


# --- report ---------------------------------------------------------------------------------


def _args_report(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("file", nargs="?", metavar="FILE.yaml", help=_h("report_file_help", lang))
    p.add_argument("--summary", metavar="DIR", help=_h("report_summary_help", lang))
    p.add_argument("-o", "--output", metavar="FILE.html", help=_h("output_help", lang))
    p.add_argument("--csv", metavar="FILE.csv", help=_h("report_csv_help", lang))
    p.add_argument("--force", action="store_true", help=_h("force_help", lang))


def _cmd_report(args: argparse.Namespace, out) -> int:
    from rothman.cli.report import run_report

    return run_report(args, out, _usage)


#: Every subcommand, in the order ``rothman --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("table", "table_help", _args_table, _cmd_table),
    Command("references", "references_help", _args_references, _cmd_references),
    Command("assess", "assess_help", _args_assess, _cmd_assess),
    Command("cases", "cases_help", _args_cases, _cmd_cases),
    Command("case", "case_help", _args_case, _cmd_case),
    Command("check-cases", "check_help", _args_check_cases, _cmd_check_cases),
    Command("lab", "lab_help", _args_lab, _cmd_lab),
    Command("present", "present_help", _args_present, _cmd_present),
    Command("handout", "handout_help", _args_handout, _cmd_handout),
    Command("report", "report_help", _args_report, _cmd_report),
)


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run the command line; return the exit code (0 fine, 1 problems found, 2 bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    lang = _initial_lang(argv)
    with speaking(lang):
        try:
            parser = _build_parser(lang)
            args = parser.parse_args(argv)
            args.lang = check_lang(args.lang)
            if not args.command:
                parser.print_help(out)
                return EXIT_USAGE
            args.parser, args.err = parser, err
            args.lang_given = any(a == "--lang" or a.startswith("--lang=") for a in argv)
            run = {c.name: c.run for c in COMMANDS}[args.command]
            return run(args, out)
        except UsageError as exc:
            exc.parser.print_usage(err)
            err.write(f"{exc.parser.prog}: {text('cli_error', lang)}: {exc}\n")
            return EXIT_USAGE
        except RothmanError as exc:
            err.write(f"rothman: {exc.message(lang)}\n")
            return EXIT_USAGE
        except BrokenPipeError:
            return EXIT_OK
