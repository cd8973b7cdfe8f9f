"""Case studies: reading and validating case files, and checking a student's answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ._data import MAX_FILE_BYTES, data_dir, parse_yaml
from .assessment import Assessment, assess
from .errors import CaseFileError, RothmanError, UnknownCaseError
from .i18n import LANGS, check_lang, text
from .models import Model, PowerRole
from .references import cite, cited_keys, is_spec, parse
from .variables import community_variables

_REQUIRED = ("id", "title", "story", "answers", "expected")
_TEXTS = ("title", "story", "explanation", "setting", "note")
_OPTIONAL = ("source", "explanation", "setting", "note", "illustrative", "basis", "phases")
#: How a case relates to its sources: told again close to them, built on a documented
#: example with most details invented, or written for the course.
BASES = ("retold", "adapted", "illustrative")
#: A folder of case files holds at most this many files.
MAX_CASE_FILES = 500


@dataclass(frozen=True)
class Phase:
    """One phase of a case that moves through phases."""

    labels: Mapping[str, str]
    answers: Mapping[str, str]

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
    answers: Mapping[str, str]
    expected_models: tuple[Model, ...]
    expected_role: PowerRole
    source: str
    basis: str
    phases: tuple[Phase, ...]
    path: str

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


def _bilingual(raw: object, field: str, name: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise CaseFileError(
            file=name, problem=f"'{field}' must have the languages {', '.join(LANGS)}"
        )
    out = {}
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise CaseFileError(file=name, problem=f"'{field}' lacks the '{lang}' text")
        out[lang] = value.strip()
    return out


def _answers(raw: object, where: str, name: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise CaseFileError(file=name, problem=f"'{where}' must map variables to levels")
    known = {v.key: v for v in community_variables()}
    for key, level in raw.items():
        if key not in known:
            raise CaseFileError(
                file=name,
                problem=f"'{where}': unknown variable '{key}'; choose from {', '.join(known)}",
            )
        if level not in known[key].level_keys:
            choices = ", ".join(known[key].level_keys)
            raise CaseFileError(
                file=name,
                problem=f"'{where}.{key}': unknown level '{level}'; choose from {choices}",
            )
    missing = [k for k in known if k not in raw]
    if missing:
        raise CaseFileError(file=name, problem=f"'{where}' lacks: {', '.join(missing)}")
    return dict(raw)


def case_from_mapping(raw: object, name: str = "<case>", lang: str = "en") -> Case:
    """Validate one case given as a mapping (as read from YAML) and return it."""
    if not isinstance(raw, Mapping):
        raise CaseFileError(file=name, problem="expected a mapping of case fields")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise CaseFileError(file=name, problem=f"missing fields: {', '.join(missing)}")
    unknown = [k for k in raw if k not in _REQUIRED + _OPTIONAL]
    if unknown:
        allowed = ", ".join(_REQUIRED + _OPTIONAL)
        raise CaseFileError(
            file=name, problem=f"unknown fields: {', '.join(map(str, unknown))}; allowed: {allowed}"
        )
    case_id = raw["id"]
    if not isinstance(case_id, str) or not case_id.replace("_", "").isalnum():
        raise CaseFileError(file=name, problem="'id' must be letters, digits and underscores")
    texts = {f: _bilingual(raw[f], f, name) for f in _TEXTS if f in raw}
    expected = raw["expected"]
    if not isinstance(expected, Mapping) or "model" not in expected or "role" not in expected:
        raise CaseFileError(file=name, problem="'expected' needs 'model' and 'role'")
    models = expected["model"]
    models = [models] if isinstance(models, str) else models
    if not isinstance(models, list) or len(models) not in (1, 2):
        raise CaseFileError(
            file=name, problem="'expected.model' must be one model or a list of two"
        )
    try:
        expected_models = tuple(Model.parse(m) for m in models)
        role = PowerRole.parse(expected["role"])
    except RothmanError as exc:
        raise CaseFileError(file=name, problem=f"'expected': {exc}") from None
    phases = []
    for i, phase in enumerate(raw.get("phases") or [], start=1):
        if not isinstance(phase, Mapping):
            raise CaseFileError(file=name, problem=f"phase {i} must be a mapping")
        phases.append(
            Phase(
                labels=_bilingual(phase.get("label"), f"phases[{i}].label", name),
                answers=_answers(phase.get("answers"), f"phases[{i}].answers", name),
            )
        )
    basis = _basis(raw, name)
    source = raw.get("source")
    if source is None and basis == "illustrative":
        source = ""
    if not isinstance(source, str) or (not source.strip() and basis != "illustrative"):
        raise CaseFileError(
            file=name,
            problem="'source' must be a citation or a note (only an illustrative case may go without)",
        )
    if is_spec(source):
        try:
            parse(source)
        except RothmanError as exc:
            raise CaseFileError(file=name, problem=f"'source': {exc}") from None
    return Case(
        id=case_id,
        lang=check_lang(lang),
        texts=texts,
        answers=_answers(raw["answers"], "answers", name),
        expected_models=expected_models,
        expected_role=role,
        source=" ".join(source.split()),
        basis=basis,
        phases=tuple(phases),
        path=name,
    )


def _basis(raw: Mapping, name: str) -> str:
    """``basis`` from the file; older files say ``illustrative: true`` instead."""
    flag = raw.get("illustrative")
    if flag is not None and not isinstance(flag, bool):
        raise CaseFileError(file=name, problem="'illustrative' must be true or false")
    basis = raw.get("basis")
    if basis is None:
        return "illustrative" if flag else "retold"
    if basis not in BASES:
        raise CaseFileError(
            file=name, problem=f"'basis': unknown value '{basis}'; choose from {', '.join(BASES)}"
        )
    if flag is not None and flag != (basis == "illustrative"):
        raise CaseFileError(
            file=name, problem=f"'illustrative: {flag}' contradicts 'basis: {basis}'"
        )
    return basis


def _read_file(path: Path, lang: str) -> list[Case]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseFileError(file=name, problem=f"larger than {MAX_FILE_BYTES // 1024} KiB")
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseFileError(file=name, problem=exc.strerror or "cannot be read") from None
    data = parse_yaml(raw, name, error=CaseFileError)
    if data is None:
        raise CaseFileError(file=name, problem="the file is empty")
    items = data if isinstance(data, list) else [data]
    return [case_from_mapping(item, name, lang) for item in items]


def load_cases(path: str | Path, lang: str = "en") -> tuple[Case, ...]:
    """Read and validate a case file, or every ``*.yaml``/``*.yml`` file of a folder.

    Raises:
        CaseFileError: naming the file and what is wrong with it.

    Examples:
        >>> from rothman._data import data_dir
        >>> len(load_cases(data_dir() / "cases")) >= 12
        True
        >>> load_cases("no/such/place")
        Traceback (most recent call last):
        ...
        rothman.errors.CaseFileError: Case file no/such/place: no such file or folder
    """
    check_lang(lang)
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise CaseFileError(file=str(path), problem="the folder holds no .yaml case files")
        if len(files) > MAX_CASE_FILES:
            raise CaseFileError(file=str(path), problem=f"more than {MAX_CASE_FILES} files")
    elif path.is_file():
        files = [path]
    else:
        raise CaseFileError(file=str(path), problem="no such file or folder")
    out: list[Case] = []
    seen: dict[str, str] = {}
    for file in files:
        for case in _read_file(file, lang):
            if case.id in seen:
                raise CaseFileError(
                    file=case.path, problem=f"id '{case.id}' also in {seen[case.id]}"
                )
            seen[case.id] = case.path
            out.append(case)
    return tuple(out)


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


def case_problems(item: Case) -> list[str]:
    """Where the library's assessment disagrees with what the case file expects (English)."""
    result = assess(item.answers)
    problems = []
    if item.is_mix:
        if result.mix is None or set(result.mix) != set(item.expected_models):
            got = "/".join(m.value for m in result.mix) if result.mix else result.model.value
            want = "/".join(m.value for m in item.expected_models)
            problems.append(
                f"{item.id}: the answers assess as {got}, the file expects the mix {want}"
            )
    else:
        if result.model is not item.expected_models[0] or result.mix is not None:
            got = "/".join(m.value for m in result.mix) if result.mix else str(result.model)
            problems.append(
                f"{item.id}: the answers assess as {got}, the file expects {item.expected_models[0]}"
            )
    if result.power_structure_role is not item.expected_role:
        problems.append(
            f"{item.id}: the role assesses as {result.power_structure_role}, "
            f"the file expects {item.expected_role.value}"
        )
    return problems


