"""One number format for every page: figures by their catalogue column's kind."""

from __future__ import annotations

import math

from core.catalogue import column


def format_figure(column_id: str, value: float | None) -> str:
    """A figure as the tables show it: ELO whole, percentages with %, one decimal otherwise; "—" if missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    kind = column(column_id).kind
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "percent":
        return f"{value:.1f} %"
    if kind in ("price", "cost"):
        return f"${value:,.3f}"
    if kind == "seconds":
        return f"{value:.1f} s"
    return f"{value:.1f}"
