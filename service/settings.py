"""Where the data layer's settings come from: env first, then `st.secrets` passed in.

Every number from the environment must be finite and within its range (RANGES):
`BENCHMARKS_CACHE_TTL` 1 s to 7 days, `BENCHMARKS_ERROR_TTL` 0 to 1 day,
`BENCHMARKS_TIMEOUT` 0.1 to 120 s, `BENCHMARKS_429_PAUSE` 0 to 1 day,
`BENCHMARKS_PAGE_WAIT` 0 to 12 s. Anything
else (nan, inf, negative, zero where a zero cannot work, not a number) is
refused at start: `Settings.from_env` raises one `SettingsError` naming each
variable, its accepted range and the value given.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from client.errors import key_problem
from service.snapshot import BUNDLED_ARCHIVE_DIR, SNAPSHOT_DIR

APP_DIR_NAME = "openrouter-benchmarks-dashboard"


def default_cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_DIR_NAME


class SettingsError(ValueError):
    """A setting from the environment that the app refuses to start with; the message names it and its range."""


# name -> (default, lowest, highest accepted): every number must be finite and within its range.
RANGES: dict[str, tuple[float, float, float]] = {
    "BENCHMARKS_CACHE_TTL": (3600.0, 1.0, 7 * 24 * 3600.0),
    "BENCHMARKS_ERROR_TTL": (60.0, 0.0, 24 * 3600.0),
    "BENCHMARKS_TIMEOUT": (10.0, 0.1, 120.0),
    "BENCHMARKS_429_PAUSE": (60.0, 0.0, 24 * 3600.0),
    "BENCHMARKS_PAGE_WAIT": (0.0, 0.0, 12.0),
}


def _number(env: Mapping[str, str], name: str) -> float:
    """A number of seconds from the environment (its default when unset); SettingsError when out of range."""
    default, low, high = RANGES[name]
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise SettingsError(f"{name} must be a number of seconds from {low:g} to {high:g} (got {raw.strip()[:40]!r}).")
    return value


def _key_file(path: str | None) -> str:
    """The key from a file (a container secret, `OPENROUTER_API_KEY_FILE`); SettingsError when unreadable."""
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"OPENROUTER_API_KEY_FILE cannot be read ({type(error).__name__}).") from None


def _api_key(env: Mapping[str, str], secrets: Mapping[str, Any]) -> str:
    """The key from `OPENROUTER_API_KEY`, else `OPENROUTER_API_KEY_FILE`, else `st.secrets`, its ends stripped;
    SettingsError naming where it came from when a header cannot carry it (never the key itself)."""
    for where, read in (("OPENROUTER_API_KEY", lambda: env.get("OPENROUTER_API_KEY")),
                        ("OPENROUTER_API_KEY_FILE", lambda: _key_file(env.get("OPENROUTER_API_KEY_FILE"))),
                        ("OPENROUTER_API_KEY in st.secrets", lambda: str(secrets.get("OPENROUTER_API_KEY") or ""))):
        key = (read() or "").strip()
        if not key:
            continue
        if problem := key_problem(key):
            raise SettingsError(f"{where} holds {problem}, which an HTTP header cannot carry: the key must be "
                                "one line of printable ASCII without spaces (a key file holds the key alone).")
        return key
    return ""


REDIS_TIMEOUTS = ("socket_timeout", "socket_connect_timeout")
# The URL's query options taken (the link's total deadline bounds every call whatever its timeouts say); any
# other one (max_connections, decode_responses, protocol, …) breaks the app later, so it is refused at start.
REDIS_OPTIONS = ("db", *REDIS_TIMEOUTS)
MAX_REDIS_DB = 1_000_000  # the highest database number taken (Redis has 16 unless configured otherwise)


def _redis_url(env: Mapping[str, str]) -> str:
    """`BENCHMARKS_REDIS_URL` as redis-py reads it (without connecting), with only the options the app takes
    (REDIS_OPTIONS) and a database from 0 to MAX_REDIS_DB; SettingsError when not, naming what is wrong in
    words and the option by name only if redis-py knows it: redis-py's own message, an option's value or a
    name it does not know may quote the password (`redis://user:pw/0`, `?pw`)."""
    url = (env.get("BENCHMARKS_REDIS_URL") or "").strip()
    if not url:
        return ""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("BENCHMARKS_REDIS_URL must be a redis://, rediss:// or unix:// URL.")
    from redis.connection import parse_url

    try:
        options = parse_url(url)
    except (ValueError, TypeError) as error:
        raise SettingsError(f"BENCHMARKS_REDIS_URL cannot be read: {_redis_url_problem(error)}.") from None
    taken = ", ".join(REDIS_OPTIONS)
    for name in sorted({name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}):
        if name not in REDIS_OPTIONS:
            named = f"its option {name}" if name in _redis_py_options() else "an option redis-py does not know"
            raise SettingsError(f"BENCHMARKS_REDIS_URL cannot be used: it sets {named}; this app takes only "
                                f"{taken} (remove the others).")
    database = urlsplit(url).path.strip("/") if not url.startswith("unix://") else ""
    if database and not re.fullmatch(r"[0-9]+", database):  # redis-py ignores it and uses database 0
        raise SettingsError("BENCHMARKS_REDIS_URL cannot be read: its database (the path) is not a number.")
    if not (isinstance(options.get("db", 0), int) and 0 <= options.get("db", 0) <= MAX_REDIS_DB):
        raise SettingsError(f"BENCHMARKS_REDIS_URL cannot be used: its database (the path or db) must be a "
                            f"number from 0 to {MAX_REDIS_DB:,}.")
    for name in REDIS_TIMEOUTS:  # redis-py takes nan and negative ones, then fails at every connection
        if name in options and not (math.isfinite(options[name]) and options[name] > 0):
            raise SettingsError(f"BENCHMARKS_REDIS_URL cannot be read: its {name} is not a positive number.")
    return url


def _redis_py_options() -> set[str]:
    """The names redis-py takes as a client's options (an option named in a message is one of these)."""
    import inspect

    import redis
    from redis.connection import URL_QUERY_ARGUMENT_PARSERS

    return set(URL_QUERY_ARGUMENT_PARSERS) | set(inspect.signature(redis.Redis.__init__).parameters) - {"self"}


