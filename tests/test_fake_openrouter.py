"""The stand-in API itself: CLI, limits, concurrency, faults and counters."""

from __future__ import annotations

import json
import math
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
    plain = get(stand_in, task_type="search").json()
    full = get(stand_in, task_type="search", include_run_config="true").json()["data"]
    assert len(plain["data"]) == len(full) == 15 and plain["meta"]["model_count"] == 5  # the snapshot's search rows
    assert {i["benchmark_type"] for i in plain["data"]} == {"search_browsecomp", "search_dsqa", "search_hle",
                                                            "search_widesearch"}
    assert all("run_config" not in i for i in plain["data"])
    assert [{k: v for k, v in i.items() if k != "run_config"} for i in full] == plain["data"]  # nothing else differs
    configs = {(i["model_permaslug"], i["benchmark_type"]): i["run_config"] for i in full}
    assert configs["openai/gpt-5.6-luna", "search_dsqa"] == {"max_agent_turns": 25, "reasoning_effort": "xhigh",
                                                            "temperature": None}
    assert configs["openrouter/auto", "search_hle"]["max_agent_turns"] is None  # the router: no turn limit given


def test_openrouter_answers_carry_the_snapshots_own_meta(stand_in):
    body = get(stand_in, source="openrouter", benchmark_type="gpqa_diamond", max_results=3).json()
    meta = body["meta"]
    assert meta["as_of"] == "2026-10-08T23:19:46.552Z" and meta["source_url"] == "https://openrouter.ai/rankings"
    assert meta["citation"] == "Source: OpenRouter evals (openrouter.ai) via OpenRouter (openrouter.ai/rankings)."
    assert [(i["model_permaslug"], i["accuracy"]) for i in body["data"]][0] == ("google/gemini-3.8-flash-20260902",
                                                                              0.95637)  # the best GPQA figure


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
        "by_status": {"200": 3},
    }
    admin(stand_in, "/_admin/reset", {})
    assert admin(stand_in, "/_admin/stats") == {"requests_total": 0, "by_query": {}, "by_status": {}}


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


# --- fault kinds for hostile transport and hostile data -----------------------------------------------------------
def raw(server, **params) -> str:
    response = get(server, **params)
    assert response.status_code == 200
    return response.text


def fault(server, **spec) -> None:
    admin(server, "/_admin/faults", spec)


def test_trickle_sends_headers_at_once_then_one_byte_per_interval_then_hangs_up(stand_in):
    fault(stand_in, kind="trickle", interval_ms=50, total_s=0.4)
    started = time.monotonic()
    with httpx.stream("GET", stand_in.base_url + "/benchmarks", params={"source": "artificial-analysis"},
                      headers=AUTH, timeout=5) as response:
        headers_after = time.monotonic() - started
        assert response.status_code == 200 and int(response.headers["content-length"]) > 1000
        chunks, arrivals = [], []
        with pytest.raises(httpx.RemoteProtocolError):  # hung up after total_s with the body unfinished
            for chunk in response.iter_raw():
                chunks.append(chunk)
                arrivals.append(time.monotonic() - started)
    assert headers_after < 0.2
    assert all(len(chunk) == 1 for chunk in chunks) and 4 <= len(chunks) <= 10
    assert b"".join(chunks) == b'{"data": ['[: len(chunks)]
    assert arrivals[-1] - arrivals[0] >= 0.045 * (len(chunks) - 1)  # spaced by the interval


def test_trickle_that_outlasts_its_body_serves_the_whole_answer(stand_in):
    expected = get(stand_in, source="artificial-analysis", max_results=1).json()
    fault(stand_in, kind="trickle", interval_ms=1, total_s=30)
    assert get(stand_in, source="artificial-analysis", max_results=1).json() == expected


@pytest.mark.parametrize("status", [200, 500, 502])
@pytest.mark.parametrize("depth", [3, 100_000])
def test_nested_serves_valid_json_nested_that_deep(stand_in, status, depth):
    fault(stand_in, kind="nested", depth=depth, status=status)
    response = get(stand_in, source="artificial-analysis")
    assert response.status_code == status and response.headers["content-type"] == "application/json"
    assert response.content == b"[" * depth + b"]" * depth


def test_nested_defaults_to_a_100000_deep_200(stand_in):
    fault(stand_in, kind="nested")
    response = get(stand_in, source="artificial-analysis")
    assert response.status_code == 200 and response.content == b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("source", "field", "tokens"),
    [
        ("artificial-analysis", "intelligence_index", ["NaN", "Infinity", "-Infinity", "1e400"]),
        ("design-arena", "elo", ["NaN", "Infinity", "-Infinity", "1e400"]),
    ],
)
def test_mutate_non_finite_puts_raw_tokens_in_a_score_field(stand_in, source, field, tokens):
    fault(stand_in, kind="mutate", variant="non_finite")
    text = raw(stand_in, source=source, max_results=6)
    for token in tokens:
        assert f'"{field}": {token},' in text  # bare tokens, as a non-JavaScript server could send them
    items = json.loads(text)["data"]
    assert math.isnan(items[0][field]) and items[1][field] == math.inf and items[2][field] == -math.inf
    assert items[3][field] == math.inf and math.isfinite(items[4][field])  # only the first four changed


