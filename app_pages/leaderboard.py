"""Leaderboard: the ranked table for the sidebar filters, with each row's move since an archived date."""

import streamlit as st

from core.catalogue import ORDERS, source_labels
from core.exports import to_csv_bytes, to_json_bytes
from core.history import PREVIOUS, board_moves, since_choices
from core.leaderboard import build_leaderboard, explain_empty
from core.text import md
from ui.data import is_live, load, load_archive, render_citations, render_freshness, shown_as_of
from ui.links import bound_choice, open_model
from ui.sidebar import current_filters, render_filter_chips, render_task_conflict
from ui.tables import lead_columns, render_downloads, render_table

filters = current_filters()
st.title(f"Leaderboard · {source_labels()[filters.source]}")
render_filter_chips(filters)
result = load(filters.query())
render_freshness(result)
archive = load_archive()
now = shown_as_of(result)

left, middle, right, _ = st.columns([2, 2, 3, 2])  # "Moves since" names each source's previous update
since = bound_choice("Moves since", since_choices(archive, tuple(name for name, _ in now)), "since", PREVIOUS,
                     where=right, help="▲▼: each row's rank change since this archived date (for the metric it "
                     "is ranked by). Pin a date to keep the link's comparison fixed.")
moves = board_moves(build_leaderboard(result.items, filters), archive, now, since, filters)
board = moves.board
sort_by = bound_choice("Sort by", board.sort_choices, "sort", "rank", where=left,
                       help="Or click a column header. The link and the downloads follow this order.")
order = bound_choice("Order", ORDERS, "order", "best", where=middle,
                     help="Best first follows each column's direction: highest score, lowest price.")
shown, matching = board.rows(sort_by, order == "best", filters.search, filters.max_results)

conflict = render_task_conflict(filters)  # Design Arena alone shows nothing then; every source, its other category
if shown.empty:
    if not conflict:
        st.info(md(explain_empty(filters, len(result.items), live=is_live())), icon=":material/search_off:")
else:
    st.caption(f"Showing {len(shown)} of {matching} matching rows. Rank is the place among all "
               f"{len(board.ranked)} rows by {md(board.ranked_by)}: search and the row limit only hide rows. "
               f"{md(moves.describe())} Select a row (or pick its model under the table) to open the model's page.")
    columns = lead_columns(board.columns, board.ranked_column)  # rank, move, score, model: in view on a phone
    slug = render_table(shown, columns, key="leaderboard_table", sort_key="sort", sortable=board.sort_choices,
                        opener=True)
    if slug:
        open_model(slug, "app_pages/leaderboard.py", "the Leaderboard")
    render_downloads(shown, columns, "leaderboard", to_csv_bytes, to_json_bytes, result)  # as on screen
render_citations(result)
