"""A 429's hostile Retry-After over real HTTP: parsed or rejected, never raising; the pause is a day at most.

Everything runs on a FakeClock: nothing here sleeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from client import OpenRouter, RetryConfig, TooManyRequestsResponseError
from client.clock import FakeClock
from client.retries import BackoffStrategy
from service.quota import MAX_PAUSE_S
from service.states import Freshness
from tests.conftest import TEST_KEY, admin

NONE = RetryConfig("none")
FAST = RetryConfig("backoff", BackoffStrategy(10, 500, 1.5, 2000, jitter_ms=0), True)
PAUSE_WHEN_UNSAID = 45

# Longer than a day, in every spelling a server could use: each pauses the API for exactly MAX_PAUSE_S.
HUGE = [
    ("Retry-After", "1e12"),
    ("Retry-After", "99999999999999999999"),
    ("Retry-After", "31536000"),  # a year: no crash before, but no API use until a restart
    ("Retry-After", "86401"),
    ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"),
    ("retry-after-ms", "1e300"),
    ("retry-after-ms", "1e14"),
]
# Nothing usable: the layer's own pause after a 429 that said nothing.
UNUSABLE = [
    ("retry-after-ms", "inf"),
    ("retry-after-ms", "nan"),
    ("retry-after-ms", "-5"),
    ("Retry-After", "-1"),
    ("Retry-After", "1e999"),
    ("Retry-After", "1 Jan 99999999999999999999 00:00:00 GMT"),  # raised OverflowError in the parser before
    ("Retry-After", "Fri, 31 Dec 10000 23:59:59 GMT"),
]


def fault(server, **spec):
    admin(server, "/_admin/faults", spec)


def requests_made(server) -> int:
    return admin(server, "/_admin/stats")["requests_total"]


@pytest.mark.parametrize(("header", "value"), HUGE)
def test_the_client_reads_a_huge_retry_after_and_fails_at_once(stand_in, header, value):
    fault(stand_in, kind="status", status=429, headers={header: value})
    clock = FakeClock()
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST, clock=clock) as api, \
            pytest.raises(TooManyRequestsResponseError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert caught.value.retry_after > MAX_PAUSE_S  # read as asked; the quota guard caps the pause
    assert clock.sleeps == [] and requests_made(stand_in) == 1  # longer than one interval: no waiting


@pytest.mark.parametrize(("header", "value"), UNUSABLE)
def test_the_client_ignores_an_unusable_retry_after_and_backs_off(stand_in, header, value):
    fault(stand_in, kind="status", status=429, headers={header: value})
    clock = FakeClock()
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=FAST, clock=clock) as api:
        assert api.benchmarks.get_benchmarks(source="artificial-analysis", max_results=1).data
    assert clock.sleeps == [0.01] and requests_made(stand_in) == 2  # its own backoff, then the answer
    fault(stand_in, kind="status", status=429, headers={header: value})
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=NONE, clock=clock) as api, \
            pytest.raises(TooManyRequestsResponseError) as caught:
        api.benchmarks.get_benchmarks(source="artificial-analysis")
    assert caught.value.retry_after is None


@pytest.mark.parametrize(("header", "value"), HUGE)
def test_a_huge_retry_after_pauses_the_api_for_a_day_at_most(newer_api, make_layer, header, value):
    clock = FakeClock()
    layer = make_layer(newer_api, retries=NONE, clock=clock, pause_after_429_seconds=PAUSE_WHEN_UNSAID)
    fault(newer_api, kind="status", status=429, headers={header: value})
    state = layer.load_dataset("artificial-analysis")  # raised OverflowError before
    assert state.state is Freshness.SNAPSHOT
    until = layer.quota.usage().blocked_until
    assert isinstance(until, datetime) and until == clock.now() + timedelta(seconds=MAX_PAUSE_S)
    assert f"{until:%Y-%m-%d %H:%M:%S}" == "2026-11-26 12:00:00"  # a page can say when API use resumes
    paused = layer.load_dataset("design-arena-models")
    assert paused.state is Freshness.SNAPSHOT and requests_made(newer_api) == 1
    clock.advance(MAX_PAUSE_S)  # a day later it resumes by itself, without a restart
    assert layer.load_dataset("design-arena-agents").state is Freshness.LIVE
    assert requests_made(newer_api) == 2


@pytest.mark.parametrize(("header", "value"), UNUSABLE)
def test_an_unusable_retry_after_pauses_as_long_as_a_silent_429(newer_api, make_layer, header, value):
    clock = FakeClock()
    layer = make_layer(newer_api, retries=NONE, clock=clock, pause_after_429_seconds=PAUSE_WHEN_UNSAID)
    fault(newer_api, kind="status", status=429, headers={header: value})
    assert layer.load_dataset("artificial-analysis").state is Freshness.SNAPSHOT
    assert layer.quota.usage().blocked_until == clock.now() + timedelta(seconds=PAUSE_WHEN_UNSAID)
