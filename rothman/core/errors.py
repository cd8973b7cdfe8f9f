"""Errors that name the bad value and the valid choices, in either language.

This is the lowest layer of the package: it imports nothing of it. The texts of the
messages live in the data files; :mod:`rothman.core.i18n` hands its lookup to
:func:`set_renderer` when it is imported (``import rothman`` always imports it), so an
error is shown in any language without this module reaching up to the layers that read
the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: key, language, parameters -> message; installed by :mod:`rothman.core.i18n`
_render: Callable[[str, str, dict[str, str]], str] | None = None


def set_renderer(render: Callable[[str, str, dict[str, str]], str]) -> None:
    """Install the function that turns a message key into text (done by rothman.i18n)."""
    global _render
    _render = render


class RothmanError(ValueError):
    """Base of every error this library raises on bad input or bad data.

    The message is kept as a key into the strings files plus parameters, so the same error
    can be shown in English or Bahasa Indonesia: ``str(err)`` is English,
    ``err.message("id")`` is Indonesian. A parameter that has a ``message(lang)`` method
    (another error, a problem in a file) is shown in the language asked for too.
    """

    key = "error_generic"

    def __init__(self, key: str | None = None, **params: object) -> None:
        self.key = key or self.key
        self.raw_params = dict(params)
        self.params = {k: _show(v, "en") for k, v in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (English for a language without strings)."""
        params = {k: _show(v, lang) for k, v in self.raw_params.items()}
        try:
            if _render is None:
                raise LookupError("no strings loaded")
            return _render(self.key, lang, params)
        except Exception:  # the strings themselves are broken: still say what happened
            details = ", ".join(f"{k}={v}" for k, v in params.items())
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

    key = "answer_type"


class PhaseError(RothmanError):
    """The answers of one phase of a path are wrong: names the phase and what is wrong."""

    key = "error_phase"

    def __init__(self, number: int, inner: RothmanError) -> None:
        self.number = number
        self.inner = inner
        # the inner error is a parameter with its own message(lang): shown in the same language
        super().__init__(number=number, problem=inner)


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


def _show(value: object, lang: str) -> str:
    if isinstance(value, str):
        return value
    message = getattr(value, "message", None)
    if callable(message):
        try:
            return message(lang)
        except Exception:
            return str(value)
    if isinstance(value, Iterable):
        return ", ".join(str(v) for v in value)
    return repr(value)
