"""Reading through the shared data service, and saying how fresh and where from."""

from __future__ import annotations

import streamlit as st

from client.query import BenchmarkQuery, InvalidQuery
from core.catalogue import ARTIFICIAL_ANALYSIS, dataset_title, source_labels
from core.citations import citation_lines
from core.freshness import MODE_REASONS, describe_failure, describe_problems, describe_slices, describe_state
from core.history import Editions
from core.text import md
from service.data import BenchmarkResult, shared_data
from service.datasets import datasets
from service.states import FailureKind, Freshness, Mode

REFRESH_POLL_S = 1.0  # how often an open page asks whether a running refresh landed
UPDATED_KEY = "_data_updated"


def load(query: BenchmarkQuery) -> BenchmarkResult:
    """Read through the shared data layer; never raises for API trouble, never waits for the API
    (what is in hand is drawn at once, so no spinner: each one starts a timer thread per view)."""
    try:
        return shared_data().load_benchmarks(query, cut=False)
    except InvalidQuery as error:  # widgets only offer valid values; a stale session may not
        st.error(f"These filters cannot be answered: {md(error)}")
        st.stop()


def render_freshness(result: BenchmarkResult) -> None:
    """Say plainly, in one notice at most, when what is shown is not live or not whole, and why.

    Data in hand past its TTL, or kept after a failed refresh, is drawn as it was: the page says
    nothing of it (the sidebar's status, Data & status and the citation line's "Stale data" do), so a
    refresh never changes a page's figures but by bringing newer ones. Datasets in the same state are
    said in one sentence.
    """
    failed: dict[tuple[str, str], list[str]] = {}  # (why, what is shown instead) -> dataset titles
    loading, notes = [], []
    for state in result.states:
        title = dataset_title(state.name)
        if state.state is Freshness.SNAPSHOT and state.failure:
            if state.failure.kind is FailureKind.REFRESHING:
                loading.append(title)
            else:
                failed.setdefault((describe_failure(state.failure), describe_state(state)), []).append(title)
        if state.dataset.problems:
            notes.append(f"{title}: items that did not pass validation were left out or corrected: "
                         f"{describe_problems(state.dataset.problems)}. Details on Data & status.")
        if not state.dataset.complete:
            notes.append(f"{title} may be incomplete: the API returned at most 100 entries for "
                         f"{describe_slices(state.dataset.truncated_slices)}.")
    lines = [f"{', '.join(titles)}: could not load live data. {why} Showing the bundled {shown}."
             for (why, shown), titles in failed.items()]
    if loading:
        dates = sorted({s.as_of_date for s in result.states if s.state is Freshness.SNAPSHOT})
        lines.append(f"Showing the bundled snapshot of {', '.join(dates)} for {', '.join(loading)} while live "
                     "figures load; the page updates by itself when they arrive.")
    text = "  \n".join(md(line) for line in lines + notes)
    if failed:
        st.warning(text, icon=":material/history:")
    elif loading:
        st.info(text, icon=":material/downloading:")
    elif notes:
        st.info(text, icon=":material/info:")


def render_citations(result: BenchmarkResult) -> None:
    mode = {Freshness.SNAPSHOT: "Bundled snapshot", Freshness.STALE: "Stale data"}
    states = {mode.get(state.state, "Live data") for state in result.states}
    st.caption(" · ".join(sorted(states)) + ". " + " ".join(md(line) for line in citation_lines(result.states)))


def is_live() -> bool:
    return shared_data().mode is Mode.LIVE


def load_everything() -> BenchmarkResult:
    return shared_data().load_everything()


def load_archive() -> Editions:
    """Every archived edition (bundled and kept from live fetches); never waits for the API."""
    return shared_data().archive.editions()


def shown_as_of(result: BenchmarkResult) -> tuple[tuple[str, str], ...]:
    """(dataset, `as_of`) of each dataset the result drew figures from."""
    return tuple((state.name, state.as_of) for state in result.states if state.dataset.items)


