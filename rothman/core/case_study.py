"""A case study as the library holds it: its texts in both languages, the answers its story
gives, the model and role it expects, and the feedback a student gets on it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rothman.core.answers import Answer
from rothman.core.assessment import Assessment, assess
from rothman.core.i18n import check_lang, text
from rothman.core.markup import markdown_text
from rothman.core.models import Model, PowerRole
from rothman.core.references import cite, cited_keys


@dataclass(frozen=True)
class CasePhase:
    """One phase of a case that moves through phases."""

    labels: Mapping[str, str]
    answers: Mapping[str, Answer]

    def label(self, lang: str = "en") -> str:
        return self.labels[check_lang(lang)]


@dataclass(frozen=True)
class Case:
    """A case study, with its texts shown in ``lang``.

    ``expected_models`` holds one model, or two (leader first) for a mixed case.
    """

    id: str
    lang: str
    texts: Mapping[str, Mapping[str, str]]
    answers: Mapping[str, Answer]
    expected_models: tuple[Model, ...]
    expected_role: PowerRole
    source: str
    basis: str
    phases: tuple[CasePhase, ...]
    path: str
    #: True for a lecturer's own case, read from outside the package
    own: bool = False
    #: the line of the file's ``expected`` field, where the file says what it expects
    line: int | None = None
    #: variable -> {lang: the story's words behind the answer (one quote, or one per level)};
    #: a lecturer's own case may leave it out
    evidence: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.id, self.lang, self.path))

    def _text(self, field: str) -> str:
        return self.texts.get(field, {}).get(self.lang, "")

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def story(self) -> str:
        return self._text("story")

    @property
    def setting(self) -> str:
        return self._text("setting")

    @property
    def explanation(self) -> str:
        return self._text("explanation")

    @property
    def note(self) -> str:
        return self._text("note")

    @property
    def illustrative(self) -> bool:
        """True for a case written for the course rather than told from a source."""
        return self.basis == "illustrative"

    @property
    def reference_keys(self) -> tuple[str, ...]:
        """The reference-list keys the case's source names (none for free text)."""
        return cited_keys(self.source)

    @property
    def source_text(self) -> str:
        """Where the case comes from, in ``lang``: retold from, adapted from, or illustrative.

        Examples:
            >>> from rothman.core.cases import case
            >>> case("love_canal", "id").source_text.startswith("Diceritakan ulang dari")
            True
        """
        cited = cite(self.source, self.lang) if self.source else ""
        if self.basis == "illustrative":
            lead = text("case_illustrative", self.lang)
            # a free-text note on an illustrative case (older files) adds nothing to the lead
            if not self.reference_keys:
                return lead
            return f"{lead} {text('case_compare', self.lang, refs=cited)}"
        return text(f"case_{self.basis}_from", self.lang, refs=cited)

    def key_sentences(self, variable: str) -> tuple[str, ...]:
        """The story's words, in ``lang``, behind the answer to ``variable`` (none if not given).

        Examples:
            >>> from rothman.core.cases import case
            >>> item = case("love_canal", "id")
            >>> all(q in item.story for q in item.key_sentences("constituency"))
            True
        """
        return self.evidence.get(variable, {}).get(self.lang, ())

    @property
    def is_mix(self) -> bool:
        return len(self.expected_models) == 2

    def in_language(self, lang: str) -> Case:
        """The same case with its texts in ``lang``."""
        return replace(self, lang=check_lang(lang))

    def assess(self) -> Assessment:
        """The library's assessment of the case's answers, in the case's language."""
        return assess(self.answers, lang=self.lang)


@dataclass(frozen=True)
class Feedback:
    """Feedback on a student's answer to a case."""

    correct_model: bool
    correct_role: bool | None
    text: str

    @property
    def correct(self) -> bool:
        return self.correct_model and self.correct_role is not False

    def _repr_markdown_(self) -> str:
        # the feedback quotes the case file's explanation: shown as text, never as markup
        return markdown_text(self.text)
