"""Where the data layer's settings come from: env first, then `st.secrets` passed in."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.snapshot import SNAPSHOT_DIR

APP_DIR_NAME = "openrouter-benchmarks-dashboard"


def default_cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_DIR_NAME


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {raw[:40]!r}") from None
    if value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    api_key: str = field(default="", repr=False)  # a secret: never in a repr or a log line
    base_url: str | None = None
    offline: bool = False
    ttl_seconds: float = 3600.0
    error_ttl_seconds: float = 60.0
    pause_after_429_seconds: float = 60.0  # when a 429 does not say how long to wait
    timeout_seconds: float = 10.0  # per HTTP attempt; retries stop after 4 s, a dataset after 30 s
    cache_dir: Path | None = None
    snapshot_dir: Path = SNAPSHOT_DIR
    per_minute: int = 30
    per_day: int = 500

    @property
    def uses_snapshot_only(self) -> bool:
        return self.offline or not self.api_key

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
    ) -> Settings:
        env = os.environ if env is None else env
        secrets = secrets or {}
        key = env.get("OPENROUTER_API_KEY") or str(secrets.get("OPENROUTER_API_KEY") or "")
        cache_dir = env.get("BENCHMARKS_CACHE_DIR")
        return cls(
            api_key=key.strip(),
            base_url=env.get("OPENROUTER_BASE_URL") or None,
            offline=_flag(env.get("BENCHMARKS_OFFLINE")),
            ttl_seconds=_number(env, "BENCHMARKS_CACHE_TTL", 3600.0),
            error_ttl_seconds=_number(env, "BENCHMARKS_ERROR_TTL", 60.0),
            timeout_seconds=_number(env, "BENCHMARKS_TIMEOUT", 10.0) or 10.0,
            pause_after_429_seconds=_number(env, "BENCHMARKS_429_PAUSE", 60.0),
            cache_dir=Path(cache_dir) if cache_dir else default_cache_dir(env),
        )
