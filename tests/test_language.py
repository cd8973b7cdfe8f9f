"""One language at a time: no word of the other language on any screen of the course.

Every notebook (executed with nbclient, so that its rendered outputs and widgets count),
every handout, every command-line command and both presentation views are read in each
language, and each word is judged with word frequencies of both languages (the method and its
limits: tools/langcheck.py). What may stand in the other language (proper nouns, titles of
cited works, quoted terms) is listed, with reasons, in data/language_check.yaml.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import langcheck  # noqa: E402

from rothman import cases  # noqa: E402
from rothman.cli.app import main  # noqa: E402
from rothman.core.variables import community_variables  # noqa: E402
from rothman.render.handout import handout_html  # noqa: E402

LANGS = ("en", "id")
CELL_TIMEOUT = 180


def assert_clean(texts):
    findings = langcheck.check_all(texts)
    assert not findings, "words of the other language:\n" + langcheck.report(findings)


# --- the check itself can fail ----------------------------------------------------------


@pytest.mark.parametrize(
    "lang, bad, word",
    [
        ("id", "Sumber: vignette retold from a report, adapted for teaching.", "retold"),
        ("id", "Radon di rumah-rumah warga county", "county"),
        ("id", "pilih **Run → Run All Cells** untuk menjalankan", "run"),
        ("id", "<p>Tingkat kepastian: <b>confirmed</b></p>", "confirmed"),
        ("en", "The residents met with the kepala desa and the warga.", "kepala"),
        ("en", "Source: sumber yang dikutip dari buku", "sumber"),
    ],
)
def test_a_known_bad_text_fails(lang, bad, word):
    text = langcheck.html_text(bad) if bad.startswith("<") else langcheck.markdown_text(bad)
    found = {f.word.lower() for f in langcheck.check("sample", text, lang)}
    assert word in found, found
    with pytest.raises(AssertionError, match=word):
        assert_clean([("sample", text, lang)])


@pytest.mark.parametrize(
    "lang, good",
    [
        ("id", "Warga desa menyusun program bersama; data dan model dibahas di notebook."),
        ("en", "Residents of the village plan a programme together and share their data."),
    ],
)
def test_a_text_in_one_language_passes(lang, good):
    assert langcheck.check("sample", good, lang) == []


def test_code_and_addresses_are_not_language():
    text = langcheck.markdown_text(
        "Jalankan `rothman case radon_survey --lang id` atau buka ../en/01_start_here.ipynb\n\n"
        "```\nfor model in Model: print(model)\n```"
    )
    assert langcheck.check("sample", text, "id") == []


def test_allowed_titles_pass_only_whole(tmp_path):
    config = tmp_path / "c.yaml"
    source = (ROOT / "data" / "language_check.yaml").read_text(encoding="utf-8")
    config.write_text(
        source.replace(
            "allowed:",
            "allowed:\n  - {text: Strategies of Community Intervention, kind: title}\n"
            "allowed_before:",
            1,
        ),
        encoding="utf-8",
    )
    cfg = langcheck.load_config(config)
    title = "Menurut buku Strategies of Community Intervention, edisi ke-5."
    assert langcheck.check("t", title, "id", cfg) == []
    assert {f.word for f in langcheck.check("t", "Strategies of change", "id", cfg)} >= {"of"}


def test_every_exception_says_why(tmp_path):
    config = tmp_path / "c.yaml"
    source = (ROOT / "data" / "language_check.yaml").read_text(encoding="utf-8")
    config.write_text(
        source.replace("allowed:", "allowed:\n  - {text: county, kind: term}\nallowed_before:", 1),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="no reason"):
        langcheck.load_config(config)
    langcheck.load_config()  # the shipped file is valid


# --- the screens --------------------------------------------------------------------------


def cli_runs(lang: str) -> list[tuple[str, list[str]]]:
    """Every command of the command line, with the options a student or lecturer uses."""
    first = cases(lang)[0]
    runs = [
        ("help", ["--help"]),
        ("no command", []),
        ("table", ["table"]),
        ("table --csv", ["table", "--csv"]),
        ("assess", ["assess"]),
        ("cases", ["cases"]),
        ("check-cases", ["check-cases", str(ROOT / "data" / "cases")]),
        ("bad model", ["case", first.id, "--answer", "no_such_model"]),
        ("bad case", ["case", "no_such_case"]),
        ("bad level", ["assess", "--goal", "no_such_level"]),
        ("bad option", ["table", "--no-such-option"]),
    ]
    from rothman.cli.app import COMMANDS

    for command in COMMANDS:
        runs.append((f"{command.name} --help", [command.name, "--help"]))
    for var in community_variables():
        for level in var.level_keys:
            runs.append(
                (f"assess {var.key}={level}", ["assess", "--" + var.key.replace("_", "-"), level])
            )
    for item in cases(lang):
        runs.append((f"case {item.id}", ["case", item.id]))
        model = item.expected_models[0].value
        runs.append(
            (
                f"case {item.id} right",
                ["case", item.id, "--answer", model, "--role", item.expected_role.value],
            )
        )
        wrong = "social_action" if model != "social_action" else "locality_development"
        runs.append((f"case {item.id} wrong", ["case", item.id, "--answer", wrong]))
    return runs


def run_cli(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv, out=out, err=err)
        except SystemExit:  # --help
            pass
    return out.getvalue() + "\n" + err.getvalue()


@pytest.mark.parametrize("lang", LANGS)
def test_command_line(lang, tmp_path):
    texts = []
    for name, argv in cli_runs(lang):
        output = run_cli([*argv, "--lang", lang])
        assert output.strip(), f"rothman {' '.join(argv)} printed nothing"
        texts.append((f"cli {name} [{lang}]", output, lang))
    target = tmp_path / "h.html"
    texts.append(("cli handout -o", run_cli(["handout", "-o", str(target), "--lang", lang]), lang))
    assert_clean(texts)


@pytest.mark.parametrize("lang", LANGS)
def test_handouts(lang):
    texts = [(f"handout [{lang}]", langcheck.html_text(handout_html(lang)), lang)]
    for item in cases(lang):
        page = handout_html(lang, item.id)
        texts.append((f"handout {item.id} [{lang}]", langcheck.html_text(page), lang))
    assert_clean(texts)


# --- notebooks and presentation views, executed -------------------------------------------

_WIDGET_TEXT = ("description", "tooltip", "placeholder", "_options_labels", "_titles", "titles")
_WIDGET_VALUE = {"HTMLModel", "HTMLMathModel", "LabelModel", "TextModel", "TextareaModel"}


def output_texts(outputs) -> list[str]:
    """The text a reader sees in a cell's outputs (HTML rendered, plain text as is)."""
    found = []
    for out in outputs:
        if out.get("output_type") == "stream":
            found.append(out.get("text", ""))
            continue
        if out.get("output_type") == "error":
            found.append(f"error: {out.get('ename')}: {out.get('evalue')}")
            continue
        data = out.get("data", {})
        if "text/html" in data:
            found.append(langcheck.html_text("".join(data["text/html"])))
        elif "text/markdown" in data:
            found.append(langcheck.markdown_text("".join(data["text/markdown"])))
        elif len(data) == 1 and "text/plain" in data:  # else a figure or a widget is shown
            found.append("".join(data["text/plain"]))
    return found


