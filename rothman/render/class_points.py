"""What a live class answered, drawn: the count per model, and each answer in the triangle.

Every figure has a sentence beside it that says what it shows (:func:`counts_summary`,
:func:`points_summary`); the models are told apart by colour, hatch or marker, and letter,
never by colour alone.
"""

from __future__ import annotations

import textwrap
from collections import Counter

from rothman.core.class_answers import Tally
from rothman.core.i18n import check_lang, text
from rothman.core.models import Model
from rothman.render.plots import new_figure, style
from rothman.render.triangle import barycentric

_INK = "#222222"
#: a point naming several models: no model's colour, a marker of its own
_MIXED = {"colour": "#FFFFFF", "marker": "D"}


def _corners() -> list[tuple[float, float]]:
    return [barycentric({m: float(m is corner) for m in Model}) for corner in Model]


def place_label(shares: tuple[float, float, float], lang: str = "en") -> str:
    """The models an answer named, as letters: ``"A"`` or ``"A + C"``.

    Examples:
        >>> place_label((0.5, 0.0, 0.5))
        'A + C'
    """
    check_lang(lang)
    return " + ".join(m.letter for m, share in zip(Model, shares) if share > 0)


def counts_summary(tally: Tally, lang: str = "en") -> str:
    """One sentence of what the count per model shows.

    Examples:
        >>> from rothman.core.class_answers import Answer, tally_of
        >>> A, B, C = Model
        >>> counts_summary(tally_of(1, [Answer(1, (A,), None, ()), Answer(1, (A, C), None, ())]))
        '2 answered. Locality Development (A) 1.5, Social Planning (B) 0, Social Action (C) 0.5.'
    """
    check_lang(lang)
    if not tally.answered:
        return text("live_no_answers", lang)
    shares = ", ".join(f"{m.label(lang)} ({m.letter}) {tally.models[m]:g}" for m in Model)
    return text("live_counts_summary", lang, answered=tally.answered, shares=shares)


def counts_figure(tally: Tally, lang: str = "en"):
    """A bar chart of the answers per model: coloured, hatched and lettered bars, each with
    its count written beside it."""
    check_lang(lang)
    fig = new_figure(style()["figure"]["fit_size"])
    font = style()["figure"]["font_size"]
    ax = fig.add_axes((0.36, 0.2, 0.56, 0.62))
    models = list(Model)
    ys = list(range(len(models)))[::-1]
    values = [tally.models[m] for m in models]
    bars = ax.barh(
        ys,
        values,
        color=[style()["models"][m.value]["colour"] for m in models],
        edgecolor=_INK,
        linewidth=1.0,
        height=0.62,
    )
    for bar, model in zip(bars, models):
        bar.set_hatch(style()["models"][model.value]["hatch"])
    top = max([*values, 1.0])
    ax.set_xlim(0, top * 1.15)
    for y, value in zip(ys, values):
        ax.text(value + top * 0.02, y, f"{value:g}", va="center", fontsize=font)
    ax.set_yticks(ys)
    ax.set_yticklabels([textwrap.fill(f"{m.label(lang)} ({m.letter})", 24) for m in models])
    ax.tick_params(labelsize=font)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(text("live_counts_title", lang), fontsize=font + 1, loc="left")
    return fig


def _places(tally: Tally) -> list[tuple[tuple[float, float, float], int]]:
    """Each place in the triangle with its number of answers, most answers first."""
    counted = Counter(point.shares for point in tally.points)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def points_summary(tally: Tally, lang: str = "en") -> str:
    """What the triangle of answers shows: how many answers sit at each place.

    Examples:
        >>> from rothman.core.class_answers import Answer, tally_of
        >>> A, B, C = Model
        >>> t = tally_of(1, [Answer(1, (C,), None, ()), Answer(1, (C,), None, ()),
        ...                  Answer(1, (A, C), None, ())])
        >>> points_summary(t).split(". ")[-1]
        '2 at C, 1 at A + C.'
    """
    check_lang(lang)
    if not tally.answered:
        return text("live_no_answers", lang)
    places = ", ".join(
        text("live_point_place", lang, count=count, models=place_label(shares, lang))
        for shares, count in _places(tally)
    )
    return text("live_points_summary", lang, places=f"{places}.")


def points_figure(tally: Tally, lang: str = "en"):
    """Each answer as a point of the models' triangle; answers at one place make one larger
    marker with their number beside it (a class of thirty stays readable)."""
    check_lang(lang)
    font = style()["figure"]["font_size"]
    width, height = style()["figure"]["triangle_size"]
    fig = new_figure((height * 1.1, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.92))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.2, 1.0)
    corners = _corners()
    outline = [*corners, corners[0]]
    ax.plot([c[0] for c in outline], [c[1] for c in outline], color="#444444", linewidth=1.2)
    places = ((-0.02, -0.06, "left", "top"), (1.02, -0.06, "right", "top"))
    places += ((0.5, corners[2][1] + 0.05, "center", "bottom"),)
    for model, (tx, ty, ha, va) in zip(Model, places):
        ax.text(tx, ty, model.letter, ha=ha, va=va, fontsize=font + 2, fontweight="bold")
    fig.suptitle(text("live_points_title", lang), fontsize=font + 1, x=0.02, ha="left")
    for shares, count in _places(tally):
        named = [m for m, share in zip(Model, shares) if share > 0]
        look = style()["models"][named[0].value] if len(named) == 1 else _MIXED
        x, y = barycentric(dict(zip(Model, shares)))
        ax.scatter(
            [x],
            [y],
            s=120 + 60 * count,
            marker=look["marker"],
            color=look["colour"],
            edgecolor=_INK,
            linewidth=1.2,
            zorder=4,
        )
        ax.text(
            x + 0.05,
            y + 0.03,
            f"{place_label(shares, lang)}: {count}",
            fontsize=font,
            fontweight="bold",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": _INK},
        )
    return fig
