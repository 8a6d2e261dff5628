"""The client's limits over real HTTP against the stand-in: a total deadline, a body cap, deep JSON, the key.

Only the deadline test takes real seconds (about 3 in all); nothing else waits.
"""

from __future__ import annotations

import json
import math
import time

import httpx
import pytest

from client import (
    APITimeoutError,
    InternalServerResponseError,
    OpenRouter,
    OpenRouterDefaultError,
    OpenRouterError,
    ResponseValidationError,
    RetryConfig,
    TooManyRequestsResponseError,
)
from client.errors import REDACTED
from client.sdk import MAX_ERROR_BODY_BYTES, READ_CHUNK_BYTES
from service.states import Freshness
from tests.conftest import TEST_KEY, admin

NONE = RetryConfig("none")
META = {"as_of": "2026-08-28T18:19:35.242Z", "version": "v1", "model_count": 1}


def fault(server, **spec):
    admin(server, "/_admin/faults", spec)


def api_for(server, **options) -> OpenRouter:
    return OpenRouter(api_key=TEST_KEY, server_url=server.base_url, retry_config=NONE, **options)


# --- 2. one total deadline per request ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("timeout_ms", "interval_ms"),
    [(2000, 500), (500, 100), (1000, 50)],  # every read is quick: only a total deadline stops these
)
def test_a_trickling_body_fails_at_the_total_deadline(stand_in, timeout_ms, interval_ms):
    fault(stand_in, kind="trickle", interval_ms=interval_ms, total_s=30)
    with api_for(stand_in) as api:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=f"within {timeout_ms / 1000:g} s"):
            api.benchmarks.get_benchmarks(source="artificial-analysis", timeout_ms=timeout_ms)
        elapsed = time.monotonic() - started
    assert timeout_ms / 1000 - 0.05 <= elapsed <= timeout_ms / 1000 + 1.0  # 2 s: at most 3 s, not 30


# --- 3. deeply nested JSON, and numbers past a float --------------------------------------------------------------
@pytest.mark.parametrize("depth", [5_000, 100_000, 1_000_000])
@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (200, ResponseValidationError),
        (500, OpenRouterDefaultError),  # JSON, but not the API's error shape
        (502, OpenRouterDefaultError),
        (429, TooManyRequestsResponseError),
    ],
)
def test_deeply_nested_json_is_not_the_contract(stand_in, depth, status, error_type):
    fault(stand_in, kind="nested", depth=depth, status=status, headers={"Retry-After": "3"})
    with api_for(stand_in) as api, pytest.raises(OpenRouterError) as caught:  # RecursionError before
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert type(caught.value) is error_type and caught.value.status_code == status
    if status == 200:
        assert "nested too deeply" in caught.value.message


def test_deeply_nested_json_leaves_the_layer_on_its_last_good_data(newer_api, make_layer):
    layer = make_layer(newer_api, retries=NONE)
    fault(newer_api, kind="nested", depth=100_000)
    state = layer.load_dataset("artificial-analysis")
    assert state.state is Freshness.SNAPSHOT and state.dataset.items


def aa_item(**fields) -> dict:
    return {"source": "artificial-analysis", "model_permaslug": "x/y", "display_name": "X: Y",
            "intelligence_index": 50, "coding_index": None, "agentic_index": None, **fields}


@pytest.mark.parametrize("literal", ["1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity"])
def test_numbers_past_a_float_parse(stand_in, literal):
    body = json.dumps({"data": [aa_item(intelligence_index=0)], "meta": META}).replace(
        '"intelligence_index": 0', f'"intelligence_index": {literal}')
    fault(stand_in, kind="status", status=200, body=body, content_type="application/json")
    with api_for(stand_in) as api:
        res = api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert len(res.data) + res.dropped_count == 1  # kept or dropped, the response parses
    value = res.data[0].intelligence_index if res.data else None
    assert value is None or math.isnan(value) or value == float(literal)


@pytest.mark.parametrize("body", [
    json.dumps({"data": [], "meta": {**META, "model_count": 0}}).replace('"model_count": 0', '"model_count": 1e400'),
    json.dumps({"data": [aa_item(intelligence_index=0)], "meta": META}).replace(
        '"intelligence_index": 0', '"intelligence_index": 1' + "0" * 5000),  # past Python's int-digit limit
])
def test_numbers_that_cannot_be_read_are_not_the_contract(stand_in, body):
    fault(stand_in, kind="status", status=200, body=body, content_type="application/json")
    with api_for(stand_in) as api, pytest.raises(ResponseValidationError):
        api.benchmarks.get_benchmarks(source="artificial-analysis")


def test_mutated_non_finite_scores_from_the_stand_in_parse(stand_in):
    fault(stand_in, kind="mutate", variant="non_finite")
    with api_for(stand_in) as api:
        res = api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=6)
    assert len(res.data) + res.dropped_count == 6


