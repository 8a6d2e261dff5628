"""Warm page views per second of one app process under 50 concurrent sessions, against the bare page.

    .venv/bin/python -m bench.throughput

Both apps run with `streamlit run` on loopback (ours on the bundled snapshot). 50 websocket sessions
(the protocol a browser speaks, `tests/streamlit_client.py`) each open a page once (not counted: the
caches and the session warm up), then ask for it RUNS more times, all at once; views per second is
the runs answered over the wall time. The bare page (`bench/bare_app.py`) draws the same Design Arena
rows with st.dataframe and one plotly chart. Target: ≥ 0.9× the bare page's views per second, on
every page.
"""

from __future__ import annotations

import asyncio
import tempfile
import time

from bench.common import print_header, print_row
from tests.browser import streamlit_app
from tests.streamlit_client import Session

SESSIONS = 50
RUNS = 4
PAGES = {  # name: (page path, query string)
    "Leaderboard": ("", "source=design-arena&category=gamedev"),
    "Compare sources": ("compare", "category=gamedev"),
    "Pick a model": ("pick", "workload=design&da_category=gamedev"),
    "Value for money": ("value", "metric=da.models.gamedev"),
    "Model": ("model", "model=moonshotai/kimi-k3-20260715"),
}
BARE = ("", "category=gamedev")


async def _session(url: str, page: str, query: str, ready: asyncio.Barrier, failures: list[str]) -> int:
    async with Session(url) as session:
        await session.run(query, page, timeout=300)  # warm-up: not counted
        await ready.wait()
        for _ in range(RUNS):
            result = await session.run(query, page, timeout=300)
            failures.extend(result.exceptions)
    return RUNS


async def _crowd(url: str, page: str, query: str) -> float:
    ready, failures = asyncio.Barrier(SESSIONS + 1), []
    tasks = [asyncio.create_task(_session(url, page, query, ready, failures)) for _ in range(SESSIONS)]
    await ready.wait()  # every session has drawn the page once
    started = time.perf_counter()
    views = sum(await asyncio.gather(*tasks))
    took = time.perf_counter() - started
    assert not failures, failures[:3]
    return views / took


def views_per_second(url: str, page: str, query: str) -> float:
    return asyncio.run(_crowd(url, page, query))


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {"BENCHMARKS_CACHE_DIR": cache, "BENCHMARKS_OFFLINE": "1", "OPENROUTER_API_KEY": None}
        print_header(f"Warm page views per second, {SESSIONS} concurrent sessions (ours ÷ bare: higher is better)")
        with streamlit_app(env, "bench/bare_app.py") as bare_url, streamlit_app(env) as ours_url:
            for name, (page, query) in PAGES.items():
                bare = views_per_second(bare_url, *BARE)
                ours = views_per_second(ours_url, page, query)
                print_row(f"{name} (views per second)", ours, bare, "≥ 0.9× the bare page's")


if __name__ == "__main__":
    main()
