"""Every figure of the published snapshot comes out of the data layer unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from client import BenchmarkQuery
from client.query import identity
from core.catalogue import clean_name
from core.freshness import describe_state
from service.boundary import validate_items
from service.datasets import datasets
from service.states import Freshness
from tests.conftest import ROOT, SNAPSHOT_DIR

SHARED = ROOT.parent / "shared" / "data" / "snapshot-2026-08-28"
SOURCE_OF_TRUTH = SHARED if SHARED.exists() else SNAPSHOT_DIR
FILES = ["artificial-analysis", "design-arena-models", "design-arena-agents"]
NUMBERS = ("intelligence_index", "coding_index", "agentic_index", "elo", "win_rate", "avg_generation_time_ms")


def published(name: str) -> dict:
    return json.loads((SOURCE_OF_TRUTH / f"{name}.json").read_text())["response"]


def check_every_figure(raw_items: list[dict], served: dict) -> int:
    checked = 0
    for raw in raw_items:
        item = served[identity(raw)]
        assert item.display_name == clean_name(raw["display_name"])  # whitespace folded at the boundary
        for name in NUMBERS:
            if name in raw:
                value = getattr(item, name)
                assert (value is None) == (raw[name] is None), (raw["model_permaslug"], name)
                if value is not None:
                    assert value == raw[name] and str(raw[name]) in (str(value), str(int(value)))
                checked += 1
        if raw["pricing"] is None:
            assert item.pricing is None
        else:
            for side in ("prompt", "completion"):
                exact = getattr(item.pricing, side)
                assert exact == Decimal(raw["pricing"][side])
                assert format(exact, "f") == raw["pricing"][side]  # to the last digit
                checked += 1
    return checked


EVAL_FIELDS = ("accuracy", "accuracy_stddev", "avg_cost_per_task", "total_tasks", "last_run_timestamp",
               "primary_metric", "primary_score", "avg_latency_per_task_ms", "search_engine", "search_surface")


def evals_published() -> dict:
    """OpenRouter's own evals, captured apart from the others (data/snapshot/PROVENANCE-openrouter.md)."""
    return json.loads((SNAPSHOT_DIR / "openrouter.json").read_text())["response"]


def check_every_eval_figure(raw_items: list[dict], served: dict, *, run_config: bool = True) -> int:
    """Every figure as published; `run_config`: the run configs too (only a request that asks has them)."""
    checked = 0
    for raw in raw_items:
        item = served[identity(raw)]
        assert item.display_name == clean_name(raw["display_name"])
        for name in EVAL_FIELDS:
            if name in raw:
                assert getattr(item, name) == raw[name], (raw["model_permaslug"], raw["benchmark_type"], name)
                checked += 1
        if run_config and "run_config" in raw:
            assert item.run_config.model_dump() == raw["run_config"]
    return checked


def test_bundled_snapshot_is_the_published_one():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    for name in FILES:
        assert json.loads((SNAPSHOT_DIR / f"{name}.json").read_text()) == json.loads(
            (SHARED / f"{name}.json").read_text())


@pytest.mark.parametrize("name", FILES)
def test_offline_layer_serves_every_published_figure(make_layer, name):
    layer = make_layer()  # no key: the snapshot
    state = layer.load_dataset(name)
    assert state.state is Freshness.SNAPSHOT and describe_state(state) == "snapshot of 2026-08-28"
    raw = published(name)
    served = {identity(item): item for item in state.dataset.items}
    assert len(served) == len(raw["data"])
    assert check_every_figure(raw["data"], served) > len(raw["data"])
    assert state.dataset.meta.citation == raw["meta"]["citation"]
    assert state.dataset.problems == () and state.dataset.dropped == 0  # the published data passes untouched


@pytest.mark.parametrize("name", FILES)
def test_live_layer_through_the_stand_in_serves_every_published_figure(newer_api, make_layer, name):
    state = make_layer(newer_api).load_dataset(name)
    assert state.state is Freshness.LIVE
    raw = published(name)
    served = {identity(item): item for item in state.dataset.items}
    assert check_every_figure(raw["data"], served) > len(raw["data"])


def test_offline_layer_serves_every_published_eval_figure(make_layer):
    state = make_layer().load_dataset("openrouter")
    assert state.state is Freshness.SNAPSHOT and describe_state(state) == "snapshot of 2026-10-08"
    raw = evals_published()
    served = {identity(item): item for item in state.dataset.items}
    assert len(served) == len(raw["data"]) == 320
    assert check_every_eval_figure(raw["data"], served) > 5 * len(raw["data"])
    assert state.dataset.meta.citation == raw["meta"]["citation"]
    assert state.dataset.problems == () and state.dataset.dropped == 0


def test_live_layer_through_the_stand_in_serves_every_published_eval_figure(newer_api, make_layer):
    state = make_layer(newer_api).load_dataset("openrouter")
    assert state.state is Freshness.LIVE
    raw = evals_published()
    served = {identity(item): item for item in state.dataset.items}
    assert len(served) == 320  # the app's wide request does not ask for run configs
    assert check_every_eval_figure(raw["data"], served, run_config=False) > 5 * len(raw["data"])


QUERIES = [
    BenchmarkQuery(source="artificial-analysis"),
    BenchmarkQuery(source="artificial-analysis", task_type="intelligence", max_results=100),
    BenchmarkQuery(source="design-arena", category="website", max_results=100),
    BenchmarkQuery(source="design-arena", arena="agents", task_type="coding"),
    BenchmarkQuery(source="design-arena", arena="builders"),
    BenchmarkQuery(task_type="coding", max_results=100),
    BenchmarkQuery(max_results=100),
    BenchmarkQuery(source="openrouter", benchmark_type="gpqa_diamond", max_results=100),
    BenchmarkQuery(source="openrouter", task_type="search", include_run_config=True),
    BenchmarkQuery(task_type="agentic", max_results=100),
]


def test_offline_answers_equal_the_stand_ins(make_layer, tmp_path):
    from client.sdk import OpenRouter
    from fake_openrouter import Server
    from tests.conftest import TEST_KEY

    offline = make_layer()
    with Server(data_dir=SNAPSHOT_DIR) as server, OpenRouter(api_key=TEST_KEY, server_url=server.base_url) as api:
        for query in QUERIES:
            local = offline.load_benchmarks(query)
            remote = api.benchmarks.fetch(query)
            through_the_boundary = validate_items(remote.data)[0]
            assert [i.model_dump() for i in local.items] == [i.model_dump() for i in through_the_boundary], query
            assert local.meta["model_count"] == remote.meta.model_count
            assert local.meta["citation"] == remote.meta.citation
            assert local.meta["as_of"] == remote.meta.as_of


def test_every_dataset_has_a_snapshot_or_an_empty_dated_one(make_layer):
    layer = make_layer()
    dates = {spec.name: layer.load_dataset(spec.name).as_of_date for spec in datasets().values()}
    assert dates == {"artificial-analysis": "2026-08-28", "design-arena-models": "2026-08-28",
                     "design-arena-agents": "2026-08-28", "design-arena-builders": "2026-08-28",
                     "openrouter": "2026-10-08"}  # OpenRouter's evals were captured on their own date
    assert layer.load_dataset("design-arena-builders").dataset.items == ()  # no file: empty, dated as its arena's
    assert len(layer.load_dataset("openrouter").dataset.items) == 320
    assert Path(SNAPSHOT_DIR / "PROVENANCE.md").exists() and Path(SNAPSHOT_DIR / "PROVENANCE-openrouter.md").exists()
