"""The stand-in API itself: CLI, limits, concurrency, faults and counters."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest

from client.clock import FakeClock
from client.query import BenchmarkQuery
from fake_openrouter import Limits, Server
from fake_openrouter.server import RateLimiter, normalised_query
from tests.conftest import ROOT, SNAPSHOT_DIR, TEST_KEY, admin

AUTH = {"Authorization": f"Bearer {TEST_KEY}"}


def get(server, auth=AUTH, **params):
    return httpx.get(server.base_url + "/benchmarks", params=params, headers=auth, timeout=10)


def test_cli_prints_base_url_first_and_serves(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "fake_openrouter", "--port", "0", "--data", str(SNAPSHOT_DIR)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/api/v1")
        body = httpx.get(base_url + "/benchmarks", params={"source": "design-arena"},
                         headers=AUTH, timeout=10).json()
        assert body["meta"]["source"] == "design-arena" and body["meta"]["arena"] == "models"
        assert len(body["data"]) == 50
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_meta_is_filled_as_the_real_one(stand_in):
    body = get(stand_in, source="design-arena", arena="agents", category="fullstack", max_results=100).json()
    meta = body["meta"]
    assert meta["as_of"] == "2026-08-28T18:19:35.242Z" and meta["version"] == "v1"
    assert meta["citation"].startswith("Source: Design Arena")
    assert meta["model_count"] == 40 == len(body["data"])
    assert meta["elo_bounds"]["max"] == max(item["elo"] for item in body["data"])
    mixed = get(stand_in, max_results=10).json()["meta"]
    assert mixed["source"] is None and mixed["citation"] is None


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"source": "x"}, 400),
        ({"task_type": "poetry"}, 400),
        ({"arena": "arena"}, 400),
        ({"max_results": "0"}, 400),
        ({"max_results": "101"}, 400),
        ({"max_results": "100"}, 200),
    ],
)
def test_parameter_validation(stand_in, params, status):
    response = get(stand_in, **params)
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == 400


def test_include_run_config_controls_run_config(stand_in):
    plain = get(stand_in, task_type="search").json()["data"]
    full = get(stand_in, task_type="search", include_run_config="true").json()["data"]
    assert [i["benchmark_type"] for i in plain] == ["search_browsecomp", "search_widesearch"]
    assert all("run_config" not in i for i in plain)
    assert full[0]["run_config"]["max_agent_turns"] == 20


def test_key_required(stand_in):
    response = get(stand_in, auth={}, source="artificial-analysis")
    assert response.status_code == 401
    assert response.json() == {"error": {"code": 401, "message": "No auth credentials found"}}


def test_rate_limit_thirty_per_minute_per_key(stand_in):
    statuses = [get(stand_in, source="artificial-analysis", max_results=1).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    limited = get(stand_in, source="artificial-analysis", max_results=1)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    other_key = get(stand_in, auth={"Authorization": "Bearer another-key"}, source="artificial-analysis")
    assert other_key.status_code == 200


def test_daily_budget(all_sources_dir):
    with Server(data_dir=all_sources_dir, limits=Limits(per_minute=100, per_day=5)) as server:
        statuses = [get(server, source="artificial-analysis").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_serves_concurrent_requests(stand_in):
    admin(stand_in, "/_admin/faults", {"kind": "latency", "delay_ms": 400, "count": 10})
    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        codes = list(pool.map(lambda _: get(stand_in, source="design-arena").status_code, range(10)))
    elapsed = time.monotonic() - started
    assert codes == [200] * 10
    assert elapsed < 2.5, f"10 requests of 0.4 s took {elapsed:.1f} s: served one at a time"


def test_fault_count_skip_and_match(stand_in):
    admin(stand_in, "/_admin/faults",
          {"kind": "status", "status": 503, "count": 1, "skip": 1, "match": {"source": "design-arena"}})
    assert get(stand_in, source="artificial-analysis").status_code == 200
    assert get(stand_in, source="design-arena").status_code == 200  # skipped
    assert get(stand_in, source="design-arena").status_code == 503
    assert get(stand_in, source="design-arena").status_code == 200  # used up


def test_fault_fraction(stand_in):
    admin(stand_in, "/_admin/faults", {"kind": "status", "status": 500, "fraction": 0.5})
    codes = [get(stand_in, source="artificial-analysis", max_results=1).status_code for _ in range(24)]
    assert 4 <= codes.count(500) <= 20 and codes.count(200) + codes.count(500) == 24


def test_oversized_body_is_valid_json(stand_in):
    admin(stand_in, "/_admin/faults", {"kind": "oversized", "size_bytes": 2_000_000})
    response = get(stand_in, source="artificial-analysis", max_results=2)
    assert len(response.content) > 2_000_000
    assert len(response.json()["data"]) == 2


def test_bad_fault_spec_is_400(stand_in):
    response = httpx.post(stand_in.root_url + "/_admin/faults", json={"kind": "explode"})
    assert response.status_code == 400


def test_stats_count_by_normalised_query_and_reset(stand_in):
    get(stand_in, source="design-arena", category="3d")
    get(stand_in, category="3d", source="design-arena")
    get(stand_in, source="artificial-analysis")
    stats = admin(stand_in, "/_admin/stats")
    assert stats == {
        "requests_total": 3,
        "by_query": {"category=3d&source=design-arena": 2, "source=artificial-analysis": 1},
    }
    admin(stand_in, "/_admin/reset", {})
    assert admin(stand_in, "/_admin/stats") == {"requests_total": 0, "by_query": {}}


def test_rate_limiter_on_a_fake_clock_per_key_per_minute_and_per_day():
    clock = FakeClock(datetime(2026, 11, 25, 23, 58, 0, tzinfo=UTC))
    limiter = RateLimiter(Limits(per_minute=3, per_day=5), clock)
    assert [limiter.retry_after("a") for _ in range(3)] == [None, None, None]
    clock.advance(20.5)
    assert limiter.retry_after("a") == 40  # whole seconds, rounded up, until the oldest leaves
    assert limiter.retry_after("b") is None  # per key
    clock.advance(40)
    assert limiter.retry_after("a") is None
    assert limiter.retry_after("b") == 60  # 5 today: spent until midnight UTC, 59.5 s away, rounded up
    clock.advance(60)  # a new UTC day
    assert limiter.retry_after("b") is None


def test_stand_in_counts_with_the_clients_query_key(stand_in):
    query = BenchmarkQuery(source="design-arena", arena="agents", category="3d", max_results=5)
    assert normalised_query({"max_results": "5", "category": "3d", "arena": "agents", "source": "design-arena",
                             "unknown": "ignored"}) == query.key()
    get(stand_in, **query.to_params())
    get(stand_in, source="nope", max_results="0")  # refused (400), still counted
    assert admin(stand_in, "/_admin/stats")["by_query"] == {query.key(): 1, "max_results=0&source=nope": 1}
