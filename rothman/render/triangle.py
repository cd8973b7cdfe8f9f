"""Situations in the triangle of the three models: mixes, and cases moving through phases.

A situation's place in the triangle is given by each model's share of its answers
(barycentric coordinates): each corner is a pure model, the middle an even mix.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

from rothman.core.assessment import Assessment
from rothman.core.cases import Case
from rothman.core.explanations import model_list
from rothman.core.i18n import check_lang, text
from rothman.core.markup import MarkdownText
from rothman.core.models import Model
from rothman.render.plots import new_figure, style

_INK = "#222222"
#: Corners of the triangle: A bottom left, B bottom right, C on top.
CORNERS = ((0.0, 0.0), (1.0, 0.0), (0.5, 3**0.5 / 2))


def barycentric(scores: Mapping[Model, float]) -> tuple[float, float]:
    """The point of the triangle for the given shares (A bottom left, B right, C top).

    Examples:
        >>> barycentric({Model.LOCALITY_DEVELOPMENT: 1, Model.SOCIAL_PLANNING: 0, Model.SOCIAL_ACTION: 0})
        (0.0, 0.0)
        >>> barycentric({Model.LOCALITY_DEVELOPMENT: 0, Model.SOCIAL_PLANNING: 0.5, Model.SOCIAL_ACTION: 0.5})
        (0.75, 0.433012702)
    """
    total = sum(scores[m] for m in Model) or 1.0
    x = sum(scores[m] / total * CORNERS[i][0] for i, m in enumerate(Model))
    y = sum(scores[m] / total * CORNERS[i][1] for i, m in enumerate(Model))
    return round(x, 9), round(y, 9)


def phase_points(item: Case) -> list[tuple[str, Assessment]]:
    """The phases of a case as labelled assessments, ready for ``situations_figure(path=True)``.

    Labels are in the case's language; a case without phases gives one point, the case.
    """
    from rothman.core.assessment import assess

    if not item.phases:
        return [(item.title, item.assess())]
    return [
        (phase.label(item.lang), assess(phase.answers, lang=item.lang)) for phase in item.phases
    ]


def case_points(items: Iterable[Case]) -> list[tuple[str, Assessment]]:
    """Cases as labelled assessments (label: the case title) for ``situations_figure``."""
    return [(item.title, item.assess()) for item in items]


def _spread(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points that fall on the same spot are set a little apart, so every number shows."""
    from math import cos, pi, sin

    out = []
    for i, (x, y) in enumerate(coords):
        same = [j for j, c in enumerate(coords) if c == (x, y)]
        if len(same) == 1:
            out.append((x, y))
            continue
        angle = 2 * pi * same.index(i) / len(same) + pi  # two points: left, then right
        out.append((x + 0.04 * cos(angle), y + 0.04 * sin(angle)))
    return out


