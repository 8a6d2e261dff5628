"""`OpenRouter(...).benchmarks.get_benchmarks(...)`: the official SDK's method on httpx.

The only network boundary of the project. It returns parsed, immutable data
and raises the typed errors of `client.errors`; nothing it logs or raises
contains the API key.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
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
MAX_ERROR_BODY_BYTES = 64 * 1024  # of an error response (4XX/5XX), kept for its message; the rest is not read
READ_CHUNK_BYTES = 64 * 1024  # what one read of the body may add beyond a limit
CONNECT_TIMEOUT_S = 5.0
ACCEPT_ENCODING = "gzip, deflate"  # the encodings the bounded reader decodes
SHOWN_BODY_CHARS = 200

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
        max_body_bytes: int | None = None,
    ) -> None:
        self._api_key = api_key
        self.http_referer = http_referer
        self.x_open_router_title = x_open_router_title
        self.x_open_router_categories = x_open_router_categories
        self.server_url = server_url
        self.retry_config = retry_config or DEFAULT_RETRY_CONFIG
        self.timeout_ms = timeout_ms or DEFAULT_TIMEOUT_MS  # each attempt's total deadline, body included
        self.max_body_bytes = max_body_bytes or MAX_BODY_BYTES  # a longer body is cut while it streams
        self._owns_client = client is None
        # No kept-alive connections: each attempt opens its own, so the deadline's watchdog always holds
        # the socket it must shut (a pooled one is only known once headers arrive). Tens of requests a day.
        self._http = client or httpx.Client(
            follow_redirects=False, limits=httpx.Limits(max_keepalive_connections=0)
        )
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
        """List benchmark scores. Raises ValueError before sending on a bad max_results or a key that an
        HTTP header cannot carry (a line break, tab, space, control or non-ASCII character)."""
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
        secret = sdk.api_key()
        if secret and (problem := errors.key_problem(secret)):  # h11 would refuse it, quoting the key
            raise ValueError(f"The API key holds {problem}, which an HTTP header cannot carry; nothing was sent")
        request_headers = headers if headers is not None else self._headers(None, None, None)
        if secret:
            request_headers = {**request_headers, "Authorization": f"Bearer {secret}"}
        params = query.to_params()

        clock = clock or sdk.clock

        def attempt() -> Answer:
            return self._send_once(url, params, request_headers, seconds, secret, clock)

        retrier = Retrier(retries or sdk.retry_config, clock, before_attempt=before_attempt)
        return _parse_ok(retrier.run(attempt), secret)

    def _headers(self, referer: str | None, title: str | None, categories: str | None) -> dict:
        sdk = self._sdk
        headers = {"Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING, "User-Agent": USER_AGENT}
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
        seconds: float,
        secret: str,
        clock: Clock,
    ) -> Answer:
        """One HTTP attempt within a total deadline of `seconds`: connect, headers and the whole body.

        httpx's timeouts bound each read, not their sum: a server sending a
        byte every few seconds would hold a page for as long as it likes. A
        watchdog timer shuts the connection's socket when the deadline passes,
        so a blocked read returns at once and the attempt fails as a timeout.
        The body is streamed and cut at its limit while it is read.
        """
        sdk = self._sdk
        timeout = httpx.Timeout(seconds, connect=min(CONNECT_TIMEOUT_S, seconds))
        watchdog = Watchdog(seconds)
        try:
            request = sdk._http.build_request(
                "GET", url, params=params, headers=headers, timeout=timeout, extensions={"trace": watchdog.trace}
            )
            watchdog.start()
            response = sdk._http.send(request, stream=True)
            try:
                watchdog.watch(response)
                answer = self._read_answer(response, secret)
            finally:
                response.close()
        except httpx.DecodingError as exc:  # only from a custom transport that read the body itself
            raise errors.ResponseValidationError(f"Response body could not be decoded ({exc})") from None
        except httpx.TransportError as exc:
            if isinstance(exc, httpx.TimeoutException) or watchdog.expired:
                error: errors.OpenRouterError = errors.APITimeoutError(
                    f"No complete response from {url} within {seconds:g} s"
                )
                log.warning("benchmarks request timed out: %s", url)
            else:
                error = errors.APIConnectionError(
                    errors.redact(f"Could not reach {url}: {type(exc).__name__}: {exc}", secret)
                )
                log.warning("benchmarks request failed: %s", error.message)
            # A cause whose text holds the key is left out: a traceback would print it unredacted.
            cause = exc if errors.redact(str(exc), secret) == str(exc) else None
            raise RetryableFailure(error, connection=True) from cause
        finally:
            watchdog.cancel()
        log.info(
            "GET %s %s -> %s in %.0f ms",
            url,
            "&".join(f"{k}={v}" for k, v in sorted(params.items())),
            answer.status_code,
            response.elapsed.total_seconds() * 1000,  # measured by httpx: no clock read here
        )
        if answer.status_code < 400:
            return answer
        retry_after = parse_retry_after(answer.headers, clock.now)
        error = errors.error_from_response(response, secret, retry_after, text=answer.text)
        if is_retryable_status(answer.status_code):
            raise RetryableFailure(error, retry_after)
        raise error

    def _read_answer(self, response: httpx.Response, secret: str) -> Answer:
        """The body, read in chunks up to its limit: a 200's over the limit is an error, an error's is cut."""
        ok = response.status_code < 400
        limit = self._sdk.max_body_bytes if ok else min(MAX_ERROR_BODY_BYTES, self._sdk.max_body_bytes)
        try:
            content, over = read_body(response, limit)
        except BodyNotDecodable as exc:
            if ok:
                raise errors.ResponseValidationError(
                    f"Response body could not be decoded ({exc})",
                    status_code=response.status_code, headers=response.headers,
                ) from None
            return Answer(response.status_code, response.headers, b"", f"(body not decodable: {exc})")
        if over and ok:
            raise errors.ResponseValidationError(
                f"Response body is over the {limit:,}-byte limit (MAX_BODY_BYTES); "
                f"stopped reading after {len(content):,} bytes",
                status_code=response.status_code, headers=response.headers,
            )
        text = decode_text(content, response.charset_encoding)
        if over:  # an error's body: what was read past the cap only helps redact a key that crosses it
            text = errors.redact_and_cut(text, secret, limit) + f" [cut at {limit:,} bytes]"
        return Answer(response.status_code, response.headers, content[:limit], text)


@dataclass(frozen=True)
class Answer:
    """A response read within its limits: status, headers, the body's bytes and its text (not yet redacted)."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    text: str


