"""One Redis for a replica's shared parts (the API budget, the datasets and their refreshes, the archive record).

Every call has a total deadline, TIMEOUT_S, whatever Redis does: it runs on one of a few worker threads and
the caller waits for it at most that long. redis-py's `socket_timeout` bounds each read, not a call, so a
Redis that answers one byte every 0.3 s would hold a call as long as its answer is long (and redis-py's own
retries would repeat it): here they are off, and a call that misses its deadline drops the connections (its
worker stops reading; no answer is left half-read) and counts as a failure. The caller holds no lock while
it waits (callers call outside theirs).

A page makes several calls (Data & status: the budget, the sharing check, the archive's record), and a
Redis answering each just under TIMEOUT_S would cost it one wait per call: inside `one_wait()` (app.py
opens one around each page run) every call the thread makes shares one TIMEOUT_S of waiting in total; a
call with none left is not made, and counts as a failure like a late one.

A call still queued for a worker when its wait ends (every worker busy: the replica's own load) is not
made and returns its fallback, but says nothing about Redis: no outage follows from it.

One outage state for the replica: after any failed call, every part leaves Redis alone for RETRY_S (a
Redis that hangs or drips costs a page one TIMEOUT_S wait, not one per call), logged once per outage and
kind of failure; `last_error` says why in words for Data & status. A background refresh about to go alone
asks once more with RECHECK_S (`recheck`): a call late only because this busy process was slow ends no sharing.

What Redis answers is outside data: callers check it (`Unusable` when it cannot be used). A key that holds
the wrong kind of value (`WRONGTYPE` anywhere in Redis's error: a pipeline's error names the command first;
written by something else) is reported in the log and replaced: it is deleted (only if it still holds that
kind) and the call made once more, within the same deadline, so the replicas rewrite it and go on sharing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as NoAnswer
from contextlib import contextmanager

from client.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger("service.shared_redis")

TIMEOUT_S = 0.5  # one Redis call, in total; a page never waits longer for Redis, all its calls together
RECHECK_S = 2.0  # a background refresh about to go alone asks once more, this long (no page waits for it)
RETRY_S = 5.0  # after a failed call, how long the replica leaves Redis alone
WORKERS = 4  # threads that make the calls (also the most a Redis that never answers can hold)

# KEYS: keys; ARGV: the kind each must hold. Deletes each key holding another kind; returns "<key> <kind>" each.
_REPLACE = """
local found = {}
for i, key in ipairs(KEYS) do
  local kind = redis.call('TYPE', key).ok
  if kind ~= 'none' and kind ~= ARGV[i] then
    redis.call('DEL', key)
    table.insert(found, key .. ' ' .. kind)
  end
