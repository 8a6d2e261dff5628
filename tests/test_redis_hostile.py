"""A hostile Redis: one that drips its answers, and values in a real Redis written by something else.

The dripping peer is a loopback TCP server in this file that speaks RESP (enough for redis-py's handshake
and the app's commands) but sends every answer one byte every 0.3 s, as an attacker's Redis did: redis-py's
`socket_timeout` bounds each read, so before the fix one call took as long as its answer was long.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from datetime import timedelta

import pytest
import redis as client

from client.clock import FakeClock
from service.quota import MAX_PAUSE_S, QuotaExceeded
from service.shared_quota import SharedQuota, describe_sharing
from tests.conftest import ROOT, TEST_KEY, plain
from tests.redis_server import redis_server

REPLIES = {b"HELLO": b"%1\r\n$5\r\nproto\r\n:3\r\n",  # redis-py speaks RESP3
           b"PING": b"+PONG\r\n", b"GET": b"_\r\n", b"HGETALL": b"%0\r\n", b"PTTL": b":-2\r\n",
           b"EVALSHA": b"*2\r\n:0\r\n:0\r\n", b"EVAL": b"*2\r\n:0\r\n:0\r\n",
           b"SCRIPT": b"$40\r\n" + b"0" * 40 + b"\r\n"}
COUNTS = {b"HLEN", b"ZCOUNT", b"EXISTS", b"DEL", b"HSETNX", b"ZCARD"}


class LoopbackPeer:
    """A RESP3 peer on a free loopback port, one thread a connection; subclasses answer in `_serve`."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._peers: list[socket.socket] = []
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                peer, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            self._peers.append(peer)
            thread = threading.Thread(target=self._serve, args=(peer,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, peer: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.listener.close()
        for peer in self._peers:
            with contextlib.suppress(OSError):
                peer.shutdown(socket.SHUT_RDWR)
            peer.close()
        for thread in self._threads:
            thread.join(5)


class DripRedis(LoopbackPeer):
    """A RESP3 peer on a free loopback port that answers every command, one byte every `interval` seconds.

    `started` is set once an answer starts dripping; `finished` counts the answers sent whole (a client that
    gives up first closes the connection, and the rest of that answer is never sent)."""

    def __init__(self, interval: float = 0.3) -> None:
        self.interval = interval
        self.started = threading.Event()
        self.finished = 0
        self.commands: list[bytes] = []
        super().__init__()

    def _serve(self, peer: socket.socket) -> None:
        reader = peer.makefile("rb")
        try:
            while not self._stop.is_set():
                header = reader.readline()
                if not header.startswith(b"*"):
                    return
                words = []
                for _ in range(int(header[1:])):
                    size = int(reader.readline()[1:])
                    words.append(reader.read(size + 2)[:-2])
                name = words[0].upper()
                self.commands.append(name)
                answer = REPLIES.get(name) or (b":0\r\n" if name in COUNTS else b"+OK\r\n")
                for index in range(len(answer)):
                    if index and self._stop.wait(self.interval):  # the attack: one byte, then a pause
                        return
                    peer.sendall(answer[index:index + 1])
                    self.started.set()
                self.finished += 1
        except (OSError, ValueError):
            return  # the client gave up and closed the connection: the rest of the answer is never sent


@pytest.fixture
def drip():
    server = DripRedis()
    yield server
    server.close()


@pytest.fixture
def redis():
    with redis_server() as server:
        yield server


def dripping_layer(url: str, tmp_path, clock):
    from service.data import BenchmarkData
    from service.settings import Settings

    return BenchmarkData(Settings(api_key=TEST_KEY, base_url="http://127.0.0.1:9/api/v1", redis_url=url,
                                  cache_dir=tmp_path / "cache"), clock=clock)


# --- A2: a Redis that drips ------------------------------------------------------------------
def test_a_redis_that_drips_costs_one_deadline_and_then_is_left_alone_by_every_part(drip, tmp_path):
    from service.shared_quota import TIMEOUT_S

    layer = dripping_layer(drip.url, tmp_path, FakeClock())
    usage = layer.usage()  # the budget on Data & status: one call, cut off at its total deadline
    assert drip.started.is_set() and drip.finished == 0  # it gave up before any whole answer came
    assert usage.used_today == 0 and layer.quota.degraded
    said = describe_sharing(layer.quota, layer.shared)
    assert said.startswith("Degraded") and f"no whole answer within {TIMEOUT_S:g} s" in said
    asked = drip.connections
    layer.check_sharing()  # its one ping: Redis is left alone, not asked again
    assert layer.shared.latest("openrouter", layer.clock.now()) is None and layer.shared.lock("openrouter") == ""
    assert layer.archive.editions() is not None
    assert drip.connections == asked and drip.finished == 0
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"a total deadline of {TIMEOUT_S:g} s" in readme  # the README's number is the code's


def test_no_archive_lock_is_held_while_redis_is_asked(drip, tmp_path):
    from service.archive import Archive
    from service.shared_datasets import SharedDatasets

    clock = FakeClock()
    archive = Archive((), tmp_path, clock)
    archive.record = SharedDatasets(client.Redis.from_url(drip.url, socket_timeout=0.5,
                                                          socket_connect_timeout=0.5), clock)
    reader = threading.Thread(target=archive.editions)
    reader.start()  # its scan asks Redis for the record, which drips
    assert drip.started.wait(10)
    taken = archive._lock.acquire(blocking=False)  # another session reading the archive meanwhile
    if taken:
        archive._lock.release()
    reader.join(10)  # before the fix: still reading the answer, byte by byte, holding the lock
    assert taken and not reader.is_alive()
    assert archive.record.down and drip.finished == 0  # it gave up before the answer was whole


def test_data_and_status_with_a_dripping_redis_says_degraded_and_why_and_waits_for_no_answer(app, drip, newer_api,
                                                                                              monkeypatch):
    monkeypatch.setenv("BENCHMARKS_REDIS_URL", drip.url)
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    assert not at.exception
    warning = plain(" ".join(w.value for w in at.warning))
    assert "Degraded: Redis cannot be reached or used (no whole answer within 0.5 s)" in warning
    assert drip.started.is_set() and drip.finished == 0  # no Redis answer was waited for to its end
    table = next(d.value for d in at.dataframe if "Items" in d.value.columns and "State" in d.value.columns)
    assert all(state.startswith("live") for state in table["State"])  # fetched by this replica alone meanwhile


# --- A5, A6: values in Redis are outside data -------------------------------------------------
@pytest.mark.parametrize("seconds", [1_000_000_000_000, 30 * 86_400])
def test_a_forged_pause_in_redis_is_cut_to_the_24_hour_cap(redis, seconds):
    clock = FakeClock()
    store = client.Redis.from_url(redis.url)
    store.set("benchmarks:quota:pause", "1", ex=seconds)
    quota = SharedQuota(redis.url, clock=clock)
    cap = clock.now() + timedelta(seconds=MAX_PAUSE_S)
    assert clock.now() < quota.usage().blocked_until <= cap  # no OverflowError; honoured up to the cap
    with pytest.raises(QuotaExceeded) as refused:
        quota.acquire()
    assert refused.value.paused and refused.value.resets_at <= cap and not quota.degraded
    assert 0 < store.pttl("benchmarks:quota:pause") <= MAX_PAUSE_S * 1000  # cut in Redis too, for every replica


def test_minute_entries_stamped_far_ahead_are_dropped_not_obeyed(redis):
    clock = FakeClock()
    store = client.Redis.from_url(redis.url)
    store.zadd("benchmarks:quota:minute", {f"forged-{n}": 9e15 for n in range(30)})
    quota = SharedQuota(redis.url, clock=clock, per_minute=30)
    assert quota.usage().used_this_minute == 0  # not requests of the last minute
    quota.acquire()  # counted, not refused (before: refused, then OverflowError, forever)
    assert quota.usage().used_this_minute == 1 and store.zcard("benchmarks:quota:minute") == 1
    assert not quota.degraded


# --- A7: a key of the wrong type --------------------------------------------------------------
def test_an_archive_record_of_the_wrong_type_is_reported_and_replaced(redis, tmp_path, caplog):
    from service.archive import Archive
    from service.shared_datasets import RECORD, SharedDatasets
    from tests.test_archive import NEW_AS_OF, snapshot_dataset, with_as_of

    store = client.Redis.from_url(redis.url)
    store.set(RECORD, "notahash")
    clock = FakeClock()
    archive = Archive((), tmp_path, clock)
    archive.record = SharedDatasets(client.Redis.from_url(redis.url), clock)
    caplog.set_level(logging.WARNING)
    assert archive.add(with_as_of(snapshot_dataset(), NEW_AS_OF))
    assert store.type(RECORD) == b"hash" and store.hkeys(RECORD) == [f"artificial-analysis {NEW_AS_OF}".encode()]
    assert not archive.record.down
    said = " ".join(r.getMessage() for r in caplog.records)
    assert f"{RECORD} held a string, not a hash" in said and "replaced" in said


@pytest.mark.parametrize("key", ["benchmarks:quota:minute", "benchmarks:quota:day:2026-11-25"])
def test_budget_keys_of_the_wrong_type_are_replaced_and_sharing_goes_on(redis, key):
    store = client.Redis.from_url(redis.url)
    store.hset(key, "x", "1")
    quota = SharedQuota(redis.url, clock=FakeClock())
    quota.acquire()
    assert quota.usage().used_today == 1 and quota.usage().used_this_minute == 1 and not quota.degraded
    assert describe_sharing(quota).startswith("The API budget")


def test_a_refresh_lock_that_never_expires_or_is_not_a_lock_is_replaced(redis):
    from service.shared_datasets import LOCK_S, PREFIX, SharedDatasets

    store = client.Redis.from_url(redis.url)
    shared = SharedDatasets(client.Redis.from_url(redis.url), FakeClock())
    store.set(PREFIX + "lock:openrouter", "forged, no expiry")
    store.hset(PREFIX + "lock:design-arena-models", "x", "1")
    store.set(PREFIX + "lock:artificial-analysis", "held by a live replica", px=int(LOCK_S * 1000))
    assert shared.lock("openrouter") and shared.lock("design-arena-models")  # taken: the forged ones replaced
    assert shared.lock("artificial-analysis") is None  # a real holder's lock is respected
    assert 0 < store.pttl(PREFIX + "lock:openrouter") <= LOCK_S * 1000


def test_budget_keys_of_the_wrong_type_met_first_by_the_pipelined_read_are_replaced(redis, caplog):
    clock = FakeClock()
    quota = SharedQuota(redis.url, clock=clock)
    store = client.Redis.from_url(redis.url)
    minute, day, _ = quota._keys()
    store.set(minute, "x")
    store.rpush(day, "1")
    caplog.set_level(logging.WARNING)
    usage = quota.usage()  # Data & status: a pipeline, whose error names the command before WRONGTYPE
    assert not quota.degraded and usage.used_today == 0 and usage.used_this_minute == 0
    assert store.type(minute) in (b"none", b"zset") and store.type(day) in (b"none", b"string")
    said = " ".join(r.getMessage() for r in caplog.records)
    assert f"{minute} held a" in said and f"{day} held a" in said and "replaced" in said
    quota.acquire()
    assert quota.usage().used_today == 1 and describe_sharing(quota).startswith("The API budget")


def test_an_archive_record_of_the_wrong_type_met_first_by_the_pipelined_record_is_replaced(redis):
    from service.shared_datasets import RECORD, SharedDatasets

    store = client.Redis.from_url(redis.url)
    store.rpush(RECORD, "notahash")
    shared = SharedDatasets(client.Redis.from_url(redis.url), FakeClock())
    shared.record({("artificial-analysis", "2026-01-01T00:00:00Z"): "x.json"})
    assert not shared.down and store.hgetall(RECORD) == {b"artificial-analysis 2026-01-01T00:00:00Z": b"x.json"}


# --- A2: a Redis that answers each call just under the deadline ---------------------------------
HANDSHAKE = {b"HELLO", b"CLIENT", b"AUTH", b"SELECT"}


class LateRedis(LoopbackPeer):
    """A RESP3 peer on a free loopback port that answers whatever arrived together (one call: a command or a
    pipeline) whole, `delay` seconds late; the handshake at once. `batches`: the commands of each call."""

    def __init__(self, delay: float = 0.3) -> None:
        self.delay = delay
        self.batches: list[list[bytes]] = []
        super().__init__()

    def _serve(self, peer: socket.socket) -> None:
        pending = b""
        try:
            while not self._stop.is_set():
                chunk = peer.recv(65536)
                if not chunk:
                    return
                pending += chunk
                names, pending = _commands(pending)
                if not names:
                    continue
                if not set(names) <= HANDSHAKE:
                    self.batches.append(names)
                    if self._stop.wait(self.delay):
                        return
                peer.sendall(b"".join(REPLIES.get(n) or (b":0\r\n" if n in COUNTS else b"+OK\r\n") for n in names))
        except OSError:
            return


def _commands(data: bytes) -> tuple[list[bytes], bytes]:
    """The names of the whole RESP commands at the start of `data`, and what is left (an unfinished one)."""
    names = []
    while data.startswith(b"*"):
        at, words = data.index(b"\r\n") + 2 if b"\r\n" in data else -1, []
        if at < 0:
            break
        for _ in range(int(data[1:at - 2])):
            end = data.find(b"\r\n", at)
            if end < 0 or len(data) < end + 2 + int(data[at + 1:end]) + 2:
                return names, data
            size = int(data[at + 1:end])
            words.append(data[end + 2:end + 2 + size])
            at = end + 2 + size + 2
        else:
            names.append(words[0].upper())
            data = data[at:]
            continue
        break
    return names, data


@pytest.fixture
def late():
    server = LateRedis()
    yield server
    server.close()


def test_data_and_status_waits_on_a_redis_answering_just_under_the_deadline_once_in_total(app, late, newer_api,
                                                                                         monkeypatch):
    from service.data import shared_data

    monkeypatch.setenv("BENCHMARKS_REDIS_URL", late.url)
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    link = shared_data().quota.link
    link.answered()  # whatever the first run's refreshes met: Redis is asked again
    late.batches.clear()
    at.run()  # data in hand: only the page's own calls (the budget, the sharing check, the archive's record)
    assert not at.exception
    # the budget's read was answered (0.3 s); the sharing check took that answer (no ping); a further call (the
    # archive record's, when due) was cut at the page's 0.5 s in total, and Redis left alone: nothing more asked
    # (before: the budget's, a ping twice and the archive record's, each waited for)
    assert late.batches[:1] == [[b"ZCOUNT", b"GET", b"PTTL"]] and len(late.batches) <= 2, late.batches
    assert len(late.batches) == 1 or (link.down and link.last_error == "no whole answer within 0.5 s")


def test_the_sharing_check_asks_redis_once_and_not_again_after_an_answer_in_the_same_page_run(late, tmp_path):
    from service.shared_redis import one_wait

    layer = dripping_layer(late.url, tmp_path, FakeClock())
    layer.check_sharing()  # before: the quota's ping and the datasets' ping, on one link
    assert late.batches == [[b"PING"]] and not layer.quota.degraded
    late.batches.clear()
    with one_wait():  # a page run: the budget's read answered, so Redis answers: no ping
        layer.usage()
        layer.check_sharing()
    assert late.batches == [[b"ZCOUNT", b"GET", b"PTTL"]] and not layer.quota.degraded


def test_a_page_run_stops_asking_redis_once_its_one_wait_is_spent(late, tmp_path):
    from service.shared_redis import one_wait

    layer = dripping_layer(late.url, tmp_path, FakeClock())
    with one_wait():
        layer.usage()  # answered in 0.3 s: 0.2 s left for the page
        layer.quota.acquire()  # its answer comes 0.3 s late: cut at the 0.2 s left, Redis then left alone
        assert layer.shared.latest("openrouter", layer.clock.now()) is None
    assert [batch[0] for batch in late.batches] == [b"ZCOUNT", b"EVALSHA"], late.batches
    assert layer.quota.degraded and layer.quota.last_error == "no whole answer within 0.5 s"


def test_a_call_that_never_reached_redis_for_want_of_a_worker_says_nothing_about_redis(redis):
    from service.shared_redis import WORKERS, RedisLink

    link = RedisLink(redis.url, timeout_s=0.2)
    release = threading.Event()
    busy = [link._workers.submit(release.wait, 30) for _ in range(WORKERS)]  # the replica's own load
    try:
        assert link.call("ping", lambda client: client.ping(), "not asked") == "not asked"
        assert not link.down and link.last_error == ""  # Redis was never asked: no outage
    finally:
        release.set()
        for future in busy:
            future.result(5)
    assert link.call("ping", lambda client: client.ping(), False) is True


def test_a_refresh_about_to_go_alone_asks_a_healthy_redis_once_more_and_shares(redis):
    import time

    from service.shared_redis import RedisLink

    link = RedisLink(redis.url, timeout_s=0.05)
    assert link.call("slow", lambda client: time.sleep(0.3), "late") == "late"  # this process was slow
    assert link.down  # every part leaves Redis alone...
    assert link.recheck() and not link.down  # ...until a refresh asks once more, patiently: Redis answers
