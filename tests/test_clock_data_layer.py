"""The data service on one fake clock, against the stand-in over real HTTP: nothing here sleeps.

An honest quota (every HTTP attempt counted, retries included), a 429 that is
not JSON, and the paths that had no test: the API marked down after a failure,
the per-dataset deadline, and the cap on when a failed refresh is tried again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from client.clock import FakeClock
from client.retries import BackoffStrategy, RetryConfig
from core.freshness import describe_failure
from service.data import DATASET_DEADLINE_S, MAX_RETRY_DELAY_S
from service.states import Freshness
from tests.conftest import admin, load_after_refresh

NONE = RetryConfig("none")


def requests_made(server) -> int:
    return admin(server, "/_admin/stats")["requests_total"]


def fault(server, **spec):
    admin(server, "/_admin/faults", spec)


def test_one_clock_stamps_ages_and_expires_everything(newer_api, make_layer):
    clock = FakeClock()
    layer = make_layer(newer_api, ttl_seconds=600, clock=clock)
    state = layer.load_dataset("artificial-analysis")
    assert state.state is Freshness.LIVE and state.dataset.fetched_at == clock.now()
    assert state.expires == clock.monotonic() + 600
    assert layer.quota.usage().day == "2026-11-25"
    clock.advance(400)
    restarted = make_layer(newer_api, ttl_seconds=600, clock=clock)  # reads the disk cache
    cached = restarted.load_dataset("artificial-analysis")
    assert cached.state is Freshness.CACHED and cached.dataset.age_seconds(clock.now()) == 400
    assert cached.expires == clock.monotonic() + 200  # what is left of its TTL, by the same clock
    assert requests_made(newer_api) == 1
    clock.advance(200)
    assert restarted.load_dataset("artificial-analysis") is cached  # past its TTL: served while it refreshes
    assert load_after_refresh(restarted, "artificial-analysis").state is Freshness.LIVE
    assert requests_made(newer_api) == 2


def test_the_quota_counts_every_attempt_retries_included(newer_api, make_layer):
    clock = FakeClock()
    layer = make_layer(newer_api, clock=clock)
    fault(newer_api, kind="status", status=503, count=3)
    assert layer.load_dataset("artificial-analysis").state is Freshness.LIVE
    usage = layer.quota.usage()
    assert requests_made(newer_api) == 4 == usage.used_today == usage.used_this_minute
    assert len(clock.sleeps) == 3  # the retry waits passed on the layer's clock


def test_a_spent_quota_stops_the_retries(newer_api, make_layer):
    layer = make_layer(newer_api, per_minute=2, clock=FakeClock())
    fault(newer_api, kind="status", status=503, count=5)
    state = layer.load_dataset("artificial-analysis")
    assert state.state is Freshness.SNAPSHOT
    assert "2 requests in the last minute" in describe_failure(state.failure)
    assert requests_made(newer_api) == 2 == layer.quota.usage().used_this_minute  # the third never left


def test_a_429_that_is_not_json_pauses_for_its_retry_after(newer_api, make_layer):
    clock = FakeClock()
    layer = make_layer(newer_api, retries=NONE, pause_after_429_seconds=60, clock=clock)
    fault(newer_api, kind="status", status=429, body="<html>Slow down</html>", content_type="text/html",
          headers={"Retry-After": "7"})
    state = layer.load_dataset("artificial-analysis")
    assert state.state is Freshness.SNAPSHOT and describe_failure(state.failure) == "Rate limited by the API (429)."
    assert layer.quota.usage().blocked_until == clock.now() + timedelta(seconds=7)  # not the 60 s default
    paused = layer.load_dataset("design-arena-models")
    assert paused.state is Freshness.SNAPSHOT and "asked us to wait" in describe_failure(paused.failure)
    assert requests_made(newer_api) == 1
    clock.advance(7.5)
    assert layer.load_dataset("design-arena-agents").state is Freshness.LIVE
    assert requests_made(newer_api) == 2


def test_after_a_failure_the_other_datasets_skip_the_api_until_the_error_ttl(newer_api, make_layer):
    clock = FakeClock()
    layer = make_layer(newer_api, retries=NONE, error_ttl_seconds=60, clock=clock)
    fault(newer_api, kind="status", status=503, count=1)  # one failure; the API is fine afterwards
    first = layer.load_dataset("artificial-analysis")
    assert first.state is Freshness.SNAPSHOT and "503" in describe_failure(first.failure)
    other = layer.load_dataset("design-arena-models")
    assert other.state is Freshness.SNAPSHOT and other.failure == first.failure  # the same failure, no request
    clock.advance(59)
    assert layer.load_dataset("openrouter").state is Freshness.SNAPSHOT
    assert requests_made(newer_api) == 1
    clock.advance(2)  # the error TTL has passed
    assert layer.load_dataset("design-arena-agents").state is Freshness.LIVE
    assert layer.load_dataset("artificial-analysis").state is Freshness.LIVE  # its own retry is due too
    assert requests_made(newer_api) == 3


def test_a_client_error_does_not_mark_the_api_down(newer_api, make_layer):
    layer = make_layer(newer_api, retries=NONE, clock=FakeClock())
    fault(newer_api, kind="status", status=401, count=1)
    assert layer.load_dataset("artificial-analysis").state is Freshness.SNAPSHOT
    assert layer.load_dataset("design-arena-models").state is Freshness.LIVE
    assert requests_made(newer_api) == 2


def test_the_per_dataset_deadline_stops_a_slow_sliced_fetch(stand_in, make_layer, monkeypatch):
    from service import datasets

    # One slice at a time: concurrent retry waits would each move the one fake clock (they overlap in
    # real time); the parallel slices have their own test on the real clock.
    monkeypatch.setattr(datasets, "SLICE_CONCURRENCY", 1)
    clock = FakeClock()
    every_3_s = RetryConfig("backoff", BackoffStrategy(3_000, 3_000, 1.0, 30_000, jitter_ms=0), True)
    layer = make_layer(stand_in, retries=every_3_s, clock=clock)
    # Every other Design Arena request fails once: each of its 14 requests then costs 3 s of retry wait.
    admin(stand_in, "/_admin/faults", {"faults": [
        {"kind": "status", "status": 503, "count": 1, "skip": n, "match": {"source": "design-arena"}}
        for n in range(30)
    ]})
    started = clock.monotonic()
    state = layer.load_dataset("design-arena-agents")
    assert state.state is Freshness.SNAPSHOT
    assert describe_failure(state.failure) == (
        f"Fetching the dataset took over {DATASET_DEADLINE_S:g} s: the API is too slow now.")
    # Ten requests took two attempts each (t = 0..30 s); the eleventh failed at 30 s, waited, and was stopped.
    assert requests_made(stand_in) == 21
    assert clock.monotonic() - started == 33
    assert layer.quota.usage().used_today == 21
    # Slow is not down: the next dataset still asks the API.
    assert layer.load_dataset("artificial-analysis").state is Freshness.LIVE


def test_a_daily_budget_spent_just_after_midnight_is_retried_within_the_hour(newer_api, make_layer):
    clock = FakeClock(datetime(2026, 11, 25, 0, 5, tzinfo=UTC))
    layer = make_layer(newer_api, per_day=1, error_ttl_seconds=60, clock=clock)
    layer.load_dataset("artificial-analysis")
    refused = layer.load_dataset("design-arena-models")
    assert refused.state is Freshness.SNAPSHOT
    assert "daily budget of 1 requests spent" in describe_failure(refused.failure)
    assert refused.expires == clock.monotonic() + MAX_RETRY_DELAY_S  # not 23 h 55 min
    clock.advance(MAX_RETRY_DELAY_S - 1)
    assert layer.load_dataset("design-arena-models") is refused  # still within its retry delay
    clock.advance(2)
    again = layer.load_dataset("design-arena-models")
    assert again is not refused and again.expires == clock.monotonic() + MAX_RETRY_DELAY_S
    assert requests_made(newer_api) == 1


def test_a_spent_minute_is_retried_when_it_resets_but_not_before_the_error_ttl(newer_api, make_layer):
    clock = FakeClock()
    quick = make_layer(newer_api, per_minute=1, error_ttl_seconds=5, clock=clock)
    quick.load_dataset("artificial-analysis")
    waiting = quick.load_dataset("design-arena-models")
    assert "1 requests in the last minute" in describe_failure(waiting.failure)
    assert waiting.expires == clock.monotonic() + 60  # when the window frees a request
    slow = make_layer(newer_api, per_minute=1, error_ttl_seconds=120, clock=FakeClock())
    slow.load_dataset("openrouter")
    assert slow.load_dataset("design-arena-agents").expires == slow.clock.monotonic() + 120  # the error TTL


def test_a_cache_file_from_a_day_ahead_counts_as_now_and_is_refreshed_after_one_ttl(newer_api, make_layer):
    clock = FakeClock()
    make_layer(newer_api, ttl_seconds=600, clock=clock).load_dataset("artificial-analysis")
    clock.set(clock.now() - timedelta(days=1))  # the system clock is set back a day
    restarted = make_layer(newer_api, ttl_seconds=600, clock=clock)
    cached = restarted.load_dataset("artificial-analysis")
    assert cached.state is Freshness.CACHED and cached.dataset.age_seconds(clock.now()) == 0  # never negative
    assert cached.expires == clock.monotonic() + 600  # one TTL from now, not a day and a TTL
    clock.advance(599)
    assert restarted.load_dataset("artificial-analysis") is cached and requests_made(newer_api) == 1
    clock.advance(2)
    assert load_after_refresh(restarted, "artificial-analysis").state is Freshness.LIVE
    assert requests_made(newer_api) == 2


def test_a_cache_file_stamped_far_in_the_future_is_not_believed(newer_api, make_layer):
    from service.store import FUTURE_STAMP_LIMIT_S

    clock = FakeClock()
    make_layer(newer_api, clock=clock).load_dataset("artificial-analysis")
    clock.set(clock.now() - timedelta(seconds=FUTURE_STAMP_LIMIT_S + 60))  # over a week back: not a clock change
    state = make_layer(newer_api, clock=clock).load_dataset("artificial-analysis")
    assert state.state is Freshness.LIVE and requests_made(newer_api) == 2
    assert state.dataset.fetched_at == clock.now()


def test_the_ttl_runs_from_when_a_slow_refresh_landed(newer_api, make_layer):
    """A refresh slower than the TTL must not land expired (an open page would start the next one at once)."""
    clock = FakeClock()
    one_second_retry = RetryConfig("backoff", BackoffStrategy(1_000, 1_000, 1.0, 5_000, jitter_ms=0), True)
    layer = make_layer(newer_api, ttl_seconds=0.5, clock=clock, retries=one_second_retry)
    fault(newer_api, kind="status", status=503, count=1)  # the refresh takes 1 s on the layer's clock
    started = clock.monotonic()
    state = layer.load_dataset("artificial-analysis")
    assert state.state is Freshness.LIVE and clock.monotonic() - started == 1
    assert state.expires == clock.monotonic() + 0.5  # not started + 0.5, already past
