"""The phase viewer without a browser: every phased case, both languages, bad ids."""

from html import escape

import pytest

from rothman import LANGS, UnknownCaseError, assess, cases
from rothman.notebook.phase_viewer import PhaseViewer, phased_cases
from rothman.render.triangle import phase_points, situations_summary


def test_phased_cases_are_the_cases_with_phases():
    assert [c.id for c in phased_cases()] == [c.id for c in cases() if c.phases]
    assert len(phased_cases()) >= 2
    assert all(len(c.phases) >= 2 for c in phased_cases("id"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_phased_case_shows_its_story_path_and_phases(lang):
    viewer = PhaseViewer(lang=lang)
    assert viewer.picker.value == phased_cases(lang)[0].id
    assert [value for _, value in viewer.picker.options] == [c.id for c in phased_cases(lang)]
    images = set()
    for item in phased_cases(lang):
        viewer.picker.value = item.id
        assert viewer.case.id == item.id
        assert escape(item.title) in viewer.story.value
        assert escape(item.source) in viewer.story.value
        for phase in item.phases:
            headline = escape(assess(phase.answers, lang=lang).headline())
            assert (
                f"<strong>{escape(phase.label(lang))}</strong>: {headline}" in viewer.phases.value
            )
        assert viewer.summary.value.count("<li>") == len(item.phases)
        assert viewer.image.value[:4] == b"\x89PNG"
        images.add(viewer.image.value)
    assert len(images) == len(phased_cases(lang)), "each case draws its own path"


def test_changing_language_keeps_the_case_and_relabels():
    viewer = PhaseViewer(lang="en")
    last = phased_cases("en")[-1].id
    viewer.picker.value = last
    viewer.language.value = "id"
    assert viewer.picker.value == last
    assert viewer.language.description == "Bahasa"
    assert viewer.picker.description == "Kasus"
    item = phased_cases("id")[-1]
    assert escape(item.title) in viewer.story.value
    assert escape(item.phases[0].label("id")) in viewer.phases.value
    assert "Tahap-tahapnya, secara berurutan" in viewer.phases.value


def test_a_case_without_phases_is_refused_naming_the_choices():
    plain = next(c for c in cases() if not c.phases)
    with pytest.raises(UnknownCaseError) as info:
        PhaseViewer(case_id=plain.id)
    for item in phased_cases():
        assert item.id in str(info.value)


def test_phase_points_follow_the_phases_in_order():
    item = phased_cases("id")[0]
    points = phase_points(item)
    assert [label for label, _ in points] == [p.label("id") for p in item.phases]
    assert all(result.lang == "id" for _, result in points)
    summary = situations_summary(points, "id")
    assert summary.startswith("- Titik 1 (") and summary.count("\n") == len(points) - 1
