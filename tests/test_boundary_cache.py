"""Hostile disk cache files: never a crash, never read twice, replaced by the next good fetch."""

from __future__ import annotations

import json
import math

import pytest

from client.clock import FakeClock
from service import store as store_module
from service.datasets import FetchedDataset
from service.states import Freshness
from service.store import MAX_CACHE_FILE_BYTES, REJECTED_SUFFIX, DiskStore
from tests.conftest import admin

NAME = "artificial-analysis"


def requests_made(server) -> int:
    return admin(server, "/_admin/stats")["requests_total"]


def good_document(server, make_layer) -> dict:
    """A cache file as the app writes it (then the stand-in's counters are reset)."""
    layer = make_layer(server)
    layer.load_dataset(NAME)
    path = layer.settings.cache_dir / f"{NAME}.json"
    document = json.loads(path.read_text())
    path.unlink()
    admin(server, "/_admin/reset", {})
    return document


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE = {
    "nested-200000": lambda doc: deep(200_000),
    "nested-items": lambda doc: json.dumps({**doc, "response": {**doc["response"], "data": "@"}}).replace(
        '"@"', deep(200_000)),
    "dropped-1e400": lambda doc: json.dumps(doc).replace('"dropped": 0', '"dropped": 1e400'),
    "dropped-nan": lambda doc: json.dumps(doc).replace('"dropped": 0', '"dropped": NaN'),
    "fetched-year-9999": lambda doc: json.dumps({**doc, "fetched_at": "9999-12-31T23:59:59+00:00"}),
    "fetched-not-a-time": lambda doc: json.dumps({**doc, "fetched_at": "9" * 10_000}),
    "complete-a-string": lambda doc: json.dumps({**doc, "complete": "no"}),
    "problems-bad": lambda doc: json.dumps({**doc, "problems": [{"reason": "x", "count": 1e400, "examples": [],
                                                                  "dropped": True}]}),
    "meta-missing": lambda doc: json.dumps({**doc, "response": {"data": doc["response"]["data"]}}),
    "not-utf8": lambda doc: b"\xff\xfe" + json.dumps(doc).encode("utf-16-le"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_cache_file_is_ignored_moved_aside_and_replaced(newer_api, make_layer, kind):
    document = good_document(newer_api, make_layer)
    content = HOSTILE[kind](document)
    folder = make_layer().settings.cache_dir  # the folder every layer of this test uses
    path = folder / f"{NAME}.json"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)

    state = make_layer(newer_api).load_dataset(NAME)
    assert state.state is Freshness.LIVE and len(state.dataset.items) == 123  # fetched, as if no file
    assert requests_made(newer_api) == 1
    assert (folder / f"{NAME}.json{REJECTED_SUFFIX}").exists()  # moved aside, kept to look at
    rewritten = json.loads(path.read_text())
    assert rewritten["dropped"] == 0 and len(rewritten["response"]["data"]) == 123
    assert make_layer(newer_api).load_dataset(NAME).state is Freshness.CACHED  # the new file serves a restart


def test_three_hundred_megabytes_are_never_read(newer_api, make_layer, monkeypatch):
    folder = make_layer().settings.cache_dir
    folder.mkdir(parents=True)
    path = folder / f"{NAME}.json"
    with path.open("wb") as junk:
        junk.truncate(300 * 1024 * 1024)  # sparse: 300 MB of NUL bytes, written in no time
    opened = []
    real_open = type(path).open
    monkeypatch.setattr(type(path), "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    assert DiskStore(folder).load(NAME) is None
    assert path not in opened and not path.exists()  # refused by its size, unread, and deleted
    assert MAX_CACHE_FILE_BYTES == 32 * 1024 * 1024
    monkeypatch.undo()
    state = make_layer(newer_api).load_dataset(NAME)
    assert state.state is Freshness.LIVE and path.stat().st_size < MAX_CACHE_FILE_BYTES


def test_a_file_that_cannot_be_moved_aside_is_not_read_again(tmp_path, monkeypatch):
    path = tmp_path / f"{NAME}.json"
    path.write_text(deep(200_000))
    reads = []
    real_read = store_module.read_json_capped
    monkeypatch.setattr(store_module, "read_json_capped", lambda *a: reads.append(a) or real_read(*a))
    monkeypatch.setattr(type(path), "replace", lambda *a: (_ for _ in ()).throw(PermissionError("read-only")))
    store = DiskStore(tmp_path)
    assert store.load(NAME) is None and store.load(NAME) is None and store.load(NAME) is None
    assert len(reads) == 1 and path.exists()
    path.write_text("[]")  # changed: read again (and refused again)
    assert store.load(NAME) is None and len(reads) == 2


def test_hostile_items_in_a_well_formed_file_pass_the_boundary(newer_api, make_layer):
    document = good_document(newer_api, make_layer)
    data = document["response"]["data"]
    data[0]["intelligence_index"] = math.nan  # the required figure: dropped
    data[1]["coding_index"] = 1e400  # optional: made missing
    data[2]["pricing"] = {"prompt": "", "completion": "-1"}  # unknown price
    data[3]["display_name"] = "Evil\u202e Name"
    data.append(dict(data[4]))  # a duplicate
    folder = make_layer().settings.cache_dir
    (folder / f"{NAME}.json").write_text(json.dumps(document))

    state = make_layer(newer_api).load_dataset(NAME)
    assert state.state is Freshness.CACHED and requests_made(newer_api) == 0  # a good file: served
    items = {item.model_permaslug: item for item in state.dataset.items}
    assert len(state.dataset.items) == 122 and data[0]["model_permaslug"] not in items
    assert items[data[1]["model_permaslug"]].coding_index is None
    assert items[data[2]["model_permaslug"]].pricing is None
    assert items[data[3]["model_permaslug"]].display_name == "Evil Name"
    assert {(p.reason, p.count, p.dropped) for p in state.dataset.problems} == {
        ("Intelligence is not a finite number", 1, True), ("Coding is not a finite number", 1, False),
        ("price is not a number", 1, False), ("text had control or bidi characters", 1, False),
        ("duplicate of an earlier item", 1, True)}
    assert state.dataset.dropped == 2


def test_problems_are_saved_and_read_back(tmp_path):
    from service.boundary import ItemProblem, validate_items
    from tests.test_boundary_items import aa

    items, problems = validate_items([aa(coding_index=math.inf), aa(), aa(slug="x/y", intelligence_index=-1.0)])
    dataset = FetchedDataset(NAME, items, _meta(), FakeClock().now(), dropped=2, problems=problems)
    store = DiskStore(tmp_path)
    store.save(dataset)
    back = store.load(NAME, FakeClock().now())
    assert back.problems == problems and back.dropped == 2 and back.items == items
    assert ItemProblem("duplicate of an earlier item", 1, ("openai/gpt-5-20260801",), True) in back.problems


def _meta():
    from client.models import BenchmarksMeta

    return BenchmarksMeta(as_of="2026-08-28T00:00:00Z", version="v1", source=NAME, model_count=2)
