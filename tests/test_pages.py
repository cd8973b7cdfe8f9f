"""Every printable page comes from one page shell, and text from files stays inert in each."""

from __future__ import annotations

import re

import pytest

from rothman import LANGS
from rothman.core.case_checks import case_from_mapping
from rothman.practicum.page import report_html
from rothman.practicum.report import Phase, Report, save_report
from rothman.practicum.summary import summarise, summary_html
from rothman.render.handout import handout_html

PAYLOAD = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def a_case(lang: str):
    return case_from_mapping(
        {
            "id": "hostile",
            "title": {"en": "T " + PAYLOAD, "id": "J " + PAYLOAD},
            "setting": {"en": "S " + PAYLOAD, "id": "L " + PAYLOAD},
            "story": {"en": "Story " + PAYLOAD, "id": "Cerita " + PAYLOAD},
            "answers": {
                "problem": "injustice",
                "goal": "shift_power",
                "power_holders": "partners",
                "interests": "unsure",
                "constituency": "unsure",
                "residents": "unsure",
            },
            "expected": {"model": "social_action", "role": "target"},
            "basis": "adapted",
            "explanation": {"en": "E " + PAYLOAD, "id": "P " + PAYLOAD},
            "note": {"en": "N " + PAYLOAD, "id": "C " + PAYLOAD},
            "source": "Adi (2012)",
        },
        lang,
    )


def a_report(lang: str) -> Report:
    return Report(
        lang=lang,
        student="Siti " + PAYLOAD,
        community="RW " + PAYLOAD,
        agency="LSM " + PAYLOAD,
        answers={"problem": "injustice", "goal": "shift_power", "power_holders": "partners"},
        evidence={"problem": "Evidence " + PAYLOAD},
        phases=(Phase(name="Phase " + PAYLOAD, answers={"goal": "shift_power"}),),
        reflection="Reflection " + PAYLOAD,
    )


def pages(lang: str, tmp_path) -> dict[str, str]:
    folder = tmp_path / lang
    folder.mkdir()
    save_report(a_report(lang), folder / "a.yaml")
    (folder / "bad.yaml").write_text(f"student: x\nanswers: {{goal: '{PAYLOAD}'}}\n")
    return {
        "handout": handout_html(lang),
        "case handout": handout_html(lang, a_case(lang)),
        "student handout": handout_html(lang, a_case(lang), student=True),
        "report": report_html(a_report(lang)),
        "empty report": report_html(Report(lang=lang)),
        "summary": summary_html(summarise(folder, lang)),
    }


def head(page: str) -> str:
    return page.split("<title>", 1)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_comes_from_the_one_shell(lang, tmp_path):
    made = pages(lang, tmp_path)
    shell = head(made["handout"])
    assert shell.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n')
    for name, page in made.items():
        assert page.count("<!DOCTYPE html>") == 1, name
        assert head(page) == shell, name  # the same doctype, lang and <meta> set
        assert re.findall(r"<meta [^>]*>", page) == re.findall(r"<meta [^>]*>", shell), name
        assert page.count("<style>") == 1 and page.count("<body>") == 1, name
        assert page.rstrip().endswith("</body>\n</html>"), name


@pytest.mark.parametrize("lang", LANGS)
def test_text_from_files_and_reports_stays_inert_in_every_page(lang, tmp_path):
    for name, page in pages(lang, tmp_path).items():
        assert "<img src=x" not in page, name
        assert "onerror=alert(1)>" not in page, name
        if name not in ("handout", "empty report"):
            assert ESCAPED in page, name


def test_templates_mark_nothing_safe():
    from importlib import resources

    folder = resources.files("rothman.render") / "templates"
    names = [p.name for p in folder.iterdir() if p.name.endswith(".html.j2")]
    assert {"page.html.j2", "handout.html.j2", "report.html.j2", "summary.html.j2"} <= set(names)
    for name in names:
        source = (folder / name).read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", ""), name
        assert "autoescape false" not in source, name


def test_the_environment_escapes():
    from rothman.render.templating import environment

    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x=PAYLOAD) == ESCAPED
