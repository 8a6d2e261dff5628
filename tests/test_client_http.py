"""The client against the stand-in over real HTTP: errors, headers, retries, secrecy."""

from __future__ import annotations

import logging
import pickle
import socket
import time
from datetime import timedelta
from decimal import Decimal
from email.utils import format_datetime

import pytest

from client import (
    APIConnectionError,
    APITimeoutError,
    BackoffStrategy,
    BadRequestResponseError,
    InternalServerResponseError,
    OpenRouter,
    OpenRouterDefaultError,
    OpenRouterError,
    ResponseValidationError,
    RetryConfig,
    TooManyRequestsResponseError,
    UnauthorizedResponseError,
)
from client.clock import FakeClock
from client.models import ArtificialAnalysisItem, DesignArenaItem, GenericItem
from client.query import BenchmarkQuery
from tests.conftest import TEST_KEY, admin

FAST = RetryConfig("backoff", BackoffStrategy(10, 500, 1.5, 2000, jitter_ms=0), True)
NONE = RetryConfig("none")
QUERY = BenchmarkQuery(source="artificial-analysis", max_results=2)


@pytest.fixture
def api(stand_in):
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=NONE) as client:
        yield client


def fault(server, **spec):
    admin(server, "/_admin/faults", spec)


def requests_made(server) -> int:
    return admin(server, "/_admin/stats")["requests_total"]


def test_artificial_analysis_figures_arrive_exactly(api):
    res = api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=100)
    assert len(res.data) == 100 and res.meta.citation.startswith("Source: Artificial Analysis")
    fable = next(i for i in res.data if i.model_permaslug == "anthropic/claude-5-fable-20260609")
    assert isinstance(fable, ArtificialAnalysisItem)
    assert (fable.intelligence_index, fable.coding_index, fable.agentic_index) == (62.1, 76.5, 56.6)
    assert fable.pricing.prompt == Decimal("0.00001")
    assert fable.pricing.completion_per_million == Decimal("50")


def test_design_arena_filters_reach_the_server(api, stand_in):
    res = api.benchmarks.get_benchmarks(source="design-arena", arena="agents",
                                        category="agenticslides(html)", max_results=5)
    assert {i.category for i in res.data} == {"agenticslides(html)"}
    assert all(isinstance(i, DesignArenaItem) for i in res.data)
    stats = admin(stand_in, "/_admin/stats")["by_query"]
    assert stats == {"arena=agents&category=agenticslides(html)&max_results=5&source=design-arena": 1}


@pytest.mark.parametrize("bad", [0, 101, -3, 10**9, 2.5, "10", True])
def test_bad_max_results_raises_before_any_request(api, stand_in, bad):
    with pytest.raises(ValueError, match="max_results"):
        api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=bad)
    assert requests_made(stand_in) == 0


def test_unknown_enum_values_are_sent_and_judged_by_the_api(api, stand_in):
    with pytest.raises(BadRequestResponseError) as caught:
        api.benchmarks.get_benchmarks(source="hugging-face")
    assert caught.value.status_code == 400
    assert "Invalid source" in caught.value.message
    assert requests_made(stand_in) == 1


def test_headers_received_by_the_server(stand_in):
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, http_referer="https://example.test",
                    x_open_router_title="Bench Board", x_open_router_categories="cli-agent,cloud-agent") as api:
        api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=1,
                                      http_headers={"X-Extra": "1"})
    headers = {k.lower(): v for k, v in admin(stand_in, "/_admin/received")[0]["headers"].items()}
    assert headers["has-bearer"] == "True"
    assert headers["http-referer"] == "https://example.test"
    assert headers["x-openrouter-title"] == "Bench Board"
    assert headers["x-openrouter-categories"] == "cli-agent,cloud-agent"
    assert headers["user-agent"].startswith("openrouter-benchmarks-dashboard/")
    assert headers["accept"] == "application/json"
    assert headers["x-extra"] == "1"


