"""How fresh the figures are and why, in words: the data service reports states, this says them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from client.query import MAX_RESULTS_LIMIT
from core.catalogue import BENCHMARKS, category_label, dataset_defs, dataset_title, task_labels
from core.history import parse_stamp
from service.states import DatasetState, Failure, FailureKind, Freshness, Mode

MODE_REASONS = {
    Mode.LIVE: "OPENROUTER_API_KEY is set",
    Mode.NO_KEY: "no OPENROUTER_API_KEY is set",
    Mode.OFFLINE: "BENCHMARKS_OFFLINE is set",
}


SENTENCES = {  # what happened, and what to check
    FailureKind.QUOTA: "The API budget is spent ({detail}); live data again from {when}.",
    FailureKind.PAUSED: "The API asked us to wait; live data again from {when}.",
    FailureKind.UNAUTHORIZED: "The API rejected the key (401): check OPENROUTER_API_KEY.",
    FailureKind.RATE_LIMITED: "Rate limited by the API (429).",
    FailureKind.DEADLINE: "Fetching the dataset took over {detail}: the API is too slow now.",
    FailureKind.TIMEOUT: "The API did not answer in time.",
    FailureKind.CONNECTION: "Could not reach the API (network or OPENROUTER_BASE_URL).",
    FailureKind.NOT_CONTRACT: "The API sent a response that is not the benchmarks contract.",
    FailureKind.BAD_REQUEST: "The API refused the request (400): {detail}",
    FailureKind.API_FAILED: "The API failed (status {status}).",
    FailureKind.EMPTY: "{detail}",
    FailureKind.UNEXPECTED: "Unexpected error: {detail}",
    FailureKind.REFRESHING: "Live figures are still loading; the page updates by itself when they arrive.",
}
NOT_FETCHED = "Not fetched yet: live figures load when a page needs them."
LIVE_STATES = (Freshness.LIVE, Freshness.CACHED)
STATE_WORDS = {  # the State column of Data & status
    Freshness.LIVE: "live",
    Freshness.CACHED: "live (from the disk cache)",
    Freshness.STALE: "last good live data (the last refresh failed)",
    Freshness.SNAPSHOT: "bundled snapshot",
}


def format_time(moment: datetime) -> str:
    """The one way a time is written on the pages: "2026-11-25 12:01 UTC"."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def format_stamp(stamp: str) -> str:
    """An API or archive time stamp ("2026-07-12T11:40:21Z") as `format_time` writes it; its first ten
    characters (the date) when it is no time."""
    moment = parse_stamp(stamp)
    return format_time(moment) if moment is not None else stamp[:10]


def describe_failure(failure: Failure | None) -> str:
    """A sentence for a failed refresh; empty when nothing failed."""
    if failure is None:
        return ""
    when = format_time(failure.resets_at) if failure.resets_at else "later"
    return SENTENCES[failure.kind].format(detail=failure.detail, when=when, status=failure.status)


def describe_problems(problems) -> str:
    """What the validation boundary dropped or changed, in one line: "9 dropped (price is not a number: 9)"."""
    dropped = [p for p in problems if p.dropped]
    changed = [p for p in problems if not p.dropped]
    parts = []
    for verb, group in (("dropped", dropped), ("changed", changed)):
        if group:
            reasons = "; ".join(f"{p.reason}: {p.count}" for p in group)
            parts.append(f"{sum(p.count for p in group)} {verb} ({reasons})")
    return ", ".join(parts)


def describe_slices(slices) -> str:
    """The slices an answer may have been cut in ("category=codecategories"), in the page's words ("Code")."""
    words = []
    for piece in slices:
        name, _, value = piece.partition("=")
        if name == "category":
            words.append(category_label(value))
        elif name == "task_type":
            words.append(task_labels().get(value, value))
        elif name == "benchmark_type":
            words.append(BENCHMARKS.get(value) or value.replace("_", " "))
        else:
            words.append(value)
    return ", ".join(words)


def describe_cut(dataset, fill_by: datetime | None = None) -> str:
    """Which lists of a dataset are not whole, and when they will be; empty when it is complete.

    Lists of a fill the budget stopped (`pending_slices`) are fetched by the next refreshes: `fill_by` is
    when they should all be in (`fill_estimate`). Lists the API cut at its cap stay cut while it caps.
    """
    said = []
    pending = dataset.pending_slices
    if pending:
        slice_by = next((d.slice_by for d in dataset_defs() if d.name == dataset.name), "")
        lists = describe_slices(f"{slice_by}={value}" for value in pending)
        said.append(f"{len(pending)} of its lists are not fetched yet ({lists}): the API budget stopped the fill, "
                    "which goes on where it stopped" + (f", expected complete by about {format_time(fill_by)}"
                                                         if fill_by else ""))
    if dataset.truncated_slices:
        said.append(f"{describe_slices(dataset.truncated_slices)} came back at the API's cap of {MAX_RESULTS_LIMIT} "
                    f"entries a request, so further entries may be missing there; they are complete only when the "
                    f"API returns more than {MAX_RESULTS_LIMIT} a request")
    return "; ".join(said)


