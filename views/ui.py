"""Streamlit pieces every page shares: URL-bound widgets, data loading, notes, citations.

Widgets are keyed and bound to the URL (`bind="query-params"`), so a link
reproduces the view. Streamlit silently drops a link value that is not valid
for its widget; the `bound_*` helpers check the raw link value first and
leave a note that the page shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from client.data import BenchmarkResult, Freshness, shared_data
from client.query import BenchmarkQuery, InvalidQuery
from core.citations import citation_lines
from core.labels import ALL, ARENAS, SOURCES, TASK_TYPES, categories_in, category_choices
from core.params import check_choice, check_choices, check_number, check_text
from core.text import md
from core.view import DEFAULT_MAX_ROWS, MAX_ROWS_LIMIT, MAX_SEARCH_CHARS, View

NOTES_KEY = "_link_notes"
NOTE_RUNS = 2  # Streamlit may rerun at once after dropping a bad link value: keep the note for that run


def note(message: str) -> None:
    st.session_state.setdefault(NOTES_KEY, {})[message] = NOTE_RUNS


def render_notes(where) -> None:
    notes = st.session_state.get(NOTES_KEY, {})
    for message, runs_left in list(notes.items()):
        where.warning(md(message), icon=":material/link_off:")
        if runs_left <= 1:
            del notes[message]
        else:
            notes[message] = runs_left - 1


def _raw(key: str) -> list[str]:
    return st.query_params.get_all(key)


def _checked(key: str, message: str | None) -> None:
    """Note a bad link value and take it out of the URL before its widget parses it.

    Streamlit drops most bad values itself, but an integer input fed "inf"
    raises (OverflowError) instead; what we judged bad never reaches it.
    """
    if not message:
        return
    note(message)
    with contextlib.suppress(Exception):  # already bound to a widget: Streamlit validates it then
        del st.query_params[key]


def check_link_choice(key: str, valid: set[str], default: str) -> None:
    _checked(key, check_choice(key, _raw(key), valid, default))


def bound_select(label: str, choices: Mapping[str, str], key: str, default: str, *, where=None,
                 help: str | None = None, keep: bool = False) -> str:
    """A selectbox whose value lives in the URL as the choice's label.

    `keep` holds the value while a page does not show the widget, so the URL
    gets it back when the user returns to a page that does.
    """
    where = where or st
    options = list(choices)
    message = check_choice(key, _raw(key), set(choices.values()), choices[default])
    _checked(key, message)
    if st.session_state.get(key, default) not in choices:  # options changed under a kept value
        st.session_state[key] = default
    return where.selectbox(label, options, index=options.index(default), format_func=choices.__getitem__,
                           key=key, bind="query-params", help=help, persist_state="session" if keep else None)


def bound_multiselect(label: str, options: list[str], key: str, *, where=None, help: str | None = None,
                      format_func=str, max_selections: int | None = None) -> list[str]:
    where = where or st
    message = check_choices(key, _raw(key), set(options))
    _checked(key, message)
    kept = [v for v in st.session_state.get(key, []) if v in options]
    if key in st.session_state and kept != st.session_state[key]:
        st.session_state[key] = kept
    return where.multiselect(label, options, key=key, bind="query-params", help=help, format_func=format_func,
                             max_selections=max_selections)


def bound_int(label: str, key: str, low: int, high: int, default: int, *, where=None,
              help: str | None = None, keep: bool = False) -> int:
    """A whole number kept in the URL.

    Drawn as a float input shown without decimals: Streamlit's integer input
    raises OverflowError on a link value of "inf", its float input rejects it.
    """
    where = where or st
    _checked(key, check_number(key, _raw(key), low, high, default))
    value = where.number_input(label, min_value=float(low), max_value=float(high), value=float(default), step=1.0,
                               format="%d", key=key, bind="query-params", help=help,
                               persist_state="session" if keep else None)
    return int(value) if value is not None and low <= value <= high else default


def bound_text(label: str, key: str, max_chars: int, *, where=None, placeholder: str = "",
               keep: bool = False) -> str:
    where = where or st
    message = check_text(key, _raw(key), max_chars)
    _checked(key, message)
    return where.text_input(label, key=key, bind="query-params", max_chars=max_chars, placeholder=placeholder,
                            persist_state="session" if keep else None).strip()


def categories_of(arena: str) -> list[str]:
    return categories_in(shared_data().load_dataset(f"design-arena-{arena}").dataset.items)


def render_filters(*, by_source: bool = True) -> View:
    """The shared sidebar filters; returns the view they select.

    `by_source=False` (pages that always draw on every source) hides the
    source picker and always offers Design Arena's arena and category.
    """
    side = st.sidebar
    side.header("Filters")
    source = ALL
    if by_source:
        source = bound_select("Source", SOURCES, "source", "artificial-analysis", where=side, keep=True,
                              help="Which benchmark publisher's figures to show.")
    task_type = bound_select("Task type", TASK_TYPES, "task_type", ALL, where=side, keep=True,
                             help="Artificial Analysis: the index ranked by; Design Arena: coding = Code "
                                  "category; OpenRouter: intelligence = GPQA, agentic = τ-bench, search.")
    arena, category = "models", ALL
    if source in ("design-arena", ALL):
        arena = bound_select("Arena", ARENAS, "arena", "models", where=side, keep=True,
                             help="Design Arena's arenas: single models, app builders, or agents.")
        category = bound_select("Category", category_choices(categories_of(arena)), "category", ALL,
                                where=side, keep=True, help="What the models were asked to build.")
    max_results = bound_int("Rows", "max_results", 1, MAX_ROWS_LIMIT, DEFAULT_MAX_ROWS, where=side, keep=True,
                            help="Show at most this many of the best-ranked rows.")
    text = bound_text("Search models", "q", MAX_SEARCH_CHARS, where=side, placeholder="e.g. claude, qwen",
                      keep=True)
    return View(source, task_type, arena, category, max_results, text)


def load(query: BenchmarkQuery, what: str = "benchmark scores") -> BenchmarkResult:
    """Read through the shared data layer, with a spinner; never raises for API trouble."""
    try:
        with st.spinner(f"Loading {what}…"):
            return shared_data().load_benchmarks(query, cut=False)
    except InvalidQuery as error:  # widgets only offer valid values; a stale session may not
        st.error(f"These filters cannot be answered: {md(error)}")
        st.stop()


def render_freshness(result: BenchmarkResult) -> None:
    """Say plainly when what is shown is not live, and why."""
    for view in result.views:
        if view.state is Freshness.STALE:
            st.warning(f"Could not refresh {view.name}: {md(view.reason)} Showing the last good data "
                       f"({view.label}).", icon=":material/history:")
        elif view.state is Freshness.SNAPSHOT and view.reason:
            st.warning(f"Could not load live {view.name}: {md(view.reason)} Showing the bundled "
                       f"{view.label}.", icon=":material/inventory_2:")
        if not view.dataset.complete:
            st.info(f"{view.name} may be incomplete: the API returned at most 100 entries for "
                    f"{md(', '.join(view.dataset.truncated_slices))}.", icon=":material/info:")


def render_citations(result: BenchmarkResult) -> None:
    mode = {Freshness.SNAPSHOT: "Bundled snapshot", Freshness.STALE: "Stale data"}
    states = {mode.get(view.state, "Live data") for view in result.views}
    st.caption(" · ".join(sorted(states)) + ". " + " ".join(md(line) for line in citation_lines(result.views)))


def share_link() -> str:
    """The URL of the current view: page, and every bound widget's value."""
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    base = st.context.url or ""
    if base and not urlsplit(base).path:
        base += "/"
    return f"{base}?{urlencode(pairs, safe='/()')}" if pairs else base


