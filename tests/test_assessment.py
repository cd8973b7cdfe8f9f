"""Facts about assess(): exhaustive over the six core answers, in both languages."""

import functools
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rothman import (
    LANGS,
    Model,
    PowerRole,
    UnknownLanguageError,
    UnknownLevelError,
    UnknownVariableError,
    assess,
    community_variables,
)
from rothman.core.errors import InvalidAnswerError, RothmanError
from rothman.core.variables import settings

CORE = ("problem", "goal", "interests", "power_holders", "constituency", "residents")
LEVELS = {
    "problem": ("weak_ties", "service_gap", "injustice"),
    "goal": ("capacity", "solve_task", "shift_power", "concessions"),
    "interests": ("common", "mixed", "opposed"),
    "power_holders": ("partners", "sponsors", "opponents"),
    "constituency": ("whole_locality", "population_group", "oppressed_segment"),
    "residents": ("citizens", "consumers", "victims"),
}
MODELS = list(Model)
ROLE = {
    Model.LOCALITY_DEVELOPMENT: PowerRole.COLLABORATORS,
    Model.SOCIAL_PLANNING: PowerRole.SPONSORS,
    Model.SOCIAL_ACTION: PowerRole.TARGET,
}
ALL = [
    dict(zip(CORE, combo)) for combo in itertools.product(*[LEVELS[k] + ("unsure",) for k in CORE])
]
LD, SP, SA = MODELS
# How each level leans, written out by hand from Rothman's table (the data must agree):
# "reconcilable differences" belongs to LD and SP alike, and so does "the whole community".
LEAN = {
    "weak_ties": {LD: 1}, "service_gap": {SP: 1}, "injustice": {SA: 1},
    "capacity": {LD: 1}, "solve_task": {SP: 1}, "shift_power": {SA: 1}, "concessions": {SA: 1},
    "common": {LD: 1}, "mixed": {LD: 0.5, SP: 0.5}, "opposed": {SA: 1},
    "partners": {LD: 1}, "sponsors": {SP: 1}, "opponents": {SA: 1},
    "whole_locality": {LD: 0.5, SP: 0.5}, "population_group": {SP: 1}, "oppressed_segment": {SA: 1},
    "citizens": {LD: 1}, "consumers": {SP: 1}, "victims": {SA: 1},
}  # fmt: skip


def options(key):
    """unsure, the single levels and the multi-level answers: 8 per question, 15 for the goal."""
    singles = LEVELS[key]
    multi = [list(c) for n in (2, 3) for c in itertools.combinations(singles, n)]
    return ["unsure", *singles, *multi]


@functools.cache
def multi() -> list[dict]:
    """Every answer set with unsure, single and multi-level answers (built on first use: half
    a million of them, which every pytest process would otherwise build as it collects)."""
    return [dict(zip(CORE, combo)) for combo in itertools.product(*[options(k) for k in CORE])]


def points(answers):
    """Count by hand: an answer of k levels gives each level 1/k of one point."""
    counts = [0.0, 0.0, 0.0]
    for level in answers.values():
        levels = [level] if isinstance(level, str) else level
        if levels == ["unsure"]:
            continue
        for one in levels:
            for model, w in LEAN[one].items():
                counts[MODELS.index(model)] += w / len(levels)
    return counts


def test_the_contract_keys_and_levels_are_in_the_data():
    data = {v.key: v.level_keys for v in community_variables()}
    for key in CORE:
        assert data[key] == LEVELS[key] + ("unsure",)
    leans = {lv.key: lv.weights for v in community_variables() for lv in v.levels}
    for level, lean in LEAN.items():
        assert leans[level] == tuple(lean.get(m, 0.0) for m in MODELS), level


def test_exhaustive_4096_single_answers_match_a_hand_count():
    assert len(ALL) == 4**5 * 5  # goal has four levels (row 1 gives social action task goals too)
    for answers in ALL:
        check_against_hand_count(answers)


def check_against_hand_count(answers):
    result = assess(answers)
    counts = points(answers)
    total = sum(counts)
    if total == 0:
        assert result.model is None and result.mix is None
        assert result.power_structure_role is None
        assert all(s == 0 for s in result.scores.values())
        return result
    assert abs(sum(result.scores.values()) - 1.0) < 1e-9
    for i, model in enumerate(MODELS):
        assert abs(result.scores[model] - counts[i] / total) < 1e-9
    best = max(counts)
    tied = [MODELS[i] for i in range(3) if abs(counts[i] - best) < 1e-9]
    assert result.model in tied
    if len(tied) == 1:
        assert result.model is tied[0] and not result.tied and result.tie_rule is None
    else:
        # a tie goes to the model the power-holders answer points to, if it is tied
        ph = answers.get("power_holders", "unsure")
        said = MODELS[LEVELS["power_holders"].index(ph)] if ph in LEVELS["power_holders"] else None
        if said in tied:
            assert result.model is said and result.tie_rule == "tie_break"
        else:
            assert result.model is tied[0] and result.tie_rule == "order"
        assert set(result.tied) == set(tied) and result.tie_broken
    assert result.power_structure_role is ROLE[result.model]
    close = [m for i, m in enumerate(MODELS) if (best - counts[i]) / total <= 0.15 + 1e-9]
    if len(close) > 1:
        assert result.mix is not None and result.mix[0] is result.model
        assert set(result.mix) == set(close)
    else:
        assert result.mix is None
    return result


