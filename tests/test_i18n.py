import pytest

from rothman import LANGS, MissingTranslationError, UnknownLanguageError, check_lang, text
from rothman.core.i18n import pick


def test_langs():
    assert LANGS == ("en", "id")
    assert check_lang("en") == "en"


@pytest.mark.parametrize("bad", ["EN", "fr", "", None, 1])
def test_unknown_language_names_choices(bad):
    with pytest.raises(UnknownLanguageError, match="Choose one of: en, id"):
        check_lang(bad)


def test_missing_translation_names_the_place():
    with pytest.raises(MissingTranslationError) as info:
        pick({"en": "x"}, "id", where="models.yaml: foo")
    assert "models.yaml: foo" in str(info.value) and "'id'" in str(info.value)
    with pytest.raises(MissingTranslationError):
        pick({"en": "x", "id": "   "}, "id")


def test_unknown_key():
    with pytest.raises(MissingTranslationError, match="no_such_key"):
        text("no_such_key")


def test_error_message_in_both_languages():
    err = UnknownLanguageError(value="fr", choices=LANGS)
    assert err.message("en") == "Unknown language 'fr'. Choose one of: en, id."
    assert err.message("id") == "Bahasa 'fr' tidak dikenal. Pilih salah satu: en, id."
