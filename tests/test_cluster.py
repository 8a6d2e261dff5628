"""`make cluster` (deploy/cluster.sh): Redis and three replicas on this machine, sharing one budget and one
refresh per dataset, against the stand-in over real HTTP and websocket sessions."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import httpx
import pytest

from service.datasets import datasets
from tests.browser import start_streamlit, stop_streamlit
from tests.conftest import ROOT, TEST_KEY, admin
from tests.redis_server import BINARY, free_port
from tests.streamlit_client import Session
from tests.test_load import LINKS

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


# --- the cluster tests: three replica processes, one real Redis, the stand-in -------------------
LEADERBOARD = [("", "")]  # the default view: Artificial Analysis
ALL_QUERIES = {spec.query.key() for spec in datasets().values()}


class Cluster:
    """Three replicas (`streamlit run app.py`), each its own process, cache folder and port, sharing one Redis
    and one archive folder, as `make cluster` runs them; any replica can be killed."""

    def __init__(self, api, redis, folder, ttl: float) -> None:
        self.api, self.redis = api, redis
        self.processes: list[subprocess.Popen] = []
        self.urls: list[str] = []
        try:
            for n in range(3):
                process, url = start_streamlit({
                    "OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": api.base_url,
                    "BENCHMARKS_REDIS_URL": redis.url, "BENCHMARKS_CACHE_DIR": str(folder / f"replica-{n}"),
                    "BENCHMARKS_ARCHIVE_DIR": str(folder / "archive"), "BENCHMARKS_CACHE_TTL": str(ttl)})
                self.processes.append(process)
                self.urls.append(url)
        except BaseException:
            self.stop()
            raise

    def visit(self, sessions: int, links=LINKS, replicas=(0, 1, 2), at_once: int = 30) -> list:
        """`sessions` websocket sessions, spread over `replicas`, each opening one of `links` (in turn)."""
        async def all_of_them():
            gate = asyncio.Semaphore(at_once)

            async def one(n: int):
                query, page = links[n % len(links)]
                async with gate, Session(self.urls[replicas[n % len(replicas)]]) as session:
                    return await session.run(query, page, timeout=120)

            return await asyncio.gather(*(one(n) for n in range(sessions)))

        return asyncio.run(all_of_them())

    def status(self, replica: int) -> str:
        [result] = self.visit(1, [("", "status")], (replica,))
        assert not result.exceptions
        return " ".join(result.texts)

    def stats(self) -> dict:
        return admin(self.api, "/_admin/stats")

    def stop(self) -> None:
        for process in self.processes:
            stop_streamlit(process)


@pytest.fixture
def cluster(newer_api, tmp_path):
    servers, clusters = [], []

    def start(ttl: float = 3600) -> Cluster:
        from tests.redis_server import RedisServer

        servers.append(RedisServer().start())
        clusters.append(Cluster(newer_api, servers[-1], tmp_path, ttl))
        return clusters[-1]

    yield start
    for made in clusters:
        made.stop()
        made.redis.stop()  # also a Redis the test started again
    for server in servers:
        server.stop()


def served(result) -> bool:
    """A page drawn whole, with data in it: models named in its tables or charts, or (Data & status) the
    datasets' table, not only the page's frame."""
    return not result.exceptions and result.elements > 10 and (
        b"Claude" in result.raw or b"GPT" in result.raw or b"Design Arena agents" in result.raw)


def test_150_sessions_over_three_replicas_ask_each_query_once_and_spend_one_budget(cluster):
    import redis as client

    replicas = cluster()
    results = replicas.visit(150)
    assert all(served(result) for result in results), [(LINKS[n % len(LINKS)], r.exceptions)
                                                       for n, r in enumerate(results) if not served(r)][:5]
    deadline = time.monotonic() + 60
    while set(replicas.stats()["by_query"]) != ALL_QUERIES and time.monotonic() < deadline:
        replicas.visit(3, [("", "status")])  # every replica draws every dataset until each has landed
    stats = replicas.stats()
    assert stats["by_query"] == dict.fromkeys(ALL_QUERIES, 1)  # each distinct query once, in all
    assert stats["by_status"] == {"200": len(ALL_QUERIES)}  # never a 429
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert int(client.Redis.from_url(replicas.redis.url).get(f"benchmarks:quota:day:{today}")) == \
        stats["requests_total"]
    assert all("shared by every replica through Redis" in replicas.status(n) for n in range(3))


def refreshed_once_more(replicas: Cluster, before: dict, within: float) -> dict:
    """Sessions on every replica until each query was asked again since `before`; the counts then."""
    deadline = time.monotonic() + within
    while True:
        now = replicas.stats()["by_query"]
        if all(now.get(query, 0) > before.get(query, 0) for query in ALL_QUERIES):
            return now
        assert time.monotonic() < deadline, f"no refresh of {ALL_QUERIES - set(now)} within {within:g} s"
        assert all(served(result) for result in replicas.visit(3, [("", "status")]))
        time.sleep(1)  # the next TTL's refreshes: polled, bounded in total


def test_redis_lost_mid_run_then_back_and_a_replica_killed_holding_the_refresh_lock(cluster):
    import redis as client

    from service.shared_datasets import LOCK_S, PREFIX

    ttl = 30
    replicas = cluster(ttl=ttl)
    assert all(served(result) for result in replicas.visit(15))
    first = refreshed_once_more(replicas, {}, 60)
    assert set(first.values()) == {1}

    # Redis stopped mid-run: sessions keep their data, and every replica says it is on its own.
    port = replicas.redis.port
    running = threading.Thread(target=lambda: results.extend(replicas.visit(60)))
    results: list = []
    running.start()
    replicas.redis.stop()
    running.join(180)
    assert len(results) == 60 and all(served(result) for result in results)
    assert all("Degraded: Redis cannot be reached" in replicas.status(n) for n in range(3))

    # Redis back (empty): the replicas rejoin, and the next refresh of each dataset is one for all three.
    from tests.redis_server import RedisServer

    replicas.redis = RedisServer(port).start()
    deadline = time.monotonic() + 30
    while any("Degraded" in replicas.status(n) for n in range(3)):
        assert time.monotonic() < deadline, "the replicas did not rejoin"
        time.sleep(1)  # each tries Redis again every RETRY_S: polled, bounded in total
    before = replicas.stats()["by_query"]
    after = refreshed_once_more(replicas, before, ttl + 60)
    assert all(served(result) for result in replicas.visit(6, [("", "status")]))  # all three draw again
    assert {query: replicas.stats()["by_query"][query] - before[query] for query in ALL_QUERIES} == \
        dict.fromkeys(ALL_QUERIES, 1)
    assert replicas.stats()["by_status"].get("429") is None

    # A replica killed while it holds the Artificial Analysis refresh lock: another refreshes after its expiry.
    store = client.Redis.from_url(replicas.redis.url)
    query = "source=artificial-analysis"
    admin(replicas.api, "/_admin/faults", {"kind": "latency", "delay_ms": 8000, "count": 1,
                                          "match": {"source": "artificial-analysis"}})
    deadline = time.monotonic() + ttl + 60
    while replicas.stats()["by_query"][query] == after[query]:
        assert time.monotonic() < deadline, "replica 0 did not refresh"
        assert all(served(result) for result in replicas.visit(1, LEADERBOARD, replicas=(0,)))
        time.sleep(0.2)  # until its TTL runs out: polled, bounded in total
    assert store.exists(PREFIX + "lock:artificial-analysis")  # it waits for the slow answer, holding the lock
    replicas.processes[0].kill()
    expires = time.monotonic() + store.pttl(PREFIX + "lock:artificial-analysis") / 1000
    asked = replicas.stats()["by_query"][query]
    deadline = expires + 20
    while replicas.stats()["by_query"][query] == asked:
        assert time.monotonic() < deadline, "nobody refreshed after the lock expired"
        assert all(served(result) for result in replicas.visit(2, LEADERBOARD, replicas=(1, 2)))
        time.sleep(0.5)  # the lock expiring: polled, bounded in total
    assert time.monotonic() > expires - 1 and LOCK_S > 30  # not before the dead replica's lock expired
    time.sleep(2)  # let the one refresh land and the other replica take it
    assert all(served(result) for result in replicas.visit(4, LEADERBOARD, replicas=(1, 2)))
    assert replicas.stats()["by_query"][query] == asked + 1  # one replica refreshed, the other took its result
