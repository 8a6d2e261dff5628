"""One clock for everything that reads time: the data service, its quota, the client's retries.

`monotonic()` is for durations (TTLs, deadlines, rolling windows, pauses);
`now()` is the aware UTC wall time (dates, ages, the daily budget, stamps);
`sleep()` waits (retry backoff). Production uses `SystemClock`; tests use
`FakeClock`, which only moves when told (or slept on), so no test waits.

This is the only module of `service/` and `client/` that reads the real time.
It imports nothing but the standard library, so the client can use it too.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for durations."""
        ...

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait this long."""
        ...


class SystemClock:
    """The real time."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK = SystemClock()

FAKE_START = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


class FakeClock:
    """A clock for tests: time passes only through `advance()`, `set()` or `sleep()`.

    `advance` and `sleep` move the monotonic and the wall time together;
    `set` moves the wall time only, as a change of the system clock would.
    Every `sleep` is recorded in `sleeps`. Thread-safe.
    """

    def __init__(self, start: datetime = FAKE_START, monotonic: float = 1_000.0) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware start time")
        self._now = start.astimezone(UTC)
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._monotonic

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go back; use set() to change the wall clock")
        with self._lock:
            self._monotonic += seconds
            self._now += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FakeClock.set needs an aware time")
        with self._lock:
            self._now = when.astimezone(UTC)

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now().isoformat()}, monotonic={self.monotonic():g})"
