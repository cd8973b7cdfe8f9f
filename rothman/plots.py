"""Plots of an assessment, each paired with a text summary of what it shows.

Figures are built with ``matplotlib.figure.Figure`` (not pyplot), so they are never closed
behind our back by a notebook backend and can be updated in place.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from functools import lru_cache
from math import sqrt

from ._data import read_yaml
from .assessment import Assessment
from .i18n import check_lang, text
from .models import Model

_MODELS = tuple(Model)
#: Triangle corners: A bottom left, B bottom right, C on top.
_CORNERS = ((0.0, 0.0), (1.0, 0.0), (0.5, sqrt(3) / 2))


@lru_cache(maxsize=1)
def style() -> dict:
    """Colours, hatches, markers and sizes from ``data/plot_style.yaml``."""
    return read_yaml("plot_style.yaml")


def _model_style(model: Model) -> dict:
    return style()["models"][model.value]


def _new_figure(size_key: str):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=tuple(style()["figure"][size_key]), dpi=style()["figure"]["dpi"])
    FigureCanvasAgg(fig)
    # Without pyplot no notebook formatter is registered for figures (a bare Figure shows
    # as "<Figure size ...>"): let the figure show itself as a PNG.
    fig._repr_png_ = lambda: png_bytes(fig)
    return fig


def png_bytes(fig) -> bytes:
    """The figure as PNG bytes (no tight bounding box: one draw, fixed size)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=style()["figure"]["dpi"])
    return buffer.getvalue()


class FitPlot:
    """A bar chart of each model's fit that is redrawn in place for each new assessment.

    Examples:
        >>> from rothman import assess
        >>> plot = FitPlot(assess({"goal": "capacity"}))
        >>> plot.update(assess({"goal": "shift_power"})).bars[2].get_width()
        1.0
        >>> png_bytes(plot.figure)[:4]
        b'\\x89PNG'
    """

    def __init__(self, assessment: Assessment) -> None:
        self.figure = _new_figure("fit_size")
        font = style()["figure"]["font_size"]
        # room on the right for the leader's "100% ◀", which the figure edge would cut
        ax = self.figure.add_axes((0.36, 0.2, 0.5, 0.62))
        self.axes = ax
        ys = list(range(len(_MODELS)))[::-1]
        self.bars = ax.barh(
            ys,
            [0.0] * len(_MODELS),
            color=[_model_style(m)["colour"] for m in _MODELS],
            hatch=None,
            edgecolor="#222222",
            linewidth=1.0,
            height=0.62,
        )
        for bar, model in zip(self.bars, _MODELS):
            bar.set_hatch(_model_style(model)["hatch"])
        ax.set_xlim(0, 1.0)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_yticks(ys)
        ax.tick_params(labelsize=font)
        ax.spines[["top", "right"]].set_visible(False)
        self.values = [ax.text(0, y, "", va="center", fontsize=font) for y in ys]
        self.title = ax.set_title("", fontsize=font + 1, loc="left")
        self.lang = None
        self.update(assessment)

    def update(self, assessment: Assessment) -> FitPlot:
        """Show ``assessment``: new bar lengths, labels and title; returns ``self``."""
        lang = assessment.lang
        if lang != self.lang:
            # a long name (Pengembangan Masyarakat Lokal) takes two lines rather than being cut
            self.axes.set_yticklabels(
                [textwrap.fill(f"{m.label(lang)} ({m.letter})", 24) for m in _MODELS]
            )
            self.axes.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
            self.title.set_text(text("plot_fit_title", lang))
            self.lang = lang
        for bar, label, model in zip(self.bars, self.values, _MODELS):
            share = assessment.scores[model]
            bar.set_width(share)
            label.set_x(share + 0.015)
            strong = model is assessment.model
            label.set_text(f"{round(share * 100)}%" + (" ◀" if strong else ""))
            label.set_fontweight("bold" if strong else "normal")
            bar.set_linewidth(2.5 if strong else 1.0)
        return self

    def png(self) -> bytes:
        return png_bytes(self.figure)


def fit_figure(assessment: Assessment):
    """A new figure of each model's fit (for one-off display in a notebook)."""
    return FitPlot(assessment).figure