def _parse_ok(answer: Answer, secret: str) -> BenchmarksResponse:
    """The contract, or ResponseValidationError: never RecursionError, never the key (redacted, then cut)."""
    try:
        body: Any = json.loads(answer.text)
        return parse_response(body)
    except (ValueError, RecursionError) as exc:
        shown = errors.redact_and_cut(answer.text, secret, SHOWN_BODY_CHARS)  # never cut, then redacted
        kept = errors.redact_and_cut(answer.text, secret, MAX_ERROR_BODY_BYTES)
        raise errors.ResponseValidationError(
            f"Response body is not the benchmarks contract ({_first_line(exc)}); starts with {shown!r}",
            status_code=answer.status_code,
            body=kept,
            headers=answer.headers,
        ) from None


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


# --- the total deadline -------------------------------------------------------------------------------------------
class Watchdog:
    """One request's total deadline: when it passes, the connection's socket is shut down.

    The socket is learned from httpcore's trace events (connect and TLS) and
    from the response's network stream, whichever comes first; a deadline
    passing before there is a socket shuts it the moment it appears. Shutting
    (not closing) a socket wakes a read blocked on it in another thread.
    """

    _SOCKET_EVENTS = frozenset({
        "connection.connect_tcp.complete",
        "connection.connect_unix_socket.complete",
        "connection.start_tls.complete",
    })

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._stream: Any = None
        self.expired = False
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event in self._SOCKET_EVENTS:
            self._adopt(info.get("return_value"))

    def watch(self, response: httpx.Response) -> None:
        self._adopt(response.extensions.get("network_stream"))

    def _adopt(self, stream: Any) -> None:
        if stream is None:
            return
        with self._lock:
            self._stream = stream
            expired = self.expired
        if expired:
            _shut(stream)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            stream = self._stream
        if stream is not None:
            _shut(stream)


def _shut(stream: Any) -> None:
    with contextlib.suppress(OSError, AttributeError, ValueError):  # already closed: nothing left to wake
        sock = stream.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain call, also for a TLS socket


# --- the bounded body -----------------------------------------------------------------------------------------------
class BodyNotDecodable(Exception):
    """A Content-Encoding we did not ask for, or compressed data that does not decompress."""


def read_body(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """Read the (decoded) body until it ends or passes `limit`: (bytes, True when it passed).

    Never holds more than `limit` plus one chunk: compressed bodies are
    inflated a chunk at a time, so a small compressed body cannot expand into
    a large one unnoticed.
    """
    if response.is_stream_consumed:  # read already by a custom transport (httpx.MockTransport): decoded
        return response.content[: limit + 1], len(response.content) > limit
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    parts: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        for piece in decoder.feed(raw):
            parts.append(piece)
            size += len(piece)
            if size > limit:
                return b"".join(parts), True
    for piece in decoder.flush():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            return b"".join(parts), True
    return b"".join(parts), False


class _Decoder:
    def __init__(self, content_encoding: str) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        names = [name for name in names if name != "identity"]
        if len(names) > 1 or (names and names[0] not in ("gzip", "x-gzip", "deflate")):
            raise BodyNotDecodable(f"unsupported Content-Encoding {content_encoding[:50]!r}")
        self._name = names[0] if names else None
        self._inflate: Any = None
        if self._name in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._name == "deflate":
            self._inflate = zlib.decompressobj()
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflate is None:
            yield data
            return
        try:
            yield from self._inflate_bounded(data)
        except zlib.error as exc:
            if self._name == "deflate" and not self._started:  # raw deflate, without the zlib header
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                try:
                    yield from self._inflate_bounded(data)
                except zlib.error as again:
                    raise BodyNotDecodable(str(again)) from None
                return
            raise BodyNotDecodable(str(exc)) from None

    def _inflate_bounded(self, data: bytes) -> Iterator[bytes]:
        out = self._inflate.decompress(data, READ_CHUNK_BYTES)
        self._started = True
        yield out
        while self._inflate.unconsumed_tail:
            yield self._inflate.decompress(self._inflate.unconsumed_tail, READ_CHUNK_BYTES)

    def flush(self) -> Iterator[bytes]:
        if self._inflate is None:
            return
        try:
            yield self._inflate.flush()
        except zlib.error as exc:
            raise BodyNotDecodable(str(exc)) from None


def decode_text(content: bytes, charset: str | None) -> str:
    """The body as text: its declared charset when Python knows it, else UTF-8; bad bytes replaced."""
    if charset:
        with contextlib.suppress(LookupError, ValueError):  # unknown, or not a text encoding (rot13, base64)
            return content.decode(charset, errors="replace")
    return content.decode("utf-8", errors="replace")
