"""The cached data layer: one shared, single-flight cache of whole datasets.

Every browser session of the app reads through one `BenchmarkData`. It holds
whole datasets (see `service.datasets` for the fetch-wide strategy) in a
time-aware cache keyed by the normalised request, answers each query locally
with the API's own filter semantics, and never lets a failed refresh replace
good data: it serves the last good data marked stale, or the bundled
snapshot, with the reason.

Stale-while-revalidate: a page is drawn at once from the best data in hand:
the shared cache, else the newest good data this process held (kept past its
TTL), else the disk store, else the bundled snapshot, each with its date. When
what is in hand is past its TTL or missing from the cache, one refresh per
dataset starts on a small thread pool (shared by every session, within the
quota) and the page does not wait for it; `version` counts the refreshes that
landed, so an open page can poll it and redraw (`ui.data.render_refresh_watch`).
Only a dataset of which nothing newer than the snapshot is in hand may make a
page wait, and only `Settings.page_wait_seconds` in all (0 by default). A
failed refresh changes no data in hand; its reason is kept for Data & status.

Waits are measured on the real clock (`client.clock.SYSTEM_CLOCK`): it is what
a person waits, and the layer's own clock may be a test's FakeClock, which
stands still while threads wait and jumps when a fetch's retry waits pass on it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import cachetools

from client import errors
from client.clock import SYSTEM_CLOCK, Clock
from client.models import BenchmarksMeta, BenchmarksResponse
from client.query import BenchmarkQuery, build_meta, check_known_values, select_items
from client.retries import BackoffStrategy, RetryConfig
from client.sdk import OpenRouter
from core.catalogue import sources
from core.history import parse_stamp
from service.archive import Archive
from service.boundary import dropped_count, merge_problems, parse_raw_items, validate_meta
from service.datasets import (
    DatasetSpec,
    FetchedDataset,
    RefusedAnswer,
    check_dated,
    datasets,
    datasets_for,
    fetch_dataset,
)
from service.quota import DATASET_DAY_SHARE, DatasetShares, QuotaExceeded, QuotaGuard, QuotaUsage
from service.settings import Settings
from service.shared_datasets import LOCK_S, SharedDatasets
from service.shared_quota import SharedQuota
from service.snapshot import read_snapshot_body
from service.states import DatasetState, Failure, FailureKind, Freshness, Mode
from service.store import DiskStore

log = logging.getLogger("service.data")

# A page must not wait long for a refresh: it has data to show meanwhile. Retries stop after 4 s,
# a whole dataset after 30 s, and after a failure the other datasets do not try again until the
# error TTL has passed (one slow API costs a page one timeout, not one per dataset).
LAYER_RETRIES = RetryConfig("backoff", BackoffStrategy(500, 2_000, 1.5, 4_000), True)
DATASET_DEADLINE_S = 30.0
# A failed refresh is tried again after the error TTL, or when a spent budget resets, but never
# later than this: a daily budget spent at 00:05 UTC must not freeze a dataset for 24 hours.
MAX_RETRY_DELAY_S = 3600.0


@dataclass(frozen=True)
class BenchmarkResult:
    """The answer to a query, and the states of the datasets it was drawn from."""

    items: tuple[Any, ...]
    meta: dict[str, Any]
    states: tuple[DatasetState, ...]


@dataclass(eq=False)
class _Flight:
    """One dataset being loaded on the pool, and until when pages wait for it (real clock)."""

    future: Future
    until: float
    waiting: DatasetState | None = field(default=None)  # what pages are shown meanwhile, made once

    @property
    def late(self) -> bool:
        return SYSTEM_CLOCK.monotonic() >= self.until


class EmptyAnswer(Exception):
    """The API answered with nothing where we hold data: not a reason to drop it."""


class DeadlinePassed(errors.APITimeoutError):
    """Fetching one dataset took over DATASET_DEADLINE_S; no further request was sent."""


class RetryRefused(QuotaExceeded):
    """A budget refused the retry of a request that had failed: that request failed, and the refresh with it
    (a slice the budget refused before any request of it was sent only waits for the next refresh)."""


def _stops_a_fill(error: Exception) -> bool:
    """A slice refused by a budget before any request of it was sent: the fill stops there, kept."""
    return isinstance(error, QuotaExceeded) and not isinstance(error, RetryRefused)


def failure_of(error: Exception) -> Failure:
    """The failure a refresh error stands for."""
    if isinstance(error, QuotaExceeded):
        kind = FailureKind.PAUSED if error.paused else FailureKind.QUOTA
        return Failure(kind, resets_at=error.resets_at, detail=error.message)
    if isinstance(error, errors.UnauthorizedResponseError):
        return Failure(FailureKind.UNAUTHORIZED, 401)
    if isinstance(error, errors.TooManyRequestsResponseError):
        return Failure(FailureKind.RATE_LIMITED, 429)
    if isinstance(error, DeadlinePassed):
        return Failure(FailureKind.DEADLINE, detail=f"{DATASET_DEADLINE_S:g} s")
    if isinstance(error, errors.APITimeoutError):
        return Failure(FailureKind.TIMEOUT)
    if isinstance(error, errors.APIConnectionError):
        return Failure(FailureKind.CONNECTION)
    if isinstance(error, errors.ResponseValidationError):
        return Failure(FailureKind.NOT_CONTRACT, error.status_code)
    if isinstance(error, errors.BadRequestResponseError):
        return Failure(FailureKind.BAD_REQUEST, 400, detail=error.message[:200])
    if isinstance(error, errors.OpenRouterError):
        return Failure(FailureKind.API_FAILED, error.status_code)
    if isinstance(error, EmptyAnswer | RefusedAnswer):  # refused whole, with its reason
        return Failure(FailureKind.EMPTY, detail=str(error))
    return Failure(FailureKind.UNEXPECTED, detail=type(error).__name__)


class BenchmarkData:
    def __init__(
        self,
        settings: Settings,
        *,
        client: OpenRouter | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        """`clock` is the one clock of everything here that reads time: cache TTLs, the quota,
        deadlines, dataset ages and stamps, and the client's retry waits (also when `client`
        is given: it is passed with every request)."""
        self.settings = settings
        self.clock = clock
        offline = settings.uses_snapshot_only
        self.store = DiskStore(None if offline else settings.cache_dir)
        self.archive = Archive((settings.snapshot_dir, settings.bundled_archive_dir), settings.live_archive_dir,
                               clock)
        self._flights: dict[str, _Flight] = {}  # dataset key -> its load on the pool, while it runs
        self._flights_lock = threading.RLock()
        self._pool: ThreadPoolExecutor | None = None
        self._writer: ThreadPoolExecutor | None = None  # archives new editions, one at a time
        self._writes: set[Future] = set()
        self._snapshot_lock = threading.RLock()
        self._snapshot_reading: set[str] = set()  # being read now: not a template for an empty sibling
        state_file = settings.cache_dir / "quota.json" if settings.cache_dir and not offline else None
        self.shared: SharedDatasets | None = None
        if settings.redis_url and not settings.uses_snapshot_only:  # replicas: one budget, one refresh each
            self.quota: QuotaGuard | SharedQuota = SharedQuota(settings.redis_url, settings.per_minute,
                                                               settings.per_day, clock=clock)
            self.shared = SharedDatasets(self.quota.link, clock)  # one outage state
            self.archive.record = self.shared
        else:
            self.quota = QuotaGuard(settings.per_minute, settings.per_day, state_file=state_file, clock=clock)
        self.shares = DatasetShares(max(1, int(settings.per_day * DATASET_DAY_SHARE)), settings.per_day,
                                    state_file.with_name("quota-datasets.json") if state_file else None, clock)
        self._client = client or OpenRouter(
            api_key=settings.api_key,
            server_url=settings.base_url,
            retry_config=LAYER_RETRIES,
            timeout_ms=int(settings.timeout_seconds * 1000),
            clock=clock,
        )
        self._held: dict[str, DatasetState] = {}  # the newest good state of each dataset, kept past its TTL
        self._failures: dict[str, Failure] = {}  # why the last refresh of a dataset failed, until one lands
        self.version = 0  # refreshes landed so far: a page that saw an older number has newer data to show
        self.good_version = 0  # good data taken in hand so far (a landed refresh may have failed)
        self._good_lock = threading.Lock()
        self._snapshots: dict[str, FetchedDataset] = {}
        self._answers: cachetools.LRUCache = cachetools.LRUCache(maxsize=256)  # query+states -> answer
        self._answers_lock = threading.Lock()
        self._api_down: tuple[float, Exception] | None = None  # (until, why) after a failure
        self.cache = cachetools.TLRUCache(maxsize=64, ttu=self._expiry, timer=clock.monotonic)
        self._condition = threading.Condition()
        self._load = cachetools.cached(self.cache, key=lambda spec: spec.key, condition=self._condition)(
            self._refresh
        )

    @staticmethod
    def _expiry(_key: str, state: DatasetState, _now: float) -> float:
        return state.expires

    @property
    def mode(self) -> Mode:
        if self.settings.offline:
            return Mode.OFFLINE
        return Mode.NO_KEY if not self.settings.api_key else Mode.LIVE

    def check_sharing(self) -> None:
        """With replicas: ask Redis now whether it answers, so Data & status says degraded or shared as it is."""
        if self.shared is not None:  # with it, the quota is the shared one, on the same link: one ping
            self.shared.ping()

    def usage(self) -> QuotaUsage:
        """The API budget as spent so far (this process's view of the shared daily count)."""
        return self.quota.usage()

    @property
    def ttl_seconds(self) -> float:
        return self.settings.ttl_seconds

    def load_every_dataset(self) -> tuple[DatasetState, ...]:
        """Every dataset, within one page wait (see `_load_all`)."""
        return self._load_all(tuple(datasets().values()))

    # --- reading ----------------------------------------------------------------
    def load_dataset(self, name: str) -> DatasetState:
        """One dataset, within one page wait (see `_load_all`)."""
        return self._load_all((datasets()[name],))[0]

    def in_hand(self, name: str) -> DatasetState | None:
        """The dataset as the shared cache holds it now, else the newest good data held (past its TTL),
        or None: never fetches, never waits."""
        with self._condition:
            cached = self.cache.get(datasets()[name].key)
        if cached is not None:
            return cached
        with self._good_lock:
            return self._held.get(name)

    def load_benchmarks(self, query: BenchmarkQuery, *, cut: bool = True) -> BenchmarkResult:
        """Answer a query locally from whole datasets. Raises InvalidQuery as the API would 400.

        The same answer object comes back for as long as the datasets behind it
        are unchanged, so whatever is derived from it can be cached by identity.
        """
        check_known_values(query, tuple(source.id for source in sources()))
        return self._answer(self._load_all(tuple(datasets_for(query))), query, cut)

    def load_everything(self) -> BenchmarkResult:
        """Every item of every dataset (all sources, all arenas), for states of one model."""
        return self._answer(self._load_all(tuple(datasets().values())), None, False)

    def _load_all(self, specs: tuple[DatasetSpec, ...]) -> tuple[DatasetState, ...]:
        """The states of these datasets, from what is in hand, at once (see the module's docstring).

        A dataset missing from the cache (never loaded, or past its TTL) gets a refresh on the pool,
        one flight per dataset shared by every caller, and is served meanwhile from the newest good
        data in hand. Only one with nothing in hand but the snapshot is waited for, at most
        `page_wait_seconds` from its flight's start; then the snapshot is served, labelled REFRESHING.
        """
        if self.settings.uses_snapshot_only:  # the snapshot only: nothing to wait for
            return tuple(self._load(spec) for spec in specs)
        states: dict[str, DatasetState] = {}
        pending: dict[str, tuple[DatasetSpec, _Flight]] = {}
        for spec in specs:
            with self._condition:
                cached = self.cache.get(spec.key)
            if cached is not None:
                states[spec.name] = cached
                continue
            held = self._in_hand(spec)
            with self._condition:
                fresh = held is not None and self.cache.get(spec.key) is held  # the disk's, within its TTL
            if fresh:
                states[spec.name] = held
                continue
            flight = self._flight(spec)  # refresh in the background
            if held is not None:
                states[spec.name] = held
            else:
                pending[spec.name] = (spec, flight)
        while pending:
            for name, (spec, flight) in list(pending.items()):
                if flight.future.done():
                    states[name] = self._landed(spec, flight.future)
                elif flight.late:
                    states[name] = self._still_refreshing(spec, flight)
                else:
                    continue
                del pending[name]
            if pending:
                left = min(flight.until for _, flight in pending.values()) - SYSTEM_CLOCK.monotonic()
                wait([flight.future for _, flight in pending.values()], timeout=max(0.0, left),
                     return_when=FIRST_COMPLETED)
        return tuple(states[spec.name] for spec in specs)

    def _in_hand(self, spec: DatasetSpec) -> DatasetState | None:
        """The newest good data held for this dataset, even past its TTL: this process's, else the disk's.

        Disk data within its TTL goes into the cache as it is (no refresh needed); older disk data is
        held with its TTL run out, so it is served while a refresh runs.
        """
        with self._good_lock:
            held = self._held.get(spec.name)
        if held is not None:
            return held
        last = self._last_good(spec.name)
        if last is None:
            return None
        self._keep(last)  # kept before the archive existed, or by a process that could not write it
        now = self.clock.monotonic()
        left = self._ttl_of(last) - last.age_seconds(self.clock.now())
        state = self._hold(DatasetState(last, Freshness.CACHED, expires=now + max(0.0, left)))
        if left > 0:
            with self._condition:
                self.cache[spec.key] = state
        return state

    def filling(self) -> tuple[str, ...]:
        """The datasets held with a fill the budget stopped (lists not fetched yet): open pages keep
        polling them, so the fill goes on without a reader's click (`resume_fills`)."""
        return tuple(name for name in datasets() if (state := self.in_hand(name)) is not None
                     and state.dataset.pending_slices)

    def resume_fills(self) -> tuple[str, ...]:
        """Read each dataset of a stopped fill as a page would: one whose state expired refreshes in the
        background and goes on where the fill stopped (never waits). The names read."""
        names = self.filling()
        if names:
            self._load_all(tuple(datasets()[name] for name in names))
        return names

    def refreshing(self) -> bool:
        """Whether any refresh is running now (an open page then polls `version`)."""
        with self._flights_lock:
            return bool(self._flights)

    def failures(self) -> dict[str, Failure]:
        """By dataset name, why its last refresh failed, for those where none has landed since."""
        with self._good_lock:
            return dict(self._failures)

    def _flight(self, spec: DatasetSpec) -> _Flight:
        """The load of this dataset on the pool: the one running, or a new one."""
        with self._flights_lock:
            flight = self._flights.get(spec.key)
            if flight is None:
                if self._pool is None:  # never more workers than datasets
                    self._pool = ThreadPoolExecutor(max_workers=max(1, len(datasets())),
                                                    thread_name_prefix="benchmarks-load")
                flight = _Flight(self._pool.submit(self._load, spec),
                                 SYSTEM_CLOCK.monotonic() + self.settings.page_wait_seconds)
                self._flights[spec.key] = flight
                flight.future.add_done_callback(partial(self._flight_landed, spec.key, flight))
            return flight

    def _flight_landed(self, key: str, flight: _Flight, _future: Future) -> None:
        with self._flights_lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
            self.version += 1

    def wait_for_loads(self, timeout: float) -> bool:
        """Wait until the loads running in the background have landed and their editions are archived (tests,
        shutdown); True if they all have."""
        deadline = SYSTEM_CLOCK.monotonic() + timeout
        with self._flights_lock:
            futures = [flight.future for flight in self._flights.values()]
        if wait(futures, timeout=timeout).not_done:
            return False
        with self._flights_lock:
            writes = list(self._writes)
        return not wait(writes, timeout=max(0.0, deadline - SYSTEM_CLOCK.monotonic())).not_done

    def _keep(self, dataset: FetchedDataset) -> None:
        """Archive a dataset's edition on the writer thread: reading the archive the first time and writing
        a file never hold up a refresh or a page."""
        if self.archive.folder is None or not dataset.items:
            return
        with self._flights_lock:
            if self._writer is None:
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="benchmarks-archive")
            try:
                future = self._writer.submit(self.archive.add, dataset)
            except RuntimeError:  # the interpreter is shutting down: the next start archives it from the disk
                return
            self._writes.add(future)
        future.add_done_callback(self._written)

    def _written(self, future: Future) -> None:
        with self._flights_lock:
            self._writes.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.error("archiving failed: %s", type(future.exception()).__name__)

    def _landed(self, spec: DatasetSpec, future: Future) -> DatasetState:
        try:
            return future.result()
        except Exception as error:  # noqa: BLE001 - _refresh catches all it expects; never crash a page
            log.exception("loading %s failed", spec.name)
            return self._fallback(spec, failure_of(error))

    def _still_refreshing(self, spec: DatasetSpec, flight: _Flight) -> DatasetState:
        with self._flights_lock:
            if flight.waiting is None:  # one state object per flight: answers derived from it stay cached
                flight.waiting = self._fallback(spec, Failure(FailureKind.REFRESHING))
            return flight.waiting

    def _fallback(self, spec: DatasetSpec, failure: Failure) -> DatasetState:
        """The last good data (stale) or the snapshot, with why; not cached."""
        last = self._last_good(spec.name)
        if last is not None:
            return DatasetState(last, Freshness.STALE, failure)
        return DatasetState(self.snapshot(spec.name), Freshness.SNAPSHOT, failure)

    def _answer(self, states: tuple[DatasetState, ...], query: BenchmarkQuery | None, cut: bool) -> BenchmarkResult:
        key = (query.key() if query else None, cut, tuple(id(state) for state in states))
        with self._answers_lock:
            cached = self._answers.get(key)
            if cached is not None and all(a is b for a, b in zip(cached.states, states, strict=True)):
                return cached
        everything = (item for state in states for item in state.dataset.items)
        items = tuple(everything) if query is None else tuple(select_items(everything, query, cut=cut))
        metas = [state.dataset.meta.model_dump() for state in states]
        answer = BenchmarkResult(items, build_meta(metas, items, query or BenchmarkQuery()), states)
        with self._answers_lock:
            self._answers[key] = answer
        return answer

    def clear(self) -> None:
        """Forget cached states (not last good data): the next read refreshes."""
        with self._condition:
            self.cache.clear()

    # --- refreshing --------------------------------------------------------------
    def _refresh(self, spec: DatasetSpec) -> DatasetState:
        """A dataset fetched now; its TTL (or error TTL) runs from when the refresh landed, so a refresh
        slower than the TTL does not land already expired and start the next one."""
        if self.settings.uses_snapshot_only:
            return DatasetState(self.snapshot(spec.name), Freshness.SNAPSHOT)
        last = self._last_good(spec.name)  # held (`_in_hand` read the disk before any refresh started)
        token = None
        if self.shared is not None:  # another replica's refresh within the TTL, or its refresh under way
            found, token = self._from_replicas(spec, last)
            if found is not None:
                return self._landed_from(found)
        try:
            fetched = self.fetch(spec, also_slices=self._slices_of(last, spec), held=last)
            self._check_not_worse(fetched, last)
        except Exception as error:  # noqa: BLE001 - whatever fails, the page gets the last good data
            if token is not None:
                self.shared.unlock(spec.name, token)
            failure = failure_of(error)
            if failure.kind is FailureKind.UNEXPECTED:
                log.exception("refresh of %s failed unexpectedly", spec.name)
            else:
                log.warning("refresh of %s failed: %s %s %s", spec.name, failure.kind, failure.status or "",
                            failure.detail)
            retry_in, now = self._retry_delay(error), self.clock.monotonic()
            with self._good_lock:
                self._failures[spec.name] = failure
            if last is not None:
                return DatasetState(last, Freshness.STALE, failure, expires=now + retry_in)
            return DatasetState(self.snapshot(spec.name), Freshness.SNAPSHOT, failure, now + retry_in)
        if token is not None:
            self.shared.put(fetched)  # before the lock goes: a waiting replica finds it
            self.shared.unlock(spec.name, token)
        return self._landed_from(fetched)

    def _landed_from(self, fetched: FetchedDataset) -> DatasetState:
        """Good data fetched here or by another replica: kept, archived, held; its TTL runs from its fetch."""
        self.store.save(fetched)
        if not fetched.pending_slices:  # a fill under way is no edition yet
            self._keep(fetched)  # a new `as_of` becomes an edition, once
        left = self._ttl_of(fetched) - fetched.age_seconds(self.clock.now())  # the whole TTL when fetched here
        return self._hold(DatasetState(fetched, Freshness.LIVE, expires=self.clock.monotonic() + max(left, 0.0)))

    def _from_replicas(self, spec: DatasetSpec, last: FetchedDataset | None
                       ) -> tuple[FetchedDataset | None, str | None]:
        """(what another replica fetched within the TTL, or None; this replica's lock when it must fetch).

        While another replica holds the lock, this one waits for its result; if the lock goes without one,
        it takes the lock or waits for whoever took it. (None, None) after 2 * LOCK_S of that, or with Redis
        down: then it fetches alone."""
        shared = self.shared

        def fresh() -> FetchedDataset | None:
            found = shared.latest(spec.name, self.clock.now())
            ok = found is not None and found.age_seconds(self.clock.now()) < self._ttl_of(found)
            return found if ok else None

        def locked() -> tuple[FetchedDataset | None, str | None]:
            """The lock, unless a result landed between the look and the lock (then that result)."""
            token = shared.lock(spec.name)
            if token is None:
                return None, None
            found = fresh()
            if found is not None:
                shared.unlock(spec.name, token)
                return found, None
            return None, token

        shared.link.recheck()  # held down by a late call of this busy process? then share after all
        found = fresh()
        if found is not None:
            return found, None
        until = SYSTEM_CLOCK.monotonic() + 2 * LOCK_S  # two holders in turn at most, then this replica alone
        while True:
            found, token = locked()
            if found is not None or token is not None:
                return found, token
            left = until - SYSTEM_CLOCK.monotonic()
            if left <= 0 or shared.down:
                return None, None
            found = shared.wait(spec.name, last.fetched_at if last else None, self.clock.now, min(LOCK_S, left))
            if found is not None:
                return found, None
            # The lock went without a result (its holder failed or died): take it, or wait for whoever did.

    def _ttl_of(self, dataset: FetchedDataset) -> float:
        """How long fetched data stays fresh: the TTL; the error TTL while a fill is under way (the slice cap or
        a budget stopped it: the next refresh goes on with it)."""
        return self.settings.error_ttl_seconds if dataset.pending_slices else self.settings.ttl_seconds

    def _hold(self, state: DatasetState) -> DatasetState:
        """Keep a good state as the dataset's data in hand, past its TTL; its last failure is over."""
        with self._good_lock:
            self._held[state.name] = state
            self._failures.pop(state.name, None)
            self.good_version += 1
        return state

    def fetch(self, spec: DatasetSpec, also_slices: tuple[str, ...] = (), held: FetchedDataset | None = None
              ) -> FetchedDataset:
        """Fetch one dataset from the API now; every HTTP attempt passes the dataset's share of the day and the
        quota. Errors propagate, but a budget that stops a sliced fill half-way keeps the slices answered
        (`service.datasets.fetch_dataset`; `held`: the dataset as held now, whose fill it continues)."""
        deadline = self.clock.monotonic() + DATASET_DEADLINE_S

        def before_attempt() -> None:  # before each attempt, retries included
            if self.clock.monotonic() > deadline:
                raise DeadlinePassed(f"Fetching {spec.name} took over {DATASET_DEADLINE_S:g} s")
            self.shares.take(spec.name)  # counted before the shared budget, given back if that refuses
            try:
                self.quota.acquire()
            except QuotaExceeded:
                self.shares.give_back(spec.name)
                raise

        def fetch_one(query: BenchmarkQuery) -> BenchmarksResponse:
            down = self._api_down
            if down is not None and self.clock.monotonic() < down[0]:
                raise down[1]
            sent = 0

            def before_this_attempt() -> None:
                nonlocal sent
                before_attempt()
                sent += 1

            try:
                return self._client.benchmarks.fetch(query, before_attempt=before_this_attempt, clock=self.clock)
            except QuotaExceeded as error:
                if sent:  # a retry refused: the request failed
                    raise RetryRefused(error.message, error.resets_at, self.clock, paused=error.paused) from error
                raise
            except DeadlinePassed:
                raise  # slow, not down: the other datasets may still try
            except errors.TooManyRequestsResponseError as error:
                wait = error.retry_after
                self.quota.block_for(wait if wait is not None else self.settings.pause_after_429_seconds)
                raise
            except errors.OpenRouterError as error:
                if error.status_code is None or error.status_code >= 500:
                    self._api_down = (self.clock.monotonic() + self.settings.error_ttl_seconds, error)
                raise

        return fetch_dataset(fetch_one, spec, also_slices, now=self.clock.now, held=held, stops=_stops_a_fill)

    @staticmethod
    def _check_not_worse(fetched: FetchedDataset, last: FetchedDataset | None) -> None:
        """Refuse an answer that would replace data we hold with (mostly) nothing."""
        had_items = last is not None and bool(last.items)
        if not fetched.items and (had_items or fetched.dropped):
            raise EmptyAnswer(f"The API returned no usable items ({fetched.dropped} malformed).")
        if had_items and fetched.dropped > len(fetched.items):
            raise EmptyAnswer(
                f"The API returned {fetched.dropped} malformed items of {fetched.dropped + len(fetched.items)}."
            )

    def _retry_delay(self, error: Exception) -> float:
        """Seconds until a failed refresh is tried again: the error TTL, or until the spent budget resets."""
        delay = self.settings.error_ttl_seconds
        if isinstance(error, QuotaExceeded):
            return max(delay, min(error.seconds_left, MAX_RETRY_DELAY_S))
        return delay

    @staticmethod
    def _slices_of(dataset: FetchedDataset | None, spec: DatasetSpec) -> tuple[str, ...]:
        if dataset is None:
            return ()
        values = {getattr(item, spec.slice_by, None) for item in dataset.items}
        return tuple(sorted(v for v in values if isinstance(v, str)))

    def _last_good(self, name: str) -> FetchedDataset | None:
        """The newest good data of a dataset: the one held, else the disk store's (or None)."""
        with self._good_lock:
            held = self._held.get(name)
        return held.dataset if held is not None else self.store.load(name, self.clock.now())

    # --- the bundled snapshot ----------------------------------------------------------
    def snapshot(self, name: str) -> FetchedDataset:
        """The bundled snapshot of one dataset (empty, with a dated meta, when it has none)."""
        with self._snapshot_lock:
            if name not in self._snapshots:
                self._snapshot_reading.add(name)
                try:
                    self._snapshots[name] = self._read_snapshot(datasets()[name])
                finally:
                    self._snapshot_reading.discard(name)
            return self._snapshots[name]

    def _read_snapshot(self, spec: DatasetSpec) -> FetchedDataset:
        """The bundled file through the validated boundary; an empty dated dataset when it has none (or a bad one)."""
        folder = self.settings.snapshot_dir
        if (folder / f"{spec.name}.json").exists():
            try:
                body = read_snapshot_body(spec.name, folder)
                meta, meta_problems = validate_meta(BenchmarksMeta.model_validate(body.get("meta")))
                items, problems = parse_raw_items(body["data"])
                check_dated(meta, bool(items), self.clock.now())
            except Exception as error:  # noqa: BLE001 - a broken bundled file must not break serving
                log.error("ignoring the bundled snapshot %s: %s: %s", spec.name, type(error).__name__,
                          str(error)[:200])
            else:
                problems = merge_problems(problems, meta_problems)
                return FetchedDataset(spec.name, items, meta, _parse_time(meta.as_of),
                                      dropped=dropped_count(problems), problems=problems)
        # No capture of this dataset: an empty one, dated and attributed like its siblings.
        siblings = [
            self.snapshot(other.name).meta
            for other in datasets().values()
            if other.name not in self._snapshot_reading and (folder / f"{other.name}.json").exists()
        ]
        same_source = [meta for meta in siblings if meta.source == spec.query.source]
        template = (same_source or siblings or [None])[0]
        meta = BenchmarksMeta(
            as_of=template.as_of if template else "",
            version="v1",
            source=spec.query.source,
            source_url=same_source[0].source_url if same_source else None,
            citation=same_source[0].citation if same_source else None,
            model_count=0,
            task_type=None,
        )
        return FetchedDataset(spec.name, (), meta, _parse_time(meta.as_of))


