"""Leaderboard: the ranked table for the sidebar filters."""

import streamlit as st

from core.catalogue import ORDERS, source_labels
from core.exports import to_csv_bytes, to_json_bytes
from core.leaderboard import build_leaderboard, explain_empty
from core.text import md
from ui.data import load, render_citations, render_freshness
from ui.links import bound_choice
from ui.sidebar import current_filters
from ui.tables import render_downloads, render_table

filters = current_filters()
st.title(f"Leaderboard · {source_labels()[filters.source]}")
result = load(filters.query())
render_freshness(result)
board = build_leaderboard(result.items, filters)

left, right, _ = st.columns([2, 2, 5])
sort_by = bound_choice("Sort by", board.sort_choices, "sort", "rank", where=left,
                       help="Or click a column header. The link and the downloads follow this order.")
order = bound_choice("Order", ORDERS, "order", "best", where=right,
                     help="Best first follows each column's direction: highest score, lowest price.")
shown, matching = board.rows(sort_by, order == "best", filters.search, filters.max_results)

if shown.empty:
    st.info(md(explain_empty(filters, len(result.items))), icon=":material/search_off:")
else:
    st.caption(f"Showing {len(shown)} of {matching} matching rows. Rank is the place among all "
               f"{len(board.ranked)} rows by {md(board.ranked_by)}: search and the row limit only hide rows. "
               "Select a row to open the model's page.")
    slug = render_table(shown, board.columns, key="leaderboard_table", sort_key="sort",
                        sortable=board.sort_choices)
    if slug:
        st.switch_page("app_pages/model.py", query_params={"model": slug})
    render_downloads(shown[board.columns], "leaderboard", to_csv_bytes, to_json_bytes)
render_citations(result)