@pytest.mark.parametrize("value", ["1e400", "-1e400", "NaN"])
def test_mutate_non_finite_takes_one_value_and_a_field(stand_in, value):
    fault(stand_in, kind="mutate", variant="non_finite", value=value, field="win_rate")
    text = raw(stand_in, source="design-arena", max_results=3)
    assert text.count(f'"win_rate": {value},') == 1


@pytest.mark.parametrize(
    ("variant", "values"),
    [
        ("negative_price", ["-1"]),
        ("huge_price", ["1e999999", "2e18", "1e12"]),
        ("empty_price", [""]),
    ],
)
@pytest.mark.parametrize("source", ["artificial-analysis", "design-arena", "openrouter"])
def test_mutate_prices_are_served_as_the_strings_the_api_sends(stand_in, variant, values, source):
    plain = get(stand_in, source=source, max_results=5).json()["data"]
    fault(stand_in, kind="mutate", variant=variant)
    items = get(stand_in, source=source, max_results=5).json()["data"]
    for item, value in zip(items, values, strict=False):
        assert item["pricing"]["prompt"] == value and item["pricing"]["completion"] == value
    assert items[len(values):] == plain[len(values):]


def test_mutate_price_takes_a_value(stand_in):
    fault(stand_in, kind="mutate", variant="huge_price", value="2e18", items=3)
    items = get(stand_in, source="artificial-analysis", max_results=4).json()["data"]
    assert [item["pricing"]["prompt"] for item in items[:3]] == ["2e18"] * 3
    assert items[3]["pricing"]["prompt"] != "2e18"


@pytest.mark.parametrize(("source", "score"), [("artificial-analysis", "intelligence_index"),
                                               ("design-arena", "elo"), ("openrouter", "accuracy")])
def test_mutate_duplicate_serves_one_model_twice_with_different_scores(stand_in, source, score):
    fault(stand_in, kind="mutate", variant="duplicate")
    items = get(stand_in, source=source, max_results=3).json()["data"]
    assert len(items) == 4
    assert items[0]["model_permaslug"] == items[1]["model_permaslug"]
    assert items[0][score] != items[1][score]
    assert {k: v for k, v in items[0].items() if k != score} == {k: v for k, v in items[1].items() if k != score}


def test_mutate_unknown_source_serves_an_lmarena_item(stand_in):
    fault(stand_in, kind="mutate", variant="unknown_source")
    items = get(stand_in, source="design-arena", max_results=3).json()["data"]
    assert [item["source"] for item in items] == ["lmarena", "design-arena", "design-arena"]


HOSTILE = [
    '<a href="https://evil.example/phish">x</a>',
    "https://evil.example/login",
    "www.evil.example",
    "[Claim](https://evil.example/claim) ![t](https://evil.example/pixel.png)",
    "gpt\u202eevil\u202c-5",
]


@pytest.mark.parametrize("source", ["artificial-analysis", "design-arena"])
def test_mutate_hostile_text_in_names_and_categories(stand_in, source):
    fault(stand_in, kind="mutate", variant="hostile_text")
    items = get(stand_in, source=source, max_results=7).json()["data"]
    assert [item["display_name"] for item in items[:5]] == HOSTILE
    assert not any(item["display_name"] in HOSTILE for item in items[5:])
    if source == "design-arena":
        assert [item["category"] for item in items[:5]] == HOSTILE
    else:
        assert all("category" not in item for item in items)


@pytest.mark.parametrize("value", HOSTILE)
def test_mutate_hostile_text_takes_one_value(stand_in, value):
    fault(stand_in, kind="mutate", variant="hostile_text", value=value, items="all")
    items = get(stand_in, source="design-arena", max_results=4).json()["data"]
    assert {item["display_name"] for item in items} == {item["category"] for item in items} == {value}


def test_mutate_honours_count_and_match(stand_in):
    fault(stand_in, kind="mutate", variant="unknown_source", count=1, match={"source": "design-arena"})
    assert get(stand_in, source="artificial-analysis", max_results=1).json()["data"][0]["source"] != "lmarena"
    assert get(stand_in, source="design-arena", max_results=1).json()["data"][0]["source"] == "lmarena"
    assert get(stand_in, source="design-arena", max_results=1).json()["data"][0]["source"] == "design-arena"


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "mutate"},
        {"kind": "mutate", "variant": "explode"},
        {"kind": "mutate", "variant": "duplicate", "items": 0},
        {"kind": "mutate", "variant": "non_finite", "value": "{}"},
        {"kind": "nested", "depth": 0},
        {"kind": "nested", "status": 700},
        {"kind": "trickle", "interval_ms": 0},
    ],
)
def test_bad_new_fault_specs_are_400(stand_in, spec):
    assert httpx.post(stand_in.root_url + "/_admin/faults", json=spec).status_code == 400
