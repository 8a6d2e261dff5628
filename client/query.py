"""The query semantics of `GET /api/v1/benchmarks`, written once.

The stand-in server answers requests with these functions, and the data layer
uses the same ones to answer narrow queries locally from wide cached datasets,
so a filter means the same thing whether the API, the stand-in or the cache
applied it. Items may be raw JSON dicts or parsed models: `field()` reads both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

SOURCES = ("artificial-analysis", "design-arena", "openrouter")
TASK_TYPES = ("coding", "intelligence", "agentic", "search")
ARENAS = ("models", "builders", "agents")
CLASSIC_BENCHMARKS = ("gpqa_diamond", "tau_bench_verified_airline")
SEARCH_BENCHMARKS = ("search_browsecomp", "search_hle", "search_dsqa", "search_widesearch")
BENCHMARK_TYPES = CLASSIC_BENCHMARKS + SEARCH_BENCHMARKS
SEARCH_SURFACES = ("server-tool", "plugin")
MAX_RESULTS_LIMIT = 100
DEFAULT_MAX_RESULTS = 50
DEFAULT_ARENA = "models"

# task_type -> the Artificial Analysis index it requires to be non-null.
AA_INDEX_FOR_TASK = {
    "coding": "coding_index",
    "intelligence": "intelligence_index",
    "agentic": "agentic_index",
}
# task_type -> the Design Arena category it maps to (the contract names only coding).
DA_CATEGORY_FOR_TASK = {"coding": "codecategories"}
# task_type -> the OpenRouter classic eval that measures it.
OR_BENCHMARK_FOR_TASK = {"intelligence": "gpqa_diamond", "agentic": "tau_bench_verified_airline"}


class InvalidQuery(ValueError):
    """A parameter the API answers with 400."""


def field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def is_search_item(item: Any) -> bool:
    if field(item, "source") != "openrouter":
        return False
    kind = field(item, "benchmark_type")
    if isinstance(kind, str):
        return kind.startswith("search_")
    return field(item, "primary_score") is not None


@dataclass(frozen=True)
class BenchmarkQuery:
    """One request's parameters, as the API sees them (None = not sent)."""

    source: str | None = None
    task_type: str | None = None
    arena: str | None = None
    category: str | None = None
    max_results: int | None = None
    benchmark_type: str | None = None
    search_engine: str | None = None
    search_surface: str | None = None
    include_run_config: bool = False

    def to_params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        for name in _FIELD_NAMES:
            value = getattr(self, name)
            if value is None or value is False:
                continue
            params[name] = "true" if value is True else str(value)
        return params

    def key(self) -> str:
        """A normalised query string: same parameters, same key, whatever the order (made once per query)."""
        made = self.__dict__.get("_key")
        if made is None:
            made = "&".join(f"{k}={v}" for k, v in sorted(self.to_params().items()))
            object.__setattr__(self, "_key", made)  # frozen, and equal queries give equal keys: a cache
        return made

    def but(self, **changes: Any) -> BenchmarkQuery:
        return replace(self, **changes)

    @property
    def effective_max_results(self) -> int:
        return DEFAULT_MAX_RESULTS if self.max_results is None else self.max_results

    @property
    def effective_arena(self) -> str:
        return self.arena or DEFAULT_ARENA

    @classmethod
    def from_params(cls, params: Mapping[str, str], sources: Sequence[str] = SOURCES) -> BenchmarkQuery:
        """Parse wire parameters strictly, as the API does (InvalidQuery = 400); `sources` are the valid ones."""
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, raw in params.items():
            if name not in names:
                continue  # the API ignores parameters it does not know
            if name == "max_results":
                values[name] = _parse_max_results(raw)
            elif name == "include_run_config":
                values[name] = _parse_bool(raw)
            else:
                values[name] = raw
        query = cls(**values)
        check_known_values(query, sources)
        return query


_FIELD_NAMES = tuple(f.name for f in fields(BenchmarkQuery))