def _parse_time(value: str) -> datetime:
    """An `as_of` as a time (`core.history.parse_stamp`); the epoch when it is none."""
    return parse_stamp(value) or datetime.fromtimestamp(0, UTC)


# --- the process-wide instance every session shares ------------------------------------
_shared: BenchmarkData | None = None
_shared_lock = threading.Lock()


def shared_data_made() -> bool:
    """Whether this process's BenchmarkData exists (then `shared_data` needs no settings)."""
    return _shared is not None


def shared_data(secrets: Mapping[str, Any] | None = None) -> BenchmarkData:
    """The one BenchmarkData of this process, made from env (then secrets) on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = BenchmarkData(Settings.from_env(secrets=secrets))
            # Read the archive while the first page is drawn: the archive's pages then find it in hand.
            threading.Thread(target=_warm_archive, args=(_shared,), name="benchmarks-archive-read",
                             daemon=True).start()
        return _shared


def _warm_archive(data: BenchmarkData) -> None:
    """List the archive, then make what the Model page's history needs of every edition (a long archive's
    first history view would otherwise read every file; here it is read once, off any page)."""
    held = data.archive.editions()
    for edition in held.editions:
        held.table(edition)


def reset_shared_data() -> None:
    """Forget the process-wide instance (tests; settings changed)."""
    global _shared
    with _shared_lock:
        _shared = None
