"""Rothman's models of community intervention, for teaching.

Examples:
    >>> import rothman
    >>> rothman.assess({"power_holders": "sponsors"}).model
    <Model.SOCIAL_PLANNING: 'social_planning'>
"""

from .assessment import Assessment, Change, Reason, Tension, WhatIf, assess, phases
from .cases import Case, Feedback, case, case_problems, cases, check_answer, load_cases
from .course import (
    case_markdown,
    critiques,
    critiques_markdown,
    discussion_questions,
    glossary,
    models_markdown,
    multi_modes,
    multi_modes_grid,
    questions_markdown,
    style_table,
    weil_gamble,
)
from .diagrams import (
    power_roles_markdown,
    power_structure_figure,
    power_structure_summary,
    roles_table,
)
from .editions import UnknownEditionError, table_editions, table_history_markdown
from .errors import (
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
from .i18n import LANGS, check_lang, text
from .models import Model, PowerRole, model_info, practitioner_roles
from .practice import guidance, guidance_table, model_guidance_markdown, stages_table
from .references import (
    Reference,
    UnknownReferenceError,
    cite,
    format_reference,
    reference,
    reference_list,
    reference_list_markdown,
)
from .table import PracticeVariable, comparison_table, practice_variables, styled_comparison_table
from .triangle import barycentric, case_points, phase_points, situations_figure, situations_summary
from .variables import UNSURE, CommunityVariable, Level, community_variables, variable

__version__ = "0.1.0"

__all__ = [
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
