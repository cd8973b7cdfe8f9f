"""The ``rothman`` command: the table, assessments, cases and the notebooks from a terminal.

Bad input ends with exit code 2 and a message naming the flag, the bad value, the valid
choices and the nearest one. Every command is one :class:`~rothman.cli.options.Command` in
:data:`COMMANDS`: a function that adds its options and a function that runs it, kept in a
``commands_*`` module by what the command does. To add a command, write those two and add a
line to that module's table.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from rothman.cli import commands_files, commands_reading, commands_servers
from rothman.cli.options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command, h, os_error_message
from rothman.cli.parser import Parser, UsageError, speaking
from rothman.core.errors import RothmanError
from rothman.core.i18n import LANGS, check_lang, text

#: Every subcommand, in the order ``rothman --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    *commands_reading.COMMANDS,
    *commands_servers.COMMANDS,
    *commands_files.COMMANDS,
)


def _initial_lang(argv: Sequence[str]) -> str:
    """The language for help texts, read before parsing: ``--lang`` or ROTHMAN_LANG."""
    lang = os.environ.get("ROTHMAN_LANG", "en")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else "en"


def _build_parser(lang: str) -> Parser:
    """The parser of every command, its help in ``lang``."""
    Parser.lang = lang
    lang_flag = {"choices": LANGS, "metavar": "en|id", "help": h("lang_help", lang)}
    parser = Parser(prog="rothman", description=h("description", lang))
    parser.add_argument("--lang", default=os.environ.get("ROTHMAN_LANG", "en"), **lang_flag)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        help_text = h(command.help_key, lang)
        p = sub.add_parser(command.name, help=help_text, description=help_text)
        # given after the command it wins; left out, the top-level value stands
        p.add_argument("--lang", default=argparse.SUPPRESS, **lang_flag)
        command.arguments(p, lang)
    return parser


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run the command line; return the exit code.

    0 fine; 1 problems found, a server that failed, or a file the system refused; 2 bad input.
    """
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
            return getattr(exc, "exit_code", EXIT_USAGE)
        except BrokenPipeError:
            return EXIT_OK
        except OSError as exc:  # the system refused: a folder not writable, a disk full...
            err.write(f"rothman: {os_error_message(exc, lang)}\n")
            return EXIT_PROBLEMS
