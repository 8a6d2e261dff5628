"""Datasets and one refresh per dataset, shared by replicas through Redis (`BENCHMARKS_REDIS_URL`).

A replica about to refresh a dataset first takes what another replica fetched within the TTL; else it
takes the dataset's refresh lock (`SET NX` with an expiry, so a replica killed mid-refresh holds it no
longer than LOCK_S) and fetches, and the others wait for its result instead of asking the API again. What
comes out of Redis passes the disk cache's validation (`service.store.dataset_from_json`) like a file.

It also keeps the record of which editions (dataset × `as_of`) the replicas' archives hold (`record`,
`recorded`): a replica reads its archive folder again as soon as another one records an edition, records
what it holds that the record lacks (also after an outage), and lists what is recorded but missing from its
own folder (replicas that were given different archive folders).

Redis is a helper, never a dependency: any Redis error, or a call that misses its total deadline, makes
the replica behave as one process alone (its own fetch, its own cache), logged once per outage, and Redis
is left alone for RETRY_S seconds, by the replica's API budget too (one `service.shared_redis.RedisLink`).
What Redis holds is outside data: a copy or a record entry that is not one is left out; a refresh lock that
is not a lock (another kind of value, no expiry, or one longer than LOCK_S) and a key of the wrong type are
replaced.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import datetime, timedelta

from client.clock import SYSTEM_CLOCK, Clock
from core.history import parse_stamp
from service.boundary import clean_text
from service.datasets import FetchedDataset, datasets
from service.shared_redis import RedisLink
from service.store import MAX_CACHE_FILE_BYTES, dataset_from_json, dataset_to_json

log = logging.getLogger("service.shared_datasets")

LOCK_S = 45.0  # longer than a dataset may take (service.data.DATASET_DEADLINE_S, 30 s)
POLL_S = 0.2  # how often a waiting replica looks for the holder's result
KEEP_S = 7 * 86_400  # how long Redis keeps a dataset (a replica starting cold takes it as last good data)
PREFIX = "benchmarks:"
RECORD = PREFIX + "archive"  # hash: "<dataset> <as_of>" -> the entry's path inside its archive folder
MAX_RECORDED = 20_000  # entries read from the record; a longer one is not read (and said so in the log)
MAX_SKEW_S = 300.0  # a shared copy stamped further ahead of this replica's clock is not believed
_AS_OF = re.compile(r"[0-9T:.+Z-]{10,40}")  # how a recorded `as_of` looks (an ISO time, no spaces)
_FAILED = object()  # a call's fallback where None is an answer
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# KEYS: the lock. ARGV: token, ms. Takes the lock if free; one that is not a lock (another kind of value, no
# expiry, or longer than a lock is ever taken for) is replaced first.
_LOCK = """
local kind, left = redis.call('TYPE', KEYS[1]).ok, redis.call('PTTL', KEYS[1])
if kind ~= 'none' and (kind ~= 'string' or left < 0 or left > tonumber(ARGV[2])) then redis.call('DEL', KEYS[1]) end
return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
"""


class SharedDatasets:
    def __init__(self, link, clock: Clock = SYSTEM_CLOCK) -> None:
        """`link`: the replica's RedisLink (shared with its API budget), or a redis-py client to make one of."""
        self.link = link if isinstance(link, RedisLink) else RedisLink(client=link, clock=clock)
        self._unlock = self.link.client.register_script(_UNLOCK)
        self._take_lock = self.link.client.register_script(_LOCK)
        self.clock = clock

    @property
    def down(self) -> bool:
        """A Redis call failed within the last RETRY_S seconds: calls are not tried until then (a Redis that
        hangs or drips costs a page one deadline, not one per call)."""
        return self.link.down

    def _call(self, what: str, action, fallback=None, *, kinds: dict[str, str] | None = None):
        """`action(redis)`'s answer within the deadline, or `fallback` while Redis is left alone or when the
        call fails (then it is left alone for RETRY_S)."""
        return self.link.call(what, action, fallback, kinds=kinds)

    def latest(self, name: str, now: datetime) -> FetchedDataset | None:
        """What some replica fetched last, validated (a cache file's checks, and not stamped ahead of `now`
        by more than MAX_SKEW_S), or None."""
        key = PREFIX + "data:" + name
        raw = self._call("read", lambda redis: redis.get(key), kinds={key: "string"})
        if not isinstance(raw, bytes) or len(raw) > MAX_CACHE_FILE_BYTES:
            return None
        try:
            found = dataset_from_json(json.loads(raw), name, now)
            if found.fetched_at - now > timedelta(seconds=MAX_SKEW_S):
                raise ValueError(f"fetched at {found.fetched_at:%Y-%m-%d %H:%M}, ahead of this replica's clock")
            return found
        except Exception as error:  # noqa: BLE001 - a bad entry is ignored like a bad cache file
            log.warning("ignoring the shared copy of %s: %s: %s", name, type(error).__name__, str(error)[:200])
            return None

    def put(self, dataset: FetchedDataset) -> None:
        try:
            document = json.dumps(dataset_to_json(dataset), separators=(",", ":"))
        except (TypeError, ValueError) as error:
            log.warning("could not share %s: %s", dataset.name, type(error).__name__)
            return
        self._call("write", lambda redis: redis.set(PREFIX + "data:" + dataset.name, document, ex=int(KEEP_S)))

    def lock(self, name: str) -> str | None:
        """The dataset's refresh lock (a token to give back), or None when another replica holds it; "" (a
        lock held by nobody) without Redis: the replica refreshes alone."""
        token = uuid.uuid4().hex
        key, ms = PREFIX + "lock:" + name, int(LOCK_S * 1000)
        taken = self._call("lock", lambda redis: self._take_lock(keys=[key], args=[token, ms], client=redis), _FAILED)
        if taken is _FAILED:
            return ""
        return token if taken else None

    def unlock(self, name: str, token: str) -> None:
        """Give the lock back, tried even while Redis is left alone (else it expires by itself)."""
        if not token:
            return
        key = PREFIX + "lock:" + name
        self.link.call("unlock", lambda redis: self._unlock(keys=[key], args=[token], client=redis),
                       kinds={key: "string"}, even_if_down=True)

    def ping(self) -> bool:
        """Whether Redis answers now (Data & status asks, so an outage shows without waiting for a refresh)."""
        return self.link.ping()

    # --- the archive's record ---------------------------------------------------------------
    def record(self, entries: dict[tuple[str, str], str]) -> None:
        """Record editions this replica's archive holds ((dataset, as_of) -> path in its folder); the first
        replica to record one keeps its path."""
        def hsetnx_all(redis) -> None:
            with redis.pipeline(transaction=False) as pipe:
                for (name, as_of), where in entries.items():
                    pipe.hsetnx(RECORD, f"{name} {as_of}", where)
                pipe.execute()

        if entries:
            self._call("record", hsetnx_all, kinds={RECORD: "hash"})

    def record_size(self) -> int | None:
        """How many editions are recorded (it only grows), or None when Redis cannot say."""
        size = self._call("record", lambda redis: redis.hlen(RECORD), kinds={RECORD: "hash"})
        return size if isinstance(size, int) and size >= 0 else None

    def recorded(self) -> dict[tuple[str, str], str] | None:
        """The record, validated like a file ((dataset, as_of) -> path; entries that are not one are left
        out), or None when Redis cannot say."""
        def read(redis) -> dict | None:
            if redis.hlen(RECORD) > MAX_RECORDED:
                log.warning("the archive record holds over %d entries; not read", MAX_RECORDED)
                return None
            return redis.hgetall(RECORD)

        raw = self._call("record", read, kinds={RECORD: "hash"})
        if not isinstance(raw, dict):
            return None
        known, found = datasets(), {}
        for key, value in raw.items():
            if not (isinstance(key, bytes) and isinstance(value, bytes)):
                continue
            name, _, as_of = key.decode("utf-8", "replace").partition(" ")
            if name in known and _AS_OF.fullmatch(as_of) and parse_stamp(as_of) is not None:
                found[(name, as_of)] = clean_text(value.decode("utf-8", "replace"), 160)[0]
        return found

    def wait(self, name: str, newer_than: datetime | None, now, timeout: float) -> FetchedDataset | None:
        """While another replica holds the lock: once it is gone, the result it left (newer than
        `newer_than`), or None when it left none (its fetch failed, or its replica died and the lock
        expired) or after `timeout` seconds (real time: what a refresh waits). Polls only the lock, which
        the holder gives back after putting its result."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            held = self._call("wait", lambda redis: redis.exists(PREFIX + "lock:" + name))
            if held is None:  # no Redis
                return None
            if not held:
                found = self.latest(name, now())
                return found if found is not None and (newer_than is None or found.fetched_at > newer_than) \
                    else None
            time.sleep(POLL_S)  # another replica is fetching: look again shortly (bounded by the deadline)
        return None
