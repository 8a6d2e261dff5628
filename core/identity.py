"""Who a model is across dates: its permaslug, and the undated base its dated releases share.

A permaslug names one model release ("deepseek/deepseek-v4-flash-20260423"). A newer dated release of the
same model gets a new permaslug ("…-20260731"), and OpenRouter's search evals name models by the undated
id ("anthropic/claude-opus-5") where its other rows use the dated one. So ids are matched exactly first;
ids that only share an undated base are *related*: shown side by side, each under its own id, never merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A dated release: "-20260715", "-2025-08-07", "-0127", "-2512" at the end of the id (after any ":variant").
_DATED = re.compile(r"^(?P<base>.+?)-(?P<date>\d{4}(?:-?\d{2}){0,2})$")


def release_of(slug: str) -> tuple[str, str] | None:
    """(undated base, date digits padded to 8) of a dated permaslug; None when the id carries no date."""
    match = _DATED.match(slug.partition(":")[0])
    if not match:
        return None
    return match["base"], match["date"].replace("-", "").ljust(8, "0")


def undated_base(slug: str) -> str:
    """The id without its ":variant" and its trailing date: what every release of the model shares."""
    release = release_of(slug)
    return release[0] if release else slug.partition(":")[0]


def related_slugs(slug: str, known: Iterable[str]) -> tuple[str, ...]:
    """The other ids among `known` with the same undated base (older or newer releases, the undated id, a
    ":free" variant), sorted; never `slug` itself."""
    base = undated_base(slug)
    return tuple(sorted({other for other in known if other != slug and undated_base(other) == base}))
