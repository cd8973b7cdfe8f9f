"""Checking one case as read from a case file: every problem at once, each with its place.

A problem is (path inside the case, message key, parameters); the path leads to the line
of the file it is on (:mod:`rothman.core.cases` reads the files).
"""

from __future__ import annotations

from collections.abc import Mapping

from rothman.core.answers import Answer, answer_mistakes
from rothman.core.case_study import Case, CasePhase
from rothman.core.errors import CaseFileError, RothmanError
from rothman.core.hint_words import find_hints
from rothman.core.i18n import LANGS, check_lang
from rothman.core.models import Model, PowerRole
from rothman.core.references import is_spec, parse
from rothman.core.two_languages import MISSING, NOT_MAPPING, NOT_TEXT, squeeze, text_problems
from rothman.core.variables import community_variables
from rothman.core.yaml_lines import PathProblem, Problem

_REQUIRED = ("id", "title", "story", "answers", "expected")
_TEXTS = ("title", "story", "explanation", "setting", "note")
_OPTIONAL = (
    "source",
    "explanation",
    "setting",
    "note",
    "illustrative",
    "basis",
    "phases",
    "evidence",
    "variant",  # the nearest of Rothman's (2007) nine variants, a key of multi_modes.csv
)
#: How a case relates to its sources: told again close to them, built on a documented
#: example with most details invented, or written for the course.
BASES = ("retold", "adapted", "illustrative")


class _Found:
    """Problems found while checking one case: (path inside the file, message key, params)."""

    def __init__(self, base: tuple = ()) -> None:
        self.base = base
        self.items: list[PathProblem] = []

    def add(self, path: tuple, key: str, **params: object) -> None:
        self.items.append(PathProblem((*self.base, *path), key, params))


