"""Server-side time of a rerun after a cached filter change, on each page, against a bare page.

    .venv/bin/python -m bench.rerun_cost

AppTest runs the script in-process as the server would; data is the bundled
snapshot, already cached (the first run is not timed). The bare page draws a
DataFrame of the same rows and one plotly figure; its selectbox is toggled
the same way. Target: ours ≤ 1.5× the bare page.
"""

from __future__ import annotations

import itertools
import tempfile

from bench.common import APP, BARE, app_test, environment, median_seconds, print_header, print_row

REPEATS = 25

# page, link, widget key, the two values a user toggles between
PAGES = [
    ("Leaderboard", None, {"source": "design-arena", "category": "gamedev"}, "category", ("website", "gamedev")),
    ("Compare sources", "app_pages/compare.py", {"category": "gamedev"}, "category", ("website", "gamedev")),
    ("Pick a model", "app_pages/pick.py", {}, "workload", ("reasoning", "coding")),
    ("Value for money", "app_pages/value.py", {}, "metric", ("aa.coding_index", "aa.intelligence_index")),
    ("Model", "app_pages/model.py", {"model": "anthropic/claude-opus-5-20260723"}, "model",
     ("moonshotai/kimi-k3-20260715", "anthropic/claude-opus-5-20260723")),
]


def toggler(at, key: str, values: tuple[str, str]):
    cycle = itertools.cycle(values)

    def rerun() -> None:
        _widget(at, key).set_value(next(cycle)).run()
        assert not at.exception, at.exception

    return rerun


def _widget(at, key: str):
    """The widget a user changes: a choice's visible widget (which copies into its URL holder), else the input."""
    for name, kind in ((f"{key}--shown", "selectbox"), (key, "selectbox"), (key, "number_input"), (key, "slider")):
        try:
            return getattr(at, kind)(key=name)
        except KeyError:
            continue
    raise KeyError(key)


def bare_rerun_seconds() -> float:
    at = app_test(BARE, {"category": "gamedev"})
    return median_seconds(toggler(at, "category", ("website", "gamedev")), REPEATS, warmup=2)


def main() -> None:
    with tempfile.TemporaryDirectory() as cache, environment(OPENROUTER_API_KEY=None, BENCHMARKS_CACHE_DIR=cache):
        baseline = bare_rerun_seconds()
        print_header("Rerun after a cached filter change (server side, median seconds)")
        for name, page, params, key, values in PAGES:
            at = app_test(APP, params, page)
            ours = median_seconds(toggler(at, key, values), REPEATS, warmup=2)
            print_row(name, ours, baseline, "≤ 1.5×", "s")


if __name__ == "__main__":
    main()
