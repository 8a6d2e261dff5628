"""The API budget shared by every replica through Redis (`BENCHMARKS_REDIS_URL`).

One account's budget (30 requests a rolling minute, 500 a UTC day, and a pause after a 429) is shared by
every replica of the dashboard: each HTTP attempt of each replica passes one Lua script that, atomically
in Redis, drops the minute's old entries, refuses while a 429's pause runs, refuses when the day's or the
minute's budget is spent, and otherwise counts the request in both. `block_for` sets the shared pause
(never shortening one that runs).

Why a short script and not a rate-limit library: the rules are a rolling minute *and* a UTC-day budget
*and* a pause, checked together and refused rather than waited for; `limits`' Redis strategies count one
window per call and would take three round trips that another replica could interleave.

When Redis cannot be reached the replica does not stop: it counts on its own guard (`QuotaGuard`) with a
conservative share of the budget (`1 / ASSUMED_REPLICAS` of each), says so (`degraded`), and tries Redis
again at most every `RETRY_S` seconds, sharing again from the first call that succeeds.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, timedelta

from client.clock import SYSTEM_CLOCK, Clock
from service.quota import QuotaExceeded, QuotaGuard, QuotaUsage, clamp_pause

log = logging.getLogger("service.shared_quota")

ASSUMED_REPLICAS = 3  # without Redis, each replica spends at most this share of the budget
RETRY_S = 5.0  # after a Redis error, how long a replica counts on its own before trying Redis again
TIMEOUT_S = 0.5  # one Redis call; a page never waits longer for the budget
PREFIX = "benchmarks:quota:"

# KEYS: minute sorted set, day counter, pause. ARGV: now ms, window ms, per minute, per day, member, day ttl s.
# Returns {0} when counted; {1, ms} paused; {2} day spent; {3, ms} minute spent (ms until a slot frees);
# {4} the day's count is not a count, or over ten days' budget (then this replica counts on its own, as
# without Redis).
_ACQUIRE = """
local pause = redis.call('PTTL', KEYS[3])
if pause > 0 then return {1, pause} end
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local day = tonumber(redis.call('GET', KEYS[2]) or '0')
if day == nil or day < 0 or day ~= math.floor(day) or day > 10 * tonumber(ARGV[4]) then return {4, 0} end
if day >= tonumber(ARGV[4]) then return {2, 0} end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {3, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window)
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[6]))
return {0, 0}
"""
# KEYS: pause. ARGV: ms. Sets the pause unless a longer one runs.
_BLOCK = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
"""


class CorruptCount(Exception):
    """The day's count in Redis is not a non-negative whole number (written by something else)."""


