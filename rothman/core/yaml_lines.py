"""Reading a lecturer's YAML file with the line of every value, and every problem in it.

:func:`read_lines` never raises on bad input: a file that cannot be opened, is too large,
is not UTF-8, is not YAML, nests too deep, repeats a key, or uses a tag or an alias comes
back as :class:`Problem` records, each with the line it is on. The data come back as plain
Python values with a map from each value's path (``("answers", "goal")``) to its line, so
that a later check can say where in the file a wrong value is.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from rothman.core.data import MAX_FILE_BYTES
from rothman.core.i18n import text

#: Deeper nesting than this is refused before the file is built into values (a case file
#: needs four levels; a deep file would otherwise exhaust the recursion limit).
MAX_DEPTH = 20
#: How YAML 1.1 spells true and false besides true/false; YAML 1.2 reads these as text.
YAML11_BOOLS = frozenset(
    v
    for word in ("yes", "no", "on", "off", "y", "n")
    for v in (word, word.capitalize(), word.upper())
)

Path_ = tuple[object, ...]
_PLAIN = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class Problem:
    """One problem in one file: where it is and what is wrong, in any language.

    Examples:
        >>> p = Problem("cases/a.yaml", 3, "file_empty", {})
        >>> p.located("en")
        'cases/a.yaml:3: The file is empty.'
    """

    file: str
    line: int | None
    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """What is wrong, in plain words in ``lang``."""
        return text(self.key, lang, **{k: _show(v, lang) for k, v in self.params.items()})

    def located(self, lang: str = "en") -> str:
        """``file:line: message`` (``file: message`` when no line applies)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message(lang)}"


class PathProblem(NamedTuple):
    """A problem found in a file's data at ``path`` (``("answers", "goal", 1)``), before its
    line is looked up: a message key and its parameters, as in :class:`Problem`."""

    path: tuple
    key: str
    params: Mapping[str, object]


def _show(value: object, lang: str) -> str:
    if hasattr(value, "message"):
        return value.message(lang)
    if hasattr(value, "label"):  # a model or a role: its name in the message's language
        return value.label(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class Read:
    """What :func:`read_lines` found: the data, the line of each path, and the problems."""

    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: paths whose value was written as a YAML 1.1 boolean (yes, no, on, off ...)
    yaml11: dict[Path_, str] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of the nearest enclosing value that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, name: str, found: PathProblem) -> Problem:
        """``found`` as a :class:`Problem` of the file ``name``, on the line of its path."""
        return Problem(name, self.line(found.path), found.key, found.params)


_ERRNO_KEYS = {
    errno.ENOENT: "file_missing",
    errno.EACCES: "file_denied",
    errno.EPERM: "file_denied",
    errno.ENAMETOOLONG: "file_name_too_long",
    errno.ELOOP: "file_loop",
    errno.EISDIR: "file_is_folder",
}


def os_problem(name: str, exc: OSError) -> Problem:
    """An operating-system error as a :class:`Problem` in plain words."""
    key = _ERRNO_KEYS.get(exc.errno or 0, "file_unreadable")
    return Problem(name, None, key, {"code": errno.errorcode.get(exc.errno or 0, "?")})


def read_lines(path: str | Path) -> Read:
    """Read one YAML file; see the module docstring."""
    name = os.fspath(path)
    found = Read()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        found.problems.append(os_problem(name, exc))
        return found
    if len(raw) > MAX_FILE_BYTES:
        found.problems.append(Problem(name, None, "file_too_big", {"kib": MAX_FILE_BYTES // 1024}))
        return found
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found.problems.append(Problem(name, line, "file_not_utf8", {}))
        return found
    if not source.strip():
        found.problems.append(Problem(name, 1, "file_empty", {}))
        return found
    import yaml

    # one reading, with PyYAML's C parser (libyaml, several times faster) when it is there
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        problem = _walk(source, name, loader_class)
    except yaml.YAMLError:
        # a file libyaml cannot read: PyYAML's own parser says where and why, in the same
        # words whichever parser read the file
        try:
            problem = _walk(source, name, yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            problem = _syntax(name, exc)
        except yaml.YAMLError:
            problem = Problem(name, None, "yaml_syntax", {})
    if problem is not None:
        found.problems.append(problem)
        return found
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        if node is None:
            found.problems.append(Problem(name, 1, "file_empty", {}))
            return found
        found.data = _build(node, (), loader, name, found)
    except yaml.MarkedYAMLError as exc:
        found.problems.append(_syntax(name, exc))
        found.data = None
    except yaml.YAMLError:
        found.problems.append(Problem(name, None, "yaml_syntax", {}))
        found.data = None
    finally:
        loader.dispose()
    return found


def _walk(source: str, name: str, loader_class: type) -> Problem | None:
    """Go through the file's events before any value is built: too deep, or an alias.

    Events come one by one, without recursion, so a deep file is measured safely. Anchors
    and aliases are refused (a few lines could otherwise stand for a huge document); a file
    that is both too deep and uses one is reported as too deep.

    Raises:
        yaml.YAMLError: the text is not YAML.
    """
    import yaml

    depth, alias = 0, None
    for event in yaml.parse(source, Loader=loader_class):
        if alias is None and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
            alias = Problem(name, event.start_mark.line + 1, "yaml_alias", {})
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    name, event.start_mark.line + 1, "yaml_too_deep", {"depth": MAX_DEPTH}
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return alias


def _syntax(name: str, exc: Exception) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    said = (getattr(exc, "problem", "") or "") + (getattr(exc, "context", "") or "")
    if "anchors and aliases" in said:
        return Problem(name, line, "yaml_alias", {})
    if "tab" in said and "\\t" in said or "found character '\\t'" in said:
        return Problem(name, line, "yaml_tab", {})
    return Problem(name, line, "yaml_syntax", {})


def _build(node, path: Path_, loader, name: str, found: Read) -> Any:
    import yaml

    found.lines.setdefault(path, node.start_mark.line + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN:
        found.problems.append(
            Problem(
                name,
                node.start_mark.line + 1,
                "yaml_tag",
                {"tag": node.tag.replace("tag:yaml.org,2002:", "!!")},
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                found.problems.append(
                    Problem(name, key_node.start_mark.line + 1, "yaml_complex_key", {})
                )
                continue
            key = _scalar(key_node, path, loader, name, found)
            try:
                hash(key)
            except TypeError:
                continue
            child = (*path, key)
            if key in out:
                found.problems.append(
                    Problem(
                        name,
                        key_node.start_mark.line + 1,
                        "yaml_duplicate_key",
                        {"key": key, "first": found.lines.get(child, "?")},
                    )
                )
                continue
            found.lines[child] = key_node.start_mark.line + 1
            out[key] = _build(value_node, child, loader, name, found)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), loader, name, found) for i, item in enumerate(node.value)]
    return _scalar(node, path, loader, name, found)


def _scalar(node, path: Path_, loader, name: str, found: Read) -> Any:
    import yaml

    if node.tag.startswith("tag:yaml.org,2002:") is False:
        found.problems.append(
            Problem(
                name,
                node.start_mark.line + 1,
                "yaml_tag",
                {"tag": node.tag.replace("tag:yaml.org,2002:", "!!")},
            )
        )
        return None
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        found.problems.append(
            Problem(
                name,
                node.start_mark.line + 1,
                "yaml_tag",
                {"tag": node.tag.replace("tag:yaml.org,2002:", "!!")},
            )
        )
        return None
    if isinstance(value, bool) and node.value in YAML11_BOOLS:
        found.yaml11[path] = node.value
    return value
