"""Faults on demand, selected by `POST /_admin/faults`.

A fault spec is JSON: `{"kind": ..., "count": N}` (the next N matching
requests) or `{"kind": ..., "fraction": 0.3}` (that share of them, seeded),
optionally `"skip": K` (let K matching requests through first, to fail in the
middle of a multi-request fetch) and `"match": {"source": "design-arena"}`
(only requests whose parameters include these).

Kinds: `status` (any `status`, optional `body`, `headers`), `latency`
(`delay_ms`, then a normal answer), `hang` (`seconds`, then the connection is
closed with no answer), `disconnect`, `non_json`, `truncated_json`, `drift`
(`variant`: missing_field, extra_fields, unknown_source, numbers_as_strings,
nulls), `oversized` (`size_bytes`, default 10 MB, valid JSON), `trickle`
(`interval_ms`, `total_s`: 200 headers at once, then the answer one byte per
interval until it ends or `total_s` has passed, then the connection is
closed), `nested` (`depth` nested arrays, valid JSON, as `status`, default
200), `mutate` (`variant`: see MUTATIONS; the answer's first `items` items
changed, one per value of the variant unless `value` picks one; `field`
picks the score field of `non_finite` and `duplicate`).

Mutations change the JSON as served, raw, as the real API could send it:
`NaN` and `Infinity` are bare tokens, `1e400` is a number literal, prices
stay the strings the API sends.
"""

from __future__ import annotations

import copy
import json
import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "status",
    "latency",
    "hang",
    "disconnect",
    "non_json",
    "truncated_json",
    "drift",
    "oversized",
    "trickle",
    "nested",
    "mutate",
)
DRIFT_VARIANTS = ("missing_field", "extra_fields", "unknown_source", "numbers_as_strings", "nulls")

# variant -> the values it serves by default, one per mutated item (`value` picks one)
MUTATIONS: dict[str, tuple[Any, ...]] = {
    "non_finite": ("NaN", "Infinity", "-Infinity", "1e400"),  # raw JSON tokens in a score field
    "negative_price": ("-1",),
    "huge_price": ("1e999999", "2e18", "1e12"),
    "empty_price": ("",),
    "duplicate": (None,),  # a second item of the same model_permaslug, its score + 10 (or `value`)
    "unknown_source": ("lmarena",),
    "hostile_text": (
        '<a href="https://evil.example/phish">x</a>',
        "https://evil.example/login",
        "www.evil.example",
        "[Claim](https://evil.example/claim) ![t](https://evil.example/pixel.png)",
        "gpt\u202eevil\u202c-5",
    ),
}
# the score a mutation changes: the first of these the item has (the measure its source is ranked by first)
SCORE_FIELDS = ("intelligence_index", "elo", "accuracy", "primary_score", "coding_index", "agentic_index",
                "win_rate")
_RAW_NUMBER = re.compile(r"-?(?:NaN|Infinity|[0-9][0-9.]{0,400}(?:[eE][+-]?[0-9]{1,7})?)")
MAX_NESTED_DEPTH = 10_000_000


class FaultSpecError(ValueError):
    pass


@dataclass
class Fault:
    kind: str
    options: dict[str, Any]
    count: int | None = None
    fraction: float | None = None
    skip: int = 0
    match: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, spec: Any) -> Fault:
        if not isinstance(spec, dict) or spec.get("kind") not in KINDS:
            raise FaultSpecError(f"fault needs 'kind', one of {', '.join(KINDS)}")
        options = {k: v for k, v in spec.items() if k not in ("kind", "count", "fraction", "skip", "match")}
        if spec["kind"] == "drift" and options.get("variant") not in DRIFT_VARIANTS:
            raise FaultSpecError(f"drift needs 'variant', one of {', '.join(DRIFT_VARIANTS)}")
        if spec["kind"] == "status" and not 100 <= int(options.get("status", 0)) <= 599:
            raise FaultSpecError("status needs 'status' between 100 and 599")
        if spec["kind"] == "nested":
            if not 100 <= int(options.get("status", 200)) <= 599:
                raise FaultSpecError("nested takes 'status' between 100 and 599")
            if not 1 <= int(options.get("depth", 100_000)) <= MAX_NESTED_DEPTH:
                raise FaultSpecError(f"nested takes 'depth' between 1 and {MAX_NESTED_DEPTH:,}")
        if spec["kind"] == "trickle" and (
            not float(options.get("interval_ms", 500)) > 0 or not float(options.get("total_s", 30)) >= 0
        ):
            raise FaultSpecError("trickle takes 'interval_ms' > 0 and 'total_s' >= 0")
        if spec["kind"] == "mutate":
            _check_mutation(options)
        count = spec.get("count")
        fraction = spec.get("fraction")
        if count is None and fraction is None:
            count = 1
        return cls(
            kind=spec["kind"],
            options=options,
            count=None if count is None else int(count),
            fraction=None if fraction is None else float(fraction),
            skip=int(spec.get("skip", 0)),
            match={str(k): str(v) for k, v in (spec.get("match") or {}).items()},
        )

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.options,
            "count": self.count,
            "fraction": self.fraction,
            "skip": self.skip,
            "match": self.match,
        }


