"""Compare sources: models joined across publishers, each figure as a percentile within its source."""

import streamlit as st

from client.query import BenchmarkQuery
from core.catalogue import ARTIFICIAL_ANALYSIS, CHART_ALIASES, CHARTS, DESIGN_ARENA, DISAGREEMENT_POINTS, sources
from core.compare import (
    TABLE_ROWS,
    build_comparison,
    describe_category,
    describe_counts,
    find_model,
    measures_for,
    model_standing,
    not_rated_sentence,
    searchable_labels,
    to_category_matrix,
    unrated,
    unrated_rows,
)
from core.figures import DEFAULT_BARS, build_bars_figure, build_heatmap_figure, build_scatter_figure
from core.filters import task_conflict
from core.links import model_aliases
from core.profile import model_choices
from core.text import md
from ui.data import load, render_citations, render_freshness
from ui.links import bound_choice, bound_int, bound_multichoice, open_model
from ui.sidebar import current_filters, render_task_conflict
from ui.tables import render_table

DEFAULT_COVERAGE = 2  # sources that must rate a model unless the link says otherwise: like with like
MAX_CHOSEN = 12
ADD_KEY, ADDED_KEY = "compare_add", "compare_added"
filters = current_filters()
st.title("Compare sources")
st.caption("Raw scales are never mixed: an index (Artificial Analysis, 0–100), an ELO (Design Arena, from "
           "head-to-head votes) and an accuracy (OpenRouter) only meet as percentiles, each within its own source "
           "(100 = best of the models that source rates; each source rates a different set of models). The overall "
           "percentile is the mean of the percentiles a model has, and Rank follows it; Coverage says how many "
           "sources that mean rests on.")
result = load(BenchmarkQuery(arena=filters.arena))
render_freshness(result)
render_task_conflict(filters)  # a task type that means another Design Arena category than the one chosen
min_sources = bound_int("Sources that must rate a model", "min_coverage", 1, len(sources()), DEFAULT_COVERAGE,
                        where=st.columns([1, 3])[0], also=("min_sources",),  # the Pick page's name read too
                        help=f"Compare like with like: a mean over one source's percentile is not the same "
                             f"evidence as a mean over two, so by default only models {DEFAULT_COVERAGE} or more "
                             "sources rate are ranked. 1 ranks every model.")
models = model_choices(result.items)
measures = measures_for(filters.task_type, filters.arena, filters.category)
shown_as = searchable_labels(models)  # "name · id": ids that share a name told apart


def add_typed() -> None:
    """The add box's callback: the model picked, or the one typed (exact, else the best rated close to it),
    joins the chosen ones; the link follows, and the page says which was added."""
    typed = st.session_state.get(ADD_KEY)
    st.session_state[ADD_KEY] = None  # empty again, for the next one
    if not typed:
        return
    held = list(st.session_state.get("models") or [])
    found = find_model(typed, models, model_standing(result.items, measures))
    if found.slug is None:
        said = found.describe(typed, models, md)
    elif found.slug in held:
        said = f"Already chosen: {found.describe(typed, models, md)}"
    elif len(held) >= MAX_CHOSEN:
        said = f"Up to {MAX_CHOSEN} models: remove one to add {md(models[found.slug])}."
    else:
        st.session_state["models"] = [*held, found.slug]
        said = "Added " + (f"{md(models[found.slug])} ({md(found.slug)})." if typed == found.slug else
                           found.describe(typed, models, md))
    st.session_state[ADDED_KEY] = said


left, right = st.columns([3, 1])
left.selectbox("Add a model", list(models), index=None, format_func=lambda slug: shown_as.get(slug, slug),
               key=ADD_KEY, on_change=add_typed, accept_new_options=True, filter_mode="fuzzy",
               placeholder="Type a name or an id, then Enter",
               help="Enter adds the model with the name or id typed (case, spaces, dots and hyphens do not "
                    "matter), else the best rated close to it: rated by the most sources, then the highest "
                    "overall percentile. Or pick one from the list.")
if added := st.session_state.pop(ADDED_KEY, None):
    left.caption(added)
chosen = bound_multichoice("Models to compare side by side", models, "models", max_selections=MAX_CHOSEN,
                           where=left, aliases=model_aliases(models), labels=shown_as, typing=False,
                           help=f"Up to {MAX_CHOSEN} models, by name and id: the scatter highlights and names "
                                "them, the heatmap and the bars show them, and the table can show only them. The "
                                "link keeps your choice. Add one by typing above.")
rows = "all"
if chosen:  # the table can narrow to them
    rows = bound_choice("Table rows", TABLE_ROWS, "rows", "all", widget="segmented", where=right, keep=True,
                        help="Every model the filters keep, or only the chosen ones (ranks stay the ranks among "
                             "all of them).")
comparison = build_comparison(result.items, filters.task_type, filters.arena, filters.category, filters.search,
                              filters.max_results, min_sources=min_sources, models=tuple(chosen),
                              only_chosen=rows == "chosen")

st.caption("Measured by: " + "; ".join(md(m.label) for m in comparison.measures) + ".")
st.caption(md(describe_counts(len(comparison.frame), comparison.counts, min_sources)))  # one line for all

st.subheader("Models across sources")
if comparison.left_out:
    st.caption("Not among the rows these filters keep (search, sources that must rate a model): "
               + ", ".join(md(name) for name in comparison.left_out) + ".")
slug = render_table(comparison.table, comparison.columns, key="compare_table", opener=True)
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
                    f"percentile ({md(describe_category(task_conflict(filters) or filters.category))} ranks them)")
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
