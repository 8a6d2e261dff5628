"""Retry policy in the official SDK's terms, with a bounded total budget.

The SDK's default keeps retrying for up to an hour; a dashboard page cannot
wait that long, so our default stops after 30 s in all, and a server asking
for a longer wait than one capped interval, or than the budget has left,
fails at once instead of sleeping: the caller has cached data to show.
The clock (which also sleeps) and randomness are injected so tests run
without real sleeps, and a `before_attempt` hook runs before every HTTP
attempt, retries included (the data service counts each one against its
quota; whatever the hook raises stops the retries and propagates).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from client.clock import SYSTEM_CLOCK, Clock

T = TypeVar("T")

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_TOTAL_BUDGET_MS = 30_000


@dataclass(frozen=True)
class BackoffStrategy:
    """Milliseconds, as in the SDK: interval = initial * exponent ** attempt, capped."""

    initial_interval: int = 500
    max_interval: int = 8_000
    exponent: float = 1.5
    max_elapsed_time: int = MAX_TOTAL_BUDGET_MS
    jitter_ms: int | None = None


@dataclass(frozen=True)
class RetryConfig:
    """`RetryConfig("none")` disables retries; `"backoff"` retries with `backoff`."""

    strategy: str = "backoff"
    backoff: BackoffStrategy | None = None
    retry_connection_errors: bool = True

    @property
    def enabled(self) -> bool:
        return self.strategy == "backoff"

    @property
    def strategy_or_default(self) -> BackoffStrategy:
        return self.backoff or BackoffStrategy()


DEFAULT_RETRY_CONFIG = RetryConfig("backoff", BackoffStrategy(), True)


def is_retryable_status(status_code: int) -> bool:
    return status_code in RETRYABLE_STATUS or 500 <= status_code <= 599


def parse_retry_after(headers: Mapping[str, str], now: Callable[[], datetime]) -> float | None:
    """Seconds the server asks us to wait, from `retry-after-ms` or `Retry-After`; never raises.

    Accepts delta-seconds (a plain decimal number, an exponent allowed) and
    HTTP dates; a date in the past means 0. Anything else (junk, negative,
    `inf`, `nan`, a number too large to be a float, a date no calendar holds)
    means the server said nothing usable: None. A huge but finite wait is
    returned as it is, a finite float; the callers cap it (the retrier fails
    at once, the quota guard pauses at most a day).
    """
    try:
        lowered = {str(k).lower(): v for k, v in headers.items()}
        raw_ms = lowered.get("retry-after-ms")
        if raw_ms is not None:
            milliseconds = _non_negative_number(raw_ms)
            if milliseconds is not None:
                return milliseconds / 1000
        raw = lowered.get("retry-after")
        if raw is None:
            return None
        seconds = _non_negative_number(raw)
        if seconds is not None:
            return seconds
        return _seconds_until_date(raw, now)
    except Exception:  # a header must never crash a page; say "nothing usable"
        return None


_NUMBER = re.compile(r"[0-9]{1,400}(?:\.[0-9]{0,400})?(?:[eE][+-]?[0-9]{1,6})?")


def _non_negative_number(raw: object) -> float | None:
    """A finite non-negative decimal number (ASCII digits only), else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _seconds_until_date(raw: object, now: Callable[[], datetime]) -> float | None:
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 200:
        return None
    try:
        when = parsedate_to_datetime(raw.strip())
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now()).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def backoff_interval(strategy: BackoffStrategy, attempt: int, rand: float) -> float:
    """Seconds to wait before retry number `attempt` (0-based), with jitter in [0, 1)."""
    base_ms = strategy.initial_interval * strategy.exponent**attempt
    jitter_ms = (strategy.jitter_ms if strategy.jitter_ms is not None else 250) * rand
    return min(base_ms + jitter_ms, strategy.max_interval) / 1000


class RetryableFailure(Exception):
    """Raised by an attempt that may be retried; carries the final error to raise."""

    def __init__(
        self, error: Exception, retry_after: float | None = None, *, connection: bool = False
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after
        self.connection = connection


@dataclass(frozen=True)
class Retrier:
    config: RetryConfig
    clock: Clock = SYSTEM_CLOCK  # its monotonic() measures the budget, its sleep() waits
    rand: Callable[[], float] = random.random
    before_attempt: Callable[[], None] | None = None  # runs before every attempt; may raise to stop

    def _attempt(self, attempt: Callable[[], T]) -> T:
        if self.before_attempt is not None:
            self.before_attempt()
        return attempt()

    def run(self, attempt: Callable[[], T]) -> T:
        """Call `attempt` until it returns, raises a final error, or the budget is spent."""
        if not self.config.enabled:
            try:
                return self._attempt(attempt)
            except RetryableFailure as failure:
                raise failure.error from failure.__cause__
        strategy = self.config.strategy_or_default
        budget = min(strategy.max_elapsed_time, MAX_TOTAL_BUDGET_MS) / 1000
        start = self.clock.monotonic()
        retry = 0
        while True:
            try:
                return self._attempt(attempt)
            except RetryableFailure as failure:
                if failure.connection and not self.config.retry_connection_errors:
                    raise failure.error from failure.__cause__
                elapsed = self.clock.monotonic() - start
                if failure.retry_after is not None:
                    # Never retry sooner than asked; never wait past the cap for it.
                    wait = failure.retry_after
                    if wait > strategy.max_interval / 1000:
                        raise failure.error from failure.__cause__
                else:
                    wait = backoff_interval(strategy, retry, self.rand())
                if elapsed + wait > budget:
                    raise failure.error from failure.__cause__
                self.clock.sleep(wait)
                retry += 1