def render_mode_badge(where=None) -> None:
    """Live or snapshot, always visible, with the data's date, a refresh under way, a refresh that failed.

    `where`: a sidebar container made before the page ran, filled after it, so it says what the page did.
    """
    where = where or st.sidebar
    data = shared_data()
    as_of = data.snapshot(ARTIFICIAL_ANALYSIS.datasets[0].name).meta.as_of[:10]  # the bundled snapshot's date
    if data.mode is not Mode.LIVE:
        others = snapshot_dates_besides(as_of)
        where.caption(f":material/inventory_2: **Bundled snapshot of {as_of}**{others} ({MODE_REASONS[data.mode]}).")
        return
    held = data.in_hand(ARTIFICIAL_ANALYSIS.datasets[0].name)  # the badge never makes a page wait
    if held is not None and held.state is not Freshness.SNAPSHOT:
        lines = [f":material/cloud_done: **Live data of {held.as_of_date}** from the OpenRouter API, cached "
                 f"{data.ttl_seconds / 60:.0f} min."]
    else:  # nothing live in hand yet: the pages show the snapshot meanwhile
        lines = [f":material/cloud_sync: **Live mode**: showing the bundled snapshot of {as_of}"
                 f"{snapshot_dates_besides(as_of)} until live "
                 "data arrives from the OpenRouter API."]
    if data.refreshing():
        lines.append(":material/sync: Refreshing in the background.")
    failed = data.failures()
    if failed:
        titles = ", ".join(dataset_title(name) for name in failed)
        lines.append(f":material/sync_problem: The last refresh failed ({md(titles)}): "
                     f"{md(describe_failure(next(iter(failed.values()))))} The figures shown are the last good "
                     "ones; details on Data & status.")
    where.caption("  \n".join(lines))


def snapshot_dates_besides(as_of: str) -> str:
    """" (OpenRouter evals of 2026-10-08)": the sources whose bundled figures have another date than `as_of`."""
    data = shared_data()
    dated: dict[str, str] = {}
    for spec in datasets().values():
        snapshot = data.snapshot(spec.name)
        if snapshot.items and snapshot.meta.as_of[:10] != as_of:
            label = source_labels(with_all=False).get(spec.query.source, spec.name)
            dated.setdefault(label, snapshot.meta.as_of[:10])
    return f" ({'; '.join(f'{label} of {date}' for label, date in dated.items())})" if dated else ""


def data_versions() -> tuple[int, int, tuple]:
    """What the page is about to draw from: refreshes landed and good data taken in hand so far, and
    which datasets' last refresh failed, and how."""
    data = shared_data()
    failed = tuple(sorted((name, failure.kind) for name, failure in data.failures().items()))
    return data.version, data.good_version, failed


def render_refresh_watch(seen: tuple[int, int, tuple]) -> None:
    """While a refresh runs, poll for it (a small fragment); when one lands, redraw the page by itself.

    `seen` is `data_versions()` from before the page read its data. A landed refresh that brought
    newer figures is said with a quiet toast; one that failed redraws the status only.
    """
    if st.session_state.pop(UPDATED_KEY, False):
        st.toast("Updated: the newest figures are shown.", icon=":material/update:")
    data = shared_data()
    if data.mode is Mode.LIVE and (data.refreshing() or data.version != seen[0]):
        _watch_refresh(seen)


@st.fragment(run_every=REFRESH_POLL_S)
def _watch_refresh(seen: tuple[int, int, tuple]) -> None:
    """Redraw the page when a refresh brought newer figures or changed what failed; a refresh that failed
    as the page already says does not redraw it (a redraw would start the next refresh, and the next)."""
    from streamlit import runtime

    version, good, failed = data_versions()
    if version != seen[0] and (good, failed) != seen[1:] and runtime.exists():  # AppTest: no browser to redraw
        st.session_state[UPDATED_KEY] = good != seen[1]
        st.rerun(scope="app")
