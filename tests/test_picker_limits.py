"""The picker never recommends what you cannot run, nor a dominated model; it says what it rests on (issue 12)."""

from __future__ import annotations

import random
from decimal import Decimal

import pandas as pd
import pytest

from client.models import parse_item
from core import picker
from core.frames import pareto_frontier
from core.picker import Workload, default_peak_rpm, free_limit_miss, is_free_variant, recommend
from tests.test_core_frames import aa, da

CHEAP, DEAR = "0.000001", "0.00001"  # $75.00 and $750.00 a month for the default mix (1,000 a day, 2,000 + 500)


def tau(slug, accuracy):
    return parse_item({"source": "openrouter", "model_permaslug": slug, "display_name": slug,
                       "benchmark_type": "tau_bench_verified_airline", "accuracy": accuracy,
                       "total_tasks": 50, "last_run_timestamp": "2026-08-20T10:00:00Z"})


def free(slug="free-model"):
    return aa(slug, 40, coding=40, prompt="0", completion="0")


def test_the_free_limits_are_openrouters_published_figures_with_their_date():
    assert (picker.FREE_REQUESTS_PER_MINUTE, picker.FREE_REQUESTS_PER_DAY,
            picker.FREE_REQUESTS_PER_DAY_WITH_CREDITS, picker.FREE_CREDITS_USD) == (20, 50, 1_000, 10)
    assert picker.FREE_LIMITS_CHECKED == "2026-11-26"


@pytest.mark.parametrize(("per_day", "peak"), [(1, 1), (480, 1), (481, 2), (1_000, 3), (5_000, 11),
                                               (10_000, 21), (100_000_000, 208_334)])
def test_the_peak_defaults_to_three_times_the_average_minute_rounded_up(per_day, peak):
    assert default_peak_rpm(per_day) == peak
    assert Workload(requests_per_day=per_day).peak_requests_per_minute == peak
    assert Workload(requests_per_day=per_day, peak_rpm=7).peak_requests_per_minute == 7  # given: used as is


@pytest.mark.parametrize(("slug", "prompt", "completion", "expected"), [
    ("vendor/model:free", "0.000001", "0.000002", True),  # the id says so, whatever the price
    ("vendor/model", "0", "0", True),
    ("vendor/model", "0", "0.000001", False),  # free input only: a paid model
    ("vendor/model", None, None, False),  # unknown price: not known to be free
    ("vendor/free-model", "0.000001", "0.000001", False),
])
def test_what_counts_as_a_free_variant(slug, prompt, completion, expected):
    money = [None if v is None else Decimal(v) for v in (prompt, completion)]
    assert is_free_variant(slug, *money) is expected


@pytest.mark.parametrize(("per_day", "peak", "credits", "excluded"), [
    (50, None, False, False), (51, None, False, True),  # 50 a day without credits
    (1_000, None, True, False), (1_001, None, True, True),  # 1,000 a day with $10 bought
    (50, 20, False, False), (50, 21, False, True),  # 20 a minute either way
    (1_000, 20, True, False), (1_000, 21, True, True),
    (6_720, None, True, True),  # peak derived: 3 × 6,720 / 1,440 = 14 a minute, but over 1,000 a day
])
def test_free_variants_past_the_limits_are_excluded_and_paid_ones_never_are(per_day, peak, credits, excluded):
    items = [free(), aa("paid", 50, coding=50), aa("id:free", 30, coding=30, prompt=CHEAP, completion=CHEAP)]
    rec = recommend(items, Workload(requests_per_day=per_day, peak_rpm=peak, credits_bought=credits))
    reasons = dict(zip(rec.excluded["model"], rec.excluded["kind"], strict=True))
    assert "paid" in {p.slug for p in rec.picks}
    for slug in ("free-model", "id:free"):
        assert (reasons.get(slug) == "free limit") is excluded
        assert (slug in {p.slug for p in rec.picks}) is not excluded
    if not excluded:
        assert {p.slug: p.free for p in rec.picks} == {"free-model": True, "paid": False, "id:free": True}


