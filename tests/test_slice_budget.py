"""A dataset cut into many slices cannot spend the API budget of the others (issue 21, A9).

Against the stand-in over real HTTP, on one fake clock: a Design Arena answer of 99 items in 99 distinct
categories (one slice each) refreshed through a whole UTC day; and a fill that the slice cap stops, continued
by the next refreshes where it stopped, the slices already fetched kept and served.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest

from client.clock import FakeClock
from client.query import BenchmarkQuery
from core.catalogue import KNOWN_CATEGORIES
from core.freshness import describe_completeness
from fake_openrouter import Limits, Server
from service.datasets import MAX_SLICES_PER_REFRESH
from service.quota import DATASET_DAY_SHARE
from service.states import Freshness
from tests.conftest import SNAPSHOT_DIR, admin

DAY_START = datetime(2026, 11, 26, 0, 0, 30, tzinfo=UTC)
STEP_S = 75  # how often the bad dataset was tried again when every attempt failed
PER_DAY = 500


def da_item(slug: str, category: str, elo: int) -> dict:
    return {"source": "design-arena", "model_permaslug": slug, "display_name": slug.title(), "arena": "models",
            "category": category, "elo": elo, "win_rate": 50.0, "avg_generation_time_ms": None,
            "tournament_stats": {"first_place": None, "second_place": None, "third_place": None,
                                 "fourth_place": None, "total": None},
            "pricing": {"prompt": "0.000003", "completion": "0.000015"}}


def serve(folder, items: list[dict], *, all_when_omitted: bool):
    """The stand-in on a copy of the snapshot whose Design Arena models answer is `items`; its own limits high
    (the app's quota guard is what is tested, on the fake clock)."""
    for path in SNAPSHOT_DIR.glob("*.json"):
        shutil.copy(path, folder / path.name)
    path = folder / "design-arena-models.json"
    document = json.loads(path.read_text())
    document["response"]["data"] = items
    document["response"]["meta"]["model_count"] = len({item["model_permaslug"] for item in items})
    path.write_text(json.dumps(document))
    return Server(data_dir=folder, limits=Limits(per_minute=10**6, per_day=10**6, all_when_omitted=all_when_omitted))


def by_dataset(server) -> dict[str, int]:
    """Requests the stand-in answered, per dataset of the app (by the query's source and arena)."""
    counts: dict[str, int] = {}
    for key, count in admin(server, "/_admin/stats")["by_query"].items():
        params = dict(part.split("=", 1) for part in key.split("&") if part)
        name = params["source"] + (f"-{params['arena']}" if "arena" in params else "")
        counts[name] = counts.get(name, 0) + count
    return counts


def slice_requests(server) -> dict[str, int]:
    """Requests per Design Arena models slice (category) the stand-in answered."""
    found = {}
    for key, count in admin(server, "/_admin/stats")["by_query"].items():
        params = dict(part.split("=", 1) for part in key.split("&") if part)
        if params.get("arena") == "models" and "category" in params:
            found[params["category"]] = count
    return found


@pytest.fixture
def ninety_nine_categories(tmp_path):
    folder = tmp_path / "upstream"
    folder.mkdir()
    items = [da_item(f"vendor/model-{n:02d}", f"made-up-{n:02d}", 1000 + n) for n in range(99)]
    with serve(folder, items, all_when_omitted=True) as server:
        yield server


def test_a_dataset_of_99_slices_spends_at_most_its_share_of_a_day_and_the_others_still_refresh(
        ninety_nine_categories, make_layer):
    server = ninety_nine_categories
    clock = FakeClock(DAY_START)
    layer = make_layer(server, clock=clock, per_day=PER_DAY)
    share = int(PER_DAY * DATASET_DAY_SHARE)
    seen_live: dict[str, list[datetime]] = {}
    while clock.now().date() == DAY_START.date() and clock.now().hour * 60 + clock.now().minute < 23 * 60 + 58:
        for state in layer.load_every_dataset():
            if state.state is Freshness.LIVE:
                seen_live.setdefault(state.name, []).append(state.dataset.fetched_at)
        assert layer.wait_for_loads(60)
        clock.advance(STEP_S)
    spent = by_dataset(server)
    assert spent["design-arena-models"] <= share, spent
    # every request answered was counted first (one counted may have failed on the way: never more answered)
    assert sum(spent.values()) <= layer.usage().used_today <= PER_DAY
    # every other dataset kept refreshing all day: a fresh fetch in each of the day's 24 hours
    for name in ("artificial-analysis", "openrouter", "design-arena-agents", "design-arena-builders"):
        hours = {moment.hour for moment in seen_live.get(name, [])}
        assert hours == set(range(24)), (name, sorted(hours))
        assert spent[name] >= 24
    # what the bad dataset fetched is served: live data of every category, not the snapshot
    served = layer.load_dataset("design-arena-models")
    assert served.state in (Freshness.LIVE, Freshness.STALE)
    assert {item.category for item in served.dataset.items} == {f"made-up-{n:02d}" for n in range(99)}


@pytest.fixture
def forty_categories(tmp_path):
    """The documented API (an omitted max_results answers 50): 40 categories (the 13 known, 27 more), three
    models each, stored so that the first 40 items name every category once."""
    folder = tmp_path / "upstream"
    folder.mkdir()
    categories = [*KNOWN_CATEGORIES["models"], *(f"made-up-{n:02d}" for n in range(27))]
    items = [da_item(f"vendor/{category}-{copy}", category, 1000 + copy) for copy in range(3)
             for category in categories]
    with serve(folder, items, all_when_omitted=False) as server:
        yield server, categories, items


def test_a_fill_the_cap_stops_is_kept_and_continued_where_it_stopped_across_a_restart(forty_categories, make_layer):
    server, categories, items = forty_categories
    clock = FakeClock(DAY_START)
    layer = make_layer(server, clock=clock)
    served_before: set[str] = set()
    rounds = 0
    while True:
        before = admin(server, "/_admin/stats")["requests_total"]
        state = layer.load_dataset("design-arena-models")
        assert layer.wait_for_loads(60)
        state = layer.load_dataset("design-arena-models")
        asked = admin(server, "/_admin/stats")["requests_total"] - before
        assert asked <= 1 + MAX_SLICES_PER_REFRESH  # the wide request, then at most the cap of slices
        assert state.state is Freshness.LIVE, state.failure
        served = {item.model_permaslug for item in state.dataset.items}
        assert served > served_before or state.dataset.complete  # slices fetched before are kept
        served_before = served
        rounds += 1
        if state.dataset.complete:
            break
        assert state.dataset.pending_slices  # what is not fetched yet is named, on Data & status too
        assert "not fetched yet" in describe_completeness(state.dataset)
        assert rounds < 10
        clock.advance(STEP_S)
        if rounds == 1:  # a restart: the fill goes on from the disk cache, where it stopped
            layer = make_layer(server, clock=clock)
    assert rounds == -(-len(categories) // MAX_SLICES_PER_REFRESH)
    # continued, never started over: every slice asked once, and every model of every category served
    assert slice_requests(server) == dict.fromkeys(categories, 1)
    assert served == {item["model_permaslug"] for item in items}
    gamedev = layer.load_benchmarks(BenchmarkQuery(source="design-arena", arena="models", category="gamedev"))
    assert {item.model_permaslug for item in gamedev.items} == {f"vendor/gamedev-{copy}" for copy in range(3)}


def test_the_share_is_one_count_per_dataset_for_processes_sharing_the_folder_and_refuses_before_sending(tmp_path):
    from service.quota import DatasetShares, QuotaExceeded

    clock = FakeClock(DAY_START)
    state = tmp_path / "quota-datasets.json"
    one, other = DatasetShares(3, 12, state, clock), DatasetShares(3, 12, state, clock)  # as two processes
    one.take("design-arena-models")
    other.take("design-arena-models")
    one.take("design-arena-models")
    with pytest.raises(QuotaExceeded) as refused:
        other.take("design-arena-models")
    assert refused.value.message == "Design Arena models ratings used its share of the day, 3 of 12 requests"
    assert refused.value.resets_at == datetime(2026, 11, 27, tzinfo=UTC)
    other.take("openrouter")  # the other datasets keep theirs
    one.give_back("design-arena-models")  # counted, then refused by the shared budget: not spent
    other.take("design-arena-models")
    assert one.used() == other.used() == {"design-arena-models": 3, "openrouter": 1}
    state.write_text(json.dumps({"day": "2026-11-26", "counts": {"openrouter": "lots", "x": -4, "y": True}}))
    assert DatasetShares(3, 12, state, clock).used() == {}  # not counts: ignored
    clock.advance(86_400)
    assert one.used() == {}  # a new UTC day


def test_an_open_page_keeps_a_stopped_fill_going_without_a_click(forty_categories, make_layer):
    server, categories, _ = forty_categories
    clock = FakeClock(DAY_START)
    layer = make_layer(server, clock=clock)
    layer.load_dataset("design-arena-models")
    assert layer.wait_for_loads(60)
    assert layer.filling() == ("design-arena-models",)  # the cap stopped the fill: the page polls it
    asked = admin(server, "/_admin/stats")["requests_total"]
    assert layer.resume_fills() == ("design-arena-models",) and layer.wait_for_loads(60)
    assert admin(server, "/_admin/stats")["requests_total"] == asked  # not due yet: nothing asked
    clock.advance(STEP_S)  # past the error TTL: the next poll of an open page goes on with the fill
    for _ in range(5):  # 40 categories: three refreshes of 16 at the most
        if not layer.resume_fills():
            break
        assert layer.wait_for_loads(60)
        clock.advance(STEP_S)
    assert layer.in_hand("design-arena-models").dataset.complete
    assert slice_requests(server) == dict.fromkeys(categories, 1)  # continued where it stopped, never again
