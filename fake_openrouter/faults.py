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
nulls), `oversized` (`size_bytes`, default 10 MB, valid JSON).
"""

from __future__ import annotations

import copy
import random
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
)
DRIFT_VARIANTS = ("missing_field", "extra_fields", "unknown_source", "numbers_as_strings", "nulls")


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