class SharedQuota:
    """The quota guard's interface (`acquire`, `block_for`, `usage`), shared through Redis."""

    def __init__(self, url: str, per_minute: int = 30, per_day: int = 500, *, clock: Clock = SYSTEM_CLOCK,
                 client=None) -> None:
        import redis

        self.per_minute, self.per_day, self.clock = per_minute, per_day, clock
        self.redis = self._redis = client or redis.Redis.from_url(url, socket_timeout=TIMEOUT_S,
                                                                  socket_connect_timeout=TIMEOUT_S)
        self._acquire = self._redis.register_script(_ACQUIRE)
        self._block = self._redis.register_script(_BLOCK)
        self._local = QuotaGuard(max(1, per_minute // ASSUMED_REPLICAS), max(1, per_day // ASSUMED_REPLICAS),
                                 clock=clock)
        self._lock = threading.Lock()
        self._down_until = float("-inf")  # on the monotonic clock
        self.last_error = ""

    # --- state -------------------------------------------------------------------------------
    @property
    def degraded(self) -> bool:
        """Counting on this replica's own guard: Redis failed within the last RETRY_S seconds."""
        return self.clock.monotonic() < self._down_until

    def _failed(self, error: Exception) -> None:
        with self._lock:
            why = str(error) if isinstance(error, CorruptCount) else type(error).__name__
            if why != self.last_error:  # once per outage (and per kind of failure), not at every retry
                log.warning("Redis %s for the shared API budget; counting on this replica: %s",
                            "unusable" if isinstance(error, CorruptCount) else "unreachable", why)
            self._down_until = self.clock.monotonic() + RETRY_S
            self.last_error = why

    def _answered(self) -> None:
        """The shared budget read or counted well: the outage, if any, is over."""
        if self.last_error:
            log.info("Redis answers again: the API budget is shared")
        self.last_error = ""

    def _keys(self) -> list[str]:
        today = self.clock.now().astimezone(UTC).strftime("%Y-%m-%d")
        return [PREFIX + "minute", PREFIX + "day:" + today, PREFIX + "pause"]

    def ping(self) -> None:
        """Ask Redis now (after RETRY_S while degraded): an outage or a return shows without a refresh."""
        import redis

        if self.degraded:
            return
        try:
            self._redis.ping()
        except redis.RedisError as error:
            self._failed(error)

    # --- the guard's interface ---------------------------------------------------------------
    def acquire(self) -> None:
        """Count one request in the shared budget, or raise QuotaExceeded without counting it."""
        import redis

        if self.degraded:
            return self._local.acquire()
        now = self.clock.now()
        try:
            code, ms = self._acquire(keys=self._keys(), args=[
                int(now.timestamp() * 1000), 60_000, self.per_minute, self.per_day, uuid.uuid4().hex,
                2 * 86_400])
        except redis.RedisError as error:
            self._failed(error)
            return self._local.acquire()
        code, ms = int(code), int(ms)
        if code == 4:
            self._failed(CorruptCount(f"the shared count of {self._keys()[1]} is not a count"))
            return self._local.acquire()
        self._answered()
        if code == 1:
            raise QuotaExceeded("the API asked us to wait (429)", now + timedelta(milliseconds=ms), self.clock,
                                paused=True)
        if code == 2:
            midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
            raise QuotaExceeded(f"daily budget of {self.per_day} requests spent", midnight, self.clock)
        if code == 3:
            raise QuotaExceeded(f"{self.per_minute} requests in the last minute",
                                now + timedelta(milliseconds=max(ms, 0)), self.clock)
        return None

    def block_for(self, seconds: float) -> None:
        """After a 429: every replica sends nothing more until the wait is over (never shortened)."""
        import redis

        pause = clamp_pause(seconds)
        self._local.block_for(pause)  # this replica stops at once, whatever Redis says
        if pause <= 0:
            return
        try:
            self._block(keys=[self._keys()[2]], args=[max(1, int(pause * 1000))])
        except redis.RedisError as error:
            self._failed(error)

    def usage(self) -> QuotaUsage:
        """The shared budget as spent so far (this replica's own while degraded)."""
        import redis

        if self.degraded:
            return self._local.usage()
        minute, day, pause = self._keys()
        now = self.clock.now()
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                pipe.zcount(minute, int(now.timestamp() * 1000) - 60_000, "+inf")
                pipe.get(day)
                pipe.pttl(pause)
                this_minute, today, left = pipe.execute()
            if today is not None and not (today.isdigit() and int(today) <= 10 * self.per_day):
                raise CorruptCount(f"the shared count of {day} is not a count")
        except (redis.RedisError, CorruptCount) as error:
            self._failed(error)
            return self._local.usage()
        self._answered()
        return QuotaUsage(
            day=now.astimezone(UTC).strftime("%Y-%m-%d"),
            used_today=int(today or 0),
            per_day=self.per_day,
            used_this_minute=int(this_minute),
            per_minute=self.per_minute,
            blocked_until=now + timedelta(milliseconds=left) if left and left > 0 else None,
        )


def describe_sharing(quota: object, datasets: object = None) -> str | None:
    """In words, for Data & status: what replicas share through Redis now (None: one process alone)."""
    if not isinstance(quota, SharedQuota):
        return None
    if quota.degraded or getattr(datasets, "down", False):
        return (f"Degraded: Redis cannot be reached or used ({quota.last_error or 'no answer'}), so this replica "
                f"refreshes on its own and counts the API budget on its own, at 1/{ASSUMED_REPLICAS} of it; it "
                f"tries Redis again every {RETRY_S:g} s.")
    return "The API budget, the datasets and their refreshes are shared by every replica through Redis."
