"""The PracticumReport form without a browser: filling, autosave, reload, phases, errors."""

import asyncio
import html
import inspect
import threading
import time

import pytest

import rothman.notebook.practicum_form as rw
from rothman import assess
from rothman.core.critiques import critiques
from rothman.core.i18n import text
from rothman.notebook import debounce
from rothman.notebook.practicum_form import PracticumReport
from rothman.notebook.reflection_prompts import reflection_prompts
from rothman.practicum.report import Phase, Report, check_report, read_report, save_report


def fill(form):
    form.student.value = "Siti"
    form.community.value = "RW 05 <Kampung>"
    form.agency.value = "LSM Z"
    form.choices["problem"]["injustice"].value = True
    form.choices["goal"]["shift_power"].value = True
    form.choices["power_holders"]["opponents"].value = True
    form.evidence["problem"].value = "Warga digusur tanpa ganti rugi (wawancara, 3 Mei)"
    form.evidence["goal"].value = "Rapat warga: 'kami mau didengar'"
    form.reflection.value = "Refleksi saya.\n\nParagraf kedua."


def test_a_filled_form_is_saved_and_read_back_the_same(tmp_path):
    path = tmp_path / "siti.yaml"
    form = PracticumReport(path, lang="id")
    assert not path.exists() and "disimpan ke siti.yaml" in form.status.value
    fill(form)
    form.flush()
    saved = read_report(path)
    assert saved == form.report()
    assert saved.answers == {
        "problem": "injustice",
        "goal": "shift_power",
        "power_holders": "opponents",
    }
    assert saved.community == "RW 05 <Kampung>" and saved.lang == "id"
    again = PracticumReport(path, lang="en")  # the file's language wins
    assert again.lang == "id" and again.report() == saved
    assert again.evidence["goal"].value == "Rapat warga: 'kami mau didengar'"
    assert again.choices["goal"]["shift_power"].value is True
    assert again.choices["goal"]["capacity"].value is False
    assert [p.name for p in tmp_path.iterdir()] == ["siti.yaml"]  # no temporary file left


def test_autosave_waits_for_a_pause_and_writes_once(tmp_path, monkeypatch):
    calls = []
    real = rw.save_report
    monkeypatch.setattr(rw, "save_report", lambda r, p: calls.append(r) or real(r, p))
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="en")

    async def typing():  # in a notebook, on the kernel's event loop
        for word in ("R", "Ri", "Riv", "River", "Riverside"):
            form.community.value = word
        assert calls == [] and "Saving" in form.status.value
        deadline = time.time() + 10
        while not calls and time.time() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(rw.SAVE_DELAY * 2)

    asyncio.run(typing())
    assert len(calls) == 1 and calls[0].community == "Riverside"
    assert read_report(path).community == "Riverside"
    assert "Saved to r.yaml" in form.status.value


def test_autosave_runs_on_the_event_loop_not_in_a_thread(tmp_path, monkeypatch):
    def no_thread(*args, **kwargs):
        raise AssertionError("the form must not start a thread")

    monkeypatch.setattr(threading, "Timer", no_thread)
    monkeypatch.setattr(threading.Thread, "start", no_thread)
    where = []
    real = rw.save_report
    monkeypatch.setattr(
        rw, "save_report", lambda r, p: where.append(threading.current_thread()) or real(r, p)
    )
    form = PracticumReport(tmp_path / "r.yaml", lang="en")
    before = threading.active_count()

    async def typing():  # in a notebook, on the kernel's event loop
        form.community.value = "Riverside"
        form.choices["goal"]["capacity"].value = True
        assert form._autosave.pending and where == []
        deadline = time.time() + 10  # the pause, and a loaded machine's delay
        while not where and time.time() < deadline:
            await asyncio.sleep(0.05)

    asyncio.run(typing())
    assert where == [threading.main_thread()] and threading.active_count() == before
    assert read_report(tmp_path / "r.yaml").community == "Riverside"
    for module in (rw, debounce):
        assert "threading" not in inspect.getsource(module)


def test_text_boxes_send_when_left_not_at_every_keystroke(tmp_path):
    form = PracticumReport(tmp_path / "r.yaml", lang="en")
    boxes = [form.student, form.community, form.agency, form.reflection, form.phase_name]
    boxes += list(form.evidence.values())
    assert all(box.continuous_update is False for box in boxes)


