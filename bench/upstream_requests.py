"""Upstream requests spent by the app and its data layer, against a dashboard that asks per view.

    .venv/bin/python -m bench.upstream_requests

Against the local stand-in over real HTTP, for both behaviours of an omitted
max_results (documented: cut at 50; newer revision: everything):
  1. 50 sessions (AppTest, in threads) opening the same shared link at once:
     requests per distinct upstream query (1.0 = nothing asked twice).
  2. Every page and every filter value visited once, cold: total requests.
  3. A team day: 50 users browsing 8 hours (a page view every ~10 minutes
     each, random pages and filters) on a simulated clock with the default
     TTL: requests per day.
The baseline asks the API once per query a view needs (the SDK's way).
"""

from __future__ import annotations

import random
import tempfile
import threading
from pathlib import Path

import httpx

from bench.common import APP, app_test, environment
from client.clock import FakeClock
from client.query import BenchmarkQuery
from core.catalogue import ARENAS, KNOWN_CATEGORIES, WORKLOADS, source_labels, task_labels
from fake_openrouter import Limits, Server
from service.data import BenchmarkData, reset_shared_data, shared_data
from service.settings import Settings

KEY = "bench-key"
SESSIONS = 50
USERS, HOURS, VIEWS_PER_HOUR = 50, 8, 6


def stats(server: Server) -> dict:
    return httpx.get(server.root_url + "/_admin/stats").json()


def shared_link_sessions(server: Server) -> tuple[int, int]:
    barrier = threading.Barrier(SESSIONS)
    errors: list[str] = []

    def session() -> None:
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update({"source": "design-arena", "category": "gamedev"})
        barrier.wait()
        at.run()
        if at.exception or at.dataframe[0].value.iloc[0]["model"] != "MoonshotAI: Kimi K3":
            errors.append(str(at.exception))

    threads = [threading.Thread(target=session) for _ in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    spent = stats(server)
    return spent["requests_total"], len(spent["by_query"])


def visits() -> list[tuple[str | None, dict]]:
    """Every page once, and every value of every filter once."""
    pages: list[tuple[str | None, dict]] = [(None, {"source": source}) for source in source_labels()]
    pages += [(None, {"task_type": task}) for task in task_labels()]
    for arena in ARENAS:
        pages.append((None, {"source": "design-arena", "arena": arena}))
        pages += [(None, {"source": "design-arena", "arena": arena, "category": c}) for c in KNOWN_CATEGORIES[arena]]
        pages.append(("app_pages/compare.py", {"arena": arena}))
    pages += [("app_pages/pick.py", {"workload": workload}) for workload in WORKLOADS]
    pages += [("app_pages/value.py", {}), ("app_pages/model.py", {"model": "moonshotai/kimi-k3-20260715"}),
              ("app_pages/status.py", {})]
    return pages


def every_page_and_filter(server: Server) -> tuple[int, int]:
    shown = 0
    for page, params in visits():
        at = app_test(APP, params, page)
        assert not at.exception, (page, params, at.exception)
        shown += 1
    return stats(server)["requests_total"], shown


def team_day(server: Server, cache: str) -> tuple[int, int]:
    """Page views at random times over a working day; the data layer on a simulated clock."""
    clock = FakeClock()
    start = clock.monotonic()
    settings = Settings(api_key=KEY, base_url=server.base_url, cache_dir=Path(cache) / "team-day",
                        per_minute=10_000, per_day=100_000)
    data = BenchmarkData(settings, clock=clock)
    rng = random.Random(7)
    views = sorted(rng.uniform(0, HOURS * 3600) for _ in range(USERS * HOURS * VIEWS_PER_HOUR))
    sources = [None, "artificial-analysis", "design-arena", "openrouter"]
    for at in views:
        clock.advance(start + at - clock.monotonic())
        page = rng.choice(["leaderboard", "leaderboard", "compare", "pick", "value", "model"])
        if page == "leaderboard":
            data.load_benchmarks(BenchmarkQuery(source=rng.choice(sources), arena=rng.choice(list(ARENAS))), cut=False)
        elif page == "compare":
            data.load_benchmarks(BenchmarkQuery(arena=rng.choice(list(ARENAS))), cut=False)
        else:
            data.load_everything()
        assert data.wait_for_loads(60)  # a refresh lands in seconds, long before the next simulated view
    return stats(server)["requests_total"], len(views)


def measure(all_when_omitted: bool) -> dict[str, tuple[float, float]]:
    limits = Limits(per_minute=100_000, per_day=1_000_000, all_when_omitted=all_when_omitted)
    results: dict[str, tuple[float, float]] = {}
    with Server(limits=limits) as server, tempfile.TemporaryDirectory() as cache:
        with environment(OPENROUTER_API_KEY=KEY, OPENROUTER_BASE_URL=server.base_url,
                         BENCHMARKS_CACHE_DIR=cache + "/app", BENCHMARKS_OFFLINE=None):
            reset_shared_data()
            total, distinct = shared_link_sessions(server)
            assert shared_data().wait_for_loads(60)
            results["requests per distinct query, 50 sessions on one link"] = (total / distinct, SESSIONS)
            httpx.post(server.root_url + "/_admin/reset")
            reset_shared_data()
            with tempfile.TemporaryDirectory() as fresh, environment(BENCHMARKS_CACHE_DIR=fresh):
                total, shown = every_page_and_filter(server)
                assert shared_data().wait_for_loads(120)  # what the views started, landed
            results[f"requests to show every page and filter value ({shown} views), cold"] = (total, shown)
            reset_shared_data()
        httpx.post(server.root_url + "/_admin/reset")
        total, views = team_day(server, cache)
        results[f"requests in a team day ({views} page views, TTL 1 h)"] = (total, views)
    return results


def main() -> None:
    for label, newer in (("documented API (omitted max_results = 50)", False),
                         ("newer API (omitted max_results = all)", True)):
        print(f"\n## Upstream requests: {label}")
        print(f"{'figure':<66}{'ours':>8}{'baseline':>10}{'ratio':>8}")
        for name, (ours, baseline) in measure(newer).items():
            print(f"{name:<66}{ours:>8.1f}{baseline:>10.0f}{ours / baseline:>8.3f}")


if __name__ == "__main__":
    main()
