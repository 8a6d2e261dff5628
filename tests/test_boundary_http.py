"""The validated boundary through the data service, over real HTTP against the stand-in's item mutations.

Each mutation reaches the app only through the boundary: dropped or changed items are counted with their
reason on the dataset, saved with it to the disk cache, and read back unchanged after a restart.
"""

from __future__ import annotations

import pytest

from client.clock import FakeClock
from client.models import GenericItem
from client.query import BenchmarkQuery
from service.boundary import DUPLICATE, NOT_A_PRICE, PRICE_CAP_PER_TOKEN, dropped_count
from service.states import Freshness
from tests.conftest import admin, load_after_refresh

AA_ITEMS = 123
# variant -> (the problem's reason, how many items, dropped?, items served)
EXPECTED = {
    "non_finite": ("Intelligence is not a finite number", 4, True, AA_ITEMS - 4),
    "negative_price": ("price is negative (unknown)", 1, False, AA_ITEMS),
    "huge_price": (f"price is ${PRICE_CAP_PER_TOKEN} or more per token", 3, False, AA_ITEMS),
    # The client keeps an item whose price it cannot read, without a price (client/models.py), and says so.
    "empty_price": (NOT_A_PRICE, 1, False, AA_ITEMS),
    "duplicate": (DUPLICATE, 1, True, AA_ITEMS),
    "hostile_text": ("text had control or bidi characters", 1, False, AA_ITEMS),
}


def mutate(server, variant: str, **options) -> None:
    admin(server, "/_admin/faults", {"kind": "mutate", "variant": variant, "count": 1, **options})


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_each_mutation_is_counted_with_its_reason_and_survives_a_restart(newer_api, make_layer, variant):
    reason, count, dropped, served = EXPECTED[variant]
    clock = FakeClock()
    state = make_layer(newer_api, clock=clock).load_dataset("artificial-analysis")
    assert state.state is Freshness.LIVE and len(state.dataset.items) == AA_ITEMS and state.dataset.problems == ()
    mutate(newer_api, variant)
    clock.advance(3601)  # past the TTL: a restart refreshes
    state = load_after_refresh(make_layer(newer_api, clock=clock), "artificial-analysis")  # mutated
    data = state.dataset
    assert state.state is Freshness.LIVE and len(data.items) == served
    (problem,) = data.problems
    assert (problem.reason, problem.count, problem.dropped) == (reason, count, dropped)
    assert 1 <= len(problem.examples) <= 3 and all("/" in example for example in problem.examples)
    assert data.dropped == dropped_count(data.problems) == (count if dropped else 0)

    restarted = make_layer(newer_api, clock=clock).load_dataset("artificial-analysis")  # the disk's, no request
    assert restarted.state is Freshness.CACHED
    assert restarted.dataset.problems == data.problems and restarted.dataset.dropped == data.dropped
    assert restarted.dataset.items == data.items


def test_what_the_mutations_leave_is_safe_to_show(newer_api, make_layer):
    layer = make_layer(newer_api)
    mutate(newer_api, "hostile_text", items=5)
    items = layer.load_dataset("artificial-analysis").dataset.items
    first = items[0]  # the API's order: the best by intelligence index first
    assert "gptevil-5" in {item.display_name for item in items}  # U+202E and U+202C removed
    assert not any("\u202e" in item.display_name for item in items)

    mutate(newer_api, "duplicate")
    layer.clear()  # as when the TTL runs out
    kept = [i for i in load_after_refresh(layer, "artificial-analysis").dataset.items
            if i.model_permaslug == first.model_permaslug]
    assert [i.intelligence_index for i in kept] == [first.intelligence_index]  # the first, not its twin (+10)

    mutate(newer_api, "huge_price", items=3)
    layer.clear()
    priced = {i.model_permaslug: i.pricing for i in load_after_refresh(layer, "artificial-analysis").dataset.items}
    assert priced[first.model_permaslug] is None  # unknown, not a $1e999999 model


def test_a_non_finite_elo_drops_the_design_arena_entry(newer_api, make_layer):
    mutate(newer_api, "non_finite", items=2)
    state = make_layer(newer_api).load_dataset("design-arena-agents")
    assert state.state is Freshness.LIVE and len(state.dataset.items) == 297 - 2
    assert [(p.reason, p.count, p.dropped) for p in state.dataset.problems] == [("ELO is not a finite number", 2,
                                                                                  True)]


def test_items_of_an_unknown_source_are_kept(newer_api, make_layer):
    mutate(newer_api, "unknown_source", items=2)
    state = make_layer(newer_api).load_dataset("artificial-analysis")
    unknown = [item for item in state.dataset.items if isinstance(item, GenericItem)]
    assert len(state.dataset.items) == AA_ITEMS and [i.source for i in unknown] == ["lmarena", "lmarena"]
    assert state.dataset.problems == () and state.dataset.dropped == 0


def test_a_mutated_answer_is_answered_locally_without_error(newer_api, make_layer):
    layer = make_layer(newer_api)
    admin(newer_api, "/_admin/faults", {"faults": [
        {"kind": "mutate", "variant": variant, "count": 1, "match": {"source": source}}
        for variant, source in (("non_finite", "artificial-analysis"), ("huge_price", "design-arena"),
                                ("hostile_text", "openrouter"))]})
    result = layer.load_everything()
    assert all(state.state is Freshness.LIVE for state in result.states)
    assert sum(state.dataset.dropped for state in result.states) == 4
    for query in (BenchmarkQuery(task_type="coding", max_results=100), BenchmarkQuery(source="design-arena")):
        assert layer.load_benchmarks(query).items


@pytest.mark.parametrize("fault", [{"kind": "nested", "depth": 200_000}, {"kind": "mutate", "variant": "non_finite",
                                                                          "items": "all"}])
def test_an_answer_that_cannot_be_used_keeps_the_last_good_data(newer_api, make_layer, fault):
    from client.clock import FakeClock

    layer = make_layer(newer_api, error_ttl_seconds=1, clock=FakeClock())
    good = layer.load_dataset("artificial-analysis")
    layer.clear()
    admin(newer_api, "/_admin/faults", {**fault, "count": 20})
    stale = load_after_refresh(layer, "artificial-analysis")  # whatever the client raises, never an exception
    assert stale.state is Freshness.STALE and stale.dataset is good.dataset and stale.failure is not None
