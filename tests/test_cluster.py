"""`make cluster` (deploy/cluster.sh): Redis and three replicas on this machine, sharing one budget and one
refresh per dataset, against the stand-in over real HTTP and websocket sessions."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT, TEST_KEY, admin
from tests.redis_server import BINARY, free_port
from tests.streamlit_client import Session

pytestmark = pytest.mark.slow


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def visit(ports: list[int], sessions: int) -> list:
    async def one(port: int):
        async with Session(f"http://127.0.0.1:{port}") as session:
            return await session.run("", "", timeout=120)

    return await asyncio.gather(*(one(ports[n % len(ports)]) for n in range(sessions)))


def test_make_cluster_runs_three_replicas_that_ask_each_query_once_in_all(newer_api, tmp_path):
    if not os.path.exists(BINARY) and os.environ.get("CI") != "true":
        pytest.skip("redis-server is not installed")
    first, redis_port = free_port(), free_port()
    ports = [first, first + 1, first + 2]
    if any(listening(port) for port in ports):
        pytest.skip("consecutive ports taken")
    env = {**os.environ, "PY": sys.executable, "PORT": str(first), "REDIS_PORT": str(redis_port),
           "CLUSTER_DIR": str(tmp_path), "OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": newer_api.base_url}
    script = subprocess.Popen(["bash", "deploy/cluster.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not all(healthy(port) for port in ports):
            assert script.poll() is None and time.monotonic() < deadline, "the cluster did not start"
            time.sleep(0.3)  # three servers starting: polled, bounded in total
        results = asyncio.run(visit(ports, 30))
        assert all(not r.exceptions for r in results) and all(r.elements > 10 for r in results)
        # The Leaderboard draws Artificial Analysis only: one query, asked once by the three replicas together.
        while not admin(newer_api, "/_admin/stats")["requests_total"] and time.monotonic() < deadline:
            time.sleep(0.2)  # the background refresh landing
        results = asyncio.run(visit(ports, 6))  # the replicas now serve what one of them fetched
        assert admin(newer_api, "/_admin/stats")["by_query"] == {"source=artificial-analysis": 1}
        assert all(not r.exceptions for r in results)
    finally:
        os.killpg(script.pid, signal.SIGTERM)
        script.wait(30)
    assert not any(listening(port) for port in [*ports, redis_port])  # Ctrl-C stops them all
