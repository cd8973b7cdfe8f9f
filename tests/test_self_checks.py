"""The application self-checks: the data, its checks, the engine's agreement, and the feedback."""

from __future__ import annotations

import copy
import re

import pytest

import rothman
from rothman import LANGS, Model, PowerRole
from rothman.core.data import read_yaml
from rothman.core.errors import DataError, UnknownLanguageError
from rothman.core.hint_words import find_hints
from rothman.core.i18n import string_files
from rothman.core.self_checks import (
    KINDS,
    SelfCheckFeedback,
    UnknownChoiceError,
    UnknownSelfCheckError,
    check_self_check,
    parse_self_checks,
    self_check,
    self_checks,
)

ITEMS = self_checks()
IDS = [c.id for c in ITEMS]


def of_kind(kind):
    return [c for c in ITEMS if c.kind == kind]


# --- loading ----------------------------------------------------------------------------------


def test_the_shipped_file_loads_with_enough_items_of_each_kind():
    wanted = {"model_role": 6, "near_mix": 2, "tension": 2, "phase_order": 2}
    for kind in KINDS:
        assert len(self_checks(kind)) >= wanted[kind], kind
    assert len(set(IDS)) == len(IDS)
    assert sorted(c.id for k in KINDS for c in self_checks(k)) == sorted(IDS)


def test_every_item_is_illustrative_and_both_kinds_of_setting_occur():
    assert {c.basis for c in ITEMS} == {"illustrative"}
    assert {c.setting for c in ITEMS} == {"indonesia", "international"}
    for kind in ("model_role", "near_mix", "tension", "phase_order"):
        assert {c.setting for c in of_kind(kind)} == {"indonesia", "international"}, kind


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_text_and_option_label_is_there_in_both_languages(item, lang):
    assert item.situation(lang) and item.prompt(lang) and item.explanation(lang)
    labels = [label for _, label in item.option_labels(lang)]
    assert all(labels) and len(set(labels)) == len(labels)
    assert item.right in item.choices
    for phase in item.phases:
        assert phase.label(lang) and phase.text(lang)


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_situations_are_short(item, lang):
    sentences = re.findall(r"[.!?](?:\s|$)", item.situation(lang))
    assert 3 <= len(sentences) <= 5, (item.id, lang, len(sentences))


def test_the_right_option_is_not_always_in_the_same_place():
    assert len({c.right for c in ITEMS}) >= 3


def test_the_strings_file_is_found_by_the_string_lookup():
    assert "strings_self_checks.yaml" in string_files()


# --- every item against the engine ------------------------------------------------------------


@pytest.mark.parametrize("item", of_kind("model_role"), ids=lambda c: c.id)
def test_model_role_items_agree_with_the_engine(item):
    result = rothman.assess(item.answers)
    if len(item.expected_models) == 1:
        assert result.model is item.expected_models[0]
        assert result.mix is None
    else:
        assert result.mix is not None and result.model in item.expected_models
        assert set(item.expected_models) <= set(result.mix)
    assert result.power_structure_role is item.expected_role


@pytest.mark.parametrize("item", of_kind("near_mix"), ids=lambda c: c.id)
def test_near_mixes_have_a_strong_runner_up(item):
    result = rothman.assess(item.answers)
    ranked = sorted(Model, key=lambda m: -result.scores[m])
    leader, runner_up, third = ranked
    assert (leader, runner_up) == item.expected_models
    assert result.model is leader
    assert result.scores[runner_up] >= result.scores[leader] * 2 / 3
    assert result.scores[third] < result.scores[runner_up]
    assert result.power_structure_role is item.expected_role


@pytest.mark.parametrize("item", of_kind("tension"), ids=lambda c: c.id)
def test_tension_items_raise_exactly_the_expected_tensions(item):
    result = rothman.assess(item.answers)
    assert result.model is item.expected_models[0]
    assert result.power_structure_role is item.expected_role
    got = sorted((t.variable, t.level) for t in result.tensions)
    assert got == sorted(item.tensions)


@pytest.mark.parametrize("item", of_kind("tension"), ids=lambda c: c.id)
def test_tension_options_are_answers_of_the_situation(item):
    for option in item.options:
        variable, level = option.value
        given = item.answers[variable]
        assert level in ((given,) if isinstance(given, str) else given)


