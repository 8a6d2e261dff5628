"""The shared sidebar filters, bound to the link."""

from __future__ import annotations

import streamlit as st

from core.catalogue import ALL, ARENAS, TASK_TYPES, category_choices, category_label, source_labels, task_labels
from core.filters import (
    DEFAULT_MAX_ROWS,
    LABELS,
    MAX_ROWS_LIMIT,
    MAX_SEARCH_CHARS,
    Filters,
    active_chips,
    describe_conflict,
    task_conflict,
)
from core.frames import categories_in
from core.text import md
from service.data import shared_data
from ui.links import bound_choice, bound_int, bound_text, reset_to_defaults, set_choice

CHIPS = "filter_chips"  # the key of the row of chips; its buttons are drawn small and round
CHIPS_CSS = (f"<style>.st-key-{CHIPS} button{{min-height:0;padding:0.125rem 0.625rem;border-radius:1rem}}"
             f".st-key-{CHIPS} button p{{font-size:0.875rem}}</style>")
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
    task_type = bound_choice(LABELS["task_type"], task_labels(), "task_type", ALL, where=side, keep=True,
                             help=TASK_HELP)
    arena, category = "models", ALL
    if source in ("design-arena", ALL):
        arena = bound_choice(LABELS["arena"], ARENAS, "arena", "models", where=side, keep=True, also=("da_arena",),
                             help="Design Arena's arenas: single models, app builders, or agents.")
        category = bound_choice(LABELS["category"], category_choices(categories_of(arena)), "category", ALL,
                                where=side, keep=True, help="What the models were asked to build.",
                                also=("da_category",))  # the Pick page's names read too
    max_results = bound_int(LABELS["max_results"], "max_results", 1, MAX_ROWS_LIMIT, DEFAULT_MAX_ROWS, where=side,
                            keep=True, help="Show at most this many of the best-ranked rows.")
    text = bound_text("Search models", "q", MAX_SEARCH_CHARS, where=side, placeholder="e.g. claude, qwen",
                      keep=True)
    return Filters(source, task_type, arena, category, max_results, text)


def current_filters() -> Filters:
    """The view the sidebar selected in this run (defaults when the page has no filters)."""
    return st.session_state.get("filters", Filters())


def _remove(resets: tuple[tuple[str, object], ...]) -> None:
    """A chip's callback: its filters back to their defaults; the sidebar and the link follow."""
    reset_to_defaults({key: float(value) if isinstance(value, int) else value  # `bound_int` draws a float input
                       for key, value in resets})


def render_filter_chips(filters: Filters) -> None:
    """A row of the sidebar filters that are set, each removable with its ✕ (nothing when none is set)."""
    chips = active_chips(filters)
    if not chips:
        return
    st.html(CHIPS_CSS)
    row = st.container(horizontal=True, gap="small", key=CHIPS)
    for chip in chips:
        row.button(md(chip.label), key=f"remove_{chip.key}", icon=":material/close:", icon_position="right",
                   on_click=_remove, args=(chip.resets,), help="Remove this filter")


def render_task_conflict(filters: Filters) -> bool:
    """When the task type and the category contradict each other on Design Arena: say what the view shows,
    with one click to either meaning (the same note on every page with the filters). True when said."""
    said = describe_conflict(filters)
    if said is None:
        return False
    st.info(md(said), icon=":material/rule:")
    conflict = task_conflict(filters)
    left, right, _ = st.columns([2, 2, 5])
    left.button(f"Show {category_label(conflict)}", on_click=set_choice, args=("category", conflict))
    right.button(f"{category_label(filters.category)}, any task", on_click=set_choice, args=("task_type", ALL))
    return True
