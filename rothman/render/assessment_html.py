"""An :class:`~rothman.core.assessment.Assessment` in HTML: the one rendering of it.

Every view of an assessment, in the notebooks' widgets and on the printable pages, is built
from the macros of ``templates/assessment.html.j2``; this module hands them to Python code.
Everything an assessment says is escaped.
"""

from __future__ import annotations

from markupsafe import Markup

from rothman.core.assessment import Assessment
from rothman.render.templating import environment


class HTMLFragment(Markup):
    """Escaped HTML that a notebook shows as HTML (and a template takes as it is)."""

    def _repr_html_(self) -> str:
        return str(self)


def _macros():
    return environment().get_template("assessment.html.j2").module


def assessment_html(assessment: Assessment) -> HTMLFragment:
    """The whole assessment: headline, fit, tensions, reasons and what would change.

    In a notebook the result shows as HTML.

    Examples:
        >>> from rothman import assess
        >>> page = assessment_html(assess({"goal": "capacity"}))
        >>> page.startswith('<div class="rothman-assessment" lang="en">')
        True
    """
    return HTMLFragment(_macros().block(assessment))


def tensions_html(assessment: Assessment) -> Markup:
    """The tensions as a warning block (empty when there are none)."""
    return Markup(_macros().tensions(assessment))


def headline_html(assessment: Assessment, tag: str = "p", cls: str = "") -> Markup:
    """The headline in a ``tag`` element of class ``cls``."""
    return Markup(_macros().headline(assessment, tag, cls))


def role_html(assessment: Assessment) -> Markup:
    """The leading model's power-structure role, explained (empty when nothing is known)."""
    return Markup(_macros().role(assessment))


def reasons_html(assessment: Assessment, style: str = "strong") -> Markup:
    """The reasons of the known answers under a heading (``"h3"``, ``"strong"``, ``"colon"``)."""
    return Markup(_macros().reasons(assessment, style))


def what_if_html(assessment: Assessment, style: str = "strong") -> Markup:
    """What would change the leading model, under a heading; empty when nothing would."""
    return Markup(_macros().what_if(assessment, style))


def practicum_view_html(assessment: Assessment, missing_names: str = "") -> Markup:
    """The practicum form's live view: the assessment, both roles, the evidence missing."""
    return Markup(_macros().practicum_view(assessment, missing_names))