@pytest.mark.parametrize("item", of_kind("phase_order"), ids=lambda c: c.id)
def test_phase_paths_lead_as_stated_and_are_shown_shuffled(item):
    path = rothman.phases([p.answers for p in item.phases])
    assert [a.model for a in path] == [p.model for p in item.phases]
    assert all(a.mix is None for a in path)
    keys = tuple(p.key for p in item.phases)
    assert 2 <= len(keys) <= 3 and sorted(item.order) == sorted(keys)
    assert keys != item.order  # the phases are listed out of order
    right = next(o for o in item.options if o.key == item.right)
    assert right.value == item.order
    # the models differ from phase to phase: a path, not one model three times
    assert len({p.model for p in item.phases}) == len(keys)


# --- nothing in a question names or hints at the answer ---------------------------------------


def _question_texts(item, lang):
    texts = [item.situation(lang), item.prompt(lang)]
    for phase in item.phases:
        texts += [phase.label(lang), phase.text(lang)]
    if item.kind in ("tension", "phase_order"):  # the other kinds' options are model names
        texts += [label for _, label in item.option_labels(lang)]
    return texts


@pytest.mark.parametrize("lang", LANGS)
def test_the_hint_words_catch_every_model_name_and_every_role_name(lang):
    for model in Model:
        assert model in {h.points_to for h in find_hints(model.label(lang), lang)}, model
    # a self-check asks for the role as well: the roles' own words count there
    for role in PowerRole:
        assert role in {h.points_to for h in find_hints(role.label(lang), lang, roles=True)}


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_question_names_a_model_or_hints_at_it(item, lang):
    """The one rule of data/hint_words.yaml, with the roles' words, as every self-check asks
    for a model and most ask for a role."""
    for chunk in _question_texts(item, lang):
        found = [h.word for h in find_hints(chunk, lang, roles=True)]
        assert not found, (item.id, lang, found, chunk)


def test_a_situation_with_a_hint_word_or_a_role_word_would_fail():
    raw = copy.deepcopy(read_yaml("self_checks.yaml"))
    first = raw["self_checks"][0]
    first["situation"]["en"] += " An organiser helps."
    first["prompt"]["id"] = "Siapa yang menjadi sponsor upaya ini?"
    item = parse_self_checks(raw)[0]
    assert [h.word for h in find_hints(_question_texts(item, "en")[0], "en")] == ["organiser"]
    found = find_hints(_question_texts(item, "id")[1], "id", roles=True)
    assert [(h.word, h.points_to) for h in found] == [("sponsor", PowerRole.SPONSORS)]


# --- the feedback -----------------------------------------------------------------------------


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_feedback_on_every_choice(item, lang):
    for choice in item.choices:
        fb = check_self_check(item.id, choice, lang)
        assert isinstance(fb, SelfCheckFeedback)
        assert fb.correct is (choice == item.right)
        assert fb.right == item.right
        assert fb.right_label == item.option_label(item.right, lang)
        assert fb.explanation == item.explanation(lang)
        assert fb.text.endswith(fb.explanation)
        if not fb.correct:
            assert fb.right_label in fb.text


def test_feedback_words_in_both_languages():
    item = self_check("fishers_grant")
    wrong = next(k for k in item.choices if k != item.right)
    assert check_self_check(item.id, item.right, "en").text.startswith("Right.")
    assert check_self_check(item.id, item.right, "id").text.startswith("Benar.")
    assert check_self_check(item.id, wrong, "en").text.startswith("Not quite: the right answer is")
    assert check_self_check(item.id, wrong, "id").text.startswith("Belum tepat: jawaban yang benar")
    with pytest.raises(AttributeError):
        check_self_check(item.id, wrong).correct = True  # frozen


def test_an_unknown_item_names_the_valid_ids_in_both_languages():
    with pytest.raises(UnknownSelfCheckError) as err:
        check_self_check("no_such_item", "a")
    assert "'no_such_item'" in str(err.value) and "hamlet_drains" in str(err.value)
    indonesian = err.value.message("id")
    assert indonesian.startswith("Cek pemahaman 'no_such_item' tidak dikenal")
    assert "tenants_dinners" in indonesian


