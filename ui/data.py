"""Reading through the shared data service, and saying how fresh and where from."""

from __future__ import annotations

import streamlit as st

from client.query import BenchmarkQuery, InvalidQuery
from core.catalogue import ARTIFICIAL_ANALYSIS, dataset_title
from core.citations import citation_lines
from core.freshness import MODE_REASONS, describe_failure, describe_problems, describe_state
from core.text import md
from service.data import BenchmarkResult, shared_data
from service.states import Freshness, Mode


def load(query: BenchmarkQuery, what: str = "benchmark scores") -> BenchmarkResult:
    """Read through the shared data layer, with a spinner; never raises for API trouble."""
    try:
        with st.spinner(f"Loading {what}…"):
            return shared_data().load_benchmarks(query, cut=False)
    except InvalidQuery as error:  # widgets only offer valid values; a stale session may not
        st.error(f"These filters cannot be answered: {md(error)}")
        st.stop()


def render_freshness(result: BenchmarkResult) -> None:
    """Say plainly, in one notice at most, when what is shown is not live or not whole, and why."""
    failed, notes = [], []
    for state in result.states:
        title = dataset_title(state.name)
        if state.state is Freshness.STALE:
            failed.append(f"{title}: could not refresh. {describe_failure(state.failure)} Showing the last good "
                          f"data ({describe_state(state)}).")
        elif state.state is Freshness.SNAPSHOT and state.failure:
            failed.append(f"{title}: could not load live data. {describe_failure(state.failure)} Showing the "
                          f"bundled {describe_state(state)}.")
        if state.dataset.problems:
            notes.append(f"{title}: items that did not pass validation were left out or corrected: "
                         f"{describe_problems(state.dataset.problems)}. Details on Data & status.")
        if not state.dataset.complete:
            notes.append(f"{title} may be incomplete: the API returned at most 100 entries for "
                         f"{', '.join(state.dataset.truncated_slices)}.")
    lines = [md(line) for line in failed + notes]
    if failed:
        st.warning("  \n".join(lines), icon=":material/history:")
    elif notes:
        st.info("  \n".join(lines), icon=":material/info:")


def render_citations(result: BenchmarkResult) -> None:
    mode = {Freshness.SNAPSHOT: "Bundled snapshot", Freshness.STALE: "Stale data"}
    states = {mode.get(state.state, "Live data") for state in result.states}
    st.caption(" · ".join(sorted(states)) + ". " + " ".join(md(line) for line in citation_lines(result.states)))


def is_live() -> bool:
    return shared_data().mode is Mode.LIVE


def load_everything() -> BenchmarkResult:
    with st.spinner("Loading every source…"):
        return shared_data().load_everything()


def render_mode_badge() -> None:
    """Live or snapshot, always visible: nobody should mistake a dated snapshot for live data."""
    data = shared_data()
    if data.mode is not Mode.LIVE:
        as_of = data.snapshot(ARTIFICIAL_ANALYSIS.datasets[0].name).meta.as_of[:10]
        st.sidebar.caption(f":material/inventory_2: **Bundled snapshot of {as_of}** ({MODE_REASONS[data.mode]}).")
    else:
        held = data.in_hand(ARTIFICIAL_ANALYSIS.datasets[0].name)  # the badge never makes a page wait
        dated = f" of {held.as_of_date}" if held is not None else ""
        st.sidebar.caption(f":material/cloud_done: **Live data{dated}** from the OpenRouter API, cached "
                           f"{data.ttl_seconds / 60:.0f} min.")


