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

Budget: one refresh asks at most MAX_SLICES_PER_REFRESH slices. The slices it did not ask, and those a
budget refused (the per-minute budget, the dataset's share of the day: `service.quota`), are the dataset's
`pending_slices`: it is served meanwhile, marked incomplete, with the items of every slice already
fetched kept, and the next refresh asks the pending slices first: a fill continues where it stopped,
it never starts over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial

from client.models import BenchmarkItem, BenchmarksMeta, BenchmarksResponse
from client.query import DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT, BenchmarkQuery
from core.catalogue import dataset_defs
from core.history import check_stamp, parse_stamp
from service.boundary import (
    ItemProblem,
    client_problems,
    dropped_count,
    merge_problems,
    validate_answers,
    validate_meta,
)

SLICE_CONCURRENCY = 4  # slices of one dataset in flight at once
MAX_SLICES_PER_REFRESH = 16  # slices one refresh asks at most (a cold fill of the bundled data needs 13)


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


class RefusedAnswer(ValueError):
    """An API answer refused whole where it entered (its `as_of` outside the window of dates believed):
    the data held is kept, and the reason shown."""


def check_dated(meta: BenchmarksMeta, has_items: bool, now: datetime) -> None:
    """ValueError unless a dataset's `as_of` lies in the window of dates believed (`core.history.check_stamp`);
    a dataset that dates nothing (no items, no `as_of`: a source with no figures) passes."""
    if has_items or meta.as_of:
        check_stamp(meta.as_of, now)


def datasets() -> dict[str, DatasetSpec]:
    """Every dataset the app fetches, by name: derived from the catalogue's sources."""
    return {d.name: DatasetSpec(d.name, BenchmarkQuery(**dict(d.params)), d.slice_by, d.known_slices)
            for d in dataset_defs()}


def check_belongs(spec: DatasetSpec, source: object, raw_items: list) -> None:
    """ValueError unless a stored answer is this dataset's: its meta's source, and every raw item's source
    (and arena, for an arena's dataset). A cache file, a shared copy or an archive entry holding another
    dataset's figures under this one's name is refused whole."""
    if source != spec.query.source:
        raise ValueError(f"holds source {str(source)[:40]!r}, not {spec.query.source!r}")
    foreign = sum(1 for item in raw_items if isinstance(item, dict) and (
        item.get("source") != spec.query.source or
        (spec.query.arena is not None and item.get("arena") != spec.query.arena)))
    if foreign:
        raise ValueError(f"{foreign} of {len(raw_items)} items belong to another dataset than {spec.name!r}")


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
    """One dataset as last fetched: items, the API's meta, how complete it is, and what the boundary did.

    `problems` says what was dropped or changed on the way in (`service.boundary`), with reasons;
    `dropped` is the number of items removed (the dropped problems' counts).
    """

    name: str
    items: tuple[BenchmarkItem, ...] = field(repr=False)
    meta: BenchmarksMeta
    fetched_at: datetime
    complete: bool = True
    truncated_slices: tuple[str, ...] = ()
    dropped: int = 0
    requests: int = 0
    problems: tuple[ItemProblem, ...] = ()
    pending_slices: tuple[str, ...] = ()  # slice values of a fill not fetched yet: the next refresh asks them first

    @cached_property
    def stamp(self) -> datetime | None:
        """Its `as_of` as an instant in UTC (`core.history.parse_stamp`; checked in the window where it entered),
        None when it dates nothing: what every use of the date works with, never the text (which may name no
        zone, or another one)."""
        return parse_stamp(self.meta.as_of)

    def age_seconds(self, now: datetime) -> float:
        """Seconds since it was fetched, at `now` (the layer's clock); never negative.

        A stamp in the future (the clock was set back since) counts as now: the data is
        refreshed one TTL later, not when the clock catches up with the stamp.
        """
        return max(0.0, (now - self.fetched_at).total_seconds())


Fetch = Callable[[BenchmarkQuery], BenchmarksResponse]


def _looks_complete(count: int) -> bool:
    return count > MAX_RESULTS_LIMIT or count < DEFAULT_MAX_RESULTS


def _fetch_slices(fetch: Fetch, queries: list[BenchmarkQuery], stops: Callable[[Exception], bool]
                  ) -> list[BenchmarksResponse | None]:
    """Every slice's answer, in order, fetched SLICE_CONCURRENCY at a time: a sliced refresh takes about
    as long as its slowest rounds, not the sum. Every request still passes the quota first (the fetch
    acquires it), so no more than its per-minute budget leaves. A slice refused by an error that `stops`
    the fill (a budget, before its request was sent) is None; the first other error stops the slices not yet
    sent and propagates."""

    def one(query: BenchmarkQuery) -> BenchmarksResponse | None:
        try:
            return fetch(query)
        except Exception as error:
            if stops(error):
                return None
            raise

    if len(queries) <= 1:
        return [one(query) for query in queries]
    with ThreadPoolExecutor(max_workers=min(SLICE_CONCURRENCY, len(queries)),
                            thread_name_prefix="benchmarks-slice") as pool:
        futures = [pool.submit(one, query) for query in queries]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _slice_of(spec: DatasetSpec, item: BenchmarkItem) -> str | None:
    value = getattr(item, spec.slice_by, None)
    return value if isinstance(value, str) else None


def _in_turn(values: list[str], seen: list[str], also_slices: Iterable[str], held: FetchedDataset | None
             ) -> list[str]:
    """The slices of this refresh in the order they are asked: a fill under way (the held dataset names
    slices still pending) goes on with those, then any slice the first answer names that is new to it;
    otherwise a new fill asks every slice."""
    pending = list(held.pending_slices) if held is not None else []
    if not pending:
        return values
    known = {*also_slices, *pending}
    return [*pending, *(value for value in seen if value not in known)]


def fetch_dataset(
    fetch: Fetch, spec: DatasetSpec, also_slices: Iterable[str] = (), *, now: Callable[[], datetime],
    held: FetchedDataset | None = None, stops: Callable[[Exception], bool] = lambda error: False,
) -> FetchedDataset:
    """Fetch one dataset (see the module's strategy), stamped `now()`. Errors propagate; an answer whose
    `as_of` is outside the window of dates believed is a RefusedAnswer (no slice is asked).

    A sliced fill asks at most MAX_SLICES_PER_REFRESH slices, those `held` (the dataset as held now) names
    as pending first; an error in a slice that `stops` the fill (a budget refusing) ends it with the slices
    answered so far. The slices not answered are `pending_slices`, and `held`'s items of every slice not
    answered now are kept.
    """
    first = fetch(spec.query)
    meta, meta_problems = validate_meta(first.meta)
    try:
        check_dated(meta, bool(first.data), now())
    except ValueError as error:
        raise RefusedAnswer(f"The API's answer was refused: {error}.") from None
    requests = 1
    answers = [first.data]
    client_drops = client_problems(first.dropped, first.unpriced)
    truncated: list[str] = []
    complete = _looks_complete(len(first.data) + first.dropped_count)
    pending: list[str] = []
    if not complete:
        also_slices = tuple(also_slices)
        seen = sorted({value for value in map(partial(_slice_of, spec), first.data) if value})
        values = _in_turn(list(dict.fromkeys([*spec.known_slices, *also_slices, *seen])), seen, also_slices, held)
        asked, pending = values[:MAX_SLICES_PER_REFRESH], values[MAX_SLICES_PER_REFRESH:]
        client_drops = ()  # the slices hold every item of the first answer again: count their drops instead
        parts = _fetch_slices(fetch, [spec.query.but(**{spec.slice_by: value, "max_results": MAX_RESULTS_LIMIT})
                                      for value in asked], stops)
        answered = set()
        for value, part in zip(asked, parts, strict=True):
            if part is None:  # a budget stopped the fill here
                continue
            requests += 1
            answered.add(value)
            client_drops = merge_problems(client_drops, client_problems(part.dropped, part.unpriced))
            if len(part.data) + part.dropped_count >= MAX_RESULTS_LIMIT:
                truncated.append(f"{spec.slice_by}={value}")
            answers.append(part.data)
        pending = [value for value in asked if value not in answered] + pending
        if held is not None:  # the slices not asked again now: as last fetched (the newest answers go first)
            answers.append([item for item in held.items if _slice_of(spec, item) not in {None, *answered}])
            truncated += [cut for cut in held.truncated_slices
                          if cut.partition("=")[2] not in answered and cut not in truncated]
        complete = not truncated and not pending
    items, problems = validate_answers(answers)
    problems = merge_problems(client_drops, problems, meta_problems)
    return FetchedDataset(
        name=spec.name,
        items=items,
        meta=meta,
        fetched_at=now(),
        complete=complete,
        truncated_slices=tuple(truncated),
        dropped=dropped_count(problems),
        requests=requests,
        problems=problems,
        pending_slices=tuple(pending),
    )
