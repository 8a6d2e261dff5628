"""Compare sources: models joined across publishers, each figure as a percentile within its source."""

import streamlit as st

from client.query import BenchmarkQuery
from core.catalogue import CHART_ALIASES, CHARTS, DISAGREEMENT_POINTS, sources
from core.compare import build_comparison, describe_category, to_category_matrix
from core.figures import DEFAULT_BARS, build_bars_figure, build_heatmap_figure, build_scatter_figure
from core.links import model_aliases
from core.profile import model_choices
from core.text import md
from ui.data import load, render_citations, render_freshness
from ui.links import bound_choice, bound_int, bound_multichoice, open_model
from ui.sidebar import current_filters
from ui.tables import render_table

filters = current_filters()
st.title("Compare sources")
st.caption("Raw scales are never mixed: an index (Artificial Analysis, 0–100), an ELO (Design Arena, from "
           "head-to-head votes) and an accuracy (OpenRouter) only meet as percentiles, each within its own source "
           "(100 = best of the models that source rates; each source rates a different set of models). The overall "
           "percentile is the mean of the percentiles a model has, and Rank follows it; Coverage says how many "
           "sources that mean rests on.")
result = load(BenchmarkQuery(arena=filters.arena), "every source")
render_freshness(result)
min_sources = bound_int("Sources that must rate a model", "min_coverage", 1, len(sources()), 1,
                        where=st.columns([1, 3])[0],
                        help="Compare like with like: a mean over one source's percentile is not the same "
                             "evidence as a mean over two.")
comparison = build_comparison(result.items, filters.task_type, filters.arena, filters.category, filters.search,
                              filters.max_results, min_sources=min_sources)

st.caption("Measured by: " + "; ".join(md(m.label) for m in comparison.measures) + ".")
cols = st.columns(len(comparison.counts) + 1)
cols[0].metric("Models", len(comparison.frame))
for col, (short, count) in zip(cols[1:], comparison.counts.items(), strict=False):
    col.metric("All sources" if short == "all" else short, count,
               help="Models every source rates." if short == "all" else f"Models rated by {short} here.")

st.subheader("Models across sources")
slug = render_table(comparison.table, comparison.columns, key="compare_table")
if slug:
    open_model(slug, "app_pages/compare.py", "Compare sources")
if not comparison.flagged.empty:
    flagged = "; ".join(f"{md(row.model)} ({row.disagreement})" for row in comparison.flagged.head(10).itertuples())
    st.warning(f"Ranked very differently by the sources (percentiles {DISAGREEMENT_POINTS:g}+ points apart): "
               f"{flagged}", icon=":material/flag:")

# Only the chosen chart is drawn (and the choice is in the link): one chart per rerun, not three.
chart = bound_choice("Chart", CHARTS, "chart", "scatter", widget="segmented", aliases=CHART_ALIASES)
models = model_choices(result.items)
chosen = bound_multichoice("Models to compare side by side", models, "models", max_selections=12,
                           aliases=model_aliases(models), visible=chart == "bars",
                           help="Pick up to 12 models for the side-by-side chart; the link keeps your choice.")
labels = comparison.labels
if chart == "scatter":
    if "aa" in labels and "da" in labels and len(comparison.frame.dropna(subset=["aa_score", "da_score"])):
        st.plotly_chart(build_scatter_figure(comparison.frame, labels["aa"], labels["da"]), width="stretch")
    else:
        st.info("No model has both an Artificial Analysis and a Design Arena figure for these filters.")
elif chart == "heatmap":
    matrix = to_category_matrix(result.items, comparison.heatmap_models)
    if matrix.empty:
        st.info("No Design Arena ratings for these filters.")
    else:
        st.caption(f"ELO of the {len(matrix)} best models by overall percentile "
                   f"({md(describe_category(filters.category))} ranks them); blank = not rated there.")
        st.plotly_chart(build_heatmap_figure(matrix), width="stretch")
else:
    st.caption("Showing " + ("your choice." if chosen else f"the {DEFAULT_BARS} best by overall percentile; "
                             "pick models above."))
    st.plotly_chart(build_bars_figure(comparison.frame, tuple(chosen)), width="stretch")
render_citations(result)