def _redis_url_problem(error: Exception) -> str:
    message = str(error)
    if message.startswith("Port"):
        return "its port is not a number from 0 to 65535 (a password needs an @ after it)"
    if named := re.fullmatch(r"Invalid value for '([a-z_]{1,40})' in connection URL\.", message):
        return f"its {named[1]} is not a valid value"
    if "IPv6" in message:
        return "its host is not a valid address"
    return "redis-py cannot read it as a URL"


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
    # How long a page waits for a dataset of which nothing newer than the bundled snapshot is in hand;
    # data in hand (even past its TTL) is always drawn at once while it refreshes in the background.
    page_wait_seconds: float = 0.0
    cache_dir: Path | None = None
    snapshot_dir: Path = SNAPSHOT_DIR
    # Where editions of live fetches are kept (None: `<cache_dir>/archive`); the bundled ones ship in
    # `bundled_archive_dir` (and the snapshot's own files).
    archive_dir: Path | None = None
    bundled_archive_dir: Path = BUNDLED_ARCHIVE_DIR
    # Replicas share the API budget through this Redis (`service.shared_quota`); may hold a password.
    redis_url: str = field(default="", repr=False)
    per_minute: int = 30
    per_day: int = 500

    @property
    def uses_snapshot_only(self) -> bool:
        return self.offline or not self.api_key

    @property
    def live_archive_dir(self) -> Path | None:
        """Where live editions are written: none when only the snapshot is served."""
        if self.uses_snapshot_only:
            return None
        return self.archive_dir or (self.cache_dir / "archive" if self.cache_dir else None)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
    ) -> Settings:
        """Settings from the environment (then `secrets`); SettingsError names every setting out of range."""
        env = os.environ if env is None else env
        secrets = secrets or {}
        key = _api_key(env, secrets)
        cache_dir = env.get("BENCHMARKS_CACHE_DIR")
        archive_dir = env.get("BENCHMARKS_ARCHIVE_DIR")
        redis_url = _redis_url(env)
        numbers: dict[str, float] = {}
        refused: list[str] = []
        for name in RANGES:
            try:
                numbers[name] = _number(env, name)
            except SettingsError as error:
                refused.append(str(error))
        if refused:
            raise SettingsError(" ".join(refused))
        return cls(
            api_key=key,
            base_url=env.get("OPENROUTER_BASE_URL") or None,
            offline=_flag(env.get("BENCHMARKS_OFFLINE")),
            ttl_seconds=numbers["BENCHMARKS_CACHE_TTL"],
            error_ttl_seconds=numbers["BENCHMARKS_ERROR_TTL"],
            timeout_seconds=numbers["BENCHMARKS_TIMEOUT"],
            pause_after_429_seconds=numbers["BENCHMARKS_429_PAUSE"],
            page_wait_seconds=numbers["BENCHMARKS_PAGE_WAIT"],
            cache_dir=Path(cache_dir) if cache_dir else default_cache_dir(env),
            archive_dir=Path(archive_dir) if archive_dir else None,
            redis_url=redis_url,
        )