def headline_shape(result):
    """What a headline is made of: the leader, the mix, a tie and its rule, the models close
    behind, the shares and the role the student described. Two results of one shape have
    the same headline (checked on a sample below)."""
    scores = tuple(round(result.scores[m], 9) for m in MODELS)
    return (result.model, result.mix, result.tied, result.tie_rule, result.close_behind,
            scores, result.described_role)  # fmt: skip


def check_headline(result, lang, ratio):
    """Every other model whose share is at least the data's fraction of the leader's is named,
    and none below that outside the mix: a close result never reads as clear-cut."""
    headline = result.in_language(lang).headline()
    top = result.scores[result.model]
    for model in MODELS:
        strong = result.scores[model] >= ratio * top - 1e-9
        in_mix = model in (result.mix or ())
        if model is result.model or in_mix:
            assert model.label(lang) in headline, (result.answers, headline)
        else:
            assert (model.label(lang) in headline) == strong, (result.answers, headline)
    if result.tied:
        assert headline.startswith("A tie" if lang == "en" else "Seri")
    return headline


def test_exhaustive_answer_sets_with_several_answers():
    """8^6 answer sets (each question: unsure, 3 levels, 4 multi-level answers), each assessed
    once; the headline of every distinct result is read in both languages."""
    assert len(multi()) == 8**5 * 15  # goal: unsure, 4 single levels, 6 pairs, 4 triples
    ratio = settings().close_behind
    runner_ups_named = 0
    headlines = {}
    for n, answers in enumerate(multi()):
        result = assess(answers)
        scores = result.scores
        total = sum(scores.values())
        assert abs(total - 1.0) < 1e-9 or (total == 0 and result.model is None)
        if result.model is None:
            continue
        assert result.mix is None or (result.mix[0] is result.model and 2 <= len(result.mix) <= 3)
        top = scores[result.model]
        for model in MODELS:
            if model is result.model:
                continue
            strong = scores[model] >= ratio * top - 1e-9
            in_mix = model in (result.mix or ())
            assert (model in result.close_behind) == (strong and not in_mix)
            runner_ups_named += strong and not in_mix
        shape = headline_shape(result)
        if shape not in headlines:
            headlines[shape] = {lang: check_headline(result, lang, ratio) for lang in LANGS}
        elif n % 97 == 0:  # the shape decides the headline
            for lang in LANGS:
                assert result.in_language(lang).headline() == headlines[shape][lang], answers
        # pure: every answer leans wholly to one and the same model -> no tensions
        leans = {
            m for level in answers.values() for one in ([level] if isinstance(level, str) else level)
            if one != "unsure" for m in LEAN[one]
        }  # fmt: skip
        if len(leans) == 1:
            assert result.tensions == ()
            assert result.model in leans
    assert runner_ups_named > 0
    print(f"{len(headlines)} distinct headlines, each read in {len(LANGS)} languages")


def test_hand_count_holds_for_a_sample_of_multi_answers():
    for answers in multi()[::97]:
        check_against_hand_count(answers)


def test_what_if_ties_matches_the_scores_after_the_change():
    for answers in multi()[::1999]:
        result = assess(answers)
        for option in result.what_if:
            changed = dict(answers)
            changed.update({c.variable: c.new for c in option.changes})
            after = assess(changed)
            assert after.model is option.model
            top = after.scores[option.model]
            others = [
                m for m in MODELS if m is not option.model and abs(after.scores[m] - top) < 1e-9
            ]
            assert option.ties == bool(others)
            assert set(option.tied_with) == set(others)
            if option.ties:
                assert "would tie with" in option.text and "would lead" not in option.text
            else:
                assert "would lead" in option.text


@pytest.mark.parametrize("lang", LANGS)
def test_exhaustive_deterministic_and_language_never_changes_the_result(lang):
    for answers in ALL:
        a = assess(answers, lang=lang)
        b = assess(dict(reversed(list(answers.items()))), lang=lang)
        en = assess(answers, lang="en")
        assert (a.model, a.mix, a.power_structure_role, a.scores) == (
            b.model,
            b.mix,
            b.power_structure_role,
            b.scores,
        )
        assert (a.model, a.mix, a.power_structure_role, a.scores) == (
            en.model,
            en.mix,
            en.power_structure_role,
            en.scores,
        )
        assert len(a.reasons) == 6
        assert all(r.text for r in a.reasons)


