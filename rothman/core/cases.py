"""Case studies: reading and validating case files, and checking a student's answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rothman.core.assessment import Answer, Assessment, assess
from rothman.core.data import data_dir
from rothman.core.errors import CaseFileError, RothmanError, UnknownCaseError
from rothman.core.i18n import LANGS, check_lang, text
from rothman.core.markup import markdown_text
from rothman.core.models import Model, PowerRole
from rothman.core.references import cite, cited_keys, is_spec, parse
from rothman.core.variables import answer_levels, community_variables
from rothman.core.yaml_lines import Problem as _Problem
from rothman.core.yaml_lines import os_problem, read_lines

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
#: A folder of case files holds at most this many files.
MAX_CASE_FILES = 500


@dataclass(frozen=True)
class Phase:
    """One phase of a case that moves through phases."""

    labels: Mapping[str, str]
    answers: Mapping[str, Answer]

    def label(self, lang: str = "en") -> str:
        return self.labels[check_lang(lang)]


@dataclass(frozen=True)
class Case:
    """A case study, with its texts shown in ``lang``.

    ``expected_models`` holds one model, or two (leader first) for a mixed case.
    """

    id: str
    lang: str
    texts: Mapping[str, Mapping[str, str]]
    answers: Mapping[str, Answer]
    expected_models: tuple[Model, ...]
    expected_role: PowerRole
    source: str
    basis: str
    phases: tuple[Phase, ...]
    path: str
    #: True for a lecturer's own case, read from outside the package
    own: bool = False
    #: the line of the file's ``expected`` field, where the file says what it expects
    line: int | None = None
    #: variable -> {lang: the story's words behind the answer (one quote, or one per level)};
    #: a lecturer's own case may leave it out
    evidence: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.id, self.lang, self.path))

    def _text(self, field: str) -> str:
        return self.texts.get(field, {}).get(self.lang, "")

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def story(self) -> str:
        return self._text("story")

    @property
    def setting(self) -> str:
        return self._text("setting")

    @property
    def explanation(self) -> str:
        return self._text("explanation")

    @property
    def note(self) -> str:
        return self._text("note")

    @property
    def illustrative(self) -> bool:
        """True for a case written for the course rather than told from a source."""
        return self.basis == "illustrative"

    @property
    def reference_keys(self) -> tuple[str, ...]:
        """The reference-list keys the case's source names (none for free text)."""
        return cited_keys(self.source)

    @property
    def source_text(self) -> str:
        """Where the case comes from, in ``lang``: retold from, adapted from, or illustrative.

        Examples:
            >>> case("love_canal", "id").source_text.startswith("Diceritakan ulang dari")
            True
        """
        cited = cite(self.source, self.lang) if self.source else ""
        if self.basis == "illustrative":
            lead = text("case_illustrative", self.lang)
            # a free-text note on an illustrative case (older files) adds nothing to the lead
            if not self.reference_keys:
                return lead
            return f"{lead} {text('case_compare', self.lang, refs=cited)}"
        return text(f"case_{self.basis}_from", self.lang, refs=cited)

    def key_sentences(self, variable: str) -> tuple[str, ...]:
        """The story's words, in ``lang``, behind the answer to ``variable`` (none if not given).

        Examples:
            >>> item = case("love_canal", "id")
            >>> all(q in item.story for q in item.key_sentences("constituency"))
            True
        """
        return self.evidence.get(variable, {}).get(self.lang, ())

    @property
    def is_mix(self) -> bool:
        return len(self.expected_models) == 2

    def in_language(self, lang: str) -> Case:
        """The same case with its texts in ``lang``."""
        return replace(self, lang=check_lang(lang))

    def assess(self) -> Assessment:
        """The library's assessment of the case's answers, in the case's language."""
        return assess(self.answers, lang=self.lang)


@dataclass(frozen=True)
class Feedback:
    """Feedback on a student's answer to a case."""

    correct_model: bool
    correct_role: bool | None
    text: str

    @property
    def correct(self) -> bool:
        return self.correct_model and self.correct_role is not False

    def _repr_markdown_(self) -> str:
        # the feedback quotes the case file's explanation: shown as text, never as markup
        return markdown_text(self.text)


class _Found:
    """Problems found while checking one case: (path inside the file, message key, params)."""

    def __init__(self, base: tuple = ()) -> None:
        self.base = base
        self.items: list[tuple[tuple, str, dict]] = []

    def add(self, path: tuple, key: str, **params: object) -> None:
        self.items.append(((*self.base, *path), key, params))


