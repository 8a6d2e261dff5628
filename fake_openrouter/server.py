"""A loopback HTTP server that behaves like `GET /api/v1/benchmarks`.

Serves stored responses through the shared query semantics, with the API's
limits (Bearer key, 30 requests per minute per key, a daily budget) and its
failures on demand (`POST /_admin/faults`), and counts every upstream call
(`GET /_admin/stats`) so tests and benchmarks can see what the app spent.
"""

from __future__ import annotations

import json
import math
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from client.clock import SYSTEM_CLOCK, Clock
from client.query import BenchmarkQuery, InvalidQuery
from fake_openrouter.dataset import StoredItems, default_data_dir, load_datasets
from fake_openrouter.faults import Fault, FaultBook, FaultSpecError, drift, mutate, nested, pad
from service.window import RollingWindow

BENCHMARKS_PATH = "/api/v1/benchmarks"
STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


@dataclass
class Limits:
    per_minute: int = 30
    per_day: int = 500
    api_key: str | None = None  # None: any non-empty Bearer key is valid
    # The documented API cuts an omitted max_results at 50; a newer revision
    # returns everything. True serves the newer behaviour.
    all_when_omitted: bool = False


@dataclass
class RateLimiter:
    """The API's limits: a rolling minute per key (the data service's own RollingWindow) and a day in all."""

    limits: Limits
    clock: Clock = SYSTEM_CLOCK
    _minute: dict[str, RollingWindow] = field(default_factory=dict)
    _day: Counter = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, key: str) -> int | None:
        """None when the request may pass (and is counted); else whole seconds to wait."""
        now, wall = self.clock.monotonic(), self.clock.now()
        day = wall.strftime("%Y-%m-%d")
        with self._lock:
            if self._day[day] >= self.limits.per_day:
                midnight = datetime.combine(wall.date() + timedelta(days=1), datetime.min.time(), UTC)
                return max(1, math.ceil((midnight - wall).total_seconds()))
            window = self._minute.setdefault(key, RollingWindow(self.limits.per_minute, 60.0))
            wait = window.take(now)
            if wait > 0:
                return max(1, math.ceil(wait))
            self._day[day] += 1
            return None

    def reset(self) -> None:
        with self._lock:
            self._minute.clear()
            self._day.clear()


