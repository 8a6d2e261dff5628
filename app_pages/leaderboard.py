"""Leaderboard: the ranked table for the current filters."""

import streamlit as st

from core.exports import to_csv_bytes, to_json_bytes
from core.frames import sort
from core.labels import SOURCES
from core.leaderboard import build_leaderboard, explain_empty
from core.text import md
from ui.data import load, render_citations, render_freshness
from ui.links import bound_select
from ui.sidebar import current_filters
from ui.tables import render_downloads, render_table

view = current_filters()
st.title(f"Leaderboard · {SOURCES[view.source]}")
result = load(view.query())
render_freshness(result)
board = build_leaderboard(result.items, view)

left, right, _ = st.columns([2, 2, 5])
sort_by = bound_select("Sort by", board.sort_choices, "sort", "rank", where=left)
order = bound_select("Order", {"best": "Best first", "worst": "Worst first"}, "order", "best", where=right,
                        help="Best first follows each column's direction: highest score, lowest price.")
shown = sort(board.frame, sort_by, best_first=order == "best")

if shown.empty:
    st.info(md(explain_empty(view, len(result.items))), icon=":material/search_off:")
else:
    st.caption(f"Showing {len(shown)} of {board.matching} matching rows. Select a row to open the model's page.")
    slug = render_table(shown, board.columns, key="leaderboard_table")
    if slug:
        st.switch_page("app_pages/model.py", query_params={"model": slug})
    render_downloads(shown[board.columns], "leaderboard", to_csv_bytes, to_json_bytes)
render_citations(result)
