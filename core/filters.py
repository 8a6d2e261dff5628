"""What the sidebar filters select, as one immutable value."""

from __future__ import annotations

from dataclasses import dataclass

from client.query import BenchmarkQuery
from core.catalogue import ALL, DESIGN_ARENA

DEFAULT_MAX_ROWS = 100
MAX_ROWS_LIMIT = 10_000
MAX_SEARCH_CHARS = 100


@dataclass(frozen=True)
class Filters:
    source: str = "artificial-analysis"  # a source slug, or ALL
    task_type: str = ALL
    arena: str = "models"
    category: str = ALL
    max_results: int = DEFAULT_MAX_ROWS
    search: str = ""

    @property
    def shows_design_arena(self) -> bool:
        return self.source in (DESIGN_ARENA.id, ALL)

    def query(self) -> BenchmarkQuery:
        """The data-layer query for this view; rows are cut after ranking, not by the API."""
        return BenchmarkQuery(
            source=None if self.source == ALL else self.source,
            task_type=None if self.task_type == ALL else self.task_type,
            arena=self.arena if self.shows_design_arena else None,
            category=None if self.category == ALL or not self.shows_design_arena else self.category,
        )
