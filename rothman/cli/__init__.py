"""The ``rothman`` command: its parser, its commands and their messages."""

from rothman.cli.app import main

__all__ = ["main"]
