"""`OpenRouter(...).benchmarks.get_benchmarks(...)`: the official SDK's method on httpx.

The only network boundary of the project. It returns parsed, immutable data
and raises the typed errors of `client.errors`; nothing it logs or raises
contains the API key.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from client import errors
from client._version import USER_AGENT
from client.clock import SYSTEM_CLOCK, Clock
from client.models import BenchmarksResponse, parse_response
from client.query import MAX_RESULTS_LIMIT, BenchmarkQuery
from client.retries import (
    DEFAULT_RETRY_CONFIG,
    Retrier,
    RetryableFailure,
    RetryConfig,
    is_retryable_status,
    parse_retry_after,
)

DEFAULT_SERVER_URL = "https://openrouter.ai/api/v1"
DEFAULT_TIMEOUT_MS = 15_000
MAX_BODY_BYTES = 32 * 1024 * 1024  # the whole benchmarks catalogue is well under 1 MB
CONNECT_TIMEOUT_S = 5.0

log = logging.getLogger("client")


def resolve_server_url(server_url: str | None = None) -> str:
    """`server_url=` argument, else env OPENROUTER_BASE_URL, else the public API."""
    chosen = server_url or os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_SERVER_URL
    return chosen.rstrip("/")


def check_max_results(max_results: int | None) -> None:
    if max_results is None:
        return
    if isinstance(max_results, bool) or not isinstance(max_results, int):
        raise ValueError(f"max_results must be an integer, got {type(max_results).__name__}")
    if not 1 <= max_results <= MAX_RESULTS_LIMIT:
        raise ValueError(f"max_results must be between 1 and {MAX_RESULTS_LIMIT}, got {max_results}")


class OpenRouter:
    """Client for OpenRouter's benchmarks endpoint; use as a context manager."""

    def __init__(
        self,
        api_key: str | Callable[[], str | None] | None = None,
        http_referer: str | None = None,
        x_open_router_title: str | None = None,
        x_open_router_categories: str | None = None,
        server_url: str | None = None,
        client: httpx.Client | None = None,
        retry_config: RetryConfig | None = None,
        timeout_ms: int | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._api_key = api_key
        self.http_referer = http_referer
        self.x_open_router_title = x_open_router_title
        self.x_open_router_categories = x_open_router_categories
        self.server_url = server_url
        self.retry_config = retry_config or DEFAULT_RETRY_CONFIG
        self.timeout_ms = timeout_ms or DEFAULT_TIMEOUT_MS
        self._owns_client = client is None
        self._http = client or httpx.Client(follow_redirects=False)
        self.clock = clock  # retry waits and budget, and Retry-After dates
        self.benchmarks = Benchmarks(self)

    def __repr__(self) -> str:
        return f"OpenRouter(server_url={resolve_server_url(self.server_url)!r})"

    def api_key(self) -> str:
        key = self._api_key() if callable(self._api_key) else self._api_key
        if key is None:
            key = os.environ.get("OPENROUTER_API_KEY", "")
        return key

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def __enter__(self) -> OpenRouter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Benchmarks:
    def __init__(self, sdk: OpenRouter) -> None:
        self._sdk = sdk

    def get_benchmarks(
        self,
        *,
        http_referer: str | None = None,
        x_open_router_title: str | None = None,
        x_open_router_categories: str | None = None,
        source: str | None = None,
        task_type: str | None = None,
        benchmark_type: str | None = None,
        include_run_config: bool | None = False,
        search_engine: str | None = None,
        search_surface: str | None = None,
        arena: str | None = None,
        category: str | None = None,
        max_results: int | None = None,
        retries: RetryConfig | None = None,
        server_url: str | None = None,
        timeout_ms: int | None = None,
        http_headers: Mapping[str, str] | None = None,
    ) -> BenchmarksResponse:
        """List benchmark scores. Raises ValueError before sending on a bad max_results."""
        check_max_results(max_results)
        query = BenchmarkQuery(
            source=source,
            task_type=task_type,
            arena=arena,
            category=category,
            max_results=max_results,
            benchmark_type=benchmark_type,
            search_engine=search_engine,
            search_surface=search_surface,
            include_run_config=bool(include_run_config),
        )
        headers = self._headers(http_referer, x_open_router_title, x_open_router_categories)
        headers.update(http_headers or {})
        return self.fetch(
            query,
            headers=headers,
            retries=retries,
            server_url=server_url,
            timeout_ms=timeout_ms,
        )

    def fetch(
        self,
        query: BenchmarkQuery,
        *,
        headers: dict[str, str] | None = None,
        retries: RetryConfig | None = None,
        server_url: str | None = None,
        timeout_ms: int | None = None,
        before_attempt: Callable[[], None] | None = None,
        clock: Clock | None = None,
    ) -> BenchmarksResponse:
        """One logical request (with retries) for a BenchmarkQuery.

        `before_attempt` runs before every HTTP attempt, retries included; an
        exception from it stops the retries and propagates (the data service
        counts each attempt against its quota this way). `clock` replaces the
        client's for this call (the data service's one clock).
        """
        check_max_results(query.max_results)
        sdk = self._sdk
        url = resolve_server_url(server_url or sdk.server_url) + "/benchmarks"
        seconds = (timeout_ms or sdk.timeout_ms) / 1000
        timeout = httpx.Timeout(seconds, connect=min(CONNECT_TIMEOUT_S, seconds))
        secret = sdk.api_key()
        request_headers = headers if headers is not None else self._headers(None, None, None)
        if secret:
            request_headers = {**request_headers, "Authorization": f"Bearer {secret}"}
        params = query.to_params()

        clock = clock or sdk.clock

        def attempt() -> httpx.Response:
            return self._send_once(url, params, request_headers, timeout, secret, clock)

        retrier = Retrier(retries or sdk.retry_config, clock, before_attempt=before_attempt)
        return _parse_ok(retrier.run(attempt), secret)

    def _headers(self, referer: str | None, title: str | None, categories: str | None) -> dict:
        sdk = self._sdk
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        optional = {
            "HTTP-Referer": referer or sdk.http_referer,
            "X-OpenRouter-Title": title or sdk.x_open_router_title,
            "X-OpenRouter-Categories": categories or sdk.x_open_router_categories,
        }
        headers.update({name: value for name, value in optional.items() if value})
        return headers

    def _send_once(
        self,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        timeout: httpx.Timeout,
        secret: str,
        clock: Clock,
    ) -> httpx.Response:
        try:
            response = self._sdk._http.get(url, params=params, headers=headers, timeout=timeout)
        except httpx.TimeoutException as exc:
            error = errors.APITimeoutError(
                f"No response from {url} within {timeout.read:g} s",
            )
            log.warning("benchmarks request timed out: %s", url)
            raise RetryableFailure(error, connection=True) from exc
        except httpx.TransportError as exc:
            error = errors.APIConnectionError(
                errors.redact(f"Could not reach {url}: {type(exc).__name__}: {exc}", secret)
            )
            log.warning("benchmarks request failed: %s", error.message)
            raise RetryableFailure(error, connection=True) from exc
        log.info(
            "GET %s %s -> %s in %.0f ms",
            url,
            "&".join(f"{k}={v}" for k, v in sorted(params.items())),
            response.status_code,
            response.elapsed.total_seconds() * 1000,  # measured by httpx: no clock read here
        )
        if response.status_code < 400:
            return response
        retry_after = parse_retry_after(response.headers, clock.now)
        error = errors.error_from_response(response, secret, retry_after)
        if is_retryable_status(response.status_code):
            raise RetryableFailure(error, retry_after)
        raise error


def _parse_ok(response: httpx.Response, secret: str) -> BenchmarksResponse:
    if len(response.content) > MAX_BODY_BYTES:
        raise errors.ResponseValidationError(
            f"Response body of {len(response.content):,} bytes is over the {MAX_BODY_BYTES:,}-byte limit",
            status_code=response.status_code, headers=response.headers)
    body_text = response.text
    try:
        body: Any = json.loads(body_text)
        return parse_response(body)
    except ValueError as exc:
        shown = errors.redact(body_text[:200], secret)
        raise errors.ResponseValidationError(
            f"Response body is not the benchmarks contract ({_first_line(exc)}); starts with {shown!r}",
            status_code=response.status_code,
            body=errors.redact(body_text, secret),
            headers=response.headers,
        ) from None


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
