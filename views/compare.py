"""Compare sources: models joined across publishers, each score as a percentile within its source."""

import streamlit as st

from client.query import BenchmarkQuery
from core.compare import coverage_counts, to_category_matrix, to_comparison_frame
from core.figures import build_bars_figure, build_heatmap_figure, build_scatter_figure
from core.frames import AA_INDEX_FOR_TASK, search
from core.labels import ALL, INDICES, category_label
from views import ui
from views.tables import render_table

HEATMAP_ROWS = 40
view = ui.current_view()
st.title("Compare sources")
st.caption("Raw scales are never mixed: every score is also shown as a percentile within its own source "
           "(100 = best of the models that source rates).")
result = ui.load(BenchmarkQuery(arena=view.arena), "every source")
ui.render_freshness(result)

aa_index = AA_INDEX_FOR_TASK.get(view.task_type, "intelligence_index")
category = None if view.category == ALL else view.category
frame = to_comparison_frame(result.items, aa_index=aa_index, category=category)
frame = search(frame, view.search)

counts = coverage_counts(frame)
cols = st.columns(5)
cols[0].metric("Models", len(frame))
for col, (short, name) in zip(cols[1:], (("AA", "Artificial Analysis"), ("DA", "Design Arena"),
                                         ("OR", "OpenRouter evals")), strict=False):
    col.metric(name, counts[short], help=f"Models that {name} rates.")
cols[4].metric("All three", counts["all"], help="Models every source rates.")

table = frame.head(view.max_results).assign(coverage=lambda f: f["coverage"].map(" · ".join))
columns = ["model", "url", "coverage", "aa_score", "aa_percentile", "da_elo", "da_percentile", "or_score",
           "or_percentile", "mean_percentile", "disagreement", "input_per_1m", "output_per_1m"]
columns = [c for c in columns if c in ("model", "url") or table[c].notna().any()]
st.subheader("Models across sources")
slug = render_table(table.rename(columns={"aa_score": aa_index}), [aa_index if c == "aa_score" else c
                                                                    for c in columns], key="compare_table")
if slug:
    st.switch_page("views/model.py", query_params={"model": slug})

flagged = frame[frame["disagreement"].notna()]
if not flagged.empty:
    st.warning("Ranked very differently by the sources (percentiles 40+ points apart): " + "; ".join(
        f"{row.model} ({row.disagreement})" for row in flagged.head(10).itertuples()), icon=":material/flag:")

x_label = f"Artificial Analysis {INDICES[aa_index].lower()}"
y_label = f"Design Arena ELO · {category_label(category) if category else 'mean over categories'}"
st.subheader(f"{INDICES[aa_index]} vs Design Arena ELO")
both = frame.dropna(subset=["aa_score", "da_elo"])
if both.empty:
    st.info("No model has both figures for these filters.")
else:
    st.plotly_chart(build_scatter_figure(frame, x_label, y_label), width="stretch")

st.subheader("Design Arena categories")
matrix = to_category_matrix(result.items, list(frame.dropna(subset=["da_elo"])["model_permaslug"][:HEATMAP_ROWS]))
if matrix.empty:
    st.info("No Design Arena ratings for these filters.")
else:
    st.caption(f"ELO of the {len(matrix)} best models by overall percentile; blank = not rated in that category.")
    st.plotly_chart(build_heatmap_figure(matrix), width="stretch")

st.subheader("Chosen models, side by side")
names = dict(zip(frame["model_permaslug"], frame["model"], strict=False))
chosen = ui.bound_multiselect("Models", list(names), "models", max_selections=12,
                              help="Pick up to 12 models; the link keeps your choice.")
picked = frame[frame["model_permaslug"].isin(chosen)] if chosen else frame.head(5)
st.caption("Showing " + ("your choice." if chosen else "the five best by overall percentile; pick models above."))
st.plotly_chart(build_bars_figure(picked), width="stretch")
ui.render_citations(result)
