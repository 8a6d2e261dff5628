"""Typed errors, named as the official SDK names them.

Every error carries `status_code`, `message`, `body` and `headers`. Texts are
built from the response only, after the API key has been redacted from them,
so no message, repr or log line can carry the key.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from urllib.parse import quote, quote_plus

import httpx

MAX_BODY_IN_MESSAGE = 500
REDACTED = "[redacted]"


HEADER_UNSAFE = re.compile(r"[^\x21-\x7e]")  # a key is sent as a header: visible ASCII only, no spaces
MIN_REDACTED = 4  # a key, or the start of one at a cut, this long or longer is redacted
MIN_PIECE = 8  # a piece of a key between characters a header cannot carry, redacted on its own


def key_problem(key: str) -> str | None:
    """What in `key` an HTTP header cannot carry, in words (never the key or where in it); None when it can.

    httpx sends header values as ASCII and h11 refuses control characters; a space or tab would be
    sent but cannot be part of a key: a key file with a second line, or a pasted tab, is a broken key.
    """
    kinds = {_unsafe_kind(ch) for ch in HEADER_UNSAFE.findall(key)}
    return " and ".join(sorted(kinds)) or None


def _unsafe_kind(ch: str) -> str:
    if ch in "\r\n":
        return "a line break"
    if ch == "\t":
        return "a tab"
    if ch.isspace():
        return "a space"
    return "a control character" if ch < "\x80" else "a non-ASCII character"


def _escaped(text: str) -> set[str]:
    """`text` as repr, a bytes repr, JSON and percent-encoding write it."""
    return {text, repr(text)[1:-1], repr(text.encode("utf-8", "surrogatepass"))[2:-1],
            json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1],
            quote(text, safe=""), quote(text), quote_plus(text, safe="")}


@functools.lru_cache(maxsize=4)
def secret_forms(secret: str) -> tuple[str, ...]:
    """Every form of the key a text may hold, longest first: the key and each piece of it between characters
    a header cannot carry (a key file's first line), as they are, escaped, and escaped twice (a repr of an
    error whose text holds a bytes repr)."""
    pieces = {secret, *(piece for piece in HEADER_UNSAFE.split(secret) if len(piece) >= MIN_PIECE)}
    once = {form for piece in pieces for form in _escaped(piece)}
    forms = {twice for form in once for twice in _escaped(form)}
    return tuple(sorted((form for form in forms if len(form) >= MIN_REDACTED), key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def _pattern(secret: str) -> re.Pattern[str]:
    # Case folded: percent-encoding may be written %0a or %0A; hiding a case variant of the key is harmless.
    return re.compile("|".join(re.escape(form) for form in secret_forms(secret)), re.IGNORECASE)


def redact(text: str, secret: str | None) -> str:
    """`text` with the key in every form it may take there (see `secret_forms`) replaced by REDACTED."""
    if secret and len(secret) >= MIN_REDACTED:
        return _pattern(secret).sub(REDACTED, text)
    return text


def redact_and_cut(text: str, secret: str | None, limit: int) -> str:
    """The first `limit` characters of `text` with the key redacted: redacted first, then cut.

    Cutting first would leave the start of a key that crosses the cut; a text
    that itself ends inside a key (a body cut while it streamed), in any of its
    forms, loses that end.
    """
    cut = redact(text, secret)[: max(0, limit)]
    if secret and len(secret) >= MIN_REDACTED:
        dangling = max((_dangling(cut.lower(), form.lower()) for form in secret_forms(secret)), default=0)
        if dangling:
            return cut[:-dangling] + REDACTED
    return cut


def _dangling(text: str, form: str) -> int:
    """How long a start of `form` (MIN_REDACTED characters or more) `text` ends with, or 0."""
    for length in range(min(len(form) - 1, len(text)), MIN_REDACTED - 1, -1):
        if text.endswith(form[:length]):
            return length
    return 0


class OpenRouterError(Exception):
    """Base of every error the client raises."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body
        self.headers = httpx.Headers(headers or {})

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code!r}, message={self.message!r})"

    def __reduce__(self):  # picklable, for caches that store errors
        extra = {k: v for k, v in vars(self).items() if k not in ("message", "status_code", "body", "headers")}
        return (
            _rebuild,
            (type(self), self.message, self.status_code, self.body, dict(self.headers)),
            extra,
        )


def _rebuild(cls, message, status_code, body, headers):
    error = OpenRouterError.__new__(cls)
    OpenRouterError.__init__(error, message, status_code=status_code, body=body, headers=headers)
    return error


class BadRequestResponseError(OpenRouterError):
    """400: invalid parameters."""


class UnauthorizedResponseError(OpenRouterError):
    """401: missing or invalid key."""


class TooManyRequestsResponseError(OpenRouterError):
    """429: rate limit exceeded, whatever the body. `retry_after`: seconds to wait, when the response said.

    The client reads `retry-after-ms` / `Retry-After` when the response arrives
    (an HTTP date against its clock), so the value does not drift afterwards.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **details) -> None:
        super().__init__(message, **details)
        self.retry_after = retry_after


class InternalServerResponseError(OpenRouterError):
    """500: server error."""


class OpenRouterDefaultError(OpenRouterError):
    """Any other 4XX/5XX, and error responses whose body is not JSON (except a 429)."""


class ResponseValidationError(OpenRouterError):
    """A 200 whose body is not the contract."""


class APIConnectionError(OpenRouterError):
    """No response: the connection failed or was cut."""


class APITimeoutError(APIConnectionError):
    """No response within the timeout."""


_BY_STATUS: dict[int, type[OpenRouterError]] = {  # when the body is the API's JSON error
    400: BadRequestResponseError,
    401: UnauthorizedResponseError,
    500: InternalServerResponseError,
}


def _error_message(body: str) -> str | None:
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than a parser can follow
        return None
    error = parsed.get("error") if isinstance(parsed, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    return message if isinstance(message, str) and message else None


def error_from_response(
    response: httpx.Response, secret: str | None, retry_after: float | None = None, *, text: str | None = None
) -> OpenRouterError:
    """The typed error for a 4XX/5XX response; `retry_after` as the client parsed it.

    `text` is the body when the caller read it itself (bounded, from a stream);
    else the response's text. A 429 is always a TooManyRequestsResponseError,
    even when its body is not JSON (a proxy's HTML page), so that its
    Retry-After is never lost. The key is redacted before anything is cut.
    """
    body = redact(response.text if text is None else text, secret)
    status = response.status_code
    is_json = "json" in response.headers.get("content-type", "")
    message = _error_message(body) if is_json else None
    cls = _BY_STATUS.get(status, OpenRouterDefaultError) if message else OpenRouterDefaultError
    if message is None:
        shown = body[:MAX_BODY_IN_MESSAGE] + ("..." if len(body) > MAX_BODY_IN_MESSAGE else "")
        message = f"API error occurred: Status {status}. Body: {shown or '(empty)'}"
    message = redact(message, secret)
    details = {"status_code": status, "body": body, "headers": response.headers}
    if status == 429:
        return TooManyRequestsResponseError(message, retry_after=retry_after, **details)
    return cls(message, **details)
