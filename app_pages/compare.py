"""Compare sources: models joined across publishers, each score as a percentile within its source."""

import streamlit as st

from client.query import AA_INDEX_FOR_TASK, BenchmarkQuery
from core.compare import build_comparison, to_category_matrix
from core.figures import build_bars_figure, build_heatmap_figure, build_scatter_figure
from core.labels import ALL, INDICES, category_label
from core.text import md
from ui.data import load, render_citations, render_freshness
from ui.links import bound_multiselect
from ui.sidebar import current_filters
from ui.tables import render_table

view = current_filters()
st.title("Compare sources")
st.caption("Raw scales are never mixed: every score is also shown as a percentile within its own source "
           "(100 = best of the models that source rates).")
result = load(BenchmarkQuery(arena=view.arena), "every source")
render_freshness(result)

aa_index = AA_INDEX_FOR_TASK.get(view.task_type, "intelligence_index")
category = None if view.category == ALL else view.category
comparison = build_comparison(result.items, aa_index, category, view.search, view.max_results)

cols = st.columns(5)
cols[0].metric("Models", len(comparison.frame))
for col, (short, name) in zip(cols[1:], (("AA", "Artificial Analysis"), ("DA", "Design Arena"),
                                         ("OR", "OpenRouter evals")), strict=False):
    col.metric(name, comparison.counts[short], help=f"Models that {name} rates.")
cols[4].metric("All three", comparison.counts["all"], help="Models every source rates.")

st.subheader("Models across sources")
slug = render_table(comparison.table, comparison.columns, key="compare_table")
if slug:
    st.switch_page("app_pages/model.py", query_params={"model": slug})
if not comparison.flagged.empty:
    st.warning("Ranked very differently by the sources (percentiles 40+ points apart): " + "; ".join(
        f"{md(row.model)} ({row.disagreement})" for row in comparison.flagged.head(10).itertuples()),
        icon=":material/flag:")

x_label = f"Artificial Analysis {INDICES[aa_index].lower()}"
y_label = f"Design Arena ELO · {category_label(category) if category else 'mean over categories'}"
names = list(comparison.frame["model_permaslug"])
chosen = bound_multiselect("Models to compare side by side", names, "models", max_selections=12,
                              help="Pick up to 12 models for the side-by-side chart; the link keeps your choice.")
# Only the open tab is drawn (and the tab is in the link): one chart per rerun, not three.
scatter_tab, heatmap_tab, bars_tab = st.tabs(
    [f"{INDICES[aa_index]} vs Design Arena ELO", "Design Arena categories", "Chosen models, side by side"],
    key="chart", bind="query-params")
if scatter_tab.open:
    with scatter_tab:
        if comparison.scatter_points:
            st.plotly_chart(build_scatter_figure(comparison.frame, x_label, y_label), width="stretch")
        else:
            st.info("No model has both figures for these filters.")
if heatmap_tab.open:
    with heatmap_tab:
        matrix = to_category_matrix(result.items, comparison.heatmap_models)
        if matrix.empty:
            st.info("No Design Arena ratings for these filters.")
        else:
            st.caption(f"ELO of the {len(matrix)} best models by overall percentile; blank = not rated there.")
            st.plotly_chart(build_heatmap_figure(matrix), width="stretch")
if bars_tab.open:
    with bars_tab:
        st.caption("Showing " + ("your choice." if chosen else "the five best by overall percentile; "
                                 "pick models above."))
        st.plotly_chart(build_bars_figure(comparison.frame, tuple(chosen)), width="stretch")
render_citations(result)