end
return found
"""


_waiting = threading.local()  # inside one_wait: `left`, seconds this thread may still wait on Redis (else None),
# and `answered`, whether a call of its page run got its answer


@contextmanager
def one_wait(total_s: float = TIMEOUT_S) -> Iterator[None]:
    """Inside: every Redis call this thread makes waits on Redis at most `total_s` seconds in all (real time,
    what the calls waited, not the page's own work between them). Nested: the outer one holds."""
    if getattr(_waiting, "left", None) is not None:
        yield
        return
    _waiting.left, _waiting.answered = total_s, False
    try:
        yield
    finally:
        _waiting.left, _waiting.answered = None, False


class Unusable(Exception):
    """Redis answered with a value that cannot be used (written by something else); its words are shown."""


class RedisLink:
    def __init__(self, url: str = "", *, client=None, clock: Clock = SYSTEM_CLOCK, timeout_s: float = TIMEOUT_S
                 ) -> None:
        """`client`: a redis-py client to use instead of one made from `url` (its retries are turned off)."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.client = client or redis.Redis.from_url(url, socket_timeout=timeout_s,
                                                     socket_connect_timeout=timeout_s)
        self.client.set_retry(Retry(NoBackoff(), 0))  # the deadline and RETRY_S decide, not redis-py's retries
        self.clock, self.timeout_s = clock, timeout_s
        self._workers = ThreadPoolExecutor(WORKERS, thread_name_prefix="benchmarks-redis")
        self._replace = self.client.register_script(_REPLACE)
        self._lock = threading.Lock()
        self._down_until = float("-inf")  # on the monotonic clock
        self.last_error = ""  # why the last call failed, in words; "" once one succeeds

    @property
    def down(self) -> bool:
        """A call failed within the last RETRY_S seconds: calls are not made until then."""
        return self.clock.monotonic() < self._down_until

    def call(self, what: str, action, fallback=None, *, kinds: dict[str, str] | None = None, even_if_down=False,
             timeout_s: float | None = None):
        """`action(client)`'s answer within TIMEOUT_S, or `fallback` (while down, or when it fails or is late:
        then Redis is left alone for RETRY_S). `kinds`: the kind of value each key it touches must hold
        (replaced when it holds another); `even_if_down`: made even while Redis is left alone; `timeout_s`:
        this call's own deadline (a background call's), else TIMEOUT_S."""
        if self.down and not even_if_down:
            return fallback
        left = getattr(_waiting, "left", None)  # this thread's page run: what it may still wait, in all
        limit = self.timeout_s if timeout_s is None else timeout_s
        wait = limit if left is None else min(limit, left)
        if wait <= 0:  # the page waited its TIMEOUT_S on earlier calls: a Redis this slow is not waited for
            self.failed(f"no whole answer within {self.timeout_s:g} s", what)
            return fallback
        started = time.monotonic()
        future = self._workers.submit(self._run, action, kinds or {})
        try:
            answer = future.result(timeout=wait)
        except NoAnswer:
            if future.cancel():  # never reached Redis (every worker busy: this process's load, not Redis's)
                return fallback
            self.failed(f"no whole answer within {self.timeout_s:g} s", what)  # first: the outage's reason
            self.client.connection_pool.disconnect()  # its worker stops reading what drips in
            return fallback
        except Exception as error:  # noqa: BLE001 - whatever a hostile Redis causes, the replica goes on alone
            self.failed(_words(error, self.timeout_s), what, unusable=isinstance(error, Unusable))
            return fallback
        finally:
            if left is not None:
                _waiting.left = left - (time.monotonic() - started)
        self.answered()
        if left is not None:
            _waiting.answered = True
        return answer

    def ping(self) -> bool:
        """Whether Redis answers now (Data & status asks, so an outage shows without waiting for a refresh);
        not asked when a call of this page run (`one_wait`) was answered already."""
        if getattr(_waiting, "answered", False) and not self.down:
            return True
        return bool(self.call("ping", lambda redis: redis.ping(), False))

    def recheck(self) -> bool:
        """Whether Redis answers, asked once more with RECHECK_S to answer when an outage is held: a background
        refresh asks before it goes alone, so a call that was late only because this busy process was slow
        (its page's deadline missed, Redis healthy) does not make the replicas fetch the same data twice."""
        if not self.down:
            return True
        return bool(self.call("ping", lambda redis: redis.ping(), False, even_if_down=True, timeout_s=RECHECK_S))

    def _run(self, action, kinds: dict[str, str]):
        """On a worker: the action; after a WRONGTYPE, the keys holding the wrong kind replaced, then once more."""
        import redis

        try:
            return action(self.client)
        except redis.ResponseError as error:
            if "WRONGTYPE" not in str(error):  # also within a pipeline's "Command # 1 (…) caused error: WRONGTYPE"
                raise
            found = self._replace(keys=list(kinds), args=list(kinds.values())) if kinds else []
            if not found:
                raise Unusable("a key holds the wrong kind of value") from error
        for entry in found:
            text = entry.decode("utf-8", "replace") if isinstance(entry, bytes) else str(entry)
            key, _, kind = text.rpartition(" ")
            log.warning("Redis key %s held a %s, not a %s (written by something else): replaced", key, kind[:20],
                        kinds.get(key, "?"))
        return action(self.client)

    def failed(self, why: str, what: str, *, unusable: bool = False) -> None:
        """A call failed: Redis is left alone for RETRY_S (logged once per outage and kind of failure). A call
        that fails while Redis is already left alone (one cut off when another missed its deadline, say)
        leaves the outage's reason as it was."""
        with self._lock:
            if self.down:
                why = self.last_error or why
            elif why != self.last_error:
                log.warning("Redis %s (%s): this replica shares nothing until it answers: it refreshes and counts "
                            "the API budget on its own: %s", "unusable" if unusable else "unreachable", what, why)
            self._down_until = self.clock.monotonic() + RETRY_S
            self.last_error = why

    def answered(self) -> None:
        """A call succeeded: the outage, if any, is over."""
        with self._lock:
            if self.last_error:
                log.info("Redis answers again: the API budget, the datasets and the archive record are shared")
            self.last_error = ""
            self._down_until = float("-inf")


def _words(error: Exception, timeout_s: float) -> str:
    """Why a call failed, in a few words for Data & status (no address: pages never show servers)."""
    from redis import exceptions as redis

    if isinstance(error, Unusable):
        return str(error)
    for kind, words in ((redis.AuthenticationError, "its password was refused"),
                        (redis.AuthorizationError, "this user may not use it"),
                        (redis.BusyLoadingError, "it is still loading its data"),
                        (redis.ConnectionError, "no connection"),
                        (redis.TimeoutError, f"no answer within {timeout_s:g} s"),
                        (redis.ReadOnlyError, "it is read-only"),
                        (redis.ResponseError, "it refused a command")):
        if isinstance(error, kind):
            return words
    return type(error).__name__
