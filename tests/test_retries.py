"""Retry policy with a fake clock: no real sleeps."""

import math
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client.clock import FakeClock
from client.errors import InternalServerResponseError, TooManyRequestsResponseError
from client.retries import (
    DEFAULT_RETRY_CONFIG,
    BackoffStrategy,
    Retrier,
    RetryableFailure,
    RetryConfig,
    backoff_interval,
    parse_retry_after,
)
from service.quota import QuotaExceeded

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": " 2.5 "}, 2.5),
        ({"Retry-After": "0"}, 0.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),  # ms wins, as in the SDK
        ({"retry-after-ms": "junk", "Retry-After": "9"}, 9.0),
        ({"Retry-After": "Wed, 25 Nov 2026 12:00:30 GMT"}, 30.0),
        ({"Retry-After": "Wed, 25 Nov 2026 11:00:00 GMT"}, 0.0),  # past date: go now
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "-5"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": ""}, None),
        ({"Retry-After": "99999999"}, 99999999.0),  # huge: parsed, then refused by the cap
        ({}, None),
        # Hostile values: each parsed to a finite number of seconds or rejected (None), never raising.
        ({"Retry-After": "1e12"}, 1e12),
        ({"Retry-After": "99999999999999999999"}, 1e20),
        ({"Retry-After": "31536000"}, 31536000.0),  # a year: parsed; the quota guard caps the pause
        ({"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}, (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
                                                            - NOW).total_seconds()),
        ({"Retry-After": "Fri, 31 Dec 9999 23:59:59 -2359"}, (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
                                                              - NOW).total_seconds() + 86340),
        ({"Retry-After": "1 Jan 99999999999999999999 00:00:00 GMT"}, None),  # OverflowError before
        ({"Retry-After": "Fri, 31 Dec 10000 23:59:59 GMT"}, None),
        ({"Retry-After": "Mon, 01 Jan 0001 00:00:00 +2359"}, 0.0),  # read as 2001: past
        ({"Retry-After": "Fri, 99 Dec 2026 23:59:59 GMT"}, None),
        ({"Retry-After": "1" + "0" * 5000}, None),  # too long to be a float
        ({"Retry-After": "1e999"}, None),  # inf as a float
        ({"Retry-After": "-1e12"}, None),
        ({"Retry-After": "-0"}, None),
        ({"Retry-After": "Infinity"}, None),
        ({"Retry-After": "1_000"}, None),  # float() reads it; the header's grammar does not
        ({"Retry-After": "\u0663"}, None),  # an Arabic-Indic 3: float() reads it too
        ({"Retry-After": "0x10"}, None),
        ({"Retry-After": "5, 7"}, None),  # two headers folded into one
        ({"retry-after-ms": "1e300"}, 1e297),
        ({"retry-after-ms": "1e14"}, 1e11),
        ({"retry-after-ms": "inf", "Retry-After": "3"}, 3.0),
        ({"retry-after-ms": "nan", "Retry-After": "3"}, 3.0),
        ({"retry-after-ms": "-250", "Retry-After": "3"}, 3.0),
        ({"retry-after-ms": "1e999"}, None),
        ({"retry-after-ms": "nan"}, None),
        ({"retry-after-ms": "-1"}, None),
    ],
)
def test_parse_retry_after(headers, expected):
    assert parse_retry_after(headers, now=lambda: NOW) == expected


@given(ms=st.one_of(st.none(), st.text(max_size=60)), plain=st.one_of(st.none(), st.text(max_size=60)))
def test_parse_retry_after_never_raises_and_is_finite(ms, plain):
    headers = {name: value for name, value in (("retry-after-ms", ms), ("Retry-After", plain)) if value is not None}
    seconds = parse_retry_after(headers, now=lambda: NOW)
    assert seconds is None or (math.isfinite(seconds) and seconds >= 0)


@pytest.mark.parametrize("when", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)])
def test_parse_retry_after_on_a_clock_at_either_end_of_the_calendar(when):
    for value in ("Fri, 31 Dec 9999 23:59:59 -2359", "Mon, 01 Jan 0001 00:00:00 +2359", "7"):
        seconds = parse_retry_after({"Retry-After": value}, now=lambda when=when: when)
        assert seconds is None or (math.isfinite(seconds) and seconds >= 0)


def failing(times: int, retry_after: float | None = None, cost: float = 0.0, fake: FakeClock | None = None):
    calls = {"n": 0}

    def attempt():
        calls["n"] += 1
        if fake is not None:
            fake.advance(cost)
        if calls["n"] <= times:
            error = InternalServerResponseError("boom", status_code=500)
            raise RetryableFailure(error, retry_after)
        return "ok"

    return attempt, calls


