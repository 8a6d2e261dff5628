"""Numbers from the environment are refused at start, with one message naming the variable and its range."""

from __future__ import annotations

import pytest

from service.settings import RANGES, Settings, SettingsError


@pytest.mark.parametrize(("name", "raw", "accepted"), [
    ("BENCHMARKS_CACHE_TTL", "nan", "from 1 to 604800"),
    ("BENCHMARKS_CACHE_TTL", "inf", "from 1 to 604800"),
    ("BENCHMARKS_CACHE_TTL", "-1", "from 1 to 604800"),
    ("BENCHMARKS_CACHE_TTL", "0", "from 1 to 604800"),
    ("BENCHMARKS_CACHE_TTL", "1e400", "from 1 to 604800"),
    ("BENCHMARKS_CACHE_TTL", "an hour", "from 1 to 604800"),
    ("BENCHMARKS_ERROR_TTL", "nan", "from 0 to 86400"),
    ("BENCHMARKS_ERROR_TTL", "-0.5", "from 0 to 86400"),
    ("BENCHMARKS_TIMEOUT", "nan", "from 0.1 to 120"),
    ("BENCHMARKS_TIMEOUT", "inf", "from 0.1 to 120"),
    ("BENCHMARKS_TIMEOUT", "0", "from 0.1 to 120"),
    ("BENCHMARKS_429_PAUSE", "-5", "from 0 to 86400"),
    ("BENCHMARKS_429_PAUSE", "Infinity", "from 0 to 86400"),
])
def test_a_number_out_of_range_is_refused_naming_the_variable_and_the_range(name, raw, accepted):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({name: raw})
    message = str(refused.value)
    assert message == f"{name} must be a number of seconds {accepted} (got {raw!r})."
    assert isinstance(refused.value, ValueError)  # callers that caught ValueError still do


def test_every_refused_variable_is_named_in_the_one_message():
    with pytest.raises(SettingsError, match="BENCHMARKS_CACHE_TTL .* BENCHMARKS_TIMEOUT"):
        Settings.from_env({"BENCHMARKS_CACHE_TTL": "nan", "BENCHMARKS_TIMEOUT": "0"})


def test_values_in_range_and_unset_ones_are_taken():
    settings = Settings.from_env({"BENCHMARKS_CACHE_TTL": " 120 ", "BENCHMARKS_ERROR_TTL": "0",
                                  "BENCHMARKS_TIMEOUT": "1", "BENCHMARKS_429_PAUSE": "", "HOME": "/h"})
    assert (settings.ttl_seconds, settings.error_ttl_seconds, settings.timeout_seconds,
            settings.pause_after_429_seconds) == (120.0, 0.0, 1.0, 60.0)
    defaults = Settings.from_env({})
    assert (defaults.ttl_seconds, defaults.error_ttl_seconds, defaults.timeout_seconds) == (3600.0, 60.0, 10.0)
    for name, (default, low, high) in RANGES.items():
        assert low <= default <= high, name
        assert Settings.from_env({name: str(low)}) and Settings.from_env({name: str(high)})