def test_an_unknown_choice_names_the_valid_choices_in_both_languages():
    with pytest.raises(UnknownChoiceError) as err:
        check_self_check("tenants_dinners", "c", "id")
    assert str(err.value) == (
        "Unknown choice 'c' for the self-check 'tenants_dinners'. Choose one of: a, b."
    )
    assert err.value.message("id") == (
        "Pilihan 'c' tidak dikenal untuk cek pemahaman 'tenants_dinners'. Pilih salah satu: a, b."
    )
    with pytest.raises(UnknownChoiceError):
        check_self_check("tenants_dinners", None)


def test_an_unknown_language_or_kind_is_refused():
    with pytest.raises(UnknownLanguageError):
        check_self_check("hamlet_drains", "b", "fr")
    with pytest.raises(rothman.RothmanError, match="Unknown kind of self-check 'quiz'"):
        self_checks("quiz")


# --- malformed data ---------------------------------------------------------------------------


@pytest.fixture
def raw():
    return copy.deepcopy(read_yaml("self_checks.yaml"))


def entry(raw, item_id):
    return next(e for e in raw["self_checks"] if e["id"] == item_id)


def problem(raw) -> DataError:
    with pytest.raises(DataError) as err:
        parse_self_checks(raw)
    assert str(err.value).startswith("Data file self_checks.yaml: ")
    assert err.value.message("id").startswith("Berkas data self_checks.yaml: ")
    return err.value


def test_the_shipped_data_parses_as_it_is(raw):
    assert [c.id for c in parse_self_checks(raw)] == IDS


def test_a_missing_translation_is_named(raw):
    del entry(raw, "hamlet_drains")["situation"]["id"]
    err = problem(raw)
    assert "hamlet_drains.situation lacks the text in 'id'" in str(err)
    assert "hamlet_drains.situation tidak memiliki teks dalam bahasa 'id'" in err.message("id")


def test_a_missing_translation_of_a_phase_label_is_named(raw):
    entry(raw, "beach_access")["phases"][1]["label"]["en"] = "  "
    assert "beach_access.phases[2].label lacks the text in 'en'" in str(problem(raw))


def test_an_unknown_level_is_named_with_the_valid_levels(raw):
    entry(raw, "stunting_district")["answers"]["goal"] = "win"
    err = problem(raw)
    # the one answer rule's message, the same as for case files and reports
    assert "stunting_district.answers.goal: 'win' is not an answer to 'goal'" in str(err)
    assert "capacity, solve_task, shift_power" in str(err)
    assert "'win' bukan jawaban untuk 'goal'" in err.message("id")


def test_an_unknown_variable_and_a_missing_answer_are_named(raw):
    entry(raw, "rural_rides")["answers"]["budget"] = "high"
    assert "rural_rides.answers.budget: Unknown variable 'budget'" in str(problem(raw))
    del entry(raw, "rural_rides")["answers"]["budget"]
    del entry(raw, "rural_rides")["answers"]["residents"]
    assert "rural_rides.answers lacks answers to: residents" in str(problem(raw))


@pytest.mark.parametrize(
    ("item_id", "change", "where"),
    [
        ("landfill_pickers", lambda e: e["expected"].update(model="charity"), "expected.model"),
        ("hamlet_drains", lambda e: e["options"][0].update(model="charity"), "options[1].model"),
        ("beach_access", lambda e: e["phases"][0].update(model="charity"), "phases[1].model"),
        (
            "births_forum",
            lambda e: e["options"][2].update(models=["charity", "social_action"]),
            "options[3].models",
        ),
    ],
)
def test_an_unknown_model_is_named_with_the_valid_models(raw, item_id, change, where):
    change(entry(raw, item_id))
    err = problem(raw)
    assert f"{item_id}.{where}: 'charity' is not valid." in str(err)
    assert "locality_development, social_planning, social_action" in str(err)
    assert f"{item_id}.{where}: 'charity' tidak sah." in err.message("id")