def widget_texts(nb) -> list[str]:
    """Labels, options and HTML shown by the widgets, from the widget state nbclient stores."""
    state = (
        nb.metadata.get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    found = []
    for model in state.values():
        values = model.get("state", {})
        for key in _WIDGET_TEXT:
            value = values.get(key)
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
        if model.get("model_name") in _WIDGET_VALUE and isinstance(values.get("value"), str):
            found.append(langcheck.html_text(values["value"]))
        if model.get("model_name") == "OutputModel":
            found.extend(output_texts(values.get("outputs", [])))
    return found


def execute(path: Path, workdir: Path, skip_tag: str | None = None, env: dict | None = None):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    if skip_tag:
        nb.cells = [c for c in nb.cells if skip_tag not in c.metadata.get("tags", [])]
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": workdir}},
        store_widget_state=True,
    )
    with _environ(env or {}):  # the kernel inherits the environment it starts in
        client.execute()
    return nb


@contextlib.contextmanager
def _environ(values: dict):
    import os

    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def notebook_texts(nb, where: str, lang: str) -> list[tuple[str, str, str]]:
    texts = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "markdown":
            texts.append((f"{where} cell {number}", langcheck.markdown_text(cell.source), lang))
        elif cell.cell_type == "code":
            for value in output_texts(cell.get("outputs", [])):
                texts.append((f"{where} cell {number} output", value, lang))
    texts.extend((f"{where} widgets", value, lang) for value in widget_texts(nb))
    return texts


