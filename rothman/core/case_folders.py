"""The cases a class sees: the built-in ones and, beside them, the lecturer's own.

Everything that offers cases (the quiz, the explorer's case list, the phase viewer,
presentation mode, handouts and the command line) takes them from here, so a lecturer's
cases appear the same way everywhere. Own cases come from a folder (or file) given as
``cases=`` or, for notebooks and presentation mode started with ``--cases DIR``, from the
``ROTHMAN_CASES`` environment variable. A bad file is named with its problem and skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rothman.core.case_feedback import disagreements
from rothman.core.case_study import Case
from rothman.core.cases import CaseList, cases, read_cases
from rothman.core.errors import UnknownCaseError
from rothman.core.i18n import check_lang, text
from rothman.core.yaml_lines import Problem

#: The environment variable naming a folder of own cases for notebooks and views.
CASES_ENV = "ROTHMAN_CASES"

OwnCases = str | os.PathLike | Iterable[Case] | None


def own_cases(source: OwnCases = None, lang: str = "en") -> CaseList:
    """The lecturer's own cases, marked as such, texts in ``lang``.

    Args:
        source: a folder or file of case files, cases already read (``load_cases``), or
            None for the folder named by ``ROTHMAN_CASES`` (none if it is not set).
        lang: ``"en"`` or ``"id"``.

    Returns:
        The cases (``.problems`` names each bad file and what is wrong; those are skipped).
        A case whose id is already a built-in case is skipped with a problem too.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "broken.yaml").write_text("id: [\\n")
        >>> found = own_cases(folder)
        >>> len(found), found.problems[0].line
        (0, 2)
    """
    check_lang(lang)
    if source is None:
        source = os.environ.get(CASES_ENV) or None
        if source is None:
            return CaseList()
    if isinstance(source, (str, os.PathLike)):
        found = read_cases(Path(source), lang)
        items, problems = list(found), list(found.problems)
    else:
        items = [c.in_language(lang) for c in source]
        problems = list(getattr(source, "problems", ()))
    built_in = {c.id for c in cases(lang)}
    kept = []
    for item in items:
        if item.id in built_in and not item.own:
            problems.append(Problem(item.path, None, "case_id_taken", {"id": item.id}))
            continue
        kept.append(replace(item, own=True))
    return CaseList(kept, problems)


def course_cases(lang: str = "en", own: OwnCases = None) -> CaseList:
    """The built-in cases, then the lecturer's own (see :func:`own_cases`).

    Examples:
        >>> course_cases("id")[0].own
        False
    """
    mine = own if isinstance(own, CaseList) and all(c.own for c in own) else own_cases(own, lang)
    return CaseList([*cases(lang), *(c.in_language(lang) for c in mine)], mine.problems)


def find_case(case_id: str, lang: str = "en", own: OwnCases = None) -> Case:
    """One case by id among the built-in and own cases; an error naming the ids otherwise."""
    items = course_cases(lang, own)
    for item in items:
        if item.id == case_id:
            return item
    raise UnknownCaseError(value=str(case_id), choices=[c.id for c in items])


def own_mark(item: Case, lang: str = "en") -> str:
    """`` (lecturer's case)`` after an own case's title; nothing for a built-in case.

    Examples:
        >>> own_mark(course_cases()[0])
        ''
    """
    return f" {text('own_case_mark', lang)}" if item.own else ""


def check_cases(path: str | os.PathLike, lang: str = "en") -> CaseList:
    """Every problem of every case file at ``path``: file and line, in plain words.

    Problems in reading and in the format come first, then each case whose answers do not
    assess as its file expects. ``.warnings`` names each word in a case's title, setting or
    story that points to a model before the student answers (data/hint_words.yaml): the
    lecturer decides whether to keep it.

    Examples:
        >>> from rothman.core.data import data_dir
        >>> report = check_cases(data_dir() / "cases", "id")
        >>> len(report) >= 12, report.problems, report.warnings
        (True, (), ())
    """
    found = read_cases(path, lang)
    problems = list(found.problems)
    for item in found:
        problems.extend(disagreements(item))
    return CaseList(found, problems, found.warnings)
