"""Attribution lines (CC BY 4.0): one per source shown, with its date."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_CITATIONS = {
    "artificial-analysis": "Source: Artificial Analysis (artificialanalysis.ai) via OpenRouter "
                           "(openrouter.ai/rankings).",
    "design-arena": "Source: Design Arena (www.designarena.ai) via OpenRouter (openrouter.ai/rankings).",
    "openrouter": "Source: OpenRouter (openrouter.ai/rankings).",
}
LICENCE = "Data licensed CC BY 4.0."


def citation_lines(states: Iterable) -> list[str]:
    """For each source with figures among the states: its citation and the newest `as_of` date."""
    latest: dict[str, tuple[str, str]] = {}
    for state in states:
        if not state.dataset.items:
            continue  # nothing of this source is shown
        meta = state.dataset.meta
        source = meta.source or "unknown"
        citation = meta.citation or DEFAULT_CITATIONS.get(source, f"Source: {source} via OpenRouter.")
        as_of = state.as_of_date
        if source not in latest or as_of > latest[source][1]:
            latest[source] = (citation, as_of)
    return [f"{citation} Data as of {as_of}. {LICENCE}" for citation, as_of in latest.values()]
