"""API items -> tidy, ranked DataFrames for the tables.

One row per item; prices per million tokens; missing figures stay missing
(NaN), never 0. Ranking, search, cut and sort are separate small steps so a
page composes them in a fixed order: filter, rank, cut, sort.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from client.models import (
    ArtificialAnalysisItem,
    DesignArenaItem,
    OpenRouterEvalItem,
    OpenRouterSearchItem,
    Pricing,
)
from client.query import AA_INDEX_FOR_TASK
from core.columns import column
from core.labels import BENCHMARKS, category_label, clean_name
from core.memo import memoize_on_data

MODEL_URL = "https://openrouter.ai/{}"


def per_million(pricing: Pricing | None, side: str) -> float:
    if pricing is None:
        return float("nan")
    return float(getattr(pricing, f"{side}_per_million"))


def _model_columns(item) -> dict:
    return {
        "model": clean_name(item.display_name),
        "model_permaslug": item.model_permaslug,
        "url": MODEL_URL.format(item.model_permaslug),
    }


def _price_columns(item) -> dict:
    pricing = getattr(item, "pricing", None)
    return {"input_per_1m": per_million(pricing, "prompt"), "output_per_1m": per_million(pricing, "completion")}


def _number(value) -> float:
    return float("nan") if value is None else float(value)


@memoize_on_data
def to_artificial_analysis_frame(items: Iterable) -> pd.DataFrame:
    rows = [
        {
            **_model_columns(item),
            "intelligence_index": _number(item.intelligence_index),
            "coding_index": _number(item.coding_index),
            "agentic_index": _number(item.agentic_index),
            **_price_columns(item),
        }
        for item in items
        if isinstance(item, ArtificialAnalysisItem)
    ]
    return pd.DataFrame(rows, columns=["model", "model_permaslug", "url", "intelligence_index", "coding_index",
                                       "agentic_index", "input_per_1m", "output_per_1m"])


@memoize_on_data
def to_design_arena_frame(items: Iterable) -> pd.DataFrame:
    rows = []
    for item in items:
        if not isinstance(item, DesignArenaItem):
            continue
        stats = item.tournament_stats
        rows.append({
            **_model_columns(item),
            "arena": item.arena,
            "category_slug": item.category,
            "category": category_label(item.category),
            "elo": float(item.elo),
            "win_rate": float(item.win_rate),
            "avg_generation_s": _number(item.avg_generation_time_ms) / 1000,
            "first_place": _number(stats.first_place if stats else None),
            "second_place": _number(stats.second_place if stats else None),
            "third_place": _number(stats.third_place if stats else None),
            "fourth_place": _number(stats.fourth_place if stats else None),
            "tournaments": _number(stats.total if stats else None),
            **_price_columns(item),
        })
    return pd.DataFrame(rows, columns=[
        "model", "model_permaslug", "url", "arena", "category_slug", "category", "elo", "win_rate",
        "avg_generation_s", "first_place", "second_place", "third_place", "fourth_place", "tournaments",
        "input_per_1m", "output_per_1m"])


@memoize_on_data
def to_openrouter_frame(items: Iterable) -> pd.DataFrame:
    rows = []
    for item in items:
        if isinstance(item, OpenRouterSearchItem):
            score, stddev = item.primary_score, None
            metric = "F1 by item" if item.primary_metric == "f1_by_item" else item.primary_metric.capitalize()
            engine, surface, latency = item.search_engine, item.search_surface, item.avg_latency_per_task_ms
        elif isinstance(item, OpenRouterEvalItem):
            score, stddev, metric = item.accuracy, item.accuracy_stddev, "Accuracy"
            engine = surface = latency = None
        else:
            continue
        rows.append({
            **_model_columns(item),
            "benchmark_type": item.benchmark_type,
            "benchmark": BENCHMARKS.get(item.benchmark_type, item.benchmark_type),
            "metric": metric,
            "score": _number(score) * 100,
            "score_stddev": _number(stddev) * 100,
            "tasks": _number(item.total_tasks),
            "cost_per_task": _number(item.avg_cost_per_task),
            "latency_s": _number(latency) / 1000,
            "search_engine": engine,
            "search_surface": surface,
            "last_run": item.last_run_timestamp[:10],
        })
    return pd.DataFrame(rows, columns=[
        "model", "model_permaslug", "url", "benchmark_type", "benchmark", "metric", "score", "score_stddev",
        "tasks", "cost_per_task", "latency_s", "search_engine", "search_surface", "last_run"])


@dataclass(frozen=True)
class Ranking:
    """How a source's table is ranked: by `metric`, within each `group` (if any)."""

    metric: str
    group: str | None = None


def ranking_for(source: str, task_type: str | None) -> Ranking:
    if source == "artificial-analysis":
        return Ranking(AA_INDEX_FOR_TASK.get(task_type or "", "intelligence_index"))
    if source == "design-arena":
        return Ranking("elo", group="category_slug")
    return Ranking("score", group="benchmark_type")


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose model name or id contains every word of `text` (case-insensitive)."""
    words = text.lower().split()
    if not words or frame.empty:
        return frame
    haystack = (frame["model"] + " " + frame["model_permaslug"]).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return frame[keep]


def rank(frame: pd.DataFrame, ranking: Ranking) -> pd.DataFrame:
    """Add `rank` (1 = best; ties share; missing metric = no rank) and order rows best first."""
    values = frame[ranking.metric]
    if ranking.group:
        ranks = values.groupby(frame[ranking.group]).rank(ascending=False, method="min")
    else:
        ranks = values.rank(ascending=False, method="min")
    ranked = frame.assign(rank=ranks.astype("Int64"))
    ranked = ranked.sort_values([ranking.metric], ascending=False, na_position="last", kind="stable")
    return ranked[["rank", *[c for c in ranked.columns if c != "rank"]]].reset_index(drop=True)


@memoize_on_data
def sort(frame: pd.DataFrame, by: str, best_first: bool = True) -> pd.DataFrame:
    """Order rows by a column, best first by that column's own direction; missing values last."""
    if by not in frame.columns:
        return frame
    higher = column(by).higher_is_better
    ascending = (higher is False or higher is None) if best_first else bool(higher)
    if column(by).kind == "text":
        key = frame[by].astype("string").str.lower()
        order = key.sort_values(ascending=best_first, na_position="last", kind="stable").index
        return frame.loc[order].reset_index(drop=True)
    return frame.sort_values(by, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


FRAME_BUILDERS = {
    "artificial-analysis": to_artificial_analysis_frame,
    "design-arena": to_design_arena_frame,
    "openrouter": to_openrouter_frame,
}


def visible_columns(frame: pd.DataFrame) -> list[str]:
    """Columns worth showing: drop internal ids and columns with no figure at all."""
    hidden = {"model_permaslug", "category_slug", "benchmark_type", "arena"}
    return [c for c in frame.columns if c not in hidden and not (frame[c].isna().all() and c != "rank")]
