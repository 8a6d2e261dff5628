"""Pick and Value at scale (issue 21, A4): no n×n work; one answer of 100,000 models stays within a memory bound,
and the fast domination answers exactly what the pairwise definition does."""

from __future__ import annotations

import random
import tracemalloc
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import picker
from core.catalogue import every_measure
from core.frames import pareto_frontier
from core.picker import Workload, recommend
from core.value import frontier_rows, to_value_frame
from tests.test_core_frames import aa, da
from ui.recommendation import shortlist_table

PEAK_BOUND_MB = 200  # per view: one recommendation, one value frame
STEPS = (20_000, 100_000)  # the first step is cheap and already far past the bound for pairwise work
PRICES = ("0", "0.0000001", "0.000001", "0.000002", "0.00001")


def beats(a, b) -> bool:
    """Whether pick `a` dominates pick `b`: at least as good, no dearer, and better on one."""
    return (a.quality >= b.quality and a.monthly_usd <= b.monthly_usd
            and (a.quality > b.quality or a.monthly_usd < b.monthly_usd))


def reference(picks) -> list[tuple[bool, str | None]]:
    """Per pick, pairwise: on the frontier (no pick dominates it), else the first pick in value order that does."""
    answer = []
    for pick in picks:
        dominators = [other for other in picks if beats(other, pick)]
        answer.append((not dominators, dominators[0].name if dominators else None))
    return answer


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.integers(0, 6), st.sampled_from(PRICES), st.sampled_from(PRICES),
                               st.one_of(st.none(), st.integers(0, 3))), min_size=1, max_size=14),
       quality_weight=st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]))
def test_domination_equals_the_pairwise_reference(rows, quality_weight):
    # few distinct qualities and prices: ties on quality, on cost and on both are common
    items = [aa(f"m{i}", 50, coding=coding * 10, prompt=prompt, completion=completion)
             for i, (coding, prompt, completion, _) in enumerate(rows)]
    items += [da(f"m{i}", "codecategories", 1000 + elo * 50) for i, (*_, elo) in enumerate(rows) if elo is not None]
    picks = recommend(items, Workload(quality_weight=quality_weight, credits_bought=True)).picks
    assert [(p.frontier, p.dominated_by) for p in picks] == reference(picks)
    table = pd.DataFrame({"price": [float(p.monthly_usd) for p in picks], "score": [p.quality for p in picks]},
                         index=[p.slug for p in picks])
    assert {p.slug for p in picks if p.frontier} == set(pareto_frontier(table))


def synthetic(n: int, seed: int = 21) -> tuple:
    """`n` distinct models rated by Artificial Analysis, one in five also by Design Arena's Code category."""
    rng = random.Random(seed)
    items = [aa(f"vendor/model-{i}", rng.randint(0, 700) / 10, coding=rng.randint(0, 700) / 10,
                prompt=f"0.{rng.randint(1, 20_000):09d}", completion=f"0.{rng.randint(1, 60_000):09d}")
             for i in range(n - n // 5)]
    items += [da(f"vendor/model-{i}", "codecategories", rng.randint(900, 1500)) for i in range(n // 5)]
    return tuple(items)


def peak_mb(compute) -> tuple[object, float]:
    """What `compute()` returns, and the most memory it held at once beyond what was held before, in MB."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = compute()
        return result, (tracemalloc.get_traced_memory()[1] - before) / 1e6
    finally:
        tracemalloc.stop()


@pytest.mark.slow  # 100,000 models traced by tracemalloc: about 30 s on an idle machine
@pytest.mark.timeout(600)
def test_a_pick_and_a_value_view_of_many_models_stay_within_a_memory_bound():
    for n in STEPS:  # in turn: pairwise work fails the first, small step before it could exhaust the machine
        items = synthetic(n)

        def pick_view(items=items):  # what the Pick page computes: the recommendation, its shortlist's table
            rec = recommend(items, Workload(kind="coding", quality_weight=0.7))
            shortlist_table(rec, 5)
            return rec, rec.picks[:5], len(rec.picks)

        (rec, shortlist, eligible), pick_peak = peak_mb(pick_view)
        assert pick_peak < PEAK_BOUND_MB, f"Pick at {n:,} models held {pick_peak:,.0f} MB at its peak"
        assert eligible == n - n // 5 and shortlist[0].frontier and shortlist[0].dominated_by is None
        assert all(p.frontier or p.dominated_by for p in shortlist)

        signal = every_measure(items)["aa.coding_index"]
        frame, value_peak = peak_mb(
            lambda items=items, signal=signal: frontier_rows(to_value_frame(items, signal, 2_000, 500)))
        assert value_peak < PEAK_BOUND_MB, f"Value at {n:,} models held {value_peak:,.0f} MB at its peak"
        assert 0 < len(frame) < n and frame["blended_per_1m"].is_monotonic_increasing


def test_the_fast_dominators_name_the_first_dominator_in_value_order_on_a_large_random_set():
    items = synthetic(3_000, seed=5)
    picks = recommend(items, Workload(kind="coding", quality_weight=0.5,
                                      max_monthly_usd=Decimal("500"))).picks
    sample = random.Random(1).sample(range(len(picks)), 60)
    for index in sample:
        pick = picks[index]
        first = next((other for other in picks if beats(other, pick)), None)
        assert (pick.frontier, pick.dominated_by) == (first is None, first.name if first else None)


def test_pairwise_work_is_gone_from_the_picker():
    # the old pairwise matrix: n × n booleans; the domination of 10,000 rows must not allocate one row pair each
    n = 10_000
    rng = random.Random(3)
    frame = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "quality": [rng.random() for _ in range(n)],
                          "cost": [rng.random() for _ in range(n)]})
    frame["value"] = frame["quality"] - frame["cost"]
    frame = frame.sort_values(["value", "quality", "cost", "model"], ascending=[False, False, True, True])
    frame["frontier"] = frame.index.isin(pareto_frontier(frame, price="cost", score="quality"))
    answer, peak = peak_mb(lambda: picker._dominators(frame))
    assert peak < 20, f"domination of {n:,} rows held {peak:,.0f} MB"
    assert sum(a is None for a in answer) == int(frame["frontier"].sum())


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(0, 50), min_size=1, max_size=70), data=st.data())
def test_the_range_minimum_equals_a_scan(values, data):
    ranges = data.draw(st.lists(st.tuples(st.integers(0, len(values) - 1), st.integers(1, len(values))),
                                min_size=1, max_size=20).map(lambda pairs: [(a, max(a + 1, b)) for a, b in pairs]))
    start, stop = (np.array(side) for side in zip(*ranges, strict=True))
    found = picker._range_min(np.array(values), start, stop)
    assert found.tolist() == [min(values[a:b]) for a, b in ranges]


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from([0.0, 0.5, 1.0]), st.sampled_from([10.0, 20.0]),
                               st.sampled_from([1.0, 2.0]), st.sampled_from(["a", "b", "c"])), min_size=1, max_size=12))
def test_the_first_without_sorting_is_the_first_of_the_order(rows):
    frame = pd.DataFrame(rows, columns=["value", "quality", "cost", "model"], index=[f"r{i}" for i in range(len(rows))])
    assert picker._first(frame, frame["quality"], frame["value"]) == picker._order(
        frame, frame["quality"], frame["value"])[0]
