"""A case's answers against what its file expects, and feedback on a student's answer."""

from __future__ import annotations

from rothman.core.assessment import assess
from rothman.core.case_study import Case, Feedback
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model, PowerRole
from rothman.core.yaml_lines import Problem


def disagreements(item: Case) -> list[Problem]:
    """Where the library's assessment disagrees with what the case file expects.

    Each problem names the case's file and the line of its ``expected`` field.
    """
    result = assess(item.answers, lang=item.lang)
    lang = item.lang
    found = []
    line = item.line

    def label(models) -> str:
        return text("and_join", lang).join(m.label(lang) for m in models)

    got = label(result.mix) if result.mix else result.model.label(lang)
    if item.is_mix:
        if result.mix is None or set(result.mix) != set(item.expected_models):
            found.append(
                Problem(
                    item.path,
                    line,
                    "case_assess_mix",
                    {"id": item.id, "got": got, "want": label(item.expected_models)},
                )
            )
    elif result.model is not item.expected_models[0] or result.mix is not None:
        found.append(
            Problem(
                item.path,
                line,
                "case_assess_model",
                {"id": item.id, "got": got, "want": label(item.expected_models)},
            )
        )
    if result.power_structure_role is not item.expected_role:
        role = result.power_structure_role
        found.append(
            Problem(
                item.path,
                line,
                "case_assess_role",
                {
                    "id": item.id,
                    "got": role.label(lang) if role is not None else text("unsure", lang),
                    "want": item.expected_role.label(lang),
                },
            )
        )
    return found


def case_problems(item: Case) -> list[str]:
    """Where the library's assessment disagrees with what the case file expects, in words.

    Examples:
        >>> from rothman.core.cases import case
        >>> case_problems(case("love_canal"))
        []
    """
    return [p.message(item.lang) for p in disagreements(item)]


def check_answer(
    item: Case, model: Model | str, role: PowerRole | str | None = None, lang: str | None = None
) -> Feedback:
    """Feedback on a student's choice of model (and, optionally, power-structure role).

    For a mixed case any model of the mix counts as right, and the role is judged against
    the model chosen (each model of a mix gives the power structure its own role); the
    feedback names the mix, and says separately whether the model and the role are right.

    Examples:
        >>> from rothman.core.cases import case, cases
        >>> c = case("love_canal") if "love_canal" in [x.id for x in cases()] else cases()[0]
        >>> fb = check_answer(c, c.expected_models[0], c.expected_role)
        >>> fb.correct
        True
        >>> check_answer(c, "charity").text
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownModelError: Unknown key 'charity'. Choose one of: locality_development, social_planning, social_action.
    """
    lang = check_lang(lang or item.lang)
    item = item.in_language(lang)
    chosen = Model.parse(model)
    chosen_role = PowerRole.parse(role) if role is not None else None
    right_model = chosen in item.expected_models
    # in a mixed case each model of the mix brings its own role: judge the role against the
    # model the student chose when it is one of them
    role_model = chosen if right_model else item.expected_models[0]
    want_role = role_model.power_structure_role if item.is_mix else item.expected_role
    right_role = None if chosen_role is None else chosen_role is want_role
    expected_label = text("and_join", lang).join(m.label(lang) for m in item.expected_models)
    lines = []
    if right_model and item.is_mix:
        lines.append(
            text("feedback_mix_right", lang, chosen=chosen.label(lang), models=expected_label)
        )
    elif right_model:
        lines.append(text("feedback_model_right", lang, model=chosen.label(lang)))
    else:
        key = "feedback_mix_wrong" if item.is_mix else "feedback_model_wrong"
        lines.append(text(key, lang, chosen=chosen.label(lang), model=expected_label))
    if chosen_role is not None:
        if item.is_mix:
            key = "feedback_role_right_for" if right_role else "feedback_role_wrong_for"
        else:
            key = "feedback_role_right" if right_role else "feedback_role_wrong"
        lines.append(
            text(
                key,
                lang,
                chosen=chosen_role.label(lang),
                role=want_role.label(lang),
                model=role_model.label(lang),
            )
        )
    if item.explanation:
        lines.append(item.explanation)
    return Feedback(correct_model=right_model, correct_role=right_role, text=" ".join(lines))
