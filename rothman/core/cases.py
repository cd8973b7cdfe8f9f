"""Case studies: reading case files and folders, and the cases shipped with the library."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from rothman.core.case_checks import check_case, hint_warnings
from rothman.core.case_study import Case
from rothman.core.data import data_dir
from rothman.core.errors import CaseFileError, UnknownCaseError
from rothman.core.i18n import check_lang
from rothman.core.yaml_lines import PathProblem, Problem, os_problem, read_lines

#: A folder of case files holds at most this many files.
MAX_CASE_FILES = 500


class CaseList(tuple):
    """The cases read from files, with ``problems``: what was wrong in the files skipped.

    A tuple of :class:`Case` like any other; ``problems`` holds one
    :class:`~rothman.core.yaml_lines.Problem` per problem (``.located(lang)`` gives
    ``file:line: message``). ``warnings`` holds what may be wrong in the cases read, which
    are used all the same: a word that gives a case's model away before the student answers.
    They are for the lecturer (``rothman check-cases``), never for the students' quiz.
    """

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    def __new__(cls, items=(), problems=(), warnings=()):
        self = super().__new__(cls, items)
        self.problems = tuple(problems)
        self.warnings = tuple(warnings)
        return self


def _read_file(path: Path, lang: str) -> tuple[list[Case], list[Problem], list[Problem]]:
    """The cases of one file, the problems of those skipped, and the warnings of those read."""
    name = str(path)
    read = read_lines(path)
    if read.problems:
        return [], read.problems, []
    data = read.data
    if data is None:
        return [], [Problem(name, 1, "file_empty", {})], []
    if isinstance(data, list) and not data:
        return [], [Problem(name, 1, "file_no_cases", {})], []
    items = data if isinstance(data, list) else [data]
    out, problems, warnings = [], [], []
    for index, raw in enumerate(items):
        base = (index,) if isinstance(data, list) else ()
        yaml11 = {p[len(base) :]: v for p, v in read.yaml11.items() if p[: len(base)] == base}
        item, found = check_case(raw, lang, name, yaml11)
        for where, key, params in found:
            problems.append(read.problem(name, PathProblem((*base, *where), key, params)))
        if item is not None:
            out.append(replace(item, line=read.line((*base, "expected"))))
            for where, key, params in hint_warnings(item):
                warnings.append(read.problem(name, PathProblem((*base, *where), key, params)))
    return out, problems, warnings


def read_cases(path: str | Path, lang: str = "en") -> CaseList:
    """Read a case file, or every ``*.yaml``/``*.yml`` file of a folder, never raising.

    A bad file is skipped and its problems are in ``.problems``; the rest still load.

    Examples:
        >>> found = read_cases("no/such/place")
        >>> len(found), found.problems[0].located("en")
        (0, 'no/such/place: There is no such file or folder.')
    """
    check_lang(lang)
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            files = []
            for entry in sorted(path.iterdir()):
                if entry.suffix in (".yaml", ".yml") and not entry.is_dir():
                    files.append(entry)
                if len(files) > MAX_CASE_FILES:
                    return CaseList(
                        (), [Problem(name, None, "folder_too_many", {"count": MAX_CASE_FILES})]
                    )
            if not files:
                return CaseList((), [Problem(name, None, "folder_no_cases", {})])
        else:
            path.stat()
            files = [path]
    except OSError as exc:
        return CaseList((), [os_problem(name, exc)])
    out: list[Case] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, str] = {}
    for file in files:
        items, found, warned = _read_file(file, lang)
        problems.extend(found)
        warnings.extend(warned)
        for item in items:
            if item.id in seen:
                problems.append(
                    Problem(
                        item.path,
                        None,
                        "case_duplicate_id",
                        {"id": item.id, "other": seen[item.id]},
                    )
                )
                continue
            seen[item.id] = item.path
            out.append(item)
    return CaseList(out, problems, warnings)


def load_cases(path: str | Path, lang: str = "en") -> CaseList:
    """Read and validate a case file, or every ``*.yaml``/``*.yml`` file of a folder.

    In a folder, a bad file is skipped (its problems are in ``.problems`` of the result);
    everything else still loads.

    Raises:
        CaseFileError: nothing could be read (the message names the file and the problem).

    Examples:
        >>> from rothman.core.data import data_dir
        >>> len(load_cases(data_dir() / "cases")) >= 12
        True
        >>> load_cases("no/such/place")
        Traceback (most recent call last):
        ...
        rothman.core.errors.CaseFileError: Case file no/such/place: There is no such file or folder.
    """
    found = read_cases(path, lang)
    if not found and found.problems:
        first = found.problems[0]
        where = first.file if first.line is None else f"{first.file}:{first.line}"
        raise CaseFileError(file=where, problem=first)
    return found


@lru_cache(maxsize=2)
def _shipped(lang: str) -> tuple[Case, ...]:
    return load_cases(data_dir() / "cases", lang=lang)


def cases(lang: str = "en") -> tuple[Case, ...]:
    """The case studies shipped with the library, texts in ``lang``, sorted by id.

    Examples:
        >>> all(c.title and c.story for c in cases("id"))
        True
    """
    return _shipped(check_lang(lang))


def case(case_id: str, lang: str = "en") -> Case:
    """One shipped case by id; an error naming the valid ids otherwise."""
    for item in cases(lang):
        if item.id == case_id:
            return item
    raise UnknownCaseError(value=str(case_id), choices=[c.id for c in cases(lang)])
