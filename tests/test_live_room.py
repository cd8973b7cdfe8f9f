"""The live class wired into ``rothman present --class N``, without a server: the class folder
and the lecturer's token in the environment, the lecturer's door, the panel on the class page.
(The real server and browser: ``tests/browser/test_live_room.py``.)"""

from __future__ import annotations

import io
import os
import types

import pytest

import rothman
from rothman.classroom import class_server as cr
from rothman.cli.app import main
from rothman.core.class_room import ClassRoom
from rothman.core.i18n import text


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_class_folder_and_the_lecturer_token_reach_voila(tmp_path):
    env = cr.class_env("s", "id", "127.0.0.1", {}, tmp_path, "L")
    assert env["ROTHMAN_CLASS_DIR"] == str(tmp_path)
    assert env["ROTHMAN_LECTURER_TOKEN"] == "L" and env["JUPYTER_TOKEN"] == "s"
    voila = cr.pool_config(2)["Voila"]
    assert voila["identity_provider_class"].endswith("lecturer.ClassIdentityProvider")
    assert voila["authorizer_class"].endswith("lecturer.ClassAuthorizer")


@pytest.mark.parametrize("option", [["--class-dir", "x"], ["--nicknames"]])
def test_class_dir_and_nicknames_need_a_class(option):
    code, _, err = run("present", *option)
    assert code == 2 and text("cli_live_needs_class", "en") in err


def test_the_lecturer_link_is_apart_from_the_students():
    url = cr.lecturer_url("0.0.0.0", "192.168.1.20", 8866, "L", "id")
    assert url == "http://localhost:8866/voila/render/lecturer.ipynb?token=L&lang=id"
    for lang in ("en", "id"):
        assert text("cli_class_lecturer", lang).startswith(("For you (do not share)", "Untuk Anda"))


def test_the_lecturer_token_leaves_the_environment_and_only_it_opens_the_lecturer(monkeypatch):
    pytest.importorskip("jupyter_server")
    from rothman.classroom import lecturer

    monkeypatch.setattr(lecturer, "_TOKEN", {})
    monkeypatch.setenv("ROTHMAN_LECTURER_TOKEN", "teacher")
    assert lecturer.lecturer_token() == "teacher"
    assert "ROTHMAN_LECTURER_TOKEN" not in os.environ  # kernels start from this environment
    me = types.SimpleNamespace(username=lecturer.LECTURER_USER)
    student = types.SimpleNamespace(username="0f3a")
    assert lecturer.is_lecturer(me) and not lecturer.is_lecturer(student)
    assert not lecturer.is_lecturer(None)
    handler = types.SimpleNamespace(
        path_kwargs={"kernel_id": "k-lecturer"},
        settings={"kernel_manager": types.SimpleNamespace(lecturer_kernels={"k-lecturer"})},
    )
    rules = lecturer.ClassAuthorizer()
    assert rules.is_authorized(handler, me, "execute", "kernels")
    assert not rules.is_authorized(handler, student, "execute", "kernels")
    handler.path_kwargs = {"kernel_id": "k-student"}
    assert rules.is_authorized(handler, student, "execute", "kernels")


def test_the_class_page_carries_the_live_panel(tmp_path, monkeypatch):
    from rothman.classroom.views import ClassPresentation

    monkeypatch.delenv("ROTHMAN_CLASS_DIR", raising=False)
    assert ClassPresentation(lang="en").live is None  # no class server, no panel
    monkeypatch.setenv("ROTHMAN_CLASS_DIR", str(tmp_path))
    ClassRoom(tmp_path).start_round(case_id="love_canal")
    view = ClassPresentation(lang="en")
    assert view.live is not None and view.live.widget.layout.display == "none"
    view.switch.value = "cases"
    assert view.live.widget.layout.display is None and view.quiz.widget.layout.display is None
    assert view.inner.widget.layout.display == "none"
    view.inner.set_language("id")
    assert view.live.lang == "id" and "Kirim jawaban saya" in view.live.send_button.description
    view.live.model_boxes["social_action"].value = True
    view.live.send_button.click()
    assert ClassRoom(tmp_path).tally(1).answered == 1
    view.live.close()


def test_the_lecturer_view_is_public_and_says_when_there_is_no_class(monkeypatch):
    monkeypatch.delenv("ROTHMAN_CLASS_DIR", raising=False)
    for name in ("show_lecturer", "live_answer", "live_lecturer"):
        assert name in rothman.__all__ and callable(getattr(rothman, name))
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    rothman.show_lecturer("id")
    assert "ROTHMAN_CLASS_DIR" in shown[0].data
