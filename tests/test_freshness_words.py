"""What the freshness notices say, in the page's words: never a query string or a dataset slug."""

from __future__ import annotations

import socket

import pytest

from core.freshness import describe_slices
from tests.conftest import TEST_KEY, plain


def test_cut_slices_are_named_as_the_page_names_them():
    assert describe_slices(("category=codecategories", "category=gamedev", "task_type=coding")) == (
        "Code, Game dev, Coding")
    assert describe_slices(("benchmark_type=gpqa_diamond", "benchmark_type=new_one")) == "GPQA Diamond, new one"


@pytest.mark.slow
def test_datasets_that_failed_alike_are_said_in_one_sentence(app, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here: every request is refused
    monkeypatch.setenv("BENCHMARKS_TIMEOUT", "1")
    at = app({"model": "moonshotai/kimi-k3-20260715"}, page="app_pages/model.py", key=TEST_KEY,
             base_url=f"http://127.0.0.1:{port}/api/v1")
    (warning,) = at.warning
    said = plain(warning.value)
    assert said.count("could not load live data") == 2 and said.count("Could not reach the API") == 2  # one per date
    assert ("Artificial Analysis indices, Design Arena models ratings, Design Arena agents ratings, Design Arena "
            "builders ratings: could not load live data. Could not reach the API (network or OPENROUTER_BASE_URL). "
            "Showing the bundled snapshot of 2026-08-28.") in said
    assert ("OpenRouter evals: could not load live data. Could not reach the API (network or OPENROUTER_BASE_URL). "
            "Showing the bundled snapshot of 2026-10-08.") in said  # OpenRouter's evals were captured later
    assert "design-arena-models" not in said and "=" not in said
    assert "Live mode" in plain(at.sidebar.caption[0].value)  # nothing live in hand: the badge says so
