"""What the sidebar filters select, as one immutable value; which of them are set, in words."""

from __future__ import annotations

from dataclasses import dataclass

from client.query import BenchmarkQuery
from core.catalogue import ALL, ARENAS, DESIGN_ARENA, category_label, measure_for, task_labels

DEFAULT_MAX_ROWS = 100
MAX_ROWS_LIMIT = 10_000
MAX_SEARCH_CHARS = 100
# The sidebar's labels, by link key (the source is not a removable filter: every view has one).
LABELS = {"task_type": "Task type", "arena": "Arena", "category": "Category", "q": "Search",
          "max_results": "Rows"}


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


DEFAULTS = Filters()


@dataclass(frozen=True)
class Chip:
    """One filter that is set: its words, and the link keys a click on its ✕ sets back to their defaults."""

    key: str  # the link key of the filter
    label: str  # "Task type: Coding"; plain text from outside included (escape it for Markdown)
    resets: tuple[tuple[str, object], ...]  # (link key, default value)


def active_chips(filters: Filters) -> list[Chip]:
    """The filters that differ from their defaults, in sidebar order, each with what removing it resets.

    The source is not among them. Removing the arena also clears the category, which belongs to the arena.
    """
    chips = []
    if filters.task_type != DEFAULTS.task_type:
        task = task_labels().get(filters.task_type, filters.task_type)
        chips.append(Chip("task_type", f"{LABELS['task_type']}: {task}", (("task_type", DEFAULTS.task_type),)))
    if filters.shows_design_arena and filters.arena != DEFAULTS.arena:
        resets = (("arena", DEFAULTS.arena),)
        if filters.category != DEFAULTS.category:
            resets += (("category", DEFAULTS.category),)
        chips.append(Chip("arena", f"{LABELS['arena']}: {ARENAS.get(filters.arena, filters.arena)}", resets))
    if filters.shows_design_arena and filters.category != DEFAULTS.category:
        chips.append(Chip("category", f"{LABELS['category']}: {category_label(filters.category)}",
                          (("category", DEFAULTS.category),)))
    if filters.max_results != DEFAULTS.max_results:
        chips.append(Chip("max_results", f"{LABELS['max_results']}: {filters.max_results:,}",
                          (("max_results", DEFAULTS.max_results),)))
    if filters.search:
        chips.append(Chip("q", f"{LABELS['q']}: “{filters.search}”", (("q", DEFAULTS.search),)))
    return chips


def task_conflict(filters: Filters) -> str | None:
    """The category a task type means on Design Arena, when the view shows Design Arena (alone or among every
    source) and the chosen category contradicts it."""
    if not filters.shows_design_arena or filters.task_type == ALL or filters.category == ALL:
        return None
    measure = measure_for(DESIGN_ARENA.id, filters.task_type)
    wanted = dict(measure.where).get("category_slug", ()) if measure else ()
    return wanted[0] if wanted and filters.category not in wanted else None


def describe_conflict(filters: Filters) -> str | None:
    """What a contradicting task type and category mean for the view, and the two ways out (None: no conflict).

    Design Arena alone has nothing to show; a view of every source measures Design Arena by the task's category.
    """
    conflict = task_conflict(filters)
    if conflict is None:
        return None
    task = task_labels().get(filters.task_type, filters.task_type)
    wanted, chosen = category_label(conflict), category_label(filters.category)
    shown = ("" if filters.source == DESIGN_ARENA.id else
             f" Design Arena's figures here are its {wanted} ratings, not {chosen}.")
    return (f"{task} on Design Arena means its {wanted} category, so it cannot be combined with {chosen}.{shown} "
            f"Show {wanted}, or {chosen} for any task.")
