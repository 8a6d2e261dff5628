"""Models joined across sources by `model_permaslug`, each figure as a percentile within its source.

Raw scales are never mixed: an index, an ELO and an accuracy only meet as
percentiles, each computed within its own source over the models it rates.
What each source is measured by comes from `catalogue.measure_for`, so the
Leaderboard's "All sources", Compare and the picker agree.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from core.catalogue import ALL, DESIGN_ARENA, DISAGREEMENT_POINTS, Measure, category_label, measure_for, sources
from core.frames import measure_by_model, percentile, rank_values, search, to_source_frame
from core.identity import undated_base
from core.links import fold_text  # one folding for link values and typed names
from core.links import shown as one_line  # a value quoted back: one line, cut
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


def coverage_counts(frame: pd.DataFrame, measures: tuple[Measure, ...] | None = None) -> dict[str, int]:
    """How many models each source measured here (every source: None) rates, and how many all of them do."""
    shorts = [s.short for s in sources()] if measures is None else [_short(m) for m in measures]
    counts = {short: int(frame["coverage"].map(lambda c, short=short: short in c).sum()) for short in shorts}
    counts["all"] = int(frame["coverage"].map(len).eq(len(shorts)).sum()) if shorts else 0
    return counts


def describe_counts(total: int, counts: dict[str, int], min_sources: int = 1) -> str:
    """How many models the comparison ranks and how many each source rates, in one line (`coverage_counts`);
    a source with no figure for these filters is said so, not counted as rating none."""
    measured = [s for s in sources() if s.short in counts]
    by_source = ", ".join(f"{s.label} {counts[s.short]}" for s in measured)
    every = {2: "both", 3: "all three"}.get(len(measured), f"all {len(measured)}")
    line = (f"{total} models here, each rated by at least {min_sources} sources." if min_sources > 1 else
            f"{total} models here.")
    if measured:
        line += f" Rated by {by_source}" + (f"; by {every}: {counts.get('all', 0)}." if len(measured) > 1 else ".")
    missing = [s.label for s in sources() if s.short not in counts]
    if missing:
        line += f" {' and '.join(missing)} {'has' if len(missing) == 1 else 'have'} no figure for these filters."
    return line


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
    return Comparison(frame=shown, table=table, columns=columns, counts=coverage_counts(frame, measures),
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
    return {slug: f"{name}{LABEL_SEPARATOR}{slug}" for slug, name in models.items()}


@memoize_on_data
def model_standing(items: Iterable, measures: tuple[Measure, ...] | None = None) -> dict[str, tuple[int, float]]:
    """Per model: (sources that rate it, its overall percentile) under `measures` (each source's default when
    None); what "best rated" means when a typed name fits several models: the most sources, then the best."""
    frame = to_comparison_frame(items, measures_for() if measures is None else measures)
    return {slug: (int(rated), -1.0 if pd.isna(pct) else float(pct)) for slug, rated, pct in
            zip(frame["model_permaslug"], frame["sources_rated"], frame["mean_percentile"], strict=True)}


@dataclass(frozen=True)
class Found:
    """What a typed name or id found: the model (None: nothing), how (`BY_ID`, `EXACT`, `CLOSEST`), among how many."""

    slug: str | None
    how: str = ""
    among: int = 0

    def describe(self, typed: str, names: Mapping[str, str], escape: Callable[[str], str] = str) -> str:
        """"Claude Opus 5 (anthropic/…): the best rated of the 2 models named “claude opus 5”." and the like."""
        quoted = f"“{escape(one_line(typed.strip()))}”"
        if self.slug is None:
            return f"No model's name or id matches {quoted}."
        model = f"{escape(names.get(self.slug, self.slug))} ({escape(self.slug)})"
        if self.how == BY_ID:
            return f"{model}: the model with that id."
        if self.how == EXACT:
            return (f"{model}: the model named {quoted}." if self.among == 1 else
                    f"{model}: the best rated of the {self.among} models named {quoted}.")
        return (f"{model}: no model is named {quoted}; "
                + ("the one close to it." if self.among == 1 else f"the best rated of the {self.among} close to it."))


BY_ID, EXACT, CLOSEST = "id", "exact", "closest"
CLOSE_RATIO = 0.75  # a typed name this similar to a name (difflib), when no name or id contains it
MAX_TYPED = 200  # characters of a typed name or id read (the longest id is far shorter)
LABEL_SEPARATOR = " · "  # a picker's label: "name · id" (`searchable_labels`)


def _keys(slug: str, name: str) -> tuple[str, ...]:
    """The folded ways to name a model: the id without the provider, its undated base with and without the
    provider, and its name with and without the provider ("Z.ai: GLM 5.3 Flash" is also "GLM 5.3 Flash")."""
    base = undated_base(slug)
    ways = (slug.partition("/")[2], base, base.partition("/")[2], name, name.partition(": ")[2])
    return tuple(dict.fromkeys(k for k in map(fold_text, ways) if k))


def find_model(text: str, models: Mapping[str, str], standing: Mapping[str, tuple[int, float]]) -> Found:
    """The model a typed name or id means: the one with that id, else those whose name or id it is (case,
    spaces, dots, hyphens and the provider folded away; an undated id names its dated releases), else the
    closest (every model whose name or id contains it, else each of its words, else a name like it); among
    several, the best rated (`model_standing`). One pass over the models."""
    typed = text.strip()[:MAX_TYPED]
    for way in (typed, typed.rpartition(LABEL_SEPARATOR)[2]):  # an id, or a label pasted whole
        if way in models:
            return Found(way, BY_ID, 1)
    wanted = fold_text(typed)
    if not wanted:
        return Found(None)
    words = [w for w in map(fold_text, typed.split()) if w]
    by_id, exact, within, by_words, names = [], [], [], [], {}
    for slug, name in models.items():
        keys = _keys(slug, name)
        if fold_text(slug) == wanted:
            by_id.append(slug)
        elif wanted in keys:
            exact.append(slug)
        elif any(wanted in key for key in keys):
            within.append(slug)
        elif words and all(any(w in key for key in keys) for w in words):
            by_words.append(slug)
        names.setdefault(fold_text(name.partition(": ")[2] or name), []).append(slug)
    how, found = next(((how, found) for how, found in ((BY_ID, by_id), (EXACT, exact)) if found),
                      (CLOSEST, within or by_words))
    if not found:
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=CLOSE_RATIO)
        found = [slug for near in close for slug in names[near]]
    if not found:
        return Found(None)

    def rated(slug: str) -> tuple:
        sources_rated, pct = standing.get(slug, (0, -math.inf))
        return -sources_rated, -pct, models[slug].casefold(), slug

    return Found(min(found, key=rated), how, len(found))


def describe_category(category: str) -> str:
    return "mean over categories" if category == ALL else category_label(category)