def test_an_unknown_role_kind_basis_or_field_is_named(raw):
    entry(raw, "rural_rides")["expected"]["role"] = "owners"
    assert "rural_rides.expected.role: 'owners'" in str(problem(raw))
    entry(raw, "rural_rides")["expected"]["role"] = "sponsors"
    entry(raw, "rural_rides")["kind"] = "quiz"
    assert "rural_rides.kind: 'quiz' is not valid" in str(problem(raw))
    entry(raw, "rural_rides")["kind"] = "model_role"
    entry(raw, "rural_rides")["basis"] = "true story"
    assert "rural_rides.basis: 'true story'" in str(problem(raw))
    entry(raw, "rural_rides")["basis"] = "retold"
    assert "rural_rides lacks the field 'source'" in str(problem(raw))
    entry(raw, "rural_rides")["basis"] = "illustrative"
    entry(raw, "rural_rides")["hint"] = "planning"
    assert "rural_rides has an unknown field 'hint'" in str(problem(raw))


def test_a_right_option_that_is_wrong_or_not_alone_is_refused(raw):
    entry(raw, "delivery_riders")["right"] = "b"
    assert "delivery_riders.right: the option 'b' does not give" in str(problem(raw))
    entry(raw, "delivery_riders")["right"] = "z"
    assert "delivery_riders.right: 'z' is not valid. Choose one of: a, b, c, d" in str(problem(raw))
    entry(raw, "delivery_riders")["right"] = "a"
    entry(raw, "delivery_riders")["options"][1] = {
        "key": "b",
        "model": "social_action",
        "role": "target",
    }
    assert "the options 'a' and 'b' say the same" in str(problem(raw))


def test_a_wrong_order_tension_or_duplicate_id_is_refused(raw):
    entry(raw, "tenants_dinners")["order"] = ["y", "y"]
    assert "tenants_dinners.order must name each phase once: x, y" in str(problem(raw))
    entry(raw, "tenants_dinners")["order"] = ["y", "x"]
    entry(raw, "fishers_grant")["tensions"] = [{"variable": "interests", "level": "common"}]
    assert "'interests: common' is not among the answers" in str(problem(raw))
    entry(raw, "fishers_grant")["tensions"] = [{"variable": "power_holders", "level": "sponsors"}]
    raw["self_checks"].append(copy.deepcopy(raw["self_checks"][0]))
    assert "the id 'hamlet_drains' is used twice" in str(problem(raw))


def test_a_near_mix_needs_two_models_and_a_file_needs_its_list(raw):
    entry(raw, "births_forum")["expected"]["model"] = "social_planning"
    assert "births_forum.expected.model must name 2 different model(s)" in str(problem(raw))
    assert "needs a list 'self_checks'" in str(problem({"items": []}))
    assert "self_checks[1] is not a mapping" in str(problem({"self_checks": ["x"]}))


def test_tension_options_may_say_the_facts_but_then_all_of_them(raw):
    item = self_check("fishers_grant")
    assert (
        item.option_label("d", "en")
        == "The community worker is paid from a grant of the regional government."
    )
    assert (
        item.option_label("d", "id")
        == "Pekerja komunitas itu dibayar dari hibah pemerintah regional."
    )
    del entry(raw, "fishers_grant")["options"][0]["label"]
    err = problem(raw)
    assert "fishers_grant.options: give every option its own label, or none" in str(err)
    assert "beri setiap pilihan labelnya sendiri" in err.message("id")
    entry(raw, "hamlet_drains")["options"][0]["label"] = {"en": "x", "id": "x"}
    entry(raw, "fishers_grant")["options"][0]["label"] = {"en": "x", "id": "x"}
    assert "hamlet_drains.options[1] has an unknown field 'label'" in str(problem(raw))


def test_no_word_of_the_other_language_in_any_text():
    """The course's language check (tools/langcheck.py) on every text a student sees."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    langcheck = pytest.importorskip("langcheck")
    texts = []
    for item in ITEMS:
        for lang in LANGS:
            for name in ("situation", "prompt", "explanation"):
                texts.append((f"{item.id}.{name}", getattr(item, name)(lang), lang))
            for key, label in item.option_labels(lang):
                texts.append((f"{item.id}.options.{key}", label, lang))
            for phase in item.phases:
                texts.append(
                    (f"{item.id}.{phase.key}", f"{phase.label(lang)} {phase.text(lang)}", lang)
                )
    findings = langcheck.check_all(texts)
    assert not findings, langcheck.report(findings)