def _parse_max_results(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise InvalidQuery(f"max_results must be an integer, got {raw[:40]!r}") from None
    return value


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0", ""):
        return False
    raise InvalidQuery(f"include_run_config must be true or false, got {raw[:40]!r}")


def check_known_values(query: BenchmarkQuery, sources: Sequence[str] = SOURCES) -> None:
    """Raise InvalidQuery for what the API rejects: unknown enum values, bad max_results."""
    checks = (
        ("source", query.source, sources),
        ("task_type", query.task_type, TASK_TYPES),
        ("arena", query.arena, ARENAS),
        ("benchmark_type", query.benchmark_type, BENCHMARK_TYPES),
        ("search_surface", query.search_surface, SEARCH_SURFACES),
    )
    for name, value, allowed in checks:
        if value is not None and value not in allowed:
            raise InvalidQuery(f"Invalid {name} {value[:60]!r}: expected one of {', '.join(allowed)}")
    if query.max_results is not None and not 1 <= query.max_results <= MAX_RESULTS_LIMIT:
        raise InvalidQuery(f"max_results must be between 1 and {MAX_RESULTS_LIMIT}")


def matches(item: Any, query: BenchmarkQuery) -> bool:
    """Whether the API would include this item in the answer to this query."""
    source = field(item, "source")
    if query.source is not None and source != query.source:
        return False
    if source == "artificial-analysis":
        return _aa_matches(item, query)
    if source == "design-arena":
        return _da_matches(item, query)
    if source == "openrouter":
        return _or_matches(item, query)
    # Unknown sources only appear when no source filter excludes them.
    return query.task_type is None and not _wants_search_only(query)


def _wants_search_only(query: BenchmarkQuery) -> bool:
    return query.task_type == "search" or (query.benchmark_type or "").startswith("search_")


def _aa_matches(item: Any, query: BenchmarkQuery) -> bool:
    if _wants_search_only(query):
        return False
    if query.task_type is None:
        return True
    index = AA_INDEX_FOR_TASK.get(query.task_type)
    return index is not None and field(item, index) is not None


def _da_matches(item: Any, query: BenchmarkQuery) -> bool:
    if _wants_search_only(query):
        return False
    if field(item, "arena") != query.effective_arena:
        return False
    if query.category is not None and field(item, "category") != query.category:
        return False
    if query.task_type is None:
        return True
    return field(item, "category") == DA_CATEGORY_FOR_TASK.get(query.task_type)


def _or_matches(item: Any, query: BenchmarkQuery) -> bool:
    search = is_search_item(item)
    kind = field(item, "benchmark_type")
    if query.benchmark_type is not None and kind != query.benchmark_type:
        return False
    if query.task_type == "search" and not search:
        return False
    if query.task_type in OR_BENCHMARK_FOR_TASK and kind != OR_BENCHMARK_FOR_TASK[query.task_type]:
        return False
    if query.task_type == "coding":
        return False
    if search:
        if query.search_engine is not None and field(item, "search_engine") != query.search_engine:
            return False
        if query.search_surface is not None and field(item, "search_surface") != query.search_surface:
            return False
    return True


def score(item: Any, query: BenchmarkQuery) -> float | None:
    """The figure an item is ranked by for this query (higher is better)."""
    source = field(item, "source")
    if source == "artificial-analysis":
        return field(item, AA_INDEX_FOR_TASK.get(query.task_type or "", "intelligence_index"))
    if source == "design-arena":
        return field(item, "elo")
    if source == "openrouter":
        return field(item, "primary_score") if is_search_item(item) else field(item, "accuracy")
    return None


def _rank(item: Any, query: BenchmarkQuery) -> tuple[int, float]:
    value = score(item, query)
    try:
        number = float(value)  # drifted numbers may arrive as strings
    except (TypeError, ValueError):
        return (1, 0.0)  # no score: after every scored item, never as 0
    return (0, -number)


def select_items(
    items: Iterable[Any], query: BenchmarkQuery, *, cut: bool = True
) -> list[Any]:
    """Filter, rank best first within each source, and cut to max_results.

    Sources keep the order they come in and are never ranked against each
    other: an ELO and an accuracy share no scale. Ties keep their input order.
    """
    chosen = [item for item in items if matches(item, query)]
    order: dict[Any, int] = {}
    for item in chosen:
        order.setdefault(field(item, "source"), len(order))
    chosen.sort(key=lambda item: (order[field(item, "source")], *_rank(item, query)))
    return chosen[: query.effective_max_results] if cut else chosen


def model_count(items: Sequence[Any]) -> int:
    return len({field(item, "model_permaslug") for item in items})


def identity(item: Any) -> tuple:
    """What makes an item unique within the API's answers, for merging slices."""
    return tuple(
        field(item, name)
        for name in ("source", "model_permaslug", "arena", "category", "benchmark_type",
                     "search_engine", "search_surface")
    )


def build_meta(
    dataset_metas: Sequence[Mapping[str, Any]], items: Sequence[Any], query: BenchmarkQuery
) -> dict[str, Any]:
    """`meta` of an answer, as the API fills it, from the metas of the datasets it drew on."""
    relevant = [m for m in dataset_metas if query.source in (None, m.get("source"))]
    single = relevant[0] if query.source and relevant else {}
    meta: dict[str, Any] = {
        "as_of": max((m.get("as_of") or "" for m in relevant), default=""),
        "version": "v1",
        "source": query.source,
        "source_url": single.get("source_url"),
        "citation": single.get("citation"),
        "model_count": model_count(items),
        "task_type": query.task_type,
    }
    if query.source == "design-arena":
        elos = [field(item, "elo") for item in items if field(item, "elo") is not None]
        meta["arena"] = query.effective_arena
        meta["category"] = query.category
        meta["elo_bounds"] = {"min": min(elos), "max": max(elos)} if elos else None
    return meta
