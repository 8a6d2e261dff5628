"""Models joined across sources by `model_permaslug`, each score as a percentile within its source.

Raw scales are never mixed: an index, an ELO and an accuracy only meet as
percentiles, each computed within its own source over the models it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.frames import search, to_artificial_analysis_frame, to_design_arena_frame, to_openrouter_frame
from core.labels import SOURCE_SHORT
from core.memo import memoize_on_data

DISAGREEMENT_POINTS = 40.0
PERCENTILE_COLUMNS = {"AA": "aa_percentile", "DA": "da_percentile", "OR": "or_percentile"}


def percentile(values: pd.Series) -> pd.Series:
    """Percentile rank within the series (100 = best); missing stays missing."""
    return values.rank(pct=True, method="average") * 100


def _first_per_model(frames: list[pd.DataFrame], column: str) -> pd.Series:
    values = pd.concat([f.set_index("model_permaslug")[column] for f in frames if not f.empty])
    values = values.dropna()
    return values[~values.index.duplicated(keep="first")]


@memoize_on_data
def to_comparison_frame(
    items: Iterable, *, aa_index: str = "intelligence_index", category: str | None = None
) -> pd.DataFrame:
    """One row per model: each source's score, its percentile within that source, coverage, flags."""
    items = list(items)
    aa = to_artificial_analysis_frame(items)
    da = to_design_arena_frame(items)
    ors = to_openrouter_frame(items)
    in_category = da if category is None else da[da["category_slug"] == category]

    joined = pd.DataFrame(index=pd.Index(
        pd.concat([aa["model_permaslug"], da["model_permaslug"], ors["model_permaslug"]]).unique(),
        name="model_permaslug"))
    joined["model"] = _first_per_model([aa, da, ors], "model")
    joined["url"] = _first_per_model([aa, da, ors], "url")
    joined["aa_score"] = aa.set_index("model_permaslug")[aa_index]
    joined["da_elo"] = in_category.groupby("model_permaslug")["elo"].mean()
    joined["da_categories"] = in_category.groupby("model_permaslug")["elo"].count()
    joined["or_score"] = ors.groupby("model_permaslug")["score"].mean()
    joined["aa_percentile"] = percentile(joined["aa_score"])
    joined["da_percentile"] = percentile(joined["da_elo"])
    joined["or_percentile"] = percentile(joined["or_score"])
    joined["input_per_1m"] = _first_per_model([aa, da], "input_per_1m")
    joined["output_per_1m"] = _first_per_model([aa, da], "output_per_1m")

    known = {
        "AA": set(aa["model_permaslug"]),
        "DA": set(da["model_permaslug"]),
        "OR": set(ors["model_permaslug"]),
    }
    joined["coverage"] = [[s for s in ("AA", "DA", "OR") if slug in known[s]] for slug in joined.index]
    pcts = joined[list(PERCENTILE_COLUMNS.values())]
    joined["mean_percentile"] = pcts.mean(axis=1, skipna=True)
    joined["percentile_spread"] = pcts.max(axis=1) - pcts.min(axis=1)
    joined["disagreement"] = [_disagreement(row) for _, row in pcts.iterrows()]
    joined = joined.reset_index().sort_values(
        ["mean_percentile", "model"], ascending=[False, True], na_position="last", kind="stable")
    return joined.reset_index(drop=True)


def _disagreement(row: pd.Series) -> str | None:
    present = {short: row[col] for short, col in PERCENTILE_COLUMNS.items() if pd.notna(row[col])}
    if len(present) < 2:
        return None
    high = max(present, key=present.get)
    low = min(present, key=present.get)
    if present[high] - present[low] < DISAGREEMENT_POINTS:
        return None
    return f"{high} {present[high]:.0f} vs {low} {present[low]:.0f}"


@memoize_on_data
def to_category_matrix(items: Iterable, models: tuple[str, ...]) -> pd.DataFrame:
    """Design Arena ELO per model (rows, in the given order) and category (columns, by coverage)."""
    da = to_design_arena_frame(items)
    da = da[da["model_permaslug"].isin(models)]
    if da.empty:
        return pd.DataFrame()
    matrix = da.pivot_table(index="model_permaslug", columns="category", values="elo", aggfunc="mean")
    order = matrix.notna().sum().sort_values(ascending=False, kind="stable").index
    matrix = matrix[order].reindex([m for m in models if m in matrix.index])
    names = da.drop_duplicates("model_permaslug").set_index("model_permaslug")["model"]
    matrix.index = [names[m] for m in matrix.index]
    return matrix


def coverage_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many models each source covers, and how many all of them do."""
    counts = {short: int(frame["coverage"].map(lambda c, s=short: s in c).sum()) for short in SOURCE_SHORT.values()}
    counts["all"] = int(frame["coverage"].map(len).eq(3).sum())
    return counts


TABLE_COLUMNS = ["model", "url", "coverage", "aa_score", "aa_percentile", "da_elo", "da_percentile", "or_score",
                 "or_percentile", "mean_percentile", "disagreement", "input_per_1m", "output_per_1m"]


@dataclass(frozen=True)
class Comparison:
    """Everything the Compare page draws, computed once per data, filter and search."""

    frame: pd.DataFrame  # every matching model, best overall first
    table: pd.DataFrame  # the best rows, ready to show
    columns: list[str]
    counts: dict[str, int]
    flagged: pd.DataFrame
    scatter_points: int  # models both AA and DA rate
    heatmap_models: tuple[str, ...]


@memoize_on_data
def build_comparison(items, aa_index: str, category: str | None, text: str, max_rows: int,
                     heatmap_rows: int = 40) -> Comparison:
    frame = search(to_comparison_frame(items, aa_index=aa_index, category=category), text)
    table = frame.head(max_rows).assign(coverage=lambda f: f["coverage"].map(" · ".join))
    table = table.rename(columns={"aa_score": aa_index})
    columns = [aa_index if c == "aa_score" else c for c in TABLE_COLUMNS]
    columns = [c for c in columns if c in ("model", "url") or table[c].notna().any()]
    rated_by_da = frame.dropna(subset=["da_elo"])["model_permaslug"]
    return Comparison(
        frame=frame, table=table, columns=columns, counts=coverage_counts(frame),
        flagged=frame[frame["disagreement"].notna()],
        scatter_points=len(frame.dropna(subset=["aa_score", "da_elo"])),
        heatmap_models=tuple(rated_by_da[:heatmap_rows]),
    )
