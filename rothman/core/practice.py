"""Practice guidance beside the models: Adi's stages, techniques, Indonesian policy, ethics.

Reads ``data/practice_guidance.yaml`` once and validates it: every text in both languages,
every model key known, every case key shipped, every source in the reference list. The
tables and Markdown here are what the notebooks and the explorer show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.data import read_yaml
from rothman.core.errors import DataError, RothmanError
from rothman.core.i18n import check_lang, pick, text
from rothman.core.markup import MarkdownText
from rothman.core.models import Model
from rothman.core.references import cite, parse
from rothman.core.two_languages import CONFIDENCE, two_languages

_FILE = "practice_guidance.yaml"
#: The kinds of guidance, in the order a course presents them.
TOPICS = ("stages", "techniques", "policy", "ethics")


class UnknownTopicError(RothmanError):
    """A kind of practice guidance that the data does not hold."""

    key = "error_unknown_topic"


@dataclass(frozen=True)
class Item:
    """One stage, technique, policy or ethical question, both languages, with its source."""

    topic: str
    key: str
    names: Mapping[str, str]
    texts: Mapping[str, str]
    models: tuple[Model, ...]
    per_model: Mapping[Model, Mapping[str, str]]
    cases: tuple[str, ...]
    source: str
    confidence: str
    notes: Mapping[str, str]

    def name(self, lang: str = "en") -> str:
        return pick(self.names, lang)

    def text(self, lang: str = "en") -> str:
        return pick(self.texts, lang)

    def note(self, lang: str = "en") -> str:
        return self.notes.get(check_lang(lang), "")


def _two(raw: object, where: str) -> dict[str, str]:
    return two_languages(raw, _FILE, where)


def _item(topic: str, raw: Mapping) -> Item:
    key = raw.get("key")
    where = f"{topic} '{key}'"
    if not isinstance(key, str) or not key:
        raise DataError(file=_FILE, problem=f"an entry of {topic} has no key")
    try:
        if topic == "stages":
            per = raw.get("models")
            if not isinstance(per, Mapping) or set(per) != {m.value for m in Model}:
                raise DataError(file=_FILE, problem=f"{where}: say how it looks in each model")
            per_model = {Model(m): _two(t, f"{where} {m}") for m, t in per.items()}
            models = tuple(Model)
        else:
            per_model = {}
            models = tuple(Model.parse(m) for m in raw.get("models") or [])
            if not models:
                raise DataError(file=_FILE, problem=f"{where}: name the models it serves")
        parse(str(raw.get("source") or ""))
    except RothmanError as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(file=_FILE, problem=f"{where}: {exc}") from None
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCE:
        raise DataError(file=_FILE, problem=f"{where}: confidence must be C, R or U")
    notes = _two(raw["note"], f"{where} note") if raw.get("note") else {"en": "", "id": ""}
    if confidence != "C" and not notes["en"]:
        raise DataError(file=_FILE, problem=f"{where} is not confirmed: say what to check")
    return Item(
        topic=topic,
        key=key,
        names=_two(raw.get("name"), f"{where} name"),
        texts=_two(raw.get("text"), f"{where} text"),
        models=models,
        per_model=per_model,
        cases=tuple(raw.get("cases") or ()),
        source=str(raw["source"]),
        confidence=confidence,
        notes=notes,
    )


@lru_cache(maxsize=1)
def _guidance() -> tuple[dict[str, tuple[Item, ...]], dict[str, dict[str, str]]]:
    data = read_yaml(_FILE)
    if not isinstance(data, Mapping):
        raise DataError(file=_FILE, problem="expected a mapping")
    out = {}
    for topic in TOPICS:
        entries = data.get(topic)
        if not isinstance(entries, list) or not entries:
            raise DataError(file=_FILE, problem=f"'{topic}' must be a non-empty list")
        items = tuple(_item(topic, raw) for raw in entries)
        keys = [i.key for i in items]
        if len(set(keys)) != len(keys):
            raise DataError(file=_FILE, problem=f"'{topic}' repeats a key")
        out[topic] = items
    notes = {k: _two(v, f"notes {k}") for k, v in (data.get("notes") or {}).items()}
    return out, notes


def guidance(topic: str, model: Model | str | None = None) -> tuple[Item, ...]:
    """The items of one topic (``stages``, ``techniques``, ``policy``, ``ethics``).

    Args:
        topic: one of :data:`TOPICS`.
        model: keep only the items that serve this model.

    Examples:
        >>> [s.name("id") for s in guidance("stages")][:3]
        ['Persiapan', 'Pengkajian (asesmen)', 'Perencanaan alternatif program']
        >>> [t.key for t in guidance("techniques", "social_action")][:2]
        ['power_mapping', 'issue_cutting']
        >>> guidance("recipes")
        Traceback (most recent call last):
        ...
        rothman.core.practice.UnknownTopicError: Unknown topic 'recipes'. Choose one of: stages, techniques, policy, ethics.
    """
    if topic not in TOPICS:
        raise UnknownTopicError(value=str(topic), choices=TOPICS)
    items = _guidance()[0][topic]
    if model is None:
        return items
    chosen = Model.parse(model)
    # the items most tied to the model first, then those it shares with other models
    mine = [i for i in items if chosen in i.models]
    return tuple(sorted(mine, key=lambda i: (len(i.models) > 1, items.index(i))))


def stages_table(lang: str = "en", model: Model | str | None = None) -> pd.DataFrame:
    """Adi's stages of intervention, what each involves and how it looks in each model.

    Examples:
        >>> t = stages_table("id", "social_action")
        >>> list(t.columns)
        ['Isi tahap', 'Aksi Sosial', 'Sumber']
        >>> t.index[-1]
        'Terminasi'
    """
    import pandas as pd

    check_lang(lang)
    models = list(Model) if model is None else [Model.parse(model)]
    items = guidance("stages")
    frame = pd.DataFrame(
        [
            [i.text(lang), *(pick(i.per_model[m], lang) for m in models), cite(i.source, lang)]
            for i in items
        ],
        index=pd.Index([i.name(lang) for i in items], name=text("practice_stage", lang)),
        columns=[
            text("practice_stage_what", lang),
            *(m.label(lang) for m in models),
            text("source", lang),
        ],
    )
    frame.attrs["keys"] = [i.key for i in items]
    frame.attrs["caption"] = " ".join(
        [pick(_guidance()[1]["stages"], lang), *_unchecked(items, lang)]
    )
    return frame


def guidance_table(
    topic: str,
    lang: str = "en",
    model: Model | str | None = None,
    *,
    with_cases: bool = True,
) -> pd.DataFrame:
    """Techniques, policy or ethics as a table: name, what it is, models, source.

    Args:
        topic: one of :data:`TOPICS`.
        lang: ``"en"`` or ``"id"``.
        model: keep only the items that serve this model.
        with_cases: for policy, a column of the cases each item bears on. Beside the models
            column it ties a case to a model: leave it out where students have still to
            answer those cases (the lecturer's guide keeps it).

    Examples:
        >>> t = guidance_table("policy", "en")
        >>> t.loc["Community-led total sanitation (STBM)", "Cases"]
        'A village decides about its toilets'
        >>> list(guidance_table("policy", "en", with_cases=False).columns)
        ['What it is', 'Models (our reading)', 'Source']
    """
    import pandas as pd

    if topic == "stages":
        return stages_table(lang, model)
    check_lang(lang)
    items = guidance(topic, model)
    from rothman.core.cases import cases

    titles = {c.id: c.title for c in cases(lang)}
    case_column = topic == "policy" and with_cases
    columns = [text("practice_what", lang), text("practice_models", lang)]
    if case_column:
        columns.append(text("practice_cases", lang))
    rows = []
    for i in items:
        row = [i.text(lang), "; ".join(f"{m.letter}. {m.label(lang)}" for m in i.models)]
        if case_column:
            row.append("; ".join(titles[c] for c in i.cases))
        rows.append([*row, cite(i.source, lang)])
    frame = pd.DataFrame(
        rows,
        index=pd.Index([i.name(lang) for i in items], name=text(f"practice_{topic}", lang)),
        columns=[*columns, text("source", lang)],
    )
    frame.attrs["keys"] = [i.key for i in items]
    frame.attrs["caption"] = " ".join(
        [pick(_guidance()[1]["models"], lang), *_unchecked(items, lang)]
    )
    return frame


def _unchecked(items: tuple[Item, ...], lang: str) -> list[str]:
    """One sentence per item not confirmed in its source, saying what to check."""
    return [f"† {i.name(lang)}: {i.note(lang)}" for i in items if i.confidence != "C"]


def model_guidance_markdown(model: Model | str, lang: str = "en") -> str:
    """For one model: how each stage looks, its techniques, its ethical questions.

    The explorer shows this for the model a situation leans to.

    Examples:
        >>> print(model_guidance_markdown("locality_development", "id").splitlines()[0])
        **Tahap intervensi (Adi)**
    """
    check_lang(lang)
    chosen = Model.parse(model)
    parts = [f"**{text('practice_stages_heading', lang)}**", ""]
    parts += [
        f"{n}. {s.name(lang)}: {pick(s.per_model[chosen], lang)}"
        for n, s in enumerate(guidance("stages"), start=1)
    ]
    for topic in ("techniques", "ethics"):
        parts += ["", f"**{text(f'practice_{topic}', lang)}**", ""]
        parts += [
            f"- {i.name(lang)}: {i.text(lang)} ({cite(i.source, lang)})"
            for i in guidance(topic, chosen)
        ]
    parts += ["", f"*{pick(_guidance()[1]['stages'], lang)}*"]

    return MarkdownText("\n".join(parts))


def model_guidance_html(model: Model | str, lang: str = "en") -> str:
    """:func:`model_guidance_markdown` as escaped HTML, for the explorer's folded panel.

    The panel's title names the model, so the HTML does not repeat it.
    """
    import html

    check_lang(lang)
    chosen = Model.parse(model)
    esc = html.escape
    stages = "".join(
        f"<li><strong>{esc(s.name(lang))}</strong>: {esc(pick(s.per_model[chosen], lang))}</li>"
        for s in guidance("stages")
    )
    techniques = "".join(
        f"<li><strong>{esc(i.name(lang))}</strong>: {esc(i.text(lang))}"
        f" <small>({esc(cite(i.source, lang))})</small></li>"
        for i in guidance("techniques", chosen)
    )
    return (
        f"<p>{esc(text('practice_stages_heading', lang))}</p><ol>{stages}</ol>"
        f"<p>{esc(text('practice_techniques', lang))}</p><ul>{techniques}</ul>"
        f"<p><small>{esc(pick(_guidance()[1]['stages'], lang))}</small></p>"
    )
