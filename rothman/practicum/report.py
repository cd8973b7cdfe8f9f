"""A student's field-practicum report: their own community, assessed, argued and handed in.

A report is a plain YAML file that a student may also edit by hand::

    lang: id
    student: "Nama Mahasiswa"
    community: "Kelurahan X, Kota Y"
    agency: "LSM Z"
    answers:
      problem: [service_gap, weak_ties]
      goal: capacity
    evidence:
      problem: "Posyandu sepi sejak ..."
    phases:
      - name: "Tahap 1: pengorganisasian"
        answers: {problem: injustice, goal: shift_power}
    reflection: "..."

:func:`check_report` reads one and never raises on bad input: every problem comes back with
the file and line (``file:line: message`` in the report's language), and answers without
evidence come back as warnings. :func:`read_report` raises :class:`ReportFileError` instead.
:func:`report_yaml` writes a report back (``read(write(r)) == r``) and :func:`save_report`
does so safely: a temporary file beside the target, then a rename, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rothman.core.answers import Answer, answer_mistakes
from rothman.core.errors import RothmanError
from rothman.core.i18n import LANGS, check_lang, text
from rothman.core.variables import UNSURE, community_variables
from rothman.core.yaml_lines import PathProblem, Problem, read_lines

#: The top-level keys of a report file, in the order they are written.
KEYS = (
    "lang", "student", "community", "agency", "answers", "evidence", "phases", "reflection",
)  # fmt: skip
#: The text fields of a report.
TEXT_KEYS = ("student", "community", "agency", "reflection")
#: The keys of one phase.
PHASE_KEYS = ("name", "answers")


class ReportFileError(RothmanError):
    """A report file that cannot be read or does not follow the report format.

    ``problems`` holds every problem found; the message gives the first, located.
    """

    key = "report_file_error"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(problem=problems[0] if problems else "")

    def message(self, lang: str = "en") -> str:
        lang = lang if lang in LANGS else "en"
        return "\n".join(p.located(lang) for p in self.problems)


@dataclass(frozen=True)
class Phase:
    """One phase of the student's path: a name and its answers."""

    name: str
    answers: Mapping[str, Answer]


@dataclass(frozen=True)
class Report:
    """A field-practicum report (see the module docstring for the file format).

    ``answers`` maps a community variable to one level, or a tuple of 2-3 levels that all
    apply; ``evidence`` maps a variable to what the student saw or heard, and where.
    """

    lang: str = "en"
    student: str = ""
    community: str = ""
    agency: str = ""
    answers: Mapping[str, Answer] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    phases: tuple[Phase, ...] = ()
    reflection: str = ""

    def assess(self, lang: str | None = None):
        """The library's assessment of the answers, texts in ``lang`` (default: the report's)."""
        from rothman.core.assessment import assess

        return assess(_for_core(self.answers), lang=lang or self.lang)

    def phase_assessments(self, lang: str | None = None) -> tuple:
        """One assessment per phase, in order (empty when there are no phases)."""
        if not self.phases:
            return ()
        from rothman.core.assessment import phases

        return phases([_for_core(p.answers) for p in self.phases], lang or self.lang)

    def without_evidence(self) -> tuple[str, ...]:
        """The variables answered (not ``unsure``) for which no evidence is written."""
        return tuple(
            key
            for key, value in self.answers.items()
            if value != UNSURE and not (self.evidence.get(key) or "").strip()
        )


def _for_core(answers: Mapping[str, Answer]) -> dict[str, object]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in answers.items()}


# --- reading ----------------------------------------------------------------------------------


@dataclass
class Checked:
    """What :func:`check_report` found: the report (None if it has errors), errors, warnings."""

    report: Report | None
    errors: list[Problem]
    warnings: list[Problem]
    lang: str = "en"

    @property
    def ok(self) -> bool:
        return self.report is not None


