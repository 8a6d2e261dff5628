"""Plotly figures built from the comparison frames; pages only draw them.

Plotly renders a subset of HTML in every text property, so every string from
outside (model names, categories, labels that hold them) goes through
`core.text.plot_text` on its way in: an `<a href>` in a name shows as text.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.catalogue import sources
from core.memo import memoize_on_data
from core.text import plot_text

DEFAULT_BARS = 5  # models in the side-by-side bars when none is chosen


def _texts(values) -> list[str]:
    return [plot_text(value) for value in values]


@memoize_on_data
def build_scatter_figure(frame: pd.DataFrame, x_label: str, y_label: str) -> go.Figure:
    """AA index (x) against Design Arena ELO (y) for models both sources cover."""
    x_label, y_label = plot_text(x_label), plot_text(y_label)
    both = frame.dropna(subset=["aa_score", "da_score"])
    flagged = both["disagreement"].notna()
    figure = go.Figure()
    for name, part, symbol in (("Sources agree", both[~flagged], "circle"),
                               ("Sources disagree", both[flagged], "diamond")):
        figure.add_trace(go.Scatter(
            x=part["aa_score"], y=part["da_score"], mode="markers", name=name,
            marker={"size": 10, "symbol": symbol, "opacity": 0.85},
            text=_texts(part["model"]),
            customdata=part[["aa_percentile", "da_percentile"]].round(0).to_numpy(),
            hovertemplate=(f"<b>%{{text}}</b><br>{x_label}: %{{x}} (pct %{{customdata[0]:.0f}})"
                           f"<br>{y_label}: %{{y:.0f}} (pct %{{customdata[1]:.0f}})<extra></extra>"),
        ))
    figure.update_layout(xaxis_title=x_label, yaxis_title=y_label, legend_title_text="",
                         margin={"t": 30, "l": 10, "r": 10, "b": 10}, height=460)
    return figure


@memoize_on_data
def build_heatmap_figure(matrix: pd.DataFrame) -> go.Figure:
    """Models × Design Arena categories, ELO as colour; blank where a model was not rated."""
    figure = go.Figure(go.Heatmap(
        z=matrix.to_numpy(dtype=float), x=_texts(matrix.columns), y=_texts(matrix.index),
        colorscale="Viridis", colorbar={"title": "ELO"}, hoverongaps=False,
        hovertemplate="<b>%{y}</b><br>%{x}: ELO %{z:.0f}<extra></extra>",
    ))
    figure.update_layout(height=max(320, 22 * len(matrix.index) + 120), yaxis={"autorange": "reversed"},
                         margin={"t": 30, "l": 10, "r": 10, "b": 10})
    return figure


@memoize_on_data
def build_bars_figure(frame: pd.DataFrame, models: tuple[str, ...] = (),
                      default_count: int = DEFAULT_BARS) -> go.Figure:
    """Grouped bars: each chosen model's percentile within each source (the best few when none is chosen)."""
    frame = frame[frame["model_permaslug"].isin(models)] if models else frame.head(default_count)
    figure = go.Figure()
    for chosen in sources():
        column, name = f"{chosen.key}_percentile", chosen.label
        if column not in frame or frame[column].isna().all():
            continue  # no empty legend entries
        figure.add_trace(go.Bar(
            name=plot_text(name), x=_texts(frame["model"]), y=frame[column],
            hovertemplate="<b>%{x}</b><br>" + plot_text(name) + ": percentile %{y:.0f}<extra></extra>",
        ))
    figure.update_layout(barmode="group", yaxis={"title": "Percentile within source", "range": [0, 100]},
                         margin={"t": 30, "l": 10, "r": 10, "b": 10}, height=400, legend_title_text="")
    return figure


@memoize_on_data
def build_value_figure(frame: pd.DataFrame, score_label: str, score_kind: str = "number") -> go.Figure:
    """Score against blended price on a log axis with dollar ticks, the Pareto frontier a labelled line.

    Free models are drawn at the left edge, at the tick labelled "Free" (a log axis has no zero); a free
    model with the best score so far is on the frontier, its first point. The frontier has its own colour
    and width, so it keeps its contrast in the dark theme as in the light one. `score_kind` (the
    measure's column kind) formats the score in the hover as the tables do.
    """
    from core.formats import format_value, money
    from core.value import price_axis

    score_label = plot_text(score_label)
    axis = price_axis(frame["price"])
    drawn = frame.dropna(subset=["price"]).assign(x=lambda f: f["price"].where(~f["free"], axis.free_at))
    hover = ("<b>%{text}</b><br>" + score_label + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>")

    def custom(part: pd.DataFrame) -> list[list[str]]:
        return [[format_value(score_kind, score), f"{money(price)} per 1M tokens" if price > 0 else "free"]
                for score, price in zip(part["score"], part["price"], strict=True)]

    def scatter(part: pd.DataFrame, **style) -> go.Scatter:
        return go.Scatter(x=part["x"], y=part["score"], text=_texts(part["model"]), customdata=custom(part),
                          hovertemplate=hover, **style)

    priced, free = drawn[~drawn["free"]], drawn[drawn["free"]]
    line = drawn[drawn["on_frontier"]].sort_values(["x", "score"], ascending=[True, False], kind="stable")
    figure = go.Figure()
    figure.add_trace(scatter(priced, mode="markers", name="Models",
                             marker={"size": 9, "opacity": 0.55, "color": "#4C9BE8"}))
    figure.add_trace(scatter(
        line, mode="lines+markers+text", name="Pareto frontier",
        line={"shape": "hv", "width": 3, "color": "#F58518"},
        marker={"size": 11, "color": "#F58518", "line": {"width": 1, "color": "#FFFFFF"}},
        textposition=["top right" if i == 0 else "top left" for i in range(len(line))], textfont={"size": 11}))
    if not free.empty:  # over the frontier's marker: a free leader reads as free
        figure.add_trace(scatter(free, mode="markers", name="Free (drawn at the left edge)",
                                 marker={"size": 14, "symbol": "star", "color": "#2CA02C"}))
    figure.update_layout(
        xaxis={"type": "log", "title": "Blended $ per 1M tokens (your token mix), log scale; free models at the "
               "left edge", "tickmode": "array", "tickvals": list(axis.ticks), "ticktext": list(axis.labels),
               "range": list(axis.range)},
        yaxis={"title": score_label}, legend_title_text="", height=520,
        margin={"t": 30, "l": 10, "r": 10, "b": 10})
    return figure

