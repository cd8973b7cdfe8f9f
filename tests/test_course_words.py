"""Words of the course that said something else than they meant: the number of notebooks,
the reflection's ethical prompts, own cases marked everywhere, one message per mistake."""

import html
import io
import re
from pathlib import Path

import pytest
import yaml

from rothman import assess
from rothman.cli.app import main
from rothman.core.case_folders import own_cases
from rothman.core.cases import cases, read_cases
from rothman.core.i18n import LANGS, text
from rothman.core.models import Model
from rothman.notebook.reflection_prompts import reflection_prompts
from rothman.render.handout import handout_html

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "notebooks" / "my_cases" / "ojol_drivers.yaml").read_text(encoding="utf-8")


def test_notebook_01_counts_the_notebooks_there_are():
    count = len(list((ROOT / "notebooks" / "source").glob("*.yaml")))
    words = {9: ("nine notebooks", "kesembilan notebook")}[count]
    source = (ROOT / "notebooks" / "source" / "01_start_here.yaml").read_text(encoding="utf-8")
    assert all(w in source for w in words)
    assert "eight notebooks" not in source and "kedelapan" not in source


@pytest.mark.parametrize("lang", LANGS)
def test_every_ethics_prompt_is_a_question(lang):
    for model in Model:
        answers = {"goal": {"locality_development": "capacity"}.get(model.value, "solve_task")}
        if model is Model.SOCIAL_ACTION:
            answers = {"goal": "shift_power"}
        prompts = reflection_prompts(assess(answers, lang), lang)
        stem = text("rw_prompt_ethics", lang, question="").split("“")[0]
        ethics = [p for p in prompts if p.startswith(stem)]
        assert ethics and all(p.endswith("?") for p in ethics), ethics


@pytest.mark.parametrize("lang", LANGS)
def test_own_cases_are_marked_in_the_case_command_and_the_handout(lang, tmp_path):
    (tmp_path / "ojol.yaml").write_text(GOOD, encoding="utf-8")
    item = own_cases(tmp_path, lang)[0]
    mark = text("own_case_mark", lang)
    out = io.StringIO()
    assert main(["case", item.id, "--cases", str(tmp_path), "--lang", lang], out=out) == 0
    assert out.getvalue().splitlines()[0] == f"{item.title} {mark}"
    for student in (True, False):
        page = handout_html(lang, item.id, cases=tmp_path, student=student)
        heading = re.search(r"<h1>(.*?)</h1>", page.split('<section class="case"')[1]).group(1)
        assert html.escape(mark) in heading
    shipped = cases(lang)[0]
    assert html.escape(mark) not in handout_html(lang, shipped.id)


@pytest.mark.parametrize("lang", LANGS)
def test_the_case_command_shows_the_note_only_after_an_answer(lang):
    item = next(c for c in cases(lang) if c.note)
    out = io.StringIO()
    main(["case", item.id, "--lang", lang], out=out)
    assert item.note[:40] not in " ".join(out.getvalue().split())
    out = io.StringIO()
    main(["case", item.id, "--lang", lang, "--answer", item.expected_models[0].value], out=out)
    assert item.note[:40] in " ".join(out.getvalue().split())


def test_illustrative_yes_gives_one_clear_message(tmp_path):
    raw = yaml.safe_load(GOOD)
    raw.pop("source", None)
    raw.pop("basis", None)
    body = yaml.safe_dump(raw, allow_unicode=True) + "illustrative: yes\n"
    (tmp_path / "c.yaml").write_text(body, encoding="utf-8")
    found = read_cases(tmp_path)
    assert len(found.problems) == 1
    assert "illustrative: yes" in found.problems[0].located("en")
