"""Writing an output file without losing anything: one place for every ``-o`` of the package.

A new file is created exclusively (``O_EXCL``): no check-then-write race, and a symbolic link at
the path is refused instead of followed. Replacing an existing file (``--force``) writes a
temporary file beside it and renames it over the old one, so a reader never sees half a page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rothman.core.errors import RothmanError


class OutputExistsError(RothmanError):
    """The output path exists already (a file, a folder or a symbolic link)."""

    def __init__(self, file: str) -> None:
        super().__init__("cli_output_exists", file=file)
        self.file = file


def _problem(path: Path, exc: OSError) -> RothmanError:
    return RothmanError("error_write_file", file=str(path), problem=exc.strerror or str(exc))


def write_new_file(path: str | Path, content: str, force: bool = False) -> Path:
    """Write ``content`` (UTF-8) to ``path``, which must not exist unless ``force`` is set.

    Args:
        path: the file to write.
        content: its text.
        force: replace a regular file already at ``path`` (atomically). A symbolic link or a
            folder at ``path`` is refused even then.

    Raises:
        OutputExistsError: ``path`` exists and ``force`` is not set, or it is a link or a folder.
        RothmanError: the file cannot be written (the message names it and says why).

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write_new_file(folder / "a.txt", "one").read_text()
        'one'
        >>> write_new_file(folder / "a.txt", "two")
        Traceback (most recent call last):
        ...
        rothman.core.files.OutputExistsError: .../a.txt already exists: ...
        >>> write_new_file(folder / "a.txt", "two", force=True).read_text()
        'two'
    """
    path = Path(path)
    data = content.encode("utf-8")
    if force and not path.is_symlink() and path.is_file():
        return _replace(path, data)
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
        )
    except FileExistsError:
        raise OutputExistsError(str(path)) from None
    except OSError as exc:
        raise _problem(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _problem(path, exc) from None
    return path


def _replace(path: Path, data: bytes) -> Path:
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _problem(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise _problem(path, exc) from None
    return path
