"""Live data that never makes a page wait: a page's time with a slow API against the same page without one.

    .venv/bin/python -m bench.freshness

Against the local stand-in over real HTTP, the newer API (an omitted max_results = all), in this process:
  1. The Leaderboard's first run with an empty cache (a fresh data service, no disk store) while every
     upstream request takes 3 s, against the same first run offline (the bundled snapshot).
  2. A new session's first run right after the TTL ran out (upstream 3 s per request), against one
     within the TTL.
  3. A cold refresh of every dataset (until the last one landed), upstream 1 s per request, against
     one request.
A run is AppTest's script run: the server's time to draw the page, what a browser waits for after
its request. Medians of TRIALS, imports warmed first.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import APP, environment, print_header, print_row
from client.query import BenchmarkQuery
from client.sdk import OpenRouter
from fake_openrouter import Limits, Server
from service.data import BenchmarkData, reset_shared_data, shared_data
from service.settings import Settings

KEY = "bench-key"
TRIALS = 5
LINK = {"source": "design-arena", "category": "gamedev"}


def fault(server: Server, **spec) -> None:
    httpx.post(server.root_url + "/_admin/faults", json=spec).raise_for_status()


def reset(server: Server) -> None:
    httpx.post(server.root_url + "/_admin/reset", json={}).raise_for_status()


def first_run_seconds() -> float:
    """A new session's first run of the Leaderboard link (a new AppTest is a new session)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(LINK)
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    assert not at.exception and at.dataframe[0].value.iloc[0]["model"] == "MoonshotAI: Kimi K3"
    return took


def cold_pages(server: Server) -> tuple[float, float]:
    """Pairs of first runs on a fresh data service with an empty cache: live while every upstream request
    takes 3 s, and offline (the bundled snapshot)."""
    live, offline = [], []
    for _ in range(TRIALS * 2):
        for offline_now, times in ((True, offline), (False, live)):
            with tempfile.TemporaryDirectory() as cache, environment(
                    OPENROUTER_API_KEY=None if offline_now else KEY, OPENROUTER_BASE_URL=server.base_url,
                    BENCHMARKS_OFFLINE="1" if offline_now else None, BENCHMARKS_CACHE_DIR=cache):
                reset_shared_data()  # an empty cache: a new process's data service
                fault(server, kind="latency", delay_ms=3000, count=10_000)
                times.append(first_run_seconds())
                reset(server)
                assert shared_data().wait_for_loads(60)  # the background refresh lands before the next pair
    return statistics.median(live), statistics.median(offline)


def visits_around_the_ttl(server: Server) -> tuple[float, float]:
    """Pairs of visits on one data service (TTL 3 s): one within the TTL, one right after it ran out
    while every upstream request takes 3 s; the new data is drawn once between pairs, as it would be."""
    expired, within = [], []
    with tempfile.TemporaryDirectory() as cache, environment(
            OPENROUTER_API_KEY=KEY, OPENROUTER_BASE_URL=server.base_url, BENCHMARKS_OFFLINE=None,
            BENCHMARKS_CACHE_DIR=cache, BENCHMARKS_CACHE_TTL="3"):
        reset_shared_data()
        first_run_seconds()
        for _ in range(TRIALS * 2):
            assert shared_data().wait_for_loads(60)
            first_run_seconds()  # the data that landed, drawn once
            within.append(first_run_seconds())
            time.sleep(3.1)  # the TTL runs out
            fault(server, kind="latency", delay_ms=3000, count=1000)
            expired.append(first_run_seconds())
            reset(server)
    return statistics.median(expired), statistics.median(within)


def full_refresh(server: Server) -> tuple[float, float]:
    fault(server, kind="latency", delay_ms=1000, count=10_000)
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(api_key=KEY, base_url=server.base_url, cache_dir=Path(cache), per_minute=1_000)
        layer = BenchmarkData(settings)
        started = time.perf_counter()
        layer.load_everything()
        assert layer.wait_for_loads(60)
        every = time.perf_counter() - started
        with OpenRouter(api_key=KEY, server_url=server.base_url) as client:
            started = time.perf_counter()
            client.benchmarks.fetch(BenchmarkQuery(source="artificial-analysis"))
            one = time.perf_counter() - started
    reset(server)
    return every, one


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir, Server(data_dir=_all_sources(Path(data_dir)),
                                                           limits=Limits()) as server:
        server.stand_in.limits.all_when_omitted = True
        with environment(BENCHMARKS_OFFLINE="1", OPENROUTER_API_KEY=None):
            reset_shared_data()
            first_run_seconds()  # imports and first-use caches, outside every measurement
        print_header("A slow API never makes a page wait (median seconds)")
        print_row("first page, empty cache, upstream 3 s, vs offline", *cold_pages(server), "≤ 1.2×", "s")
        print_row("a visit right after the TTL ran out (3 s), vs within it", *visits_around_the_ttl(server),
                  "≤ 1.2×", "s")
        every, one = full_refresh(server)
        print_row("cold full refresh (newer API, 1 s a request), vs one request", every, one, "≤ 1.5×", "s")
        reset_shared_data()


def _all_sources(folder: Path) -> Path:
    """The bundled snapshot, which the stand-in serves as its data."""
    import shutil

    from bench.common import ROOT

    for path in (ROOT / "data" / "snapshot").glob("*.json"):
        shutil.copy(path, folder / path.name)
    return folder


if __name__ == "__main__":
    main()
