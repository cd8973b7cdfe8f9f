"""Self-checks that ask a student to apply the models, read from ``data/self_checks.yaml``.

Four kinds of multiple-choice question, each on a short situation: which model and which
power-structure role (``model_role``), which two models when one comes close behind the other
(``near_mix``), which answer works against the leading model's practice (``tension``), and in
which order the phases of an effort came (``phase_order``). Every text is in both languages;
the labels of the options are built from the data (model and role names, the questions'
levels, the phases' labels), and the explanation is given only with the feedback on an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rothman.core.answers import Answer, answer_levels
from rothman.core.data import read_yaml
from rothman.core.errors import DataError, RothmanError
from rothman.core.i18n import LANGS, check_lang
from rothman.core.models import Model, PowerRole
from rothman.core.self_check_items import (
    BASES,
    FILE,
    KINDS,
    SETTINGS,
    Option,
    SelfCheck,
    SelfCheckFeedback,
    SelfCheckPhase,
    UnknownChoiceError,
    UnknownSelfCheckError,
)
from rothman.core.variables import community_variables, variable
from rothman.core.yaml_lines import Problem

__all__ = [
    "BASES",
    "KINDS",
    "SETTINGS",
    "Option",
    "SelfCheck",
    "SelfCheckFeedback",
    "SelfCheckPhase",
    "UnknownChoiceError",
    "UnknownSelfCheckError",
    "check_self_check",
    "parse_self_checks",
    "self_check",
    "self_checks",
]

_TEXTS = ("situation", "prompt", "explanation")
_COMMON = ("id", "kind", "basis", "setting", *_TEXTS, "options", "right")
_BY_KIND = {
    "model_role": ("answers", "expected"),
    "near_mix": ("answers", "expected"),
    "tension": ("answers", "expected", "tensions"),
    "phase_order": ("phases", "order"),
}
_OPTION_FIELDS = {
    "model_role": ("model", "role"),
    "near_mix": ("models",),
    "tension": ("variable", "level"),
    "phase_order": ("order",),
}
_PHASE_FIELDS = ("key", "label", "text", "answers", "model")


def _fail(key: str, **params: object) -> DataError:
    return DataError(file=FILE, problem=Problem(FILE, None, key, params))


def _texts(raw: object, where: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise _fail("self_check_missing_text", where=where, lang=", ".join(LANGS))
    out = {}
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise _fail("self_check_missing_text", where=where, lang=lang)
        out[lang] = " ".join(value.split())
    return out


def _fields(raw: object, where: str, required: tuple[str, ...], optional=()) -> Mapping:
    if not isinstance(raw, Mapping):
        raise _fail("self_check_not_mapping", where=where)
    for name in required:
        if name not in raw:
            raise _fail("self_check_missing_field", where=where, field=name)
    allowed = (*required, *optional)
    for name in raw:
        if name not in allowed:
            raise _fail("self_check_unknown_field", where=where, value=name, choices=allowed)
    return raw


def _choice(value: object, choices: tuple[str, ...], where: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _fail("self_check_bad_value", where=where, value=value, choices=choices)
    return value


def _model(value: object, where: str) -> Model:
    return Model(_choice(value, tuple(m.value for m in Model), where))


def _answers(raw: object, where: str) -> dict[str, Answer]:
    if not isinstance(raw, Mapping):
        raise _fail("self_check_not_mapping", where=where)
    out: dict[str, Answer] = {}
    for key, value in raw.items():
        try:
            levels = answer_levels(key, value)
        except RothmanError as exc:
            raise _fail("self_check_bad_answer", where=f"{where}.{key}", problem=exc) from None
        out[key] = levels[0] if len(levels) == 1 else levels
    missing = [v.key for v in community_variables() if v.key not in out]
    if missing:
        raise _fail("self_check_answers_missing", where=where, missing=", ".join(missing))
    return out


def _keyed(raw: object, where: str, low: int, high: int) -> list:
    keys = [e.get("key") for e in raw if isinstance(e, Mapping)] if isinstance(raw, list) else []
    if not low <= len(keys) == len(raw) <= high or len(set(keys)) != len(keys):
        raise _fail("self_check_list_size", where=where, low=low, high=high)
    for i, key in enumerate(keys):
        if not isinstance(key, str) or not key.isidentifier():
            raise _fail("self_check_bad_id", where=f"{where}[{i + 1}]", value=key)
    return raw


def _expected(raw: object, where: str, kind: str) -> tuple[tuple[Model, ...], PowerRole]:
    raw = _fields(raw, where, ("model", "role"))
    given = raw["model"] if isinstance(raw["model"], list) else [raw["model"]]
    models = tuple(_model(m, f"{where}.model") for m in given)
    counts = (2,) if kind == "near_mix" else (1, 2)
    if len(models) not in counts or len(set(models)) != len(models):
        raise _fail("self_check_models_count", where=f"{where}.model", count=counts[-1])
    role = _choice(raw["role"], tuple(r.value for r in PowerRole), f"{where}.role")
    return models, PowerRole(role)


def _phases(raw: object, where: str) -> tuple[SelfCheckPhase, ...]:
    out = []
    for i, entry in enumerate(_keyed(raw, where, 2, 3)):
        at = f"{where}[{i + 1}]"
        entry = _fields(entry, at, _PHASE_FIELDS)
        out.append(
            SelfCheckPhase(
                key=entry["key"],
                labels=_texts(entry["label"], f"{at}.label"),
                texts=_texts(entry["text"], f"{at}.text"),
                answers=_answers(entry["answers"], f"{at}.answers"),
                model=_model(entry["model"], f"{at}.model"),
            )
        )
    return tuple(out)


def _order(raw: object, where: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(raw, list) or sorted(map(str, raw)) != sorted(keys):
        raise _fail("self_check_order", where=where, choices=keys)
    return tuple(raw)


def _option_value(entry: Mapping, kind: str, at: str, item: dict) -> object:
    if kind == "model_role":
        role = _choice(entry["role"], tuple(r.value for r in PowerRole), f"{at}.role")
        return _model(entry["model"], f"{at}.model"), PowerRole(role)
    if kind == "near_mix":
        given = entry["models"] if isinstance(entry["models"], list) else []
        models = frozenset(_model(m, f"{at}.models") for m in given)
        if len(models) != 2 or len(given) != 2:
            raise _fail("self_check_models_count", where=f"{at}.models", count=2)
        return models
    if kind == "tension":
        var = _choice(entry["variable"], tuple(v.key for v in community_variables()), at)
        level = _choice(entry["level"], variable(var).level_keys, f"{at}.level")
        return _tension(var, level, at, item["answers"])
    return _order(entry["order"], f"{at}.order", tuple(p.key for p in item["phases"]))


def _tension(var: str, level: str, where: str, answers: Mapping[str, Answer]) -> tuple[str, str]:
    given = answers.get(var)
    if level not in ((given,) if isinstance(given, str) else given):
        raise _fail("self_check_tension_not_answered", where=where, variable=var, level=level)
    return var, level


def _item(raw: object, where: str) -> SelfCheck:
    if not isinstance(raw, Mapping):
        raise _fail("self_check_not_mapping", where=where)
    if isinstance(raw.get("id"), str):
        where = raw["id"]
    kind = _choice(raw.get("kind"), KINDS, f"{where}.kind")
    raw = _fields(raw, where, (*_COMMON, *_BY_KIND[kind]), ("source",))
    if not isinstance(raw["id"], str) or not raw["id"].isidentifier():
        raise _fail("self_check_bad_id", where=where, value=raw["id"])
    item: dict = {
        "id": raw["id"],
        "kind": kind,
        "basis": _choice(raw["basis"], BASES, f"{where}.basis"),
        "setting": _choice(raw["setting"], SETTINGS, f"{where}.setting"),
        "texts": {name: _texts(raw[name], f"{where}.{name}") for name in _TEXTS},
        "answers": {},
        "source": " ".join(str(raw.get("source") or "").split()),
    }
    if item["basis"] != "illustrative" and not item["source"]:
        raise _fail("self_check_missing_field", where=where, field="source")
    if kind == "phase_order":
        item["phases"] = _phases(raw["phases"], f"{where}.phases")
        keys = tuple(p.key for p in item["phases"])
        item["order"] = _order(raw["order"], f"{where}.order", keys)
    else:
        item["answers"] = _answers(raw["answers"], f"{where}.answers")
        models, role = _expected(raw["expected"], f"{where}.expected", kind)
        item["expected_models"], item["expected_role"] = models, role
    if kind == "tension":
        entries, at = raw["tensions"], f"{where}.tensions"
        if not isinstance(entries, list) or not 1 <= len(entries) <= 2:
            raise _fail("self_check_list_size", where=at, low=1, high=2)
        found = []
        for i, entry in enumerate(entries):
            entry = _fields(entry, f"{at}[{i + 1}]", ("variable", "level"))
            found.append(_option_value(entry, "tension", f"{at}[{i + 1}]", item))
        if len(set(found)) != len(found):
            raise _fail("self_check_list_size", where=at, low=1, high=2)
        item["tensions"] = tuple(found)
    options = []
    for i, entry in enumerate(_keyed(raw["options"], f"{where}.options", 2, 5)):
        at = f"{where}.options[{i + 1}]"
        own = ("label",) if kind == "tension" else ()
        entry = _fields(entry, at, ("key", *_OPTION_FIELDS[kind]), own)
        labels = _texts(entry["label"], f"{at}.label") if "label" in entry else None
        options.append(Option(entry["key"], _option_value(entry, kind, at, item), labels))
    if len({o.labels is None for o in options}) > 1:
        raise _fail("self_check_labels_all", where=f"{where}.options")
    for i, option in enumerate(options):
        for other in options[:i]:
            if option.value == other.value:
                raise _fail(
                    "self_check_options_repeated", where=where, first=other.key, second=option.key
                )
    found = SelfCheck(**item, options=tuple(options), right=str(raw["right"]))
    _choice(raw["right"], found.choices, f"{where}.right")
    if not found.is_right(found.right):
        raise _fail("self_check_right_wrong", where=f"{where}.right", value=found.right)
    for key in found.choices:
        if key != found.right and found.is_right(key):
            raise _fail("self_check_two_right", where=f"{where}.options", value=key)
    return found


def parse_self_checks(raw: object) -> tuple[SelfCheck, ...]:
    """Check the content of a self-checks file (as read from YAML) and return its items.

    Raises:
        DataError: naming the item, the field and what is wrong, in either language.

    Examples:
        >>> parse_self_checks({"self_checks": [{"id": "x", "kind": "quiz"}]})
        Traceback (most recent call last):
        ...
        rothman.core.errors.DataError: Data file self_checks.yaml: x.kind: 'quiz' is not valid. Choose one of: model_role, near_mix, tension, phase_order.
    """
    entries = raw.get("self_checks") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise _fail("self_check_no_list")
    out, seen = [], set()
    for i, entry in enumerate(entries):
        item = _item(entry, f"self_checks[{i + 1}]")
        if item.id in seen:
            raise _fail("self_check_duplicate_id", value=item.id)
        seen.add(item.id)
        out.append(item)
    return tuple(out)


@lru_cache(maxsize=1)
def _shipped() -> tuple[SelfCheck, ...]:
    return parse_self_checks(read_yaml(FILE))


def self_checks(kind: str | None = None) -> tuple[SelfCheck, ...]:
    """The self-checks shipped with the library, in the data's order; only one kind if given.

    Examples:
        >>> [c.id for c in self_checks("phase_order")]
        ['beach_access', 'tenants_dinners']
    """
    items = _shipped()
    if kind is None:
        return items
    if kind not in KINDS:
        raise RothmanError("error_unknown_self_check_kind", value=str(kind), choices=KINDS)
    return tuple(c for c in items if c.kind == kind)


def self_check(item_id: str) -> SelfCheck:
    """One shipped self-check by id; an error naming the valid ids otherwise.

    Examples:
        >>> self_check("hamlet_drains").choices
        ('a', 'b', 'c', 'd')
    """
    for item in _shipped():
        if item.id == item_id:
            return item
    raise UnknownSelfCheckError(value=str(item_id), choices=[c.id for c in _shipped()])


def check_self_check(item_id: str, choice: str, lang: str = "en") -> SelfCheckFeedback:
    """Feedback on a student's choice for the self-check ``item_id``, in ``lang``.

    Raises:
        UnknownSelfCheckError, UnknownChoiceError: naming the valid ids or choices.
        UnknownLanguageError: for a language other than ``en`` and ``id``.

    Examples:
        >>> fb = check_self_check("stunting_district", "d", "id")
        >>> fb.correct, fb.right
        (True, 'd')
        >>> fb.explanation.startswith("Perencanaan Sosial (B)")
        True
        >>> check_self_check("stunting_district", "e")
        Traceback (most recent call last):
        ...
        rothman.core.self_check_items.UnknownChoiceError: Unknown choice 'e' for the self-check 'stunting_district'. Choose one of: a, b, c, d.
    """
    lang = check_lang(lang)
    item = self_check(item_id)
    if not isinstance(choice, str) or choice not in item.choices:
        raise UnknownChoiceError(value=str(choice), item=item.id, choices=item.choices)
    return SelfCheckFeedback(
        item=item.id,
        choice=choice,
        correct=choice == item.right,
        right=item.right,
        right_label=item.option_label(item.right, lang),
        explanation=item.explanation(lang),
        lang=lang,
    )
