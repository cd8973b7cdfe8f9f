import pytest


@pytest.fixture(autouse=True)
def _no_lang_from_env(monkeypatch):
    # the command line reads ROTHMAN_LANG; tests say the language they mean
    monkeypatch.delenv("ROTHMAN_LANG", raising=False)
