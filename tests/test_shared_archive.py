"""The record of which editions the replicas' archives hold, shared through a real Redis."""

from __future__ import annotations

import pytest
import redis as client

from client.clock import FakeClock
from service.archive import RECORD_CHECK_S, RESCAN_S, Archive
from service.shared_datasets import RECORD, SharedDatasets
from tests.conftest import TEST_KEY, plain
from tests.redis_server import redis_server
from tests.test_archive import NEW_AS_OF, snapshot_dataset, with_as_of


@pytest.fixture
def redis():
    with redis_server() as server:
        yield server


def replica(url: str, folder, clock) -> Archive:
    archive = Archive((), folder, clock)
    archive.record = SharedDatasets(client.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5), clock)
    return archive


def test_an_edition_one_replica_keeps_is_seen_by_the_others_within_a_second_not_the_rescan(redis, tmp_path):
    clock = FakeClock()
    writer, reader = replica(redis.url, tmp_path, clock), replica(redis.url, tmp_path, clock)
    assert reader.editions().editions == ()
    assert writer.add(with_as_of(snapshot_dataset(), NEW_AS_OF))
    assert client.Redis.from_url(redis.url).hgetall(RECORD) == {
        f"artificial-analysis {NEW_AS_OF}".encode(): b"2026-11-20T06-00-00Z/artificial-analysis.json"}
    clock.advance(RECORD_CHECK_S)  # well within RESCAN_S: the record says something was added
    assert RECORD_CHECK_S < RESCAN_S and [e.as_of for e in reader.editions().editions] == [NEW_AS_OF]
    assert reader.elsewhere == () and writer.elsewhere == ()


def test_replicas_given_different_folders_say_which_editions_they_lack(redis, tmp_path):
    clock = FakeClock()
    first, second = replica(redis.url, tmp_path / "a", clock), replica(redis.url, tmp_path / "b", clock)
    assert first.add(with_as_of(snapshot_dataset(), NEW_AS_OF))
    assert second.add(with_as_of(snapshot_dataset("openrouter"), "2026-11-21T00:00:00Z"))
    clock.advance(RECORD_CHECK_S)
    first.editions()
    assert first.elsewhere == (("openrouter", "2026-11-21T00:00:00Z", "2026-11-21T00-00-00Z/openrouter.json"),)
    assert [e.dataset for e in second.editions().editions] == ["openrouter"]
    assert second.elsewhere == (("artificial-analysis", NEW_AS_OF, "2026-11-20T06-00-00Z/artificial-analysis.json"),)


def test_editions_kept_while_redis_was_down_are_recorded_when_it_returns(redis, tmp_path):
    clock = FakeClock()
    port = redis.port
    archive = replica(redis.url, tmp_path, clock)
    redis.stop()
    assert archive.add(with_as_of(snapshot_dataset(), NEW_AS_OF))  # kept on disk; no error
    assert archive.record.down and [e.as_of for e in archive.editions().editions] == [NEW_AS_OF]
    with redis_server(port) as back:  # empty, like a restarted Redis without persistence
        clock.advance(RESCAN_S + 1)
        archive.editions()
        assert client.Redis.from_url(back.url).hkeys(RECORD) == [f"artificial-analysis {NEW_AS_OF}".encode()]
        assert not archive.record.down


def test_record_entries_that_are_not_editions_are_left_out_and_paths_made_plain(redis, tmp_path):
    raw = client.Redis.from_url(redis.url)
    raw.hset(RECORD, mapping={
        "no-such-dataset 2026-11-20T06:00:00Z": "x/no-such-dataset.json",
        "openrouter not-a-time": "x/openrouter.json",
        "openrouter 2026-11-22T00:00:00Z": "2026-11-22/openrouter.json\x1b[31m\u202e [a](http://evil)",
    })
    archive = replica(redis.url, tmp_path, FakeClock())
    archive.editions()
    [(name, as_of, where)] = archive.elsewhere
    assert (name, as_of) == ("openrouter", "2026-11-22T00:00:00Z")
    assert "\x1b" not in where and "\u202e" not in where and where.startswith("2026-11-22/openrouter.json")


def test_data_and_status_says_degraded_when_redis_cannot_be_reached(app, newer_api, monkeypatch, redis):
    port = redis.port
    redis.stop()  # nothing listens on the port now
    monkeypatch.setenv("BENCHMARKS_REDIS_URL", f"redis://127.0.0.1:{port}/0")
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    assert not at.exception
    warning = plain(" ".join(w.value for w in at.warning))
    assert "Degraded: Redis cannot be reached" in warning and "1/3" in warning
    table = next(d.value for d in at.dataframe if "Items" in d.value.columns and "State" in d.value.columns)
    assert set(table["State"]) == {"live"} and table["Items"].sum() > 1000  # fetched by this replica alone
    with redis_server(port):
        from service.data import shared_data
        from service.shared_quota import RETRY_S

        shared_data().quota.link._down_until -= RETRY_S  # its retry interval over (the real clock)
        at.run()
        assert not any("Degraded" in w.value for w in at.warning)
        assert any("shared by every replica through Redis" in c.value for c in at.caption)


def test_data_and_status_names_the_editions_other_replicas_hold_and_this_one_lacks(app, newer_api, monkeypatch, redis):
    client.Redis.from_url(redis.url).hset(RECORD, "openrouter 2026-11-22T00:00:00Z",
                                          "2026-11-22T00-00-00Z/openrouter.json [x](http://evil.example)")
    monkeypatch.setenv("BENCHMARKS_REDIS_URL", redis.url)
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    [warning] = [w.value for w in at.warning if "archive folder" in w.value]
    assert plain(warning).startswith("1 edition recorded by another replica is not in this replica's archive folder")
    assert "OpenRouter evals of 2026-11-22T00:00:00Z" in plain(warning) and "\\[x\\]" in warning  # no link


def test_record_entries_left_out_do_not_make_every_replica_read_the_record_each_second(redis, tmp_path):
    bogus = {"no-such-dataset 2026-11-20T06:00:00Z": "x", "openrouter  2026-01-03": "x", "openrouter 2026-01-04\n": "x"}
    client.Redis.from_url(redis.url).hset(RECORD, mapping=bogus)
    clock = FakeClock()
    archive = replica(redis.url, tmp_path, clock)
    reads, recorded = [], archive.record.recorded
    archive.record.recorded = lambda: reads.append(1) or recorded()
    archive.editions()
    for _ in range(5):
        clock.advance(RECORD_CHECK_S)
        archive.editions()
    assert len(reads) == 1 and archive.elsewhere == ()  # read once: nothing was added since
