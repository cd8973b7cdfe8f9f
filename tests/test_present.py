"""Presentation mode without a browser: the Voilà command, the views, the notebooks, the CLI."""

import io
import json
import socket
import sys

import pytest

from rothman import LANGS, text
from rothman.classroom import present as pr
from rothman.cli.app import main

NOTEBOOKS = pr.presentation_dir()


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_command_binds_loopback_with_a_token_and_hides_lecturer_cells():
    argv = pr.command("/srv/p", 9123, "s3cret")
    assert argv[:4] == [sys.executable, "-m", "rothman.classroom.voila_main", "/srv/p"]
    for flag in (
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--port=9123",
        "--Voila.port_retries=0",
        "--token=s3cret",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--TagRemovePreprocessor.remove_cell_tags=lecturer",
    ):
        assert flag in argv


def test_voila_reads_the_tag_option_as_one_tag():
    # a list literal on this command line silently becomes one tag "['lecturer']"
    voila_app = pytest.importorskip("voila.app")
    from nbconvert.preprocessors import TagRemovePreprocessor

    app = voila_app.Voila()
    app.parse_command_line(pr.command(NOTEBOOKS, 9123, "t")[3:])
    assert TagRemovePreprocessor(config=app.config).remove_cell_tags == {pr.LECTURER_TAG}


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"QUERY_STRING": "token=x&lang=id"}, "id"),
        ({"QUERY_STRING": "lang=en", "ROTHMAN_LANG": "id"}, "en"),
        ({"QUERY_STRING": "lang=xx", "ROTHMAN_LANG": "id"}, "id"),
        ({"ROTHMAN_LANG": "id"}, "id"),
        ({"ROTHMAN_LANG": "de"}, "en"),
        ({}, "en"),
    ],
)
def test_request_lang(environ, lang):
    assert pr.request_lang(environ) == lang


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", pr.VIEWS)
def test_header_in_each_language(view, lang):
    page = pr.header_html(view, lang)
    assert text(f"present_{view}_title", lang) in page
    assert text(f"present_{view}_lead", lang) in page
    other = next(v for v in pr.VIEWS if v != view)
    assert f'href="{other}.ipynb?lang={lang}"' in page
    assert f'href="{view}.ipynb' not in page  # the current view is not a link


def test_bad_view():
    with pytest.raises(pr.RothmanError, match="explorer, cases"):
        pr.header_html("slides", "en")


def test_view_starts_in_the_language_of_the_address(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "token=abc&lang=id")
    view = pr.Presentation("cases")
    assert view.inner.lang == "id"
    assert text("present_cases_title", "id") in view.header.value
    view.inner.language.value = "en"
    assert text("present_cases_title", "en") in view.header.value
    assert "rothman-present" in view.widget._dom_classes


def test_stylesheet_has_a_class_for_each_type_size_and_the_widgets_css():
    css = pr.stylesheet()
    for i, scale in enumerate(pr.SIZES):
        assert f".rothman-present.rothman-size-{i} {{ --rp-scale: {scale:g}; }}" in css
    assert "--rp-scale" in css and ".rothman-quiz .widget-radio-box label" in css
    assert "</" not in css


@pytest.mark.parametrize("lang", LANGS)
def test_type_size_control_steps_within_its_range(lang):
    view = pr.Presentation("explorer", lang=lang, size=0)
    assert view.smaller.disabled and not view.larger.disabled
    assert view.larger.tooltip == text("present_larger", lang)
    for want in range(1, len(pr.SIZES)):
        view.larger.click()
        assert view.size == want
        classes = [c for c in view.widget._dom_classes if c.startswith("rothman-size-")]
        assert classes == [f"rothman-size-{want}"]
        assert f"size={want}" in view.header.value or want == pr.DEFAULT_SIZE
    assert view.larger.disabled
    view.larger.click()  # a click past the end changes nothing
    assert view.size == len(pr.SIZES) - 1
    view.set_size(-5)
    assert view.size == 0 and view.smaller.disabled


def test_view_starts_at_the_size_of_the_address(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=id&size=3")
    view = pr.Presentation("cases")
    assert view.size == 3 and "rothman-size-3" in view.widget._dom_classes
    assert 'href="explorer.ipynb?lang=id&amp;size=3"' in view.header.value
    assert "rothman-large-type" in view.widget._dom_classes
    with pytest.raises(pr.RothmanError, match="0, 1, 2, 3, 4"):
        pr.Presentation("cases", size=5)
    # back at the default step, the larger type's class goes
    view.set_size(pr.DEFAULT_SIZE)
    assert "rothman-large-type" not in view.widget._dom_classes


def test_three_steps_above_the_default():
    """A+ goes three steps up from where a view starts, as the guide says."""
    assert len(pr.SIZES) - 1 - pr.DEFAULT_SIZE == 3


@pytest.mark.skipif(NOTEBOOKS is None, reason="runs from a checkout only")
@pytest.mark.parametrize("view", pr.VIEWS)
def test_presentation_notebooks_are_thin(view):
    nb = json.loads((NOTEBOOKS / f"{view}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    shown = [c for c in code if pr.LECTURER_TAG not in c["metadata"].get("tags", [])]
    assert [("".join(c["source"])) for c in shown] == [
        f'import rothman\n\nrothman.show_presentation("{view}")'
    ]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    lecturer = [c for c in nb["cells"] if pr.LECTURER_TAG in c["metadata"].get("tags", [])]
    assert lecturer, "a cell for the lecturer shows that the tag hides it"


def test_cli_present_bad_port():
    code, out, err = run("present", "--port", "80")
    assert code == 2 and out == "" and "80" in err
    code, _, err = run("present", "--port", "80", "--lang", "id")
    assert code == 2 and "tidak valid" in err


def test_cli_present_busy_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        code, _, err = run("present", "--port", str(port))
    assert code == 2 and text("cli_port_busy", "en", port=port) in err


def test_cli_present_server_that_dies(monkeypatch):
    monkeypatch.setattr(pr, "command", lambda *a: [sys.executable, "-c", "raise SystemExit(3)"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, _, err = run("present", "--port", str(port))
    assert code == 2 and text("cli_present_failed", "en", code=3, port=port) in err


def test_cli_present_without_notebooks(monkeypatch):
    monkeypatch.setattr(pr, "presentation_dir", lambda: None)
    code, _, err = run("present", "--lang", "id")
    assert code == 2 and text("cli_no_notebooks", "id") in err


@pytest.mark.parametrize("lang", LANGS)
def test_cli_present_help(lang, capsys):
    with pytest.raises(SystemExit):
        main(["present", "--help", "--lang", lang])
    help_text = " ".join(capsys.readouterr().out.split())
    assert " ".join(text("cli_present_help", lang).split()) in help_text
    assert text("cli_port_help", lang) in help_text
