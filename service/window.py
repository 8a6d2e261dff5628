"""A rolling window limiter: at most `limit` events in any `span` seconds.

Pure (no clock, no lock: callers pass the time and hold their own lock), so
the data service's quota guard and the stand-in API count the same way.
"""

from __future__ import annotations

from collections import deque


class RollingWindow:
    def __init__(self, limit: int, span: float = 60.0) -> None:
        if limit < 1:
            raise ValueError("a rolling window needs a limit of at least 1")
        self.limit = limit
        self.span = span
        self._times: deque[float] = deque()

    def _forget(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.span:
            self._times.popleft()

    def count(self, now: float) -> int:
        """Events within the last `span` seconds."""
        self._forget(now)
        return len(self._times)

    def wait(self, now: float) -> float:
        """Seconds until one more event fits; 0.0 when it fits now."""
        self._forget(now)
        if len(self._times) < self.limit:
            return 0.0
        # The oldest events must leave until only limit - 1 remain.
        return self._times[len(self._times) - self.limit] + self.span - now

    def take(self, now: float) -> float:
        """Record one event if it fits and return 0.0; else record nothing, return `wait(now)`."""
        wait = self.wait(now)
        if wait == 0.0:
            self._times.append(now)
        return wait

    def clear(self) -> None:
        self._times.clear()
