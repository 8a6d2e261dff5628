"""The leaderboard on 1,000 and 10,000 synthetic items, against the bare page on the same rows.

    .venv/bin/python -m bench.scale

Synthetic Artificial Analysis items are served by the stand-in (newer API:
everything in one answer); ours shows them all (max_results=10000). Times are
server-side reruns (AppTest) after the data is cached. Target: ≤ 1.5× the bare page.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from bench.common import APP, BARE, app_test, environment, median_seconds, print_header, print_row
from fake_openrouter import Limits, Server
from service.data import reset_shared_data, shared_data

REPEATS = 9


def synthetic(count: int, folder: Path) -> Path:
    rng = random.Random(count)
    items = [{
        "source": "artificial-analysis", "model_permaslug": f"synthetic/model-{i:05d}",
        "display_name": f"Synthetic: Model {i:05d}",
        "intelligence_index": round(rng.uniform(10, 70), 1) if rng.random() > 0.1 else None,
        "coding_index": round(rng.uniform(10, 80), 1), "agentic_index": round(rng.uniform(5, 60), 1),
        "pricing": {"prompt": f"{rng.uniform(0.00000001, 0.00002):.10f}", "completion": "0.00001"},
    } for i in range(count)]
    meta = {"as_of": "2026-08-28T00:00:00Z", "version": "v1", "source": "artificial-analysis",
            "source_url": None, "citation": "Synthetic data for benchmarks.", "model_count": count, "task_type": None}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "artificial-analysis.json"
    path.write_text(json.dumps({"data": items, "meta": meta}))
    return path


def rerun_seconds(at) -> float:
    def rerun() -> None:
        at.run()
        assert not at.exception, at.exception

    return median_seconds(rerun, REPEATS, warmup=2)


def main() -> None:
    print_header("Scale: leaderboard rerun with every row shown (median seconds)")
    ours_times = {}
    for count in (1_000, 10_000):
        with tempfile.TemporaryDirectory() as tmp:
            data = synthetic(count, Path(tmp) / "data")
            limits = Limits(per_minute=100_000, per_day=1_000_000, all_when_omitted=True)
            with Server(data_dir=data.parent, limits=limits) as server, environment(
                    OPENROUTER_API_KEY="bench", OPENROUTER_BASE_URL=server.base_url,
                    BENCHMARKS_CACHE_DIR=tmp + "/cache", BENCHMARKS_OFFLINE=None, BARE_DATA=str(data)):
                reset_shared_data()
                ours_at = app_test(APP, {"max_results": "10000"})  # drawn from the snapshot at once
                assert shared_data().wait_for_loads(60)  # the synthetic items land in the background
                ours_at.run()
                assert len(ours_at.dataframe[0].value) == count
                ours = rerun_seconds(ours_at)
                bare = rerun_seconds(app_test(BARE))
                reset_shared_data()
            ours_times[count] = ours
            print_row(f"{count:,} items", ours, bare, "≤ 1.5×", "s")
    print(f"growth from 1,000 to 10,000 items: ours ×{ours_times[10_000] / ours_times[1_000]:.1f}")


if __name__ == "__main__":
    main()
