"""Editions of the comparison table are kept apart, labelled with their year, and the
rows a lecturer corrected say what the literature says."""

from __future__ import annotations

import pytest

import rothman
from rothman import comparison_table
from rothman.core.editions import edition_rows, editions
from rothman.core.practice_variables import cell


def test_the_default_is_the_original_table_and_says_so():
    for lang in ("en", "id"):
        table = comparison_table(lang)
        assert table.attrs["edition"] == "1970" and "1968/1970" in table.attrs["caption"]
        assert table.attrs["keys"]["variables"][-3:] == [
            "public_interest",
            "client_population",
            "client_role",
        ]


def test_the_1995_table_keeps_nine_rows_and_has_its_own_last_three():
    old, new = edition_rows("1970"), edition_rows("1995")
    assert [r.key for r in old[:9]] == [r.key for r in new[:9]]
    assert [r.key for r in new[9:]] == ["beneficiaries", "beneficiary_role", "use_of_empowerment"]
    assert "public_interest" not in [r.key for r in new]
    # what the 1995/2001 table changed is recalled, not checked: every such row says so
    assert {r.confidence for r in new[9:]} == {"U"} and all(r.note for r in new[9:])
    table = comparison_table("id", edition="1995")
    assert table.index[-1] == "Penggunaan pemberdayaan" and "1995/2001" in table.attrs["caption"]
    assert table.shape == (12, 3)


def test_editions_are_chosen_by_year_only():
    with pytest.raises(rothman.UnknownEditionError, match="1970, 1995"):
        comparison_table(edition="2007")  # the multi modes are not a table of this kind
    with pytest.raises(rothman.UnknownVariableError, match="use_of_empowerment"):
        comparison_table(variables=["public_interest"], edition="1995")
    assert comparison_table(variables=["use_of_empowerment"], edition="1995").shape == (1, 3)


def test_the_styled_table_marks_unchecked_rows_and_names_its_edition():
    html = rothman.styled_comparison_table("en", edition="1995").to_html()
    assert "Use of empowerment †" in html and "1995/2001" in html
    assert "Goal categories of community action †" not in html


def test_the_history_runs_from_1970_to_the_7th_edition_in_both_languages():
    assert [e.year for e in editions()] == ["1968/1970", "1995/2001", "2007", "2008"]
    for lang, words in (("en", "beneficiaries"), ("id", "penerima manfaat")):
        md = rothman.table_history_markdown(lang)
        assert md.index("1968/1970") < md.index("1995/2001") < md.index("**2007**")
        assert md.index("**2007**") < md.index("**2008**")
        assert words in md and "Rothman (2007)" in md
        # the 7th edition is cited, its contents marked as not yet checked
        assert rothman.cite("rothman_erlich_tropman_2008", lang) in md
    assert editions()[-1].confidence == "U"
    with pytest.raises(rothman.RothmanError):
        comparison_table(edition="2008")  # no table of it is in the data


def test_corrected_rows_follow_the_literature():
    # Rothman's own words for social action's strategy are "enemy targets": both languages
    strategy = cell("change_strategy", "social_action").texts
    assert "enemy targets" in strategy["en"] and "musuh" in strategy["id"]
    # the medium of social action is guiding political processes, not taking part in them
    medium = cell("medium_of_change", "social_action")
    assert "political processes" in medium.texts["en"] and "taking part" not in medium.texts["en"]
    assert "1970" in medium.note and "manipulation of" in medium.note
    # A and B both hold one public interest; the glosses now say how they differ
    a = cell("public_interest", "locality_development").texts
    b = cell("public_interest", "social_planning").texts
    assert a["en"] != b["en"] and a["id"] != b["id"]
    assert "residents" in a["en"] and "planners" in b["en"]
    assert "warga" in a["id"] and "perencana" in b["id"]
    for var in ("public_interest", "client_population", "client_role"):
        assert cell(var, "social_action").source == "rothman_1970"


def test_each_edition_shows_its_own_words_and_cites_its_own_source():
    """The 1970 table says 'manipulation of' in the medium of change and cites the 1970
    chapter; the 1995/2001 table says 'guiding' and cites the 1995 chapter."""
    from rothman.core.editions import edition
    from rothman.core.models import Model

    old = {r.key: r for r in edition_rows("1970")}
    new = {r.key: r for r in edition_rows("1995")}
    assert edition("1970").source == "rothman_1970"
    assert edition("1995").source.startswith("rothman_1995")
    # every cell of the 1970 table cites the 1970 chapter, none the later one
    for key in old:
        for model in Model:
            assert cell(key, model).source == "rothman_1970", (key, model)
    for model in Model:
        assert old["medium_of_change"].cells[model]["en"].startswith("Manipulation of")
        assert old["medium_of_change"].cells[model]["id"].startswith("Memanipulasi")
        assert new["medium_of_change"].cells[model]["en"].startswith("Guiding")
        assert new["medium_of_change"].cells[model]["id"].startswith("Mengarahkan")
    assert new["medium_of_change"].source == "rothman_1995"
    # the dating of 'guiding' to 1995 is not checked against the page: it says so
    assert new["medium_of_change"].confidence != "C" and "checked" in new["medium_of_change"].note
    for lang in ("en", "id"):
        a = comparison_table(lang, variables=["medium_of_change"])
        b = comparison_table(lang, variables=["medium_of_change"], edition="1995")
        assert (a.values != b.values).all()
