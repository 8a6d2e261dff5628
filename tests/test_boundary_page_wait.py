"""Pages never wait for a refresh (stale-while-revalidate), over real HTTP against a slow stand-in.

A page is drawn at once from what is in hand (the cache, the newest good data held past its TTL, the
disk store, else the bundled snapshot) while one refresh per dataset runs in the background; only a
configured `page_wait_seconds` (0 by default) may hold a page for data it has nothing of. These take a
few real seconds: the wait is real time (a person's), the delays the stand-in's `latency`.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from client.query import BenchmarkQuery
from client.retries import RetryConfig
from client.sdk import OpenRouter
from service.data import BenchmarkData
from service.datasets import datasets
from service.settings import Settings
from service.states import FailureKind, Freshness
from tests.conftest import TEST_KEY, admin

pytestmark = pytest.mark.slow  # real waits: `make test`, not `make test-fast`

SLOW = {"kind": "latency", "delay_ms": 1_500, "count": 100, "match": {"source": "design-arena"}}
DESIGN_ARENA = {"design-arena-models", "design-arena-agents", "design-arena-builders"}
AT_ONCE_S = 0.5  # a page drawn from what is in hand: no request is waited for


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def asked_once_each(server) -> bool:
    by_query = admin(server, "/_admin/stats")["by_query"]
    return len(by_query) == len(datasets()) and set(by_query.values()) == {1}


def test_a_cold_page_is_drawn_from_the_snapshot_at_once_and_live_data_follows(newer_api, make_layer):
    layer = make_layer(newer_api, page_wait_seconds=0)  # the app's default
    admin(newer_api, "/_admin/faults", SLOW)
    seen = layer.version
    result, waited = timed(layer.load_everything)
    assert waited < AT_ONCE_S
    assert all(s.state is Freshness.SNAPSHOT and s.failure.kind is FailureKind.REFRESHING for s in result.states)
    assert len({s.name: s for s in result.states}["design-arena-models"].dataset.items) == 772  # not nothing
    assert layer.refreshing()
    assert layer.wait_for_loads(timeout=10)
    assert layer.version == seen + len(datasets()) and not layer.refreshing()  # what an open page polls
    assert all(state.state is Freshness.LIVE for state in layer.load_everything().states)
    assert asked_once_each(newer_api)
    assert layer._pool._max_workers <= len(datasets())


def test_a_page_wait_holds_a_cold_page_for_the_quick_datasets_only(newer_api, make_layer):
    layer = make_layer(newer_api, page_wait_seconds=0.5)
    admin(newer_api, "/_admin/faults", SLOW)
    result, waited = timed(layer.load_everything)
    assert waited < 1.2  # not 3 × 1.5 s in a row, nor even one 1.5 s answer
    for state in result.states:
        if state.name in DESIGN_ARENA:
            assert state.state is Freshness.SNAPSHOT and state.failure.kind is FailureKind.REFRESHING
        else:
            assert state.state is Freshness.LIVE and state.failure is None
    again, waited = timed(layer.load_everything)  # a rerun does not wait again for the same loads
    assert waited < 0.3 and again is result  # the same states: the same answer object
    assert layer.wait_for_loads(timeout=10) and asked_once_each(newer_api)


def test_data_past_its_ttl_is_drawn_at_once_while_it_refreshes(newer_api, make_layer):
    layer = make_layer(newer_api)
    before = layer.load_benchmarks(BenchmarkQuery(source="design-arena"))
    layer.clear()  # as when the TTL runs out
    admin(newer_api, "/_admin/faults", SLOW)
    result, waited = timed(lambda: layer.load_benchmarks(BenchmarkQuery(source="design-arena")))
    assert waited < AT_ONCE_S
    assert result.states == before.states and result.items == before.items  # as it was: no notice, no wait
    assert layer.wait_for_loads(timeout=10)
    after = layer.load_dataset("design-arena-models")
    assert after.state is Freshness.LIVE and after.dataset.fetched_at > before.states[0].dataset.fetched_at


@pytest.mark.parametrize("expired", [False, True], ids=["cold", "past-the-ttl"])
def test_many_sessions_cause_one_refresh_per_dataset(newer_api, make_layer, expired):
    layer = make_layer(newer_api, page_wait_seconds=0)
    if expired:
        layer.load_everything()
        assert layer.wait_for_loads(timeout=10)
        layer.clear()
        admin(newer_api, "/_admin/reset", {})
    admin(newer_api, "/_admin/faults", {**SLOW, "delay_ms": 300, "match": {}})
    barrier = threading.Barrier(20)

    def page(_):
        barrier.wait()
        return timed(layer.load_everything)

    with ThreadPoolExecutor(20) as sessions:
        answers = list(sessions.map(page, range(20)))
    assert max(waited for _, waited in answers) < AT_ONCE_S
    assert layer.wait_for_loads(timeout=10)
    assert all(state.state is Freshness.LIVE for state in layer.load_everything().states)
    assert asked_once_each(newer_api)


@pytest.mark.parametrize("newer", [True, False], ids=["newer-api", "documented-api-slices"])
def test_every_request_answered_in_nine_seconds_costs_a_page_nothing(stand_in, tmp_path, newer):
    """The case of issue 11: 9 s answers, a 10 s timeout, the Model page's five datasets (74 s once)."""
    stand_in.stand_in.limits.all_when_omitted = newer
    settings = Settings(api_key=TEST_KEY, base_url=stand_in.base_url, cache_dir=tmp_path / "cache",
                        timeout_seconds=10, per_minute=1_000)
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=RetryConfig("none"),
                    timeout_ms=10_000) as client:
        layer = BenchmarkData(settings, client=client)
        admin(stand_in, "/_admin/faults", {"kind": "latency", "delay_ms": 9_000, "count": 1_000})
        result, waited = timed(layer.load_everything)
        assert waited < AT_ONCE_S
        assert all(state.failure.kind is FailureKind.REFRESHING for state in result.states)
        admin(stand_in, "/_admin/reset", {})
        layer.wait_for_loads(timeout=60)
    stand_in.stand_in.limits.all_when_omitted = False
