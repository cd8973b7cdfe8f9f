"""Questions for the practicum report's reflection, drawn from the course."""

from __future__ import annotations

from rothman.core.i18n import check_lang, text


def reflection_prompts(assessment, lang: str) -> list[str]:
    """Questions to reflect on, drawn from the course: tensions, ethics and critiques.

    The tensions of the student's own answers come first, then the ethical questions tied to
    the leading model (from the practice guidance), then the critiques of the typology.

    Examples:
        >>> from rothman import assess
        >>> prompts = reflection_prompts(assess({"goal": "shift_power"}), "en")
        >>> prompts[0].startswith("Rothman calls the models ideal types")
        True
    """
    from rothman.core.critiques import critiques
    from rothman.core.practice import guidance

    check_lang(lang)
    out = [text("rw_prompt_opening", lang)]
    for tension in assessment.tensions:
        out.append(text("rw_prompt_tension", lang, tension=tension.text))
    if assessment.model is not None:
        for item in guidance("ethics", assessment.model)[:2]:
            out.append(text("rw_prompt_ethics", lang, question=item.name(lang)))
    for critique in critiques(lang):
        out.append(text("rw_prompt_critique", lang, title=critique.title))
    return out
