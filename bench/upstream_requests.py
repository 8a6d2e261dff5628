"""Upstream requests spent by the data layer, against a naive client, in one run.

    .venv/bin/python -m bench.upstream_requests

For both behaviours of an omitted max_results (documented: cut at 50; newer
revision: everything), against the local stand-in over real HTTP:
  1. 50 threads asking the same query at once: upstream requests per query.
  2. Every filter combination of every source and arena, cold: requests to
     fill them all, and the same again warm.
The baseline is what a dashboard calling the API per view (the SDK's way)
would spend: one request per distinct query.
"""

from __future__ import annotations

import itertools
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx

from client.data import BenchmarkData
from client.datasets import KNOWN_CATEGORIES
from client.query import ARENAS, TASK_TYPES, BenchmarkQuery
from client.settings import Settings
from fake_openrouter import Limits, Server

KEY = "bench-key"


def every_filter() -> list[BenchmarkQuery]:
    queries = []
    for task_type, max_results in itertools.product([None, *TASK_TYPES], [None, 10, 100]):
        for source in (None, "artificial-analysis", "openrouter"):
            queries.append(BenchmarkQuery(source=source, task_type=task_type, max_results=max_results))
        for arena in ARENAS:
            for category in [None, *KNOWN_CATEGORIES[arena]]:
                queries.append(BenchmarkQuery(source="design-arena", arena=arena, category=category,
                                              task_type=task_type, max_results=max_results))
    return queries


def requests_total(server: Server) -> int:
    return httpx.get(server.root_url + "/_admin/stats").json()["requests_total"]


def measure(all_when_omitted: bool) -> dict[str, int]:
    limits = Limits(per_minute=10_000, per_day=100_000, all_when_omitted=all_when_omitted)
    with Server(limits=limits) as server, tempfile.TemporaryDirectory() as cache:
        settings = Settings(api_key=KEY, base_url=server.base_url, cache_dir=Path(cache),
                            per_minute=10_000, per_day=100_000)
        shared = BenchmarkData(settings)
        query = BenchmarkQuery(source="artificial-analysis", task_type="coding", max_results=20)
        barrier = threading.Barrier(50)

        def ask(_: int) -> None:
            barrier.wait()
            shared.load_benchmarks(query)

        with ThreadPoolExecutor(50) as pool:
            list(pool.map(ask, range(50)))
        one_query = requests_total(server)

        httpx.post(server.root_url + "/_admin/reset")
        fresh = BenchmarkData(replace(settings, cache_dir=None))  # cold: no disk cache either
        queries = every_filter()
        for q in queries:
            fresh.load_benchmarks(q)
        fill = requests_total(server)
        for q in queries:
            fresh.load_benchmarks(q)
        warm = requests_total(server) - fill
        return {"one_query": one_query, "distinct_queries": len(queries), "fill_all": fill, "warm": warm}


def main() -> None:
    print(f"{'figure':<46}{'ours':>8}{'baseline':>10}{'ratio':>8}")
    for label, mode in (("documented API (omitted = 50)", False), ("newer API (omitted = all)", True)):
        result = measure(mode)
        rows = [
            ("requests for 1 query asked by 50 threads", result["one_query"], 50),
            ("requests to fill every filter, cold", result["fill_all"], result["distinct_queries"]),
            ("requests to fill every filter again, warm", result["warm"], result["distinct_queries"]),
        ]
        print(f"-- {label}")
        for name, ours, base in rows:
            print(f"{name:<46}{ours:>8}{base:>10}{ours / base:>8.3f}")


if __name__ == "__main__":
    main()
