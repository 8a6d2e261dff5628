"""Joins, percentiles, disagreement flags, profiles and chart builders (figure data, not pixels)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from core.catalogue import ALL
from core.compare import coverage_counts, measures_for, to_category_matrix, to_comparison_frame
from core.figures import build_bars_figure, build_heatmap_figure, build_scatter_figure
from core.frames import percentile
from core.profile import build_profile, model_choices
from tests.test_core_frames import aa, da


def test_percentile_is_within_the_series_and_keeps_missing():
    values = pd.Series([10.0, 20.0, None, 40.0])
    result = percentile(values)
    assert list(result.fillna(-1)) == [pytest.approx(100 / 3), pytest.approx(200 / 3), -1, 100.0]


ITEMS = (
    aa("top", 70), aa("mid", 50), aa("low", 30), aa("aa-only", 60),
    da("top", "3d", 1100), da("mid", "3d", 1300), da("low", "3d", 1200), da("da-only", "3d", 1250),
    da("top", "svg", 1500), da("mid", "svg", 1400),
)


def compare(items, task_type=ALL, category=ALL):
    return to_comparison_frame(items, measures_for(task_type, "models", category))


def test_join_by_permaslug_with_percentiles_per_source():
    frame = compare(ITEMS, category="3d").set_index("model_permaslug")
    assert set(frame.index) == {"top", "mid", "low", "aa-only", "da-only"}
    assert frame.loc["top", "aa_score"] == 70 and frame.loc["top", "aa_percentile"] == 100.0
    assert frame.loc["top", "da_score"] == 1100 and frame.loc["top", "da_percentile"] == 25.0
    assert math.isnan(frame.loc["aa-only", "da_score"]) and frame.loc["aa-only", "coverage"] == ("AA",)
    assert frame.loc["top", "coverage"] == ("AA", "DA") and frame.loc["top", "sources_rated"] == 2
    assert frame.loc["top", "rank"] == 4  # three models tie at 75 ahead of it: 1, 1, 1, 4


def test_all_categories_use_each_models_mean_elo():
    frame = compare(ITEMS).set_index("model_permaslug")
    assert frame.loc["top", "da_score"] == 1300


def test_models_the_sources_rank_very_differently_are_flagged():
    frame = compare(ITEMS, category="3d").set_index("model_permaslug")
    assert frame.loc["top", "disagreement"] == "AA 100 vs DA 25"
    assert frame.loc["mid", "disagreement"] == "DA 100 vs AA 50"
    assert pd.isna(frame.loc["low", "disagreement"])  # AA 25 vs DA 50: close enough
    assert pd.isna(frame.loc["aa-only", "disagreement"])  # one source: nothing to disagree with


def test_one_meaning_of_a_task_type_on_every_page():
    """Coding is the AA coding index and Design Arena's Code category, on the Leaderboard, Compare and Pick."""
    from core.catalogue import workload_measures

    coding = measures_for("coding")
    assert [m.id for m in coding] == ["aa.coding_index", "da.models.codecategories"]
    assert workload_measures("coding") == coding
    assert [m.id for m in measures_for("intelligence")] == ["aa.intelligence_index", "or.gpqa_diamond"]
    assert [m.id for m in measures_for(ALL, "agents", "fullstack")] == [
        "aa.intelligence_index", "da.agents.fullstack", "or.all"]


def test_coverage_counts():
    counts = coverage_counts(compare(ITEMS))
    assert counts == {"AA": 4, "DA": 4, "OR": 0, "all": 0}


def test_category_matrix_rows_in_given_order_columns_by_coverage():
    matrix = to_category_matrix(ITEMS, ("mid", "top", "low"))
    assert list(matrix.index) == ["mid", "top", "low"]
    assert list(matrix.columns) == ["3D", "SVG"]
    assert math.isnan(matrix.loc["low", "SVG"]) and matrix.loc["top", "SVG"] == 1500


def test_scatter_figure_plots_models_both_sources_rate():
    frame = compare(ITEMS, category="3d")
    figure = build_scatter_figure(frame, "AA", "DA")
    points = {text: (x, y) for trace in figure.data for text, x, y in zip(trace.text, trace.x, trace.y, strict=True)}
    assert points == {"top": (70, 1100), "mid": (50, 1300), "low": (30, 1200)}
    assert [t.name for t in figure.data] == ["Sources agree", "Sources disagree"]
    assert "top" in figure.data[1].text


def test_heatmap_and_bars_carry_the_figures():
    heat = build_heatmap_figure(to_category_matrix(ITEMS, ("top", "mid")))
    assert heat.data[0].z.tolist() == [[1100.0, 1500.0], [1300.0, 1400.0]]
    frame = compare(ITEMS, category="3d").head(2)
    bars = build_bars_figure(compare(ITEMS, category="3d"), default_count=2)
    chosen = build_bars_figure(compare(ITEMS, category="3d"), ("low",))
    assert list(chosen.data[0].x) == ["low"]
    assert [t.name for t in bars.data] == ["Artificial Analysis", "Design Arena"]  # no empty legend entries
    assert list(bars.data[0].y) == list(frame["aa_percentile"].fillna(0))  # a zero bar where not rated …
    assert list(bars.data[0].text) == ["" if pd.notna(p) else "not rated" for p in frame["aa_percentile"]]


def test_profile_of_a_model():
    profile = build_profile(ITEMS, "mid")
    assert profile.name == "mid" and profile.sources == ["Artificial Analysis", "Design Arena"]
    aa_part, da_part, or_part = profile.by_source
    indices = aa_part.measures.set_index("measure")
    assert indices.loc["Intelligence index", ["rank", "of"]].tolist() == [3, 4]
    categories = da_part.measures.set_index("measure")
    assert categories.loc["ELO · 3D (Models)", ["rank", "of", "figure"]].tolist() == [1, 4, "1,300"]
    assert or_part.measures.empty
    assert profile.input_per_1m == 1.0 and profile.output_per_1m == 2.0
    assert build_profile(ITEMS, "nobody") is None


def test_model_choices_sorted_by_name():
    assert list(model_choices([aa("b/x", 1, name="Zeta"), aa("a/y", 1, name=" alpha ")]).values()) == ["alpha",
                                                                                                        "Zeta"]


def test_items_of_a_source_nobody_knows_are_kept_and_shown_on_the_model_page():
    from client.models import parse_item

    stranger = parse_item({"source": "lmarena", "model_permaslug": "mid", "display_name": "mid", "score": 1234.5,
                           "note": "text"})
    items = (*ITEMS, stranger)
    profile = build_profile(items, "mid")
    assert profile.other.to_dict("records") == [{"source": "lmarena", "field": "score", "value": "1234.5"},
                                                {"source": "lmarena", "field": "note", "value": "text"}]
    assert "lmarena" in profile.sources
    only = build_profile((stranger,), "mid")
    assert only is not None and only.other.shape[0] == 2 and "mid" in model_choices((stranger,))


def test_every_failure_kind_has_a_sentence():
    from core.freshness import SENTENCES, describe_failure
    from service.states import Failure, FailureKind

    assert set(SENTENCES) == set(FailureKind)
    assert all(describe_failure(Failure(kind, 500, None, "x")) for kind in FailureKind)
