"""Practice guidance: Adi's stages per model, techniques, Indonesian policy and ethics,
complete in both languages, sourced, and shown by the notebooks' functions and the explorer."""

from __future__ import annotations

import pytest

import rothman
from rothman import Model
from rothman.core.i18n import text
from rothman.core.practice import TOPICS, UnknownTopicError, guidance, model_guidance_html
from rothman.core.references import cited_keys
from rothman.notebook.explorer import Explorer

SHIPPED_CASES = {c.id for c in rothman.cases()}


@pytest.mark.parametrize("topic", TOPICS)
def test_every_item_is_complete_in_both_languages_and_sourced(topic):
    items = guidance(topic)
    assert items
    for item in items:
        for lang in ("en", "id"):
            assert item.name(lang) and item.text(lang)
            if item.confidence != "C":
                assert item.note(lang), f"{item.key}: say what is still to check"
        assert cited_keys(item.source), item.key
        assert item.models and set(item.cases) <= SHIPPED_CASES


def test_adis_seven_stages_in_order_each_tied_to_every_model():
    stages = guidance("stages")
    assert [s.name("id") for s in stages] == [
        "Persiapan",
        "Pengkajian (asesmen)",
        "Perencanaan alternatif program",
        "Formulasi rencana aksi",
        "Pelaksanaan",
        "Evaluasi",
        "Terminasi",
    ]
    for stage in stages:
        assert set(stage.per_model) == set(Model)
        texts = {m: stage.per_model[m]["en"] for m in Model}
        assert len(set(texts.values())) == 3, f"{stage.key}: the models should differ"
        assert all(stage.per_model[m]["id"] for m in Model)
        assert "adi_2012" in cited_keys(stage.source)


def test_the_techniques_a_lecturer_expects_are_there_with_their_models():
    techniques = {t.key: t for t in guidance("techniques")}
    expected = {
        Model.LOCALITY_DEVELOPMENT: {"pra", "transect", "social_mapping", "musyawarah", "abcd"},
        Model.SOCIAL_PLANNING: {"needs_assessment", "logframe"},
        Model.SOCIAL_ACTION: {"power_mapping", "issue_cutting", "conscientisation",
                              "alinsky_organizing"},
    }  # fmt: skip
    for model, keys in expected.items():
        assert keys <= {t.key for t in guidance("techniques", model)}, model
    assert "freire_1970" in cited_keys(techniques["conscientisation"].source)
    assert "alinsky_1971" in cited_keys(techniques["alinsky_organizing"].source)
    assert "kretzmann_mcknight_1993" in cited_keys(techniques["abcd"].source)


def test_the_indonesian_policy_context_cites_its_laws():
    cited = {k for p in guidance("policy") for k in cited_keys(p.source)}
    assert {"uu_6_2014", "uu_25_2004", "uu_11_2009", "uu_14_2019", "permenkes_3_2014",
            "uu_8_2016"} <= cited  # fmt: skip
    by_key = {p.key: p for p in guidance("policy")}
    assert "desa_sanitation" in by_key["stbm"].cases
    names = by_key["community_welfare_workers"].name("id")
    assert "TKSK" in names and "PSM" in names and "Karang Taruna" in names


def test_the_ethical_questions():
    keys = {e.key: e for e in guidance("ethics")}
    assert set(keys) == {"partisanship_state_workers", "do_no_harm", "arnstein_ladder"}
    assert "arnstein_1969" in cited_keys(keys["arnstein_ladder"].source)
    assert Model.SOCIAL_ACTION in keys["do_no_harm"].models


@pytest.mark.parametrize("lang", ["en", "id"])
def test_tables_for_the_notebooks(lang):
    stages = rothman.stages_table(lang)
    assert stages.shape == (7, 5)
    assert list(stages.columns[1:4]) == [m.label(lang) for m in Model]
    one = rothman.stages_table(lang, "social_planning")
    assert list(one.columns[1:2]) == [Model.SOCIAL_PLANNING.label(lang)]
    for topic in ("techniques", "policy", "ethics"):
        table = rothman.guidance_table(topic, lang)
        assert len(table) == len(guidance(topic))
        assert table.attrs["caption"]
    html = rothman.style_table(rothman.guidance_table("techniques", lang)).to_html()
    assert "Chambers (1994)" in html


def test_unknown_topic():
    with pytest.raises(UnknownTopicError, match="stages, techniques, policy, ethics"):
        guidance("recipes")


