"""The commands that start a server: ``lab`` (JupyterLab on the course) and ``present``
(presentation mode, or with ``--class N`` the class server).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rothman.cli.options import (
    EXIT_OK,
    Command,
    add_own_cases,
    h,
    own_cases_of,
    port_type,
    seconds_type,
)
from rothman.core.errors import RothmanError
from rothman.core.i18n import text


def share_own_cases(args: argparse.Namespace) -> None:
    """Name ``--cases DIR`` to the notebooks' kernels, which inherit our environment."""
    if getattr(args, "own_cases", None) is not None:
        from rothman.core.case_folders import CASES_ENV

        own_cases_of(args, args.err)  # bad files are named now, before the server starts
        os.environ[CASES_ENV] = str(Path(args.own_cases).resolve())


def args_lab(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--port", type=port_type(lang), default=8888, help=h("port_help", lang))
    add_own_cases(p, lang)


def run_lab(args: argparse.Namespace, out) -> int:
    from rothman.classroom.lab import lab_command, lab_environment
    from rothman.core.course_files import lab_root

    found = lab_root(Path.cwd())
    if found is None:
        raise RothmanError("cli_no_notebooks")
    folder, copied = found
    if copied:
        out.write(text("cli_lab_copied", args.lang, path=folder.parent) + "\n")
    share_own_cases(args)
    command = lab_command(folder, args.lang, args.port)
    out.flush()
    os.execve(sys.executable, command, lab_environment(os.environ))
    return EXIT_OK  # not reached


def args_present(p: argparse.ArgumentParser, lang: str) -> None:
    from rothman.classroom.class_server import CLASS_START_TIMEOUT
    from rothman.classroom.present import DEFAULT_PORT, START_TIMEOUT

    p.add_argument("--port", type=port_type(lang), default=DEFAULT_PORT, help=h("port_help", lang))
    p.add_argument(
        "--class", dest="class_size", type=port_type(lang), metavar="N", help=h("class_help", lang)
    )
    p.add_argument("--ip", metavar="ADDRESS", help=h("ip_help", lang))
    p.add_argument("--class-dir", metavar="DIR", help=h("class_dir_help", lang))
    p.add_argument("--nicknames", action="store_true", help=h("nicknames_help", lang))
    p.add_argument(
        "--timeout",
        type=seconds_type(lang),
        metavar="SECONDS",
        help=text("cli_timeout_help", lang, alone=START_TIMEOUT, room=CLASS_START_TIMEOUT),
    )
    add_own_cases(p, lang)


def run_present(args: argparse.Namespace, out) -> int:
    share_own_cases(args)
    timeout = {} if args.timeout is None else {"timeout": args.timeout}
    if args.class_size is not None:
        from rothman.classroom.class_server import serve_class

        return serve_class(
            args.class_size,
            lang=args.lang,
            port=args.port,
            ip=args.ip,
            out=out,
            class_dir=args.class_dir,
            nicknames=args.nicknames,
            **timeout,
        )
    if args.ip is not None:
        raise RothmanError("cli_ip_needs_class")
    if args.class_dir is not None or args.nicknames:
        raise RothmanError("cli_live_needs_class")
    from rothman.classroom.present import serve

    return serve(lang=args.lang, port=args.port, out=out, **timeout)


#: These commands, in the order ``rothman --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("lab", "lab_help", args_lab, run_lab),
    Command("present", "present_help", args_present, run_present),
)
