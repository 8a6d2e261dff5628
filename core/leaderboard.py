"""The leaderboard table for a view: filtered by text, ranked, cut to the best rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.columns import column
from core.compare import to_comparison_frame
from core.filters import Filters
from core.frames import FRAME_BUILDERS, rank, ranking_for, search, visible_columns
from core.labels import ALL, SOURCES, TASK_TYPES
from core.memo import memoize_on_data

ALL_SOURCES_COLUMNS = ["rank", "model", "url", "coverage", "mean_percentile", "aa_percentile", "da_percentile",
                       "or_percentile", "disagreement", "input_per_1m", "output_per_1m"]


@dataclass(frozen=True)
class Leaderboard:
    frame: pd.DataFrame  # the best rows, best first, with every column (ids included)
    matching: int  # rows matching the filters before the cut
    columns: list[str]  # the columns to show, in order

    @property
    def sort_choices(self) -> dict[str, str]:
        return {name: column(name).label for name in self.columns if name != "url"}


@memoize_on_data
def build_leaderboard(items: Iterable, filters: Filters) -> Leaderboard:
    if filters.source == ALL:
        return _all_sources(items, filters)
    task_type = None if filters.task_type == ALL else filters.task_type
    frame = search(FRAME_BUILDERS[filters.source](items), filters.search)
    ranked = rank(frame, ranking_for(filters.source, task_type))
    shown = ranked.head(filters.max_results)
    return Leaderboard(shown, len(ranked), visible_columns(shown))


def _all_sources(items: Iterable, filters: Filters) -> Leaderboard:
    """One row per model, ranked by the mean of its percentiles within each source."""
    frame = to_comparison_frame(items, category=None if filters.category == ALL else filters.category)
    frame = search(frame, filters.search)
    frame = frame.assign(
        rank=frame["mean_percentile"].rank(ascending=False, method="min").astype("Int64"),
        coverage=frame["coverage"].map(" · ".join),
    )
    shown = frame.head(filters.max_results)
    columns = [c for c in ALL_SOURCES_COLUMNS if c in ("rank", "model", "url") or shown[c].notna().any()]
    return Leaderboard(shown.reset_index(drop=True), len(frame), columns)


def explain_empty(filters: Filters, items_found: int) -> str:
    """Why a view has no rows, in words that say what to change."""
    source = SOURCES[filters.source]
    if items_found and filters.search:
        return f"No model matches “{filters.search}”. Clear the search box to see all {items_found} entries."
    if filters.task_type != ALL:
        return (f"{source} has no {TASK_TYPES[filters.task_type].lower()} figures in this data. "
                "Choose another task type or source.")
    return (f"{source} has no figures in the data shown. With the bundled snapshot this is expected for "
            "OpenRouter evals; live data (OPENROUTER_API_KEY) includes them.")
