"""The API budget shared by replicas through a real Redis; a replica that loses Redis keeps serving."""

from __future__ import annotations

import pytest

from client.clock import FakeClock
from service.quota import QuotaExceeded
from service.shared_quota import ASSUMED_REPLICAS, RETRY_S, SharedQuota, describe_sharing
from tests.redis_server import redis_server


@pytest.fixture
def redis():
    with redis_server() as server:
        yield server


def replicas(url: str, count: int = 3, clock=None, **limits) -> list[SharedQuota]:
    clock = clock or FakeClock()
    return [SharedQuota(url, clock=clock, **limits) for _ in range(count)]


def spend(quota: SharedQuota, times: int) -> int:
    """How many of `times` requests the guard let through."""
    granted = 0
    for _ in range(times):
        try:
            quota.acquire()
        except QuotaExceeded:
            continue
        granted += 1
    return granted


def test_three_replicas_share_one_rolling_minute_and_one_day(redis):
    clock = FakeClock()
    a, b, c = replicas(redis.url, clock=clock, per_minute=30, per_day=500)
    assert spend(a, 12) + spend(b, 12) + spend(c, 12) == 30  # one budget, not three
    with pytest.raises(QuotaExceeded, match="30 requests in the last minute"):
        a.acquire()
    assert a.usage().used_this_minute == 30 and c.usage().used_today == 30
    clock.advance(61)  # the minute rolls on for all of them
    assert spend(b, 5) == 5 and a.usage().used_today == 35


def test_the_daily_budget_is_one_for_every_replica(redis):
    clock = FakeClock()
    a, b = replicas(redis.url, 2, clock=clock, per_minute=1000, per_day=7)
    assert spend(a, 5) + spend(b, 5) == 7
    with pytest.raises(QuotaExceeded, match="daily budget of 7 requests spent") as refused:
        b.acquire()
    assert refused.value.resets_at.hour == 0  # the next UTC midnight


def test_a_429_pauses_every_replica(redis):
    a, b = replicas(redis.url, 2)
    a.block_for(30)
    with pytest.raises(QuotaExceeded) as refused:
        b.acquire()
    assert refused.value.paused
    b.block_for(1)  # a shorter pause never shortens the one that runs
    assert b.usage().blocked_until is not None and 25 < refused.value.seconds_left <= 30


def test_without_redis_a_replica_counts_on_its_own_share_and_rejoins(redis):
    clock = FakeClock()
    port = redis.port
    [quota] = replicas(redis.url, 1, clock=clock, per_minute=30, per_day=500)
    assert spend(quota, 2) == 2 and not quota.degraded
    redis.stop()
    assert spend(quota, 30) == 30 // ASSUMED_REPLICAS  # no error: its own conservative share
    assert quota.degraded and "Degraded" in describe_sharing(quota)
    with redis_server(port):  # Redis back (empty): after RETRY_S the replica shares again
        clock.advance(RETRY_S + 1)
        assert spend(quota, 1) == 1 and not quota.degraded
        assert quota.usage().used_today == 1
        assert describe_sharing(quota).startswith("The API budget, the datasets and their refreshes are shared")


def test_replicas_behind_one_redis_spend_one_budget_at_the_api(redis, stand_in, tmp_path):
    from dataclasses import replace

    from service.data import BenchmarkData
    from service.settings import Settings
    from tests.conftest import TEST_KEY, admin

    settings = Settings(api_key=TEST_KEY, base_url=stand_in.base_url, per_minute=4, redis_url=redis.url)
    layers = [BenchmarkData(replace(settings, cache_dir=tmp_path / f"replica-{n}")) for n in range(3)]
    for layer in layers:  # each replica asks for everything (the documented API needs many slices)
        layer.load_every_dataset()
    assert all(layer.wait_for_loads(30) for layer in layers)
    assert admin(stand_in, "/_admin/stats")["requests_total"] == 4  # one minute's budget for all three
    assert layers[2].usage().used_this_minute == 4
    alone = BenchmarkData(replace(settings, redis_url="", cache_dir=tmp_path / "alone"))
    assert describe_sharing(alone.quota) is None
    assert describe_sharing(layers[0].quota, layers[0].shared).startswith("The API budget")


@pytest.mark.parametrize("value", ["localhost:6379", "http://redis", "redis"])
def test_a_redis_url_that_is_not_one_stops_the_app_at_start(value):
    from service.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="BENCHMARKS_REDIS_URL must be a redis://"):
        Settings.from_env({"BENCHMARKS_REDIS_URL": value})
    assert Settings.from_env({"BENCHMARKS_REDIS_URL": "redis://u:secret@h:1/0"}).redis_url.endswith("/0")
    assert "secret" not in repr(Settings.from_env({"BENCHMARKS_REDIS_URL": "redis://u:secret@h:1/0"}))


