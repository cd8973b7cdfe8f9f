"""A class's answers as a table for a spreadsheet, safe to open (no cell runs as a formula)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from rothman.core.class_answers import Answer, Round
from rothman.core.i18n import check_lang, text
from rothman.core.variables import variable

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_HEADER = (
    "room_csv_round",
    "room_csv_started",
    "room_csv_case",
    "room_csv_situation",
    "room_csv_revealed",
    "room_csv_answer",
    "room_csv_models",
    "room_csv_role",
    "room_csv_reasons",
    "room_csv_nickname",
)


def safe_cell(value: object) -> str:
    """A table cell as text that no spreadsheet takes for a formula (OWASP CSV injection).

    A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    ``'`` in front, which spreadsheets show as text.

    Examples:
        >>> safe_cell('=HYPERLINK("http://x","y")')
        '\\'=HYPERLINK("http://x","y")'
        >>> safe_cell("Aksi Sosial"), safe_cell(None), safe_cell(3)
        ('Aksi Sosial', '', '3')
    """
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def answers_csv(rounds: Iterable[tuple[Round, Iterable[Answer]]], lang: str = "en") -> str:
    """CSV text of rounds and their answers: one row per answer, a round without any answer
    as one row with the answer's cells empty. Header, models, roles and variables in ``lang``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from rothman.core.models import Model
        >>> one = Round(1, datetime(2026, 12, 5, tzinfo=timezone.utc), None, "@home", True)
        >>> table = answers_csv([(one, [Answer(1, (Model.SOCIAL_ACTION,), None, ("goal",))])], "id")
        >>> print(table.splitlines()[0])
        Putaran,Dimulai,Kasus,Situasi,Dibuka,Jawaban,Model,Peran struktur kekuasaan,Variabel penentu,Nama panggilan
        >>> table.splitlines()[1].split(",")[3:]
        ["'@home", 'ya', '1', 'Aksi Sosial', '', 'Tujuan upaya', '']
    """
    check_lang(lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_cell(text(key, lang)) for key in _HEADER)
    for shown, answers in rounds:
        started = shown.started.astimezone().isoformat(timespec="seconds")
        revealed = text("room_csv_yes" if shown.revealed else "room_csv_no", lang)
        head = [shown.id, started, shown.case_id, shown.situation, revealed]
        rows = [[n, *_answer_cells(a, lang)] for n, a in enumerate(answers, start=1)]
        for row in rows or [[None] * 5]:
            writer.writerow(safe_cell(cell) for cell in head + row)
    return out.getvalue()


def _answer_cells(answer: Answer, lang: str) -> list[str | None]:
    return [
        "; ".join(m.label(lang) for m in answer.models),
        answer.role.label(lang) if answer.role else None,
        "; ".join(variable(key).label(lang) for key in answer.reasons),
        answer.nickname,
    ]
