"""Reading through the shared data service, and saying how fresh and where from."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta

import streamlit as st

from client.query import BenchmarkQuery, InvalidQuery
from core.catalogue import dataset_title, source_labels
from core.citations import citation_lines
from core.freshness import (
    MODE_REASONS,
    describe_cut,
    describe_failure,
    describe_problems,
    describe_serving,
    describe_state,
    fill_estimate,
)
from core.history import Editions
from core.text import md
from service.data import BenchmarkResult, shared_data
from service.datasets import MAX_SLICES_PER_REFRESH, datasets
from service.quota import MAX_PAUSE_S
from service.states import DatasetState, FailureKind, Freshness, Mode

REFRESH_POLL_S = 1.0  # how often an open page asks whether a running refresh landed
UPDATED_KEY = "_data_updated"
_drawn = threading.local()  # the datasets this run's page drew from (a script run is one thread)


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
    note_drawn(result.states)
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
        if cut := describe_cut(state.dataset, fill_by(state)):
            notes.append(f"{title} may be incomplete: {cut}.")
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


def fill_by(state: DatasetState) -> datetime | None:
    """When the lists of a fill the budget stopped should all be in (`core.freshness.fill_estimate`): the
    fill goes on at the dataset's next refresh, when its state expires; None when no fill is under way."""
    if not state.dataset.pending_slices or not math.isfinite(state.expires):
        return None
    data = shared_data()
    ahead = min(max(state.expires - data.clock.monotonic(), 0.0), MAX_PAUSE_S)
    return fill_estimate(len(state.dataset.pending_slices), next_try=data.clock.now() + timedelta(seconds=ahead),
                         per_refresh=MAX_SLICES_PER_REFRESH, per_minute=data.settings.per_minute,
                         between_s=data.settings.error_ttl_seconds)


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


def note_drawn(states) -> None:
    """Remember the datasets this run's page drew its figures from: the sidebar's badge, filled after the
    page, says what they are (so the badge and the page tell the same)."""
    drawn = getattr(_drawn, "states", None)
    if drawn is None:
        drawn = _drawn.states = {}
    for state in states:
        drawn[state.name] = state


def _states_drawn() -> tuple[DatasetState, ...]:
    """What this run's page drew from (`note_drawn`), once; a page that drew no figures: every dataset as
    held now (never fetches, never waits)."""
    drawn = getattr(_drawn, "states", None)
    _drawn.states = None
    if drawn:
        return tuple(drawn.values())
    data = shared_data()
    return tuple(data.in_hand(name) or DatasetState(data.snapshot(name), Freshness.SNAPSHOT) for name in datasets())


def _dated(states) -> tuple[str, str]:
    """("2026-08-28", " (OpenRouter evals of 2026-10-08)"): the first dataset's date, then each source's other
    date (of datasets with figures)."""
    states = [state for state in states if state.dataset.items] or list(states)
    first = states[0].as_of_date
    others: dict[str, str] = {}
    for state in states:
        if state.as_of_date != first:
            label = source_labels(with_all=False).get(state.dataset.meta.source or "", dataset_title(state.name))
            others.setdefault(label, state.as_of_date)
    return first, f" ({'; '.join(f'{label} of {date}' for label, date in others.items())})" if others else ""


def render_mode_badge(where=None) -> None:
    """Live, partly live or snapshot, always visible, with the data's date, a refresh under way, a refresh
    that failed: of the datasets the page drew from (`note_drawn`), as the page drew them.

    `where`: a sidebar container made before the page ran, filled after it, so it says what the page did.
    """
    where = where or st.sidebar
    data = shared_data()
    states = _states_drawn()
    if data.mode is not Mode.LIVE:
        bundled = [DatasetState(data.snapshot(name), Freshness.SNAPSHOT) for name in datasets()]
        date, others = _dated(bundled)
        where.caption(f":material/inventory_2: **Bundled snapshot of {date}**{others} ({MODE_REASONS[data.mode]}).")
        return
    serving = describe_serving(states, data.failures())
    date, others = _dated(states)
    if serving.level == "snapshot":
        lines = [f":material/cloud_sync: **Live mode**: showing the bundled snapshot of {date}{others}"
                 + (" until live data arrives from the OpenRouter API." if serving.loading_only else ".")]
    elif serving.bundled:
        lines = [f":material/cloud_sync: **Partly live**: {md(serving.parts())}."]
    else:  # live data, the last good included
        lines = [f":material/cloud_done: **Live data of {date}**{others} from the OpenRouter API, cached "
                 f"{data.ttl_seconds / 60:.0f} min."]
    if data.refreshing():
        lines.append(":material/sync: Refreshing in the background.")
    stale = set(serving.stale)
    for titles, why, loading in serving.reasons:
        if loading:
            if not (serving.level == "snapshot" and serving.loading_only):  # else said: "until live data arrives"
                lines.append(f":material/downloading: {md(', '.join(titles))}: {md(why)}")
            continue
        shown = "the last good ones" if stale.issuperset(titles) else \
            "the bundled snapshot" if stale.isdisjoint(titles) else "the last good ones or the bundled snapshot"
        lines.append(f":material/sync_problem: The last refresh failed ({md(', '.join(titles))}): {md(why)} "
                     f"The figures shown are {shown}; details on Data & status.")
    where.caption("  \n".join(lines))


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
    if data.mode is Mode.LIVE and (data.refreshing() or data.version != seen[0] or data.filling()):
        _watch_refresh(seen)


@st.fragment(run_every=REFRESH_POLL_S)
def _watch_refresh(seen: tuple[int, int, tuple]) -> None:
    """Redraw the page when a refresh brought newer figures or changed what failed; a refresh that failed
    as the page already says does not redraw it (a redraw would start the next refresh, and the next)."""
    from streamlit import runtime

    shared_data().resume_fills()  # a fill the budget stopped goes on while the page is open
    version, good, failed = data_versions()
    if version != seen[0] and (good, failed) != seen[1:] and runtime.exists():  # AppTest: no browser to redraw
        st.session_state[UPDATED_KEY] = good != seen[1]
        st.rerun(scope="app")