def shared_replicas(redis, stand_in, tmp_path, count=3):
    from dataclasses import replace

    from service.data import BenchmarkData
    from service.settings import Settings
    from tests.conftest import TEST_KEY

    settings = Settings(api_key=TEST_KEY, base_url=stand_in.base_url, redis_url=redis.url)
    return [BenchmarkData(replace(settings, cache_dir=tmp_path / f"replica-{n}")) for n in range(count)]


def test_three_replicas_ask_each_distinct_query_once_in_all(redis, newer_api, tmp_path):
    import threading

    from service.datasets import datasets
    from tests.conftest import admin

    layers = shared_replicas(redis, newer_api, tmp_path)
    start = threading.Barrier(30)

    def session(n: int) -> None:
        start.wait()
        layers[n % 3].load_every_dataset()

    threads = [threading.Thread(target=session, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(layer.wait_for_loads(60) for layer in layers)
    stats = admin(newer_api, "/_admin/stats")
    assert stats["requests_total"] == len(datasets()) and set(stats["by_query"].values()) == {1}
    opus = [next(i for i in layer.in_hand("artificial-analysis").dataset.items
                 if i.model_permaslug == "anthropic/claude-opus-5-20260723") for layer in layers]
    assert {item.intelligence_index for item in opus} == {63.1}  # every replica serves the one answer
    assert layers[0].usage().used_today == len(datasets())


def test_a_replica_killed_holding_the_lock_blocks_the_others_no_longer_than_its_expiry(redis, newer_api, tmp_path,
                                                                                       monkeypatch):

    import redis as client

    import service.data as data
    import service.shared_datasets as shared
    from tests.conftest import admin

    monkeypatch.setattr(shared, "POLL_S", 0.05)
    held = client.Redis.from_url(redis.url)
    lock = shared.PREFIX + "lock:artificial-analysis"
    [layer] = shared_replicas(redis, newer_api, tmp_path, 1)
    held.set(lock, "a replica that died", px=800)  # never given back
    holders: list[bytes | None] = []  # who held the refresh lock when this replica fetched
    fetch = data.fetch_dataset

    def fetch_noting_the_lock(*args, **kwargs):
        holders.append(held.get(lock))
        return fetch(*args, **kwargs)

    monkeypatch.setattr(data, "fetch_dataset", fetch_noting_the_lock)
    state = layer.load_dataset("artificial-analysis")  # the page draws at once, from the snapshot
    assert state.dataset.items and layer.wait_for_loads(10)
    assert len(holders) == 1 and holders[0] != b"a replica that died"  # no fetch while the dead one's lock stood
    assert admin(newer_api, "/_admin/stats")["by_query"] == {"source=artificial-analysis": 1}


def test_a_replica_that_loses_redis_refreshes_on_its_own_and_says_so(redis, newer_api, tmp_path):
    from service.datasets import datasets
    from tests.conftest import admin

    [layer] = shared_replicas(redis, newer_api, tmp_path, 1)
    redis.stop()
    layer.load_every_dataset()  # no error: the page draws from what is in hand meanwhile
    assert layer.wait_for_loads(30)
    assert admin(newer_api, "/_admin/stats")["requests_total"] == len(datasets())  # fetched alone
    assert layer.in_hand("artificial-analysis").dataset.items and not layer.failures()
    assert describe_sharing(layer.quota, layer.shared).startswith("Degraded: Redis cannot be reached")


def test_the_key_can_come_from_a_file(tmp_path):
    from service.settings import Settings, SettingsError

    secret = tmp_path / "key"
    secret.write_text("sk-or-v1-from-a-file\n")
    assert Settings.from_env({"OPENROUTER_API_KEY_FILE": str(secret)}).api_key == "sk-or-v1-from-a-file"
    assert Settings.from_env({"OPENROUTER_API_KEY": "k", "OPENROUTER_API_KEY_FILE": str(secret)}).api_key == "k"
    with pytest.raises(SettingsError, match="OPENROUTER_API_KEY_FILE cannot be read"):
        Settings.from_env({"OPENROUTER_API_KEY_FILE": str(tmp_path / "missing")})


def test_a_replica_that_loses_the_race_for_a_freed_lock_waits_for_the_winner(redis, newer_api, tmp_path,
                                                                              monkeypatch):
    import time

    import redis as client

    import service.shared_datasets as shared
    from tests.conftest import admin

    monkeypatch.setattr(shared, "POLL_S", 0.05)
    store, lock = client.Redis.from_url(redis.url), shared.PREFIX + "lock:artificial-analysis"
    store.set(lock, "a replica that died", px=300)
    [layer] = shared_replicas(redis, newer_api, tmp_path, 1)
    waits, raced = layer.shared.wait, []

    def another_replica_locks_first(*args, **kwargs):
        found = waits(*args, **kwargs)
        if found is None and not raced:  # the dead one's lock expired; another waiter took the lock first
            raced.append(store.set(lock, "the winner", px=800))
        return found

    monkeypatch.setattr(layer.shared, "wait", another_replica_locks_first)
    started = time.monotonic()
    layer.load_dataset("artificial-analysis")
    assert layer.wait_for_loads(10) and raced
    assert time.monotonic() - started > 1.0  # it waited for the winner's lock too, then refreshed once
    assert admin(newer_api, "/_admin/stats")["by_query"] == {"source=artificial-analysis": 1}


@pytest.mark.parametrize("count", [b"abc", b"1.5", b"-5"])
def test_a_day_count_in_redis_that_is_not_a_count_makes_the_replica_count_on_its_own(redis, count):
    import redis as client

    clock = FakeClock()
    [quota] = replicas(redis.url, 1, clock=clock, per_minute=30, per_day=500)
    today = clock.now().strftime("%Y-%m-%d")
    client.Redis.from_url(redis.url).set(f"benchmarks:quota:day:{today}", count)
    assert spend(quota, 30) == 30 // ASSUMED_REPLICAS  # its own conservative share, no error
    assert quota.usage().used_today == 10 and quota.degraded
    assert f"the shared count of benchmarks:quota:day:{today} is not a count" in describe_sharing(quota)


def test_a_shared_copy_of_another_dataset_or_from_the_future_is_not_taken(redis, tmp_path):
    import json
    from dataclasses import replace
    from datetime import timedelta

    import redis as client

    from service.data import BenchmarkData
    from service.settings import Settings
    from service.shared_datasets import MAX_SKEW_S, PREFIX, SharedDatasets
    from service.store import dataset_to_json

    clock = FakeClock()
    shared = SharedDatasets(client.Redis.from_url(redis.url), clock)
    snapshot = BenchmarkData(Settings())
    arena = replace(snapshot.snapshot("design-arena-models"), fetched_at=clock.now())
    disguised = {**dataset_to_json(arena), "dataset": "artificial-analysis"}  # its figures under another name
    store = client.Redis.from_url(redis.url)
    store.set(PREFIX + "data:artificial-analysis", json.dumps(disguised))
    assert shared.latest("artificial-analysis", clock.now()) is None
    later = clock.now() + timedelta(seconds=MAX_SKEW_S + 60)
    ahead = replace(snapshot.snapshot("artificial-analysis"), fetched_at=later)
    shared.put(ahead)
    assert shared.latest("artificial-analysis", clock.now()) is None  # it would look fresh for days
    shared.put(replace(ahead, fetched_at=clock.now()))
    assert len(shared.latest("artificial-analysis", clock.now()).items) == 123


def test_a_replica_leaves_a_failed_redis_alone_for_a_while_then_shares_again(redis, tmp_path):
    from dataclasses import replace

    import redis as client

    from service.data import BenchmarkData
    from service.settings import Settings
    from service.shared_datasets import SharedDatasets

    clock, port = FakeClock(), redis.port
    shared = SharedDatasets(client.Redis.from_url(redis.url, socket_timeout=0.5, socket_connect_timeout=0.5), clock)
    dataset = replace(BenchmarkData(Settings()).snapshot("openrouter"), fetched_at=clock.now())
    redis.stop()
    assert shared.latest("openrouter", clock.now()) is None and shared.down
    with redis_server(port):
        shared.put(dataset)  # within RETRY_S of the failure: not tried
        assert shared.latest("openrouter", clock.now()) is None and shared.down
        clock.advance(RETRY_S)
        assert shared.ping() and not shared.down
        shared.put(dataset)
        assert len(shared.latest("openrouter", clock.now()).items) == 320


def test_a_day_count_beyond_any_budget_is_not_believed_and_an_outage_is_logged_once(redis, caplog):
    import redis as client

    clock = FakeClock()
    [quota] = replicas(redis.url, 1, clock=clock, per_minute=30, per_day=500)
    day = f"benchmarks:quota:day:{clock.now().strftime('%Y-%m-%d')}"
    client.Redis.from_url(redis.url).set(day, "99999999999999999999999")  # would block the API all day
    for _ in range(4):
        clock.advance(RETRY_S)
        assert spend(quota, 1) == 1 and quota.usage().used_today <= 500 // ASSUMED_REPLICAS
    said = [r.getMessage() for r in caplog.records if r.name == "service.shared_redis"]
    assert len(said) == 1 and "Redis unusable" in said[0] and "is not a count" in said[0]
    client.Redis.from_url(redis.url).set(day, "7")
    clock.advance(RETRY_S)
    assert spend(quota, 1) == 1 and quota.usage().used_today == 8 and not quota.degraded