def fit_summary(assessment: Assessment) -> str:
    """One sentence that says what the fit plot shows.

    Examples:
        >>> from rothman import assess
        >>> fit_summary(assess({"goal": "capacity", "interests": "common", "residents": "victims"}))
        'The bars show each model’s share of the answers: Locality Development 67%, Social Planning 0%, Social Action 33%. Locality Development leads.'
    """
    lang = assessment.lang
    shares = ", ".join(f"{m.label(lang)} {round(assessment.scores[m] * 100)}%" for m in _MODELS)
    if assessment.model is None:
        return text("plot_fit_summary_none", lang, shares=shares)
    if assessment.mix:
        return text(
            "plot_fit_summary_mix",
            lang,
            shares=shares,
            first=assessment.mix[0].label(lang),
            second=assessment.mix[1].label(lang),
        )
    return text("plot_fit_summary", lang, shares=shares, model=assessment.model.label(lang))


def barycentric(scores: Mapping[Model, float]) -> tuple[float, float]:
    """The point of the triangle for the given shares (A bottom left, B right, C top).

    Examples:
        >>> barycentric({Model.LOCALITY_DEVELOPMENT: 1, Model.SOCIAL_PLANNING: 0, Model.SOCIAL_ACTION: 0})
        (0.0, 0.0)
    """
    total = sum(scores[m] for m in _MODELS) or 1.0
    x = sum(scores[m] / total * _CORNERS[i][0] for i, m in enumerate(_MODELS))
    y = sum(scores[m] / total * _CORNERS[i][1] for i, m in enumerate(_MODELS))
    return round(x, 9), round(y, 9)


def triangle_figure(points: Sequence[tuple[str, Assessment]], lang: str = "en", path: bool = False):
    """Situations placed in the triangle of the three models; ``path`` joins them in order.

    Each corner is a pure model; a point's distance to a corner shows how far the
    situation is from that ideal type. Points carry a number so they are told apart
    without colour.
    """
    check_lang(lang)
    fig = _new_figure("triangle_size")
    font = style()["figure"]["font_size"]
    ax = fig.add_axes((0.05, 0.08, 0.9, 0.84))
    ax.set_aspect("equal")
    ax.axis("off")
    xs = [c[0] for c in _CORNERS] + [_CORNERS[0][0]]
    ys = [c[1] for c in _CORNERS] + [_CORNERS[0][1]]
    ax.plot(xs, ys, color="#444444", linewidth=1.2)
    offsets = ((-0.02, -0.07, "left"), (1.02, -0.07, "right"), (0.5, 0.9, "center"))
    for model, (ox, oy, ha) in zip(_MODELS, offsets):
        ms = _model_style(model)
        cx, cy = _CORNERS[_MODELS.index(model)]
        ax.scatter(
            [cx],
            [cy],
            s=140,
            marker=ms["marker"],
            color=ms["colour"],
            edgecolor="#222222",
            zorder=3,
        )
        ax.text(ox, oy, f"{model.letter}: {model.label(lang)}", ha=ha, fontsize=font)
    coords = [barycentric(a.scores) for _, a in points if a.model is not None]
    if path and len(coords) > 1:
        ax.plot(
            [c[0] for c in coords],
            [c[1] for c in coords],
            color="#222222",
            linestyle="--",
            linewidth=1.2,
            zorder=2,
        )
    number = 0
    for label, assessment in points:
        if assessment.model is None:
            continue
        number += 1
        x, y = barycentric(assessment.scores)
        ms = _model_style(assessment.model)
        ax.scatter(
            [x], [y], s=260, marker=ms["marker"], color=ms["colour"], edgecolor="#222222", zorder=4
        )
        ax.text(
            x,
            y,
            str(number),
            ha="center",
            va="center",
            fontsize=font - 2,
            zorder=5,
            color="white",
            fontweight="bold",
        )
        ax.text(x + 0.035, y + 0.02, label, fontsize=font - 1, zorder=5)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.12, 0.98)
    return fig


def triangle_summary(points: Sequence[tuple[str, Assessment]], lang: str = "en") -> str:
    """One sentence per point: where it lies in the triangle."""
    check_lang(lang)
    lines = []
    number = 0
    for label, assessment in points:
        if assessment.model is None:
            lines.append(text("plot_triangle_unknown", lang, label=label))
            continue
        number += 1
        shares = ", ".join(f"{m.letter} {round(assessment.scores[m] * 100)}%" for m in _MODELS)
        lines.append(
            text(
                "plot_triangle_point",
                lang,
                number=number,
                label=label,
                shares=shares,
                model=assessment.model.label(lang),
            )
        )
    return " ".join(lines)