def fill_estimate(pending: int, *, next_try: datetime, per_refresh: int, per_minute: int, between_s: float
                  ) -> datetime:
    """When a fill with `pending` lists left should be whole, from the budget: a request per list and one
    per refresh, at most `per_refresh` lists a refresh, refreshes `between_s` apart from `next_try`, and no
    more than `per_minute` requests a minute."""
    refreshes = max(1, math.ceil(pending / max(1, per_refresh)))
    minutes = math.ceil((pending + refreshes) / max(1, per_minute))
    return next_try + timedelta(seconds=max((refreshes - 1) * between_s, (minutes - 1) * 60.0))


def describe_completeness(dataset, fill_by: datetime | None = None) -> str:
    """Data & status's Complete column: "yes", or "no: " and which lists are not whole (`describe_cut`)."""
    return "yes" if dataset.complete else f"no: {describe_cut(dataset, fill_by)}"


def describe_state(state: DatasetState) -> str:
    """What the figures of a dataset are: "snapshot of 2026-08-28", "live, fetched …", "stale since …"."""
    if state.state is Freshness.SNAPSHOT:
        return f"snapshot of {state.as_of_date}"
    fetched = format_time(state.dataset.fetched_at)
    if state.state is Freshness.STALE:
        return f"stale since {fetched}"
    return f"{state.state.value}, fetched {fetched}"


@dataclass(frozen=True)
class Serving:
    """What a set of datasets serves now, by dataset title: live, the last good live data (its refresh
    failed), or the bundled snapshot; and why each one not live is not, grouped by reason."""

    live: tuple[str, ...]
    stale: tuple[str, ...]
    bundled: tuple[str, ...]
    reasons: tuple[tuple[tuple[str, ...], str, bool], ...]  # (titles, why, only loading so far)

    @property
    def level(self) -> str:
        """"live" (every one live), "snapshot" (none has live data) or "partly"."""
        if not self.stale and not self.bundled:
            return "live"
        return "snapshot" if not self.live and not self.stale else "partly"

    @property
    def loading_only(self) -> bool:
        """Whether every dataset not live is only waiting for its first live figures (nothing failed)."""
        return all(loading for _, _, loading in self.reasons)

    def parts(self) -> str:
        """"live data for A, B; the bundled snapshot for C": what is served, by dataset."""
        said = [f"{what} for {', '.join(titles)}" for what, titles in (
            ("live data", self.live), ("the last good live data", self.stale), ("the bundled snapshot", self.bundled))
            if titles]
        return "; ".join(said)

    def headline(self) -> str:
        """Data & status's first line: what is served, in one sentence."""
        if self.level == "live":
            count = len(self.live)
            return f"Serving live data from the OpenRouter API for {'all ' if count > 1 else ''}{count} " \
                   f"dataset{'s' if count != 1 else ''}."
        if self.level == "snapshot":
            return "Serving the bundled snapshot, not live data."
        if not self.live and not self.bundled:
            return "Serving the last good live data: the last refresh failed."
        return f"Partly live: {self.parts()}."

    def reason_lines(self) -> list[str]:
        """Why each dataset not live is not: one line per reason, naming the datasets when reasons differ."""
        if len(self.reasons) == 1:
            return [self.reasons[0][1]]
        return [f"{', '.join(titles)}: {why}" for titles, why, _ in self.reasons]


def describe_serving(states: Iterable[DatasetState], failures: dict[str, Failure] | None = None) -> Serving:
    """What these datasets serve now and why (`Serving`). `failures`: the data service's last failed refresh
    by dataset name; a dataset drawn from live data past its TTL whose refresh failed is the last good data."""
    live, stale, bundled = [], [], []
    why: dict[str, tuple[list[str], bool]] = {}
    for state in states:
        title = dataset_title(state.name)
        failure = state.failure or (failures or {}).get(state.name)
        if state.state in LIVE_STATES and failure is None:
            live.append(title)
            continue
        (bundled if state.state is Freshness.SNAPSHOT else stale).append(title)
        loading = failure is None or failure.kind is FailureKind.REFRESHING
        titles, _ = why.setdefault(describe_failure(failure) or NOT_FETCHED, ([], loading))
        titles.append(title)
    return Serving(tuple(live), tuple(stale), tuple(bundled),
                   tuple((tuple(titles), text, loading) for text, (titles, loading) in why.items()))