class StandIn:
    """The server's state: data, limits, faults and counters."""

    def __init__(self, data_dir: Path | None = None, limits: Limits | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.stored = StoredItems(load_datasets(self.data_dir))
        self.limits = limits or Limits()
        self.rate = RateLimiter(self.limits)
        self.faults = FaultBook()
        self._stats_lock = threading.Lock()
        self._by_query: Counter = Counter()
        self._by_status: Counter = Counter()  # statuses answered to API requests (not the admin routes)
        self._received: deque = deque(maxlen=200)

    def count(self, key: str, headers: dict[str, str]) -> None:
        with self._stats_lock:
            self._by_query[key] += 1
            self._received.append({"query": key, "headers": headers})

    def answered(self, status: int) -> None:
        with self._stats_lock:
            self._by_status[str(status)] += 1

    def stats(self) -> dict[str, Any]:
        with self._stats_lock:
            return {
                "requests_total": sum(self._by_query.values()),
                "by_query": dict(self._by_query),
                "by_status": dict(self._by_status),
            }

    def received(self) -> list[dict[str, Any]]:
        with self._stats_lock:
            return list(self._received)

    def reset(self) -> None:
        self.faults.clear()
        self.rate.reset()
        with self._stats_lock:
            self._by_query.clear()
            self._by_status.clear()
            self._received.clear()


_QUERY_FIELDS = frozenset(f.name for f in fields(BenchmarkQuery))


def normalised_query(params: Mapping[str, str]) -> str:
    """The client's own cache key (`BenchmarkQuery.key()`) of the parameters as received.

    Built from the raw strings, unparsed, so a request the API refuses (400)
    is counted too; parameters the API ignores are left out, as it ignores them.
    """
    return BenchmarkQuery(**{k: v for k, v in params.items() if k in _QUERY_FIELDS}).key()


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-openrouter/1"
    stand_in: StandIn  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read stats instead
        pass

    # --- plumbing -------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        if not self.path.startswith("/_admin"):
            self.stand_in.answered(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: Any, headers: dict | None = None) -> None:
        body = json.dumps(payload).encode()
        self._send(status, body, "application/json", headers)

    def _error(self, status: int, message: str, headers: dict | None = None) -> None:
        self._json(status, error_body(status, message), headers)

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        return json.loads(raw or b"{}")

    # --- routes ---------------------------------------------------------------
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.rstrip("/") == BENCHMARKS_PATH:
            self._benchmarks(parse_qsl(url.query, keep_blank_values=True))
        elif url.path == "/_admin/stats":
            self._json(200, self.stand_in.stats())
        elif url.path == "/_admin/received":
            self._json(200, self.stand_in.received())
        elif url.path == "/_admin/faults":
            self._json(200, self.stand_in.faults.active())
        elif url.path in ("/", "/health"):
            self._json(200, {"ok": True})
        else:
            self._error(404, f"Not found: {url.path}")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/_admin/faults":
            try:
                spec = self._read_json()
                specs = spec.get("faults", [spec]) if isinstance(spec, dict) else spec
                faults = [Fault.from_json(item) for item in specs]
            except (ValueError, TypeError, FaultSpecError) as exc:
                self._error(400, f"bad fault spec: {exc}")
                return
            self.stand_in.faults.add(faults)
            self._json(200, {"active": self.stand_in.faults.active()})
        elif url.path == "/_admin/reset":
            self.stand_in.reset()
            self._json(200, {"reset": True})
        else:
            self._error(404, f"Not found: {url.path}")

    def _benchmarks(self, pairs: list[tuple[str, str]]) -> None:
        stand_in = self.stand_in
        params = dict(pairs)
        received = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        received["has-bearer"] = str(self.headers.get("Authorization", "").startswith("Bearer "))
        stand_in.count(normalised_query(params), received)
        fault = stand_in.faults.take(params)
        if fault is not None and self._early_fault(fault):
            return
        key = self._bearer()
        if not key or (stand_in.limits.api_key is not None and key != stand_in.limits.api_key):
            self._error(401, "No auth credentials found" if not key else "Invalid API key")
            return
        try:
            query = BenchmarkQuery.from_params(params, stand_in.stored.sources)
        except InvalidQuery as exc:
            self._error(400, str(exc))
            return
        wait = stand_in.rate.retry_after(key)
        if wait is not None:
            self._error(429, "Rate limit exceeded", {"Retry-After": wait})
            return
        cut = query.max_results is not None or not stand_in.limits.all_when_omitted
        body = stand_in.stored.answer(query, cut=cut)
        if not query.include_run_config:
            body["data"] = [_without(item, "run_config") for item in body["data"]]
        self._answer(body, fault)

    def _bearer(self) -> str:
        header = self.headers.get("Authorization", "")
        return header[len("Bearer ") :].strip() if header.startswith("Bearer ") else ""

    def _early_fault(self, fault: Fault) -> bool:
        """Faults that replace the answer entirely. True when the request is done."""
        options = fault.options
        if fault.kind == "status":
            status = int(options["status"])
            payload = options.get("body")
            if isinstance(payload, str):
                self._send(status, payload.encode(), options.get("content_type", "text/plain"),
                           options.get("headers"))
            else:
                message = STATUS_TEXT.get(status, f"Error {status}")
                self._json(status, payload or error_body(status, message), options.get("headers"))
            return True
        if fault.kind == "latency":
            time.sleep(float(options.get("delay_ms", 1000)) / 1000)
            return False
        if fault.kind == "hang":
            time.sleep(float(options.get("seconds", 30)))
            self.close_connection = True
            return True
        if fault.kind == "disconnect":
            self.close_connection = True
            self.connection.close()
            return True
        if fault.kind == "non_json":
            page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            self._send(200, page, "text/html")
            return True
        if fault.kind == "nested":
            body = nested(int(options.get("depth", 100_000)))
            self._send(int(options.get("status", 200)), body, "application/json")
            return True
        return False

    def _answer(self, body: dict[str, Any], fault: Fault | None) -> None:
        if fault is not None and fault.kind == "drift":
            body = drift(body, fault.options["variant"])
        if fault is not None and fault.kind == "oversized":
            body = pad(body, int(fault.options.get("size_bytes", 10 * 1024 * 1024)))
        if fault is not None and fault.kind == "mutate":
            encoded = mutate(body, fault.options)
        else:
            encoded = json.dumps(body).encode()
        if fault is not None and fault.kind == "truncated_json":
            encoded = encoded[: max(1, len(encoded) // 2)]
        if fault is not None and fault.kind == "trickle":
            self._trickle(encoded, float(fault.options.get("interval_ms", 500)) / 1000,
                          float(fault.options.get("total_s", 30)))
            return
        self._send(200, encoded, "application/json")

    def _trickle(self, encoded: bytes, interval: float, total: float) -> None:
        """200 and its headers at once, then one byte per interval; after `total` seconds, hang up."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        self.close_connection = True
        ends = time.monotonic() + total
        try:
            self.wfile.flush()
            for index in range(len(encoded)):
                if time.monotonic() >= ends:
                    return
                self.wfile.write(encoded[index:index + 1])
                self.wfile.flush()
                time.sleep(interval)
        except OSError:  # the client gave up: stop at once
            return


def _without(item: dict[str, Any], name: str) -> dict[str, Any]:
    return item if name not in item else {k: v for k, v in item.items() if k != name}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timeout, a cut body) is expected here; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    """A running stand-in on loopback, in a background thread; use as a context manager."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: Path | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.stand_in = StandIn(data_dir, limits)
        handler = type("BoundHandler", (Handler,), {"stand_in": self.stand_in})
        self.httpd = _QuietServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def root_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.root_url + "/api/v1"

    def start(self) -> Server:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
