"""Each case's answers are tied to its own story: the words of the story behind every answer."""

import pytest
import yaml

from rothman import LANGS, case_problems, cases
from rothman.core.data import data_dir

FILES = sorted((data_dir() / "cases").glob("*.yaml"))


def _flat(text):
    return " ".join(text.split())


def _raw(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_key_sentence_occurs_in_the_story_of_its_language(path):
    raw = _raw(path)
    evidence = raw.get("evidence")
    # every shipped case gives the story's words behind its answers (lecturers' own files may not)
    assert evidence, f"{raw['id']}: no key sentences"
    answered = {k for k, v in raw["answers"].items() if v != "unsure"}
    assert set(evidence) == answered, raw["id"]
    for variable, texts in evidence.items():
        assert set(texts) == set(LANGS), (raw["id"], variable)
        for lang in LANGS:
            quotes = texts[lang] if isinstance(texts[lang], list) else [texts[lang]]
            story = _flat(raw["story"][lang])
            for quote in quotes:
                assert quote.strip() and _flat(quote) in story, (raw["id"], variable, lang, quote)
        # an answer naming several levels quotes the story for each of them
        answer = raw["answers"][variable]
        if isinstance(answer, list):
            for lang in LANGS:
                assert isinstance(texts[lang], list) and len(texts[lang]) >= len(answer)


def test_the_rechecked_cases_still_assess_as_their_files_say():
    for item in cases():
        assert case_problems(item) == [], item.id
    disability = next(c for c in cases() if c.id == "disability_data_and_regulation")
    # the members' experience of exclusion is injustice as well as a service gap
    assert disability.answers["problem"] == ("service_gap", "injustice")
