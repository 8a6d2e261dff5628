"""50 concurrent sessions against one app process on loopback, for a bounded time."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from tests.browser import streamlit_app
from tests.conftest import TEST_KEY, admin
from tests.streamlit_client import Session

SESSIONS = 50
RUNS_PER_SESSION = 3
LINKS = [
    ("source=Design+Arena&category=Game+dev", ""),
    ("source=All+sources&max_results=20", ""),
    ("category=Websites", "compare"),
    ("workload=Coding&monthly_budget=100", "pick"),
    ("metric=Artificial+Analysis+coding+index", "value"),
    ("model=moonshotai/kimi-k3-20260715", "model"),
    ("", "status"),
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def one_session(url: str, rng: random.Random) -> list:
    results = []
    async with Session(url) as session:
        for _ in range(RUNS_PER_SESSION):
            query, page = rng.choice(LINKS)
            results.append(await session.run(query, page, timeout=120))
    return results


async def crowd(url: str, seed: int) -> list:
    rng = random.Random(seed)
    batches = await asyncio.gather(*(one_session(url, random.Random(rng.random())) for _ in range(SESSIONS)))
    return [result for batch in batches for result in batch]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_fifty_sessions_no_errors_one_request_per_query_memory_stable(newer_api, tmp_path):
    env = {"OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": newer_api.base_url,
           "BENCHMARKS_CACHE_DIR": str(tmp_path)}
    with streamlit_app(env) as url:
        first = asyncio.run(asyncio.wait_for(crowd(url, 1), 240))
        server_pid = _server_pid(url)
        after_first = rss_mb(server_pid)
        second = asyncio.run(asyncio.wait_for(crowd(url, 2), 240))
        after_second = rss_mb(server_pid)
    runs = first + second
    assert len(runs) == 2 * SESSIONS * RUNS_PER_SESSION
    assert [r.exceptions for r in runs if r.exceptions] == []
    assert all(r.elements > 5 for r in runs)
    stats = admin(newer_api, "/_admin/stats")
    assert stats["requests_total"] == len(stats["by_query"]) <= 5  # every query asked once, once per dataset
    assert after_second - after_first < 40, f"RSS grew {after_second - after_first:.0f} MB in the second round"


def _server_pid(url: str) -> int:
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmdline) and port.encode() in cmdline:
            return int(proc.name)
    raise RuntimeError(f"no streamlit process on port {port}")
