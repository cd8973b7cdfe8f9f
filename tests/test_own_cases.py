"""A lecturer's own cases in the library: beside the built-in ones, marked, bad files skipped;
and case text that stays text in every view."""

import html
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pytest

import rothman
from rothman import load_cases
from rothman.core.case_folders import CASES_ENV, check_cases, course_cases, own_cases
from rothman.core.models import Model
from rothman.notebook.explorer import Explorer
from rothman.notebook.quiz import CaseQuiz
from rothman.render.handout import handout_html
from rothman.render.markdown import case_markdown

MY_CASES = Path(__file__).resolve().parent.parent / "notebooks" / "my_cases"
GOOD = (MY_CASES / "ojol_drivers.yaml").read_text(encoding="utf-8")

#: Markup that ran script or made links when case text was trusted.
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "<svg onload=alert(3)>",
    "<iframe src=javascript:alert(4)></iframe>",
    "<details open ontoggle=alert(5)>",
    "[click](javascript:alert(6))",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
    "<a href='javascript:alert(8)'>a</a>",
    "https://example.com/x <https://example.com/y>",
    "$\\alert{9}$ `code` **bold**",
]
PAYLOAD = " ".join(PAYLOADS)


def hostile_case() -> str:
    """A valid case whose every text, in both languages, is full of payloads."""
    import yaml

    texts = {lang: f"{PAYLOAD} ({lang})" for lang in ("en", "id")}
    raw = {
        "id": "hostile",
        **{field: dict(texts) for field in ("title", "setting", "story", "explanation", "note")},
        "answers": yaml.safe_load(GOOD)["answers"],
        "expected": {"model": "social_action", "role": "target"},
        "source": PAYLOAD,
        "basis": "adapted",
    }
    return yaml.safe_dump(raw, allow_unicode=True)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "ojol.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(GOOD.replace("goal: shift_power", "goal: win"), "utf-8")
    return tmp_path


#: The example case with a word in its setting and its stories that gives its model away.
HINTED = (
    GOOD.replace('en: "A city in Indonesia"', 'en: "A city in Indonesia where drivers organise"')
    .replace("They form an association", "They form an action committee")
    .replace("Mereka membentuk perkumpulan", "Mereka membentuk komite aksi")
)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_hint_word_in_an_own_case_is_a_warning_for_the_lecturer_only(tmp_path, lang):
    (tmp_path / "hinted.yaml").write_text(HINTED, encoding="utf-8")
    report = check_cases(tmp_path, lang)
    assert [c.id for c in report] == ["ojol_drivers"] and report.problems == ()
    found = [(w.file, w.line, w.key) for w in report.warnings]
    assert found == [
        (str(tmp_path / "hinted.yaml"), line, "case_hint_word") for line in (10, 13, 20)
    ]
    assert [(w.params["word"], w.params["field"], w.params["model"]) for w in report.warnings] == [
        ("organise", "setting.en", Model.SOCIAL_ACTION),
        ("action", "story.en", Model.SOCIAL_ACTION),
        ("aksi", "story.id", Model.SOCIAL_ACTION),
    ]
    # the model is named in the language of the message
    assert Model.SOCIAL_ACTION.label(lang) in report.warnings[0].message(lang)
    # the students' quiz offers the case as it is and shows no warning: it names the model
    quiz = CaseQuiz(lang=lang, cases=tmp_path)
    assert quiz.picker.options[-1][1] == "ojol_drivers"
    assert quiz.own_cases.warnings == () and "hinted.yaml" not in quiz.skipped.value


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_example_own_case_gives_no_warning(lang):
    report = check_cases(MY_CASES, lang)
    assert len(report) == 1 and report.problems == () and report.warnings == ()