def test_backoff_grows_by_exponent_and_is_capped():
    strategy = BackoffStrategy(initial_interval=500, max_interval=4000, exponent=2, jitter_ms=0)
    waits = [backoff_interval(strategy, attempt, rand=0.0) for attempt in range(6)]
    assert waits == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_jitter_is_added_within_bound():
    strategy = BackoffStrategy(initial_interval=1000, max_interval=9000, exponent=1.5, jitter_ms=400)
    assert backoff_interval(strategy, 0, rand=0.5) == pytest.approx(1.2)


def test_retries_until_success_with_growing_waits():
    fake = FakeClock()
    config = RetryConfig("backoff", BackoffStrategy(500, 8000, 1.5, 30000, jitter_ms=0))
    attempt, calls = failing(3)
    assert Retrier(config, fake, rand=lambda: 0.0).run(attempt) == "ok"
    assert calls["n"] == 4
    assert fake.sleeps == [0.5, 0.75, 1.125]


def test_total_budget_stops_retrying_and_raises_last_error():
    fake = FakeClock()
    attempt, calls = failing(10_000, cost=1.0, fake=fake)
    with pytest.raises(InternalServerResponseError):
        Retrier(DEFAULT_RETRY_CONFIG, fake, rand=lambda: 0.99).run(attempt)
    assert fake.monotonic() - 1000.0 <= 30.0
    assert calls["n"] > 3


def test_default_budget_is_at_most_thirty_seconds_even_if_asked_for_an_hour():
    fake = FakeClock()
    config = RetryConfig("backoff", BackoffStrategy(500, 60000, 1.5, 3_600_000))
    attempt, _ = failing(10_000)
    with pytest.raises(InternalServerResponseError):
        Retrier(config, fake, rand=lambda: 0.5).run(attempt)
    assert fake.monotonic() - 1000.0 <= 30.0


def test_retry_after_is_honoured_exactly():
    fake = FakeClock()
    attempt, calls = failing(2, retry_after=3.0)
    Retrier(DEFAULT_RETRY_CONFIG, fake).run(attempt)
    assert fake.sleeps == [3.0, 3.0]


def test_retry_after_longer_than_the_cap_fails_at_once():
    fake = FakeClock()
    error = TooManyRequestsResponseError("slow down", status_code=429, headers={"Retry-After": "3600"},
                                         retry_after=3600.0)

    def attempt():
        raise RetryableFailure(error, 3600.0)

    with pytest.raises(TooManyRequestsResponseError) as caught:
        Retrier(DEFAULT_RETRY_CONFIG, fake).run(attempt)
    assert fake.sleeps == []
    assert caught.value.retry_after == 3600.0


def test_strategy_none_makes_one_attempt():
    fake = FakeClock()
    attempt, calls = failing(1)
    with pytest.raises(InternalServerResponseError):
        Retrier(RetryConfig("none"), fake).run(attempt)
    assert calls["n"] == 1 and fake.sleeps == []


def test_connection_errors_not_retried_when_switched_off():
    fake = FakeClock()
    calls = {"n": 0}

    def attempt():
        calls["n"] += 1
        raise RetryableFailure(ConnectionError("refused"), connection=True)

    config = RetryConfig("backoff", BackoffStrategy(), retry_connection_errors=False)
    with pytest.raises(ConnectionError):
        Retrier(config, fake).run(attempt)
    assert calls["n"] == 1


def test_before_attempt_runs_before_every_attempt_retries_included():
    fake = FakeClock()
    seen: list[float] = []
    attempt, calls = failing(3)
    config = RetryConfig("backoff", BackoffStrategy(500, 8000, 2, 30000, jitter_ms=0))
    assert Retrier(config, fake, before_attempt=lambda: seen.append(fake.monotonic())).run(attempt) == "ok"
    assert calls["n"] == 4 and seen == [1000.0, 1000.5, 1001.5, 1003.5]  # each one after its wait
    once: list[int] = []
    Retrier(RetryConfig("none"), fake, before_attempt=lambda: once.append(1)).run(failing(0)[0])
    assert once == [1]


def test_an_exception_from_before_attempt_stops_retrying_and_propagates():
    fake = FakeClock()
    allowed = iter([True, True])

    def quota():
        if not next(allowed, False):
            raise QuotaExceeded("spent", fake.now(), fake)

    attempt, calls = failing(10)
    with pytest.raises(QuotaExceeded, match="spent"):
        Retrier(DEFAULT_RETRY_CONFIG, fake, rand=lambda: 0.0, before_attempt=quota).run(attempt)
    assert calls["n"] == 2 and len(fake.sleeps) == 2  # no third request, no further wait
