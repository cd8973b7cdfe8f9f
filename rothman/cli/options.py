"""What the commands of ``rothman`` share: the :class:`Command` record, exit codes, help
texts, number options, usage errors that name the flag typed, and the lecturer's own cases.
"""

from __future__ import annotations

import argparse
import errno
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from rothman.cli.parser import UsageError, choice_message, subparser
from rothman.core.errors import UnknownCaseError
from rothman.core.i18n import text

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


def h(key: str, lang: str) -> str:
    """The ``cli_<key>`` string in ``lang`` (help texts of options)."""
    return text(f"cli_{key}", lang)


def port_type(lang: str) -> Callable[[str], int]:
    """An argparse type: a whole number, else a message in ``lang`` naming the value."""

    def port(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("cli_bad_number", lang, value=value)) from None

    return port


def seconds_type(lang: str) -> Callable[[str], float]:
    """An argparse type: a number of seconds above 0, else a message in ``lang``."""

    def seconds(value: str) -> float:
        try:
            found = float(value)
        except ValueError:
            found = 0.0
        if not 0 < found < float("inf"):
            raise argparse.ArgumentTypeError(text("cli_bad_seconds", lang, value=value))
        return found

    return seconds


def add_own_cases(p: argparse.ArgumentParser, lang: str) -> None:
    """The ``--cases DIR`` option: the lecturer's own cases beside the built-in ones."""
    p.add_argument("--cases", dest="own_cases", metavar="DIR", help=h("own_cases_help", lang))


def usage_error(args: argparse.Namespace, flag: str, message: str) -> UsageError:
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


def own_cases_of(args: argparse.Namespace, err) -> tuple | None:
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


def wrap(value: str, indent: str = "   ") -> str:
    """``value`` wrapped to 88 columns, each line indented."""
    return textwrap.fill(value, width=88, initial_indent=indent, subsequent_indent=indent)


def find_case(args: argparse.Namespace, case_id: str, flag: str):
    """The case ``case_id`` (built-in or own), else a usage error naming ``flag``."""
    from rothman.core.case_folders import course_cases, find_case

    own = own_cases_of(args, args.err)
    try:
        return find_case(case_id, args.lang, own)
    except UnknownCaseError:
        ids = [c.id for c in course_cases(args.lang, own)]
        raise usage_error(args, flag, choice_message(case_id, ids, args.lang)) from None


#: The reasons the system gives most often, in the user's language (others as it words them).
OS_REASONS = {
    errno.EACCES: "cli_os_reason_denied",
    errno.EPERM: "cli_os_reason_denied",
    errno.ENOENT: "cli_os_reason_missing",
    errno.ENOTDIR: "cli_os_reason_not_dir",
    errno.EISDIR: "cli_os_reason_is_dir",
    errno.EEXIST: "cli_os_reason_exists",
    errno.ENOSPC: "cli_os_reason_full",
    errno.EROFS: "cli_os_reason_read_only",
}


def os_error_message(exc: OSError, lang: str) -> str:
    """One line for an :class:`OSError`: the file or folder it concerns, and why, in ``lang``.

    Examples:
        >>> os_error_message(PermissionError(13, "Permission denied", "/srv/out"), "id")
        'Tidak dapat memakai /srv/out: izin ditolak.'
    """
    key = OS_REASONS.get(exc.errno)
    reason = text(key, lang) if key else (exc.strerror or str(exc)).rstrip(".")
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names:
        return text("cli_os_error_unnamed", lang, reason=reason)
    return text("cli_os_error", lang, path=" -> ".join(names), reason=reason)
