"""Plots of an assessment, each paired with a text summary of what it shows.

Figures are built with ``matplotlib.figure.Figure`` (not pyplot), so they are never closed
behind our back by a notebook backend and can be updated in place.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from rothman.core.assessment import Assessment
from rothman.core.data import read_yaml
from rothman.core.explanations import model_list
from rothman.core.i18n import text
from rothman.core.models import Model

_MODELS = tuple(Model)


@lru_cache(maxsize=1)
def style() -> dict:
    """Colours, hatches, markers and sizes from ``data/plot_style.yaml``."""
    return read_yaml("plot_style.yaml")


def _model_style(model: Model) -> dict:
    return style()["models"][model.value]


def new_figure(size: tuple[float, float]):
    """A ``Figure`` of ``size`` inches on an Agg canvas, outside pyplot, showing as PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=tuple(size), dpi=style()["figure"]["dpi"])
    FigureCanvasAgg(fig)
    # Without pyplot no notebook formatter is registered for figures (a bare Figure shows
    # as "<Figure size ...>"): let the figure show itself as a PNG.
    fig._repr_png_ = lambda: png_bytes(fig)
    return fig


#: Figures on paper are drawn at this multiple of their screen resolution, so they stay sharp.
PRINT_SCALE = 2


def png_bytes(fig, scale: float = 1) -> bytes:
    """The figure as PNG bytes (no tight bounding box: one draw, fixed size).

    ``scale`` multiplies the screen resolution (:data:`PRINT_SCALE` for paper).
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=style()["figure"]["dpi"] * scale)
    return buffer.getvalue()


def print_png(fig) -> bytes:
    """The figure as PNG bytes at print resolution, for the printable pages."""
    return png_bytes(fig, PRINT_SCALE)


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
        self.figure = new_figure(style()["figure"]["fit_size"])
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


def new_chart_id() -> str:
    """A new id for a chart: pages may hold several, from different kernels."""
    from uuid import uuid4

    return f"rothman-fit-{uuid4().hex[:10]}"


#: The share of the chart's width that 100% takes: the rest holds the leader's "100% ◀".
_BAR_SPAN = 78


def fit_svg(assessment: Assessment, uid: str | None = None) -> str:
    """The bar chart of each model's fit as SVG for an HTML page, sized in em.

    Its labels are text that grows with the type around it and stays sharp at any size;
    the chart is named by its title and described by :func:`fit_summary` for screen readers.
    ``uid`` prefixes the ids inside it (its hatch patterns), unique on the page; by default a
    new random one. A chart redrawn in place keeps its own, so the same shares give the same
    SVG.

    Examples:
        >>> from rothman import assess
        >>> chart = fit_svg(assess({"goal": "shift_power"}))
        >>> chart.startswith("<svg") and "Social Action (C)" in chart and "100% ◀" in chart
        True
    """
    from rothman.render.templating import render

    lang = assessment.lang
    label, tick, bar = 0.9, 0.85, 0.95  # font sizes and the bar's height, in the page's em
    line, gap = 1.15, 0.35
    top = 0.0  # the headline above says what the chart is about; its title is for readers
    rows = []
    for n, model in enumerate(_MODELS):
        share = assessment.scores[model]
        strong = model is assessment.model
        row_top = top + n * (line + bar + gap)
        look = _model_style(model)
        rows.append(
            {
                "label": f"{model.label(lang)} ({model.letter})",
                "letter": model.letter,
                "colour": look["colour"],
                "hatch": look["hatch"],
                "strong": strong,
                "width": round(share * _BAR_SPAN, 2),
                "value": f"{round(share * 100)}%" + (" ◀" if strong else ""),
                "label_y": round((row_top + 0.86) / label, 3),
                "bar_y": round(row_top + line, 3),
                "value_y": round((row_top + line + bar / 2) / label, 3),
            }
        )
    grid_bottom = top + len(_MODELS) * (line + bar + gap)
    ticks = [
        {"x": round(step * _BAR_SPAN / 4, 2), "label": f"{step * 25}%", "anchor": anchor}
        for step, anchor in enumerate(("start", "middle", "middle", "middle", "middle"))
    ]
    return str(
        render(
            "fit_chart.svg.j2",
            uid=uid or new_chart_id(),
            title=text("plot_fit_title", lang),
            summary=fit_summary(assessment),
            rows=rows,
            ticks=ticks,
            bar=bar,
            label_size=label,
            tick_size=tick,
            grid_pad=0.1,
            grid_bottom=round(grid_bottom, 3),
            tick_y=round((grid_bottom + 0.95) / tick, 3),
            height=round(grid_bottom + 1.3, 3),
        )
    )


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
            models=model_list(assessment.mix, lang),
        )
    return text("plot_fit_summary", lang, shares=shares, model=assessment.model.label(lang))