# --- 4. a body over the limit is cut while it streams -------------------------------------------------------------
class CountingTransport(httpx.BaseTransport):
    """A real HTTP transport that counts the body bytes the client pulled through it."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.read = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        counter = self

        class Counted(httpx.SyncByteStream):
            def __iter__(self):
                for chunk in response.stream:
                    counter.read += len(chunk)
                    yield chunk

            def close(self) -> None:
                response.stream.close()

        return httpx.Response(response.status_code, headers=response.headers, stream=Counted(),
                              extensions=response.extensions)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize(("limit", "size"), [(1_000_000, 3_000_000), (256 * 1024, 5_000_000), (100_000, 2_000_000)])
def test_a_body_over_the_limit_is_cut_while_it_streams(stand_in, limit, size):
    fault(stand_in, kind="oversized", size_bytes=size)
    counting = CountingTransport()
    with httpx.Client(transport=counting) as http, api_for(stand_in, client=http, max_body_bytes=limit) as api, \
            pytest.raises(ResponseValidationError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=2)
    assert f"{limit:,}-byte limit" in caught.value.message
    assert limit < counting.read <= limit + READ_CHUNK_BYTES  # not the whole body: it was read whole before


def test_a_body_under_the_limit_is_read_whole(stand_in):
    fault(stand_in, kind="oversized", size_bytes=900_000)
    with api_for(stand_in, max_body_bytes=1_000_000) as api:
        assert len(api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=2).data) == 2


@pytest.mark.parametrize(("status", "error_type"), [(500, OpenRouterDefaultError), (429, TooManyRequestsResponseError),
                                                    (503, OpenRouterDefaultError)])
def test_a_huge_error_body_is_cut_and_keeps_its_type(stand_in, status, error_type):
    fault(stand_in, kind="status", status=status, body="<html>" + "x" * 4_000_000, content_type="text/html",
          headers={"Retry-After": "2"})
    counting = CountingTransport()
    with httpx.Client(transport=counting) as http, api_for(stand_in, client=http) as api, \
            pytest.raises(OpenRouterError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    error = caught.value
    assert type(error) is error_type and error.status_code == status
    assert counting.read <= MAX_ERROR_BODY_BYTES + READ_CHUNK_BYTES
    assert error.body.endswith(f"[cut at {MAX_ERROR_BODY_BYTES:,} bytes]")
    if status == 429:
        assert error.retry_after == 2.0


def test_a_json_error_over_the_cap_is_still_typed_by_its_message(stand_in):
    body = {"error": {"code": 500, "message": "boom"}}
    fault(stand_in, kind="status", status=500, body=body)
    with api_for(stand_in) as api, pytest.raises(InternalServerResponseError, match="boom"):
        api.benchmarks.get_benchmarks(source="artificial-analysis")


# --- 5. the key is redacted before any text is cut ----------------------------------------------------------------
def leaked(text: str) -> bool:
    """Any 8 consecutive characters of the key."""
    return any(TEST_KEY[i:i + 8] in text for i in range(len(TEST_KEY) - 7))


@pytest.mark.parametrize("position", [0, 100, 172, 180, 190, 199, 200, 400, "end"])
@pytest.mark.parametrize("status", [200, 502])
def test_an_echoed_key_is_redacted_before_the_text_is_cut(stand_in, position, status):
    at = 600 if position == "end" else position
    page = "." * at + TEST_KEY + ("" if position == "end" else "." * 600)
    assert page.index(TEST_KEY) == at
    fault(stand_in, kind="status", status=status, body=page, content_type="text/html")
    with api_for(stand_in) as api, pytest.raises(OpenRouterError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    error = caught.value
    assert error.status_code == status
    for text in (str(error), repr(error), error.message, error.body):
        assert not leaked(text), text
    assert REDACTED in error.body
    if position != "end" and position <= 180:
        assert REDACTED in error.message  # what is shown of the body starts with the key, redacted


@pytest.mark.parametrize("offset", [-len(TEST_KEY), -20, -1, 0])
@pytest.mark.parametrize("status", [502, 429])
def test_a_key_crossing_the_cut_of_a_huge_error_body_is_redacted(stand_in, offset, status):
    at = MAX_ERROR_BODY_BYTES + offset
    page = "." * at + TEST_KEY + "." * 200_000
    fault(stand_in, kind="status", status=status, body=page, content_type="text/html")
    with api_for(stand_in) as api, pytest.raises(OpenRouterError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    error = caught.value
    assert error.status_code == status and "[cut at" in error.body
    for text in (str(error), repr(error), error.message, error.body):
        assert not leaked(text)
    assert (REDACTED in error.body) == (offset <= -4)  # a 1-3 character stub says nothing of the key