def check_answer(
    item: Case, model: Model | str, role: PowerRole | str | None = None, lang: str | None = None
) -> Feedback:
    """Feedback on a student's choice of model (and, optionally, power-structure role).

    For a mixed case either of its two models counts as right; the feedback names the mix.

    Examples:
        >>> c = case("love_canal") if "love_canal" in [x.id for x in cases()] else cases()[0]
        >>> fb = check_answer(c, c.expected_models[0], c.expected_role)
        >>> fb.correct
        True
        >>> check_answer(c, "charity").text
        Traceback (most recent call last):
        ...
        rothman.errors.UnknownModelError: Unknown key 'charity'. Choose one of: locality_development, social_planning, social_action.
    """
    lang = check_lang(lang or item.lang)
    item = item.in_language(lang)
    chosen = Model.parse(model)
    chosen_role = PowerRole.parse(role) if role is not None else None
    right_model = chosen in item.expected_models
    right_role = None if chosen_role is None else chosen_role is item.expected_role
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
        key = "feedback_role_right" if right_role else "feedback_role_wrong"
        lines.append(
            text(key, lang, chosen=chosen_role.label(lang), role=item.expected_role.label(lang))
        )
    if item.explanation:
        lines.append(item.explanation)
    return Feedback(correct_model=right_model, correct_role=right_role, text=" ".join(lines))
