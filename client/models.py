"""Wire types of `GET /api/v1/benchmarks`: immutable, tolerant of additive fields.

Prices stay exact (`Decimal`, USD per token). An item that does not fit its
shape is dropped and counted on the response instead of failing the whole
response; only a body that is not the contract at all is an error.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from client.query import is_search_item

MILLION = Decimal(1_000_000)


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class Pricing(_Wire):
    prompt: Decimal
    completion: Decimal

    @property
    def prompt_per_million(self) -> Decimal:
        return self.prompt * MILLION

    @property
    def completion_per_million(self) -> Decimal:
        return self.completion * MILLION


class _Item(_Wire):
    source: str
    model_permaslug: str
    display_name: str


class ArtificialAnalysisItem(_Item):
    source: Literal["artificial-analysis"]
    intelligence_index: float | None
    coding_index: float | None
    agentic_index: float | None
    pricing: Pricing | None = None


class TournamentStats(_Wire):
    first_place: int | None = None
    second_place: int | None = None
    third_place: int | None = None
    fourth_place: int | None = None
    total: int | None = None


class DesignArenaItem(_Item):
    source: Literal["design-arena"]
    arena: str
    category: str
    elo: float
    win_rate: float
    avg_generation_time_ms: float | None = None
    tournament_stats: TournamentStats | None = None
    pricing: Pricing | None = None


class OpenRouterEvalItem(_Item):
    source: Literal["openrouter"]
    benchmark_type: str
    accuracy: float
    accuracy_stddev: float | None = None
    avg_cost_per_task: float | None = None
    total_tasks: int
    last_run_timestamp: str


class SearchRunConfig(_Wire):
    max_agent_turns: int | None = None
    reasoning_effort: str | None = None
    temperature: float | None = None


class OpenRouterSearchItem(_Item):
    source: Literal["openrouter"]
    benchmark_type: str
    primary_metric: str
    primary_score: float
    total_tasks: int
    avg_cost_per_task: float | None = None
    avg_latency_per_task_ms: float | None = None
    search_engine: str
    search_surface: str
    run_config: SearchRunConfig | None = None
    last_run_timestamp: str


class GenericItem(_Item):
    """An item of a source this client does not know yet: kept, not parsed further."""


BenchmarkItem = (
    ArtificialAnalysisItem | DesignArenaItem | OpenRouterEvalItem | OpenRouterSearchItem | GenericItem
)


class EloBounds(_Wire):
    min: float
    max: float


class BenchmarksMeta(_Wire):
    as_of: str
    version: str
    source: str | None = None
    source_url: str | None = None
    citation: str | None = None
    model_count: int
    task_type: str | None = None


class DroppedItem(_Wire):
    index: int
    model_permaslug: str | None
    reason: str


class BenchmarksResponse(_Wire):
    """A parsed 200: items in the API's order, meta, and what had to be dropped."""

    data: tuple[BenchmarkItem, ...]
    meta: BenchmarksMeta
    dropped: tuple[DroppedItem, ...] = ()
    unpriced: tuple[DroppedItem, ...] = ()  # kept, but their price could not be read: now unknown

    @property
    def dropped_count(self) -> int:
        return len(self.dropped)


def _item_type(raw: dict[str, Any]) -> type[_Item]:
    source = raw.get("source")
    if source == "artificial-analysis":
        return ArtificialAnalysisItem
    if source == "design-arena":
        return DesignArenaItem
    if source == "openrouter":
        return OpenRouterSearchItem if is_search_item(raw) else OpenRouterEvalItem
    return GenericItem


def parse_item(raw: Any) -> BenchmarkItem:
    if not isinstance(raw, dict):
        raise ValueError(f"item is a {type(raw).__name__}, not an object")
    return _item_type(raw).model_validate(raw)


def _short_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}"[:200]
    return str(error)[:200]


def readable_price(raw: Any) -> bool:
    """Whether a `pricing` object holds two finite decimal prices (their range is the app's to judge)."""
    if not isinstance(raw, dict):
        return False
    for side in ("prompt", "completion"):
        value = raw.get(side)
        if isinstance(value, bool) or not isinstance(value, str | int | float) or len(str(value)) > 100:
            return False
        try:
            if not Decimal(str(value)).is_finite():
                return False
        except (InvalidOperation, ValueError):
            return False
    return True


def parse_item_keeping_it(raw: Any) -> tuple[BenchmarkItem, bool]:
    """Parse an item; one whose price cannot be read is kept without a price. Returns (item, price unread)."""
    if isinstance(raw, dict) and raw.get("pricing") is not None and not readable_price(raw["pricing"]):
        return parse_item({**raw, "pricing": None}), True
    return parse_item(raw), False


def parse_response(body: Any) -> BenchmarksResponse:
    """Parse a 200 body. Raises ValueError when it is not the contract at all."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise ValueError("body has no 'data' list")
    meta = BenchmarksMeta.model_validate(body.get("meta"))
    items: list[BenchmarkItem] = []
    dropped: list[DroppedItem] = []
    unpriced: list[DroppedItem] = []
    for index, raw in enumerate(body["data"]):
        try:
            item, price_unread = parse_item_keeping_it(raw)
            items.append(item)
            if price_unread:
                unpriced.append(DroppedItem(index=index, model_permaslug=item.model_permaslug,
                                            reason="pricing: not a number; kept without a price"))
        except (ValidationError, ValueError) as error:
            slug = raw.get("model_permaslug") if isinstance(raw, dict) else None
            dropped.append(
                DroppedItem(
                    index=index,
                    model_permaslug=slug if isinstance(slug, str) else None,
                    reason=_short_reason(error),
                )
            )
    return BenchmarksResponse(data=tuple(items), meta=meta, dropped=tuple(dropped), unpriced=tuple(unpriced))