def render_share_link() -> None:
    st.sidebar.markdown("**Share this view**")
    st.sidebar.code(share_link(), language=None, wrap_lines=True)
    st.sidebar.caption("Copy the link (icon on the right): it opens this page with these filters.")


def current_view() -> View:
    """The view the sidebar selected in this run (defaults when the page has no filters)."""
    return st.session_state.get("view", View())


def load_everything() -> BenchmarkResult:
    with st.spinner("Loading every source…"):
        return shared_data().load_everything()


def render_mode_badge() -> None:
    """Live or snapshot, always visible: nobody should mistake a dated snapshot for live data."""
    data = shared_data()
    if data.mode == "snapshot":
        as_of = data.snapshot("artificial-analysis").meta.as_of[:10]
        st.sidebar.caption(f":material/inventory_2: **Bundled snapshot of {as_of}** ({data.mode_reason}).")
    else:
        st.sidebar.caption(":material/cloud_done: **Live data** from the OpenRouter API, cached "
                           f"{data.settings.ttl_seconds / 60:.0f} min.")


def bound_amount(label: str, key: str, high: float, *, where=None, help: str | None = None,
                 placeholder: str = "no limit") -> float | None:
    """An optional amount (empty = no limit) kept in the URL."""
    where = where or st
    message = check_number(key, _raw(key), 0, high, placeholder, whole=False)
    _checked(key, message)
    return where.number_input(label, min_value=0.0, max_value=high, value=None, step=1.0, key=key,
                              bind="query-params", help=help, placeholder=placeholder)


def bound_slider(label: str, key: str, low: int, high: int, default: int, *, where=None,
                 help: str | None = None) -> int:
    where = where or st
    message = check_number(key, _raw(key), low, high, default)
    _checked(key, message)
    return int(where.slider(label, low, high, default, key=key, bind="query-params", help=help))
