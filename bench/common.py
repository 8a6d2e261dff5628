"""Shared pieces of the benchmark scripts: timing, the result table, a stand-in, AppTest."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
BARE = str(ROOT / "bench" / "bare_app.py")


def median_seconds(action: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def print_header(title: str) -> None:
    print(f"\n## {title}")
    print(f"{'figure':<58}{'ours':>10}{'baseline':>10}{'ratio':>8}  target")


def print_row(name: str, ours: float, baseline: float, target: str, unit: str = "") -> None:
    ratio = ours / baseline if baseline else float("inf")
    print(f"{name:<58}{ours:>9.3f}{unit}{baseline:>9.3f}{unit}{ratio:>8.2f}  {target}")


@contextmanager
def environment(**values: str | None):
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def app_test(script: str, params: dict | None = None, page: str | None = None):
    """A first-run AppTest of a script, optionally switched to a page, with link parameters."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=120)
    if not page:
        for name, value in (params or {}).items():
            at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page)
        for name, value in (params or {}).items():
            at.query_params[name] = value
        at.run()
    return at
