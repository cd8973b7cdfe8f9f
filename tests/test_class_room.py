"""A live class room: the rules of an answer, what each page may read, and the SQLite file
under many writers, a restart and a spreadsheet."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import sqlite3
import stat
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rothman.core.class_answers import MAX_NICKNAME, MAX_SITUATION, Answer, tally_of
from rothman.core.class_export import FORMULA_STARTS, safe_cell
from rothman.core.class_room import (
    CLASSES_VARIABLE,
    ClassRoom,
    RoundRevealedError,
    UnknownRoundError,
    default_class_dir,
    new_student_token,
)
from rothman.core.errors import (
    InvalidAnswerError,
    RothmanError,
    UnknownModelError,
    UnknownVariableError,
)
from rothman.core.models import Model, PowerRole
from rothman.core.variables import community_variables, variable

A, B, C = Model
PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(1)", "\t=1", "\r=1"]
VARIABLES = [v.key for v in community_variables()]


@pytest.fixture
def room(tmp_path):
    return ClassRoom(tmp_path / "class")


@pytest.fixture
def named(tmp_path):
    return ClassRoom(tmp_path / "named", nicknames=True)


def rows(table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(table, newline="")))


# --- the folder and the file ---------------------------------------------------------------


def test_a_room_is_a_private_folder_with_a_versioned_wal_database(tmp_path):
    room = ClassRoom(tmp_path / "a" / "class")
    assert stat.S_IMODE(os.stat(room.folder).st_mode) == 0o700
    assert room.path == room.folder / "answers.sqlite"
    assert stat.S_IMODE(os.stat(room.path).st_mode) == 0o600
    with sqlite3.connect(room.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_newer_database_is_refused_by_name(tmp_path):
    room = ClassRoom(tmp_path / "class")
    with sqlite3.connect(room.path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(RothmanError) as err:
        ClassRoom(room.folder)
    assert "99" in str(err.value) and "rothman" in err.value.message("id")


def test_a_file_that_is_no_database_gives_a_clear_error(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "answers.sqlite").write_bytes(b"not a database at all, just some bytes" * 50)
    with pytest.raises(RothmanError) as err:
        ClassRoom(folder)
    assert err.value.key == "room_error_folder" and str(folder) in str(err.value)


def test_default_class_dir_is_dated_and_never_reused(tmp_path):
    day = date(2026, 12, 5)
    first = default_class_dir(tmp_path, day)
    (tmp_path / "2026-12-05-3").mkdir()
    names = [first.name] + [default_class_dir(tmp_path, day).name for _ in range(2)]
    assert names == ["2026-12-05-1", "2026-12-05-2", "2026-12-05-4"]
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o700


def test_default_class_dir_lives_in_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv(CLASSES_VARIABLE)  # the test run's own place (tests/conftest.py)
    folder = default_class_dir()
    assert folder.parent == tmp_path / "rothman-classes"
    assert folder.name == f"{date.today().isoformat()}-1"


def test_the_environment_names_another_place_for_class_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(CLASSES_VARIABLE, str(tmp_path / "kelas"))
    folder = default_class_dir()
    assert folder.parent == tmp_path / "kelas"
    assert not (tmp_path / "home" / "rothman-classes").exists()


# --- rounds ----------------------------------------------------------------------------------


def test_rounds_are_numbered_and_the_last_one_is_current(room):
    assert room.current_round() is None and room.rounds() == ()
    first = room.start_round(case_id="love_canal")
    second = room.start_round(situation="  A river turns brown.\n")
    assert (first.id, second.id) == (1, 2)
    assert first.case_id == "love_canal" and first.situation is None
    assert second.situation == "  A river turns brown.\n"  # kept as typed
    assert room.current_round() == second
    assert room.rounds() == (first, second)
    assert first.started.tzinfo is not None and not first.revealed


@pytest.mark.parametrize(
    "subject",
    [
        {},
        {"case_id": "love_canal", "situation": "both"},
        {"case_id": "no such"},
        {"situation": " "},
    ],
)
def test_a_round_is_about_exactly_one_case_or_situation(room, subject):
    with pytest.raises(RothmanError):
        room.start_round(**subject)
    assert room.rounds() == ()


def test_a_situation_has_a_maximum_length(room):
    room.start_round(situation="x" * MAX_SITUATION)
    with pytest.raises(RothmanError) as err:
        room.start_round(situation="x" * (MAX_SITUATION + 1))
    assert str(MAX_SITUATION + 1) in str(err.value)
    assert str(MAX_SITUATION) in err.value.message("id")


def test_an_unknown_round_names_the_rounds_there_are(room):
    with pytest.raises(UnknownRoundError) as err:
        room.tally(1)
    assert "(none yet)" in str(err.value) and "(belum ada)" in err.value.message("id")
    room.start_round(case_id="love_canal")
    room.start_round(case_id="love_canal")
    for bad in (7, "1", True):
        with pytest.raises(UnknownRoundError) as err:
            room.reveal(bad)
        assert "1, 2" in str(err.value) and "1, 2" in err.value.message("id")


def test_reveal_marks_the_round_and_is_idempotent(room):
    one = room.start_round(case_id="love_canal")
    assert room.reveal(one.id).revealed and room.reveal(one.id).revealed
    assert room.round(one.id).revealed and room.current_round().revealed


# --- answers ---------------------------------------------------------------------------------


def test_an_answer_is_kept_in_a_canonical_order(room):
    one = room.start_round(case_id="love_canal")
    me = new_student_token()
    sent = room.send(
        one.id, me, ["social_action", "locality_development"], "target", ["goal", "problem"]
    )
    assert sent == Answer(one.id, (A, C), PowerRole.TARGET, ("problem", "goal"), None)
    assert room.my_answer(one.id, me) == sent
    assert room.send(one.id, me, "social_planning", None).models == (B,)


def test_a_second_answer_replaces_the_first_until_reveal(room):
    one = room.start_round(case_id="love_canal")
    me = new_student_token()
    room.send(one.id, me, ["social_action"], "target")
    room.send(one.id, me, ["social_planning"], "sponsors")
    assert room.tally(one.id).answered == 1
    assert room.my_answer(one.id, me).models == (B,)
    room.reveal(one.id)
    with pytest.raises(RoundRevealedError) as err:
        room.send(one.id, me, ["locality_development"], None)
    assert "1" in str(err.value) and "Putaran 1" in err.value.message("id")
    assert room.my_answer(one.id, me).models == (B,)


def test_one_student_answers_each_round_apart(room):
    first, second = room.start_round(case_id="love_canal"), room.start_round(situation="x")
    me = new_student_token()
    room.send(first.id, me, ["social_action"], None)
    assert room.my_answer(second.id, me) is None
    room.send(second.id, me, ["social_planning"], None)
    assert room.my_answer(first.id, me).models == (C,)


@pytest.mark.parametrize(
    ("models", "error"),
    [
        ([], InvalidAnswerError),
        (["social_action"] * 2, InvalidAnswerError),
        ([*Model, "social_action"], InvalidAnswerError),
        (None, InvalidAnswerError),
        (["revolution"], UnknownModelError),
    ],
)
def test_bad_models_are_refused_naming_value_and_choices(room, models, error):
    one = room.start_round(case_id="love_canal")
    with pytest.raises(error) as err:
        room.send(one.id, new_student_token(), models, None)
    for lang in ("en", "id"):
        assert "locality_development, social_planning, social_action" in err.value.message(lang)
    assert room.tally(one.id).answered == 0


def test_bad_role_and_reasons_are_refused_in_both_languages(room):
    one = room.start_round(case_id="love_canal")
    me = new_student_token()
    with pytest.raises(UnknownModelError) as err:
        room.send(one.id, me, ["social_action"], "enemy")
    assert "'enemy'" in str(err.value) and "collaborators, sponsors, target" in err.value.message(
        "id"
    )
    with pytest.raises(UnknownVariableError) as err:
        room.send(one.id, me, ["social_action"], None, ["budget"])
    assert "'budget'" in err.value.message("id") and "power_holders" in err.value.message("id")
    for reasons in (["goal", "goal"], VARIABLES[:4]):
        with pytest.raises(InvalidAnswerError) as err:
            room.send(one.id, me, ["social_action"], None, reasons)
        assert "goal" in str(err.value) and "residents" in err.value.message("id")
    assert room.my_answer(one.id, me) is None


@pytest.mark.parametrize("token", [None, "", "short", "x" * 200, "a b c d e f g h i j k", 12345])
def test_a_token_must_look_like_one(room, token):
    one = room.start_round(case_id="love_canal")
    with pytest.raises(InvalidAnswerError):
        room.send(one.id, token, ["social_action"], None)
    with pytest.raises(InvalidAnswerError):
        room.my_answer(one.id, token)


def test_nicknames_only_when_the_room_takes_them(tmp_path):
    room = ClassRoom(tmp_path / "class")
    assert not room.nicknames
    one = room.start_round(case_id="love_canal")
    with pytest.raises(InvalidAnswerError) as err:
        room.send(one.id, new_student_token(), ["social_action"], None, nickname="Ani")
    assert "nama panggilan" in err.value.message("id")
    assert (
        room.send(one.id, new_student_token(), ["social_action"], None, nickname="").nickname
        is None
    )
    ClassRoom(room.folder, nicknames=True)  # the lecturer turns them on
    student = ClassRoom(room.folder)  # a student's page keeps the setting
    assert student.nicknames
    assert (
        student.send(one.id, new_student_token(), ["social_action"], None, nickname="Ani").nickname
        == "Ani"
    )
    with pytest.raises(InvalidAnswerError) as err:
        student.send(
            one.id, new_student_token(), ["social_action"], None, nickname="x" * (MAX_NICKNAME + 1)
        )
    assert str(MAX_NICKNAME) in str(err.value) and str(MAX_NICKNAME) in err.value.message("id")


def test_the_database_keeps_no_token_and_nothing_else_about_a_student(named):
    one = named.start_round(case_id="love_canal")
    token = new_student_token()
    named.send(one.id, token, ["social_action"], "target", ["goal"], nickname="Ani")
    raw = b"".join(p.read_bytes() for p in named.folder.iterdir())
    assert token.encode() not in raw
    with sqlite3.connect(named.path) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(answers)")]
        assert columns == ["round_id", "student", "models", "role", "reasons", "nickname"]
        assert db.execute("SELECT student FROM answers").fetchone()[0] != token


# --- reading: the tally and what a student may see -----------------------------------------


def known_answers(room, round_id):
    tokens = [new_student_token() for _ in range(5)]
    room.send(round_id, tokens[0], ["social_action"], "target", ["goal", "power_holders"])
    room.send(round_id, tokens[1], ["social_action", "social_planning"], "target", ["goal"])
    room.send(round_id, tokens[2], list(Model), None, ["interests"])
    room.send(round_id, tokens[3], ["locality_development"], "collaborators", ["goal", "interests"])
    room.send(round_id, tokens[4], ["social_planning"], "sponsors", [])
    return tokens


def test_the_tally_of_a_known_set_of_answers(room):
    one = room.start_round(case_id="love_canal")
    known_answers(room, one.id)
    tally = room.tally(one.id)
    assert tally.round_id == one.id and tally.answered == 5
    assert tally.models == pytest.approx({A: 1 + 1 / 3, B: 1 / 2 + 1 / 3 + 1, C: 1 + 1 / 2 + 1 / 3})
    assert sum(tally.models.values()) == pytest.approx(5)
    assert tally.roles == {PowerRole.COLLABORATORS: 1, PowerRole.SPONSORS: 1, PowerRole.TARGET: 2}
    assert tally.no_role == 1
    assert tally.reasons == (("goal", 3), ("interests", 2), ("power_holders", 1))
    assert sorted(p.shares for p in tally.points) == sorted(
        [(0, 0, 1), (0, 0.5, 0.5), (1 / 3, 1 / 3, 1 / 3), (1, 0, 0), (0, 1, 0)]
    )
    assert not any(hasattr(p, "nickname") or hasattr(p, "token") for p in tally.points)


def test_the_tally_lists_at_most_five_reasons_most_chosen_first():
    answers = [Answer(1, (A,), None, tuple(VARIABLES[i : i + 3])) for i in range(4)]
    tally = tally_of(1, answers)
    assert len(tally.reasons) == 5
    assert tally.reasons[:2] == (("interests", 3), ("power_holders", 3))
    assert [k for k, _ in tally.reasons[2:]] == ["goal", "constituency", "problem"]


def test_a_student_never_reads_another_answer_nor_the_tally_before_reveal(named):
    one = named.start_round(case_id="love_canal")
    mine, *others = known_answers(named, one.id)
    named.send(one.id, others[0], ["social_action"], "target", nickname="Budi")
    silent = new_student_token()
    view = named.student_view(one.id, mine)
    assert view.answer == named.my_answer(one.id, mine)
    assert view.answer.models == (C,) and view.tally is None and not view.round.revealed
    assert named.student_view(one.id, silent).answer is None
    assert named.student_view(one.id, silent).tally is None
    named.reveal(one.id)
    view = named.student_view(one.id, silent)
    assert view.answer is None and view.tally == named.tally(one.id)
    assert "Budi" not in repr(view) and "Budi" not in repr(named.student_view(one.id, mine))
    assert all(t not in repr(named.tally(one.id)) for t in others)


def test_two_rooms_never_see_each_others_data(tmp_path):
    first, second = ClassRoom(tmp_path / "one"), ClassRoom(tmp_path / "two", nicknames=True)
    r1 = first.start_round(case_id="love_canal")
    token = new_student_token()
    first.send(r1.id, token, ["social_action"], "target")
    assert second.rounds() == () and not first.nicknames
    r2 = second.start_round(situation="another class")
    assert r2.id == 1 and second.tally(r2.id).answered == 0
    assert second.my_answer(r2.id, token) is None
    assert "another class" not in first.to_csv() and first.tally(r1.id).answered == 1


def test_the_answers_survive_a_restart(tmp_path):
    room = ClassRoom(tmp_path / "class", nicknames=True)
    one = room.start_round(case_id="love_canal")
    tokens = known_answers(room, one.id)
    room.reveal(one.id)
    before, table = room.tally(one.id), room.to_csv()
    del room
    again = ClassRoom(tmp_path / "class")
    assert again.tally(one.id) == before and again.to_csv() == table
    assert again.nicknames and again.current_round().revealed
    assert again.my_answer(one.id, tokens[0]).models == (C,)


# --- many students at once --------------------------------------------------------------------


def _send_one(folder, round_id, number, start):
    start.wait()
    room = ClassRoom(folder)
    room.send(round_id, new_student_token(), [list(Model)[number % 3]], None, nickname=f"s{number}")


def test_sixty_students_send_at_the_same_moment(tmp_path):
    room = ClassRoom(tmp_path / "class", nicknames=True)
    one = room.start_round(case_id="love_canal")
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [
        context.Process(target=_send_one, args=(room.folder, one.id, n, start)) for n in range(60)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * 60  # a worker that failed exits with 1
    tally = room.tally(one.id)
    assert tally.answered == 60 and tally.models == {A: 20, B: 20, C: 20}
    assert sorted(a.nickname for a in room.answers(one.id)) == sorted(f"s{n}" for n in range(60))


def _open_and_start(folder, start):
    start.wait()
    ClassRoom(folder).start_round(situation=f"from process {os.getpid()}")


@pytest.mark.parametrize("which", ["first", "second"])
def test_pages_setting_up_a_new_room_at_once_share_one_database(tmp_path, which):
    """40 pages at once on a new folder: the switch to write-ahead logging met another
    process's write now and then and failed at once with "database is locked" (1 room in 3
    before the class room waited for it)."""
    folder = tmp_path / which
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [context.Process(target=_open_and_start, args=(folder, start)) for _ in range(40)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * 40
    rounds = ClassRoom(folder).rounds()
    assert [r.id for r in rounds] == list(range(1, 41))
    assert {r.situation for r in rounds} == {f"from process {w.pid}" for w in workers}


# --- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_csv_is_formula_safe_in_both_languages(named, lang):
    for payload in PAYLOADS:
        one = named.start_round(situation=payload)
        named.send(
            one.id, new_student_token(), ["social_action"], "target", ["goal"], nickname=payload
        )
    table = rows(named.to_csv(lang=lang))
    header = table[0]
    assert header[0] == {"en": "Round", "id": "Putaran"}[lang]
    situation = header.index({"en": "Situation", "id": "Situasi"}[lang])
    nickname = header.index({"en": "Nickname", "id": "Nama panggilan"}[lang])
    assert [r[situation] for r in table[1:]] == ["'" + p for p in PAYLOADS]
    assert [r[nickname] for r in table[1:]] == ["'" + p for p in PAYLOADS]
    assert all(not cell.startswith(FORMULA_STARTS) for row in table for cell in row)
    model = {"en": "Social Action", "id": "Aksi Sosial"}[lang]
    role = PowerRole.TARGET.label(lang)
    assert all(model in row and role in row for row in table[1:])


def test_the_csv_of_one_round_and_of_a_round_without_answers(room):
    one = room.start_round(case_id="love_canal")
    two = room.start_round(situation="nobody answers this")
    room.send(
        one.id, new_student_token(), ["social_action", "social_planning"], None, ["goal", "problem"]
    )
    table = rows(room.to_csv(one.id, lang="id"))
    assert len(table) == 2
    assert table[1][6:9] == [
        "Perencanaan Sosial; Aksi Sosial",
        "",
        f"{variable('problem').label('id')}; {variable('goal').label('id')}",
    ]
    empty = rows(room.to_csv(two.id))[1]
    assert empty[3] == "nobody answers this" and empty[5:] == [""] * 5
    assert len(rows(room.to_csv())) == 3
    with pytest.raises(RothmanError):
        room.to_csv(lang="fr")


# --- properties over many inputs -----------------------------------------------------------

models_lists = st.lists(st.sampled_from(list(Model)), min_size=1, max_size=3, unique=True)
answers = st.builds(
    Answer,
    st.just(1),
    models_lists.map(lambda ms: tuple(m for m in Model if m in ms)),
    st.none() | st.sampled_from(list(PowerRole)),
    st.lists(st.sampled_from(VARIABLES), max_size=3, unique=True).map(tuple),
)


@given(st.lists(answers, max_size=120))
def test_tally_shares_sum_to_the_number_answered(given_answers):
    tally = tally_of(1, given_answers)
    assert tally.answered == len(given_answers) == len(tally.points)
    assert sum(tally.models.values()) == pytest.approx(len(given_answers))
    assert all(sum(p.shares) == pytest.approx(1) for p in tally.points)
    assert sum(tally.roles.values()) + tally.no_role == len(given_answers)
    counts = [n for _, n in tally.reasons]
    assert counts == sorted(counts, reverse=True) and len(counts) <= 5
    for model in Model:  # a count is a whole number of sixths: exact, whatever the order
        assert tally.models[model] * 6 == pytest.approx(round(tally.models[model] * 6))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    models=models_lists,
    role=st.none() | st.sampled_from(list(PowerRole)),
    reasons=st.lists(st.sampled_from(VARIABLES), max_size=3, unique=True),
    nickname=st.text(min_size=1, max_size=MAX_NICKNAME).filter(str.strip),
)
def test_what_a_student_sends_is_what_the_student_reads_back(
    named, models, role, reasons, nickname
):
    one = named.current_round() or named.start_round(case_id="love_canal")
    me = new_student_token()
    sent = named.send(one.id, me, [m.value for m in models], role and role.value, reasons, nickname)
    assert named.my_answer(one.id, me) == sent
    assert set(sent.models) == set(models) and set(sent.reasons) == set(reasons)
    assert sent.nickname == nickname


@given(st.text())
def test_no_cell_starts_like_a_formula(value):
    cell = safe_cell(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (value, "'" + value)
