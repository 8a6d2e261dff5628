"""Data & status: where the figures come from, how fresh they are, what the API budget allows."""

import pandas as pd
import streamlit as st

from core.catalogue import dataset_title
from core.citations import citation_lines
from core.freshness import (
    MODE_REASONS,
    STATE_WORDS,
    describe_completeness,
    describe_failure,
    describe_problems,
    describe_serving,
    format_stamp,
    format_time,
)
from core.text import md
from service.data import shared_data
from service.shared_quota import describe_sharing
from service.states import FailureKind, Freshness, Mode
from ui.data import fill_by, note_drawn

data = shared_data()
st.title("Data & status")
states = data.load_every_dataset()
note_drawn(states)
failures = data.failures()
if data.mode is not Mode.LIVE:
    st.info(f"Serving the bundled snapshot ({MODE_REASONS[data.mode]}). Set OPENROUTER_API_KEY for live data.",
            icon=":material/inventory_2:")
else:  # what is served, dataset by dataset, and why what is not live is not
    serving = describe_serving(states, failures)
    said = "  \n".join(md(line) for line in [serving.headline(), *serving.reason_lines()])
    if serving.level == "live":
        st.success(said, icon=":material/cloud_done:")
    elif serving.loading_only:
        st.info(said, icon=":material/downloading:")
    else:
        st.warning(said, icon=":material/cloud_off:")


def state_words(state) -> str:
    loading = state.state is Freshness.SNAPSHOT and state.failure and state.failure.kind is FailureKind.REFRESHING
    return STATE_WORDS[state.state] + (" (live figures loading)" if loading else "")


def last_error(state) -> str:
    failure = failures.get(state.name) or state.failure
    return "none" if failure is None or failure.kind is FailureKind.REFRESHING else describe_failure(failure)


rows = [{
    "Dataset": dataset_title(state.name),
    "State": state_words(state),
    "As of": format_stamp(state.as_of),
    "Fetched": format_time(state.dataset.fetched_at),
    "Items": len(state.dataset.items),
    "Complete": describe_completeness(state.dataset, fill_by(state)),
    "Items dropped or changed": describe_problems(state.dataset.problems) or "none",
    "Last error": last_error(state),
} for state in states]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
if data.refreshing():
    st.caption(":material/sync: A refresh is running in the background; open pages redraw when it lands.")

usage = data.usage()
left, middle, right = st.columns(3)
left.metric("API requests today (UTC)", f"{usage.used_today} / {usage.per_day}")
middle.metric("In the last minute", f"{usage.used_this_minute} / {usage.per_minute}")
right.metric("Cache lifetime", f"{data.ttl_seconds / 60:.0f} min")
data.check_sharing()
sharing = describe_sharing(data.quota, data.shared)
if sharing:
    (st.warning if "Degraded" in sharing else st.caption)(sharing)
if usage.blocked_until:
    st.warning(f"The API asked us to wait: API use resumes at {format_time(usage.blocked_until)}.")

st.subheader("Archive")
archive = data.archive.editions()
kept = "kept in the archive folder" if data.archive.folder else "not kept (no live data in this mode)"
st.caption(f"Every dated edition of each dataset, write-once: {len(archive.editions)} editions on "
           f"{len(archive.dates())} dates. The bundled ones ship with the app; new live ones are {md(kept)}.")
st.dataframe(pd.DataFrame([{
    "Dataset": dataset_title(edition.dataset),
    "As of": format_stamp(edition.as_of),
    "Items": edition.size,
    "Kept": edition.origin,
    "Same figures until": format_stamp(data.archive.same_until(edition)),  # published again unchanged until
    "File": edition.where,
} for edition in archive.editions]), hide_index=True, width="stretch")
elsewhere = data.archive.elsewhere
if elsewhere:
    counted, them = ("1 edition recorded by another replica is", "it") if len(elsewhere) == 1 else \
        (f"{len(elsewhere)} editions recorded by other replicas are", "them")
    st.warning(f"{counted} not in this replica's archive folder, so its history and What changed lack {them}. Give "
               "every replica the same BENCHMARKS_ARCHIVE_DIR (one shared volume):  \n" + "  \n".join(
                   f"{md(dataset_title(name))} of {md(as_of)}: {md(where)}" for name, as_of, where in elsewhere[:20]),
               icon=":material/folder_off:")
if archive.skipped:
    st.warning("Archive entries skipped (never edited; fix or remove the file):  \n" + "  \n".join(
        f"{md(entry.where)}: {md(entry.why)}" for entry in archive.skipped), icon=":material/report:")

st.subheader("Citations")
for line in citation_lines(states):
    st.markdown(f"- {md(line)}")
st.caption("Figures may be restated when sources refresh; each is shown with the date it was published.")
