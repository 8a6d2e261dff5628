"""Value: score against price, and the models no other model beats on both."""

import streamlit as st

from core.catalogue import column
from core.figures import build_value_figure
from core.text import md
from core.value import frontier_rows, metric_choices, to_value_frame
from ui.data import load_everything, render_citations, render_freshness
from ui.links import bound_choice, bound_int, open_model
from ui.tables import FORMATS, model_column, render_model_opener, table_height, to_grid_table

st.title("Value for money")
st.caption("Each point is a model: its score on the chosen benchmark against its price per 1M tokens, blended "
           "for your token mix, on a log scale. The Pareto frontier joins the models that no other model beats "
           "on both score and price.")
result = load_everything()
render_freshness(result)
metrics = metric_choices(result.items)
left, middle, right = st.columns([4, 2, 2])
key = bound_choice("Metric", {k: m.label for k, m in metrics.items()}, "metric", "aa.intelligence_index",
                   where=left)
input_tokens = bound_int("Input tokens per request", "input_tokens", 1, 2_000_000, 2_000, where=middle)
output_tokens = bound_int("Output tokens per request", "output_tokens", 0, 1_000_000, 500, where=right)
signal = metrics[key]

frame = to_value_frame(result.items, signal, input_tokens, output_tokens)
kind = column(signal.column).kind  # an ELO whole, a score with one decimal and %
st.plotly_chart(build_value_figure(frame, signal.label, kind), width="stretch")
frontier = frontier_rows(frame)
st.subheader(f"On the frontier: {len(frontier)} models")
st.caption("Numbered as on the chart, cheapest first. Select a row to open the model's page.")
picked = st.dataframe(
    to_grid_table(frontier.assign(step=range(1, len(frontier) + 1)), ("step", "score", "model", "blended_per_1m")),
    hide_index=True, width="stretch", height=table_height(len(frontier)), placeholder="—", column_config={
        "step": st.column_config.NumberColumn("#", format="%d", width=40),  # the chart's number, then the score
        "score": st.column_config.NumberColumn(signal.short_label, help=signal.label,
                                               format=FORMATS.get(kind, FORMATS["number"])),
        "model": model_column("Model", frontier["model"]),
        "blended_per_1m": st.column_config.TextColumn("$ / 1M tokens (blended)")},
    on_select="rerun", selection_mode="single-row", key="value_table").selection.rows
opened = render_model_opener(frontier, "value_table")  # the keyboard's way to a row's model
if picked and picked[0] < len(frontier):
    opened = str(frontier.iloc[picked[0]]["model_permaslug"])
if opened:
    open_model(opened, "app_pages/value.py", "Value for money")
free = frame[frame["free"]]
if not free.empty:
    on_it = free[free["on_frontier"]]["model"].tolist()
    where = "(drawn at the left edge, at “Free”: a log axis has no zero)"
    if len(free) == 1:
        st.caption(md(f"Free model {where}: {free['model'].iloc[0]}" + (", on the frontier." if on_it else ".")))
    else:
        frontier_says = f"; {', '.join(on_it)} {'is' if len(on_it) == 1 else 'are'} on the frontier" if on_it else ""
        st.caption(md(f"Free models {where}: {', '.join(free['model'])}{frontier_says}."))
unpriced = frame[frame["price"].isna()]
if not unpriced.empty:
    st.caption(f"No published price, not drawn: {md(', '.join(unpriced['model']))}.")
render_citations(result)
