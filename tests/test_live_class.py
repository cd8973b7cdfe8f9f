"""A live class driven as its users would: two students' panels and the lecturer's view on one
class folder, without a browser. Each page reads the folder when its ``poll`` is called (on a
kernel, the page's event loop calls it every second or two)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path

import ipywidgets as w
import pytest
import yaml

from rothman.core.class_room import ClassRoom
from rothman.core.data import data_dir
from rothman.core.errors import RothmanError
from rothman.core.i18n import LANGS, text
from rothman.notebook.class_answer import ClassAnswer, live_answer
from rothman.notebook.lecturer_view import LecturerView, live_lecturer
from rothman.notebook.live import CLASS_DIR_ENV

PAYLOAD = "<img src=x onerror=alert(1)>"
ROOT = Path(__file__).resolve().parents[1]


def shown(widget: w.Widget) -> str:
    """Every text a page shows: values, descriptions and options of the widget and its children."""
    parts = []
    for name in ("value", "description", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            parts.append(value)
    parts.extend(str(o) for o in getattr(widget, "options", ()))
    for child in getattr(widget, "children", ()):
        parts.append(shown(child))
    return "\n".join(parts)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "class"


@pytest.fixture
def lecturer(folder):
    return LecturerView(folder, "en", poll=False)


@pytest.fixture
def students(folder, lecturer):
    return ClassAnswer(folder, "en", poll=False), ClassAnswer(folder, "en", poll=False)


def start_case(lecturer: LecturerView, case_id: str = "love_canal") -> None:
    lecturer.case_picker.value = case_id
    lecturer.next_button.click()


def answer(panel: ClassAnswer, models, role=None, reasons=(), nickname=None) -> None:
    for key, box in panel.model_boxes.items():
        box.value = key in models
    panel.role.value = role
    for key, box in panel.reason_boxes.items():
        box.value = key in reasons
    if nickname is not None:
        panel.nickname.value = nickname
    panel.send_button.click()


def test_before_any_round_the_students_wait_and_cannot_send(students, lecturer):
    one, _ = students
    assert "Waiting for the lecturer" in one.subject.value
    assert one.send_button.disabled
    assert "No round yet" in lecturer.subject.value
    assert lecturer.reveal_button.disabled


def test_sending_then_changing_an_answer(students, lecturer, folder):
    start_case(lecturer)
    one, two = students
    one.poll()
    assert "Love Canal" in one.subject.value
    assert "Not sent yet" in one.status.value
    answer(one, ["social_action"], "target", ["goal"])
    assert "Sent." in one.status.value
    answer(one, ["social_action", "locality_development"], "collaborators")
    assert "Changed" in one.status.value
    room = ClassRoom(folder)
    mine = room.my_answer(lecturer.round.id, one.token)
    assert [m.value for m in mine.models] == ["locality_development", "social_action"]
    assert room.tally(lecturer.round.id).answered == 1  # a change replaces, never adds


def test_the_lecturer_counts_every_answer(students, lecturer):
    start_case(lecturer)
    one, two = students
    for panel in students:
        panel.poll()
    answer(one, ["social_action"], "target", ["goal", "problem"])
    answer(two, ["social_action", "social_planning"], None, ["goal"])
    lecturer.poll()
    counts = lecturer.counts.value
    assert "2 answered." in counts
    assert re.search(
        r"Social Action \(C\)</th><td class=\"num\">1.5</td><td class=\"num\">75%", counts
    )
    assert re.search(r"Target of action</th><td class=\"num\">1</td>", counts)
    assert re.search(r"no role given</th><td class=\"num\">1</td>", counts)
    assert "<li>Goal of the effort: 2</li>" in counts
    # both charts come with their sentence, as alt text and as a caption
    assert lecturer.counts_chart.value.count("Social Action (C) 1.5") == 2
    assert "1 at C, 1 at B + C." in lecturer.points_chart.value
    assert 'src="data:image/png;base64,' in lecturer.points_chart.value


def test_a_student_never_sees_another_students_answer_nor_counts_before_reveal(students, lecturer):
    start_case(lecturer)
    one, two = students
    for panel in students:
        panel.poll()
    answer(one, ["social_planning"], "sponsors", ["residents"], None)
    two.poll()
    seen = shown(two.widget)
    assert "Social Planning (B)" not in seen  # only the checkbox label "B: Social Planning"
    assert "answered" not in seen and "<table" not in seen
    assert two.answer_area.value == "" and one.answer_area.value == ""
    assert "Your answer: Social Planning (B); Employer and sponsor" in one.status.value
    assert "Your answer" not in two.status.value


def test_reveal_reaches_both_students_at_their_next_reading(students, lecturer):
    start_case(lecturer)
    one, two = students
    for panel in students:
        panel.poll()
    answer(one, ["social_action"], "target")
    lecturer.reveal_button.click()
    assert "Revealed" in lecturer.state.value and lecturer.reveal_button.disabled
    assert one.answer_area.value == ""  # not before the page reads the folder
    for panel in students:
        panel.poll()
        area = panel.answer_area.value
        assert "Model(s): Social Action (C)" in area
        assert "Role of the power structure: Target of action" in area
        assert "1 answered." in area
        assert panel.send_button.disabled
    assert "Sent." in one.status.value
    assert "takes no more answers" in two.status.value


def test_an_answer_sent_after_the_reveal_is_refused_in_words(students, lecturer):
    start_case(lecturer)
    one, _ = students
    one.poll()
    lecturer.reveal()
    for box in one.model_boxes.values():
        box.value = True
    one.send()  # the page has not read the folder since the reveal
    assert "takes no more answers" in one.status.value
    assert "Model(s): Social Action (C)" in one.answer_area.value


def test_a_page_opened_after_the_reveal_shows_the_answer(folder, lecturer):
    start_case(lecturer)
    lecturer.reveal()
    late = ClassAnswer(folder, "id", poll=False)
    assert "Aksi Sosial (C)" in late.answer_area.value
    assert late.send_button.disabled


def test_next_case_resets_the_students_and_shows_a_typed_situation_as_text(students, lecturer):
    start_case(lecturer)
    one, two = students
    for panel in students:
        panel.poll()
    answer(one, ["social_action"], "target", ["goal"])
    lecturer.reveal()
    one.poll()
    lecturer.situation.value = f"Line one\n{PAYLOAD}"
    lecturer.next_button.click()
    assert lecturer.situation.value == ""
    assert "Round 2 started." in lecturer.message.value
    for panel in students:
        panel.poll()
        assert "Round 2: a situation" in panel.subject.value
        assert "&lt;img src=x onerror=alert(1)&gt;" in panel.subject.value
        assert "<img" not in panel.subject.value
        assert not any(box.value for box in panel.model_boxes.values())
        assert not any(box.value for box in panel.reason_boxes.values())
        assert panel.role.value is None and panel.answer_area.value == ""
        assert not panel.send_button.disabled
    assert "<img" not in lecturer.subject.value
    lecturer.reveal()
    one.poll()
    assert "no answer key" in one.answer_area.value


def test_nickname_only_when_the_lecturer_allows_it(students, lecturer, folder):
    start_case(lecturer)
    one, two = students
    one.poll()
    assert one.nickname.layout.display == "none"
    lecturer.nicknames.value = True
    one.poll()
    assert one.nickname.layout.display is None
    answer(one, ["social_action"], nickname="=Ani")
    assert "Sent." in one.status.value
    lecturer.nicknames.value = False
    two.poll()
    assert two.nickname.layout.display == "none"
    two.nickname.value = "Budi"  # hidden: never sent
    answer(two, ["social_planning"])
    assert "Sent." in two.status.value
    nicknames = [a.nickname for a in ClassRoom(folder).answers(lecturer.round.id)]
    assert nicknames == ["=Ani", None]


def test_a_panel_of_one_case_answers_only_its_case(folder, lecturer):
    lecturer.next_round(situation="A river turns brown.")
    panel = ClassAnswer(folder, "en", case_id="love_canal", poll=False)
    assert "another case" in panel.subject.value and panel.send_button.disabled
    start_case(lecturer)
    panel.poll()
    assert "Love Canal" in panel.subject.value and not panel.send_button.disabled


def test_exports_write_a_formula_safe_table_and_an_escaped_page(students, lecturer, folder):
    lecturer.nicknames.value = True
    lecturer.next_round(situation=f'=HYPERLINK("http://x","y") {PAYLOAD}')
    one, _ = students
    one.poll()
    answer(one, ["social_action"], "target", ["goal"], nickname="@SUM(A1)")
    lecturer.export_csv_button.click()
    written = sorted(folder.glob("answers-*.csv"))
    assert len(written) == 1 and str(written[0]) in lecturer.message.value
    rows = list(csv.reader(io.StringIO(written[0].read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Round"
    assert rows[1][3].startswith("'=HYPERLINK") and rows[1][-1] == "'@SUM(A1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    lecturer.language.value = "id"
    lecturer.export_page_button.click()
    pages = sorted(folder.glob("summary-*-id.html"))
    assert len(pages) == 1 and str(pages[0]) in lecturer.message.value
    page = pages[0].read_text(encoding="utf-8")
    assert '<html lang="id">' in page and "Ringkasan kelas" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "1 sudah menjawab." in page


def test_both_languages(folder, lecturer):
    start_case(lecturer)
    panel = ClassAnswer(folder, "id", poll=False)
    assert panel.send_button.description == "Kirim jawaban saya"
    assert panel.model_boxes["social_action"].description == "C: Aksi Sosial"
    assert "Putaran 1: sebuah kasus" in panel.subject.value
    answer(panel, ["social_action"])
    assert "Terkirim" in panel.status.value
    panel.language.value = "en"
    assert panel.send_button.description == "Send my answer"
    assert "Round 1: a case" in panel.subject.value
    lecturer.language.value = "id"
    lecturer.poll()
    assert lecturer.reveal_button.description == "Buka jawabannya"
    assert "1 sudah menjawab." in lecturer.counts.value


def test_every_live_string_used_is_in_both_languages():
    raw = yaml.safe_load((data_dir() / "strings_live_class.yaml").read_text(encoding="utf-8"))
    code = "\n".join(
        (ROOT / "rothman" / path).read_text(encoding="utf-8")
        for path in (
            "notebook/live.py",
            "notebook/class_answer.py",
            "notebook/lecturer_view.py",
            "render/class_points.py",
            "render/class_summary.py",
        )
    )
    used = set(re.findall(r"""["'](live_[a-z0-9_]+)["']""", code))
    assert used, "no live_ keys found"
    assert used <= set(raw), used - set(raw)
    assert set(raw) <= used, set(raw) - used
    for key in used:
        for lang in LANGS:
            assert text(
                key,
                lang,
                **{
                    k: "x"
                    for k in (
                        "count",
                        "number",
                        "value",
                        "name",
                        "answer",
                        "path",
                        "problem",
                        "when",
                        "answered",
                        "shares",
                        "places",
                        "models",
                        "summary",
                        "label",
                    )
                },
            )


def test_entry_points_take_the_folder_from_the_environment(folder, monkeypatch):
    monkeypatch.delenv(CLASS_DIR_ENV, raising=False)
    with pytest.raises(RothmanError, match=CLASS_DIR_ENV):
        live_answer()
    monkeypatch.setenv(CLASS_DIR_ENV, str(folder))
    monkeypatch.setenv("ROTHMAN_LANG", "id")
    view = live_lecturer()
    view.next_round(case_id="love_canal")
    panel = live_answer()
    assert panel.lang == "id" and view.room.folder == panel.room.folder == folder
    assert "Putaran 1" in panel.subject.value
    for page in (panel, view):
        page.close()


def test_pages_read_the_folder_by_themselves_on_a_running_event_loop(folder):
    async def lesson():
        view = LecturerView(folder, "en", poll_seconds=0.05)
        one = ClassAnswer(folder, "en", poll_seconds=0.05)
        two = ClassAnswer(folder, "en", poll_seconds=0.05)
        assert one.poller.running and view.poller.running
        view.next_round(case_id="love_canal")
        await asyncio.sleep(0.3)
        answer(one, ["social_action"], "target")
        await asyncio.sleep(0.3)
        assert "1 answered." in view.counts.value  # the lecturer's page saw it alone
        view.reveal_button.click()
        await asyncio.sleep(0.3)
        for panel in (one, two):
            assert "1 answered." in panel.answer_area.value
        two.close()
        await asyncio.sleep(0.1)
        assert not two.poller.running
        view.next_round(situation="Next")
        await asyncio.sleep(0.3)
        assert "Round 2" in one.subject.value and "Round 1" in two.subject.value
        one.widget.close()  # closing the widget alone ends its readings too
        view.close()
        await asyncio.sleep(0.1)
        assert not one.poller.running and not view.poller.running

    asyncio.run(lesson())
