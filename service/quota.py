"""Quota guard: at most 30 requests per rolling minute and a daily budget.

The API allows 30 requests a minute per key and 500 a day per account. The
guard refuses a request before it is sent when either would be exceeded, or
while a 429 asked us to wait, so the layer serves cached data instead of
burning what is left. The day's count survives restarts (a small JSON file).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.store import atomic_write_json


class QuotaExceeded(Exception):
    """No request was sent: a budget is spent until `resets_at`."""

    def __init__(self, message: str, resets_at: datetime) -> None:
        super().__init__(message)
        self.message = message
        self.resets_at = resets_at

    @property
    def seconds_left(self) -> float:
        return max(0.0, (self.resets_at - datetime.now(UTC)).total_seconds())


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
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self.per_day = per_day
        self.state_file = state_file
        self.clock = clock
        self._lock = threading.Lock()
        self._window: deque[float] = deque()
        self._blocked_until = 0.0
        self._day, self._count = self._read_state()

    def _today(self) -> str:
        return datetime.fromtimestamp(self.clock(), UTC).strftime("%Y-%m-%d")

    def _read_state(self) -> tuple[str, int]:
        today = self._today()
        try:
            state = json.loads(self.state_file.read_text()) if self.state_file else {}
            if state.get("day") == today and isinstance(state.get("count"), int):
                return today, max(0, state["count"])
        except (OSError, ValueError, AttributeError):
            pass
        return today, 0

    def _write_state(self) -> None:
        if self.state_file is None:
            return
        with contextlib.suppress(OSError):  # counting in memory still protects this process
            atomic_write_json(self.state_file, {"day": self._day, "count": self._count})

    def acquire(self) -> None:
        """Count one request, or raise QuotaExceeded without counting it."""
        with self._lock:
            now = self.clock()
            today = self._today()
            if today != self._day:
                self._day, self._count = today, 0
            if now < self._blocked_until:
                raise QuotaExceeded("the API asked us to wait (429)", _at(self._blocked_until))
            if self._count >= self.per_day:
                midnight = datetime.strptime(today, "%Y-%m-%d").replace(tzinfo=UTC) + timedelta(days=1)
                raise QuotaExceeded(f"daily budget of {self.per_day} requests spent", midnight)
            while self._window and self._window[0] <= now - 60:
                self._window.popleft()
            if len(self._window) >= self.per_minute:
                raise QuotaExceeded(
                    f"{self.per_minute} requests in the last minute", _at(self._window[0] + 60)
                )
            self._window.append(now)
            self._count += 1
            self._write_state()

    def block_for(self, seconds: float) -> None:
        """After a 429: send nothing more until the wait is over."""
        with self._lock:
            self._blocked_until = max(self._blocked_until, self.clock() + seconds)

    def usage(self) -> QuotaUsage:
        with self._lock:
            now = self.clock()
            recent = sum(1 for t in self._window if t > now - 60)
            same_day = self._day == self._today()
            return QuotaUsage(
                day=self._today(),
                used_today=self._count if same_day else 0,
                per_day=self.per_day,
                used_this_minute=recent,
                per_minute=self.per_minute,
                blocked_until=_at(self._blocked_until) if now < self._blocked_until else None,
            )


def _at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)
