"""Picking and value: Pareto frontier, weighting, exact cost, robustness, honest gaps."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest

from core.catalogue import ALL
from core.frames import pareto_frontier
from core.picker import Workload, blended_per_million, monthly_cost, recommend, signal_frame
from core.value import metric_choices, to_value_frame
from tests.test_core_frames import aa, da


def points(rows):
    return pd.DataFrame(rows, columns=["name", "price", "score"]).set_index("name")


@pytest.mark.parametrize(("rows", "expected"), [
    ([("a", 1.0, 50), ("b", 2.0, 60), ("c", 3.0, 55), ("d", 0.5, 40)], ["d", "a", "b"]),
    ([("only", 1.0, 10)], ["only"]),
    # exact duplicates are both on it; the same score at a higher price is beaten
    ([("a", 1.0, 50), ("twin", 1.0, 50), ("b", 2.0, 50)], ["a", "twin"]),
    ([("a", 1.0, 50), ("same-price", 1.0, 40)], ["a"]),
    ([("free", 0.0, 20), ("a", 1.0, 50), ("nan", None, 99)], ["free", "a"]),  # no price: not comparable
    ([("a", None, 50)], []),
    ([], []),
])
def test_pareto_frontier(rows, expected):
    assert pareto_frontier(points(rows)) == expected


def test_monthly_cost_is_exact_to_the_cent():
    workload = Workload(input_tokens=2000, output_tokens=500, requests_per_day=1000)
    assert monthly_cost(Decimal("0.000003"), Decimal("0.000015"), workload) == Decimal("405.00")
    odd = Workload(input_tokens=1234, output_tokens=567, requests_per_day=333)
    assert monthly_cost(Decimal("0.00000115"), Decimal("0.0000046"), odd) == Decimal("40.23")
    half = Workload(input_tokens=1000, output_tokens=0, requests_per_day=100)
    assert monthly_cost(Decimal("0.000004115"), Decimal("1"), half) == Decimal("12.35")  # 12.345: half up
    assert monthly_cost(Decimal("0"), Decimal("0"), workload) == Decimal("0.00")


def test_blended_price_follows_the_token_mix():
    assert blended_per_million(Decimal("0.000003"), Decimal("0.000015"), 3, 1) == Decimal("6")
    assert blended_per_million(Decimal("0.000003"), Decimal("0.000015"), 1, 0) == Decimal("3")


def test_quality_is_the_weighted_mean_of_the_percentiles_a_model_has():
    items = [aa("both", 90, coding=80), aa("aa-only", 50, coding=60), aa("low", 10, coding=20),
             da("both", "codecategories", 1200), da("da-only", "codecategories", 1300)]
    rec = recommend(items, Workload(kind="coding", quality_weight=1.0))
    quality = {p.slug: p.quality for p in rec.picks}
    assert quality["both"] == pytest.approx((100 + 50) / 2)  # AA coding 1st of 3; DA 2nd of 2
    assert quality["aa-only"] == pytest.approx(200 / 3) and quality["da-only"] == 100.0
    assert [p.slug for p in rec.picks][0] == "da-only"
    frame = signal_frame(items, rec.workload.signals).set_index("model_permaslug")
    assert math.isnan(frame.loc["aa-only", "da.models.codecategories"])


def test_value_mixes_quality_and_cheapness_by_the_users_weight():
    items = [aa("good-dear", 90, coding=90, prompt="0.00001", completion="0.00003"),
             aa("fair-cheap", 50, coding=50, prompt="0.0000001", completion="0.0000002")]
    quality_first = recommend(items, Workload(kind="coding", quality_weight=1.0))
    cost_first = recommend(items, Workload(kind="coding", quality_weight=0.0))
    assert quality_first.picks[0].slug == "good-dear" and cost_first.picks[0].slug == "fair-cheap"


def test_robustness_on_a_case_with_a_known_answer():
    # A: best quality, dearer; B: the reverse. At weight 0.5 they tie (A first by quality); moving the
    # quality weight down 20 % hands B the top, up 20 % keeps A: A holds 6 of the 9 weight variations.
    items = [aa("a", 50, coding=60, prompt="0.000002", completion="0.000002"),
             aa("b", 50, coding=50, prompt="0.000001", completion="0.000001")]
    rec = recommend(items, Workload(kind="coding", quality_weight=0.5))
    assert rec.picks[0].slug == "a"
    assert rec.robustness == pytest.approx(6 / 9) and rec.fragile and rec.runner_up_on_top == "b"
    dominant = recommend([aa("a", 50, coding=90, prompt="0.0000001"), aa("b", 50, coding=10)],
                         Workload(kind="coding"))
    assert dominant.robustness == 1.0 and not dominant.fragile


def test_budget_price_and_coverage_exclusions_are_counted_with_reasons():
    items = [aa("cheap", 50, coding=50, prompt="0.0000001", completion="0.0000001"),
             aa("dear", 50, coding=90, prompt="0.00001", completion="0.00001"),
             aa("unpriced", 50, coding=70, prompt=None), da("cheap", "codecategories", 1000)]
    rec = recommend(items, Workload(kind="coding", max_monthly_usd=Decimal("100")))
    assert [p.slug for p in rec.picks] == ["cheap"]
    reasons = dict(zip(rec.excluded["model"], rec.excluded["reason"], strict=True))
    assert reasons["unpriced"] == "no published price"
    assert reasons["dear"].startswith("$750.00 a month, over the $100.00 budget")
    capped = recommend(items, Workload(kind="coding", max_price_per_1m=Decimal("1")))
    assert [p.slug for p in capped.picks] == ["cheap"]
    two_sources = recommend(items, Workload(kind="coding", min_sources=2))
    assert [p.slug for p in two_sources.picks] == ["cheap"]


def test_an_uncovered_workload_is_not_ranked_on_an_unrelated_score():
    rec = recommend([aa("x", 90)], Workload(kind="creative-writing"))
    assert rec.picks == () and not rec.covered
    assert "creative writing" in __import__("core.catalogue").catalogue.WORKLOADS["creative-writing"].uncovered_reason


def test_thin_coverage_is_said():
    rec = recommend([da("x", "image", 1200), da("y", "image", 1100)], Workload(kind="design", category="image"))
    assert rec.notes and "Only 2 models" in rec.notes[0]
    assert rec.workload.signals[0].id == "da.models.image"
    assert recommend([da("x", "image", 1200)], Workload(kind="design", category=ALL)).rated == 1


def test_why_is_made_from_the_figures():
    rec = recommend([aa("a", 50, coding=70), aa("b", 50, coding=60)], Workload(kind="coding"))
    why = rec.picks[0].why
    assert why.startswith("1st of 2 on quality and 1st of 2 on price")  # the same price: a shared rank
    assert "coding index 70.0 (100th percentile)" in why
    assert "$90.00 a month" in why  # 1000 requests × 30 days × (2000 × $1e-6 + 500 × $2e-6)
    assert "75th percentile for cheapness among the 2 models" in why


def test_value_frame_and_metric_choices():
    items = [aa("a", 60, prompt="0.000001", completion="0.000001"), aa("free", 20, prompt="0", completion="0"),
             aa("unpriced", 70, prompt=None), da("a", "3d", 1200)]
    choices = metric_choices(items)
    assert "aa.intelligence_index" in choices and "da.models.3d" in choices
    frame = to_value_frame(items, choices["aa.intelligence_index"], 2000, 500).set_index("model_permaslug")
    assert frame.loc["a", "price"] == pytest.approx(1.0) and frame.loc["free", "free"]
    assert bool(frame.loc["a", "on_frontier"]) and bool(frame.loc["free", "on_frontier"])
    assert math.isnan(frame.loc["unpriced", "price"]) and not frame.loc["unpriced", "on_frontier"]


def test_the_why_says_which_signals_a_pick_rests_on_and_which_it_lacks():
    items = [aa("aa-only", 50, coding=90, prompt="0.0000001", completion="0.0000001"),
             aa("both", 50, coding=60), da("both", "codecategories", 1200), da("da-only", "codecategories", 1100)]
    rec = recommend(items, Workload(kind="coding"))
    picks = {p.slug: p for p in rec.picks}
    assert rec.picks[0].slug == "aa-only"
    assert picks["aa-only"].lacks == ("Design Arena ELO · Code (Models)",)
    assert ("Not rated on Design Arena ELO · Code (Models): its quality rests on Artificial Analysis coding index "
            "alone.") in picks["aa-only"].why
    assert picks["both"].lacks == () and "Not rated on" not in picks["both"].why
    assert picks["da-only"].lacks == ("Artificial Analysis coding index",)


def test_robustness_moves_only_the_weights_that_can_change_a_compared_models_quality():
    # Every model is rated on one signal only: a signal's weight changes no model's quality (each is the
    # percentile it has), so only the quality weight is moved.
    single = [aa("a", 50, coding=90, prompt="0.000002"), da("b", "codecategories", 1200)]
    rec = recommend(single, Workload(kind="coding", quality_weight=0.5))
    assert rec.varied == ("quality vs cost",) and rec.variations == 3
    assert [s.label for s in rec.unweighed] == ["Artificial Analysis coding index", "Design Arena ELO · Code (Models)"]
    # One model rated on both: both weights move its quality, so both are moved.
    both = [*single, aa("c", 50, coding=40), da("c", "codecategories", 1100)]
    rec = recommend(both, Workload(kind="coding", quality_weight=0.5))
    assert rec.varied == ("Artificial Analysis coding index", "Design Arena ELO · Code (Models)", "quality vs cost")
    assert rec.variations == 27 and rec.unweighed == ()


def test_the_shortlist_file_has_the_screens_labels_numbers_as_numbers_and_exact_money():
    import csv

    from core.exports import export_meta, to_csv_bytes
    from core.picker import SHORTLIST_FILE_COLUMNS, to_shortlist_frame

    items = [aa("cheap", 50, coding=50, prompt="0.0000001", completion="0.0000001", name="Cheap, Inc.: one"),
             aa("dear", 50, coding=90, prompt="0.00001", completion="0.00001"), da("dear", "codecategories", 1200)]
    rec = recommend(items, Workload(kind="coding"))
    frame = to_shortlist_frame(rec, 5)
    data = to_csv_bytes(frame, SHORTLIST_FILE_COLUMNS, meta=export_meta(["Source: test."]))
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "# Source: test."
    table = list(csv.reader(line for line in lines if not line.startswith("#")))
    assert table[0] == ["Rank", "$ / month", "Model", "Value score", "Quality pct", "$ / 1M tokens (blended)",
                        "On the frontier", "Rated by", "Model id"]
    body = [line for line in lines if not line.startswith("#")][1:]
    assert body[0].startswith(f'1,{rec.picks[0].monthly_usd},"{rec.picks[0].name}",')  # numbers bare, money exact
    assert table[2][6] == "yes" and table[1][8] == rec.picks[0].slug
