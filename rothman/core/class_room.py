"""A live class room: rounds and answers kept in one SQLite file in a class folder.

Every student's page and the lecturer's page run in processes of their own; each opens the
same ``answers.sqlite`` through a :class:`ClassRoom` on the same folder. A connection lives
for one operation only, the file is in WAL mode (readers never wait for a writer) and every
write takes the lock at once and waits for it, so many students may send at the same moment.
The file keeps nothing about a student but a hash of the page's random token and the
nickname, when the lecturer allows nicknames. A room is its folder: two folders, two rooms.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from rothman.core.class_answers import (
    Answer,
    Round,
    RoundRevealedError,
    StudentView,
    Tally,
    UnknownRoundError,
    check_models,
    check_nickname,
    check_reasons,
    check_role,
    check_subject,
    check_token,
    new_student_token,
    tally_of,
)
from rothman.core.class_db import (
    ANSWER_FIELDS,
    ROUND_SELECT,
    SCHEMA,
    SCHEMA_VERSION,
    answer_of,
    fetch_round,
    join_keys,
    nicknames_on,
    round_of,
    student_hash,
)
from rothman.core.class_export import answers_csv
from rothman.core.errors import RothmanError

__all__ = [
    "Answer",
    "ClassRoom",
    "Round",
    "RoundRevealedError",
    "StudentView",
    "Tally",
    "UnknownRoundError",
    "CLASSES_VARIABLE",
    "default_class_dir",
    "new_student_token",
]

#: The file of a class folder that holds its rounds and answers.
DB_NAME = "answers.sqlite"
#: How long an operation waits for another process's write, in seconds.
BUSY_SECONDS = 60.0


#: The environment variable naming where new class folders go (``--class-dir`` not given).
CLASSES_VARIABLE = "ROTHMAN_CLASSES"


def default_class_dir(base: str | os.PathLike | None = None, today: date | None = None) -> Path:
    """Make and return a new folder for a class: ``<base>/<date>-<n>``, never one that exists.

    Args:
        base: where class folders go; when None, the folder named by the environment
            variable ``ROTHMAN_CLASSES``, or ``~/rothman-classes``.
        today: the date in the name; today's when None.

    Examples:
        >>> import tempfile, datetime
        >>> base = tempfile.mkdtemp()
        >>> default_class_dir(base, datetime.date(2026, 12, 5)).name
        '2026-12-05-1'
        >>> default_class_dir(base, datetime.date(2026, 12, 5)).name
        '2026-12-05-2'
    """
    if base is None:
        base = os.environ.get(CLASSES_VARIABLE) or Path.home() / "rothman-classes"
    base = Path(base).expanduser()
    day = (today or date.today()).isoformat()
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        number = 1
        while True:
            folder = base / f"{day}-{number}"
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                number += 1
                continue
            os.chmod(folder, 0o700)
            return folder
    except OSError as exc:
        raise RothmanError("room_error_folder", folder=str(base), problem=_why(exc)) from None


class ClassRoom:
    """The rounds and answers of one class, kept in ``answers.sqlite`` in ``folder``.

    Args:
        folder: the class folder; made (readable by its owner only) when missing.
        nicknames: whether students may add a nickname to their answers. None keeps what the
            room has (a new room takes none); a student's page opens the room with None.

    Examples:
        >>> import tempfile
        >>> room = ClassRoom(tempfile.mkdtemp())
        >>> first = room.start_round(case_id="love_canal")
        >>> me = new_student_token()
        >>> room.send(first.id, me, ["social_action"], "target", reasons=["goal"]).models
        (<Model.SOCIAL_ACTION: 'social_action'>,)
        >>> room.tally(first.id).answered
        1
        >>> room.student_view(first.id, me).tally is None
        True
        >>> room.reveal(first.id).revealed
        True
    """

    def __init__(self, folder: str | os.PathLike, nicknames: bool | None = None) -> None:
        self.folder = Path(folder).expanduser()
        self.path = self.folder / DB_NAME
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(self.folder, 0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as exc:
            raise self._error(_why(exc)) from None
        self._setup()
        if nicknames is not None:
            with self._write() as db:
                db.execute(
                    "UPDATE settings SET value = ? WHERE key = 'nicknames'",
                    (str(int(bool(nicknames))),),
                )

    def __repr__(self) -> str:
        return f"ClassRoom({str(self.folder)!r})"

    # --- the database -----------------------------------------------------------------------

    def _error(self, problem: str) -> RothmanError:
        return RothmanError("room_error_folder", folder=str(self.folder), problem=problem)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(str(exc)) from None
        try:
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        except sqlite3.Error as exc:
            raise self._error(str(exc)) from None
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that takes the lock at its start (no upgrade, no deadlock)."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _setup(self) -> None:
        with self._connect() as db:
            if self._version(db) == SCHEMA_VERSION:
                return
            self._to_wal(db)
        with self._write() as db:
            if self._version(db) == SCHEMA_VERSION:  # another process made it meanwhile
                return
            for statement in SCHEMA:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @staticmethod
    def _to_wal(db: sqlite3.Connection) -> None:
        """Switch the file to write-ahead logging, waiting out other processes' locks.

        The switch takes the file's exclusive lock from a read lock, and SQLite answers "busy"
        at once, without its wait, when another process is about to write (waiting could
        deadlock): so the whole class setting up its pages together needs this wait of its own.
        """
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _version(self, db: sqlite3.Connection) -> int:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RothmanError(
                "room_error_newer", folder=str(self.folder), value=version, limit=SCHEMA_VERSION
            )
        return version

    # --- rounds -----------------------------------------------------------------------------

    @property
    def nicknames(self) -> bool:
        """Whether students may add a nickname to their answers."""
        with self._connect() as db:
            return nicknames_on(db)

    def start_round(self, case_id: str | None = None, situation: str | None = None) -> Round:
        """Start a new round about a case or a situation typed by the lecturer (exactly one).

        The new round is the room's current round. The situation is kept as typed.

        Examples:
            >>> import tempfile
            >>> ClassRoom(tempfile.mkdtemp()).start_round(situation="A river turns brown.").id
            1
        """
        case_id, situation = check_subject(case_id, situation)
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO rounds (started, case_id, situation) VALUES (?, ?, ?)",
                (started, case_id, situation),
            )
            return fetch_round(db, cursor.lastrowid)

    def current_round(self) -> Round | None:
        """The round started last, or None before the first."""
        with self._connect() as db:
            row = db.execute("SELECT max(id) FROM rounds").fetchone()
            return None if row[0] is None else fetch_round(db, row[0])

    def rounds(self) -> tuple[Round, ...]:
        """Every round of the class, in the order they were started."""
        with self._connect() as db:
            rows = db.execute(f"{ROUND_SELECT} ORDER BY id").fetchall()
        return tuple(round_of(row) for row in rows)

    def round(self, round_id: int) -> Round:
        """The round ``round_id``; an error naming the rounds there are otherwise."""
        with self._connect() as db:
            return fetch_round(db, round_id)

    def reveal(self, round_id: int) -> Round:
        """Show the round's answer: students see the tally, and the round takes no more answers."""
        with self._write() as db:
            fetch_round(db, round_id)
            db.execute("UPDATE rounds SET revealed = 1 WHERE id = ?", (round_id,))
            return fetch_round(db, round_id)

    # --- answers ----------------------------------------------------------------------------

    def send(
        self,
        round_id: int,
        student_token: str,
        models: list[str] | tuple[str, ...] | str,
        role: str | None = None,
        reasons: list[str] | tuple[str, ...] = (),
        nickname: str | None = None,
    ) -> Answer:
        """Keep one student's answer to a round; a second one replaces the first.

        Args:
            round_id: the round answered; it must not be revealed yet.
            student_token: the student's page's token (:func:`new_student_token`).
            models: 1 to 3 different model keys.
            role: a power-structure role key, or None.
            reasons: up to 3 different community-variable keys that decided the answer.
            nickname: a nickname, only in a room that takes them.

        Raises:
            InvalidAnswerError, UnknownModelError, UnknownVariableError: a bad answer.
            UnknownRoundError, RoundRevealedError: no such round, or it is closed.

        Examples:
            >>> import tempfile
            >>> room = ClassRoom(tempfile.mkdtemp())
            >>> one = room.start_round(case_id="love_canal")
            >>> room.send(one.id, new_student_token(), ["social_action"], None, nickname="Ani")
            Traceback (most recent call last):
            ...
            rothman.core.errors.InvalidAnswerError: This class takes answers without names: send your answer without a nickname.
        """
        student = student_hash(check_token(student_token))
        chosen = check_models(models)
        power = check_role(role)
        why = check_reasons(reasons)
        with self._write() as db:
            if fetch_round(db, round_id).revealed:
                raise RoundRevealedError(value=round_id)
            name = check_nickname(nickname, nicknames_on(db))
            db.execute(
                "INSERT INTO answers (round_id, student, models, role, reasons, nickname)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, student) DO UPDATE SET"
                " models = excluded.models, role = excluded.role,"
                " reasons = excluded.reasons, nickname = excluded.nickname",
                (round_id, student, join_keys(chosen), power and power.value, join_keys(why), name),
            )
        return Answer(round_id, chosen, power, why, name)

    def my_answer(self, round_id: int, student_token: str) -> Answer | None:
        """The answer this student sent to the round, or None; never anyone else's."""
        student = student_hash(check_token(student_token))
        with self._connect() as db:
            fetch_round(db, round_id)
            row = db.execute(
                f"SELECT {ANSWER_FIELDS} FROM answers WHERE round_id = ? AND student = ?",
                (round_id, student),
            ).fetchone()
        return None if row is None else answer_of(row)

    def answers(self, round_id: int) -> tuple[Answer, ...]:
        """Every answer to the round, in the order first sent: for the lecturer's page only."""
        with self._connect() as db:
            fetch_round(db, round_id)
            rows = db.execute(
                f"SELECT {ANSWER_FIELDS} FROM answers WHERE round_id = ? ORDER BY rowid",
                (round_id,),
            ).fetchall()
        return tuple(answer_of(row) for row in rows)

    def tally(self, round_id: int) -> Tally:
        """What the answers to the round add up to (see :class:`Tally`): for the lecturer."""
        return tally_of(round_id, self.answers(round_id))

    def student_view(self, round_id: int, student_token: str) -> StudentView:
        """What a student's page may show: the own answer, and the tally once revealed.

        Examples:
            >>> import tempfile
            >>> room = ClassRoom(tempfile.mkdtemp())
            >>> one = room.start_round(case_id="love_canal")
            >>> me, other = new_student_token(), new_student_token()
            >>> _ = room.send(one.id, other, ["social_planning"], "sponsors")
            >>> view = room.student_view(one.id, me)
            >>> view.answer is None, view.tally is None
            (True, True)
            >>> room.reveal(one.id).revealed, room.student_view(one.id, me).tally.answered
            (True, 1)
        """
        answer = self.my_answer(round_id, student_token)
        shown = self.round(round_id)
        return StudentView(shown, answer, self.tally(round_id) if shown.revealed else None)

    # --- export -----------------------------------------------------------------------------

    def to_csv(self, round_id: int | None = None, lang: str = "en") -> str:
        """The answers as CSV text, one row per answer (a round without any has one empty row).

        The header, models, roles and variables are in ``lang``; no cell begins with a
        character that makes a spreadsheet run it as a formula.

        Examples:
            >>> import tempfile
            >>> room = ClassRoom(tempfile.mkdtemp())
            >>> one = room.start_round(situation="=1+1")
            >>> _ = room.send(one.id, new_student_token(), ["social_action"], "target")
            >>> room.to_csv(lang="id").splitlines()[1].split(",")[3:]
            ["'=1+1", 'tidak', '1', 'Aksi Sosial', 'Sasaran aksi', '', '']
        """
        chosen = self.rounds() if round_id is None else (self.round(round_id),)
        return answers_csv(((r, self.answers(r.id)) for r in chosen), lang)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
