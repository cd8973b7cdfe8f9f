"""Finding and reading the data files, safely, once.

The files live in the top-level ``data/`` folder of a checkout; a built wheel carries the
same folder as ``rothman/data``. YAML is read with a safe loader that also refuses
anchors and aliases (a case file has no use for them, and they allow "billion laughs"
expansion), and files above a size limit are refused before parsing.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rothman.core.errors import DataError

#: Files larger than this are refused before they are parsed.
MAX_FILE_BYTES = 256 * 1024


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder holding the data files (inside the package when installed from a wheel)."""
    packaged = resources.files("rothman") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data"


def _refuse(event, kind: str) -> None:
    import yaml

    raise yaml.composer.ComposerError(
        None, None, f"anchors and aliases ({kind}name) are not allowed", event.start_mark
    )


@lru_cache(maxsize=1)
def _loader() -> type:
    """``yaml.SafeLoader`` that rejects anchors and aliases (used without libyaml).

    Built on first use, so that ``import rothman`` does not import PyYAML.
    """
    import yaml

    class NoAliasSafeLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
            if self.check_event(yaml.AliasEvent):
                _refuse(self.peek_event(), "*")
            event = self.peek_event()
            if getattr(event, "anchor", None):
                _refuse(event, "&")
            return super().compose_node(parent, index)

    return NoAliasSafeLoader


def _safe_load(raw: str) -> Any:
    """The document in ``raw``, built by a safe loader; anchors and aliases refused first.

    With libyaml (PyYAML's C parser, in its wheels) the file is parsed in C: about seven
    times faster than the pure-Python loader, which is most of a class page's start in a
    kernel (every page reads the course's data files). Its events are checked for anchors
    and aliases before anything is built from them.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
    if fast is None:
        return yaml.load(raw, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    for event in yaml.parse(raw, Loader=fast):
        if isinstance(event, yaml.AliasEvent):
            _refuse(event, "*")
        if getattr(event, "anchor", None):
            _refuse(event, "&")
    return yaml.load(raw, Loader=fast)  # noqa: S506 - libyaml's SafeLoader


def parse_yaml(raw: bytes | str, name: str, error: type[DataError] = DataError) -> Any:
    """Parse YAML text safely; errors name ``name`` and say what is wrong."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise error(file=name, problem=f"larger than {MAX_FILE_BYTES // 1024} KiB")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(file=name, problem=f"not UTF-8 text ({exc.reason})") from None
    import yaml

    try:
        return _safe_load(raw)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise error(file=name, problem=f"not valid YAML: {problem}") from None


def read_yaml(relative: str) -> Any:
    """Read a YAML file of the data folder."""
    path = data_dir() / relative
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(file=str(path), problem=exc.strerror or "cannot be read") from None
    return parse_yaml(raw, str(path))


def read_csv(relative: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Read a CSV file of the data folder as rows of strings, checking its header."""
    path = data_dir() / relative
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(file=str(path), problem=str(exc)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(file=str(path), problem=f"missing columns: {', '.join(missing)}")
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(row[c] is None for c in required):
            raise DataError(file=str(path), problem=f"line {number} has the wrong number of fields")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows
