"""The leaderboard for the sidebar filters: ranked over the whole dataset, sorted, then searched and cut.

Rank is a model's place among every row the filters select, by the
measure the catalogue names for them; it is computed before search and
before the row limit, so neither ever changes a rank. Sorting happens before
the cut: "the best 5 by agentic index" are the 5 best by agentic index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.catalogue import (
    ALL,
    ARENAS,
    DESIGN_ARENA,
    category_label,
    column,
    measure_for,
    source,
    source_labels,
    task_labels,
)
from core.compare import build_comparison
from core.filters import Filters, describe_conflict
from core.frames import rank_frame, search, sort, to_source_frame, visible_columns
from core.memo import memoize_on_data


@dataclass(frozen=True)
class Leaderboard:
    ranked: pd.DataFrame  # every row the filters select, ranked, best first (ids included)
    columns: list[str]  # the columns to show, in order
    ranked_by: str  # what the rank column follows, in words
    ranked_column: str  # the column the rank follows (the score a phone must see)

    @property
    def sort_choices(self) -> dict[str, str]:
        return {name: column(name).label for name in self.columns if name not in ("url", "move")}

    def rows(self, sort_by: str, best_first: bool, text: str, max_rows: int) -> tuple[pd.DataFrame, int]:
        """The rows shown, and how many match the search: sort first, then search, then cut."""
        return shown_rows(self.ranked, sort_by, best_first, text, max_rows)


@memoize_on_data
def shown_rows(ranked: pd.DataFrame, sort_by: str, best_first: bool, text: str, max_rows: int
               ) -> tuple[pd.DataFrame, int]:
    matching = search(sort(ranked, sort_by, best_first), text)
    return matching.head(max_rows).reset_index(drop=True), len(matching)


@memoize_on_data
def build_leaderboard(items: Iterable, filters: Filters) -> Leaderboard:
    if filters.source == ALL:
        comparison = build_comparison(items, filters.task_type, filters.arena, filters.category, "", 10**9)
        ranked = comparison.frame.assign(coverage=comparison.frame["coverage"].map(" · ".join))
        return Leaderboard(ranked.reset_index(drop=True), comparison.columns,
                           "the mean of each model's percentiles across sources", "mean_percentile")
    chosen = source(filters.source)
    frame = to_source_frame(items, filters.source)
    measure = measure_for(filters.source, filters.task_type, filters.arena, filters.category)
    metric = measure.column if measure is not None else chosen.default_measure.column
    ranked = rank_frame(frame, metric, chosen.group)
    within = f", within each {column(chosen.group).label.lower().removesuffix(' id')}" if chosen.group else ""
    shown = [c for c in visible_columns(ranked) if c not in _set_by_filters(ranked, filters)]
    return Leaderboard(ranked, shown, f"{column(metric).label}{within}", metric)


def _set_by_filters(ranked: pd.DataFrame, filters: Filters) -> set[str]:
    """Columns that would repeat on every row the one value a filter chose (a board of one category): the
    filter says it once, above the table."""
    chosen = filters.category != ALL or filters.task_type != ALL
    return {"category"} if chosen and "category" in ranked and ranked["category"].nunique() <= 1 else set()


def explain_empty(filters: Filters, items_found: int, *, live: bool = False) -> str:
    """Why a view has no rows, in words that say what is empty and what to change.

    `items_found`: the items the view's query returned (its source, task type, arena and category). Design
    Arena's views name the arena (and category) that is empty, not the whole source; any other source is
    named as a whole, on the bundled snapshot and on live data alike.
    """
    name = source_labels()[filters.source]
    task = task_labels().get(filters.task_type, filters.task_type)
    where = "what the API returned" if live else "the bundled snapshot"
    conflict = describe_conflict(filters)
    if conflict:
        return conflict
    if items_found and filters.search:
        return f"No model matches “{filters.search}”. Clear the search box to see all {items_found} entries."
    if filters.source == ALL:
        return f"No source has figures in {where}."
    if filters.task_type != ALL and (filters.source != DESIGN_ARENA.id
                                     or measure_for(filters.source, filters.task_type) is None):
        return f"{name} has no {task.lower()} figures in this data. Choose another task type or source."
    if filters.source == DESIGN_ARENA.id:
        arena = f"{name}'s {ARENAS.get(filters.arena, filters.arena).lower()} arena"
        if filters.category != ALL:
            return (f"{arena} has no {category_label(filters.category)} ratings in {where}. Choose another "
                    "category, arena or source.")
        what = f"{task.lower()} ratings" if filters.task_type != ALL else "ratings"
        return f"{arena} has no {what} in {where}. Choose another arena or source."
    return f"{name} has no figures in {where}. Choose another source."
