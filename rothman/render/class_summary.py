"""A live class in words and tables: the answer of a round, the class's counts, and a
printable page of every round.

The page comes from the Jinja2 template ``templates/class_summary.html.j2`` with autoescape:
a situation typed in class, a nickname or a case file's text is shown as text, never as
markup. The helpers :func:`answer_key_lines` and :func:`tally_rows` also feed the students'
panel and the lecturer's view, so the three say the same thing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rothman.core.case_folders import OwnCases, find_case
from rothman.core.cases import Case
from rothman.core.class_answers import Round, Tally
from rothman.core.class_room import ClassRoom
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.core.variables import variable

#: The name of the template of the printable page, in ``rothman/render/templates``.
TEMPLATE = "class_summary.html.j2"
#: The template of a round's counts, alone or inside the page.
TALLY_TEMPLATE = "class_tally.html.j2"


@dataclass(frozen=True)
class Row:
    """One line of a count table: what is counted, how many, and its share of the answers."""

    label: str
    count: str
    share: str


def round_case(shown: Round, lang: str = "en", cases: OwnCases = None) -> Case | None:
    """The case a round is about, in ``lang``; None for a typed situation.

    Raises:
        RothmanError: the round's case is not among the built-in and own cases.
    """
    if shown.case_id is None:
        return None
    try:
        return find_case(shown.case_id, lang, cases)
    except RothmanError:
        raise RothmanError("live_unknown_case", value=shown.case_id) from None


def round_heading(shown: Round, lang: str = "en") -> str:
    """``Round 2: a case`` or ``Round 2: a situation``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> round_heading(Round(2, datetime.now(timezone.utc), None, "x", False), "id")
        'Putaran 2: sebuah situasi'
    """
    key = "live_round_case" if shown.case_id else "live_round_situation"
    return text(key, lang, number=shown.id)


def answer_key_lines(item: Case, lang: str = "en") -> list[str]:
    """The case's answer as plain lines: the model(s), the role, the note, the explanation.

    Examples:
        >>> from rothman.core.cases import case
        >>> answer_key_lines(case("love_canal"))[:2]
        ['Model(s): Social Action (C)', 'Role of the power structure: Target of action']
    """
    item = item.in_language(check_lang(lang))
    models = text("and_join", lang).join(
        f"{m.label(lang)} ({m.letter})" for m in item.expected_models
    )
    if item.is_mix:  # each model of a mix gives the power structure its own role
        role = "; ".join(
            f"{m.label(lang)}: {m.power_structure_role.label(lang)}" for m in item.expected_models
        )
    else:
        role = item.expected_role.label(lang)
    lines = [
        f"{text('live_answer_models', lang)}: {models}",
        f"{text('live_answer_role', lang)}: {role}",
    ]
    return lines + [part for part in (item.note, item.explanation) if part]


def tally_rows(tally: Tally, lang: str = "en") -> tuple[list[Row], list[Row], list[str]]:
    """The counts of a round as table rows: per model, per role (and none), and the reasons
    chosen most as lines.

    Examples:
        >>> from rothman.core.class_answers import Answer, tally_of
        >>> A, B, C = Model
        >>> models, roles, reasons = tally_rows(tally_of(1, [Answer(1, (A, C), None, ("goal",))]))
        >>> models[0], roles[-1], reasons
        (Row(label='Locality Development (A)', count='0.5', share='50%'), Row(label='no role given', count='1', share='100%'), ['Goal of the effort: 1'])
    """
    check_lang(lang)

    def share(count: float) -> str:
        return f"{round(100 * count / tally.answered)}%" if tally.answered else "–"

    models = [
        Row(f"{m.label(lang)} ({m.letter})", f"{tally.models[m]:g}", share(tally.models[m]))
        for m in Model
    ]
    roles = [Row(r.label(lang), str(tally.roles[r]), share(tally.roles[r])) for r in PowerRole]
    roles.append(Row(text("live_no_role", lang), str(tally.no_role), share(tally.no_role)))
    reasons = [
        text("live_reason_line", lang, label=variable(key).label(lang), count=count)
        for key, count in tally.reasons
    ]
    return models, roles, reasons


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = resources.files("rothman.render") / "templates"
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def tally_view(tally: Tally, lang: str = "en") -> dict:
    """The view model of ``templates/class_tally.html.j2``: a round's counts in ``lang``."""
    models, roles, reasons = tally_rows(tally, lang)
    return {
        "answered": text("live_answered", lang, count=tally.answered),
        "models": models if tally.answered else [],
        "models_caption": text("live_models_caption", lang),
        "roles": roles,
        "roles_caption": text("live_roles_caption", lang),
        "reasons": reasons,
        "model_head": text("live_answer_models", lang),
        "role_head": text("live_answer_role", lang),
        "count_head": text("live_count_column", lang),
        "share_head": text("live_share_column", lang),
        "reasons_head": text("live_reasons_heading", lang),
        "no_reasons": text("live_no_reasons", lang),
    }


def tally_html(tally: Tally, lang: str = "en") -> str:
    """A round's counts as an HTML fragment: tables per model and per role, the top reasons.

    Examples:
        >>> from rothman.core.class_answers import tally_of
        >>> tally_html(tally_of(1, []), "id").count("<table")
        0
    """
    check_lang(lang)
    return _environment().get_template(TALLY_TEMPLATE).render(tally=tally_view(tally, lang))


def _round_view(room: ClassRoom, shown: Round, lang: str, cases: OwnCases) -> dict:
    try:
        item = round_case(shown, lang, cases)
        title = item.title if item else None
        key = answer_key_lines(item, lang) if item else []
    except RothmanError as exc:
        title, key = exc.message(lang), []
    state = "live_summary_state_revealed" if shown.revealed else "live_summary_state_open"
    return {
        "heading": round_heading(shown, lang),
        "state": text(state, lang),
        "case_title": title,
        "situation": shown.situation,
        "tally": tally_view(room.tally(shown.id), lang),
        "key": key,
    }


def summary_html(
    room: ClassRoom, lang: str = "en", cases: OwnCases = None, now: datetime | None = None
) -> str:
    """A self-contained printable HTML page of every round of the class, in ``lang``.

    Examples:
        >>> import tempfile
        >>> room = ClassRoom(tempfile.mkdtemp())
        >>> _ = room.start_round(situation="<b>bold</b> claim")
        >>> page = summary_html(room, "id")
        >>> "&lt;b&gt;bold&lt;/b&gt; claim" in page, "<b>bold" in page, '<html lang="id">' in page
        (True, False, True)
    """
    check_lang(lang)
    made = (now or datetime.now()).astimezone().isoformat(timespec="minutes")
    view = {
        "lang": lang,
        "title": text("live_summary_title", lang),
        "made": text("live_summary_made", lang, when=made),
        "rounds": [_round_view(room, r, lang, cases) for r in room.rounds()],
        "answer_head": text("live_answer_heading", lang),
        "no_key": text("live_no_key", lang),
        "no_rounds": text("live_summary_none", lang),
    }
    return _environment().get_template(TEMPLATE).render(**view)


def write_summary(
    room: ClassRoom, path: str | os.PathLike, lang: str = "en", cases: OwnCases = None
) -> Path:
    """Write :func:`summary_html` to ``path`` (readable by its owner only); returns the path."""
    path = Path(path)
    page = summary_html(room, lang, cases)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(page)
    return path
