"""Drawing tables: column formats and help from the catalogue, selection, sorting by header, downloads.

Numbers read as on every page (`core.formats`): whole ELOs and ranks, "52.3%", thousands separated, "—"
for missing. Money ("$3.00", "$0.075") has as many decimals as each value needs, which no column format
can say, so money cells are sent as their text (`core.formats.money`), made once per frame with the rest of
the grid's Arrow table (a pandas Styler did the same at 18 ms a rerun). The frame keeps the numbers: order
comes from the page's Sort control, and the grid's own header sort is off (column selection) wherever
money is shown as text.

Layout (`table_height`, `model_width`, `lead_columns`): a grid is as tall as its rows up to about 20 (then it
scrolls inside), the model column as wide as the longest name shown, and a ranked table opens with rank, the
figure it is ranked by, then the model: column widths are pixels on every screen, so on a phone (390 px) the
figure stays in view beside the rank, and a full-width name follows.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection, Iterable, Sequence

import pandas as pd
import streamlit as st

from core.catalogue import column
from core.citations import citation_lines, edition_citation_lines
from core.compare import LABEL_SEPARATOR
from core.exports import exact_prices, export_meta
from core.formats import GRID_FORMATS, MISSING, MONEY_KINDS, money
from core.frames import to_arrow_table
from core.memo import memoize_on_data
from ui.links import share_link

FORMATS = GRID_FORMATS  # printf formats by column kind; money is sent as text by `to_grid_table`


ROW_PX = 35  # Streamlit's row and header height (2.1875rem)
BORDER_PX = 2  # the grid's top and bottom border
VISIBLE_ROWS = 21  # a long table shows this many rows and scrolls inside: about 20 on a 900-pixel screen
CHAR_PX = 7.0  # a generous mean width of a character of the grid's font (14 px sans serif)
PAD_PX = 24  # a cell's padding
MODEL_PX = (120, 420)  # the model column's narrowest and widest


def table_height(rows: int) -> int:
    """Pixels for a grid of `rows` rows: all of a short table (no empty space), `VISIBLE_ROWS` of a long one."""
    return (min(max(rows, 1), VISIBLE_ROWS) + 1) * ROW_PX + BORDER_PX


def model_width(names: Iterable[object]) -> int:
    """Pixels for the model column: the longest name shown in full (names beyond the widest are rare)."""
    longest = max((len(str(name)) for name in names), default=0)
    return max(MODEL_PX[0], min(MODEL_PX[1], math.ceil(longest * CHAR_PX) + PAD_PX))


def lead_columns(columns: Sequence[str], score: str | None) -> list[str]:
    """Rank (and its move), the figure the rows are ranked by, and the model first; the others after, in order."""
    lead = list(dict.fromkeys(c for c in ("rank", "move", score, "model") if c and c in columns))
    return lead + [c for c in columns if c not in lead]


def model_column(label: str, names: Iterable[object], *, help: str | None = None):
    """A text column wide enough for the longest of `names`."""
    return st.column_config.TextColumn(label, help=help, width=model_width(names))


def text_width(values: Iterable[object], label: str) -> int:
    """Pixels for a text column: its longest value and its header (with the help icon) in full, up to the
    model column's widest."""
    longest = max((len(str(value)) for value in values), default=0)
    return max(MODEL_PX[0] // 2, min(MODEL_PX[1], math.ceil(max(longest, len(label) + 3) * CHAR_PX) + PAD_PX))


GRID_SAMPLE = 10  # the grid fits a column to its first 9 rows and its last one ...
OUTLIER = 2.0  # ... less the cells at least twice their mean width, when it measured more than 5


def _grid_fit(lengths: pd.Series) -> int:
    """The longest cell (in characters) the grid fits a column to, as Streamlit 1.67's grid measures it."""
    sample = lengths if len(lengths) <= GRID_SAMPLE else pd.concat([lengths.iloc[:GRID_SAMPLE - 1], lengths.iloc[-1:]])
    if len(sample) > 5:
        sample = sample[sample < OUTLIER * sample.mean()]
    return int(sample.max()) if len(sample) else 0


@memoize_on_data
def text_widths(frame: pd.DataFrame, columns: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """(column, pixels) of the text columns the grid would cut: it fits a column to a sample of its cells
    (`_grid_fit`), so "AA · DA · OR" was cut below rows of "OR". Others keep the grid's own fit; once per frame."""
    widths = []
    for name in columns:
        if name == "model" or column(name).kind != "text" or name not in frame:
            continue
        values = frame[name].dropna().astype(str)
        lengths = values.str.len()
        if len(lengths) and lengths.max() > _grid_fit(lengths):
            widths.append((name, text_width(values, column(name).label)))
    return tuple(widths)


def column_config(columns: list[str], model_px: int | None = None, widths: Iterable[tuple[str, int]] = ()) -> dict:
    return dict(_column_config(tuple(columns), model_px, tuple(widths)))


@functools.lru_cache(maxsize=256)
def _column_config(columns: tuple[str, ...], model_px: int | None = None,
                   widths: tuple[tuple[str, int], ...] = ()) -> dict:
    config = {}
    width = dict(widths)
    for name in columns:
        spec = column(name)
        if name == "model" and model_px:
            config[name] = st.column_config.TextColumn(spec.label, help=spec.help, width=model_px)
        elif spec.kind == "link":
            config[name] = st.column_config.LinkColumn(spec.label, help=spec.help,
                                                       display_text=r"https://openrouter\.ai/(.*)")
        elif spec.kind in FORMATS:
            config[name] = st.column_config.NumberColumn(spec.label, help=spec.help, format=FORMATS[spec.kind])
        elif spec.kind in MONEY_KINDS:  # sent as text (`to_grid_table`)
            config[name] = st.column_config.TextColumn(spec.label, help=spec.help)
        else:
            config[name] = st.column_config.TextColumn(spec.label, help=spec.help, width=width.get(name))
    return config


@memoize_on_data
def to_grid_table(frame: pd.DataFrame, columns: tuple[str, ...]):
    """The columns shown as the grid's Arrow table, money as its text; made once per frame."""
    shown = money_columns(columns)
    if not shown:
        return to_arrow_table(frame, columns)
    as_text = frame[list(columns)].copy()
    for name in shown:
        as_text[name] = [money(value) if pd.notna(value) else MISSING for value in as_text[name]]
    return to_arrow_table(as_text, columns)


def money_columns(columns: Sequence[str]) -> list[str]:
    return [name for name in columns if column(name).kind in MONEY_KINDS]


def render_table(frame: pd.DataFrame, columns: list[str], key: str, *, sort_key: str | None = None,
                 sortable: Collection[str] = (), opener: bool = False) -> str | None:
    """Draw the rows; return the permaslug of a row the user selected, if any.

    `opener`: under the grid, the keyboard's way to the same (`render_model_opener`).

    With `sort_key`, clicking a column header sorts by that column through the
    page's Sort control (the bound widget of that key), so the grid, the link
    and the downloads always follow one order. Streamlit 1.67 neither reports
    nor lets a page switch off the grid's own header sort, except that enabling
    column selection disables it: that is what is done here.

    Columns are drawn in the order given: a page that ranks rows puts rank, score and model first
    (`lead_columns`) and gives its downloads the same order. The grid is as tall as its rows up to
    `VISIBLE_ROWS`, the model column as wide as its longest name.
    """
    def sort_by_header() -> None:
        chosen = st.session_state[key].selection.columns
        if chosen and chosen[0] in sortable:
            st.session_state[sort_key] = chosen[0]

    columns = list(columns)
    model_px = model_width(frame["model"]) if "model" in columns else None
    text_money = bool(money_columns(columns))
    modes = ["single-row", "single-column"] if sort_key or text_money else "single-row"
    config = column_config(columns, model_px, text_widths(frame, tuple(columns)))
    event = st.dataframe(to_grid_table(frame, tuple(columns)), hide_index=True, width="stretch",
                         height=table_height(len(frame)), column_config=config,
                         on_select=sort_by_header if sort_key else "rerun", selection_mode=modes, key=key,
                         placeholder="—")
    opened = render_model_opener(frame, key) if opener and "model_permaslug" in frame.columns else None
    rows = event.selection.rows
    if rows and "model_permaslug" in frame.columns and rows[0] < len(frame):
        return str(frame.iloc[rows[0]]["model_permaslug"])
    return opened


OPENER_LABEL = "Open a model's page"


@memoize_on_data
def opener_labels(frame: pd.DataFrame) -> dict[str, str]:
    """The models of a table's rows, in its order, each once: id -> "name · id" (names repeat across ids)."""
    slugs = frame["model_permaslug"].astype(str)
    names = frame["model"].astype(str) if "model" in frame else slugs
    return {slug: f"{name}{LABEL_SEPARATOR}{slug}" for slug, name in zip(slugs, names, strict=True)}


def render_model_opener(frame: pd.DataFrame, key: str, where=None) -> str | None:
    """The keyboard's way to what selecting a row does (Streamlit 1.67's grid takes Tab, but neither arrows
    nor Space nor Enter select a row): a picker of the table's models, in its order, by name and id; typing
    filters it and Enter opens the first match. Returns the model picked, once."""
    picker, picked = f"{key}--open", f"{key}--opened"
    labels = opener_labels(frame)

    def keep() -> None:  # the picker empties again: Back to this page finds it ready
        st.session_state[picked] = st.session_state.get(picker)
        st.session_state[picker] = None

    (where or st.columns([2, 3])[0]).selectbox(
        OPENER_LABEL, list(labels), index=None, format_func=lambda slug: labels.get(slug, slug), key=picker,
        on_change=keep, placeholder="Type a name or an id, then Enter", filter_mode="fuzzy",
        help="The same as selecting the model's row in the table, from the keyboard.")
    return st.session_state.pop(picked, None)


def render_downloads(frame: pd.DataFrame, columns: Sequence[str], name: str, to_csv: Callable, to_json: Callable,
                     result=None, *, editions: Sequence = ()) -> None:
    """Files of exactly these rows and columns, made only when a button is pressed (not on every rerun).

    `to_csv` and `to_json` are called as `(frame, columns, meta=..., prices=...)`: `meta` holds the
    citations and `as_of` of `result`'s datasets (a `BenchmarkResult`), the link of this view and when the
    file was made; `prices` the exact decimal prices of `result`'s items. `editions` (archive editions,
    `core.history.Edition`) cite and date the figures of a table drawn from the archive instead.
    """
    columns = list(columns)
    states = tuple(result.states) if result is not None else ()
    items = result.items if result is not None else ()
    link = share_link() or None

    def made(write: Callable) -> bytes:
        if editions:
            dates: dict[str, list[str]] = {}
            for edition in editions:
                dates.setdefault(edition.dataset, []).append(edition.as_of)
            meta = export_meta(edition_citation_lines(editions), {k: ", ".join(v) for k, v in dates.items()}, link)
        else:
            meta = export_meta(citation_lines(states), {s.name: s.as_of for s in states if s.dataset.items}, link)
        return write(frame, columns, meta=meta, prices=exact_prices(items))

    row = st.container(horizontal=True)  # one block, not a column each
    row.download_button("Download CSV", lambda: made(to_csv), f"{name}.csv", "text/csv", on_click="ignore",
                         icon=":material/download:")
    row.download_button("Download JSON", lambda: made(to_json), f"{name}.json", "application/json",
                          on_click="ignore", icon=":material/download:")