def _name(path: tuple) -> str:
    """``answers.goal``, ``phases[2].label``: a path as the lecturer wrote it."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _bilingual(raw: object, path: tuple, found: _Found) -> dict[str, str] | None:
    texts, problems = text_problems(raw)
    _text_problems(problems, path, found)
    return None if problems else texts


#: Evidence quoted in one language that its story does not hold (a problem of evidence only).
NOT_IN_STORY = "not_in_story"


def _text_problems(problems: list[tuple[str, str]], path: tuple, found: _Found) -> None:
    """The problems of a two-language field as messages about a case file."""
    for what, lang in problems:
        if what == NOT_MAPPING:
            found.add(path, "case_texts_not_mapping", field=_name(path), langs=", ".join(LANGS))
        elif what == MISSING:
            found.add(path, "case_text_missing", field=_name(path), lang=lang)
        elif what == NOT_TEXT:
            found.add((*path, lang), "case_text_not_text", field=_name((*path, lang)))
        elif what == NOT_IN_STORY:
            found.add((*path, lang), "case_evidence_not_in_story", field=_name((*path, lang)))
        else:
            found.add(
                (*path, lang),
                "case_unknown_lang",
                field=_name(path),
                value=lang,
                choices=", ".join(LANGS),
            )


def _answers(raw: object, path: tuple, found: _Found) -> dict[str, Answer] | None:
    if not isinstance(raw, Mapping):
        found.add(path, "case_answers_not_mapping", field=_name(path))
        return None
    known = {v.key: v for v in community_variables()}
    ok = True
    clean: dict[str, Answer] = {}
    for key, level in raw.items():
        if key not in known:
            found.add(
                (*path, key),
                "case_unknown_variable",
                field=_name(path),
                value=key,
                choices=", ".join(known),
            )
            ok = False
        else:
            answer, mistakes = answer_mistakes(known[key], level)
            for mistake in mistakes:
                found.add((*path, key, *mistake.path), mistake.key, **mistake.params)
            if answer is None:
                ok = False
            else:
                clean[key] = answer
    missing = [k for k in known if k not in raw]
    if missing:
        found.add(path, "case_answers_missing", field=_name(path), missing=", ".join(missing))
        ok = False
    return clean if ok else None


def _expected(raw: object, found: _Found) -> tuple[tuple[Model, ...], PowerRole] | None:
    path = ("expected",)
    if not isinstance(raw, Mapping) or "model" not in raw or "role" not in raw:
        found.add(path, "case_expected_needs")
        return None
    models = raw["model"]
    models = [models] if isinstance(models, str) else models
    if not isinstance(models, list) or len(models) not in (1, 2):
        found.add((*path, "model"), "case_expected_models")
        return None
    parsed, role = [], None
    choices = ", ".join(m.value for m in Model)
    for i, value in enumerate(models):
        try:
            parsed.append(Model.parse(value))
        except RothmanError:
            where = (*path, "model", i) if isinstance(raw["model"], list) else (*path, "model")
            found.add(
                where, "case_unknown_choice", field=_name(where), value=value, choices=choices
            )
    try:
        role = PowerRole.parse(raw["role"])
    except RothmanError:
        found.add(
            (*path, "role"),
            "case_unknown_choice",
            field="expected.role",
            value=raw["role"],
            choices=", ".join(r.value for r in PowerRole),
        )
    if len(parsed) != len(models) or role is None:
        return None
    return tuple(parsed), role


def _evidence(
    raw: object, path: tuple, stories: Mapping[str, str] | None, found: _Found
) -> dict[str, dict[str, tuple[str, ...]]] | None:
    """``evidence``: variable -> {en, id}, each the story's words (or a list of them)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        found.add(path, "case_evidence_not_mapping", field=_name(path))
        return None
    known = [v.key for v in community_variables()]
    out, ok = {}, True
    for key, value in raw.items():
        where = (*path, key)
        if key not in known:
            found.add(
                where,
                "case_unknown_variable",
                field=_name(path),
                value=key,
                choices=", ".join(known),
            )
            ok = False
            continue
        quotes, problems = text_problems(value, several=True)
        for lang in LANGS:
            if lang in quotes and stories is not None:
                if not all(squeeze(q) in squeeze(stories[lang]) for q in quotes[lang]):
                    del quotes[lang]
                    problems.append((NOT_IN_STORY, lang))
        # in the order the file is read: each language's problems, then keys that are none
        order = {lang: i for i, lang in enumerate(("", *LANGS))}
        problems.sort(key=lambda p: order.get(p[1], len(order)))
        _text_problems(problems, where, found)
        if problems:
            ok = False
            continue
        if len(quotes) == len(LANGS):
            out[key] = quotes
        else:
            ok = False
    return out if ok else None


def _phases(raw: object, found: _Found) -> tuple[CasePhase, ...] | None:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        found.add(("phases",), "case_phases_not_list")
        return None
    if not raw:
        found.add(("phases",), "case_empty_list", field="phases")
        return None
    phases = []
    for i, phase in enumerate(raw):
        if not isinstance(phase, Mapping):
            found.add(("phases", i), "case_phase_not_mapping", number=i + 1)
            continue
        labels = _bilingual(phase.get("label"), ("phases", i, "label"), found)
        answers = _answers(phase.get("answers"), ("phases", i, "answers"), found)
        for key in phase:
            if key not in ("label", "answers"):
                found.add(
                    ("phases", i, key), "case_unknown_field", value=key, choices="label, answers"
                )
        if labels is not None and answers is not None:
            phases.append(CasePhase(labels=labels, answers=answers))
    return tuple(phases) if len(phases) == len(raw) else None


def _basis(raw: Mapping, found: _Found, yaml11: Mapping[tuple, str]) -> str | None:
    """``basis`` from the file; older files say ``illustrative: true`` instead."""
    flag = raw.get("illustrative")
    if ("illustrative",) in yaml11:
        found.add(
            ("illustrative",),
            "case_yaml11_bool",
            field="illustrative",
            value=yaml11[("illustrative",)],
        )
        return None
    if flag is not None and not isinstance(flag, bool):
        found.add(("illustrative",), "case_not_bool", field="illustrative", value=flag)
        return None
    basis = raw.get("basis")
    if basis is None:
        return "illustrative" if flag else "retold"
    if basis not in BASES:
        found.add(
            ("basis",), "case_unknown_choice", field="basis", value=basis, choices=", ".join(BASES)
        )
        return None
    if flag is not None and flag != (basis == "illustrative"):
        found.add(
            ("illustrative",), "case_basis_contradiction", flag=str(flag).lower(), basis=basis
        )
        return None
    return basis


