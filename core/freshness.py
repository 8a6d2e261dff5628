"""How fresh the figures are and why, in words: the data service reports states, this says them."""

from __future__ import annotations

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
    FailureKind.REFRESHING: "Live figures are on their way; the page updates by itself when they arrive.",
}


def describe_failure(failure: Failure | None) -> str:
    """A sentence for a failed refresh; empty when nothing failed."""
    if failure is None:
        return ""
    when = f"{failure.resets_at:%Y-%m-%d %H:%M} UTC" if failure.resets_at else "later"
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
    from core.catalogue import category_label, task_labels

    words = []
    for piece in slices:
        name, _, value = piece.partition("=")
        if name == "category":
            words.append(category_label(value))
        elif name == "task_type":
            words.append(task_labels().get(value, value))
        else:
            words.append(value)
    return ", ".join(words)


def describe_state(state: DatasetState) -> str:
    """What the figures of a dataset are: "snapshot of 2026-08-28", "live, fetched …", "stale since …"."""
    if state.state is Freshness.SNAPSHOT:
        return f"snapshot of {state.as_of_date}"
    fetched = state.dataset.fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    if state.state is Freshness.STALE:
        return f"stale since {fetched}"
    return f"{state.state.value}, fetched {fetched}"
