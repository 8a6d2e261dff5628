"""The wide datasets the app caches, and how to fetch one completely.

Strategy (fetch wide, filter locally): the app never asks the API for a
filtered view. It fetches whole datasets (one per source, one per Design Arena
arena) and answers every filter locally with `client.query`, so changing a
filter normally costs no request.

Completeness: one answer holds at most 100 items, and an omitted max_results
means 50 in the documented API but "everything" in a newer revision. So the
first request omits max_results: more than 100 items back means the API gave
everything; fewer than 50 means nothing was cut. Otherwise the dataset is
fetched again in narrower slices of 100 (Design Arena per category,
Artificial Analysis per task type, OpenRouter per benchmark) and merged
without duplicates. A slice that still comes back full may have been cut:
the dataset is then marked incomplete, naming the slices, never silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from client.models import BenchmarkItem, BenchmarksMeta, BenchmarksResponse, GenericItem
from client.query import (
    DEFAULT_MAX_RESULTS,
    MAX_RESULTS_LIMIT,
    BenchmarkQuery,
    identity,
)
from core.catalogue import dataset_defs, source_of_item


@dataclass(frozen=True)
class DatasetSpec:
    name: str  # also the bundled snapshot's file stem
    query: BenchmarkQuery  # the wide request, max_results omitted
    slice_by: str  # the query parameter that narrows it
    known_slices: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The cache key: the normalised wide request (never the API key)."""
        return self.query.key()


def datasets() -> dict[str, DatasetSpec]:
    """Every dataset the app fetches, by name: derived from the catalogue's sources."""
    return {d.name: DatasetSpec(d.name, BenchmarkQuery(**dict(d.params)), d.slice_by, d.known_slices)
            for d in dataset_defs()}


def typed_items(items: Iterable[BenchmarkItem]) -> tuple[BenchmarkItem, ...]:
    """Items of a source the catalogue knows but the client parsed generically, as the catalogue's item type."""
    return tuple(_typed(item) for item in items)


def _typed(item: BenchmarkItem) -> BenchmarkItem:
    if not isinstance(item, GenericItem):
        return item
    known = source_of_item(item)
    for item_type in known.item_types if known else ():
        try:
            return item_type.model_validate(item.model_dump())
        except ValueError:
            continue
    return item


def datasets_for(query: BenchmarkQuery) -> list[DatasetSpec]:
    """The wide datasets that hold every item this query can return."""
    chosen = []
    for spec in datasets().values():
        wide = spec.query
        if query.source is not None and wide.source != query.source:
            continue
        if wide.source == "design-arena" and wide.arena != query.effective_arena:
            continue
        chosen.append(spec)
    return chosen


@dataclass(frozen=True)
class FetchedDataset:
    """One dataset as last fetched: items, the API's meta, and how complete it is."""

    name: str
    items: tuple[BenchmarkItem, ...] = field(repr=False)
    meta: BenchmarksMeta
    fetched_at: datetime
    complete: bool = True
    truncated_slices: tuple[str, ...] = ()
    dropped: int = 0
    requests: int = 0

    def age_seconds(self, now: datetime) -> float:
        """Seconds since it was fetched, at `now` (the layer's clock)."""
        return (now - self.fetched_at).total_seconds()


Fetch = Callable[[BenchmarkQuery], BenchmarksResponse]


def _looks_complete(count: int) -> bool:
    return count > MAX_RESULTS_LIMIT or count < DEFAULT_MAX_RESULTS


def fetch_dataset(
    fetch: Fetch, spec: DatasetSpec, also_slices: Iterable[str] = (), *, now: Callable[[], datetime]
) -> FetchedDataset:
    """Fetch one dataset completely (see the module's strategy), stamped `now()`. Errors propagate."""
    first = fetch(spec.query)
    requests = 1
    items = list(first.data)
    dropped = first.dropped_count
    truncated: list[str] = []
    complete = _looks_complete(len(first.data) + first.dropped_count)
    if not complete:
        seen = {getattr(item, spec.slice_by, None) for item in first.data}
        values = list(dict.fromkeys([*spec.known_slices, *also_slices, *sorted(v for v in seen if v)]))
        merged = {identity(item): item for item in items}
        for value in values:
            part = fetch(spec.query.but(**{spec.slice_by: value, "max_results": MAX_RESULTS_LIMIT}))
            requests += 1
            dropped += part.dropped_count
            if len(part.data) + part.dropped_count >= MAX_RESULTS_LIMIT:
                truncated.append(f"{spec.slice_by}={value}")
            for item in part.data:
                merged.setdefault(identity(item), item)
        items = list(merged.values())
        complete = not truncated
    return FetchedDataset(
        name=spec.name,
        items=typed_items(items),
        meta=first.meta,
        fetched_at=now(),
        complete=complete,
        truncated_slices=tuple(truncated),
        dropped=dropped,
        requests=requests,
    )
