"""One number format for every page and file: figures by their catalogue column's kind.

On screen (`format_value`, `format_figure`, `money`):

- money (`price`, `cost`): "$3.00", "$1,050.00": two decimals with thousands separators; below $0.10 up to
  three significant digits, at least two decimals ("$0.075", "$0.0375", "$0.05"), never "$25.000";
- whole numbers (`int`: ELO, ranks, counts): "1,133";
- percentages (`percent`: win rate, scores, percentiles, all on a 0–100 scale): "52.3%";
- other figures (`number`): one decimal, "63.1"; durations (`seconds`): "12.3 s";
- missing: "—", never "None" or "nan".

In files (`file_value`, used by `core.exports`): the same precision without "$", "%" or separators, so a
spreadsheet reads numbers; money as decimal strings.

In the grid (`GRID_FORMATS`): the same formats as printf strings for Streamlit's NumberColumn (sprintf-js,
where "%,.0f" groups thousands and rounds, unlike "%d", which truncates). Money is not among them: its
decimals vary per value, which no column format can say, so `ui.tables` draws money cells from `money`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.catalogue import column

MISSING = "—"
MONEY_KINDS = ("price", "cost")
GRID_FORMATS = {"int": "%,.0f", "number": "%,.1f", "percent": "%.1f%%", "seconds": "%,.1f s"}
_DECIMALS = {"int": 0, "number": 1, "percent": 1, "seconds": 1}
_CENT = Decimal("0.01")
_TEN_CENTS = Decimal("0.1")


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA, or anything that is not a number where one is expected."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN (float or Decimal) is the only value unequal to itself
    except (TypeError, InvalidOperation):  # pandas.NA refuses to be a bool; a signalling NaN to compare
        return True


def _decimal(value: Decimal | float | int) -> Decimal:
    """The exact decimal a figure reads as: a float by its shortest repr (0.075, not 0.07499999…)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(float(value)))


def money_decimal(value: Decimal | float | int) -> Decimal:
    """A money amount rounded (half up) as it is shown: cents, or three significant digits below $0.10."""
    amount = _decimal(value)
    if amount == 0 or abs(amount) >= _TEN_CENTS:
        return amount.quantize(_CENT, ROUND_HALF_UP)
    shown = amount.quantize(Decimal(1).scaleb(amount.adjusted() - 2), ROUND_HALF_UP)
    if abs(shown) >= _TEN_CENTS:  # 0.09996 rounds up to ten cents
        return shown.quantize(_CENT, ROUND_HALF_UP)
    shown = shown.normalize()
    return shown.quantize(_CENT) if shown.as_tuple().exponent > -2 else shown  # type: ignore[operator]


def money_text(value: Decimal | float | int, *, grouping: bool = True) -> str:
    """A money amount without "$": "1,050.00", "0.075" ("1050.00" without grouping, for files)."""
    return format(money_decimal(value), ",f" if grouping else "f")


def money(value: Decimal | float | int | None) -> str:
    """A money amount as every page shows it: "$3.00", "$0.075", "$1,050.00", "-$0.50"; "—" if missing."""
    if is_missing(value):
        return MISSING
    try:
        text = money_text(value)  # type: ignore[arg-type]
    except (InvalidOperation, ValueError, OverflowError):  # an infinity: no amount to show
        return MISSING
    return f"-${text[1:]}" if text.startswith("-") else f"${text}"


def format_value(kind: str, value: object) -> str:
    """A value of a column kind as the pages show it (see the module docstring)."""
    if is_missing(value):
        return MISSING
    if kind in ("text", "link"):
        return str(value)
    if kind in MONEY_KINDS:
        return money(value)  # type: ignore[arg-type]
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return MISSING
    text = _fixed(number, _DECIMALS.get(kind, 1), grouping=True)
    return {"percent": f"{text}%", "seconds": f"{text} s"}.get(kind, text)


def format_figure(column_id: str, value: object) -> str:
    """A figure of a catalogue column as the tables show it: "1,391" for an ELO, "52.3%" for a win rate."""
    return format_value(column(column_id).kind, value)


def file_value(kind: str, value: object) -> int | float | str | None:
    """A value of a column kind for a file, at the precision shown: 1133 (not 1133.0), 99.6 (not
    99.57264957264957), money as a decimal string ("0.075"); None if missing. Prices that have an exact
    decimal are written by `core.exports` from it instead.
    """
    if is_missing(value):
        return None
    if kind in ("text", "link"):
        return str(value)
    if kind in MONEY_KINDS:
        try:
            return money_text(value, grouping=False)  # type: ignore[arg-type]
        except (InvalidOperation, ValueError, OverflowError):
            return None
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return None
    decimals = _DECIMALS.get(kind, 1)
    rounded = _fixed(number, decimals, grouping=False)  # the digits the page shows, so file and screen agree
    return int(rounded) if decimals == 0 else float(rounded)


def _fixed(number: float, decimals: int, *, grouping: bool) -> str:
    """`number` to `decimals` places as the grid's sprintf-js does (JavaScript's toFixed): the exact binary
    value rounded, halves up (1132.5 -> "1133", where Python's format would give "1132").
    """
    rounded = Decimal(number).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return format(rounded, ",f" if grouping else "f")


def exact_decimal_text(value: Decimal) -> str:
    """An exact decimal with at least two places and no exponent: "3.00", "0.075", "0.751854"."""
    normal = value.normalize()
    if normal.as_tuple().exponent > -2:  # type: ignore[operator]
        normal = normal.quantize(_CENT)
    return format(normal, "f")