def _answers(raw: object, where: tuple, problems: list, field_name: str) -> dict[str, Answer]:
    """Check one mapping of answers; problems are ``(path, key, params)``."""
    if not isinstance(raw, Mapping):
        problems.append((where, "report_answers_not_mapping", {"field": field_name}))
        return {}
    known = {v.key: v for v in community_variables()}
    out: dict[str, Answer] = {}
    for key, value in raw.items():
        path = (*where, key)
        if key not in known:
            problems.append(
                (path, "report_unknown_variable", {"value": key, "field": field_name,
                                                   "choices": list(known)})
            )  # fmt: skip
            continue
        answer, mistakes = answer_mistakes(known[key], value)
        problems.extend(((*path, *m.path), m.key, m.params) for m in mistakes)
        if answer is not None:
            out[key] = answer
    return out


def _shown(value: object) -> str:
    if value is None:
        return "(empty)"
    return str(value)


def _text(raw: Mapping, key: str, where: tuple, problems: list) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(((*where, key), "report_not_text", {"field": key}))
        return ""
    return value


def parse_report(data: object, yaml11: Mapping | None = None) -> tuple[Report | None, list]:
    """Check report data (as YAML reads it); problems are ``(path, key, params)`` triples.

    Returns the report (None when there is any problem) and the problems.
    """
    problems: list = []
    if not isinstance(data, Mapping):
        return None, [((), "report_not_mapping", {"choices": KEYS})]
    for key in data:
        if key not in KEYS:
            problems.append(((key,), "report_unknown_key", {"value": key, "choices": KEYS}))
    lang = data.get("lang", "en")
    if lang not in LANGS:
        shown = (yaml11 or {}).get(("lang",), lang)
        problems.append(
            (("lang",), "report_unknown_lang", {"value": _shown(shown), "choices": LANGS})
        )
        lang = "en"
    texts = {key: _text(data, key, (), problems) for key in TEXT_KEYS}
    answers = _answers(data.get("answers") or {}, ("answers",), problems, "answers")
    evidence: dict[str, str] = {}
    raw_evidence = data.get("evidence") or {}
    if not isinstance(raw_evidence, Mapping):
        problems.append((("evidence",), "report_evidence_not_mapping", {}))
    else:
        table = [v.key for v in community_variables()]
        for key, value in raw_evidence.items():
            if key not in table:
                problems.append(
                    (("evidence", key), "report_unknown_variable",
                     {"value": key, "field": "evidence", "choices": list(table)})
                )  # fmt: skip
            elif value is not None and not isinstance(value, str):
                problems.append(
                    (("evidence", key), "report_not_text", {"field": f"evidence.{key}"})
                )
            elif value:
                evidence[key] = value
    phases: list[Phase] = []
    raw_phases = data.get("phases") or []
    if not isinstance(raw_phases, list):
        problems.append((("phases",), "report_phases_not_list", {}))
        raw_phases = []
    for i, raw in enumerate(raw_phases):
        number = i + 1
        where = ("phases", i)
        if not isinstance(raw, Mapping):
            problems.append((where, "report_phase_not_mapping", {"number": number}))
            continue
        for key in raw:
            if key not in PHASE_KEYS:
                problems.append(
                    ((*where, key), "report_phase_unknown_key",
                     {"value": key, "number": number, "choices": PHASE_KEYS})
                )  # fmt: skip
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(((*where, "name"), "report_phase_no_name", {"number": number}))
            name = ""
        field_name = f"phases[{number}].answers"
        answers_i = _answers(raw.get("answers") or {}, (*where, "answers"), problems, field_name)
        phases.append(Phase(name=name, answers=answers_i))
    if problems:
        return None, problems
    return (
        Report(lang=lang, answers=answers, evidence=evidence, phases=tuple(phases), **texts),
        [],
    )


def _lang_of(data: object, fallback: str) -> str:
    if isinstance(data, Mapping) and data.get("lang") in LANGS:
        return data["lang"]
    return fallback


