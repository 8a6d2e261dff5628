"""Readable labels for the API's slugs. Labels are what the URL carries, so they are unique."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.memo import memoize_on_data

ALL = "*"  # "no filter" in choice widgets: never a real slug

SOURCES = {
    "artificial-analysis": "Artificial Analysis",
    "design-arena": "Design Arena",
    "openrouter": "OpenRouter evals",
    ALL: "All sources",
}
SOURCE_SHORT = {"artificial-analysis": "AA", "design-arena": "DA", "openrouter": "OR"}
TASK_TYPES = {ALL: "Any task", "coding": "Coding", "intelligence": "Intelligence", "agentic": "Agentic",
              "search": "Search"}
ARENAS = {"models": "Models", "builders": "Builders", "agents": "Agents"}
BENCHMARKS = {
    "gpqa_diamond": "GPQA Diamond",
    "tau_bench_verified_airline": "τ-bench (airline, verified)",
    "search_browsecomp": "BrowseComp (search)",
    "search_hle": "HLE (search)",
    "search_dsqa": "DSQA (search)",
    "search_widesearch": "WideSearch (search)",
}
INDICES = {
    "intelligence_index": "Intelligence index",
    "coding_index": "Coding index",
    "agentic_index": "Agentic index",
}
CATEGORIES = {
    "codecategories": "Code",
    "uicomponent": "UI components",
    "gamedev": "Game dev",
    "3d": "3D",
    "dataviz": "Data viz",
    "image": "Image",
    "video": "Video",
    "svg": "SVG",
    "website": "Websites",
    "asciiart": "ASCII art",
    "graphicdesign": "Graphic design",
    "logo": "Logos",
    "imageediting": "Image editing",
    "fullstack": "Full-stack apps",
    "mobileapps": "Mobile apps",
    "webapps": "Web apps",
    "androidnative": "Android native",
    "godotgamedev": "Godot game dev",
    "agenticgamedev": "Agentic game dev",
    "htmlslides": "HTML slides",
    "python-pptxslides": "python-pptx slides",
    "pptxslides": "PPTX slides",
    "agentichtmlslides": "Agentic HTML slides",
    "agenticslides": "Agentic slides",
    "agenticslides(html)": "Agentic slides (HTML)",
    "agenticslides(python-pptx)": "Agentic slides (python-pptx)",
}


def category_label(slug: str) -> str:
    """A readable label for a Design Arena category, known or not."""
    if slug in CATEGORIES:
        return CATEGORIES[slug]
    base, _, detail = slug.partition("(")
    words = re.sub(r"[-_]+", " ", base).strip() or slug
    label = words[:1].upper() + words[1:]
    return f"{label} ({detail.rstrip(')')})" if detail else label


def category_choices(slugs: Iterable[str]) -> dict[str, str]:
    """slug -> label for a category picker, "All categories" first, every label unique."""
    choices = {ALL: "All categories"}
    used = {"All categories"}
    for slug in sorted(set(slugs), key=lambda s: category_label(s).lower()):
        label = category_label(slug)
        if label in used:
            label = f"{label} [{slug}]"
        used.add(label)
        choices[slug] = label
    return choices


@memoize_on_data
def categories_in(items: tuple) -> list[str]:
    """The Design Arena categories present in a dataset's items, sorted."""
    return sorted({item.category for item in items if getattr(item, "category", None)})


def clean_name(name: str) -> str:
    """Display names as published can carry trailing or doubled spaces."""
    return " ".join(name.split())
