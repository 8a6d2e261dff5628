"""Quota guard on a fake clock, and where settings come from."""

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from client.clock import FakeClock
from service.quota import MAX_PAUSE_S, UNKNOWN_PAUSE_S, QuotaExceeded, QuotaGuard
from service.settings import Settings

T0 = datetime(2026, 11, 25, 23, 59, 0, tzinfo=UTC)


def test_rolling_minute_window():
    clock = FakeClock(T0 - timedelta(hours=1))
    guard = QuotaGuard(per_minute=3, per_day=100, clock=clock)
    for _ in range(3):
        guard.acquire()
        clock.advance(10)
    with pytest.raises(QuotaExceeded) as caught:
        guard.acquire()
    assert caught.value.resets_at == T0 - timedelta(hours=1) + timedelta(seconds=60)
    assert caught.value.seconds_left == 30.0
    clock.advance(30.5)  # the first request left the window
    guard.acquire()
    assert guard.usage().used_this_minute == 3 and guard.usage().used_today == 4


def test_daily_budget_resets_at_utc_midnight_and_persists(tmp_path: Path):
    clock = FakeClock(T0)
    state = tmp_path / "quota.json"
    guard = QuotaGuard(per_minute=100, per_day=2, state_file=state, clock=clock)
    guard.acquire()
    guard.acquire()
    with pytest.raises(QuotaExceeded) as caught:
        guard.acquire()
    assert caught.value.resets_at == datetime(2026, 11, 26, tzinfo=UTC)
    assert caught.value.seconds_left == 60.0  # on the guard's clock, not the real one
    assert QuotaGuard(per_day=2, state_file=state, clock=clock).usage().used_today == 2
    clock.advance(120)  # past midnight UTC
    guard.acquire()
    assert guard.usage().day == "2026-11-26" and guard.usage().used_today == 1


def test_blocked_after_429():
    clock = FakeClock(T0)
    guard = QuotaGuard(clock=clock)
    guard.block_for(30)
    with pytest.raises(QuotaExceeded, match="429") as caught:
        guard.acquire()
    assert caught.value.seconds_left == 30.0
    assert guard.usage().blocked_until == T0 + timedelta(seconds=30)
    clock.advance(31)
    guard.acquire()
    assert guard.usage().used_today == 1 and guard.usage().blocked_until is None


@pytest.mark.parametrize(
    "seconds",
    [86_401, 31_536_000, 1e12, 1e20, 1e297, sys.float_info.max, float("inf"), pytest.param(10**400, id="10**400")],
)
def test_a_pause_after_a_429_is_capped_at_a_day_and_its_end_is_a_date(seconds):
    assert MAX_PAUSE_S == 86_400
    clock = FakeClock(T0)
    guard = QuotaGuard(clock=clock)
    guard.block_for(seconds)  # never raises
    until = guard.usage().blocked_until
    assert isinstance(until, datetime) and until == T0 + timedelta(seconds=MAX_PAUSE_S)
    assert f"{until:%H:%M:%S}" == "23:59:00"  # what the status page prints
    with pytest.raises(QuotaExceeded) as caught:
        guard.acquire()
    assert caught.value.resets_at == until and caught.value.seconds_left == MAX_PAUSE_S
    clock.advance(MAX_PAUSE_S - 1)
    with pytest.raises(QuotaExceeded):
        guard.acquire()
    clock.advance(1)  # a day later, API use resumes by itself, no restart
    guard.acquire()
    assert guard.usage().blocked_until is None


@pytest.mark.parametrize(
    ("seconds", "paused"),
    [(float("nan"), UNKNOWN_PAUSE_S), (-1, None), (-1e300, None), (float("-inf"), None), (0, None), (0.5, 0.5)],
)
def test_a_pause_of_any_float_never_raises(seconds, paused):
    clock = FakeClock(T0)
    guard = QuotaGuard(clock=clock)
    guard.block_for(seconds)
    until = guard.usage().blocked_until
    assert until == (None if paused is None else T0 + timedelta(seconds=paused))
    if paused is None:
        guard.acquire()


def test_a_shorter_or_hostile_pause_never_shortens_a_running_one():
    clock = FakeClock(T0)
    guard = QuotaGuard(clock=clock)
    guard.block_for(600)
    for seconds in (5, float("nan"), -1e300, float("-inf")):
        guard.block_for(seconds)
    assert guard.usage().blocked_until == T0 + timedelta(seconds=600)
    guard.block_for(float("inf"))
    assert guard.usage().blocked_until == T0 + timedelta(seconds=MAX_PAUSE_S)


def test_corrupt_quota_file_starts_from_zero(tmp_path: Path):
    state = tmp_path / "quota.json"
    state.write_text("{{{")
    guard = QuotaGuard(state_file=state, clock=FakeClock(T0))
    assert guard.usage().used_today == 0
    guard.acquire()
    assert json.loads(state.read_text())["count"] == 1  # rewritten


def test_settings_from_env_then_secrets_and_key_never_in_repr(tmp_path):
    env = {"BENCHMARKS_CACHE_TTL": "120", "BENCHMARKS_CACHE_DIR": str(tmp_path), "OPENROUTER_BASE_URL": "http://x"}
    settings = Settings.from_env(env, secrets={"OPENROUTER_API_KEY": "sk-from-secrets"})
    assert settings.api_key == "sk-from-secrets" and settings.ttl_seconds == 120
    assert settings.cache_dir == tmp_path and not settings.uses_snapshot_only
    assert "sk-from-secrets" not in repr(settings)
    assert Settings.from_env({**env, "OPENROUTER_API_KEY": "sk-env"}, {"OPENROUTER_API_KEY": "x"}).api_key == "sk-env"
    assert Settings.from_env({"OPENROUTER_API_KEY": "k", "BENCHMARKS_OFFLINE": "1"}).uses_snapshot_only
    assert Settings.from_env({}).uses_snapshot_only
    assert Settings.from_env({"XDG_CACHE_HOME": "/c"}).cache_dir == Path("/c/openrouter-benchmarks-dashboard")
    with pytest.raises(ValueError, match="BENCHMARKS_CACHE_TTL"):
        Settings.from_env({"BENCHMARKS_CACHE_TTL": "an hour"})
