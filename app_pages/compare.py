"""Compare sources: models joined across publishers, each figure as a percentile within its source."""

import streamlit as st

from client.query import BenchmarkQuery
from core.catalogue import ARTIFICIAL_ANALYSIS, CHART_ALIASES, CHARTS, DESIGN_ARENA, DISAGREEMENT_POINTS, sources
from core.compare import (
    TABLE_ROWS,
    build_comparison,
    describe_category,
    describe_counts,
    not_rated_sentence,
    searchable_labels,
    to_category_matrix,
    unrated,
    unrated_rows,
)
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
result = load(BenchmarkQuery(arena=filters.arena))
render_freshness(result)
min_sources = bound_int("Sources that must rate a model", "min_coverage", 1, len(sources()), 1,
                        where=st.columns([1, 3])[0],
                        help="Compare like with like: a mean over one source's percentile is not the same "
                             "evidence as a mean over two.")
models = model_choices(result.items)
left, right = st.columns([3, 1])
chosen = bound_multichoice("Models to compare side by side", models, "models", max_selections=12, where=left,
                           aliases=model_aliases(models), labels=searchable_labels(models),
                           help="Up to 12 models, by name or id: the scatter highlights and names them, the "
                                "heatmap and the bars show them, and the table can show only them. The link "
                                "keeps your choice.")
rows = "all"
if chosen:  # the table can narrow to them
    rows = bound_choice("Table rows", TABLE_ROWS, "rows", "all", widget="segmented", where=right, keep=True,
                        help="Every model the filters keep, or only the chosen ones (ranks stay the ranks among "
                             "all of them).")
comparison = build_comparison(result.items, filters.task_type, filters.arena, filters.category, filters.search,
                              filters.max_results, min_sources=min_sources, models=tuple(chosen),
                              only_chosen=rows == "chosen")

st.caption("Measured by: " + "; ".join(md(m.label) for m in comparison.measures) + ".")
st.caption(md(describe_counts(len(comparison.frame), comparison.counts)))  # one line, not a metric per source

st.subheader("Models across sources")
if comparison.left_out:
    st.caption("Not among the rows these filters keep (search, sources that must rate a model): "
               + ", ".join(md(name) for name in comparison.left_out) + ".")
slug = render_table(comparison.table, comparison.columns, key="compare_table")
if slug:
    open_model(slug, "app_pages/compare.py", "Compare sources")
if not comparison.flagged.empty:
    flagged = "; ".join(f"{md(row.model)} ({row.disagreement})" for row in comparison.flagged.head(10).itertuples())
    st.warning(f"Ranked very differently by the sources (percentiles {DISAGREEMENT_POINTS:g}+ points apart): "
               f"{flagged}", icon=":material/flag:")

# Only the chosen chart is drawn (and the choice is in the link): one chart per rerun, not three.
chart = bound_choice("Chart", CHARTS, "chart", "scatter", widget="segmented", aliases=CHART_ALIASES)
labels = comparison.labels
if chart == "scatter":
    if "aa" in labels and "da" in labels and len(comparison.charted.dropna(subset=["aa_score", "da_score"])):
        st.plotly_chart(build_scatter_figure(comparison.charted, labels["aa"], labels["da"], tuple(chosen)),
                        width="stretch")
        for rater in (ARTIFICIAL_ANALYSIS, DESIGN_ARENA):
            if said := not_rated_sentence(unrated(comparison.chosen, rater.key), rater.label, md):
                st.caption(said + " Not on the chart.")
    else:
        st.info("No model has both an Artificial Analysis and a Design Arena figure for these filters.")
elif chart == "heatmap":
    matrix = to_category_matrix(result.items, comparison.heatmap_models)
    if matrix.empty:
        st.info("Design Arena rates none of the chosen models here." if chosen else
                "No Design Arena ratings for these filters.")
    else:
        st.caption(("ELO of your chosen models" if chosen else f"ELO of the {len(matrix)} best models by overall "
                    f"percentile ({md(describe_category(filters.category))} ranks them)")
                   + " in Design Arena's categories; grey = not rated there.")
        st.plotly_chart(build_heatmap_figure(matrix), width="stretch")
        if said := not_rated_sentence(unrated_rows(matrix), DESIGN_ARENA.label, md):
            st.caption(said)
else:
    st.caption("Showing " + ("your choice." if chosen else f"the {DEFAULT_BARS} best by overall percentile; "
                             "pick models above."))
    st.plotly_chart(build_bars_figure(comparison.charted, tuple(chosen), labels=tuple(labels.items())),
                    width="stretch")
render_citations(result)
