"""Attribution lines (CC BY 4.0): one per source shown, with its date."""

from __future__ import annotations

from collections.abc import Iterable

from core.catalogue import LICENCE, citation_for


def citation_lines(states: Iterable) -> list[str]:
    """For each source with figures among the datasets: its citation and the newest `as_of` date."""
    latest: dict[str, tuple[str, str]] = {}
    for state in states:
        if not state.dataset.items:
            continue  # nothing of this source is shown
        meta = state.dataset.meta
        source_id = meta.source or "unknown"
        citation = meta.citation or citation_for(source_id)
        as_of = state.as_of_date
        if source_id not in latest or as_of > latest[source_id][1]:
            latest[source_id] = (citation, as_of)
    return [f"{citation} Data as of {as_of}. {LICENCE}" for citation, as_of in latest.values()]


def edition_citation_lines(editions: Iterable) -> list[str]:
    """For each source among archive editions (`core.history.Edition`): its citation and every date shown."""
    dated: dict[str, tuple[str, set[str]]] = {}
    for edition in editions:
        if edition is None or not edition.size:  # counted at the scan: no edition's items are read here
            continue
        citation = edition.citation or citation_for(edition.source)
        dated.setdefault(edition.source, (citation, set()))[1].add(edition.date)
    return [f"{citation} Data as of {', '.join(sorted(dates))}. {LICENCE}" for citation, dates in dated.values()]
