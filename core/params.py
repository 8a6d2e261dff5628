"""Checks of values that arrive in a link, before widgets see them.

Streamlit drops a bound widget's invalid URL value silently; these checks
find such values first so the page can say what was ignored and why.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

MAX_SHOWN = 60  # characters of a bad value quoted back to the user


def _shown(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def check_choice(name: str, values: Sequence[str], valid: Collection[str], default: str) -> str | None:
    """A note when a single-choice parameter is repeated or not one of the choices."""
    if not values:
        return None
    if len(values) > 1:
        return f"Link parameter '{name}' was given {len(values)} times; only one value is allowed."
    if values[0] not in valid:
        return f"Ignored {name}={_shown(values[0])!r}: not a known value. Showing {default}."
    return None


def check_choices(name: str, values: Sequence[str], valid: Collection[str]) -> str | None:
    """A note when some values of a multi-choice parameter are unknown."""
    unknown = [v for v in values if v not in valid]
    if not unknown:
        return None
    listed = ", ".join(repr(_shown(v)) for v in unknown[:3]) + (" …" if len(unknown) > 3 else "")
    return f"Ignored {len(unknown)} unknown value(s) of '{name}': {listed}."


def check_number(name: str, values: Sequence[str], low: float, high: float, default: object,
                 *, whole: bool = True) -> str | None:
    """A note when a numeric parameter is repeated, not a number (whole if asked), or out of range."""
    if not values:
        return None
    if len(values) > 1:
        return f"Link parameter '{name}' was given {len(values)} times; only one value is allowed."
    kind = "a whole number" if whole else "a number"
    try:
        number = int(values[0].strip()) if whole else float(values[0].strip())
    except ValueError:
        return f"Ignored {name}={_shown(values[0])!r}: not {kind}. Showing {default}."
    if not low <= number <= high:  # also rejects nan
        return f"Ignored {name}={_shown(values[0])}: must be between {low:g} and {high:g}. Showing {default}."
    return None


def check_text(name: str, values: Sequence[str], max_chars: int) -> str | None:
    if len(values) > 1:
        return f"Link parameter '{name}' was given {len(values)} times; only one value is allowed."
    if values and len(values[0]) > max_chars:
        return f"Ignored '{name}': longer than {max_chars} characters."
    return None


def unknown_params(names: Collection[str], known: Collection[str]) -> str | None:
    unknown = sorted(n for n in names if n not in known)
    if not unknown:
        return None
    listed = ", ".join(repr(_shown(n)) for n in unknown[:5]) + (" …" if len(unknown) > 5 else "")
    return f"Ignored unknown link parameter(s): {listed}."
