"""Score against price: which models no other model beats on both (the Pareto frontier)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.catalogue import Measure, every_measure
from core.formats import money
from core.frames import pareto_frontier
from core.memo import memoize_on_data
from core.picker import blended_per_million, signal_frame


@memoize_on_data
def metric_choices(items: Iterable) -> dict[str, Measure]:
    """Every measure the data can rank on, by link id (from the catalogue)."""
    return every_measure(items)


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


@dataclass(frozen=True)
class PriceAxis:
    """A log price axis with dollar ticks, and where free models are drawn (a log axis has no zero)."""

    free_at: float  # the x where free models are drawn: half a decade left of the lowest tick
    ticks: tuple[float, ...]  # the free position first, then every power of ten the prices span
    labels: tuple[str, ...]  # "Free", "$0.01", "$0.10", "$1", "$10", "$1,000"
    range: tuple[float, float]  # in log10 units, as Plotly takes a log axis's range


def dollar_tick(value: float) -> str:
    """A tick label: whole dollars from $1 ("$1", "$1,000"), cents below ("$0.10", "$0.01", "$0.001")."""
    return f"${value:,.0f}" if value >= 1 else money(value)


def price_axis(prices: Iterable[float]) -> PriceAxis:
    """Dollar ticks at each power of ten from below the cheapest priced model to above the dearest."""
    priced = [float(p) for p in prices if pd.notna(p) and p > 0 and math.isfinite(p)]
    low = math.floor(math.log10(min(priced))) if priced else -2
    right = math.log10(max(priced)) + 0.15 if priced else 0.15  # room for the dearest point's label
    decades = tuple(10.0 ** power for power in range(low, max(low, math.floor(right)) + 1))
    free_at = 10.0 ** (low - 0.5)
    return PriceAxis(free_at, (free_at, *decades), ("Free", *(dollar_tick(d) for d in decades)),
                     (low - 0.75, max(right, low + 0.15)))


@memoize_on_data
def frontier_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The models on the frontier, cheapest first, the price named as the tables name it; made once per frame."""
    return frame[frame["on_frontier"]].sort_values("price").rename(columns={"price": "blended_per_1m"})