def copy_course(tmp_path: Path) -> Path:
    """A copy of the notebooks beside the data, as in a checkout (paths such as ../../data)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    return tmp_path


NOTEBOOKS = [
    (lang, p.name) for lang in LANGS for p in sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))
]
#: Each on the worker where nbval runs that notebook, after it: the same xdist_group as
#: nbval's cells of the notebook (tests/conftest.py, notebook_group).
RUN_NOTEBOOKS = [
    pytest.param(lang, name, marks=pytest.mark.xdist_group(f"notebook:{lang}/{name}"))
    for lang, name in NOTEBOOKS
]


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_file_names(lang):
    """The file browser and the tabs show the notebooks' file names: in the course language."""
    names = [name for lang_, name in NOTEBOOKS if lang_ == lang]
    assert len(names) >= 8
    assert_clean(
        [
            (
                f"notebooks/{lang}/ file names",
                " ".join(n.removesuffix(".ipynb").replace("_", " ") for n in names),
                lang,
            )
        ]
    )


@pytest.mark.parametrize("lang, name", RUN_NOTEBOOKS)
def test_notebook_with_outputs(lang, name, tmp_path, nbval_run):
    # the run nbval made of this notebook in this test run, top to bottom in a fresh kernel;
    # when nbval did not run it here (this file alone), run it now
    nb = nbval_run(ROOT / "notebooks" / lang / name)
    if nb is None:
        folder = copy_course(tmp_path) / "notebooks" / lang
        nb = execute(folder / name, folder)
    assert_clean(notebook_texts(nb, f"notebooks/{lang}/{name}", lang))


@pytest.mark.parametrize("view", ["explorer", "cases"])
@pytest.mark.parametrize("lang", LANGS)
def test_presentation_view(lang, view, tmp_path):
    from rothman.classroom.present import LECTURER_TAG

    folder = copy_course(tmp_path) / "notebooks" / "present"
    nb = execute(
        folder / f"{view}.ipynb",
        folder,
        skip_tag=LECTURER_TAG,
        env={"QUERY_STRING": f"lang={lang}"},
    )
    texts = notebook_texts(nb, f"present {view}", lang)
    assert texts, "the view showed nothing"
    assert_clean(texts)


@pytest.mark.parametrize("lang", LANGS)
def test_case_quiz_feedback_for_every_case(lang):
    """The quiz shows one case at a time: walk all of them, with right and wrong answers."""
    from rothman import check_answer

    texts = []
    for item in cases(lang):
        for model in ("locality_development", "social_planning", "social_action"):
            feedback = check_answer(item, model, item.expected_role.value, lang)
            texts.append((f"feedback {item.id} {model} [{lang}]", feedback.text, lang))
        texts.append(
            (
                f"case {item.id} [{lang}]",
                "\n".join(
                    [
                        item.title,
                        item.setting,
                        item.story,
                        item.explanation,
                        item.note,
                        item.source_text,
                    ]
                ),
                lang,
            )
        )
    assert_clean(texts)