def _name(path: tuple) -> str:
    """``answers.goal``, ``phases[2].label``: a path as the lecturer wrote it."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _bilingual(raw: object, path: tuple, found: _Found) -> dict[str, str] | None:
    if not isinstance(raw, Mapping):
        found.add(path, "case_texts_not_mapping", field=_name(path), langs=", ".join(LANGS))
        return None
    out = {}
    for lang in LANGS:
        value = raw.get(lang)
        if lang not in raw or value is None or (isinstance(value, str) and not value.strip()):
            found.add(path, "case_text_missing", field=_name(path), lang=lang)
        elif not isinstance(value, str):
            found.add((*path, lang), "case_text_not_text", field=_name((*path, lang)))
        else:
            out[lang] = value.strip()
    for key in raw:
        if key not in LANGS:
            found.add(
                (*path, key),
                "case_unknown_lang",
                field=_name(path),
                value=key,
                choices=", ".join(LANGS),
            )
    return out if len(out) == len(LANGS) else None


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
        elif isinstance(level, list):  # several levels that all apply
            try:
                levels = answer_levels(key, level)
            except RothmanError as exc:
                found.add((*path, key), exc.key, **exc.params)
                ok = False
            else:
                clean[key] = levels[0] if len(levels) == 1 else levels
        elif not isinstance(level, str) or level not in known[key].level_keys:
            found.add(
                (*path, key),
                "case_unknown_level",
                field=_name((*path, key)),
                value=level,
                choices=", ".join(known[key].level_keys),
            )
            ok = False
        else:
            clean[key] = level
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


def _squeeze(value: str) -> str:
    return " ".join(value.split())


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
        if not isinstance(value, Mapping):
            found.add(where, "case_texts_not_mapping", field=_name(where), langs=", ".join(LANGS))
            ok = False
            continue
        quotes = {}
        for lang in LANGS:
            given = value.get(lang)
            items = given if isinstance(given, list) else [given]
            if given is None or given == [] or given == "":
                found.add(where, "case_text_missing", field=_name(where), lang=lang)
                continue
            if not all(_is_text(q) for q in items):
                found.add((*where, lang), "case_text_not_text", field=_name((*where, lang)))
                continue
            if stories is not None and not all(
                _squeeze(q) in _squeeze(stories[lang]) for q in items
            ):
                found.add((*where, lang), "case_evidence_not_in_story", field=_name((*where, lang)))
                continue
            quotes[lang] = tuple(q.strip() for q in items)
        for lang in value:
            if lang not in LANGS:
                found.add(
                    (*where, lang),
                    "case_unknown_lang",
                    field=_name(where),
                    value=lang,
                    choices=", ".join(LANGS),
                )
        if len(quotes) == len(LANGS):
            out[key] = quotes
        else:
            ok = False
    return out if ok else None


def _phases(raw: object, found: _Found) -> tuple[Phase, ...] | None:
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
            phases.append(Phase(labels=labels, answers=answers))
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
) -> tuple[Case | None, list[tuple[tuple, str, dict]]]:
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
    if source is None and basis == "illustrative":
        source = ""
    if not isinstance(source, str) or (not source.strip() and basis != "illustrative"):
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


def case_from_mapping(raw: object, name: str = "<case>", lang: str = "en") -> Case:
    """Validate one case given as a mapping (as read from YAML) and return it.

    Raises:
        CaseFileError: naming the first problem (:func:`check_case` gives them all).
    """
    item, problems = check_case(raw, lang, name)
    if item is None:
        path, key, params = problems[0]
        raise CaseFileError(file=name, problem=_Problem(name, None, key, params))
    return item


class CaseList(tuple):
    """The cases read from files, with ``problems``: what was wrong in the files skipped.

    A tuple of :class:`Case` like any other; ``problems`` holds one
    :class:`~rothman.core.yaml_lines.Problem` per problem (``.located(lang)`` gives
    ``file:line: message``).
    """

    problems: tuple[_Problem, ...] = ()

    def __new__(cls, items=(), problems=()):
        self = super().__new__(cls, items)
        self.problems = tuple(problems)
        return self


def _read_file(path: Path, lang: str) -> tuple[list[Case], list[_Problem]]:
    name = str(path)
    read = read_lines(path)
    if read.problems:
        return [], read.problems
    data = read.data
    if data is None:
        return [], [_Problem(name, 1, "file_empty", {})]
    if isinstance(data, list) and not data:
        return [], [_Problem(name, 1, "file_no_cases", {})]
    items = data if isinstance(data, list) else [data]
    out, problems = [], []
    for index, raw in enumerate(items):
        base = (index,) if isinstance(data, list) else ()
        yaml11 = {p[len(base) :]: v for p, v in read.yaml11.items() if p[: len(base)] == base}
        item, found = check_case(raw, lang, name, yaml11)
        for where, key, params in found:
            problems.append(_Problem(name, read.line((*base, *where)), key, params))
        if item is not None:
            out.append(replace(item, line=read.line((*base, "expected"))))
    return out, problems


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
                        (), [_Problem(name, None, "folder_too_many", {"count": MAX_CASE_FILES})]
                    )
            if not files:
                return CaseList((), [_Problem(name, None, "folder_no_cases", {})])
        else:
            path.stat()
            files = [path]
    except OSError as exc:
        return CaseList((), [os_problem(name, exc)])
    out: list[Case] = []
    problems: list[_Problem] = []
    seen: dict[str, str] = {}
    for file in files:
        items, found = _read_file(file, lang)
        problems.extend(found)
        for item in items:
            if item.id in seen:
                problems.append(
                    _Problem(
                        item.path,
                        None,
                        "case_duplicate_id",
                        {"id": item.id, "other": seen[item.id]},
                    )
                )
                continue
            seen[item.id] = item.path
            out.append(item)
    return CaseList(out, problems)


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


def disagreements(item: Case) -> list[_Problem]:
    """Where the library's assessment disagrees with what the case file expects.

    Each problem names the case's file and the line of its ``expected`` field.
    """
    result = assess(item.answers, lang=item.lang)
    lang = item.lang
    found = []
    line = item.line

    def label(models) -> str:
        return text("and_join", lang).join(m.label(lang) for m in models)

    got = label(result.mix) if result.mix else result.model.label(lang)
    if item.is_mix:
        if result.mix is None or set(result.mix) != set(item.expected_models):
            found.append(
                _Problem(
                    item.path,
                    line,
                    "case_assess_mix",
                    {"id": item.id, "got": got, "want": label(item.expected_models)},
                )
            )
    elif result.model is not item.expected_models[0] or result.mix is not None:
        found.append(
            _Problem(
                item.path,
                line,
                "case_assess_model",
                {"id": item.id, "got": got, "want": label(item.expected_models)},
            )
        )
    if result.power_structure_role is not item.expected_role:
        role = result.power_structure_role
        found.append(
            _Problem(
                item.path,
                line,
                "case_assess_role",
                {
                    "id": item.id,
                    "got": role.label(lang) if role is not None else text("unsure", lang),
                    "want": item.expected_role.label(lang),
                },
            )
        )
    return found


def case_problems(item: Case) -> list[str]:
    """Where the library's assessment disagrees with what the case file expects, in words.

    Examples:
        >>> case_problems(case("love_canal"))
        []
    """
    return [p.message(item.lang) for p in disagreements(item)]


def check_answer(
    item: Case, model: Model | str, role: PowerRole | str | None = None, lang: str | None = None
) -> Feedback:
    """Feedback on a student's choice of model (and, optionally, power-structure role).

    For a mixed case any model of the mix counts as right, and the role is judged against
    the model chosen (each model of a mix gives the power structure its own role); the
    feedback names the mix, and says separately whether the model and the role are right.

    Examples:
        >>> c = case("love_canal") if "love_canal" in [x.id for x in cases()] else cases()[0]
        >>> fb = check_answer(c, c.expected_models[0], c.expected_role)
        >>> fb.correct
        True
        >>> check_answer(c, "charity").text
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownModelError: Unknown key 'charity'. Choose one of: locality_development, social_planning, social_action.
    """
    lang = check_lang(lang or item.lang)
    item = item.in_language(lang)
    chosen = Model.parse(model)
    chosen_role = PowerRole.parse(role) if role is not None else None
    right_model = chosen in item.expected_models
    # in a mixed case each model of the mix brings its own role: judge the role against the
    # model the student chose when it is one of them
    role_model = chosen if right_model else item.expected_models[0]
    want_role = role_model.power_structure_role if item.is_mix else item.expected_role
    right_role = None if chosen_role is None else chosen_role is want_role
    expected_label = text("and_join", lang).join(m.label(lang) for m in item.expected_models)
    lines = []
    if right_model and item.is_mix:
        lines.append(
            text("feedback_mix_right", lang, chosen=chosen.label(lang), models=expected_label)
        )
    elif right_model:
        lines.append(text("feedback_model_right", lang, model=chosen.label(lang)))
    else:
        key = "feedback_mix_wrong" if item.is_mix else "feedback_model_wrong"
        lines.append(text(key, lang, chosen=chosen.label(lang), model=expected_label))
    if chosen_role is not None:
        if item.is_mix:
            key = "feedback_role_right_for" if right_role else "feedback_role_wrong_for"
        else:
            key = "feedback_role_right" if right_role else "feedback_role_wrong"
        lines.append(
            text(
                key,
                lang,
                chosen=chosen_role.label(lang),
                role=want_role.label(lang),
                model=role_model.label(lang),
            )
        )
    if item.explanation:
        lines.append(item.explanation)
    return Feedback(correct_model=right_model, correct_role=right_role, text=" ".join(lines))
