"""Quota guard: at most 30 requests per rolling minute and a daily budget.

The API allows 30 requests a minute per key and 500 a day per account. The
guard refuses a request before it is sent when either would be exceeded, or
while a 429 asked us to wait, so the layer serves cached data instead of
burning what is left. Every HTTP attempt passes it, retries included.

The day's count lives in a small JSON file shared by every process using the
same cache folder: each `acquire` re-reads it and writes it back under an
exclusive `flock` on `quota.json.lock` beside it, so two processes keep one
correct count. The rolling minute and the 429 pause are this process's own.

Each dataset may spend at most DATASET_DAY_SHARE of the daily budget in a UTC day (`DatasetShares`,
counted the same way in `quota-datasets.json`): a dataset cut into many slices, or one whose refresh
keeps stopping half-way, leaves the rest of the day's budget to the others.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the count is then per process between writes
    fcntl = None  # type: ignore[assignment]

from client.clock import SYSTEM_CLOCK, Clock
from core.catalogue import dataset_title
from service.store import atomic_write_json
from service.window import RollingWindow

log = logging.getLogger("service.quota")

DATASET_DAY_SHARE = 0.25  # of the daily budget, the most one dataset may spend in a UTC day (125 of 500)
MAX_PAUSE_S = 86_400  # the longest a 429 may stop API use: a day, whatever it asked for
UNKNOWN_PAUSE_S = 60.0  # a pause given as NaN (no usable length): as long as a 429 that said nothing


class QuotaExceeded(Exception):
    """No request was sent: a budget is spent until `resets_at`."""

    def __init__(self, message: str, resets_at: datetime, clock: Clock = SYSTEM_CLOCK, *, paused: bool = False
                 ) -> None:
        super().__init__(message)
        self.message = message
        self.resets_at = resets_at
        self.paused = paused  # the API asked us to wait (a 429), rather than a budget of ours being spent
        self._clock = clock

    @property
    def seconds_left(self) -> float:
        return max(0.0, (self.resets_at - self._clock.now()).total_seconds())


@dataclass(frozen=True)
class QuotaUsage:
    day: str
    used_today: int
    per_day: int
    used_this_minute: int
    per_minute: int
    blocked_until: datetime | None

    @property
    def left_today(self) -> int:
        return max(0, self.per_day - self.used_today)


class QuotaGuard:
    def __init__(
        self,
        per_minute: int = 30,
        per_day: int = 500,
        state_file: Path | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.per_minute = per_minute
        self.per_day = per_day
        self.state_file = state_file
        self.clock = clock
        self._lock = threading.Lock()
        self._window = RollingWindow(per_minute, 60.0)
        self._blocked_until = float("-inf")  # on the monotonic clock
        self._day, self._count = self._today(), 0  # this process's view; the file is the truth

    def _today(self) -> str:
        return utc_day(self.clock)

    def _file_lock(self) -> contextlib.AbstractContextManager[None]:
        return _file_lock(self.state_file)

    def _count_today(self, today: str) -> int:
        """Requests counted today: the file's count (other processes included), never less than ours."""
        ours = self._count if self._day == today else 0
        state = _read_state(self.state_file)
        if state is None:
            return ours
        count = state.get("count") if state.get("day") == today else 0
        return max(ours, count) if isinstance(count, int) and not isinstance(count, bool) else ours

    def _write_state(self) -> None:
        if self.state_file is None:
            return
        with contextlib.suppress(OSError):  # counting in memory still protects this process
            atomic_write_json(self.state_file, {"day": self._day, "count": self._count})

    def acquire(self) -> None:
        """Count one request, or raise QuotaExceeded without counting it."""
        with self._lock, self._file_lock():
            now, wall, today = self.clock.monotonic(), self.clock.now(), self._today()
            if now < self._blocked_until:
                raise QuotaExceeded("the API asked us to wait (429)", self._wall(self._blocked_until), self.clock,
                                    paused=True)
            count = self._count_today(today)
            if count >= self.per_day:
                raise QuotaExceeded(f"daily budget of {self.per_day} requests spent", _midnight_after(today),
                                    self.clock)
            wait = self._window.take(now)
            if wait > 0:
                raise QuotaExceeded(
                    f"{self.per_minute} requests in the last minute", wall + timedelta(seconds=wait), self.clock
                )
            self._day, self._count = today, count + 1
            self._write_state()

    def block_for(self, seconds: float) -> None:
        """After a 429: send nothing more until the wait is over, and never longer than MAX_PAUSE_S.

        Takes any number and never raises: NaN pauses UNKNOWN_PAUSE_S, negative
        means no pause, anything longer than a day (inf included) a day. A
        later, shorter pause never shortens one already running.
        """
        pause = clamp_pause(seconds)
        with self._lock:
            self._blocked_until = max(self._blocked_until, self.clock.monotonic() + pause)

    def usage(self) -> QuotaUsage:
        with self._lock:
            now, today = self.clock.monotonic(), self._today()
            return QuotaUsage(
                day=today,
                used_today=self._count_today(today),
                per_day=self.per_day,
                used_this_minute=self._window.count(now),
                per_minute=self.per_minute,
                blocked_until=self._wall(self._blocked_until) if now < self._blocked_until else None,
            )

    def _wall(self, monotonic: float) -> datetime:
        """A moment on the monotonic clock as UTC wall time (at most MAX_PAUSE_S ahead, so it exists)."""
        now = self.clock.now()
        ahead = min(max(monotonic - self.clock.monotonic(), -MAX_PAUSE_S), MAX_PAUSE_S)
        try:
            return now + timedelta(seconds=ahead)
        except OverflowError:  # a clock at the end of the calendar
            return datetime.max.replace(tzinfo=UTC) if ahead > 0 else now


