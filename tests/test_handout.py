"""Printable handouts, without a browser: content in both languages, the figure, exit codes."""

import base64
import io
import re
from html.parser import HTMLParser

import pytest

from rothman import LANGS, Model, PracticeVariable, UnknownCaseError, cases, text
from rothman.cli.app import main
from rothman.core.practice_variables import cell
from rothman.core.table import comparison_table
from rothman.render.handout import fit_plot_png, handout_html, write_handout
from rothman.render.plots import fit_summary


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class _Page(HTMLParser):
    """Collects what a check needs: tags, images, external references, visible text."""

    def __init__(self):
        super().__init__()
        self.tags, self.images, self.external, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "img":
            self.images.append(attrs)
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if value and not value.startswith(("data:", "#")):
                self.external.append(value)

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def visible(page: str) -> str:
    return re.sub(r"\s+", " ", "".join(parse(page).text))


@pytest.mark.parametrize("lang", LANGS)
def test_table_in_each_language(lang):
    page = handout_html(lang)
    shown = visible(page)
    assert f'<html lang="{lang}">' in page
    assert text("handout_title", lang) in shown and text("handout_table_heading", lang) in shown
    for var in PracticeVariable:
        assert var.label(lang) in shown
        for model in Model:
            assert cell(var, model).texts[lang] in shown
    assert comparison_table(lang).attrs["caption"] in shown
    # twelve rows, one header row, and a dagger on each row not confirmed against the book
    assert page.count("<tr>") == 13
    assert page.count(" †</th>") == sum(v.confidence != "C" for v in PracticeVariable)


def test_languages_differ():
    en, id_ = visible(handout_html("en")), visible(handout_html("id"))
    assert "Social Action" in en and "Social Action" not in id_
    assert "Aksi Sosial" in id_


@pytest.mark.parametrize("lang", LANGS)
def test_case_story_assessment_and_plot(lang):
    item = cases(lang)[0]
    result = item.assess()
    page = handout_html(lang, item.id)
    shown = visible(page)
    for part in (item.title, item.story, result.headline(), text("why", lang)):
        assert part in shown
    assert all(r.text in shown for r in result.reasons if r.level != "unsure")
    assert all(w.text in shown for w in result.what_if)
    assert text("handout_plot_caption", lang, summary=fit_summary(result)) in shown
    (image,) = parse(page).images
    assert image["alt"] == fit_summary(result)
    png = base64.b64decode(image["src"].removeprefix("data:image/png;base64,"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == fit_plot_png(result)


def test_standalone_and_printable():
    page = handout_html("en", cases()[0].id)
    assert parse(page).external == [], "a handout must not fetch anything"
    assert "@page { size: A4" in page
    assert "break-inside: avoid" in page and "table-header-group" in page


def test_table_only_handout_has_no_case():
    assert "<img" not in handout_html("en")


def test_bad_case_names_the_choices():
    with pytest.raises(UnknownCaseError) as info:
        handout_html("en", "atlantis")
    assert "atlantis" in str(info.value) and cases()[0].id in str(info.value)


def test_cli_writes_the_file(tmp_path):
    target = tmp_path / "handout.html"
    item = cases("id")[0]
    code, out, err = run("handout", "--lang", "id", "--case", item.id, "-o", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == text("cli_handout_written", "id", path=target)
    page = target.read_text(encoding="utf-8")
    assert item.title in page and "Tabel perbandingan" in page


def test_cli_prints_without_output_file():
    code, out, _ = run("handout")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


def test_cli_bad_case_is_exit_2_and_leaves_no_file(tmp_path):
    target = tmp_path / "h.html"
    code, out, err = run("handout", "--case", "atlantis", "-o", str(target))
    assert code == 2 and out == "" and "atlantis" in err and "Traceback" not in err
    assert not target.exists()
    code, _, err = run("handout", "--case", "atlantis", "--lang", "id")
    assert code == 2 and "argumen --case: 'atlantis' tidak valid" in err


def test_cli_unwritable_is_exit_2(tmp_path):
    code, _, err = run("handout", "-o", str(tmp_path / "no" / "such" / "h.html"))
    assert code == 2 and "Cannot write" in err
    code, _, err = run("handout", "--lang", "id", "-o", str(tmp_path / "no" / "h.html"))
    assert code == 2 and "Tidak dapat menulis" in err


@pytest.mark.parametrize("lang", LANGS)
def test_cli_help_in_each_language(lang, capsys):
    with pytest.raises(SystemExit) as info:
        main(["handout", "--help", "--lang", lang])
    assert info.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    for key in ("cli_handout_help", "cli_handout_case_help", "cli_output_help"):
        assert " ".join(text(key, lang).split()) in help_text


def test_write_handout_returns_the_path(tmp_path):
    path = write_handout(tmp_path / "x.html", "en")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "syllabus.docx"
    target.write_text("my syllabus", encoding="utf-8")
    code, out, err = run("handout", "-o", str(target))
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"{target} already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my syllabus"
    code, _, err = run("handout", "-o", str(target), "--lang", "id")
    assert code == 2 and "sudah ada" in err and target.read_text(encoding="utf-8") == "my syllabus"
    code, out, _ = run("handout", "-o", str(target), "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