def test_exhaustive_monotonic_moving_a_known_answer_to_a_model_never_lowers_it():
    """Every known answer carries one point, so moving it to the level that leans most to a
    model never lowers that model's share (from ``unsure`` the total grows, so only its
    points are sure not to fall)."""
    best = {
        (key, model): max(LEVELS[key], key=lambda lv, m=model: LEAN[lv].get(m, 0))
        for key in CORE
        for model in MODELS
    }
    for answers in ALL:
        before = assess(answers).scores
        before_points = points(answers)
        for key in CORE:
            for i, model in enumerate(MODELS):
                moved = dict(answers, **{key: best[key, model]})
                assert points(moved)[i] >= before_points[i] - 1e-12
                if answers[key] != "unsure":
                    assert assess(moved).scores[model] >= before[model] - 1e-12


def test_split_3_3_is_a_mix_and_4_2_is_not():
    three_three = dict(
        zip(CORE, ["weak_ties", "capacity", "common", "sponsors", "population_group", "consumers"])
    )
    result = assess(three_three)
    # tie: the power-holders answer (sponsors) decides the leader, and the headline says so
    assert result.mix == (Model.SOCIAL_PLANNING, Model.LOCALITY_DEVELOPMENT)
    assert result.tied == result.mix and result.tie_rule == "tie_break"
    assert result.power_structure_role is PowerRole.SPONSORS
    assert result.headline().startswith(
        "A tie between Social Planning and Locality Development; the answer about power holders"
    )
    assert assess(three_three, "id").headline().startswith("Seri antara Perencanaan Sosial")
    four_two = dict(three_three, power_holders="partners", constituency="population_group")
    result = assess(four_two)
    assert result.model is Model.LOCALITY_DEVELOPMENT and result.mix is None
    assert result.scores[Model.LOCALITY_DEVELOPMENT] == pytest.approx(4 / 6)


def test_three_models_level_are_all_named():
    result = assess({"problem": "weak_ties", "goal": "solve_task", "interests": "opposed"})
    assert set(result.mix) == set(MODELS) and set(result.tied) == set(MODELS)
    for lang in LANGS:
        headline = result.in_language(lang).headline()
        assert all(m.label(lang) in headline for m in MODELS)


def test_several_answers_split_the_weight():
    result = assess({"goal": ["capacity", "solve_task"]})
    assert result.scores == {LD: 0.5, SP: 0.5, SA: 0.0}
    assert result.answers == (("goal", ("capacity", "solve_task")),)
    assert [r.share for r in result.reasons] == [0.5, 0.5]
    assert result.to_dict()["answers"] == {"goal": ["capacity", "solve_task"]}
    three = assess({"goal": ("capacity", "solve_task", "shift_power"), "problem": "injustice"})
    assert three.scores[SA] == pytest.approx((1 / 3 + 1) / 2)


def test_described_role_and_tensions():
    result = assess({"problem": "injustice", "goal": "shift_power", "power_holders": "partners"})
    assert result.model is SA and result.described_role is PowerRole.COLLABORATORS
    assert [(t.variable, t.level, t.model) for t in result.tensions] == [
        ("power_holders", "partners", SA)
    ]
    assert "partners" in result.tensions[0].text
    assert "Ketegangan" in str(result.in_language("id"))
    assert "Tensions:" in str(result)
    assert assess({"power_holders": "unsure"}).described_role is None
    assert assess({"power_holders": ["partners", "opponents"]}).described_role is None
    assert assess({"goal": "capacity"}).tensions == ()


def test_tension_data_never_names_a_model_its_level_leans_to():
    from rothman.core.explanations import _tension_table

    table = _tension_table()
    assert len(table) >= 8
    for (_key, level, model), entry in table.items():
        assert model not in LEAN[level]
        for lang in LANGS:
            assert entry["text"][lang].strip()