class FaultBook:
    """The active faults; thread-safe. The first fault that takes a request wins."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._random = random.Random(seed)

    def add(self, faults: list[Fault]) -> None:
        with self._lock:
            self._faults.extend(faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def active(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.describe() for fault in self._faults]

    def take(self, params: Mapping[str, str]) -> Fault | None:
        with self._lock:
            for fault in list(self._faults):
                if any(params.get(k) != v for k, v in fault.match.items()):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                if fault.fraction is not None:
                    if self._random.random() < fault.fraction:
                        return fault
                    continue
                fault.count = (fault.count or 1) - 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return fault
        return None


def drift(body: dict[str, Any], variant: str) -> dict[str, Any]:
    """The same answer, with its items bent the way an evolving API might bend them."""
    body = copy.deepcopy(body)
    items = body["data"]
    for item in items:
        if variant == "missing_field":
            for name in ("elo", "intelligence_index", "accuracy", "primary_score", "display_name"):
                if name in item:
                    del item[name]
                    break
        elif variant == "extra_fields":
            item["new_metric"] = 0.5
            item["nested_extra"] = {"added": True}
        elif variant == "unknown_source":
            item["source"] = "new-benchmark-co"
        elif variant == "numbers_as_strings":
            for key, value in list(item.items()):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    item[key] = str(value)
        elif variant == "nulls":
            for key in list(item):
                item[key] = None
    if variant == "extra_fields":
        body["meta"]["new_meta_field"] = "additive"
    return body


def pad(body: dict[str, Any], size_bytes: int) -> dict[str, Any]:
    body = dict(body)
    body["meta"] = {**body["meta"], "padding": "x" * max(0, size_bytes)}
    return body


def _check_mutation(options: dict[str, Any]) -> None:
    variant = options.get("variant")
    if variant not in MUTATIONS:
        raise FaultSpecError(f"mutate needs 'variant', one of {', '.join(MUTATIONS)}")
    items = options.get("items")
    if items is not None and items != "all" and (isinstance(items, bool) or not isinstance(items, int)
                                                  or items < 1):
        raise FaultSpecError("mutate takes 'items': a positive count or \"all\"")
    if variant == "non_finite" and "value" in options and not _RAW_NUMBER.fullmatch(str(options["value"])):
        raise FaultSpecError("non_finite takes a 'value' that is a JSON number or NaN / Infinity / -Infinity")


def nested(depth: int) -> bytes:
    """Valid JSON nested `depth` arrays deep: deeper than a recursive parser follows."""
    return b"[" * depth + b"]" * depth


def mutate(body: dict[str, Any], options: Mapping[str, Any]) -> bytes:
    """The answer encoded with its first items mutated as `options` say (see MUTATIONS)."""
    body = copy.deepcopy(body)
    variant = options["variant"]
    values = (options["value"],) if "value" in options else MUTATIONS[variant]
    items: list[Any] = body["data"]
    wanted = options.get("items", len(values))
    count = len(items) if wanted == "all" else min(int(wanted), len(items))
    raw: dict[str, str] = {}  # placeholder -> raw JSON token, put in after encoding

    def token(text: str) -> str:
        placeholder = f"@@raw-token-{len(raw)}@@"
        raw[placeholder] = text
        return placeholder

    twins: list[tuple[int, dict[str, Any]]] = []
    for index in range(count):
        item = items[index]
        if not isinstance(item, dict):
            continue
        value = values[index % len(values)]
        score = options.get("field") or next((name for name in SCORE_FIELDS if name in item), SCORE_FIELDS[0])
        if variant == "non_finite":
            item[score] = token(str(value))
        elif variant in ("negative_price", "huge_price", "empty_price"):
            item["pricing"] = {**(item.get("pricing") or {}), "prompt": value, "completion": value}
        elif variant == "duplicate":
            twin = copy.deepcopy(item)
            old = item.get(score)
            base = old if isinstance(old, int | float) and not isinstance(old, bool) else 0
            twin[score] = value if value is not None else base + 10
            twins.append((index, twin))
        elif variant == "unknown_source":
            item["source"] = value
        elif variant == "hostile_text":
            item["display_name"] = value
            if "category" in item:
                item["category"] = value
    for index, twin in reversed(twins):  # each twin right after its original
        items.insert(index + 1, twin)
    encoded = json.dumps(body)
    for placeholder, text in raw.items():
        encoded = encoded.replace(json.dumps(placeholder), text)
    return encoded.encode()
