"""Models joined across sources by `model_permaslug`, each figure as a percentile within its source.

Raw scales are never mixed: an index, an ELO and an accuracy only meet as
percentiles, each computed within its own source over the models it rates.
What each source is measured by comes from `catalogue.measure_for`, so the
Leaderboard's "All sources", Compare and the picker agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from core.catalogue import ALL, DESIGN_ARENA, DISAGREEMENT_POINTS, Measure, category_label, measure_for, sources
from core.frames import measure_by_model, percentile, rank_values, search, to_source_frame
from core.memo import memoize_on_data
from core.profile import model_choices


def measures_for(task_type: str = ALL, arena: str = "models", category: str = ALL) -> tuple[Measure, ...]:
    """Per source (catalogue order), the measure these filters rank it by; sources with none are left out."""
    found = (measure_for(s.id, task_type, arena, category) for s in sources())
    return tuple(m for m in found if m is not None)


def _first_per_model(frames: list[pd.DataFrame], name: str) -> pd.Series:
    parts = [f.set_index("model_permaslug")[name] for f in frames if not f.empty]
    if not parts:
        return pd.Series(dtype=object)
    values = pd.concat(parts).dropna()
    return values[~values.index.duplicated(keep="first")]


@memoize_on_data
def to_comparison_frame(items: Iterable, measures: tuple[Measure, ...]) -> pd.DataFrame:
    """One row per model any source knows: each measure's figure and percentile, coverage, flags, rank."""
    items = tuple(items)
    frames = [to_source_frame(items, s.id) for s in sources()]
    slugs = pd.concat([f["model_permaslug"] for f in frames]).unique() if frames else []
    joined = pd.DataFrame(index=pd.Index(slugs, name="model_permaslug"))
    joined["model"] = _first_per_model(frames, "model")
    joined["url"] = _first_per_model(frames, "url")
    percentile_columns: dict[str, str] = {}
    for measure in measures:
        key = _key(measure)
        joined[f"{key}_score"] = measure_by_model(items, measure)
        joined[f"{key}_percentile"] = percentile(joined[f"{key}_score"])
        percentile_columns[_short(measure)] = f"{key}_percentile"
    joined["input_per_1m"] = _first_per_model(frames, "input_per_1m")
    joined["output_per_1m"] = _first_per_model(frames, "output_per_1m")
    pcts = joined[list(percentile_columns.values())]
    joined["coverage"] = [tuple(short for short, col in percentile_columns.items() if pd.notna(row[col]))
                          for _, row in joined.iterrows()]
    joined["sources_rated"] = joined["coverage"].map(len)
    joined["mean_percentile"] = pcts.mean(axis=1, skipna=True)
    joined["disagreement"] = [_disagreement(row, percentile_columns) for _, row in joined.iterrows()]
    joined["rank"] = rank_values(joined["mean_percentile"])
    joined = joined.reset_index().sort_values(
        ["mean_percentile", "model"], ascending=[False, True], na_position="last", kind="stable")
    return joined.reset_index(drop=True)


def _short(measure: Measure) -> str:
    return next(s.short for s in sources() if s.id == measure.source)


def _key(measure: Measure) -> str:
    return _short(measure).lower()


def _disagreement(row: pd.Series, columns: dict[str, str]) -> str | None:
    present = {short: row[col] for short, col in columns.items() if pd.notna(row[col])}
    if len(present) < 2:
        return None
    high = max(present, key=present.get)
    low = min(present, key=present.get)
    if present[high] - present[low] < DISAGREEMENT_POINTS:
        return None
    return f"{high} {present[high]:.0f} vs {low} {present[low]:.0f}"


@memoize_on_data
def to_category_matrix(items: Iterable, models: tuple[str, ...]) -> pd.DataFrame:
    """Design Arena ELO per model (rows, in the given order, by name) and category (columns, by coverage).

    Every given model any item names has a row, NaN where Design Arena does not rate it: a chosen model it
    does not rate at all is a row of NaN, said "not rated" by the figure. No category rated: no columns.
    """
    items = tuple(items)  # the same tuple when it is one: memoised steps still hit
    names = model_choices(items)
    rows = [m for m in dict.fromkeys(models) if m in names]
    da = to_source_frame(items, DESIGN_ARENA.id)
    da = da[da["model_permaslug"].isin(rows)]
    if da.empty:
        return pd.DataFrame(index=[names[m] for m in rows])
    matrix = da.pivot_table(index="model_permaslug", columns="category", values="elo", aggfunc="mean")
    order = matrix.notna().sum().sort_values(ascending=False, kind="stable").index
    matrix = matrix[order].reindex(rows)
    matrix.index = [names[m] for m in matrix.index]
    return matrix


def unrated_rows(matrix: pd.DataFrame) -> list[str]:
    """The rows (models) of a category matrix without a single figure."""
    if matrix.columns.empty:
        return list(matrix.index)
    return list(matrix.index[matrix.isna().all(axis=1)])


