"""The shared sidebar filters, bound to the link."""

from __future__ import annotations

import streamlit as st

from core.catalogue import ALL, ARENAS, TASK_TYPES, category_choices, source_labels, task_labels
from core.filters import DEFAULT_MAX_ROWS, MAX_ROWS_LIMIT, MAX_SEARCH_CHARS, Filters
from core.frames import categories_in
from service.data import shared_data
from ui.links import bound_choice, bound_int, bound_text

TASK_HELP = "What each task type ranks by, per source: " + "; ".join(
    f"{task.label}: " + ", ".join(m.label for m in task.measures.values()) for task in TASK_TYPES.values()) + "."


def categories_of(arena: str) -> list[str]:
    return categories_in(shared_data().load_dataset(f"design-arena-{arena}").dataset.items)


def render_filters(*, by_source: bool = True) -> Filters:
    """The shared sidebar filters; returns the view they select.

    `by_source=False` (pages that always draw on every source) hides the
    source picker and always offers Design Arena's arena and category.
    """
    side = st.sidebar
    side.header("Filters")
    source = ALL
    if by_source:
        source = bound_choice("Source", source_labels(), "source", "artificial-analysis", where=side, keep=True,
                              help="Which benchmark publisher's figures to show.")
    task_type = bound_choice("Task type", task_labels(), "task_type", ALL, where=side, keep=True,
                             help=TASK_HELP)
    arena, category = "models", ALL
    if source in ("design-arena", ALL):
        arena = bound_choice("Arena", ARENAS, "arena", "models", where=side, keep=True,
                             help="Design Arena's arenas: single models, app builders, or agents.")
        category = bound_choice("Category", category_choices(categories_of(arena)), "category", ALL,
                                where=side, keep=True, help="What the models were asked to build.")
    max_results = bound_int("Rows", "max_results", 1, MAX_ROWS_LIMIT, DEFAULT_MAX_ROWS, where=side, keep=True,
                            help="Show at most this many of the best-ranked rows.")
    text = bound_text("Search models", "q", MAX_SEARCH_CHARS, where=side, placeholder="e.g. claude, qwen",
                      keep=True)
    return Filters(source, task_type, arena, category, max_results, text)


def current_filters() -> Filters:
    """The view the sidebar selected in this run (defaults when the page has no filters)."""
    return st.session_state.get("filters", Filters())