def test_live_assessment_is_the_librarys(tmp_path):
    form = PracticumReport(tmp_path / "r.yaml", lang="en")
    fill(form)
    expected = assess({"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"})
    view = form.assessment_view.value
    assert expected.headline() in view
    assert "Target of action" in view
    # power_holders has an answer but no evidence
    assert "Answered without evidence: Those who hold power." in view
    assert form.assessment == expected


def test_several_answers_to_one_question_are_kept_as_a_list(tmp_path):
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="en")
    form.choices["goal"]["capacity"].value = True
    form.choices["goal"]["solve_task"].value = True
    assert form.answers() == {"goal": ("capacity", "solve_task")}
    form.flush()
    assert "goal:\n  - capacity\n  - solve_task" in path.read_text(encoding="utf-8")
    assert PracticumReport(path).answers() == {"goal": ("capacity", "solve_task")}
    form.choices["goal"]["capacity"].value = False
    form.choices["goal"]["solve_task"].value = False
    assert form.answers() == {}  # nothing ticked: not known yet


def test_phases_add_move_remove_and_are_saved(tmp_path):
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="en")
    form.add_phase.click()  # nothing answered: refused, said on screen
    assert form.report().phases == () and "at least one question" in form.status.value
    form.choices["goal"]["shift_power"].value = True
    form.phase_name.value = "Protest"
    form.add_phase.click()
    form.choices["goal"]["shift_power"].value = False
    form.choices["goal"]["solve_task"].value = True
    form.add_phase.click()  # no name given: numbered
    assert [p.name for p in form.report().phases] == ["Protest", "Phase 2"]
    up = form.phase_list.children[1].children[1]
    assert up.description == "Move phase 2 up"
    up.click()
    assert [p.name for p in form.report().phases] == ["Phase 2", "Protest"]
    form.flush()
    assert [p.name for p in read_report(path).phases] == ["Phase 2", "Protest"]
    form.phase_list.children[0].children[3].click()  # remove phase 1
    form.flush()
    assert [p.name for p in read_report(path).phases] == ["Protest"]
    assert (
        PracticumReport(path)
        .phase_list.children[0]
        .children[0]
        .value.startswith("<strong>1. Protest</strong>")
    )


def test_student_text_is_shown_inert(tmp_path):
    path = tmp_path / "r.yaml"
    save_report(
        Report(
            lang="en",
            answers={"goal": "capacity"},
            phases=(Phase("<img src=x onerror=alert(1)>", {"goal": "capacity"}),),
        ),
        path,
    )
    form = PracticumReport(path)
    shown = form.phase_list.children[0].children[0].value
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_a_file_with_errors_is_shown_and_never_overwritten(tmp_path):
    path = tmp_path / "r.yaml"
    body = "lang: id\nanswers:\n  goal: win\n"
    path.write_text(body, encoding="utf-8")
    form = PracticumReport(path, lang="en")
    assert form.lang == "id"
    assert "r.yaml:3:" in form.problems_view.value and "bermasalah" in form.problems_view.value
    form.community.value = "X"
    form.flush()
    form.save()
    time.sleep(rw.SAVE_DELAY * 2)
    assert path.read_text(encoding="utf-8") == body


def test_a_file_that_cannot_be_written_is_said_on_screen(tmp_path):
    form = PracticumReport(tmp_path / "missing" / "r.yaml", lang="en")
    form.community.value = "X"
    form.flush()
    assert "Not saved" in form.status.value and "⚠" in form.status.value


@pytest.mark.parametrize("lang", ["en", "id"])
def test_labels_in_the_forms_language(tmp_path, lang):
    form = PracticumReport(tmp_path / "r.yaml", lang=lang)
    assert form.community.description == text("report_community", lang)
    assert form.evidence["goal"].placeholder == text("rw_evidence_placeholder", lang)
    assert form.add_phase.description == text("rw_add_phase", lang)
    assert all(box.description for boxes in form.choices.values() for box in boxes.values())


def test_reflection_prompts_come_from_the_course():
    result = assess({"goal": "shift_power", "power_holders": "opponents"}, lang="id")
    prompts = reflection_prompts(result, "id")
    assert prompts[0] == text("rw_prompt_opening", "id")
    for critique in critiques("id"):
        assert any(critique.title in p for p in prompts)
    stem = text("rw_prompt_ethics", "id", question="").split("“")[0]
    assert any(p.startswith(stem) and p.endswith("?") for p in prompts)