def test_missing_key_is_unauthorized(stand_in, monkeypatch):
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    with OpenRouter(api_key="", server_url=stand_in.base_url) as api, \
            pytest.raises(UnauthorizedResponseError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert caught.value.status_code == 401


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, BadRequestResponseError),
        (401, UnauthorizedResponseError),
        (403, OpenRouterDefaultError),
        (404, OpenRouterDefaultError),
        (429, TooManyRequestsResponseError),
        (500, InternalServerResponseError),
        (502, OpenRouterDefaultError),
        (503, OpenRouterDefaultError),
    ],
)
def test_every_status_maps_to_its_error_type(api, stand_in, status, error_type):
    fault(stand_in, kind="status", status=status, headers={"Retry-After": "4"})
    with pytest.raises(error_type) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    error = caught.value
    assert type(error) is error_type
    assert error.status_code == status
    assert error.body and error.headers.get("retry-after") == "4"
    if status == 429:
        assert error.retry_after == 4.0


def test_non_json_error_body_is_the_default_error(api, stand_in):
    fault(stand_in, kind="status", status=502, body="<html>Bad gateway</html>", content_type="text/html")
    with pytest.raises(OpenRouterDefaultError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert "Status 502" in caught.value.message and "Bad gateway" in caught.value.message


@pytest.mark.parametrize("kind", ["non_json", "truncated_json"])
def test_a_200_that_is_not_the_contract_is_a_validation_error(api, stand_in, kind):
    fault(stand_in, kind=kind)
    with pytest.raises(ResponseValidationError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert caught.value.status_code == 200


def test_schema_drift_extra_fields_tolerated(api, stand_in):
    fault(stand_in, kind="drift", variant="extra_fields")
    res = api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=5)
    assert len(res.data) == 5 and res.dropped_count == 0
    assert res.data[0].model_extra["new_metric"] == 0.5


def test_schema_drift_unknown_source_kept_as_generic_items(api, stand_in):
    fault(stand_in, kind="drift", variant="unknown_source")
    res = api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=5)
    assert [type(i) for i in res.data] == [GenericItem] * 5
    assert res.data[0].source == "new-benchmark-co"


def test_schema_drift_numbers_as_strings_still_parse(api, stand_in):
    fault(stand_in, kind="drift", variant="numbers_as_strings")
    res = api.benchmarks.get_benchmarks(source="design-arena", category="gamedev", max_results=3)
    assert res.dropped_count == 0 and res.data[0].elo == 1431.0


def test_malformed_items_are_dropped_and_counted(api, stand_in):
    fault(stand_in, kind="drift", variant="missing_field")
    res = api.benchmarks.get_benchmarks(source="design-arena", category="gamedev", max_results=4)
    assert res.data == () and res.dropped_count == 4
    assert "elo" in res.dropped[0].reason and res.dropped[0].model_permaslug


def test_nulls_everywhere_drop_every_item_but_keep_the_response(api, stand_in):
    fault(stand_in, kind="drift", variant="nulls")
    res = api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=3)
    assert res.data == () and res.dropped_count == 3 and res.meta.source == "artificial-analysis"


def test_hang_times_out_within_the_timeout(api, stand_in):
    fault(stand_in, kind="hang", seconds=5)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        api.benchmarks.get_benchmarks(source="artificial-analysis", timeout_ms=300)
    assert time.monotonic() - started < 2


def test_refused_connection_is_a_connection_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with OpenRouter(api_key=TEST_KEY, server_url=f"http://127.0.0.1:{port}/api/v1",
                    retry_config=NONE) as api, pytest.raises(APIConnectionError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert isinstance(caught.value, OpenRouterError) and caught.value.status_code is None


def test_5xx_is_retried_then_succeeds(stand_in):
    fault(stand_in, kind="status", status=503, count=2)
    clock = FakeClock()
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST, clock=clock) as api:
        res = api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=2)
    assert len(res.data) == 2
    assert requests_made(stand_in) == 3
    assert clock.sleeps == [0.01, 0.015]  # the backoff waited on the client's clock, not for real


def test_429_is_retried_after_the_delay_it_asks_for(stand_in):
    fault(stand_in, kind="status", status=429, headers={"retry-after-ms": "120"})
    clock = FakeClock()
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST, clock=clock) as api:
        api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=2)
    assert clock.sleeps == [0.12]
    assert requests_made(stand_in) == 2


