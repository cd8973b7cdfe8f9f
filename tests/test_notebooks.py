"""The notebooks: one source per notebook, every language whole, no drift, thin and clean."""

import ast
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from rothman import LANGS
from rothman.core.case_checks import case_from_mapping
from rothman.core.case_feedback import case_problems

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "build_notebooks", ROOT / "scripts" / "build_notebooks.py"
)
build_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)

SOURCES = sorted((ROOT / "notebooks" / "source").glob("*.yaml"))
NAMES = [p.stem for p in SOURCES]
BUILT = {
    (p.stem, lang): nbformat.reads(build_notebooks.build(p, lang, LANGS), 4)
    for p in SOURCES
    for lang in LANGS
}


def cells(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_course_has_its_nine_notebooks_in_teaching_order():
    assert NAMES == [
        "01_start_here",
        "02_comparison_table",
        "03_model_explorer",
        "04_power_structure",
        "05_case_studies",
        "06_mixing_and_phasing",
        "07_critiques",
        "08_lecturer_guide",
        "09_practicum_report",
    ]


@pytest.mark.parametrize("source", SOURCES, ids=NAMES)
def test_every_language_has_the_same_cells_and_the_same_code(source):
    raw = cells(source)
    built = {lang: BUILT[(source.stem, lang)] for lang in LANGS}
    for lang, nb in built.items():
        assert len(nb.cells) == len(raw)
        assert [c.cell_type for c in nb.cells] == [
            "code" if "code" in r else "markdown" for r in raw
        ]
        assert nb.metadata["rothman"]["lang"] == lang
        assert nb.metadata["kernelspec"]["name"] == "python3"
        assert [c.id for c in nb.cells] == [f"cell-{i:02d}" for i in range(1, len(raw) + 1)]
    first_text = next(i for i, r in enumerate(raw) if "code" not in r)
    for number, r in enumerate(raw):
        if "code" in r:
            for lang in LANGS:
                assert built[lang].cells[number].source == r["code"].rstrip("\n").replace(
                    "{lang}", lang
                )
        else:
            for lang in LANGS:
                # links to other notebooks point to their files in the link's language, and
                # the first Markdown cell opens with the way to the other languages
                want = build_notebooks.relink(r[lang].rstrip("\n"), lang, set(NAMES))
                if number == first_text:
                    want = build_notebooks.with_language_links(want, source.stem, lang, LANGS)
                assert built[lang].cells[number].source == want


@pytest.mark.parametrize("source", SOURCES, ids=NAMES)
def test_code_names_the_language_only_through_the_placeholder(source):
    code = [r["code"] for r in cells(source) if "code" in r]
    assert 'LANG = "{lang}"' in code[0], "the first code cell sets the language"
    for text in code:
        literals = {
            node.value
            for node in ast.walk(ast.parse(text.replace("{lang}", "xx")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert not literals & set(LANGS), (source.name, literals & set(LANGS))


@pytest.mark.parametrize("source", SOURCES, ids=NAMES)
def test_every_markdown_cell_is_written_in_every_language(source):
    for r in cells(source):
        if "code" not in r:
            assert set(r) == set(LANGS)
            for lang in LANGS:
                assert isinstance(r[lang], str) and r[lang].strip()
            # both languages carry the same structure: headings, hidden answers, links
            for pattern in (r"(?m)^#+ ", r"<details>", r"\]\([^)]+\.ipynb\)", r"```"):
                counts = {lang: len(re.findall(pattern, r[lang])) for lang in LANGS}
                assert len(set(counts.values())) == 1, (source.name, pattern, counts)
    for lang in LANGS:
        for cell in BUILT[(source.stem, lang)].cells:
            assert cell.source.strip()


def test_committed_notebooks_are_exactly_what_the_generator_writes_now():
    wanted = build_notebooks.targets(LANGS)
    assert len(wanted) == len(SOURCES) * len(LANGS)
    for path, text in wanted.items():
        assert path.is_file(), f"{path} missing: run python scripts/build_notebooks.py"
        assert path.read_text(encoding="utf-8") == text, f"{path} is out of date"
    assert build_notebooks.stale(LANGS, wanted) == []
    assert build_notebooks.main(["--check"]) == 0


def test_the_generator_is_deterministic():
    for source in SOURCES:
        for lang in LANGS:
            assert build_notebooks.build(source, lang, LANGS) == build_notebooks.build(
                source, lang, LANGS
            )


def committed():
    return sorted(p for lang in LANGS for p in (ROOT / "notebooks" / lang).glob("*.ipynb"))


@pytest.mark.parametrize("path", committed(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_outputs_and_no_domain_code_in_a_notebook(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
            ), f"{path.name}: define it in the library, not in the notebook"
        assert len(cell.source.splitlines()) <= 12, f"{path.name}: a thin notebook has short cells"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_opens_with_two_to_four_learning_goals_and_ends_with_a_self_check(name, lang):
    nb = BUILT[(name, lang)]
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    goals = re.findall(r"(?m)^\d+\. ", first.source)
    assert 2 <= len(goals) <= 4, (name, lang, len(goals))
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and last.source.count("<details>") >= 2
    assert last.source.count("<details>") == last.source.count("</details>")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_links_between_notebooks_resolve(name, lang):
    folder = ROOT / "notebooks" / lang
    for cell in BUILT[(name, lang)].cells:
        if cell.cell_type == "markdown":
            for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", cell.source):
                assert (folder / target).resolve().is_file(), (name, lang, target)


@pytest.mark.parametrize("source", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_notebook_opens_with_a_link_to_itself_in_the_other_language(lang, source):
    first = next(c for c in BUILT[(source, lang)].cells if c.cell_type == "markdown")
    for other in LANGS:
        if other != lang:
            name = build_notebooks.file_name(source, other)
            # under the title, before anything else
            assert first.source.split("\n")[1] == ""
            assert f"]({'../' + other + '/' + name})" in first.source.split("\n")[2]
            assert (ROOT / "notebooks" / other / name).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_notebook_links_to_every_other_and_to_the_other_languages(lang):
    text = "\n".join(c.source for c in BUILT[("01_start_here", lang)].cells)
    for name in NAMES[1:]:
        assert f"]({build_notebooks.file_name(name, lang)})" in text
    for other in LANGS:
        if other != lang:
            start = build_notebooks.file_name("01_start_here", other)
            assert f"](../{other}/{start})" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_case_example_in_the_lecturer_guide_is_a_valid_case(lang):
    text = "\n".join(c.source for c in BUILT[("08_lecturer_guide", lang)].cells)
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1
    item = case_from_mapping(yaml.safe_load(blocks[0]), "lecturer guide", lang)
    assert case_problems(item) == []
    assert item.title and item.story and item.explanation


def test_a_bad_source_is_refused_with_its_place(tmp_path):
    bad = tmp_path / "99_bad.yaml"
    bad.write_text('- en: "only English"\n', encoding="utf-8")
    with pytest.raises(build_notebooks.SourceError, match="99_bad.yaml, cell 1"):
        build_notebooks.build(bad, "en", LANGS)
    bad.write_text("- code: ''\n", encoding="utf-8")
    with pytest.raises(build_notebooks.SourceError, match="code"):
        build_notebooks.build(bad, "en", LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_quiz_notebook_ties_no_case_to_a_model_before_the_quiz_is_done(lang):
    """Notebook 5's policy table names the models each programme serves; beside them, a case
    title would tell that case's model. It lists none, and it comes after every quiz."""
    import rothman
    from rothman.core.cases import cases
    from rothman.core.i18n import text

    code = [c.source for c in BUILT[("05_case_studies", lang)].cells if c.cell_type == "code"]
    tables = [source for source in code if "guidance_table" in source]
    assert tables
    for source in tables:
        shown = eval(source, {"rothman": rothman, "LANG": lang})  # noqa: S307 - our own cell
        page = shown.to_html()
        assert text("practice_models", lang) in page
        assert text("practice_cases", lang) not in page
        for item in cases(lang):
            assert item.title not in page, item.id
    asking = [i for i, s in enumerate(code) if "CaseQuiz(" in s or "SelfCheckWidget(" in s]
    assert code.index(tables[-1]) > max(asking)
