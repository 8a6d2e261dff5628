"""Drawing a model's history across the archive (see `core.history`): one source at a time."""

from __future__ import annotations

import streamlit as st

from core.catalogue import source, source_labels
from core.citations import edition_citation_lines
from core.exports import to_csv_bytes, to_json_bytes
from core.figures import build_rank_history_figure
from core.history import ModelHistory
from core.text import md
from ui.links import bound_choice
from ui.tables import render_downloads, render_table

TABLE_COLUMNS = ["measure", "date", "rank", "move", "figure_text", "of", "figure_change"]  # a phone sees 3-4
FILE_COLUMNS = [("figure_shown" if name == "figure_text" else name) for name in TABLE_COLUMNS]  # numbers as numbers


def render_history(history: ModelHistory, archive) -> None:
    """The chosen source's ranks at every archived date: a chart and a table, with downloads.

    One source at a time (in the link as `history=<source id>`; by default the first that rates the model):
    three charts and tables on every view would cost each rerun more than the rest of the page.
    """
    st.header("Over time", anchor="over-time")
    if not history.by_source:
        st.caption("No archived date rates this model.")
        return
    dates = f"{history.dates} date{'' if history.dates == 1 else 's'} rate{'s' if history.dates == 1 else ''} it"
    st.caption(f"Rank and figure at every archived date ({dates}). Ranks are among the models the source "
               "rated that day; a date without a figure is a gap in its line.")
    if history.related:
        ids = ", ".join(f"`{md(slug)}`" for slug in history.related)
        st.caption(f"Other releases of this model (the same id without its date) are archived too: {ids}. They "
                   "are drawn dashed, under their own ids, never merged with this one.")
    rated = {part.source: part for part in history.by_source}
    chosen = bound_choice("Source", source_labels(with_all=False), "history", history.by_source[0].source,
                          widget="segmented", help="Whose ranks to show over time.")
    part = rated.get(chosen)
    if part is None:
        st.caption(f"Not rated by {md(source(chosen).label)} on any archived date.")
        return
    if part.breaks:
        st.info("  \n".join(md(b.describe()) for b in dict.fromkeys(part.breaks)), icon=":material/rule:")
    st.plotly_chart(build_rank_history_figure(part.points, history.slug, part.breaks), width="stretch",
                    key="history_chart", config={"displayModeBar": False})  # its toolbar covered the revision mark
    ids = [] if not history.related else ["model_permaslug"]
    render_table(part.rated, [*TABLE_COLUMNS, *ids], key="history_table")
    editions = [e for e in archive.editions if e.source == part.source]
    render_downloads(part.rated, [*FILE_COLUMNS, *ids], f"history-{part.source}", to_csv_bytes, to_json_bytes,
                     editions=editions)
    st.caption(" ".join(md(line) for line in edition_citation_lines(editions)))  # every date shown, cited
