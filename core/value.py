"""Score against price: which models no other model beats on both (the Pareto frontier)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from core.catalogue import Measure, every_measure
from core.memo import memoize_on_data
from core.picker import blended_per_million, signal_frame


@memoize_on_data
def metric_choices(items: Iterable) -> dict[str, Measure]:
    """Every measure the data can rank on, by link id (from the catalogue)."""
    return every_measure(items)


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
def to_value_frame(items: Iterable, signal: Measure, input_tokens: int, output_tokens: int) -> pd.DataFrame:
    """Per model rated on the metric: its score, blended price per 1M tokens, and the frontier flag."""
    frame = signal_frame(items, (signal,))
    frame = frame[frame[signal.id].notna()].rename(columns={signal.id: "score"})
    frame["price"] = [
        float(blended_per_million(p, c, input_tokens, output_tokens)) if p is not None and pd.notna(p)
        else float("nan") for p, c in zip(frame["prompt"], frame["completion"], strict=True)]
    frame["free"] = frame["price"] == 0
    frame["on_frontier"] = frame.index.isin(pareto_frontier(frame))
    return frame[["model_permaslug", "model", "score", "price", "free", "on_frontier"]].reset_index(drop=True)
