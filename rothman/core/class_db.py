"""The SQLite file of a class room: its tables, and its rows as rounds and answers."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime

from rothman.core.class_answers import Answer, Round, UnknownRoundError
from rothman.core.i18n import text
from rothman.core.models import Model, PowerRole

#: The format of the file (``PRAGMA user_version``); a newer one is refused.
SCHEMA_VERSION = 1

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rounds ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " started TEXT NOT NULL,"
    " case_id TEXT,"
    " situation TEXT,"
    " revealed INTEGER NOT NULL DEFAULT 0,"
    " CHECK ((case_id IS NULL) <> (situation IS NULL)))",
    "CREATE TABLE IF NOT EXISTS answers ("
    " round_id INTEGER NOT NULL REFERENCES rounds(id),"
    " student TEXT NOT NULL,"  # the SHA-256 of the page's token, never the token
    " models TEXT NOT NULL,"
    " role TEXT,"
    " reasons TEXT NOT NULL,"
    " nickname TEXT,"
    " PRIMARY KEY (round_id, student))",
    "INSERT OR IGNORE INTO settings VALUES ('nicknames', '0')",
)


ROUND_SELECT = "SELECT id, started, case_id, situation, revealed FROM rounds"
ANSWER_FIELDS = "round_id, models, role, reasons, nickname"


def fetch_round(db: sqlite3.Connection, round_id: object) -> Round:
    row = None
    if isinstance(round_id, int) and not isinstance(round_id, bool):
        row = db.execute(f"{ROUND_SELECT} WHERE id = ?", (round_id,)).fetchone()
    if row is None:
        ids = [str(r[0]) for r in db.execute("SELECT id FROM rounds ORDER BY id")]
        raise UnknownRoundError(value=repr(round_id), choices=ids or _NoneYet())
    return round_of(row)


class _NoneYet:
    """The choices of a class without rounds, said in the language of the message."""

    def message(self, lang: str) -> str:
        return text("room_error_no_rounds", lang)


def round_of(row: tuple) -> Round:
    return Round(row[0], datetime.fromisoformat(row[1]), row[2], row[3], bool(row[4]))


def answer_of(row: tuple) -> Answer:
    models = tuple(Model(key) for key in row[1].split(","))
    role = None if row[2] is None else PowerRole(row[2])
    reasons = tuple(row[3].split(",")) if row[3] else ()
    return Answer(row[0], models, role, reasons, row[4])


def nicknames_on(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT value FROM settings WHERE key = 'nicknames'").fetchone()
    return row is not None and row[0] == "1"


def join_keys(keys: tuple) -> str:
    return ",".join(str(k) for k in keys)


def student_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()