def coverage_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many models each source rates here, and how many every one of them does."""
    counts = {s.short: int(frame["coverage"].map(lambda c, short=s.short: short in c).sum()) for s in sources()}
    counts["all"] = int(frame["coverage"].map(len).eq(len(sources())).sum())
    return counts


def describe_counts(total: int, counts: dict[str, int]) -> str:
    """How many models the comparison holds and how many each source rates, in one line (`coverage_counts`)."""
    by_source = [f"{s.label} {counts[s.short]}" for s in sources() if s.short in counts]
    every = "all of them" if len(by_source) > 2 else "both"
    return f"{total} models here. Rated by {', '.join(by_source)}; by {every}: {counts.get('all', 0)}."


def table_columns(measures: tuple[Measure, ...]) -> list[str]:
    per_source = [c for m in measures for c in (f"{_key(m)}_score", f"{_key(m)}_percentile")]
    # Ranked by the overall percentile: rank, it and its coverage lead (in view on a phone), then the model.
    return ["rank", "mean_percentile", "coverage", "model", "url", *per_source, "disagreement", "input_per_1m",
            "output_per_1m"]


TABLE_ROWS = {"all": "All models", "chosen": "Chosen only"}  # link key `rows`


@dataclass(frozen=True)
class Comparison:
    """Everything the Compare page draws, computed once per data, filters and chosen models."""

    frame: pd.DataFrame  # every model, best overall first, ranked before any search or cut
    table: pd.DataFrame  # the rows shown: searched, cut (or narrowed to the chosen), coverage as text
    columns: list[str]
    counts: dict[str, int]
    flagged: pd.DataFrame
    measures: tuple[Measure, ...]
    heatmap_models: tuple[str, ...]
    chosen: pd.DataFrame  # the chosen models' rows, in the order chosen, whatever the search or coverage
    charted: pd.DataFrame  # what the charts draw from: `frame`, and the chosen models it lacks
    left_out: tuple[str, ...] = ()  # names of chosen models the narrowed table does not show (filters)

    @property
    def labels(self) -> dict[str, str]:
        """Per cross-source column prefix, what it measures here."""
        return {_key(m): m.label for m in self.measures}


def require_coverage(frame: pd.DataFrame, min_sources: int) -> pd.DataFrame:
    """Only models rated by at least `min_sources` sources, ranked again among themselves.

    A mean over whichever percentiles exist rewards missing data (one top figure beats two good ones);
    asking for coverage compares like with like.
    """
    if min_sources <= 1:
        return frame
    kept = frame[frame["sources_rated"] >= min_sources]
    return kept.assign(rank=rank_values(kept["mean_percentile"])).reset_index(drop=True)


def chosen_rows(frame: pd.DataFrame, models: Sequence[str]) -> pd.DataFrame:
    """The rows of `models`, in the order given (each once); ids the frame lacks are skipped."""
    by_id = frame.set_index("model_permaslug", drop=False)
    wanted = [m for m in dict.fromkeys(models) if m in by_id.index]
    return by_id.loc[wanted].reset_index(drop=True)


def narrow_to(frame: pd.DataFrame, models: Sequence[str]) -> pd.DataFrame:
    """Only the rows of `models`, in the frame's own order; their ranks stay the ranks among all."""
    return frame[frame["model_permaslug"].isin(list(models))]


@memoize_on_data
def build_comparison(items, task_type: str, arena: str, category: str, text: str, max_rows: int,
                     heatmap_rows: int = 40, min_sources: int = 1, models: tuple[str, ...] = (),
                     only_chosen: bool = False) -> Comparison:
    """The comparison for these filters; with `models` chosen, the charts follow them, and with
    `only_chosen` the table shows only them (ranked among every model the filters keep)."""
    measures = measures_for(task_type, arena, category)
    frame = to_comparison_frame(items, measures)
    shown = search(require_coverage(frame, min_sources), text)
    chosen = chosen_rows(frame, models)
    listed = narrow_to(shown, models) if only_chosen and models else shown.head(max_rows)
    table = listed.assign(coverage=lambda f: f["coverage"].map(" · ".join))
    columns = [c for c in table_columns(measures) if c in ("rank", "model", "url") or table[c].notna().any()]
    rated_by_da = shown.dropna(subset=["da_score"])["model_permaslug"] if "da_score" in shown else shown.iloc[:0]
    missing = chosen[~chosen["model_permaslug"].isin(shown["model_permaslug"])]
    charted = pd.concat([shown, missing], ignore_index=True) if len(missing) else shown
    left_out = tuple(chosen.loc[~chosen["model_permaslug"].isin(table["model_permaslug"]), "model"]) \
        if only_chosen and models else ()
    return Comparison(frame=shown, table=table, columns=columns, counts=coverage_counts(frame),
                      flagged=shown[shown["disagreement"].notna()], measures=measures,
                      heatmap_models=tuple(models) if models else tuple(rated_by_da[:heatmap_rows]),
                      chosen=chosen, charted=charted, left_out=left_out)


def unrated(chosen: pd.DataFrame, key: str) -> list[str]:
    """Names of the chosen models without a figure from the source of that column prefix ("aa", "da")."""
    column = f"{key}_score"
    if column not in chosen:
        return list(chosen["model"])
    return list(chosen.loc[chosen[column].isna(), "model"])


def not_rated_sentence(names: Sequence[str], source_label: str, escape: Callable[[str], str] = str) -> str:
    """"A is not rated by Design Arena here." ("A and B are …"); "" for no one. `escape` each name (Markdown)."""
    if not names:
        return ""
    shown = [escape(n) for n in names]
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{listed} {'is' if len(shown) == 1 else 'are'} not rated by {source_label} here."


@memoize_on_data
def searchable_labels(models: Mapping[str, str]) -> dict[str, str]:
    """What a model picker shows: the name, then the id, so typing either ("Kimi K3", "claude-opus-5")
    finds the model (Streamlit's picker filters on what it shows)."""
    return {slug: f"{name} · {slug}" for slug, name in models.items()}


def describe_category(category: str) -> str:
    return "mean over categories" if category == ALL else category_label(category)
