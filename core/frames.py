"""API items -> tidy DataFrames, one ranking, search and sort.

One row per item; prices per million tokens; missing figures stay missing
(NaN), never 0. Every table is built the same way from the catalogue: a
source's frame has its columns in catalogue order. Pages compose the steps in
one fixed order: rank over the whole dataset, sort, then search and the row
limit only hide rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from core.catalogue import COMMON_COLUMNS, Measure, clean_name, column, source
from core.memo import memoize_on_data

MODEL_URL = "https://openrouter.ai/{}"
TEXT_KINDS = ("text", "link")


def per_million(pricing, side: str) -> float:
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


def source_columns(source_id: str) -> list[str]:
    chosen = source(source_id)
    own = [c.id for c in chosen.columns] if chosen else []
    return ["model", "model_permaslug", "url", *own, "input_per_1m", "output_per_1m"]


@memoize_on_data
def to_source_frame(items: Iterable, source_id: str) -> pd.DataFrame:
    """The items of one source, one row each, with the source's catalogue columns."""
    chosen = source(source_id)
    names = source_columns(source_id)
    if chosen is None:
        return pd.DataFrame(columns=names)
    rows = [{**_model_columns(item), **{c.id: c.read(item) for c in chosen.columns if c.read is not None},
             **_price_columns(item)}
            for item in items if getattr(item, "source", None) == source_id]
    frame = pd.DataFrame(rows, columns=names)
    for name in names:
        if column(name).kind not in TEXT_KINDS:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    return frame


def rank_values(values: pd.Series, *, higher_is_better: bool = True, groups: pd.Series | None = None) -> pd.Series:
    """Competition ranking (ties share a rank: 1, 2, 2, 4), within groups if given; no figure, no rank."""
    ranks = (values.groupby(groups) if groups is not None else values).rank(
        ascending=not higher_is_better, method="min")
    return ranks.astype("Int64")


def percentile(values: pd.Series) -> pd.Series:
    """Percentile rank within the series (100 = best); missing stays missing."""
    return values.rank(pct=True, method="average") * 100


def in_measure(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The rows a measure reads: those of its slice that have a figure."""
    keep = pd.Series(True, index=frame.index)
    for name, allowed in measure.where:
        keep &= frame[name].isin(allowed)
    return frame[keep & frame[measure.column].notna()]


@memoize_on_data
def measure_by_model(items: Iterable, measure: Measure) -> pd.Series:
    """Per model (by permaslug): the measure's figure, averaged over the rows of its slice."""
    rows = in_measure(to_source_frame(items, measure.source), measure)
    return rows.groupby("model_permaslug")[measure.column].mean()


def rank_frame(frame: pd.DataFrame, metric: str, group: str | None = None) -> pd.DataFrame:
    """Add `rank` by `metric` (by its own direction; within `group`), best first; nothing hidden yet."""
    higher = column(metric).higher_is_better is not False
    groups = frame[group] if group else None
    ranked = frame.assign(rank=rank_values(frame[metric], higher_is_better=higher, groups=groups))
    ranked = ranked.sort_values([metric], ascending=not higher, na_position="last", kind="stable")
    return ranked[["rank", *[c for c in ranked.columns if c != "rank"]]].reset_index(drop=True)


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose model name or id contains every word of `text` (case-insensitive)."""
    words = text.lower().split()
    if not words or frame.empty:
        return frame
    haystack = (frame["model"].astype("string") + " " + frame["model_permaslug"].astype("string")).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False).fillna(False).astype(bool)
    return frame[keep]


@memoize_on_data
def sort(frame: pd.DataFrame, by: str, best_first: bool = True) -> pd.DataFrame:
    """Order rows by a column, best first by that column's own direction; missing values last.

    Rank sorts by rank then by the ranking order it came in; text sorts A→Z.
    """
    if by not in frame.columns:
        return frame
    higher = column(by).higher_is_better
    ascending = (higher is False or higher is None) if best_first else bool(higher)
    if column(by).kind == "text":
        key = frame[by].astype("string").str.lower()
        order = key.sort_values(ascending=best_first, na_position="last", kind="stable").index
        return frame.loc[order].reset_index(drop=True)
    return frame.sort_values(by, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


def visible_columns(frame: pd.DataFrame) -> list[str]:
    """Columns worth showing: no hidden ids, no column without any figure (rank always shows)."""
    hidden = {c.id for c in COMMON_COLUMNS if c.hidden}
    return [c for c in frame.columns
            if c not in hidden and not column(c).hidden and not (frame[c].isna().all() and c != "rank")]


@memoize_on_data
def categories_in(items: tuple) -> list[str]:
    """The Design Arena categories present in a dataset's items, sorted."""
    return sorted({item.category for item in items if isinstance(getattr(item, "category", None), str)})


@memoize_on_data
def to_arrow_table(frame: pd.DataFrame, columns: tuple[str, ...]):
    """The columns shown, as an Arrow table made once per frame: the grid's wire format, not rebuilt per rerun."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame[list(columns)], preserve_index=False)


def pareto_frontier(frame: pd.DataFrame, price: str = "price", score: str = "score") -> list:
    """Index labels of the rows no other row beats: cheaper-or-equal and better-or-equal, one strictly.

    Rows without a price or a score are not comparable and never on it; exact
    duplicates are both on it; the result is ordered by price.
    """
    usable = frame.dropna(subset=[price, score])
    ordered = usable.sort_values([price, score], ascending=[True, False], kind="stable")
    if ordered.empty:
        return []
    prices, scores = ordered[price].to_numpy(float), ordered[score].to_numpy(float)
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], scores[:-1])))  # the best of every cheaper row
    twin = np.concatenate(([False], (prices[1:] == prices[:-1]) & (scores[1:] == scores[:-1])))
    firsts = np.flatnonzero(~twin)  # each run of equal points: on it when its first row is
    on = (scores > best_before)[firsts][np.cumsum(~twin) - 1]
    return ordered.index[on].tolist()