def test_the_free_limit_reason_names_each_limit_missed_and_how_far():
    reason, over = free_limit_miss(Workload(requests_per_day=1_000, peak_rpm=25))
    assert reason == ("free variant: 1,000 requests a day, over OpenRouter's 50 a day for free variants (1,000 once "
                      "$10 of credits are bought); 25 requests a minute at peak, over OpenRouter's 20 a minute for "
                      "free variants (checked 2026-11-26)")
    assert over == pytest.approx(19.0)  # 1,000 / 50 − 1, more than 25 / 20 − 1
    reason, over = free_limit_miss(Workload(requests_per_day=1_200, credits_bought=True))
    assert "1,200 requests a day, over OpenRouter's 1,000 a day for free variants (with $10 of credits" in reason
    assert "a minute" not in reason and over == pytest.approx(0.2)
    assert free_limit_miss(Workload(requests_per_day=50)) is None


def test_a_dominated_model_is_never_the_top_pick_even_on_a_tie():
    # At quality 100 the value is the quality: "a-dear" and "b-cheap" tie, and "a-dear" comes first by name;
    # it costs more for the same quality, so it cannot be the top pick.
    items = [aa("a-dear", 50, coding=80, prompt=DEAR, completion=DEAR),
             aa("b-cheap", 50, coding=80, prompt=CHEAP, completion=CHEAP),
             aa("c", 50, coding=10, prompt="0.0000001", completion="0.0000001")]
    rec = recommend(items, Workload(quality_weight=1.0))
    assert [p.slug for p in rec.picks] == ["b-cheap", "a-dear", "c"]
    frontier = {p.slug: (p.frontier, p.dominated_by) for p in rec.picks}
    assert frontier == {"b-cheap": (True, None), "a-dear": (False, "b-cheap"), "c": (True, None)}  # c: cheapest
    # At quality 0 the value is the cheapness: the same price, less quality, is dominated too.
    items = [aa("a-worse", 50, coding=10, prompt=CHEAP, completion=CHEAP),
             aa("b-better", 50, coding=80, prompt=CHEAP, completion=CHEAP), aa("c", 50, coding=90, prompt=DEAR)]
    rec = recommend(items, Workload(quality_weight=0.0))
    assert rec.picks[0].slug == "b-better" and rec.picks[1].dominated_by == "b-better"


@pytest.mark.parametrize("seed", range(40))
def test_on_random_data_the_top_pick_is_on_the_frontier_and_every_dominator_dominates(seed):
    rng = random.Random(seed)
    items = [aa(f"m{i}", 50, coding=rng.choice([10, 20, 20, 40, 60]), prompt=rng.choice(["0", CHEAP, CHEAP, DEAR]),
                completion=rng.choice(["0", CHEAP, DEAR]))
             for i in range(rng.randint(2, 9))]
    items += [da(f"m{i}", "codecategories", rng.choice([1000, 1100, 1100])) for i in range(rng.randint(0, 4))]
    workload = Workload(quality_weight=rng.choice([0.0, 0.3, 0.7, 1.0]), credits_bought=True)
    picks = recommend(items, workload).picks
    table = pd.DataFrame({"price": [float(p.monthly_usd) for p in picks], "score": [p.quality for p in picks]},
                         index=[p.slug for p in picks])
    on = set(pareto_frontier(table))
    assert picks[0].slug in on
    by_name = {p.name: p for p in picks}
    for pick in picks:
        assert pick.frontier is (pick.slug in on)
        if not pick.frontier:
            other = by_name[pick.dominated_by]
            assert other.quality >= pick.quality and other.monthly_usd <= pick.monthly_usd
            assert other.quality > pick.quality or other.monthly_usd < pick.monthly_usd


