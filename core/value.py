"""Score against price: which models no other model beats on both (the Pareto frontier)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from core.labels import ARENAS, BENCHMARKS, INDICES, category_label
from core.memo import memoize_on_data
from core.picker import Signal, blended_per_million, signal_frame


@memoize_on_data
def metric_choices(items: Iterable) -> dict[str, Signal]:
    """Every metric the data can rank on: AA indices, DA ELO per arena and category, OR evals."""
    items = list(items)
    choices = {f"aa:{name}": Signal("AA", name, f"Artificial Analysis {label.lower()}")
               for name, label in INDICES.items()}
    pairs = sorted({(i.arena, i.category) for i in items if getattr(i, "source", "") == "design-arena"},
                   key=lambda p: (list(ARENAS).index(p[0]) if p[0] in ARENAS else 9, category_label(p[1])))
    for arena, category in pairs:
        choices[f"da:{arena}/{category}"] = Signal(
            "DA", f"{arena}/{category}", f"Design Arena ELO · {category_label(category)} ({ARENAS.get(arena, arena)})")
    benchmarks = sorted({i.benchmark_type for i in items if getattr(i, "source", "") == "openrouter"})
    for benchmark in benchmarks:
        metric = "search" if benchmark.startswith("search_") else benchmark
        key = f"or:{metric}"
        if key not in choices:
            label = "OpenRouter search benchmarks" if metric == "search" else BENCHMARKS.get(metric, metric)
            choices[key] = Signal("OR", metric, f"OpenRouter {label} score" if metric != "search" else label)
    return choices


def pareto_frontier(frame: pd.DataFrame, price: str = "price", score: str = "score") -> list:
    """Index labels of the rows no other row beats: cheaper-or-equal and better-or-equal, one strictly.

    Rows without a price or a score are not comparable and never on it; exact
    duplicates are both on it; the result is ordered by price.
    """
    usable = frame.dropna(subset=[price, score])
    ordered = usable.sort_values([price, score], ascending=[True, False], kind="stable")
    frontier, best, last = [], float("-inf"), None
    for index, row in ordered.iterrows():
        point = (row[price], row[score])
        if row[score] > best or point == last:
            frontier.append(index)
            best, last = max(best, row[score]), point
    return frontier


@memoize_on_data
def to_value_frame(items: Iterable, signal: Signal, input_tokens: int, output_tokens: int) -> pd.DataFrame:
    """Per model rated on the metric: its score, blended price per 1M tokens, and the frontier flag."""
    frame = signal_frame(items, (signal,))
    frame = frame[frame[signal.metric].notna()].rename(columns={signal.metric: "score"})
    frame["price"] = [
        float(blended_per_million(p, c, input_tokens, output_tokens)) if p is not None and pd.notna(p)
        else float("nan") for p, c in zip(frame["prompt"], frame["completion"], strict=True)]
    frame["free"] = frame["price"] == 0
    frame["on_frontier"] = frame.index.isin(pareto_frontier(frame))
    return frame[["model_permaslug", "model", "score", "price", "free", "on_frontier"]].reset_index(drop=True)