def test_a_429_that_is_not_json_keeps_its_retry_after(api, stand_in):
    fault(stand_in, kind="status", status=429, body="<html>Too many requests</html>", content_type="text/html",
          headers={"Retry-After": "7"})
    with pytest.raises(TooManyRequestsResponseError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    error = caught.value
    assert error.status_code == 429 and error.retry_after == 7.0
    assert "Status 429" in error.message and "Too many requests" in error.message
    copy = pickle.loads(pickle.dumps(error))  # errors may be cached: the wait survives a round trip
    assert type(copy) is TooManyRequestsResponseError and copy.retry_after == 7.0 and copy.status_code == 429


def test_a_retry_after_date_is_read_on_the_clients_clock(stand_in):
    clock = FakeClock()
    when = format_datetime(clock.now() + timedelta(seconds=30), usegmt=True)
    fault(stand_in, kind="status", status=429, headers={"Retry-After": when})
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=NONE, clock=clock) as api, \
            pytest.raises(TooManyRequestsResponseError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert caught.value.retry_after == 30.0


def test_before_attempt_sees_every_attempt_and_can_stop_them(stand_in):
    fault(stand_in, kind="status", status=503, count=3)
    seen = []
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST, clock=FakeClock()) as api:
        api.benchmarks.fetch(QUERY, before_attempt=lambda: seen.append(1))
        assert len(seen) == requests_made(stand_in) == 4  # three 503s and the answer

        fault(stand_in, kind="status", status=503, count=3)

        def refuse_the_second():
            if len(seen) == 5:
                raise RuntimeError("budget spent")
            seen.append(1)

        with pytest.raises(RuntimeError, match="budget spent"):
            api.benchmarks.fetch(QUERY, before_attempt=refuse_the_second)
    assert requests_made(stand_in) == 5  # the refused attempt was never sent


def test_per_call_retries_none_overrides_the_default(stand_in):
    fault(stand_in, kind="status", status=500, count=3)
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST) as api, \
            pytest.raises(InternalServerResponseError):
        api.benchmarks.get_benchmarks(source="artificial-analysis", retries=NONE)
    assert requests_made(stand_in) == 1


def test_4xx_is_not_retried(stand_in):
    fault(stand_in, kind="status", status=400, count=3)
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST) as api, \
            pytest.raises(BadRequestResponseError):
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert requests_made(stand_in) == 1


def test_base_url_from_env(stand_in, monkeypatch):
    monkeypatch.setenv("OPENROUTER_BASE_URL", stand_in.base_url)
    with OpenRouter(api_key=TEST_KEY) as api:
        res = api.benchmarks.get_benchmarks(source="design-arena", max_results=1)
    assert res.data[0].source == "design-arena"
    assert requests_made(stand_in) == 1


def test_key_never_appears_in_errors_or_logs(stand_in, caplog):
    caplog.set_level(logging.DEBUG)
    echo = {"error": {"code": 401, "message": f"Key {TEST_KEY} is not valid"}}
    fault(stand_in, kind="status", status=401, body=echo)
    fault(stand_in, kind="status", status=503, body=f"upstream saw {TEST_KEY}")
    fault(stand_in, kind="non_json")
    fault(stand_in, kind="hang", seconds=3)
    seen = []
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=NONE) as api:
        for _ in range(4):
            with pytest.raises(OpenRouterError) as caught:
                api.benchmarks.get_benchmarks(source="artificial-analysis", timeout_ms=300)
            seen.append(caught.value)
        assert TEST_KEY not in repr(api)
    assert [type(e).__name__ for e in seen] == [
        "UnauthorizedResponseError", "OpenRouterDefaultError", "ResponseValidationError", "APITimeoutError"
    ]
    for error in seen:
        for text in (str(error), repr(error), error.message, error.body, str(dict(error.headers))):
            assert TEST_KEY not in text
    assert "[redacted]" in seen[0].message
    assert caplog.records, "the client logs its requests"
    assert all(TEST_KEY not in record.getMessage() for record in caplog.records)