@contextlib.contextmanager
def _file_lock(state_file: Path | None) -> Iterator[None]:
    """Exclusive across processes while a count in `state_file` is read, checked and written."""
    if state_file is None or fcntl is None:
        yield
        return
    try:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        handle = open(state_file.with_name(state_file.name + ".lock"), "a")  # noqa: SIM115
    except OSError as exc:  # a read-only folder: counting in memory still protects this process
        log.warning("quota lock unavailable: %s", exc)
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def utc_day(clock: Clock) -> str:
    """The clock's UTC day, as the state files and the budget name it."""
    return clock.now().astimezone(UTC).strftime("%Y-%m-%d")


def _read_state(state_file: Path | None) -> dict | None:
    """A state file's JSON object; None when there is none, it cannot be read, or it is not an object."""
    if state_file is None:
        return None
    try:
        state = json.loads(state_file.read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _midnight_after(day: str) -> datetime:
    return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC) + timedelta(days=1)


class DatasetShares:
    """Each dataset's share of the day's budget: at most `per_dataset` requests a UTC day each.

    `take(name)` counts one request of a dataset before the quota guard is asked, or raises QuotaExceeded
    without counting it; `give_back(name)` uncounts one the guard then refused, so only requests sent are
    counted. No lock is held across either call's caller. With a state file, processes that share the cache
    folder keep one count per dataset (as the guard's day count, under its own `flock`); what the file holds
    is checked, and a count that is not one is ignored (this process's own count then holds).
    """

    def __init__(self, per_dataset: int, per_day: int, state_file: Path | None = None,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self.per_dataset, self.per_day, self.state_file, self.clock = per_dataset, per_day, state_file, clock
        self._lock = threading.Lock()
        self._day, self._counts = self._today(), {}  # this process's view; the file is the truth

    def _today(self) -> str:
        return utc_day(self.clock)

    def _read(self, today: str) -> dict[str, int]:
        """Today's counts: the file's (other processes included) where it holds a count, else ours."""
        ours = dict(self._counts) if self._day == today else {}
        state = _read_state(self.state_file)
        if state is None:
            return ours
        saved = state.get("counts") if state.get("day") == today else None
        if not isinstance(saved, dict) or len(saved) > 1_000:
            return ours
        return {**ours, **{name: min(count, self.per_day) for name, count in saved.items()
                           if isinstance(name, str) and isinstance(count, int) and not isinstance(count, bool)
                           and count >= 0}}

    def _write(self, today: str, counts: dict[str, int]) -> None:
        self._day, self._counts = today, counts
        if self.state_file is not None:
            with contextlib.suppress(OSError):  # counting in memory still protects this process
                atomic_write_json(self.state_file, {"day": today, "counts": counts})

    def take(self, name: str) -> None:
        """Count one request of dataset `name`, or raise QuotaExceeded (until midnight UTC) without counting."""
        with self._lock, _file_lock(self.state_file):
            today = self._today()
            counts = self._read(today)
            if counts.get(name, 0) >= self.per_dataset:
                raise QuotaExceeded(f"{dataset_title(name)} used its share of the day, {self.per_dataset} of "
                                    f"{self.per_day} requests", _midnight_after(today), self.clock)
            counts[name] = counts.get(name, 0) + 1
            self._write(today, counts)

    def give_back(self, name: str) -> None:
        """Uncount one request of `name` that was counted but not sent (the quota guard refused it)."""
        with self._lock, _file_lock(self.state_file):
            today = self._today()
            counts = self._read(today)
            if counts.get(name, 0) > 0:
                counts[name] -= 1
                self._write(today, counts)

    def used(self) -> dict[str, int]:
        """Requests each dataset spent today."""
        with self._lock:
            return self._read(self._today())


def clamp_pause(seconds: object) -> float:
    """A pause in seconds that is finite and within [0, MAX_PAUSE_S], for any input."""
    try:
        value = float(seconds)  # type: ignore[arg-type]
    except OverflowError:  # an integer past any float: as long as the cap, or nothing if negative
        return float(MAX_PAUSE_S) if seconds > 0 else 0.0  # type: ignore[operator]
    except (TypeError, ValueError):
        return UNKNOWN_PAUSE_S
    if math.isnan(value):
        return UNKNOWN_PAUSE_S
    return min(max(value, 0.0), float(MAX_PAUSE_S))