def check_report(path: str | Path, lang: str | None = None) -> Checked:
    """Read and check a report file, never raising on bad input.

    Args:
        path: the report's YAML file.
        lang: the language of the messages; default: the report's own (English if unreadable).

    Returns:
        A :class:`Checked`: the report (None when there are errors), the errors and the
        warnings (answers without evidence), each a :class:`Problem` with its line.

    Examples:
        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
        >>> _ = f.write_text("lang: en\\nanswers:\\n  goal: win\\n")
        >>> print(check_report(f).errors[0].located("en"))  # doctest: +ELLIPSIS
        /.../r.yaml:3: 'win' is not an answer to 'goal'; choose from: capacity, solve_task, shift_power, concessions, unsure.
    """
    name = os.fspath(path)
    found = read_lines(path)
    shown = _lang_of(found.data, lang or "en") if lang is None else check_lang(lang)
    if found.problems:
        return Checked(None, list(found.problems), [], shown)
    if found.data is None:
        return Checked(None, [Problem(name, 1, "file_empty", {})], [], shown)
    report, raw_problems = parse_report(found.data, found.yaml11)
    errors = [found.problem(name, PathProblem(*p)) for p in raw_problems]
    errors.sort(key=lambda p: p.line or 0)
    if report is None:
        return Checked(None, errors, [], shown)
    warnings = [
        Problem(name, found.line(("answers", key)), "report_no_evidence", {"variable": key})
        for key in report.without_evidence()
    ]
    return Checked(report, [], warnings, shown)


def read_report(path: str | Path) -> Report:
    """Read a report file; :class:`ReportFileError` lists every problem with its line.

    Examples:
        >>> read_report("no/such/report.yaml")
        Traceback (most recent call last):
        ...
        rothman.practicum.report.ReportFileError: no/such/report.yaml: There is no such file or folder.
    """
    checked = check_report(path)
    if checked.report is None:
        raise ReportFileError(checked.errors)
    return checked.report


# --- writing ----------------------------------------------------------------------------------


def report_data(report: Report) -> dict:
    """The report as plain data in the file's order (lists for multi-level answers)."""
    out: dict = {"lang": report.lang}
    for key in ("student", "community", "agency"):
        out[key] = getattr(report, key)
    out["answers"] = _for_core(report.answers)
    out["evidence"] = dict(report.evidence)
    if report.phases:
        out["phases"] = [{"name": p.name, "answers": _for_core(p.answers)} for p in report.phases]
    out["reflection"] = report.reflection
    return out


def report_yaml(report: Report) -> str:
    """The report as YAML text that :func:`read_report` reads back to an equal report.

    Examples:
        >>> r = Report(lang="id", community="RW 05", answers={"goal": ("capacity", "solve_task")})
        >>> print(report_yaml(r))  # doctest: +ELLIPSIS
        # ...
        lang: id
        student: ''
        community: RW 05
        agency: ''
        answers:
          goal:
          - capacity
          - solve_task
        evidence: {}
        reflection: ''
        <BLANKLINE>
    """
    import yaml

    body = yaml.safe_dump(
        report_data(report), allow_unicode=True, sort_keys=False, width=88, default_flow_style=False
    )
    return f"# {text('report_file_header', report.lang)}\n{body}"


def save_report(report: Report, path: str | Path) -> Path:
    """Write the report to ``path`` safely: a temporary file beside it, then a rename.

    Raises:
        RothmanError: the file cannot be written (names it and says why).
    """
    path = Path(path)
    data = report_yaml(report).encode("utf-8")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise RothmanError(
            "error_write_file", file=str(path), problem=exc.strerror or str(exc)
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise RothmanError(
            "error_write_file", file=str(path), problem=exc.strerror or str(exc)
        ) from None
    return path


def with_answer(report: Report, variable: str, value: Answer | None) -> Report:
    """A copy of ``report`` with one answer set (or removed, for None or ``unsure``)."""
    answers = dict(report.answers)
    if value is None or value == UNSURE or value == ():
        answers.pop(variable, None)
    else:
        answers[variable] = value
    return replace(report, answers=answers)
