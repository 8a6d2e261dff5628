"""One daily count for every process sharing a cache folder; the rolling window both sides share."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from client.clock import FakeClock
from service.quota import QuotaExceeded, QuotaGuard
from service.window import RollingWindow
from tests.conftest import ROOT

T0 = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


def two_guards(state: Path, per_day: int) -> tuple[QuotaGuard, QuotaGuard]:
    """Two guards on one state file and one clock, as two processes sharing a cache folder."""
    clock = FakeClock(T0)
    return tuple(QuotaGuard(per_minute=1000, per_day=per_day, state_file=state, clock=clock) for _ in range(2))


def file_count(state: Path) -> int:
    return json.loads(state.read_text())["count"]


def test_two_guards_on_one_file_keep_one_count(tmp_path: Path):
    state = tmp_path / "quota.json"
    first, second = two_guards(state, per_day=500)
    for _ in range(20):
        first.acquire()
        second.acquire()
    assert file_count(state) == 40
    assert first.usage().used_today == second.usage().used_today == 40  # each sees the other's requests
    assert (tmp_path / "quota.json.lock").exists()


def test_the_daily_budget_is_shared_not_per_process(tmp_path: Path):
    state = tmp_path / "quota.json"
    first, second = two_guards(state, per_day=30)
    for _ in range(20):
        first.acquire()
    for _ in range(10):
        second.acquire()
    with pytest.raises(QuotaExceeded, match="daily budget of 30"):
        second.acquire()
    with pytest.raises(QuotaExceeded, match="daily budget of 30"):
        first.acquire()
    assert file_count(state) == 30


def test_two_guards_in_threads_lose_no_update(tmp_path: Path):
    state = tmp_path / "quota.json"
    guards = two_guards(state, per_day=500)
    start = threading.Barrier(2)

    def spend(guard: QuotaGuard) -> None:
        start.wait()
        for _ in range(20):
            guard.acquire()

    threads = [threading.Thread(target=spend, args=(guard,)) for guard in guards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert file_count(state) == 40


WORKER = """
import sys
from datetime import UTC, datetime
sys.path.insert(0, sys.argv[1])
from client.clock import FakeClock
from service.quota import QuotaGuard
from pathlib import Path
guard = QuotaGuard(per_minute=1000, per_day=500, state_file=Path(sys.argv[2]),
                   clock=FakeClock(datetime(2026, 11, 25, 12, tzinfo=UTC)))
print("ready", flush=True)
sys.stdin.readline()  # both start together
for _ in range(20):
    guard.acquire()
print("done", flush=True)
"""


def test_two_processes_on_one_cache_folder_count_forty(tmp_path: Path):
    state = tmp_path / "cache" / "quota.json"
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(ROOT), str(state)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        for worker in workers:
            assert worker.stdout.readline().strip() == "done"
            assert worker.wait(timeout=60) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert file_count(state) == 40
    assert QuotaGuard(state_file=state, clock=FakeClock(T0)).usage().used_today == 40


def test_rolling_window_counts_waits_and_forgets():
    window = RollingWindow(3, span=60.0)
    assert [window.take(t) for t in (0.0, 10.0, 20.0)] == [0.0, 0.0, 0.0]
    assert window.take(30.0) == 30.0  # the event of t=0 leaves at t=60
    assert window.count(30.0) == 3  # a refused event is not recorded
    assert window.wait(60.0) == 0.0 and window.count(60.0) == 2
    assert window.take(60.0) == 0.0 and window.wait(61.0) == 9.0
    window.clear()
    assert window.count(61.0) == 0
    with pytest.raises(ValueError):
        RollingWindow(0)