def test_quiz_offers_own_cases_after_the_built_in_ones_marked_and_names_bad_files(folder):
    quiz = CaseQuiz(lang="en", cases=folder)
    labels = [label for label, _ in quiz.picker.options]
    assert len(labels) == len(rothman.cases()) + 1
    assert labels[-1] == "App drivers and the fare cut (lecturer's case)"
    assert f"{folder / 'bad.yaml'}:" in html.unescape(quiz.skipped.value)
    assert "'win' is not an answer to 'goal'" in html.unescape(quiz.skipped.value)
    quiz.picker.value = "ojol_drivers"
    assert quiz.answer("social_action", "target").correct
    quiz.set_language = None
    quiz.language.value = "id"
    assert (
        quiz.picker.options[-1][0]
        == "Pengemudi ojek daring dan pemotongan tarif (kasus dari dosen)"
    )
    assert "'win' bukan jawaban untuk 'goal'" in html.unescape(quiz.skipped.value)
    explorer = quiz.open_in_explorer()
    assert explorer.assessment.model.value == "social_action"


def test_explorer_takes_cases_as_a_path_or_as_loaded_cases(folder):
    loaded = load_cases(folder / "ojol.yaml")
    for given in (folder, str(folder), loaded):
        ex = Explorer(lang="id", cases=given, case_id="ojol_drivers")
        assert ex.answers["goal"] == "shift_power"
        assert ex.preset.options[-1][1] == "ojol_drivers"
        assert ex.preset.options[-1][0].endswith("(kasus dari dosen)")


def test_environment_names_the_folder_for_notebooks_and_presentation_mode(folder, monkeypatch):
    monkeypatch.setenv(CASES_ENV, str(folder))
    assert course_cases("en")[-1].id == "ojol_drivers"
    assert CaseQuiz().picker.options[-1][1] == "ojol_drivers"
    monkeypatch.delenv(CASES_ENV)
    assert course_cases("en")[-1].id != "ojol_drivers"


def test_an_own_case_cannot_take_a_built_in_id(tmp_path):
    (tmp_path / "c.yaml").write_text(GOOD.replace("id: ojol_drivers", "id: love_canal"), "utf-8")
    found = own_cases(tmp_path)
    assert len(found) == 0 and found.problems[0].key == "case_id_taken"


class _Tags(HTMLParser):
    """The elements and attributes of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.feed(fragment)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def active(fragment: str) -> list:
    """Elements beyond plain headings, paragraphs and emphasis, or any attribute at all."""
    return [(t, a) for t, a in _Tags(fragment).tags if t not in ("h3", "p", "em") or a]


def _rendered(markdown: str) -> str:
    """Markdown as a CommonMark renderer turns it into HTML (raw HTML allowed, as Jupyter)."""
    return mistune.create_markdown(escape=False, plugins=["url"])(markdown)


def test_case_text_is_inert_in_markdown_helpers_and_feedback(tmp_path):
    (tmp_path / "h.yaml").write_text(hostile_case(), encoding="utf-8")
    (item,) = load_cases(tmp_path)
    for lang in ("en", "id"):
        shown = _rendered(case_markdown(item.in_language(lang)))
        assert not active(shown), shown
        assert html.unescape(shown).count("onerror=alert(1)") == 4  # title, setting, story, source
        feedback = rothman.check_answer(item, "social_action", "target", lang)
        shown = _rendered(feedback._repr_markdown_())
        assert not active(shown), shown


def test_case_text_is_inert_in_widgets_and_handouts(tmp_path):
    (tmp_path / "h.yaml").write_text(hostile_case(), encoding="utf-8")
    quiz = CaseQuiz(lang="en", cases=tmp_path)
    quiz.picker.value = "hostile"
    quiz.answer("social_action", "target")
    ex = Explorer(lang="en", cases=tmp_path, case_id="hostile")
    page = handout_html("en", "hostile", cases=tmp_path)
    for shown in (quiz.story.value, quiz.feedback.value, page):
        tags = _Tags(shown).tags
        assert not [t for t, _ in tags if t in ("script", "svg", "iframe", "details", "a")]
        attrs = [(name, value or "") for _, attrs in tags for name, value in attrs]
        assert not [a for a in attrs if a[0].startswith("on")], attrs
        assert not [
            a
            for a in attrs
            if a[0] in ("src", "href") and not a[1].startswith("data:image/png;base64,")
        ], attrs
        assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    # a dropdown's labels are plain text to the browser: the payload is its label, verbatim
    assert ex.preset.options[-1][0].startswith(PAYLOAD)
