"""Everything known about one model, across sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.compare import percentile
from core.frames import to_artificial_analysis_frame, to_design_arena_frame, to_openrouter_frame
from core.memo import memoize_on_data


@dataclass(frozen=True)
class ModelProfile:
    slug: str
    name: str
    url: str
    input_per_1m: float | None
    output_per_1m: float | None
    indices: pd.DataFrame  # Artificial Analysis: index, value, rank, of, percentile
    categories: pd.DataFrame  # Design Arena: arena, category, elo, win rate, rank, of, percentile; best first
    evals: pd.DataFrame  # OpenRouter evals of this model

    @property
    def sources(self) -> list[str]:
        present = [("Artificial Analysis", self.indices), ("Design Arena", self.categories),
                   ("OpenRouter evals", self.evals)]
        return [name for name, frame in present if not frame.empty]


def _within(frame: pd.DataFrame, value: str, group: list[str] | None = None) -> pd.DataFrame:
    """Add rank (1 = best), population and percentile of `value` within `group`."""
    grouped = frame.groupby(group)[value] if group else frame[value]
    return frame.assign(
        rank=grouped.rank(ascending=False, method="min").astype("Int64"),
        of=grouped.transform("count") if group else frame[value].count(),
        percentile=grouped.transform(percentile) if group else percentile(frame[value]),
    )


@memoize_on_data
def build_profile(items: Iterable, slug: str) -> ModelProfile | None:
    aa = to_artificial_analysis_frame(items)
    da = to_design_arena_frame(items)
    ors = to_openrouter_frame(items)
    mine = [f[f["model_permaslug"] == slug] for f in (aa, da, ors)]
    if all(part.empty for part in mine):
        return None
    first = next(part.iloc[0] for part in mine if not part.empty)
    priced = next((part.iloc[0] for part in mine[:2] if not part.empty), None)

    index_rows = []
    for index in ("intelligence_index", "coding_index", "agentic_index"):
        ranked = _within(aa.dropna(subset=[index]), index)
        row = ranked[ranked["model_permaslug"] == slug]
        if not row.empty:
            index_rows.append({"index": index, "value": row[index].iloc[0], "rank": row["rank"].iloc[0],
                               "of": int(row["of"].iloc[0]), "percentile": row["percentile"].iloc[0]})
    indices = pd.DataFrame(index_rows, columns=["index", "value", "rank", "of", "percentile"])

    categories = _within(da, "elo", ["arena", "category_slug"])
    categories = categories[categories["model_permaslug"] == slug].sort_values(
        ["percentile", "elo"], ascending=False, kind="stable")
    categories = categories[["arena", "category", "elo", "win_rate", "rank", "of", "percentile"]]

    evals = mine[2][["benchmark", "metric", "score", "score_stddev", "tasks", "cost_per_task", "search_engine",
                     "search_surface", "last_run"]]
    return ModelProfile(
        slug=slug,
        name=first["model"],
        url=first["url"],
        input_per_1m=None if priced is None or pd.isna(priced["input_per_1m"]) else float(priced["input_per_1m"]),
        output_per_1m=None if priced is None or pd.isna(priced["output_per_1m"]) else float(priced["output_per_1m"]),
        indices=indices,
        categories=categories.reset_index(drop=True),
        evals=evals.reset_index(drop=True),
    )


@memoize_on_data
def model_choices(items: Iterable) -> dict[str, str]:
    """permaslug -> display name of every model any source knows, sorted by name."""
    names: dict[str, str] = {}
    for item in items:
        names.setdefault(item.model_permaslug, " ".join(item.display_name.split()))
    return dict(sorted(names.items(), key=lambda pair: pair[1].lower()))
