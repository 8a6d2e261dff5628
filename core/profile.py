"""Everything known about one model, across sources: per source, every measure it has, with its rank."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.catalogue import clean_name, source_of_item, sources
from core.formats import format_figure
from core.frames import MODEL_URL, measure_by_model, percentile, rank_values, to_source_frame
from core.memo import memoize_on_data

PROFILE_COLUMNS = ["measure", "value", "figure", "rank", "of", "percentile"]


@dataclass(frozen=True)
class SourceProfile:
    source: str  # id
    label: str
    measures: pd.DataFrame  # measure, value, rank, of, percentile; in the catalogue's order
    rows: pd.DataFrame  # the model's own rows of that source, every catalogue column


@dataclass(frozen=True)
class ModelProfile:
    slug: str
    name: str
    url: str
    input_per_1m: float | None
    output_per_1m: float | None
    by_source: tuple[SourceProfile, ...]  # catalogue sources, each even when it does not rate the model
    other: pd.DataFrame  # items of sources the catalogue does not know: source, field, value

    @property
    def sources(self) -> list[str]:
        rated = [p.label for p in self.by_source if not p.measures.empty]
        return rated + sorted(set(self.other["source"])) if not self.other.empty else rated


def _measure_rows(items: tuple, source_id: str, slug: str) -> pd.DataFrame:
    chosen = next(s for s in sources() if s.id == source_id)
    rows = []
    for measure in chosen.measures(items):
        values = measure_by_model(items, measure)
        if slug not in values.index or pd.isna(values[slug]):
            continue
        ranks = rank_values(values)
        rows.append({"measure": measure.short_label, "value": float(values[slug]),
                     "figure": format_figure(measure.column, float(values[slug])), "rank": int(ranks[slug]),
                     "of": int(values.notna().sum()), "percentile": float(percentile(values)[slug])})
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def _other_sources(items: tuple, slug: str) -> pd.DataFrame:
    rows = []
    for item in items:
        if item.model_permaslug != slug or source_of_item(item) is not None:
            continue
        for name, value in (item.model_extra or {}).items():
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                rows.append({"source": str(item.source), "field": name, "value": str(value)})
    return pd.DataFrame(rows, columns=["source", "field", "value"])


@memoize_on_data
def build_profile(items: Iterable, slug: str) -> ModelProfile | None:
    items = tuple(items)
    mine = [item for item in items if item.model_permaslug == slug]
    if not mine:
        return None
    by_source = []
    prices = None
    for chosen in sources():
        frame = to_source_frame(items, chosen.id)
        own = frame[frame["model_permaslug"] == slug]
        if prices is None and not own.empty and own["input_per_1m"].notna().any():
            prices = own.iloc[0]
        by_source.append(SourceProfile(chosen.id, chosen.label, _measure_rows(items, chosen.id, slug),
                                       own.reset_index(drop=True)))
    return ModelProfile(
        slug=slug,
        name=clean_name(mine[0].display_name),
        url=MODEL_URL.format(slug),
        input_per_1m=None if prices is None else float(prices["input_per_1m"]),
        output_per_1m=None if prices is None else float(prices["output_per_1m"]),
        by_source=tuple(by_source),
        other=_other_sources(items, slug),
    )


@memoize_on_data
def model_choices(items: Iterable) -> dict[str, str]:
    """permaslug -> display name of every model any source knows (unknown sources too), sorted by name."""
    names: dict[str, str] = {}
    for item in items:
        names.setdefault(item.model_permaslug, clean_name(item.display_name))
    return dict(sorted(names.items(), key=lambda pair: (pair[1].lower(), pair[0])))
