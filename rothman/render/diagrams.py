"""The power structure and practitioner roles, in a diagram and in words.

Every figure is a ``matplotlib.figure.Figure`` (never pyplot) and comes with a one-sentence
text summary; the role texts are Markdown or tables read from ``data/models.yaml``. Models
are told apart by colour, hatch, marker and letter together.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from rothman.core.i18n import check_lang, text
from rothman.core.markup import MarkdownText
from rothman.core.models import Model, PowerRole, model_info, practitioner_roles
from rothman.core.practice_variables import cell_text
from rothman.core.references import cite
from rothman.render.plots import new_figure, style

#: Figure size of the power-structure diagram, in inches (three rows, one per model).
_POWER_SIZE = (9.6, 10.2)
_GREY = "#BBBBBB"
_INK = "#222222"


def _box(ax, x, y, label, *, face, hatch="", width=0.36, bold=False, font=11):
    from matplotlib.patches import FancyBboxPatch

    label = textwrap.fill(label, width=16)
    height = 0.16 + 0.07 * label.count("\n")
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.01,rounding_size=0.03",
            facecolor=face,
            edgecolor=_INK,
            hatch=hatch,
            linewidth=1.4,
            zorder=2,
        )
    )
    ax.text(
        x,
        y,
        label,
        ha="center",
        va="center",
        fontsize=font,
        fontweight="bold" if bold else "normal",
        zorder=4,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
    )


def _arrow(ax, start, end, *, both=False, width=1.6, style_="-|>", label="", font=10):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle=("<|-|>" if both else style_),
            mutation_scale=18 if width < 3 else 26,
            linewidth=width,
            color=_INK,
            shrinkA=4,
            shrinkB=4,
            zorder=3,
        )
    )
    if label:
        # labels sit to the right of a vertical arrow, wrapped so they stay in the panel
        ax.text(
            start[0] + 0.04,
            (start[1] + end[1]) / 2,
            textwrap.fill(label, width=26),
            ha="left",
            va="center",
            fontsize=font,
            style="italic",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )


def _boundary(ax, x0, y0, x1, y1, label, font, bottom=False):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            boxstyle="round,pad=0.01,rounding_size=0.05",
            facecolor="none",
            edgecolor=_INK,
            linestyle="--",
            linewidth=1.1,
            zorder=1,
            clip_on=False,
        )
    )
    if bottom:
        ax.text(
            (x0 + x1) / 2,
            y0 + 0.03,
            label,
            ha="center",
            va="bottom",
            fontsize=font - 1,
            style="italic",
        )
    else:
        ax.text(x0 + 0.02, y1 - 0.04, label, ha="left", va="top", fontsize=font - 1, style="italic")


def _draw_relation(ax, model: Model, lang: str, font: int) -> None:
    """The three actors and the arrows between them, placed by the power-structure role."""
    ms = style()["models"][model.value]
    power = text("diagram_power_structure", lang)
    worker = text("diagram_practitioner", lang)
    role = model.power_structure_role
    if role is PowerRole.COLLABORATORS:
        _boundary(ax, 0.03, 0.04, 0.97, 0.96, text("diagram_whole_community", lang), font)
        _box(ax, 0.25, 0.66, power, face=_GREY, hatch="..", font=font)
        _box(ax, 0.75, 0.66, text("diagram_residents", lang), face="white", font=font)
        _box(ax, 0.5, 0.2, worker, face=ms["colour"], hatch=ms["hatch"], font=font)
        _arrow(ax, (0.42, 0.66), (0.58, 0.66), both=True)
        ax.text(
            0.5,
            0.5,
            text("diagram_work_together", lang),
            ha="center",
            va="center",
            fontsize=font - 1,
            style="italic",
        )
        _arrow(ax, (0.45, 0.29), (0.3, 0.57), both=True, width=1.1)
        _arrow(ax, (0.55, 0.29), (0.7, 0.57), both=True, width=1.1)
    elif role is PowerRole.SPONSORS:
        _box(ax, 0.5, 0.84, power, face=_GREY, hatch="..", font=font)
        _box(ax, 0.5, 0.5, worker, face=ms["colour"], hatch=ms["hatch"], font=font)
        _boundary(
            ax, 0.1, -0.03, 0.9, 0.3, text("diagram_community_or_segment", lang), font, bottom=True
        )
        _box(ax, 0.5, 0.17, text("diagram_residents", lang), face="white", font=font)
        _arrow(ax, (0.5, 0.76), (0.5, 0.58), label=text("diagram_mandate", lang), font=font - 1)
        _arrow(ax, (0.5, 0.42), (0.5, 0.25), label=text("diagram_serves", lang), font=font - 1)
    else:
        _boundary(ax, 0.03, 0.04, 0.52, 0.96, text("diagram_segment", lang), font)
        _box(ax, 0.27, 0.62, text("diagram_organized_group", lang), face="white", font=font)
        _box(ax, 0.27, 0.2, worker, face=ms["colour"], hatch=ms["hatch"], font=font)
        _arrow(ax, (0.27, 0.29), (0.27, 0.51), both=True, width=1.1)
        _box(ax, 0.8, 0.62, power, face=_GREY, hatch="..", font=font)
        _arrow(ax, (0.46, 0.62), (0.61, 0.62), width=4.0)
        ax.text(
            0.8,
            0.44,
            text("diagram_pressure", lang),
            ha="center",
            va="top",
            fontsize=font - 1,
            style="italic",
        )


def _roles_text(model: Model, lang: str) -> str:
    names = {r.key: r.name(lang) for r in practitioner_roles()}
    return ", ".join(names[key] for key in model_info(model).practitioner_roles)


def power_structure_figure(lang: str = "en"):
    """Three small diagrams, one per model: where the power structure stands.

    Each row shows the power structure (grey, dotted), the practitioner (the model's
    colour and hatch) and the residents or organized group, with arrows for how they
    relate; beside it, the power-structure role, the medium of change and the salient
    practitioner roles, all read from ``data/models.yaml``.

    Examples:
        >>> fig = power_structure_figure("id")
        >>> len(fig.axes)
        6
        >>> fig.axes[0].get_title(loc="left")
        'A. Pengembangan Masyarakat Lokal'
    """
    check_lang(lang)
    font = style()["figure"]["font_size"]
    fig = new_figure(_POWER_SIZE)
    grid = fig.add_gridspec(
        3,
        2,
        width_ratios=(1.0, 1.05),
        left=0.02,
        right=0.98,
        top=0.955,
        bottom=0.02,
        hspace=0.32,
        wspace=0.06,
    )
    for row, model in enumerate(Model):
        diagram = fig.add_subplot(grid[row, 0])
        diagram.set_xlim(0, 1)
        diagram.set_ylim(0, 1)
        diagram.axis("off")
        diagram.set_title(
            f"{model.letter}. {model.label(lang)}", loc="left", fontsize=font + 2, fontweight="bold"
        )
        _draw_relation(diagram, model, lang, font)
        notes = fig.add_subplot(grid[row, 1])
        notes.axis("off")
        lines = [
            (text("diagram_power_role", lang), model.power_structure_role.label(lang)),
            (text("diagram_medium", lang), cell_text("medium_of_change", model, lang)),
            (text("diagram_roles", lang), _roles_text(model, lang)),
        ]
        y = 0.97
        for heading, body in lines:
            notes.text(0.0, y, heading, fontsize=font, fontweight="bold", va="top")
            wrapped = textwrap.fill(" ".join(body.split()), width=50)
            notes.text(0.0, y - 0.1, wrapped, fontsize=font, va="top", linespacing=1.3)
            y -= 0.1 + 0.1 * (wrapped.count("\n") + 1) + 0.07
    return fig


def power_structure_summary(lang: str = "en") -> MarkdownText:
    """One sentence saying what the power-structure diagram shows.

    Examples:
        >>> print(power_structure_summary("en"))
        The diagram puts the power structure inside the whole community as collaborators in Locality Development (A), above the practitioner as employer and sponsor in Social Planning (B), and outside the organized group as the target of action in Social Action (C).
    """
    check_lang(lang)
    a, b, c = Model
    return MarkdownText(
        text(
            "diagram_power_summary",
            lang,
            a=f"{a.label(lang)} ({a.letter})",
            b=f"{b.label(lang)} ({b.letter})",
            c=f"{c.label(lang)} ({c.letter})",
            role_a=a.power_structure_role.label(lang).lower(),
            role_b=b.power_structure_role.label(lang).lower(),
            role_c=c.power_structure_role.label(lang).lower(),
        )
    )


def power_roles_markdown(lang: str = "en") -> MarkdownText:
    """The three orientations toward the power structure, one paragraph each.

    Examples:
        >>> print(power_roles_markdown("en").splitlines()[0][:60])
        **A. Locality Development: Collaborators.** Local leaders, o
    """
    check_lang(lang)
    parts = []
    for model in Model:
        role = model.power_structure_role
        head = f"{model.letter}. {model.label(lang)}: {role.label(lang)}."
        explanation = " ".join(role.explanation(lang).split())
        parts.append(f"**{head}** {explanation}")
    return MarkdownText("\n\n".join(parts))


def roles_table(lang: str = "en") -> pd.DataFrame:
    """The practitioner roles: what each does and the model(s) where it is salient.

    Examples:
        >>> roles = roles_table("id")
        >>> roles.loc["Perantara (broker)", "Model"]
        'C. Aksi Sosial'
        >>> list(roles_table("en").columns)
        ['What the practitioner does', 'Model', 'Source']
    """
    import pandas as pd

    check_lang(lang)
    rows = practitioner_roles()
    frame = pd.DataFrame(
        [
            [
                " ".join(r.description(lang).split()),
                "; ".join(f"{m.letter}. {m.label(lang)}" for m in Model if m in r.models),
                cite(r.source, lang),
            ]
            for r in rows
        ],
        index=pd.Index([r.name(lang) for r in rows], name=text("course_role", lang)),
        columns=[
            text("course_role_does", lang),
            text("course_role_models", lang),
            text("source", lang),
        ],
    )
    frame.attrs["keys"] = [r.key for r in rows]
    frame.attrs["caption"] = text("course_roles_caption", lang)
    return frame
