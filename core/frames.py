"""API items -> tidy DataFrames, ready to show."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from client.models import ArtificialAnalysisItem, Pricing

MODEL_URL = "https://openrouter.ai/{}"


def per_million(pricing: Pricing | None, side: str) -> float | None:
    if pricing is None:
        return None
    return float(getattr(pricing, side) * 1_000_000)


def to_artificial_analysis_frame(items: Iterable[ArtificialAnalysisItem]) -> pd.DataFrame:
    """One row per model, ranked by intelligence index (missing values last, never 0)."""
    rows = [
        {
            "model": item.display_name.strip(),
            "url": MODEL_URL.format(item.model_permaslug),
            "intelligence_index": item.intelligence_index,
            "coding_index": item.coding_index,
            "agentic_index": item.agentic_index,
            "input_per_1m": per_million(item.pricing, "prompt"),
            "output_per_1m": per_million(item.pricing, "completion"),
        }
        for item in items
        if isinstance(item, ArtificialAnalysisItem)
    ]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values(
        ["intelligence_index", "coding_index"], ascending=False, na_position="last", kind="stable"
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame
