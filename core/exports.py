"""Downloads of exactly the rows shown, as they read on screen: CSV safe to open in a spreadsheet, and JSON.

Both carry the columns shown under their on-screen labels ("Rank", "Model", "$ in /1M"), figures at the
precision shown (`core.formats.file_value`: an ELO 1133, a score 99.6), the rank as shown, prices as exact
decimals ("3.00", "0.075", from the API's exact per-token prices where known), and where the figures come
from: the citations, each dataset's `as_of`, the link of the view and when the file was made.

JSON: `{"meta": {...}, "rows": [{label: value}, ...]}`; prices are strings, missing values null.

CSV: see `to_csv_bytes` for the form and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from core.catalogue import column
from core.formats import exact_decimal_text, file_value, is_missing
from core.memo import memoize_on_data

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEXT_KINDS = ("text", "link")
FIGURE_KIND = "figure"  # a number already at the precision its row shows (e.g. `core.history`'s figure_shown)
PRICE_SIDES = {"input_per_1m": "prompt_per_million", "output_per_1m": "completion_per_million"}
_AFTER_SEPARATOR = re.compile(r"([,;]\s*)(?=[=+\-@])")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading quote; numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@memoize_on_data
def exact_prices(items: Iterable) -> dict[str, dict[str, Decimal]]:
    """Per model permaslug, its exact price per 1M tokens by column (`input_per_1m`, `output_per_1m`).

    The frames hold these as floats (`core.frames.per_million`); files take the decimal they came from.
    """
    prices: dict[str, dict[str, Decimal]] = {}
    for item in items:
        pricing = getattr(item, "pricing", None)
        if pricing is None or item.model_permaslug in prices:
            continue
        prices[item.model_permaslug] = {name: getattr(pricing, side) for name, side in PRICE_SIDES.items()}
    return prices


def price_text(value: object, exact: Decimal | None = None) -> str | None:
    """A price per 1M tokens as an exact decimal string ("3.00", "0.075", "0.751854"); None if missing.

    `exact` (the API's decimal) is used when it is the price the row shows; otherwise the float's shortest
    repr, which is the decimal it was made from for any price of up to 15 significant digits.
    """
    if is_missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    if exact is not None and float(exact) == number:
        return exact_decimal_text(exact)
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return exact_decimal_text(Decimal(repr(number)))


def headers(columns: Sequence[str]) -> list[str]:
    """The on-screen labels of the columns, each told apart by its id if two share a label."""
    labels = [column(name).label for name in columns]
    return [f"{label} [{name}]" if labels.count(label) > 1 else label for label, name in zip(labels, columns,
                                                                                               strict=True)]


def export_rows(frame: pd.DataFrame, columns: Sequence[str] | None = None,
                prices: Mapping[str, Mapping[str, Decimal]] | None = None) -> list[dict[str, Any]]:
    """The rows as shown, one dict each: labels as keys, values at the precision shown, prices exact."""
    columns = list(frame.columns if columns is None else columns)
    labels = headers(columns)
    kinds = [column(name).kind for name in columns]
    slugs = frame["model_permaslug"].tolist() if "model_permaslug" in frame.columns else [None] * len(frame)
    rows = []
    for slug, values in zip(slugs, frame[columns].itertuples(index=False, name=None), strict=True):
        known = (prices or {}).get(slug, {}) if slug is not None else {}
        row = {}
        for label, name, kind, value in zip(labels, columns, kinds, values, strict=True):
            row[label] = (price_text(value, known.get(name)) if kind == "price"
                          else None if kind == FIGURE_KIND and is_missing(value)
                          else value if kind == FIGURE_KIND else file_value(kind, value))
        rows.append(row)
    return rows


def export_meta(citations: Iterable[str] = (), as_of: Mapping[str, str] | None = None, link: str | None = None,
                generated_at: datetime | None = None) -> dict[str, Any]:
    """Where the rows come from: citation lines, each dataset's `as_of`, the view's link, when made (UTC)."""
    made = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {"citations": list(citations), "as_of": dict(as_of or {}), "link": link or None,
            "generated_at": made.isoformat().replace("+00:00", "Z")}


def to_json_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None, *,
                  meta: Mapping[str, Any] | None = None,
                  prices: Mapping[str, Mapping[str, Decimal]] | None = None) -> bytes:
    """`{"meta": ..., "rows": [...]}` of the rows shown (UTF-8, indented)."""
    document = {"meta": dict(meta) if meta is not None else export_meta(), "rows": export_rows(frame, columns, prices)}
    return json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _comment(text: str) -> str:
    """One `#` line: on one line, and no cell a spreadsheet splits off at a comma may start a formula."""
    flat = " ".join(str(text).split())
    return "# " + _AFTER_SEPARATOR.sub(r"\1'", flat)


def _cell(value: object, kind: str) -> str:
    """Text quoted (and neutralised), numbers and money bare, missing empty (RFC 4180)."""
    if value is None:
        return ""
    if kind in TEXT_KINDS or not isinstance(value, int | float | str):
        return '"' + str(neutralise(str(value))).replace('"', '""') + '"'
    return str(value)


def comment_lines(meta: Mapping[str, Any]) -> list[str]:
    """The meta block as `#` lines: citations, then as-of dates, the view's link and when it was made."""
    lines = [_comment(line) for line in meta.get("citations", ())]
    if meta.get("as_of"):
        lines.append(_comment("Data as of: " + "; ".join(f"{name} {when}" for name, when in meta["as_of"].items())))
    if meta.get("link"):
        lines.append(_comment(f"View: {meta['link']}"))
    lines.append(_comment(f"Generated: {meta.get('generated_at', '')}"))
    return lines


def to_csv_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None, *,
                 meta: Mapping[str, Any] | None = None,
                 prices: Mapping[str, Mapping[str, Decimal]] | None = None) -> bytes:
    """The rows shown as CSV: leading `#` lines (the meta), then the header of labels, then one line a row.

    Why leading `#` lines rather than a block after the rows: the attribution is the first thing read,
    as CC BY asks; the rows stay one rectangular table to its end, so nothing below them needs cutting
    off; and readers skip such lines with one standard option (`pandas.read_csv(..., comment="#")`,
    `csv.reader` over the lines not starting with "#"). A spreadsheet opens it with the notes in the
    first rows and the table under them. To keep that clean: text cells are always quoted (a "#" inside
    a model name is never taken for a comment) and formula-quoted (`neutralise`), numbers and money are
    bare so they read as numbers, missing values are empty, a note never spans lines and no part of it a
    spreadsheet splits off at a comma starts a formula. UTF-8 with a byte-order mark, so spreadsheets
    read "τ-bench" and "—" right (pandas and `utf-8-sig` skip it); CRLF line ends (RFC 4180).
    """
    columns = list(frame.columns if columns is None else columns)
    kinds = {label: column(name).kind for label, name in zip(headers(columns), columns, strict=True)}
    rows = export_rows(frame, columns, prices)
    lines = comment_lines(meta if meta is not None else export_meta())
    lines.append(",".join(_cell(label, "text") for label in kinds))
    lines += [",".join(_cell(row[label], kinds[label]) for label in kinds) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
