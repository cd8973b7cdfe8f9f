"""The course modules: glossary, multi modes, critiques, Weil & Gamble, the power diagram."""

import csv

import pytest
import yaml

import rothman
from rothman import LANGS, DataError, Model, PowerRole, UnknownLanguageError
from rothman.core import critiques as critiques_module
from rothman.core import glossary as glossary_module
from rothman.core import multi_modes as multi_modes_module
from rothman.core.data import data_dir

DATA = data_dir()
GLOSSARY_ROWS = list(csv.DictReader((DATA / "glossary.csv").open(encoding="utf-8")))
CRITIQUES = yaml.safe_load((DATA / "critiques.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def fresh_caches():
    """Clear the loaders' caches before and after a test that feeds them other data."""
    loaders = (
        glossary_module._glossary,
        multi_modes_module._multi_modes,
        critiques_module._critiques_file,
    )
    for loader in loaders:
        loader.cache_clear()
    yield
    for loader in loaders:
        loader.cache_clear()


# --- glossary -----------------------------------------------------------------------


def test_glossary_headers_and_one_known_row_in_each_language():
    en, id_ = rothman.glossary("en"), rothman.glossary("id")
    assert en.index.name == "Term" and id_.index.name == "Istilah"
    # the other language named in the reader's language
    assert list(en.columns) == ["Indonesian", "Definition", "Source"]
    assert list(id_.columns) == ["Bahasa Inggris", "Definisi", "Sumber"]
    assert en.loc["Power structure", "Indonesian"] == "Struktur kekuasaan"
    assert id_.loc["Struktur kekuasaan", "Bahasa Inggris"] == "Power structure"
    assert id_.loc["Anomi", "Definisi"].startswith("Keadaan ketika norma bersama")
    assert en.loc["Ideal type", "Source"].startswith("Rothman (1995)")


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_has_every_term_once_sorted_alphabetically(lang):
    frame = rothman.glossary(lang)
    assert (
        len(frame) == len(GLOSSARY_ROWS) == 26
    )  # with the Indonesian-term convention: deprivation, external target, institutional change
    assert sorted(frame.attrs["keys"]) == sorted(r["term_key"] for r in GLOSSARY_ROWS)
    labels = list(frame.index)
    assert labels == sorted(labels, key=str.casefold)
    by_key = {r["term_key"]: r for r in GLOSSARY_ROWS}
    for key, term in zip(frame.attrs["keys"], labels):
        assert term == by_key[key][f"term_{lang}"]
        assert frame.loc[term].iloc[-2] == by_key[key][f"definition_{lang}"]
    assert frame.attrs["caption"] == rothman.text("course_glossary_caption", lang)


def test_glossary_refuses_repeated_or_incomplete_terms(monkeypatch, fresh_caches):
    row = dict(GLOSSARY_ROWS[0])
    monkeypatch.setattr(glossary_module, "read_csv", lambda name, cols: [row, dict(row)])
    with pytest.raises(DataError, match="bad or repeated"):
        rothman.glossary()
    glossary_module._glossary.cache_clear()
    monkeypatch.setattr(
        glossary_module, "read_csv", lambda name, cols: [{**row, "definition_id": ""}]
    )
    with pytest.raises(DataError, match="lacks definition_id"):
        rothman.glossary("id")


# --- multi modes --------------------------------------------------------------------


def test_multi_modes_grid_places_the_nine_variants():
    grid = rothman.multi_modes_grid("en")
    modes = ["Planning and Policy", "Community Capacity Development", "Social Advocacy"]
    assert list(grid.index) == modes and list(grid.columns) == modes
    assert grid.index.name == "Main mode" and grid.columns.name == "Mixed with"
    assert grid.to_dict(orient="index") == {
        "Planning and Policy": {
            "Planning and Policy": "Rationalistic planning (pure form) †",
            "Community Capacity Development": "Participatory planning †",
            "Social Advocacy": "Policy advocacy †",
        },
        "Community Capacity Development": {
            "Planning and Policy": "Planning-centred development †",
            "Community Capacity Development": "Capacity-centred development (pure form) †",
            "Social Advocacy": "Identity activism †",
        },
        "Social Advocacy": {
            "Planning and Policy": "Social reform †",
            "Community Capacity Development": "Solidarity organizing †",
            "Social Advocacy": "Social action (pure form) †",
        },
    }
    grid_id = rothman.multi_modes_grid("id")
    assert list(grid_id.index) == [
        "Perencanaan dan Kebijakan",
        "Pengembangan Kapasitas Komunitas",
        "Advokasi Sosial",
    ]
    assert grid_id.iloc[0, 1] == "Perencanaan partisipatif †"
    assert grid_id.iloc[1, 1] == "Pengembangan yang berpusat pada kapasitas (bentuk murni) †"


@pytest.mark.parametrize("lang", LANGS)
def test_multi_modes_long_table_keeps_confidence_and_source(lang):
    frame = rothman.multi_modes(lang)
    assert frame.shape == (9, 5)
    assert frame.attrs["keys"] == [
        "rationalistic_planning",
        "participatory_planning",
        "policy_advocacy",
        "capacity_centered_development",
        "planning_centered_development",
        "identity_activism",
        "social_action",
        "social_reform",
        "solidarity_organizing",
    ]
    # every variant still to be checked against Table 1 (code R, in Indonesian D)
    assert set(frame.iloc[:, 3]) == {rothman.text("confidence_code_R", lang)}
    assert set(frame.iloc[:, 4]) == {"Rothman (2007)"}
    pure = rothman.text("course_pure_form", lang)
    assert list(frame.iloc[:, 1]).count(pure) == 3


def test_multi_modes_refuses_a_missing_pure_form(monkeypatch, fresh_caches):
    from rothman.core.data import read_csv

    rows = [r for r in read_csv("multi_modes.csv", ()) if r["variant"] != "social_action"]
    monkeypatch.setattr(multi_modes_module, "read_csv", lambda name, cols: rows)
    with pytest.raises(DataError, match="one pure form"):
        rothman.multi_modes()


# --- critiques, questions, Weil & Gamble ----------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_critiques_in_file_order_with_sources_and_check_marks(lang):
    items = rothman.critiques(lang)
    assert [c.key for c in items] == [
        "ideal_types_overlap",
        "culture_and_race",
        "gender",
        "local_fit_indonesia",
    ]
    assert [c.checked for c in items] == [True, True, False, False]
    for item, raw in zip(items, CRITIQUES["critiques"]):
        assert item.title == raw["title"][lang]
        assert item.text == " ".join(raw["text"][lang].split())
        assert item.source == rothman.cite(raw["source"], lang)
    text = rothman.critiques_markdown(lang)
    assert text.count("#### ") == 4 and text.count(" †") == 2
    assert text.endswith(rothman.text("course_check_original", lang))
    assert text._repr_markdown_() == str(text)


def test_critique_titles_exact():
    assert [c.title for c in rothman.critiques("id")] == [
        "Tipe ideal yang saling tumpang tindih",
        "Budaya dan ras",
        "Gender",
        "Kesesuaian dengan konteks Indonesia",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_discussion_questions_numbered(lang):
    questions = rothman.discussion_questions(lang)
    assert len(questions) == len(CRITIQUES["discussion_questions"]) == 6
    lines = rothman.questions_markdown(lang).splitlines()
    assert lines == [f"{i}. {q}" for i, q in enumerate(questions, start=1)]
    assert rothman.discussion_questions("en")[5].startswith("Rothman (2007) argues")


def test_weil_gamble_eight_models_and_nearest_rothman_model():
    en = rothman.weil_gamble("en")
    assert en.shape == (8, 5)
    assert list(en.columns) == [
        "Name in Gamble & Weil (2010)",
        "Desired outcome",
        "Nearest Rothman model (our reading)",
        "Confidence",
        "Source",
    ]
    nearest = dict(zip(en.attrs["keys"], en.iloc[:, 2]))
    # each name with its own year: three of the eight were renamed in 2010
    renamed = {k: n for k, n, old in zip(en.attrs["keys"], en.iloc[:, 0], en.index) if n != old}
    assert renamed == {
        "community_social_economic_development": "Social, economic and sustainable development",
        "program_development_community_liaison": "Inclusive program development",
        "social_movements": "Movements for progressive change",
    }
    spans = "spans or sits between Rothman's models"
    assert nearest == {
        "neighbourhood_community_organizing": "Locality Development (A)",
        "organizing_functional_communities": spans,
        "community_social_economic_development": "Locality Development (A)",
        "social_planning": "Social Planning (B)",
        "program_development_community_liaison": "Social Planning (B)",
        "political_social_action": "Social Action (C)",
        "coalitions": spans,
        "social_movements": "Social Action (C)",
    }
    id_ = rothman.weil_gamble("id")
    assert id_.loc["Koalisi", "Model Rothman terdekat (tafsiran kami)"] == (
        "mencakup atau berada di antara model-model Rothman"
    )
    assert set(id_["Tingkat kepastian"]) == {
        "P"
    }  # Indonesian code for unconfirmed (not B: model B)


def test_critiques_file_needs_sources(monkeypatch, fresh_caches):
    broken = {**CRITIQUES, "critiques": [{**CRITIQUES["critiques"][0], "source": ""}]}
    monkeypatch.setattr(critiques_module, "read_yaml", lambda name: broken)
    with pytest.raises(DataError, match="lacks a source"):
        rothman.critiques()


# --- Markdown and tables --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_models_markdown_holds_each_summary_and_slogan(lang):
    text = rothman.models_markdown(lang)
    for model in Model:
        info = rothman.model_info(model)
        assert f"### {model.letter}. {model.label(lang)}" in text
        assert " ".join(info.summary(lang).split()) in text
        assert info.slogan(lang) in text
    assert text.count(rothman.text("course_slogan_note", lang)) == 3


def test_style_table_says_a_shared_value_once_in_the_caption():
    html = rothman.style_table(rothman.weil_gamble("en")).to_html()
    assert html.count("Source: Weil &amp; Gamble (1995); Gamble &amp; Weil (2010).") == 1
    assert "Confidence: U." in html and "Nearest Rothman model" in html
    full = rothman.style_table(rothman.weil_gamble("en"), compact=False).to_html()
    assert full.count(">Weil &amp; Gamble (1995); Gamble &amp; Weil (2010)<") == 8


# --- power structure --------------------------------------------------------------------


def test_power_structure_summary_in_both_languages():
    assert rothman.power_structure_summary("id") == (
        "Diagram ini menempatkan struktur kekuasaan di dalam komunitas sebagai kolaborator pada "
        "Pengembangan Masyarakat Lokal (A), di atas praktisi sebagai pemberi kerja dan sponsor "
        "pada Perencanaan Sosial (B), dan di luar kelompok terorganisasi sebagai sasaran aksi "
        "pada Aksi Sosial (C)."
    )
    assert rothman.power_structure_summary("en").startswith(
        "The diagram puts the power structure inside the whole community as collaborators"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_power_structure_figure_labels_every_model_role_and_actor(lang):
    from rothman.render.plots import png_bytes

    fig = rothman.power_structure_figure(lang)
    titles = [ax.get_title(loc="left") for ax in fig.axes[::2]]
    assert titles == [f"{m.letter}. {m.label(lang)}" for m in Model]
    texts = " ".join(t.get_text().replace("\n", " ") for ax in fig.axes for t in ax.texts)
    for role in PowerRole:
        assert role.label(lang) in texts
    for key in ("diagram_power_structure", "diagram_practitioner", "diagram_residents"):
        assert " ".join(rothman.text(key, lang).split()[:1]) in texts
    assert png_bytes(fig)[:4] == b"\x89PNG"


@pytest.mark.parametrize("lang", LANGS)
def test_roles_table_and_power_roles_text(lang):
    roles = rothman.roles_table(lang)
    assert len(roles) == len(rothman.practitioner_roles()) == 15
    by_key = dict(zip(roles.attrs["keys"], roles.iloc[:, 1]))
    assert by_key["broker"] == f"C. {Model.SOCIAL_ACTION.label(lang)}"
    assert by_key["facilitator"] == (
        f"A. {Model.LOCALITY_DEVELOPMENT.label(lang)}; B. {Model.SOCIAL_PLANNING.label(lang)}"
    )
    text = rothman.power_roles_markdown(lang)
    for model in Model:
        role = model.power_structure_role
        assert f"**{model.letter}. {model.label(lang)}: {role.label(lang)}.**" in text


# --- languages --------------------------------------------------------------------------

FUNCTIONS = [
    rothman.glossary,
    rothman.multi_modes,
    rothman.multi_modes_grid,
    rothman.critiques,
    rothman.critiques_markdown,
    rothman.discussion_questions,
    rothman.questions_markdown,
    rothman.weil_gamble,
    rothman.weil_gamble_comparison,
    rothman.models_markdown,
    rothman.power_structure_figure,
    rothman.power_structure_summary,
    rothman.power_roles_markdown,
    rothman.roles_table,
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_an_unknown_language_is_refused_with_the_choices(function):
    with pytest.raises(UnknownLanguageError, match="Choose one of: en, id"):
        function("fr")


def test_the_new_functions_are_public():
    for function in FUNCTIONS:
        assert function.__name__ in rothman.__all__
    assert {"style_table", "phase_points", "case_points"} <= set(rothman.__all__)


# --- triangle of situations, cases as text ------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_situations_figure_numbers_points_and_keys_them(lang):
    from rothman import assess

    points = [
        ("first", assess({"goal": "capacity"}, lang)),
        ("nothing known", assess({}, lang)),
        ("second", assess({"goal": "capacity"}, lang)),
        ("third", assess({"goal": "shift_power", "interests": "common"}, lang)),
    ]
    fig = rothman.situations_figure(points, lang, path=True)
    triangle, key = fig.axes
    numbers = [t.get_text() for t in triangle.texts if t.get_text().isdigit()]
    assert numbers == ["1", "2", "3"], "the situation with nothing known is not drawn"
    key_texts = [t.get_text() for t in key.texts]
    assert key_texts[:2] == ["1", "first"] and "nothing known" not in key_texts
    mix = f"A + C: {Model.LOCALITY_DEVELOPMENT.label(lang)} + {Model.SOCIAL_ACTION.label(lang)}"
    assert mix.replace(" ", "") in "".join(key_texts).replace("\n", "").replace(" ", "")
    assert len(triangle.patches) == 2, "one arrow between each pair of drawn points"
    # two situations on the same spot are drawn side by side, not on top of each other
    offsets = [tuple(c.get_offsets()[0]) for c in triangle.collections[-3:]]
    assert offsets[0][0] == pytest.approx(-0.04) and offsets[1][0] == pytest.approx(0.04)
    assert offsets[0][1] == pytest.approx(0) == offsets[1][1]
    summary = rothman.situations_summary(points, lang)
    assert summary.splitlines()[1] == "- " + rothman.text(
        "plot_triangle_unknown", lang, label="nothing known"
    )
    assert summary.splitlines()[3].startswith(
        "- Point 3 (third)" if lang == "en" else "- Titik 3 (third)"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_case_markdown_shows_the_case_without_its_answer(lang):
    from rothman.core.markup import markdown_text as md

    for item in rothman.cases(lang):
        text = rothman.case_markdown(item)
        assert text.startswith(f"### {md(item.title)}\n\n")
        assert md(item.story) in text and md(item.source_text) in text
        assert md(item.explanation) not in text
        if item.setting:
            assert f"*{md(item.setting)}*" in text
