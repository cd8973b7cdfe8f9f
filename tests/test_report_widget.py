"""The PracticumReport widget without a browser: filling, live assessment, saving, reloading."""

from __future__ import annotations

import time

import pytest

from rothman.i18n import text
from rothman.report import Phase, Report, read_report, save_report
from rothman.report_widget import PracticumReport, reflection_prompts
from rothman.variables import community_variables


def fill(form: PracticumReport) -> None:
    form.student.value = "Ani <b>bold</b>"
    form.community.value = "RW 05, Kelurahan Mawar"
    form.agency.value = "LSM Z"
    form.levels["problem"]["service_gap"].value = True
    form.levels["problem"]["weak_ties"].value = True
    form.levels["goal"]["capacity"].value = True
    form.levels["power_holders"]["partners"].value = True
    form.evidence["problem"].value = "Posyandu sepi sejak 2023"
    form.evidence["goal"].value = "Rapat RW, 3 Maret"
    form.reflection.value = "Saya belajar banyak."


def test_every_control_is_labelled_in_the_report_language(tmp_path):
    form = PracticumReport(tmp_path / "r.yaml", lang="id", delay=0)
    assert form.community.description == "Komunitas"
    for var in community_variables():
        assert form.evidence[var.key].description == "Bukti"
        for level_key, box in form.levels[var.key].items():
            assert box.description == var.level(level_key).label("id")
    assert form.reflection.description == "Refleksi"
    assert "Kritik:" in form.prompts.value and "Etika:" in form.prompts.value


def test_filling_saves_and_reopening_finds_everything(tmp_path):
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="id", delay=0)
    fill(form)
    saved = read_report(path)
    assert saved == form.report
    assert saved.answers == {
        "problem": ("weak_ties", "service_gap"),
        "goal": "capacity",
        "power_holders": "partners",
    }
    again = PracticumReport(path, lang="en", delay=0)  # the file's language wins
    assert again.lang == "id"
    assert again.report == saved
    assert (
        again.levels["problem"]["service_gap"].value and again.levels["problem"]["weak_ties"].value
    )
    assert again.evidence["goal"].value == "Rapat RW, 3 Maret"
    assert again.reflection.value == "Saya belajar banyak."


def test_assessment_is_live_and_names_missing_evidence(tmp_path):
    form = PracticumReport(tmp_path / "r.yaml", lang="en", delay=0)
    assert form.headline.value == f'<h3 class="rothman-h">{text("headline_unknown", "en")}</h3>'
    form.levels["goal"]["shift_power"].value = True
    form.levels["problem"]["injustice"].value = True
    assert "Social Action" in form.headline.value
    assert "Answered without evidence yet: Main problem, Goal of the effort." in form.details.value
    form.evidence["goal"].value = "x"
    form.evidence["problem"].value = "y"
    assert "without evidence" not in form.details.value
    assert form.plot_image.value[:4] == b"\x89PNG"
    assert "What would change" in form.details.value


def test_student_text_is_inert(tmp_path):
    form = PracticumReport(tmp_path / "r.yaml", lang="en", delay=0)
    form.levels["goal"]["capacity"].value = True
    form.phase_name.value = "<script>x</script>"
    form.add_phase(form.phase_name.value)
    shown = form.phase_list.children[0].children[0].value
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_phases_add_and_remove(tmp_path):
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="en", delay=0)
    form.levels["goal"]["shift_power"].value = True
    form.add_phase("Protest first")
    form.levels["goal"]["shift_power"].value = False
    form.levels["goal"]["solve_task"].value = True
    form.add_phase("")
    assert read_report(path).phases == (
        Phase("Protest first", {"goal": "shift_power"}),
        Phase("Phase 2", {"goal": "solve_task"}),
    )
    assert len(form.phase_list.children) == 2
    assert "Social Action" in form.phase_list.children[0].children[0].value
    form.phase_list.children[0].children[1].click()
    assert [p.name for p in read_report(path).phases] == ["Phase 2"]


def test_debounced_save_writes_once_after_quiet(tmp_path):
    path = tmp_path / "r.yaml"
    form = PracticumReport(path, lang="en", delay=0.3)
    for word in ("R", "RW", "RW ", "RW 0", "RW 05"):
        form.community.value = word
    assert not path.exists()  # nothing yet: still typing
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert read_report(path).community == "RW 05"
    assert form.saves == 1
    assert "Saved to r.yaml" in form.status.value
    form.community.value = "RW 06"
    form.save()  # saving now folds in the pending save
    time.sleep(0.5)
    assert form.saves == 2 and read_report(path).community == "RW 06"


def test_a_broken_file_is_shown_and_never_overwritten(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("lang: id\nanswers:\n  goal: menang\n", encoding="utf-8")
    form = PracticumReport(path, delay=0)
    assert "r.yaml:3:" in form.errors.value and "menang" in form.errors.value
    form.community.value = "RW 1"
    assert path.read_text(encoding="utf-8") == "lang: id\nanswers:\n  goal: menang\n"


def test_reopens_a_hand_written_file(tmp_path):
    path = tmp_path / "r.yaml"
    save_report(
        Report(lang="en", community="Hand", answers={"goal": ("capacity", "solve_task")}), path
    )
    form = PracticumReport(path, delay=0)
    assert form.levels["goal"]["capacity"].value and form.levels["goal"]["solve_task"].value
    assert not form.levels["goal"]["shift_power"].value


@pytest.mark.parametrize("lang", ["en", "id"])
def test_prompts_come_from_the_course(lang):
    from rothman.course import critiques

    prompts = reflection_prompts(lang)
    assert all(any(c.title in p for p in prompts) for c in critiques(lang))
