"""argparse for the ``rothman`` command, speaking the user's language.

argparse writes its own words ("usage:", "options:", "invalid choice", ...) through the
``_``/``ngettext`` names of its module. :func:`speaking` points those names at the
``argparse_*`` strings of the data files for the length of one command (and puts them back
after), so the Indonesian command line has no English in it. Bad values and misspelt flags
are answered with the nearest valid one.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from rothman.core.i18n import string_keys, text


class UsageError(Exception):
    """Bad command-line input, shown with the usage of ``parser`` and exit code 2."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


def nearest(value: str, choices: Iterable[str]) -> str | None:
    """The valid choice closest to a mistyped ``value``, if one is close enough.

    Examples:
        >>> nearest("--powerholders", ["--power-holders", "--problem", "--goal"])
        '--power-holders'
        >>> nearest("xyz", ["capacity", "solve_task"]) is None
        True
    """
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def choice_message(value: str, choices: Sequence[str], lang: str) -> str:
    """``'value' is not valid; choose one of: ...`` and, if any, the nearest choice."""
    message = text("cli_bad_choice", lang, value=value, choices=", ".join(choices))
    close = nearest(value, choices)
    if close is not None:
        message += " " + text("cli_did_you_mean", lang, choice=close)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, but a word with a hyphen stays whole on its line: Indonesian
    doubles words with one (``masing-masing``), which must not be cut in two."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class Parser(argparse.ArgumentParser):
    """argparse with our error path, translated choices and suggestions for typos."""

    lang = "en"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(self, message)

    # argparse's own check of ``choices``: the same test, our words and a suggestion
    def _check_value(self, action: argparse.Action, value: object) -> None:
        if action.choices is not None and value not in action.choices:
            choices = [str(c) for c in action.choices]
            raise argparse.ArgumentError(action, choice_message(str(value), choices, self.lang))

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            target = self
            command = getattr(parsed, "command", None)
            if command:
                target = subparser(self, command) or self
            flags = [s for action in target._actions for s in action.option_strings]
            message = argparse._("unrecognized arguments: %s") % " ".join(extras)
            typed = next((e.split("=", 1)[0] for e in extras if e.startswith("-")), None)
            close = nearest(typed, flags) if typed else None
            if close is not None:
                message += " " + text("cli_did_you_mean", self.lang, choice=close)
            target.error(message)
        return parsed


def subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    """The parser of the subcommand ``name``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None


def _catalogue(lang: str) -> dict[str, str]:
    """argparse's English message -> the same message in ``lang``."""
    pairs = {}
    for key in string_keys():
        if key.startswith("argparse_"):
            pairs[text(key, "en")] = text(key, lang)
    return pairs


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """argparse's own messages in ``lang`` while the block runs."""
    catalogue = _catalogue(lang) if lang != "en" else {}
    saved = argparse._, argparse.ngettext

    def translate(message: str) -> str:
        return catalogue.get(message, message)

    def translate_n(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    argparse._, argparse.ngettext = translate, translate_n
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
