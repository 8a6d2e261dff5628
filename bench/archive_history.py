"""The Model page with a long archive: its rerun with 30 archived dates against the same page with one.

    .venv/bin/python -m bench.archive_history

Both runs are measured here, in one process, one after the other: the baseline serves the bundled snapshot
with no earlier edition (one date per dataset); ours adds 29 dated editions before it, made from the
snapshot (a day apart, figures nudged, a few models missing each day, so every model has a long history,
with gaps). As in `bench.rerun_cost`, the rerun is a change of the chosen model between two models the page
has shown (the way a user goes back and forth).
Target: the rerun with 30 dates ≤ 1.5× the rerun with one. The memory the archive's parsed editions hold is
printed for information (`tracemalloc`: the archive read on its own and two models' histories built, so every
edition was read once; only the editions used last keep their items).
"""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bench.common import APP, app_test, environment, median_seconds, print_header, print_row
from bench.rerun_cost import toggler
from core.history import parse_stamp

REPEATS = 25
DATES = 30
MODELS = ("moonshotai/kimi-k3-20260715", "anthropic/claude-opus-5-20260723")
SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "snapshot"


def write_editions(folder: Path, count: int) -> None:
    """`count` editions of every snapshot file, one a day before the snapshot's own date."""
    rng = random.Random(14)
    for path in sorted(SNAPSHOT.glob("*.json")):
        document = json.loads(path.read_text())
        newest = parse_stamp(document["response"]["meta"]["as_of"])
        for back in range(1, count + 1):
            as_of = newest - timedelta(days=back)
            items = []
            for item in document["response"]["data"]:
                if rng.random() < 0.05:
                    continue  # not rated that day: a gap
                item = dict(item)
                for name in ("intelligence_index", "coding_index", "agentic_index", "accuracy", "primary_score"):
                    if isinstance(item.get(name), float | int):
                        item[name] = round(item[name] * rng.uniform(0.97, 1.0), 4)
                if isinstance(item.get("elo"), int):
                    item["elo"] = item["elo"] + rng.randint(-15, 15)
                items.append(item)
            meta = {**document["response"]["meta"], "as_of": as_of.strftime("%Y-%m-%dT%H:%M:%SZ")}
            out = folder / as_of.strftime("%Y-%m-%d") / path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps({"request": document["request"], "response": {"data": items, "meta": meta}}))


def page_with_archive(folder: Path):
    """An AppTest of the Model page, the process's data service reading only `folder` before the snapshot."""
    import service.data as data
    from service.data import BenchmarkData
    from service.settings import Settings

    data.reset_shared_data()
    data._shared = BenchmarkData(replace(Settings.from_env(), bundled_archive_dir=folder))
    held = data._shared.archive.editions()
    dates = max(len(held.of(name)) for name in held.datasets())  # editions per dataset
    at = app_test(APP, {"model": MODELS[1]}, "app_pages/model.py")
    assert not at.exception, at.exception
    return at, dates


def main() -> None:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as empty, \
            tempfile.TemporaryDirectory() as long, environment(OPENROUTER_API_KEY=None, BENCHMARKS_CACHE_DIR=cache):
        write_editions(Path(long), DATES - 1)
        print_header("Model page with a long archive (server side, median seconds)")
        at, dates = page_with_archive(Path(empty))
        baseline = median_seconds(toggler(at, "model", MODELS), REPEATS, warmup=2)
        at, long_dates = page_with_archive(Path(long))
        ours = median_seconds(toggler(at, "model", MODELS), REPEATS, warmup=2)
        print_row(f"Rerun, {long_dates} dated editions vs {dates} (change of model)", ours, baseline, "≤ 1.5×", "s")
        small, large = archive_megabytes(Path(empty)), archive_megabytes(Path(long))
        print_row(f"Memory the archive holds, MB ({long_dates} vs {dates} editions)", large, small, "information")


def archive_megabytes(folder: Path) -> float:
    """Python memory allocated by reading the archive (bundled snapshot plus `folder`), in MB."""
    import tracemalloc

    from core.history import build_model_history
    from service.archive import Archive
    from service.snapshot import SNAPSHOT_DIR

    tracemalloc.start()
    held = Archive((SNAPSHOT_DIR, folder), None).editions()
    for slug in MODELS:  # every edition read once: what the history keeps, and the items still held
        build_model_history(held, slug)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert held.editions
    return size / 1e6


if __name__ == "__main__":
    main()
