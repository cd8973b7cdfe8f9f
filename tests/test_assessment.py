"""Facts about assess(): exhaustive over the six core answers, in both languages."""

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
from rothman.errors import RothmanError

CORE = ("problem", "goal", "interests", "power_holders", "constituency", "residents")
LEVELS = {
    "problem": ("weak_ties", "service_gap", "injustice"),
    "goal": ("capacity", "solve_task", "shift_power"),
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


def points(answers):
    """Count by hand: each answer gives one point to the model whose column it is in."""
    counts = [0, 0, 0]
    for key, level in answers.items():
        if level != "unsure":
            counts[LEVELS[key].index(level)] += 1
    return counts


def test_the_contract_keys_and_levels_are_in_the_data():
    data = {v.key: v.level_keys for v in community_variables()}
    for key in CORE:
        assert data[key] == LEVELS[key] + ("unsure",)


def test_exhaustive_4096_combinations_match_a_hand_count():
    assert len(ALL) == 4**6
    for answers in ALL:
        result = assess(answers)
        counts = points(answers)
        total = sum(counts)
        if total == 0:
            assert result.model is None and result.mix is None
            assert result.power_structure_role is None
            assert all(s == 0 for s in result.scores.values())
            continue
        assert sum(result.scores.values()) == pytest.approx(1.0)
        for i, model in enumerate(MODELS):
            assert result.scores[model] == pytest.approx(counts[i] / total)
        best = max(counts)
        tied = [MODELS[i] for i in range(3) if counts[i] == best]
        assert result.model in tied
        if len(tied) == 1:
            assert result.model is tied[0]
        else:
            # a tie goes to the model the power-holders answer points to, if it is tied
            ph = answers["power_holders"]
            if ph != "unsure" and MODELS[LEVELS["power_holders"].index(ph)] in tied:
                assert result.model is MODELS[LEVELS["power_holders"].index(ph)]
            else:
                assert result.model is tied[0]
            assert result.tie_broken
        assert result.power_structure_role is ROLE[result.model]
        ranked = sorted(counts, reverse=True)
        if (ranked[0] - ranked[1]) / total <= 0.15 + 1e-9:
            assert result.mix is not None and result.mix[0] is result.model
            assert result.scores[result.mix[1]] == pytest.approx(ranked[1] / total)
        else:
            assert result.mix is None


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


def test_exhaustive_monotonic_moving_one_answer_to_a_model_never_lowers_it():
    for answers in ALL:
        before = assess(answers).scores
        for key in CORE:
            for i, model in enumerate(MODELS):
                moved = dict(answers, **{key: LEVELS[key][i]})
                assert assess(moved).scores[model] >= before[model] - 1e-12


def test_split_3_3_is_a_mix_and_4_2_is_not():
    three_three = dict(
        zip(CORE, ["weak_ties", "capacity", "common", "sponsors", "population_group", "consumers"])
    )
    result = assess(three_three)
    # tie: the power-holders answer (sponsors) decides the leader
    assert result.mix == (Model.SOCIAL_PLANNING, Model.LOCALITY_DEVELOPMENT)
    assert result.power_structure_role is PowerRole.SPONSORS
    four_two = dict(three_three, problem="service_gap")
    four_two["problem"] = "weak_ties"
    four_two["constituency"] = "whole_locality"
    result = assess(four_two)
    assert result.model is Model.LOCALITY_DEVELOPMENT and result.mix is None
    assert result.scores[Model.LOCALITY_DEVELOPMENT] == pytest.approx(4 / 6)


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
    assert "Social Planning would lead" in planning.text


def test_assessment_is_frozen_and_does_not_touch_its_input():
    answers = {"goal": "capacity"}
    result = assess(answers)
    with pytest.raises(AttributeError):
        result.model = Model.SOCIAL_ACTION
    assert answers == {"goal": "capacity"}
    assert hash(result) == hash(assess({"goal": "capacity"}))


def test_repr_html_escapes_and_labels():
    html = assess({"goal": "capacity"})._repr_html_()
    assert 'class="rothman-headline"' in html and "Locality Development" in html
    assert "<script" not in html


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
        ({"goal": 3}, UnknownLevelError, ["3", "capacity"]),
        ({"goal": None}, UnknownLevelError, ["None", "capacity"]),
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
