"""Drawing a model's history across the archive (see `core.history`)."""

from __future__ import annotations

import streamlit as st

from core.exports import to_csv_bytes, to_json_bytes
from core.figures import build_rank_history_figure
from core.history import ModelHistory
from core.text import md
from ui.tables import render_downloads, render_table

TABLE_COLUMNS = ["measure", "date", "rank", "move", "figure_text", "of", "figure_change"]  # a phone sees 3-4


def render_history(history: ModelHistory, archive) -> None:
    """Per source: the rank at every archived date as a chart, and the same as a table, with downloads."""
    st.header("Over time", anchor="over-time")
    if not history.by_source:
        st.caption("No archived date rates this model.")
        return
    st.caption(f"Rank and figure at every archived date ({history.dates} dates rate it). Ranks are among the "
               "models the source rated that day; a date without a figure is a gap in its line.")
    if history.related:
        ids = ", ".join(f"`{md(slug)}`" for slug in history.related)
        st.caption(f"Other releases of this model (the same id without its date) are archived too: {ids}. They "
                   "are drawn dashed, under their own ids, never merged with this one.")
    for part in history.by_source:
        st.subheader(f"{part.label} over time")
        if part.breaks:
            st.info("  \n".join(md(b.describe()) for b in dict.fromkeys(part.breaks)), icon=":material/rule:")
        st.plotly_chart(build_rank_history_figure(part.points, history.slug, part.breaks), width="stretch",
                        key=f"history_chart_{part.source}")
        rated = part.rated
        columns = TABLE_COLUMNS if not history.related else [*TABLE_COLUMNS, "model_permaslug"]
        render_table(rated, columns, key=f"history_table_{part.source}")
        editions = [e for e in archive.editions if e.source == part.source]
        render_downloads(rated, columns, f"history-{part.source}", to_csv_bytes, to_json_bytes,
                         editions=editions)
