"""Typed client for OpenRouter's `GET /api/v1/benchmarks`, mirroring the official SDK.

Names are imported lazily (PEP 562): pure modules that only need the wire
types (`client.models`) or the query semantics (`client.query`) do not load
httpx.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "APIConnectionError": "client.errors",
    "APITimeoutError": "client.errors",
    "BadRequestResponseError": "client.errors",
    "InternalServerResponseError": "client.errors",
    "OpenRouterDefaultError": "client.errors",
    "OpenRouterError": "client.errors",
    "ResponseValidationError": "client.errors",
    "TooManyRequestsResponseError": "client.errors",
    "UnauthorizedResponseError": "client.errors",
    "BenchmarksResponse": "client.models",
    "BenchmarkQuery": "client.query",
    "BackoffStrategy": "client.retries",
    "RetryConfig": "client.retries",
    "OpenRouter": "client.sdk",
    "__version__": "client._version",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'client' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
