"""Shared fixtures: the stand-in API over real HTTP, and test data folders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fake_openrouter import Limits, Server  # noqa: E402

SNAPSHOT_DIR = ROOT / "data" / "snapshot"
TEST_DATA = Path(__file__).resolve().parent / "data"
TEST_KEY = "sk-or-v1-test-0123456789abcdef-secret"


@pytest.fixture(scope="session")
def all_sources_dir(tmp_path_factory) -> Path:
    """A copy of the bundled snapshot, every source in it (OpenRouter's evals included: classic and search
    rows, run configs, dated and undated ids), for the stand-in to serve; tests may add files to copies of it."""
    folder = tmp_path_factory.mktemp("all-sources")
    for path in SNAPSHOT_DIR.glob("*.json"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def _server(all_sources_dir) -> Server:
    with Server(data_dir=all_sources_dir, limits=Limits()) as server:
        yield server


@pytest.fixture
def stand_in(_server) -> Server:
    """The stand-in API, with faults, rate limits and counters reset for each test."""
    _server.stand_in.reset()
    yield _server
    _server.stand_in.reset()


def admin(server: Server, path: str, payload: dict | None = None) -> dict:
    url = server.root_url + path
    response = httpx.post(url, json=payload) if payload is not None else httpx.get(url)
    response.raise_for_status()
    return response.json()


@pytest.fixture
def newer_api(stand_in):
    """The stand-in answering an omitted max_results with everything (the newer revision)."""
    stand_in.stand_in.limits.all_when_omitted = True
    yield stand_in
    stand_in.stand_in.limits.all_when_omitted = False


@pytest.fixture
def make_layer(tmp_path):
    """Build a BenchmarkData against a stand-in, with its own disk cache folder."""
    from client.retries import BackoffStrategy, RetryConfig
    from client.sdk import OpenRouter
    from service.data import BenchmarkData
    from service.settings import Settings

    made = []

    def build(server=None, *, retries=None, clock=None, **overrides):
        """A layer on `server`; it waits up to 12 s for a dataset it holds nothing of (as a test of
        fetching wants), unless `page_wait_seconds` says otherwise (the app's default is 0)."""
        overrides.setdefault("page_wait_seconds", 12.0)
        settings = Settings(
            api_key=TEST_KEY if server is not None else "",
            base_url=server.base_url if server is not None else None,
            cache_dir=tmp_path / "cache",
            **overrides,
        )
        quick = retries or RetryConfig("backoff", BackoffStrategy(10, 200, 1.5, 1000, jitter_ms=0), True)
        client = OpenRouter(api_key=settings.api_key, server_url=settings.base_url, retry_config=quick,
                            timeout_ms=2000)
        made.append(client)
        return BenchmarkData(settings, client=client, **({"clock": clock} if clock else {}))

    yield build
    for client in made:
        client.close()


@pytest.fixture
def app(monkeypatch, tmp_path):
    """An AppTest of the whole app on the bundled snapshot; `app(params, key=..., base_url=...)`."""
    from streamlit.testing.v1 import AppTest

    from service.data import reset_shared_data

    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    monkeypatch.delenv("BENCHMARKS_OFFLINE", raising=False)
    monkeypatch.setenv("BENCHMARKS_CACHE_DIR", str(tmp_path / "app-cache"))
    reset_shared_data()

    def run(params: dict | None = None, *, page: str | None = None, key: str | None = None,
            base_url: str | None = None, settled: bool = True) -> AppTest:
        """The app (or `page`) for a link; `settled`: as it shows once the refreshes it started landed."""
        if key:
            monkeypatch.setenv("OPENROUTER_API_KEY", key)
        if base_url:
            monkeypatch.setenv("OPENROUTER_BASE_URL", base_url)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if not page:
            for name, value in (params or {}).items():
                at.query_params[name] = value
        settle(at) if settled else at.run()
        if page:  # as a browser opening the page's link: the page, with the link's parameters
            at.switch_page(page)
            for name, value in (params or {}).items():
                at.query_params[name] = value
            settle(at) if settled else at.run()
        return at

    yield run
    reset_shared_data()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (tests/browser.py)."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app on the bundled snapshot (no key), one server per test module."""
    from tests.browser import streamlit_app

    cache = tmp_path_factory.mktemp("browser-cache")
    with streamlit_app({"OPENROUTER_API_KEY": None, "BENCHMARKS_CACHE_DIR": str(cache)}) as url:
        yield url


def settle(at, timeout: float = 60):
    """Run the page as a browser shows it once the refreshes it started have landed: drawn from what
    is in hand at once, then again when its poll sees new data (`ui.data.render_refresh_watch`)."""
    from service.data import shared_data, shared_data_made
    from service.settings import SettingsError

    seen = shared_data().version if shared_data_made() else 0  # before the run: a refresh may land in it
    at.run()
    try:
        data = shared_data()
    except SettingsError:  # the app refused to start: nothing refreshes
        return at
    assert data.wait_for_loads(timeout), f"the refreshes a page started did not land in {timeout} s"
    if data.version != seen:
        at.run()
    return at


def plain(text: str) -> str:
    """What a reader sees of Markdown we escaped with core.text.md."""
    import re

    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")  # escapes and invisible word joiners


@pytest.fixture(scope="session", autouse=True)
def _fresh_wait_log():
    """Each run writes its own page waits under faults (tests/faults.py)."""
    from tests.faults import WAITS

    WAITS.unlink(missing_ok=True)


def load_after_refresh(layer, name: str):
    """A dataset as served once the refresh its read starts has landed (stale-while-revalidate: a read
    past the TTL answers at once from what is in hand, and refreshes in the background)."""
    layer.load_dataset(name)
    assert layer.wait_for_loads(60), "a refresh did not land within 60 s"
    return layer.load_dataset(name)