def check_case(
    raw: object, lang: str = "en", name: str = "<case>", yaml11: Mapping[tuple, str] | None = None
) -> tuple[Case | None, list[PathProblem]]:
    """Check one case (a mapping as read from YAML): the case, or None, and every problem.

    Each problem is (path inside the case, message key, parameters); the path leads to the
    line of the file it is on.
    """
    found = _Found()
    yaml11 = yaml11 or {}
    if not isinstance(raw, Mapping):
        found.add((), "case_not_mapping")
        return None, found.items
    allowed = _REQUIRED + _OPTIONAL
    for key in _REQUIRED:
        if key not in raw:
            found.add((), "case_missing_field", field=key)
    for key in raw:
        if key not in allowed:
            found.add((key,), "case_unknown_field", value=key, choices=", ".join(allowed))
    case_id = raw.get("id")
    if "id" in raw and (not isinstance(case_id, str) or not case_id.replace("_", "").isalnum()):
        found.add(("id",), "case_bad_id", value=case_id)
    texts = {}
    for key in _TEXTS:
        if key in raw:
            value = _bilingual(raw[key], (key,), found)
            if value is not None:
                texts[key] = value
    answers = _answers(raw["answers"], ("answers",), found) if "answers" in raw else None
    expected = _expected(raw["expected"], found) if "expected" in raw else None
    phases = _phases(raw.get("phases"), found)
    evidence = _evidence(raw.get("evidence"), ("evidence",), texts.get("story"), found)
    basis = _basis(raw, found, yaml11)
    source = raw.get("source")
    # while the basis itself is in question (reported above), a missing source may be right:
    # one clear message about the basis, not a second one about the source
    if source is None and basis in ("illustrative", None):
        source = ""
    if not isinstance(source, str) or (not source.strip() and basis not in ("illustrative", None)):
        found.add(("source",), "case_bad_source")
    elif is_spec(source):
        try:
            parse(source)
        except RothmanError as exc:
            found.add(("source",), "case_source_reference", problem=exc)
    if found.items:
        return None, found.items
    return (
        Case(
            id=case_id,
            lang=check_lang(lang),
            texts=texts,
            answers=answers,
            expected_models=expected[0],
            expected_role=expected[1],
            source=" ".join(source.split()),
            basis=basis,
            phases=phases,
            path=name,
            evidence=evidence,
        ),
        [],
    )


#: What a student reads of a case before answering: the fields checked for hint words.
SHOWN_BEFORE_ANSWER = ("title", "setting", "story")


def hint_warnings(item: Case) -> list[PathProblem]:
    """Words in what a student reads before answering that point to a model, in any language.

    Each word once per field and language, at the path of its text (``("story", "id")``). A
    warning, not a problem: a lecturer may have reasons to keep the word.

    Examples:
        >>> from rothman.core.cases import case
        >>> hint_warnings(case("love_canal"))
        []
    """
    found = _Found()
    for key in SHOWN_BEFORE_ANSWER:
        for lang, shown in item.texts.get(key, {}).items():
            seen = set()
            for hint in find_hints(shown, lang):
                if hint.word.lower() not in seen:
                    seen.add(hint.word.lower())
                    where = (key, lang)
                    found.add(
                        where,
                        "case_hint_word",
                        id=item.id,
                        word=hint.word,
                        field=_name(where),
                        model=hint.points_to,
                    )
    return found.items


def case_from_mapping(raw: object, name: str = "<case>", lang: str = "en") -> Case:
    """Validate one case given as a mapping (as read from YAML) and return it.

    Raises:
        CaseFileError: naming the first problem (:func:`check_case` gives them all).
    """
    item, problems = check_case(raw, lang, name)
    if item is None:
        path, key, params = problems[0]
        raise CaseFileError(file=name, problem=Problem(name, None, key, params))
    return item
