"""Typed, cached client for OpenRouter's `GET /api/v1/benchmarks`."""

from client._version import __version__
from client.errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestResponseError,
    InternalServerResponseError,
    OpenRouterDefaultError,
    OpenRouterError,
    ResponseValidationError,
    TooManyRequestsResponseError,
    UnauthorizedResponseError,
)
from client.models import BenchmarksResponse
from client.query import BenchmarkQuery
from client.retries import BackoffStrategy, RetryConfig
from client.sdk import OpenRouter

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "BackoffStrategy",
    "BadRequestResponseError",
    "BenchmarkQuery",
    "BenchmarksResponse",
    "InternalServerResponseError",
    "OpenRouter",
    "OpenRouterDefaultError",
    "OpenRouterError",
    "ResponseValidationError",
    "RetryConfig",
    "TooManyRequestsResponseError",
    "UnauthorizedResponseError",
    "__version__",
]
