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
    item: Case,
    model: Model | str | None,
    role: PowerRole | str | None = None,
    lang: str | None = None,
    second: Model | str | None = None,
) -> Feedback:
    """Feedback on a student's choice of model (and, optionally, power-structure role).

    For a mixed case any model of the mix counts as right, and so do both of its models
    named together (``second``); for a case of one model, naming a mix is not right. The
    role is judged first against the model the student chose (does it fit that model?), then
    against the case (what its model, or each model of its mix, gives the power structure).
    Without a model (``None``) the feedback only asks for one: nothing about the case shows.

    Examples:
        >>> from rothman.core.cases import case, cases
        >>> c = case("love_canal") if "love_canal" in [x.id for x in cases()] else cases()[0]
        >>> fb = check_answer(c, c.expected_models[0], c.expected_role)
        >>> fb.correct
        True
        >>> print(check_answer(c, None).text)
        Choose a model first.
        >>> check_answer(c, "charity").text
        Traceback (most recent call last):
        ...
        rothman.core.errors.UnknownModelError: Unknown key 'charity'. Choose one of: locality_development, social_planning, social_action.
    """
    lang = check_lang(lang or item.lang)
    item = item.in_language(lang)
    if model is None:
        return Feedback(
            correct_model=False, correct_role=None, text=text("quiz_choose_first", lang)
        )
    chosen = Model.parse(model)
    also = Model.parse(second) if second is not None else None
    if also is chosen:
        also = None
    chosen_role = PowerRole.parse(role) if role is not None else None
    expected = item.expected_models
    join = text("and_join", lang).join
    expected_label = join(m.label(lang) for m in expected)
    named = (chosen,) if also is None else (chosen, also)
    named_label = join(m.label(lang) for m in named)
    right_model = all(m in expected for m in named) and (also is None or item.is_mix)
    lines = []
    if also is not None and not item.is_mix:
        lines.append(text("feedback_not_mix", lang, chosen=named_label, model=expected_label))
    elif right_model and also is not None:
        lines.append(text("feedback_mix_both_right", lang, models=expected_label))
    elif right_model and item.is_mix:
        lines.append(
            text("feedback_mix_right", lang, chosen=chosen.label(lang), models=expected_label)
        )
    elif right_model:
        lines.append(text("feedback_model_right", lang, model=chosen.label(lang)))
    else:
        key = "feedback_mix_wrong" if item.is_mix else "feedback_model_wrong"
        lines.append(text(key, lang, chosen=named_label, model=expected_label))
    right_role = None
    if chosen_role is not None:
        # each model of a mix brings its own role; a case of one model states its role
        needs = (
            {m: m.power_structure_role for m in expected}
            if item.is_mix
            else {expected[0]: item.expected_role}
        )
        want = needs.get(chosen)
        right_role = chosen_role is want if want is not None else chosen_role in needs.values()
        own = chosen.power_structure_role
        key = "feedback_role_fits" if chosen_role is own else "feedback_role_misfit"
        lines.append(
            text(
                key,
                lang,
                model=chosen.label(lang),
                role=own.label(lang),
                chosen=chosen_role.label(lang),
            )
        )
        if not (right_model and right_role and chosen_role is own):
            need = "; ".join(
                text("feedback_role_need", lang, model=m.label(lang), role=r.label(lang))
                for m, r in needs.items()
            )
            lines.append(text("feedback_role_case", lang, needs=need))
    if item.explanation:
        lines.append(item.explanation)
    return Feedback(correct_model=right_model, correct_role=right_role, text=" ".join(lines))