def test_check_report_accepts_what_the_form_writes(tmp_path):
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="en")
    fill(form)
    form.flush()
    checked = check_report(path)
    assert checked.ok and [w.params["variable"] for w in checked.warnings] == ["power_holders"]


def test_several_answers_and_tensions_shown_live_as_the_library_says(tmp_path):
    form = PracticumReport(tmp_path / "r.yaml", lang="id")
    form.choices["goal"]["capacity"].value = True
    form.choices["goal"]["solve_task"].value = True
    form.choices["problem"]["injustice"].value = True
    form.choices["interests"]["opposed"].value = True
    form.choices["power_holders"]["partners"].value = True
    answers = {
        "goal": ["capacity", "solve_task"],
        "problem": "injustice",
        "interests": "opposed",
        "power_holders": "partners",
    }
    expected = assess(answers, lang="id")
    assert form.assessment == expected and expected.tensions
    view = form.assessment_view.value
    assert html.escape(expected.headline()) in view
    for tension in expected.tensions:
        assert f"⚠ <strong>Ketegangan:</strong> {html.escape(tension.text)}" in view
        assert any(tension.text in p for p in reflection_prompts(expected, "id"))
    assert html.escape(expected.described_role.label("id")) in view


def test_the_saved_time_of_an_existing_file_is_shown_after_a_reload(tmp_path):
    import os

    path = tmp_path / "r.yaml"
    save_report(Report(lang="en", community="Riverside"), path)
    stamp = time.mktime((2024, 5, 3, 14, 7, 9, 0, 0, -1))
    os.utime(path, (stamp, stamp))
    form = PracticumReport(path)
    assert form.saved_at == stamp
    assert form.status.value == '<p class="rothman-ok">✔ Saved to r.yaml at 2024-05-03 14:07.</p>'
    today = PracticumReport(save_report(Report(lang="id"), tmp_path / "b.yaml"))
    shown = time.strftime("%H:%M:%S", time.localtime(today.path.stat().st_mtime))
    assert f"Tersimpan ke b.yaml pukul {shown}." in today.status.value


def test_hand_in_writes_the_page_beside_the_report_and_links_to_it(tmp_path, monkeypatch):
    from rothman.notebook import hand_in

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_PARENT_PID", raising=False)
    (tmp_path / "reports").mkdir()
    form = PracticumReport("reports/me.yaml", lang="id")
    fill(form)
    old = tmp_path / "reports" / "me.html"
    old.write_text("an older page", encoding="utf-8")
    form.handing_in.button.click()  # the button, as a student presses it
    page = old.read_text(encoding="utf-8")
    assert '<html lang="id">' in page and "RW 05 &lt;Kampung&gt;" in page
    assert read_report(tmp_path / "reports" / "me.yaml") == form.report()  # saved first
    shown = form.handing_in.view.value
    assert '<a href="reports/me.html" target="_blank" rel="noopener">' in shown
    assert "Buka halaman siap cetak" in shown and "me.html ditulis pukul" in shown
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["me.html", "me.yaml"]
    # a page outside the notebook's folder cannot be linked: its place is said instead
    assert hand_in.relative_href(tmp_path / "x.html", tmp_path / "reports") is None


def test_hand_in_links_to_the_jupyter_servers_files_address(tmp_path, monkeypatch):
    import json

    from rothman.notebook.hand_in import server_href

    runtime = tmp_path / "runtime"
    runtime.mkdir()
    (runtime / "jpserver-4242.json").write_text(
        json.dumps({"root_dir": str(tmp_path / "course"), "base_url": "/user/ana/"})
    )
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("JPY_PARENT_PID", "4242")
    page = tmp_path / "course" / "id" / "laporan saya.html"
    assert server_href(page) == "/user/ana/files/id/laporan%20saya.html"
    assert server_href(tmp_path / "elsewhere.html") is None  # outside the server's root
    monkeypatch.setenv("JPY_PARENT_PID", "4243")  # no record of that server
    assert server_href(page) is None


def test_hand_in_refuses_while_the_file_has_problems(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("lang: en\nanswers: {goal: nonsense}\n", encoding="utf-8")
    form = PracticumReport(path)
    assert form.problems
    form.hand_in()
    assert "Correct bad.yaml first" in form.handing_in.view.value
    assert not (tmp_path / "bad.html").exists()
    assert path.read_text(encoding="utf-8") == "lang: en\nanswers: {goal: nonsense}\n"