def test_model_guidance_follows_the_model():
    md = rothman.model_guidance_markdown("social_action", "en")
    assert "Power mapping" in md and "PRA" not in md
    assert md.count("\n1. ") == 1 and "7. Termination" in md


def test_the_explorer_shows_guidance_for_the_leading_model():
    ex = Explorer(lang="en")
    ex.set(problem="injustice", goal="shift_power", power_holders="opponents")
    assert ex.practice_box.get_title(0) == "Social Action in practice"
    assert "Power mapping" in ex.practice.value
    assert ex.practice_box.selected_index is None  # folded until the student opens it
    ex.set_language("id")
    assert ex.practice_box.get_title(0) == "Aksi Sosial dalam praktik"
    assert "Pemetaan kekuasaan" in ex.practice.value
    ex.set(problem="unsure", goal="unsure", power_holders="unsure")
    assert ex.assessment.model is None and ex.practice_box.layout.display == "none"


def test_guidance_text_is_shown_as_text(monkeypatch):
    from rothman.core import practice

    stage = guidance("stages")[0]
    bad = {**stage.per_model, Model.SOCIAL_ACTION: {"en": "<img src=x onerror=alert(1)>",
                                                   "id": "<b>x</b>"}}  # fmt: skip
    patched = practice.Item(**{**stage.__dict__, "per_model": bad})
    items, notes = practice._guidance()
    monkeypatch.setitem(items, "stages", (patched, *items["stages"][1:]))
    out = model_guidance_html("social_action", "en")
    assert "<img" not in out and "&lt;img" in out


def test_presentation_mode_leaves_the_panel_out():
    ex = Explorer(lang="en", guidance=False)
    ex.set(problem="injustice")
    assert ex.practice_box.layout.display == "none" and ex.practice.value == ""


def test_the_techniques_and_the_policy_context_added_for_indonesian_practice():
    techniques = {t.key: t for t in guidance("techniques")}
    expected = {
        Model.LOCALITY_DEVELOPMENT: {"stbm_triggering", "fgd"},
        Model.SOCIAL_PLANNING: {"fgd", "swot", "cost_benefit", "delphi", "dprd_hearing"},
        Model.SOCIAL_ACTION: {"dprd_hearing", "litigation"},
    }
    for model, keys in expected.items():
        assert keys <= {t.key for t in guidance("techniques", model)}, model
    assert "permenkes_3_2014" in cited_keys(techniques["stbm_triggering"].source)
    policy = {p.key: p for p in guidance("policy")}
    for key in ("pkh", "bumdes", "dana_desa", "disaster_preparedness", "older_persons_law",
                "eviction_compensation", "village_planning"):  # fmt: skip
        assert key in policy, key
    assert "uu_13_1998" in cited_keys(policy["older_persons_law"].source)
    assert "perpres_62_2018" in cited_keys(policy["eviction_compensation"].source)
    names = policy["disaster_preparedness"].name("id")
    assert "KSB" in names and "Tagana" in names and "Destana" in names
    assert "pendamping PKH" in policy["pkh"].name("id")
    # STBM's five pillars are confirmed (Permenkes 3/2014); the village planning rules are not
    assert policy["stbm"].confidence == "C" and "five pillars" in policy["stbm"].text("en")
    assert "lima pilar" in policy["stbm"].text("id")
    assert policy["village_planning"].confidence == "U"
    assert {"pp_43_2014", "permendagri_114_2014"} <= set(
        cited_keys(policy["village_planning"].source)
    )
    # the law on the civil service in force is UU 20/2023, which replaced UU 5/2014
    ethics = {e.key: e for e in guidance("ethics")}
    cited = cited_keys(ethics["partisanship_state_workers"].source)
    assert "uu_20_2023" in cited and "uu_5_2014" not in cited


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_policy_table_can_leave_out_the_cases(lang):
    full = rothman.guidance_table("policy", lang)
    bare = rothman.guidance_table("policy", lang, with_cases=False)
    assert list(bare.columns) == [c for c in full.columns if c != text("practice_cases", lang)]
    assert len(full.columns) == len(bare.columns) + 1
    assert bare.equals(full.drop(columns=text("practice_cases", lang)))
    assert bare.attrs == full.attrs
    # the other topics have no cases column to leave out
    techniques = rothman.guidance_table("techniques", lang)
    assert techniques.equals(rothman.guidance_table("techniques", lang, with_cases=False))
