"""Drawing tables: column formats and help from the catalogue, selection, sorting by header, downloads."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection

import pandas as pd
import streamlit as st

from core.catalogue import column
from core.frames import to_arrow_table

FORMATS = {
    "int": "%d",
    "number": "%.1f",
    "percent": "%.1f",
    "price": "$%.3f",
    "cost": "$%.4f",
    "seconds": "%.1f s",
}


def column_config(columns: list[str]) -> dict:
    return dict(_column_config(tuple(columns)))


@functools.lru_cache(maxsize=256)
def _column_config(columns: tuple[str, ...]) -> dict:
    config = {}
    for name in columns:
        spec = column(name)
        if spec.kind == "link":
            config[name] = st.column_config.LinkColumn(spec.label, help=spec.help,
                                                       display_text=r"https://openrouter\.ai/(.*)")
        elif spec.kind in FORMATS:
            config[name] = st.column_config.NumberColumn(spec.label, help=spec.help, format=FORMATS[spec.kind])
        else:
            config[name] = st.column_config.TextColumn(spec.label, help=spec.help)
    return config


def render_table(frame: pd.DataFrame, columns: list[str], key: str, *, sort_key: str | None = None,
                 sortable: Collection[str] = ()) -> str | None:
    """Draw the rows; return the permaslug of a row the user selected, if any.

    With `sort_key`, clicking a column header sorts by that column through the
    page's Sort control (the bound widget of that key), so the grid, the link
    and the downloads always follow one order. Streamlit 1.67 neither reports
    nor lets a page switch off the grid's own header sort, except that enabling
    column selection disables it: that is what is done here.
    """
    def sort_by_header() -> None:
        chosen = st.session_state[key].selection.columns
        if chosen and chosen[0] in sortable:
            st.session_state[sort_key] = chosen[0]

    modes = ["single-row", "single-column"] if sort_key else "single-row"
    event = st.dataframe(to_arrow_table(frame, tuple(columns)), hide_index=True, width="stretch",
                         column_config=column_config(columns), on_select=sort_by_header if sort_key else "rerun",
                         selection_mode=modes, key=key, placeholder="—")
    rows = event.selection.rows
    if rows and "model_permaslug" in frame.columns and rows[0] < len(frame):
        return str(frame.iloc[rows[0]]["model_permaslug"])
    return None


def render_downloads(frame: pd.DataFrame, name: str, to_csv: Callable, to_json: Callable) -> None:
    """Files of exactly these rows, made only when a button is pressed (not on every rerun)."""
    left, right, _ = st.columns([1, 1, 3])
    left.download_button("Download CSV", lambda: to_csv(frame), f"{name}.csv", "text/csv", on_click="ignore",
                         icon=":material/download:")
    right.download_button("Download JSON", lambda: to_json(frame), f"{name}.json", "application/json",
                          on_click="ignore", icon=":material/download:")
