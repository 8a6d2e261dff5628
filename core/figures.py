"""Plotly figures built from the comparison frames; pages only draw them.

Plotly renders a subset of HTML in every text property, so every string from
outside (model names, categories, labels that hold them) goes through
`core.text.plot_text` on its way in: an `<a href>` in a name shows as text.

Colours are set, never left to the theme: each source has its one colour in
the catalogue (`Source.colour`) wherever it is drawn, and the charts' own
colours (chosen models, context, "not rated") read on the light theme's white
and the dark theme's #0E1117 alike.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.catalogue import sources
from core.formats import format_figure, format_value
from core.memo import memoize_on_data
from core.text import plot_text

DEFAULT_BARS = 5  # models in the side-by-side bars when none is chosen
CHOSEN_COLOUR = "#D6336C"  # chosen models on the scatter: no source's colour
CONTEXT_COLOURS = {"Sources agree": "#808791", "Sources disagree": "#9D7CD8"}
NOT_RATED_COLOUR = "#9AA0A6"  # neutral grey: no Viridis colour, apart from the lowest ELO in both themes
NOT_RATED = "not rated"
# Value for money's own colours, none a source's (a point is a model, whichever source rated it): points a
# neutral grey; the frontier magenta, white-edged, at least 3:1 on white and on the dark theme's #0E1117; free
# models a gold star with a dark edge, which reads on white as the gold does on the dark theme.
VALUE_POINT_COLOUR = "#8C8C8C"
FRONTIER_COLOUR = "#CC00CC"
FREE_COLOUR, FREE_EDGE = "#FFD000", "#7A5C00"
# Legends lie in a row above the plot, from its left edge: on a phone (390 px) a legend at the side takes a
# third of the width and cuts its labels. The top margin leaves the toolbar (shown on hover) a row of its own.
LEGEND_ABOVE = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom", "title_text": ""}


def _texts(values) -> list[str]:
    return [plot_text(value) for value in values]


@memoize_on_data
def build_scatter_figure(frame: pd.DataFrame, x_label: str, y_label: str, chosen: tuple[str, ...] = ()
                         ) -> go.Figure:
    """AA index (x) against Design Arena ELO (y) for models both sources cover.

    Chosen models (ids) are their own trace, drawn last: larger markers in a strong colour, named on the
    chart; the others stay as dimmed context.
    """
    x_label, y_label = plot_text(x_label), plot_text(y_label)
    both = frame.dropna(subset=["aa_score", "da_score"])
    picked = both["model_permaslug"].isin(chosen)
    context, highlighted = both[~picked], both[picked]
    flagged = context["disagreement"].notna()
    hover = (f"<b>%{{hovertext}}</b><br>{x_label}: %{{customdata[0]}} (percentile %{{customdata[1]}})"
             f"<br>{y_label}: %{{customdata[2]}} (percentile %{{customdata[3]}})<extra></extra>")

    def points(part: pd.DataFrame, **style) -> go.Scatter:
        names = _texts(part["model"])
        custom = [[format_figure("aa_score", aa), format_value("percent", aa_pct),
                   format_figure("da_score", da), format_value("percent", da_pct)]
                  for aa, aa_pct, da, da_pct in part[["aa_score", "aa_percentile", "da_score", "da_percentile"]]
                  .itertuples(index=False)]
        return go.Scatter(x=part["aa_score"], y=part["da_score"], text=names, hovertext=names,
                          customdata=custom, hovertemplate=hover, **style)

    figure = go.Figure()
    for name, part, symbol in (("Sources agree", context[~flagged], "circle"),
                               ("Sources disagree", context[flagged], "diamond")):
        figure.add_trace(points(part, mode="markers", name=name, marker={
            "size": 9 if chosen else 10, "symbol": symbol, "opacity": 0.35 if chosen else 0.85,
            "color": CONTEXT_COLOURS[name]}))
    if not highlighted.empty:  # no legend entry for chosen models none of which is drawn
        order = {slug: i for i, slug in enumerate(chosen)}
        highlighted = highlighted.sort_values("model_permaslug", key=lambda ids: ids.map(order), kind="stable")
        figure.add_trace(points(
            highlighted, mode="markers+text", name="Chosen models", textposition="top center",
            textfont={"size": 12, "color": CHOSEN_COLOUR}, cliponaxis=False,
            marker={"size": 15, "color": CHOSEN_COLOUR, "line": {"width": 1.5, "color": "#FFFFFF"}}))
    figure.update_layout(xaxis={"title": x_label, "automargin": True}, yaxis={"title": y_label, "automargin": True},
                         legend=LEGEND_ABOVE, margin={"t": 56, "l": 10, "r": 10, "b": 10}, height=460)
    return figure


@memoize_on_data
def build_heatmap_figure(matrix: pd.DataFrame) -> go.Figure:
    """Models × Design Arena categories, ELO as colour; a neutral grey where a model was not rated.

    A missing cell is left out of the colour scale and the plot area behind the cells is that grey, so
    "not rated" never reads as the lowest ELO (Viridis' darkest purple) in either theme; its hover says so.
    """
    values = matrix.to_numpy(dtype=float)
    hover = [[NOT_RATED if pd.isna(v) else f"ELO {format_figure('elo', v)}" for v in row] for row in values]
    figure = go.Figure(go.Heatmap(
        z=values, x=_texts(matrix.columns), y=_texts(matrix.index), text=hover,
        colorscale="Viridis", colorbar={"title": "ELO"}, hoverongaps=True,
        hovertemplate="<b>%{y}</b><br>%{x}: %{text}<extra></extra>",
    ))
    rows, columns = values.shape
    figure.update_layout(height=max(320, 22 * rows + 120), plot_bgcolor=NOT_RATED_COLOUR,
                         xaxis={"range": [-0.5, columns - 0.5], "showgrid": False, "zeroline": False},
                         yaxis={"range": [rows - 0.5, -0.5], "showgrid": False, "zeroline": False},  # first on top
                         margin={"t": 30, "l": 10, "r": 10, "b": 10, "pad": 0})  # no grey frame round the cells
    return figure


@memoize_on_data
def build_bars_figure(frame: pd.DataFrame, models: tuple[str, ...] = (), default_count: int = DEFAULT_BARS,
                      labels: tuple[tuple[str, str], ...] = ()) -> go.Figure:
    """Grouped bars: each chosen model's percentile within each source (the best few when none is chosen).

    One trace per source that rates any shown model, in the source's colour. The hover gives the raw figure
    as the tables show it (ELO whole, index to one decimal, accuracy in %) and the percentile; a model the
    source does not rate gets a zero bar that reads "not rated". `labels`: (column prefix, what the figure
    measures here), e.g. ("da", "Design Arena ELO · Game dev (Models)").
    """
    if models:
        order = {slug: i for i, slug in enumerate(models)}
        frame = frame[frame["model_permaslug"].isin(models)].sort_values(
            "model_permaslug", key=lambda ids: ids.map(order), kind="stable")
    else:
        frame = frame.head(default_count)
    measured = dict(labels)
    figure = go.Figure()
    for chosen in sources():
        column, name = f"{chosen.key}_percentile", plot_text(chosen.label)
        if column not in frame or frame[column].isna().all():
            continue  # no empty legend entries
        rated = frame[column].notna()
        figures = [format_figure(f"{chosen.key}_score", v) if ok else NOT_RATED
                   for v, ok in zip(frame[f"{chosen.key}_score"], rated, strict=True)]
        percentiles = [format_value("percent", p) if ok else "—" for p, ok in zip(frame[column], rated, strict=True)]
        figure.add_trace(go.Bar(
            name=name, x=_texts(frame["model"]), y=frame[column].fillna(0), marker={"color": chosen.colour},
            text=["" if ok else NOT_RATED for ok in rated], textposition="outside", textangle=-90,
            textfont={"color": chosen.colour}, constraintext="none", cliponaxis=False,
            customdata=list(zip(figures, percentiles, strict=True)),
            hovertemplate=(f"<b>%{{x}}</b><br>{plot_text(measured.get(chosen.key, chosen.label))}: "
                           f"%{{customdata[0]}}<br>Percentile within {name}: %{{customdata[1]}}<extra></extra>"),
        ))
    figure.update_layout(barmode="group", yaxis={"title": "Percentile within source", "range": [0, 100]},
                         margin={"t": 30, "l": 10, "r": 10, "b": 10}, height=400, legend_title_text="")
    return figure


# The frontier's points are numbered as the page's table of them is (`core.value.frontier_rows`: cheapest
# first): a number fits beside its point on a phone, where names ran past the chart's edge and over each other.
# Each number sits above its point, where the step line never runs (it leaves a point to the right).


@memoize_on_data
def build_value_figure(frame: pd.DataFrame, score_label: str, score_kind: str = "number") -> go.Figure:
    """Score against blended price on a log axis with dollar ticks, the Pareto frontier a numbered line
    (its points numbered as the page's table of them; names in the hover).

    Free models are drawn at the left edge, at the tick labelled "Free" (a log axis has no zero); a free
    model with the best score so far is on the frontier, its first point. Its colours are no source's (the
    points grey, the frontier magenta and wide, free models gold stars), so the frontier keeps its contrast
    in the dark theme as in the light one. The legend lies above the plot and the x title is short, for a
    phone; the page says the rest. `score_kind` (the measure's column kind) formats the score in the hover
    as the tables do.
    """
    from core.formats import format_value, money
    from core.value import frontier_rows, price_axis

    score_label = plot_text(score_label)
    axis = price_axis(frame["price"])
    drawn = frame.dropna(subset=["price"]).assign(x=lambda f: f["price"].where(~f["free"], axis.free_at))
    hover = ("<b>%{hovertext}</b><br>" + score_label + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>")
    steps = {slug: str(n) for n, slug in enumerate(frontier_rows(frame)["model_permaslug"], start=1)}

    def custom(part: pd.DataFrame) -> list[list[str]]:
        return [[format_value(score_kind, score), f"{money(price)} per 1M tokens" if price > 0 else "free"]
                for score, price in zip(part["score"], part["price"], strict=True)]

    def scatter(part: pd.DataFrame, **style) -> go.Scatter:
        return go.Scatter(x=part["x"], y=part["score"], hovertext=_texts(part["model"]), customdata=custom(part),
                          hovertemplate=hover, **style)

    priced, free = drawn[~drawn["free"]], drawn[drawn["free"]]
    line = drawn[drawn["on_frontier"]].sort_values(["x", "score"], ascending=[True, False], kind="stable")
    line = line.loc[sorted(line.index, key=lambda i: int(steps[line.at[i, "model_permaslug"]]))]
    figure = go.Figure()
    figure.add_trace(scatter(priced, mode="markers", name="Models",
                             marker={"size": 9, "opacity": 0.6, "color": VALUE_POINT_COLOUR}))
    figure.add_trace(scatter(
        line, mode="lines+markers+text", name="Pareto frontier",
        line={"shape": "hv", "width": 3, "color": FRONTIER_COLOUR},
        marker={"size": 11, "color": FRONTIER_COLOUR, "line": {"width": 1.5, "color": "#FFFFFF"}},
        text=[steps[slug] for slug in line["model_permaslug"]], textposition="top center",
        textfont={"size": 12}, cliponaxis=False))
    if not free.empty:  # over the frontier's marker: a free leader reads as free
        figure.add_trace(scatter(free, mode="markers", name="Free", marker={
            "size": 15, "symbol": "star", "color": FREE_COLOUR, "line": {"width": 1.5, "color": FREE_EDGE}}))
    figure.update_layout(  # a short x title that fits a phone; the page's caption says the rest
        xaxis={"type": "log", "title": "Blended $ per 1M tokens (log)", "automargin": True, "tickmode": "array",
               "tickvals": list(axis.ticks), "ticktext": list(axis.labels), "range": list(axis.range)},
        yaxis={"title": score_label, "automargin": True}, legend=LEGEND_ABOVE, height=520,
        margin={"t": 56, "l": 10, "r": 10, "b": 10})
    return figure



# A model's history: at most HISTORY_LINES lines drawn at first (the rest a click away in the legend), each in
# its own colour. The colours are no source's (a line is a measure, not a source; each is at least 80 apart in
# RGB from every source colour) and read on white and on the dark theme's #0E1117 (3:1); a line shown later from
# the legend repeats a colour with another marker.
HISTORY_LINES = 8
HISTORY_COLOURS = ("#DC143C", "#00796B", "#808000", "#C71585", "#A0522D", "#607D8B", "#F06292", "#A1887F")
HISTORY_SYMBOLS = ("circle", "square", "diamond", "triangle-up")
# The legend lies below the plot, at the figure's foot: on a phone it takes as many rows as it has entries, and
# above the plot it ran under the chart's toolbar. The figure grows by a row's height per entry, so the plot
# keeps its height on a phone, where each entry takes a row of its own.
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yref": "container", "yanchor": "bottom",
                "title_text": ""}
LEGEND_ROW_PX = 20
TICK_GAP = 5  # date ticks at least a fifth of the dates' span apart: "Jul 12" and "Jul 14" never overlap


def _date_ticks(stamps: list) -> list:
    """The dates to label: the first and the last, and those between at least 1/TICK_GAP of the span from the
    ones labelled."""
    if len(stamps) < 3:
        return list(stamps)
    gap = (stamps[-1] - stamps[0]) / TICK_GAP
    kept = [stamps[0]]
    for stamp in stamps[1:-1]:
        if stamp - kept[-1] >= gap and stamps[-1] - stamp >= gap:
            kept.append(stamp)
    return [*kept, stamps[-1]]


@memoize_on_data
def build_rank_history_figure(points: pd.DataFrame, slug: str, breaks: tuple = ()) -> go.Figure:
    """A model's rank at each archived date, one line per measure (best at the top: the axis runs down).

    `points` is `SourceHistory.points`: a date with no figure is a gap in its line, never a zero. Ids other
    than `slug` (other releases of the model) are dashed lines of their own. The lines of `slug` rated on the
    most dates are drawn, at most HISTORY_LINES; the others are in the legend, one click away. `breaks`
    (`core.history.Break`) are marked where a source revised a metric: ranks compare across them, raw figures
    do not; the mark's label lies above the plot, over no point.
    """
    figure = go.Figure()
    lines = list(points.groupby(["measure_id", "model_permaslug"], sort=False))
    rated = {key: int(part["rank"].notna().sum()) for key, part in lines}
    order = sorted(range(len(lines)), key=lambda i: (lines[i][0][1] != slug, -rated[lines[i][0]], i))
    for place, index in enumerate(order):
        (_, model), part = lines[index]
        part = part.sort_values("stamp")
        colour = HISTORY_COLOURS[place % len(HISTORY_COLOURS)]
        symbol = HISTORY_SYMBOLS[(place + place // len(HISTORY_COLOURS)) % len(HISTORY_SYMBOLS)]
        label = plot_text(part["measure"].iloc[0]) + ("" if model == slug else f" · {plot_text(model)}")
        hover = [f"{plot_text(date)}: rank {rank} of {of} · {plot_text(text)}" if pd.notna(rank) else
                 f"{plot_text(date)}: not rated" for date, rank, of, text in
                 zip(part["date"], part["rank"], part["of"], part["figure_text"], strict=True)]
        figure.add_trace(go.Scatter(
            x=part["stamp"], y=[None if pd.isna(r) else int(r) for r in part["rank"]], name=label,
            mode="lines+markers", connectgaps=False, hovertext=hover, hovertemplate="%{hovertext}<extra>"
            + label + "</extra>", line={"color": colour, "dash": "solid" if model == slug else "dash"},
            marker={"color": colour, "size": 8, "symbol": symbol}, cliponaxis=False,  # a first place: top edge
            visible=True if place < HISTORY_LINES else "legendonly"))
    seen = set()
    for found in breaks:
        if (found.before, found.after) in seen:
            continue
        seen.add((found.before, found.after))
        before, after = pd.Timestamp(found.before_stamp), pd.Timestamp(found.after_stamp)  # zone-aware, UTC
        middle = before + (after - before) / 2
        same = [b for b in breaks if (b.before, b.after) == (found.before, found.after)]
        what = "; ".join(f"{b.kind}: {b.label}" for b in dict.fromkeys(same))
        kinds = " / ".join(dict.fromkeys(b.kind for b in same))
        figure.add_shape(type="line", x0=middle.isoformat(), x1=middle.isoformat(), y0=0, y1=1, yref="paper",
                         line={"dash": "dot", "color": NOT_RATED_COLOUR})
        figure.add_annotation(x=middle.isoformat(), y=1, yref="paper", showarrow=False, yanchor="bottom",
                              text=plot_text(kinds), hovertext=plot_text(what), font={"size": 11},
                              bgcolor="rgba(128,128,128,0.15)")  # one short word, the measures in its hover
    worst = int(points["rank"].max()) if points["rank"].notna().any() else 1
    stamps = sorted(set(points["stamp"]))
    # Short dates ("Jul 12"; the year is in the hover) at the archived dates when they are few, none so close to
    # another that they overlap on a phone.
    shown = _date_ticks(stamps) if len(stamps) <= 8 else []
    ticks = {"tickvals": shown, "ticktext": [f"{s:%b} {s.day}" for s in shown]} if shown else {}
    pad = max(0.5, (worst - 1) * 0.06)
    step = max(1, round(worst / 6))  # whole ranks only, never "1, 1, 1"
    figure.update_layout(  # best at the top: the axis runs from the worst rank down to 1, never 0
        yaxis={"title": "Rank (1 = best)", "range": [worst + pad, 0.5], "tickformat": "d", "zeroline": False,
               "tick0": 1, "dtick": step},
        xaxis={"title": "", "type": "date", "tickformat": "%b %-d", "tickangle": 0, **ticks},
        height=340 + LEGEND_ROW_PX * len(lines), margin={"t": 30, "l": 10, "r": 30, "b": 10}, legend=LEGEND_BELOW,
        hovermode="closest", showlegend=True)  # a single line too: the legend names its measure
    return figure
