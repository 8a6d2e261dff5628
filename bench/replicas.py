"""Three replicas sharing one Redis: upstream requests per distinct query, and warm views per second.

    .venv/bin/python -m bench.replicas

Replicas are real `streamlit run` processes against the stand-in over real HTTP (newer API), sessions are
websocket sessions (`tests/streamlit_client.py`) spread over the replicas, Redis is Debian's
`redis-server` on a free loopback port. Both figures are measured here, in one run:

- upstream requests per distinct query when 30 sessions open the same three links over 3 replicas that
  share Redis (target 1.0), against 3 independent replicas (the baseline: each asks for itself);
- warm page views per second of the Leaderboard under 50 sessions, with 3 replicas sharing Redis against
  one process (information: on this 2-core machine three processes share two cores).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.common import print_header, print_row
from bench.throughput import RUNS, SESSIONS
from fake_openrouter import Limits, Server
from tests.browser import streamlit_app
from tests.redis_server import redis_server
from tests.streamlit_client import Session

KEY = "sk-or-v1-bench-replicas"
LINKS = [("", "source=artificial-analysis"), ("", "source=design-arena&category=gamedev"), ("value", "")]
LEADERBOARD = ("", "source=design-arena&category=gamedev")


def replicas(stack: ExitStack, server: Server, folder: Path, redis_url: str, count: int) -> list[str]:
    urls = []
    for n in range(count):
        env = {"OPENROUTER_API_KEY": KEY, "OPENROUTER_BASE_URL": server.base_url,
               "BENCHMARKS_CACHE_DIR": str(folder / f"replica-{n}"), "BENCHMARKS_REDIS_URL": redis_url or None}
        urls.append(stack.enter_context(streamlit_app(env)))
    return urls


async def open_links(urls: list[str], sessions: int) -> None:
    async def one(n: int) -> None:
        async with Session(urls[n % len(urls)]) as session:
            for page, query in LINKS:
                await session.run(query, page, timeout=300)

    await asyncio.gather(*(one(n) for n in range(sessions)))


def requests_per_query(shared: bool) -> float:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        server = stack.enter_context(Server(limits=Limits(all_when_omitted=True, per_minute=10_000,
                                                          per_day=100_000)))
        url = stack.enter_context(redis_server()).url if shared else ""
        urls = replicas(stack, server, Path(folder), url, 3)
        asyncio.run(open_links(urls, 30))
        deadline = time.monotonic() + 60
        while server.stand_in.stats()["requests_total"] < 3 and time.monotonic() < deadline:
            time.sleep(0.2)  # the background refreshes landing (three datasets behind the links)
        time.sleep(2)  # let any duplicate refresh of another replica land too, so it is counted
        counts = server.stand_in.stats()["by_query"]
        return sum(counts.values()) / len(counts)


async def crowd(urls: list[str]) -> float:
    ready = asyncio.Barrier(SESSIONS + 1)

    async def one(n: int) -> int:
        async with Session(urls[n % len(urls)]) as session:
            await session.run(LEADERBOARD[1], LEADERBOARD[0], timeout=300)
            await ready.wait()
            for _ in range(RUNS):
                await session.run(LEADERBOARD[1], LEADERBOARD[0], timeout=300)
        return RUNS

    tasks = [asyncio.create_task(one(n)) for n in range(SESSIONS)]
    await ready.wait()
    started = time.perf_counter()
    views = sum(await asyncio.gather(*tasks))
    return views / (time.perf_counter() - started)


def views_per_second(count: int) -> float:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        server = stack.enter_context(Server(limits=Limits(all_when_omitted=True, per_minute=10_000,
                                                          per_day=100_000)))
        url = stack.enter_context(redis_server()).url
        urls = replicas(stack, server, Path(folder), url, count)
        asyncio.run(open_links(urls, len(urls)))  # every replica holds the data
        return asyncio.run(crowd(urls))


def main() -> None:
    print_header("Replicas sharing one Redis (3 replicas, stand-in over real HTTP)")
    print_row("upstream requests per distinct query, 30 sessions, 3 links", requests_per_query(True),
              requests_per_query(False), "1.0 (baseline: 3 independent replicas)")
    print_row("warm Leaderboard views per second: 3 replicas vs 1 (50 sessions)", views_per_second(3),
              views_per_second(1), "information (2 cores)")


if __name__ == "__main__":
    main()
