"""Errors that name the bad value and the valid choices, in either language."""

from __future__ import annotations

from collections.abc import Iterable


class RothmanError(ValueError):
    """Base of every error this library raises on bad input or bad data.

    The message is kept as a key into ``data/strings.yaml`` plus parameters, so the
    same error can be shown in English or Bahasa Indonesia: ``str(err)`` is English,
    ``err.message("id")`` is Indonesian.
    """

    key = "error_generic"

    def __init__(self, key: str | None = None, **params: object) -> None:
        self.key = key or self.key
        self.params = {k: _show(v) for k, v in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (falls back to English for an unknown language)."""
        from .i18n import LANGS, text

        try:
            return text(self.key, lang if lang in LANGS else "en", **self.params)
        except Exception:  # the strings themselves are broken: still say what happened
            details = ", ".join(f"{k}={v}" for k, v in self.params.items())
            return f"{self.key}: {details}"


class UnknownLanguageError(RothmanError):
    """A language code other than the supported ones."""

    key = "error_unknown_language"


class UnknownVariableError(RothmanError):
    """A community or practice variable that does not exist."""

    key = "error_unknown_variable"


class UnknownLevelError(RothmanError):
    """A level that the variable does not have."""

    key = "error_unknown_level"


class InvalidAnswerError(RothmanError):
    """An answer that is neither one level nor a list of 2-3 different levels."""

    key = "error_answer_type"


class PhaseError(RothmanError):
    """The answers of one phase of a path are wrong: names the phase and what is wrong."""

    key = "error_phase"

    def __init__(self, number: int, inner: RothmanError) -> None:
        self.number = number
        self.inner = inner
        super().__init__(number=number)

    def message(self, lang: str = "en") -> str:
        from .i18n import LANGS, text

        lang = lang if lang in LANGS else "en"
        try:
            return text(self.key, lang, number=self.number, problem=self.inner.message(lang))
        except Exception:
            return f"{self.key}: {self.number}: {self.inner}"


class UnknownModelError(RothmanError):
    """A model or power-structure role key that does not exist."""

    key = "error_unknown_model"


class UnknownCaseError(RothmanError):
    """A case id that is not among the loaded cases."""

    key = "error_unknown_case"


class CaseFileError(RothmanError):
    """A case file that cannot be read or does not follow the case format."""

    key = "error_case_file"


class DataError(RothmanError):
    """A shipped or lecturer-edited data file that is incomplete or malformed."""

    key = "error_data"


class MissingTranslationError(DataError):
    """A user-facing text that lacks one of the languages."""

    key = "error_missing_translation"


def _show(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return ", ".join(str(v) for v in value)
    return repr(value)