def test_a_signal_without_any_data_is_said_and_its_weight_is_not_varied():
    items = [aa("a", 50, coding=50, agentic=60, prompt=DEAR), aa("b", 50, coding=50, agentic=40)]
    rec = recommend(items, Workload(kind="agentic"))
    assert [m.id for m in rec.missing] == ["or.tau_bench_verified_airline"]
    assert [m.id for m in rec.present] == ["aa.agentic_index"]
    # One signal with data: a model's quality is its percentile on it, whatever its weight: only q is moved.
    assert rec.varied == ("quality vs cost",) and rec.variations == 3 and rec.unweighed == rec.present
    with_tau = recommend([*items, tau("a", 0.5), tau("b", 0.6)], Workload(kind="agentic"))
    assert with_tau.missing == () and with_tau.variations == 27  # 3³: both signals and the quality weight


@pytest.mark.parametrize(("items", "min_sources", "said"), [
    ([aa("a", 50), aa("b", 60)], 2, "Coding draws on 1 source with data (Artificial Analysis) (Design Arena has "
                                    "no data for it here), so no model can be rated by 2. Ask for at most 1."),
    ([aa("a", 50), da("a", "codecategories", 1200)], 3, "Coding draws on 2 sources with data (Artificial Analysis, "
                                                        "Design Arena), so no model can be rated by 3. Ask for at "
                                                        "most 2."),
])
def test_more_sources_than_the_workload_draws_on_is_refused_with_that_reason(items, min_sources, said):
    rec = recommend(items, Workload(min_sources=min_sources, max_monthly_usd=Decimal("1")))
    assert rec.refusal == said and rec.picks == () and rec.excluded.empty
    assert "budget" not in rec.refusal
    allowed = recommend(items, Workload(min_sources=min_sources - 1))
    assert allowed.refusal is None and allowed.picks


def test_excluded_models_are_ordered_by_how_far_they_miss_budget_first():
    two = [da(s, "codecategories", 1100) for s in ("over-200", "over-12", "free", "ok")]
    items = [aa("unpriced", 50, coding=90, prompt=None), aa("one-source", 50, coding=80),
             aa("over-200", 50, coding=70, prompt="0.000004", completion="0.000004"),  # $300.00 a month
             free("free"), aa("ok", 50, coding=50),
             aa("over-12", 50, coding=60, prompt="0.0000015", completion="0.0000015"), *two]  # $112.50
    rec = recommend(items, Workload(max_monthly_usd=Decimal("100"), min_sources=2))
    assert [p.slug for p in rec.picks] == ["ok"]
    assert rec.excluded["model"].tolist() == ["over-12", "over-200", "free", "one-source", "unpriced"]
    assert rec.excluded["misses_by"].tolist() == ["+12%", "+200%", "+1,900%", "1 source short", ""]
    assert rec.excluded["reason"].iloc[0] == "$112.50 a month, over the $100.00 budget"


def test_the_why_gives_both_ranks_from_the_one_ranking_and_the_quality_weight_is_shown():
    items = [aa("best", 50, coding=90, prompt=DEAR, completion=DEAR), aa("mid", 50, coding=60),
             aa("cheap", 50, coding=30, prompt="0.0000001", completion="0.0000001")]
    rec = recommend(items, Workload(quality_weight=0.5))
    why = {p.slug: p.why for p in rec.picks}
    assert why["best"].startswith("1st of 3 on quality and 3rd of 3 on price (1st = cheapest)")
    assert why["mid"].startswith("2nd of 3 on quality and 2nd of 3 on price")
    assert why["cheap"].startswith("3rd of 3 on quality and 1st of 3 on price")
    assert {p.slug: (p.quality_rank, p.price_rank) for p in rec.picks} == {"best": (1, 3), "mid": (2, 2),
                                                                          "cheap": (3, 1)}
    assert rec.extremes == ("best", "cheap")  # the top pick at quality 100 and at 0
