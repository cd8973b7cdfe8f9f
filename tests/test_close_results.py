"""A close result reads as close wherever an assessment is shown, the headline speaks of the
student's own description of the power holders, and the explorer's reset keeps its mode."""

import itertools

import pytest

from rothman import assess, community_variables
from rothman.cli.app import main
from rothman.core.i18n import LANGS, text
from rothman.core.variables import settings
from rothman.notebook.explorer import Explorer
from rothman.render.assessment_html import headline_html
from rothman.render.triangle import situations_summary


def answer_sets():
    """Every set of one level (or unsure) per question, from the data."""
    variables = community_variables()
    for combo in itertools.product(*[v.level_keys for v in variables]):
        yield dict(zip([v.key for v in variables], combo))


def find(rule):
    """The first answer set (in the data's order) whose assessment meets ``rule``."""
    return next(a for a in answer_sets() if rule(assess(a)))


#: a result outside the mix margin but with a strong runner-up; the power holders described
#: as the leading model would have them
CLOSE = find(lambda r: r.close_behind and r.described_role is r.power_structure_role)


def test_the_example_is_close_but_no_mix():
    result = assess(CLOSE)
    top, second = result.scores[result.model], result.scores[result.close_behind[0]]
    assert result.mix is None and top - second > settings().mix_margin
    assert second >= settings().close_behind * top


@pytest.mark.parametrize("lang", LANGS)
def test_close_behind_shows_in_every_output(lang, capsys):
    result = assess(CLOSE, lang)
    runner = result.close_behind[0].label(lang)
    shares = f"({round(result.scores[result.model] * 100)}/"
    assert runner in result.headline() and shares in result.headline()
    assert runner in headline_html(result)
    explorer = Explorer(lang=lang, guidance=False)
    explorer.set(**CLOSE)
    assert runner in explorer.headline.value
    summary = str(situations_summary([("x", result)], lang))
    assert runner in summary
    args = ["assess", "--lang", lang] + [
        part for key, level in CLOSE.items() for part in (f"--{key.replace('_', '-')}", level)
    ]
    assert main(args) == 0
    assert result.headline() in capsys.readouterr().out


@pytest.mark.parametrize("lang", LANGS)
def test_the_headline_says_whose_view_of_the_power_holders_it_gives(lang):
    unknown = assess(find(lambda r: r.model and r.described_role is None), lang)
    agrees = assess(find(lambda r: r.model and r.described_role is r.power_structure_role), lang)
    differs = assess(
        find(lambda r: r.model and r.described_role not in (None, r.power_structure_role)), lang
    )
    for result, shown in ((unknown, "model"), (agrees, "own"), (differs, "both")):
        role = result.power_structure_role.value
        model_role = text(f"role_model_{role}", lang)
        headline = result.headline()
        assert (model_role in headline) == (shown != "own"), headline
        # (the model's phrase contains the plain one: "in this model <plain>")
        assert text(f"role_phrase_{role}", lang) in headline
        otherwise = text("role_described_otherwise", lang, role=model_role)
        assert (otherwise in headline) == (shown == "both"), headline


def test_reset_keeps_several_answers_on():
    explorer = Explorer(lang="en", guidance=False)
    explorer.set(goal=["capacity", "solve_task"])
    assert explorer.several.value
    explorer.reset_button.click()
    assert explorer.several.value
    assert all(v == "unsure" for v in explorer.answers.values())
    assert explorer.assessment.model is None
    explorer.several.value = False
    explorer.set(goal="capacity")
    explorer.reset_button.click()
    assert not explorer.several.value and explorer.answers["goal"] == "unsure"