def situations_figure(points: Iterable[tuple[str, Assessment]], lang: str = "en", path=False):
    """Situations in the triangle of the three models, numbered, with a key beside it.

    Each corner is a pure model; a point's place shows each model's share of its answers.
    Points are numbered and the key on the right gives each number its label and leading
    model(s), so long labels never cover the triangle; with ``path`` arrows join the points
    in order, for a case that moves through phases. Situations with nothing known are left
    out, as in :func:`situations_summary`, so the numbers match its sentences.

    Examples:
        >>> from rothman import assess
        >>> points = [("one", assess({"goal": "capacity"})), ("two", assess({"goal": "shift_power"}))]
        >>> fig = situations_figure(points, "en", path=True)
        >>> [t.get_text() for t in fig.axes[1].texts][:3]
        ['1', 'one', 'A: Locality Development']
    """
    from matplotlib.patches import FancyArrowPatch

    check_lang(lang)
    known = [(label, a) for label, a in points if a.model is not None]
    font = style()["figure"]["font_size"]
    line = font * 1.45 / 72  # height of one line of the key, in inches
    entries = []
    for label, result in known:
        lead = result.mix if result.mix else (result.model,)
        if result.tied:  # equal shares get the same key whichever model the rule put first
            lead = tuple(sorted(lead, key=list(Model).index))
        names = " + ".join(m.label(lang) for m in lead)
        letters = " + ".join(m.letter for m in lead)
        key = f"{letters}: {names}"
        if result.close_behind:  # a strong runner-up: the point is not a clear-cut case
            key = text(
                "plot_triangle_key_close",
                lang,
                key=key,
                others=model_list(result.close_behind, lang),
            )
        entries.append((textwrap.wrap(label, 32) or [""], textwrap.wrap(key, 36)))
    key_height = sum(line * (len(a) + len(b)) + 0.14 for a, b in entries) + 0.3
    width, height = tuple(style()["figure"]["triangle_size"])
    height = max(height, key_height)
    fig = new_figure((width, height))
    # the triangle keeps its size at the top left, whatever the height of the key
    tri = tuple(style()["figure"]["triangle_size"])[1]
    ax = fig.add_axes((0.0, 1 - tri / height, 0.56, tri / height))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.3, 1.08)
    outline = [*CORNERS, CORNERS[0]]
    ax.plot([c[0] for c in outline], [c[1] for c in outline], color="#444444", linewidth=1.2)
    # faint lines from each corner to the middle of the opposite side: the even mixes
    for i, corner in enumerate(CORNERS):
        a, b = (c for j, c in enumerate(CORNERS) if j != i)
        ax.plot(
            [corner[0], (a[0] + b[0]) / 2],
            [corner[1], (a[1] + b[1]) / 2],
            color="#BBBBBB",
            linewidth=0.8,
            linestyle=":",
        )
    # corner names sit clear of the corners, where points of pure situations gather
    places = ((-0.02, -0.11, "left", "top"), (1.02, -0.11, "right", "top"))
    places += ((0.5, CORNERS[2][1] + 0.1, "center", "bottom"),)
    for model, (tx, ty, ha, va) in zip(Model, places):
        name = (
            model.label(lang)
            if model is Model.SOCIAL_ACTION
            else textwrap.fill(model.label(lang), 18)
        )
        ax.text(
            tx,
            ty,
            f"{model.letter}: {name}",
            ha=ha,
            va=va,
            fontsize=font,
            fontweight="bold",
            linespacing=1.2,
        )
    coords = _spread([barycentric(a.scores) for _, a in known])
    if path:
        for start, end in zip(coords, coords[1:]):
            ax.add_patch(
                FancyArrowPatch(
                    start,
                    end,
                    arrowstyle="-|>",
                    mutation_scale=18,
                    linewidth=1.6,
                    linestyle="--",
                    color=_INK,
                    shrinkA=12,
                    shrinkB=12,
                    zorder=2,
                )
            )
    for number, ((x, y), (_, result)) in enumerate(zip(coords, known), start=1):
        ms = style()["models"][result.model.value]
        ax.scatter(
            [x], [y], s=300, marker=ms["marker"], color=ms["colour"], edgecolor=_INK, zorder=4
        )
        ax.text(
            x + 0.04,
            y + 0.03,
            str(number),
            fontsize=font,
            fontweight="bold",
            zorder=5,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": _INK,
                "linewidth": 0.6,
            },
        )
    key = fig.add_axes((0.58, 0.0, 0.41, 1.0))
    key.axis("off")
    key.set_xlim(0, 1)
    key.set_ylim(0, height)  # in inches from the bottom, so lines keep their spacing
    y = height - 0.25
    for number, ((label_lines, lead_lines), (_, result)) in enumerate(zip(entries, known), 1):
        ms = style()["models"][result.model.value]
        key.scatter(
            [0.03], [y - line / 2], s=90, marker=ms["marker"], color=ms["colour"], edgecolor=_INK
        )
        key.text(0.08, y, str(number), fontsize=font, fontweight="bold", va="top")
        # labels are case titles from files: '$' must not start mathtext
        key.text(
            0.15,
            y,
            "\n".join(label_lines),
            fontsize=font,
            va="top",
            linespacing=1.25,
            parse_math=False,
        )
        y -= line * len(label_lines)
        key.text(
            0.15,
            y,
            "\n".join(lead_lines),
            fontsize=font - 1,
            va="top",
            color="#333333",
            style="italic",
            linespacing=1.25,
        )
        y -= line * len(lead_lines) + 0.14
    return fig


def situations_summary(points: Iterable[tuple[str, Assessment]], lang: str = "en") -> MarkdownText:
    """What the triangle shows, one line per point, as a Markdown list.

    Numbered as in :func:`situations_figure`.

    Examples:
        >>> from rothman import assess
        >>> print(situations_summary([("one", assess({"goal": "capacity"})), ("two", assess({}))]))
        - Point 1 (one): A 100%, B 0%, C 0%, closest to Locality Development.
        - two: nothing known, not drawn.
        >>> print(situations_summary([("tie", assess({"goal": ["capacity", "solve_task"]}))]))
        - Point 1 (tie): A 50%, B 50%, C 0%, between Locality Development and Social Planning.
    """
    check_lang(lang)
    lines = []
    number = 0
    for label, result in points:
        if result.model is None:
            lines.append(f"- {text('plot_triangle_unknown', lang, label=label)}")
            continue
        number += 1
        shares = ", ".join(f"{m.letter} {round(result.scores[m] * 100)}%" for m in Model)
        if result.tied:  # equal shares: named the same way whichever rule named the leader
            tied = sorted(result.tied, key=list(Model).index)
            sentence = text(
                "plot_triangle_point_tie",
                lang,
                number=number,
                label=label,
                shares=shares,
                models=model_list(tied, lang),
            )
        else:
            sentence = text(
                "plot_triangle_point_close" if result.close_behind else "plot_triangle_point",
                lang,
                number=number,
                label=label,
                shares=shares,
                model=result.model.label(lang),
                others=model_list(result.close_behind, lang) if result.close_behind else "",
            )
        lines.append(f"- {sentence}")
    return MarkdownText("\n".join(lines))