def test_phases_give_one_assessment_each_and_name_a_bad_phase():
    from rothman import PhaseError, phases

    path = phases(
        [
            {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"},
            {"goal": ["shift_power", "solve_task"], "power_holders": "sponsors"},
            {"goal": "solve_task", "problem": "service_gap", "power_holders": "sponsors"},
        ],
        "id",
    )
    assert [a.model for a in path] == [SA, SP, SP] and all(a.lang == "id" for a in path)
    with pytest.raises(PhaseError) as info:
        phases([{"goal": "capacity"}, {"goal": "win"}])
    assert "Phase 2" in str(info.value) and "capacity" in str(info.value)
    assert info.value.message("id").startswith("Tahap 2: ")
    with pytest.raises(RothmanError):
        phases({"goal": "capacity"})


def test_the_issue_example_in_both_languages():
    answers = {"problem": "injustice", "goal": "shift_power", "power_holders": "opponents"}
    en, id_ = assess(answers, "en"), assess(answers, "id")
    assert en.model is Model.SOCIAL_ACTION and en.power_structure_role is PowerRole.TARGET
    assert (
        str(en).splitlines()[0] == "Social Action (C): the power structure is the target of action."
    )
    assert str(id_).splitlines()[0] == "Aksi Sosial (C): struktur kekuasaan adalah sasaran aksi."
    assert "Ketidakadilan" in str(id_)


def test_what_if_changes_really_change_the_leader():
    for answers in ALL[::37]:
        result = assess(answers)
        if result.model is None:
            assert result.what_if == ()
            continue
        for option in result.what_if:
            changed = dict(answers)
            changed.update({c.variable: c.new for c in option.changes})
            assert assess(changed).model is option.model is not result.model
            # minimal: no proper subset of the changes does it
            for size in range(1, len(option.changes)):
                for subset in itertools.combinations(option.changes, size):
                    trial = dict(answers)
                    trial.update({c.variable: c.new for c in subset})
                    assert assess(trial).model is not option.model
        assert [len(w.changes) for w in result.what_if] == sorted(
            len(w.changes) for w in result.what_if
        )


def test_what_if_for_a_clear_social_action_case():
    answers = dict(zip(CORE, [LEVELS[k][2] for k in CORE]))
    result = assess(answers)
    targets = {w.model for w in result.what_if}
    assert targets == {Model.LOCALITY_DEVELOPMENT, Model.SOCIAL_PLANNING}
    # 6-0: three answers moved to planning give 3-3, and planning leads only if it also
    # holds the power-holders answer
    planning = next(w for w in result.what_if if w.model is Model.SOCIAL_PLANNING)
    assert len(planning.changes) == 3
    assert "power_holders" in {c.variable for c in planning.changes}
    # 3-3 with the power-holders answer: planning only shares the top, and the text says so
    assert planning.ties and planning.tied_with == (Model.SOCIAL_ACTION,)
    assert "Social Planning would tie with Social Action" in planning.text


def test_assessment_is_frozen_and_does_not_touch_its_input():
    answers = {"goal": "capacity"}
    result = assess(answers)
    with pytest.raises(AttributeError):
        result.model = Model.SOCIAL_ACTION
    assert answers == {"goal": "capacity"}
    assert hash(result) == hash(assess({"goal": "capacity"}))


def test_to_dict_is_json_ready():
    import json

    data = assess({"goal": "shift_power"}, lang="id").to_dict()
    assert json.loads(json.dumps(data))["model"] == "social_action"
    assert data["model_label"] == "Aksi Sosial"


@pytest.mark.parametrize(
    ("answers", "error", "named"),
    [
        ({"budget": "high"}, UnknownVariableError, ["budget", "problem", "residents"]),
        ({"goal": "win"}, UnknownLevelError, ["win", "goal", "capacity", "unsure"]),
        ({"goal": 3}, InvalidAnswerError, ["3", "capacity"]),
        ({"goal": None}, InvalidAnswerError, ["None", "capacity"]),
        ({"goal": []}, InvalidAnswerError, ["[]", "capacity"]),
        ({"goal": ["capacity", "capacity"]}, InvalidAnswerError, ["capacity", "solve_task"]),
        ({"goal": ["capacity", "unsure"]}, InvalidAnswerError, ["unsure", "capacity"]),
        ({"goal": ["capacity", "win"]}, UnknownLevelError, ["win", "capacity"]),
        ({"goal": ["capacity", 3]}, InvalidAnswerError, ["3", "capacity"]),
        ({"goal": ["a", "b", "c", "d"]}, InvalidAnswerError, ["capacity"]),
        (["goal", "capacity"], RothmanError, ["list"]),
        ("goal=capacity", RothmanError, ["str"]),
    ],
)
def test_bad_input_names_the_value_and_the_choices(answers, error, named):
    with pytest.raises(error) as info:
        assess(answers)
    for word in named:
        assert word in str(info.value)
    assert "Pilih" in info.value.message("id") or "bukan" in info.value.message("id")


def test_unknown_language():
    with pytest.raises(UnknownLanguageError, match="'fr'. Choose one of: en, id"):
        assess({}, lang="fr")


@given(st.dictionaries(st.sampled_from(CORE), st.integers(0, 3)))
def test_property_any_subset_of_answers_is_valid(picks):
    answers = {k: (LEVELS[k] + ("unsure",))[i] for k, i in picks.items()}
    result = assess(answers)
    total = sum(result.scores.values())
    assert total == pytest.approx(1.0) or (total == 0 and result.model is None)
    assert len(result.reasons) == len(answers)
