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
    """The bundled snapshot plus synthetic OpenRouter eval items: every item shape."""
    folder = tmp_path_factory.mktemp("all-sources")
    for path in SNAPSHOT_DIR.glob("*.json"):
        shutil.copy(path, folder / path.name)
    shutil.copy(TEST_DATA / "openrouter-evals.json", folder / "openrouter-evals.json")
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
