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
again at most every `RETRY_S` seconds, sharing again from the first call that succeeds. Every call is
bounded in total (`service.shared_redis`), and the replica's datasets share its outage state.

What Redis holds is outside data: a day count that is not a count makes the replica count on its own; a
pause longer than a day (`MAX_PAUSE_S`) is cut to it, in Redis too; minute entries stamped outside
[now - 60 s, now + AHEAD_MS] are dropped, not counted; a key of the wrong type is replaced.
"""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta

from client.clock import SYSTEM_CLOCK, Clock
from service.quota import MAX_PAUSE_S, QuotaExceeded, QuotaGuard, QuotaUsage, clamp_pause
from service.shared_redis import RETRY_S, TIMEOUT_S, RedisLink, Unusable

__all__ = ["ASSUMED_REPLICAS", "RETRY_S", "TIMEOUT_S", "SharedQuota", "describe_sharing"]

ASSUMED_REPLICAS = 3  # without Redis, each replica spends at most this share of the budget
PREFIX = "benchmarks:quota:"
WINDOW_MS = 60_000  # the rolling minute
AHEAD_MS = 10_000  # a minute entry stamped further ahead of this replica's clock is no request (clocks agree)
_FAILED = object()  # a call's fallback

# KEYS: minute sorted set, day counter, pause. ARGV: now ms, window ms, per minute, per day, member, day ttl s,
# the longest pause ms, the latest believable minute entry ms.
# Returns {0} when counted; {1, ms} paused; {2} day spent; {3, ms} minute spent (ms until a slot frees);
# {4} the day's count is not a count, or over ten days' budget (then this replica counts on its own, as
# without Redis). A pause longer than the cap is cut to it (in Redis too); minute entries stamped outside
# [now - window, latest] are dropped.
_ACQUIRE = """
local cap = tonumber(ARGV[7])
local pause = redis.call('PTTL', KEYS[3])
if pause > cap then redis.call('PEXPIRE', KEYS[3], cap); pause = cap end
if pause > 0 then return {1, pause} end
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. ARGV[8], '+inf')
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
# KEYS: pause. ARGV: ms, the longest pause ms. Sets the pause unless a longer one (within the cap) runs.
_BLOCK = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) or left > tonumber(ARGV[2]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
"""


class SharedQuota:
    """The quota guard's interface (`acquire`, `block_for`, `usage`), shared through Redis."""

    def __init__(self, url: str, per_minute: int = 30, per_day: int = 500, *, clock: Clock = SYSTEM_CLOCK,
                 client=None) -> None:
        self.per_minute, self.per_day, self.clock = per_minute, per_day, clock
        self.link = RedisLink(url, client=client, clock=clock)  # also the datasets' (one outage state)
        self._acquire = self.link.client.register_script(_ACQUIRE)
        self._block = self.link.client.register_script(_BLOCK)
        self._local = QuotaGuard(max(1, per_minute // ASSUMED_REPLICAS), max(1, per_day // ASSUMED_REPLICAS),
                                 clock=clock)

    # --- state -------------------------------------------------------------------------------
    @property
    def degraded(self) -> bool:
        """Counting on this replica's own guard: a Redis call failed within the last RETRY_S seconds."""
        return self.link.down

    @property
    def last_error(self) -> str:
        return self.link.last_error

    def _keys(self) -> list[str]:
        today = self.clock.now().astimezone(UTC).strftime("%Y-%m-%d")
        return [PREFIX + "minute", PREFIX + "day:" + today, PREFIX + "pause"]

    def _kinds(self) -> dict[str, str]:
        """The kind of value each key must hold (one of another kind is replaced)."""
        minute, day, _ = self._keys()
        return {minute: "zset", day: "string"}

    def ping(self) -> bool:
        """Ask Redis now (after RETRY_S while degraded): an outage or a return shows without a refresh."""
        return self.link.ping()

    # --- the guard's interface ---------------------------------------------------------------
    def acquire(self) -> None:
        """Count one request in the shared budget, or raise QuotaExceeded without counting it."""
        now = self.clock.now()
        keys, at = self._keys(), int(now.timestamp() * 1000)
        args = [at, WINDOW_MS, self.per_minute, self.per_day, uuid.uuid4().hex, 2 * 86_400, MAX_PAUSE_S * 1000,
                at + AHEAD_MS]

        def counted(redis) -> tuple[int, int]:
            code, ms = _pair(self._acquire(keys=keys, args=args, client=redis))
            if code == 4:
                raise Unusable(f"the shared count of {keys[1]} is not a count")
            if code not in (0, 1, 2, 3):
                raise Unusable("the shared budget gave an answer that is not one")
            return code, ms

        answer = self.link.call("the API budget", counted, _FAILED, kinds=self._kinds())
        if answer is _FAILED:
            return self._local.acquire()
        code, ms = answer
        if code == 1:
            pause = timedelta(seconds=clamp_pause(ms / 1000))
            raise QuotaExceeded("the API asked us to wait (429)", now + pause, self.clock, paused=True)
        if code == 2:
            midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
            raise QuotaExceeded(f"daily budget of {self.per_day} requests spent", midnight, self.clock)
        if code == 3:
            wait = timedelta(milliseconds=min(max(ms, 0), WINDOW_MS + AHEAD_MS))
            raise QuotaExceeded(f"{self.per_minute} requests in the last minute", now + wait, self.clock)
        return None

    def block_for(self, seconds: float) -> None:
        """After a 429: every replica sends nothing more until the wait is over (never shortened)."""
        pause = clamp_pause(seconds)
        self._local.block_for(pause)  # this replica stops at once, whatever Redis says
        if pause <= 0:
            return
        key, ms = self._keys()[2], max(1, int(pause * 1000))
        self.link.call("the API budget", lambda redis: self._block(keys=[key], args=[ms, MAX_PAUSE_S * 1000],
                                                                   client=redis))

    def usage(self) -> QuotaUsage:
        """The shared budget as spent so far (this replica's own while degraded)."""
        minute, day, pause = self._keys()
        now = self.clock.now()
        at = int(now.timestamp() * 1000)

        def read(redis) -> tuple[int, int, int]:
            with redis.pipeline(transaction=False) as pipe:
                pipe.zcount(minute, at - WINDOW_MS, at + AHEAD_MS)  # entries outside are no requests
                pipe.get(day)
                pipe.pttl(pause)
                this_minute, today, left = pipe.execute()
            if today is not None and not (isinstance(today, bytes) and today.isdigit()
                                          and int(today) <= 10 * self.per_day):
                raise Unusable(f"the shared count of {day} is not a count")
            if not (isinstance(this_minute, int) and isinstance(left, int)) or this_minute < 0:
                raise Unusable("the shared budget gave an answer that is not one")
            return this_minute, int(today or 0), min(left, MAX_PAUSE_S * 1000)

        answer = self.link.call("the API budget", read, _FAILED, kinds=self._kinds())
        if answer is _FAILED:
            return self._local.usage()
        this_minute, today, left = answer
        return QuotaUsage(
            day=now.astimezone(UTC).strftime("%Y-%m-%d"),
            used_today=today,
            per_day=self.per_day,
            used_this_minute=this_minute,
            per_minute=self.per_minute,
            blocked_until=now + timedelta(milliseconds=left) if left > 0 else None,
        )


def _pair(answer: object) -> tuple[int, int]:
    """The budget script's answer as two whole numbers (Unusable when it is not that)."""
    if not (isinstance(answer, list) and len(answer) == 2 and all(isinstance(n, int) for n in answer)):
        raise Unusable("the shared budget gave an answer that is not one")
    return answer[0], answer[1]


def describe_sharing(quota: object, datasets: object = None) -> str | None:
    """In words, for Data & status: what replicas share through Redis now (None: one process alone)."""
    if not isinstance(quota, SharedQuota):
        return None
    if quota.degraded or getattr(datasets, "down", False):  # one outage state (service.shared_redis)
        return (f"Degraded: Redis cannot be reached or used ({quota.last_error or 'no answer'}), so this replica "
                f"refreshes on its own and counts the API budget on its own, at 1/{ASSUMED_REPLICAS} of it; it "
                f"tries Redis again every {RETRY_S:g} s.")
    return "The API budget, the datasets and their refreshes are shared by every replica through Redis."
