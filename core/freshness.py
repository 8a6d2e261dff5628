"""How fresh the figures are and why, in words: the data service reports states, this says them."""

from __future__ import annotations

from service.states import DatasetState, Failure, FailureKind, Freshness, Mode

MODE_REASONS = {
    Mode.LIVE: "OPENROUTER_API_KEY is set",
    Mode.NO_KEY: "no OPENROUTER_API_KEY is set",
    Mode.OFFLINE: "BENCHMARKS_OFFLINE is set",
}


def describe_failure(failure: Failure | None) -> str:
    """A sentence for a failed refresh: what happened, what to check."""
    if failure is None:
        return ""
    kind = failure.kind
    when = f"{failure.resets_at:%H:%M} UTC" if failure.resets_at else "later"
    if kind is FailureKind.QUOTA:
        return f"Request budget reached ({failure.detail}); resets at {when}."
    if kind is FailureKind.PAUSED:
        return f"Request budget reached ({failure.detail}); resets at {when}."
    if kind is FailureKind.UNAUTHORIZED:
        return "The API rejected the key (401): check OPENROUTER_API_KEY."
    if kind is FailureKind.RATE_LIMITED:
        return "Rate limited by the API (429)."
    if kind is FailureKind.DEADLINE:
        return f"Fetching the dataset took over {failure.detail}: the API is too slow now."
    if kind is FailureKind.TIMEOUT:
        return "The API did not answer in time."
    if kind is FailureKind.CONNECTION:
        return "Could not reach the API (network or OPENROUTER_BASE_URL)."
    if kind is FailureKind.NOT_CONTRACT:
        return "The API sent a response that is not the benchmarks contract."
    if kind is FailureKind.BAD_REQUEST:
        return f"The API refused the request (400): {failure.detail}"
    if kind is FailureKind.API_FAILED:
        return f"The API failed (status {failure.status})."
    if kind is FailureKind.EMPTY:
        return failure.detail
    return f"Unexpected error: {failure.detail}"


def describe_state(state: DatasetState) -> str:
    """What the figures of a dataset are: "snapshot of 2026-08-28", "live, fetched …", "stale since …"."""
    if state.state is Freshness.SNAPSHOT:
        return f"snapshot of {state.as_of_date}"
    fetched = state.dataset.fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    if state.state is Freshness.STALE:
        return f"stale since {fetched}"
    return f"{state.state.value}, fetched {fetched}"
