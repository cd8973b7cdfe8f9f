"""Rothman's models of community intervention, for teaching.

Examples:
    >>> import rothman
    >>> rothman.assess({"power_holders": "sponsors"}).model
    <Model.SOCIAL_PLANNING: 'social_planning'>
"""

from rothman.core.assessment import Assessment, assess, phases
from rothman.core.case_feedback import case_problems, check_answer
from rothman.core.case_study import Case, Feedback
from rothman.core.cases import case, cases, load_cases
from rothman.core.critiques import critiques, discussion_questions, weil_gamble
from rothman.core.editions import UnknownEditionError, table_editions, table_history_markdown
from rothman.core.errors import (
    CaseFileError,
    DataError,
    InvalidAnswerError,
    MissingTranslationError,
    PhaseError,
    RothmanError,
    UnknownCaseError,
    UnknownLanguageError,
    UnknownLevelError,
    UnknownModelError,
    UnknownVariableError,
)
from rothman.core.explanations import Change, Reason, Tension, WhatIf
from rothman.core.glossary import glossary
from rothman.core.i18n import LANGS, check_lang, text
from rothman.core.models import Model, PowerRole, model_info, practitioner_roles
from rothman.core.multi_modes import multi_modes, multi_modes_grid
from rothman.core.practice import guidance, guidance_table, model_guidance_markdown, stages_table
from rothman.core.practice_variables import PracticeVariable, practice_variables
from rothman.core.reference_list import format_reference, reference_list, reference_list_markdown
from rothman.core.references import Reference, UnknownReferenceError, cite, reference
from rothman.core.self_checks import check_self_check, self_check, self_checks
from rothman.core.table import comparison_table, styled_comparison_table
from rothman.core.variables import UNSURE, CommunityVariable, Level, community_variables, variable
from rothman.render.markdown import (
    case_markdown,
    critiques_markdown,
    models_markdown,
    questions_markdown,
    style_table,
)

#: Public names whose modules need matplotlib, ipywidgets or a server: imported on first use, so
#: that ``import rothman`` stays light (a class kernel, the command line, a doctest).
_LAZY = {
    "power_roles_markdown": "rothman.render.diagrams",
    "power_structure_figure": "rothman.render.diagrams",
    "power_structure_summary": "rothman.render.diagrams",
    "roles_table": "rothman.render.diagrams",
    "barycentric": "rothman.render.triangle",
    "case_points": "rothman.render.triangle",
    "phase_points": "rothman.render.triangle",
    "situations_figure": "rothman.render.triangle",
    "situations_summary": "rothman.render.triangle",
    "fit_figure": "rothman.render.plots",
    "fit_summary": "rothman.render.plots",
    "assessment_html": "rothman.render.assessment_html",
    "Explorer": "rothman.notebook.explorer",
    "CaseQuiz": "rothman.notebook.quiz",
    "TableBrowser": "rothman.notebook.table_browser",
    "PhaseBuilder": "rothman.notebook.phase_builder",
    "PhaseViewer": "rothman.notebook.phase_viewer",
    "SelfCheckWidget": "rothman.notebook.self_check",
    "PracticumReport": "rothman.notebook.practicum_form",
    "show_presentation": "rothman.classroom.present",
    "lab_notebook_file": "rothman.classroom.lab",
}
_LAZY_ALIASES = {"show_presentation": "show", "lab_notebook_file": "notebook_file"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rothman' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), _LAZY_ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    "CaseQuiz",
    "Explorer",
    "PhaseBuilder",
    "PhaseViewer",
    "PracticumReport",
    "SelfCheckWidget",
    "TableBrowser",
    "fit_figure",
    "fit_summary",
    "lab_notebook_file",
    "show_presentation",
    "LANGS",
    "UNSURE",
    "Assessment",
    "Case",
    "CaseFileError",
    "Change",
    "CommunityVariable",
    "DataError",
    "InvalidAnswerError",
    "Feedback",
    "Level",
    "MissingTranslationError",
    "Model",
    "PhaseError",
    "PowerRole",
    "PracticeVariable",
    "Reason",
    "Reference",
    "RothmanError",
    "Tension",
    "UnknownCaseError",
    "UnknownEditionError",
    "UnknownLanguageError",
    "UnknownLevelError",
    "UnknownModelError",
    "UnknownReferenceError",
    "UnknownVariableError",
    "WhatIf",
    "assess",
    "barycentric",
    "case",
    "case_markdown",
    "case_points",
    "case_problems",
    "cases",
    "check_answer",
    "check_self_check",
    "self_check",
    "self_checks",
    "check_lang",
    "cite",
    "community_variables",
    "comparison_table",
    "critiques",
    "critiques_markdown",
    "discussion_questions",
    "format_reference",
    "glossary",
    "guidance",
    "guidance_table",
    "load_cases",
    "model_info",
    "model_guidance_markdown",
    "models_markdown",
    "multi_modes",
    "multi_modes_grid",
    "phase_points",
    "phases",
    "power_roles_markdown",
    "power_structure_figure",
    "power_structure_summary",
    "practice_variables",
    "practitioner_roles",
    "questions_markdown",
    "reference",
    "reference_list",
    "reference_list_markdown",
    "roles_table",
    "situations_figure",
    "situations_summary",
    "stages_table",
    "style_table",
    "table_editions",
    "table_history_markdown",
    "styled_comparison_table",
    "text",
    "variable",
    "weil_gamble",
]
