"""Pure modules: catalogue labels, frames, one ranking, leaderboards, exports, citations."""

from __future__ import annotations

import json
import math
import shutil
from decimal import Decimal

import pandas as pd
import pytest

from client.models import parse_item
from core.catalogue import ALL, category_choices, category_label, clean_name
from core.citations import citation_lines
from core.exports import to_csv_bytes, to_json_bytes
from core.filters import Filters
from core.frames import rank_frame, rank_values, search, sort, to_source_frame
from core.leaderboard import build_leaderboard, explain_empty
from tests.conftest import SNAPSHOT_DIR


def to_artificial_analysis_frame(items):
    return to_source_frame(tuple(items), "artificial-analysis")


def to_design_arena_frame(items):
    return to_source_frame(tuple(items), "design-arena")


def to_openrouter_frame(items):
    return to_source_frame(tuple(items), "openrouter")


def aa(slug, intelligence, coding=50.0, agentic=None, prompt="0.000001", completion="0.000002", name=None):
    return parse_item({"source": "artificial-analysis", "model_permaslug": slug, "display_name": name or slug,
                       "intelligence_index": intelligence, "coding_index": coding, "agentic_index": agentic,
                       "pricing": None if prompt is None else {"prompt": prompt, "completion": completion}})


def da(slug, category, elo, win_rate=50.0, arena="models"):
    return parse_item({"source": "design-arena", "model_permaslug": slug, "display_name": slug, "arena": arena,
                       "category": category, "elo": elo, "win_rate": win_rate, "avg_generation_time_ms": None,
                       "tournament_stats": {"first_place": None, "second_place": None, "third_place": None,
                                            "fourth_place": None, "total": None},
                       "pricing": {"prompt": "0.000003", "completion": "0.000015"}})


@pytest.mark.parametrize(("slug", "label"), [
    ("agenticslides(html)", "Agentic slides (HTML)"),
    ("3d", "3D"),
    ("codecategories", "Code"),
    ("brand-new_thing", "Brand new thing"),
    ("newslides(pdf)", "Newslides (pdf)"),
])
def test_category_labels(slug, label):
    assert category_label(slug) == label


@pytest.mark.parametrize("order", [["gamedev", "game-dev", "3d"], ["3d", "game-dev", "gamedev"]])
def test_category_choices_are_unique_deterministic_and_start_with_all(order):
    choices = category_choices(order)
    assert list(choices)[0] == ALL and choices[ALL] == "All categories"
    assert choices == {ALL: "All categories", "3d": "3D", "game-dev": "Game dev [game-dev]",
                       "gamedev": "Game dev [gamedev]"}


def test_clean_name_folds_spaces():
    assert clean_name("  Qwen:  Qwen3 Max ") == "Qwen: Qwen3 Max"


def test_frames_keep_missing_as_missing_and_prices_per_million():
    frame = to_artificial_analysis_frame([aa("a/x", None, 23.0, None, "0.000000075", "0.00000025"),
                                          aa("a/free", 10.0, prompt="0", completion="0"),
                                          aa("a/unpriced", 12.0, prompt=None)])
    row = frame.iloc[0]
    assert math.isnan(row["intelligence_index"]) and row["coding_index"] == 23.0
    assert row["input_per_1m"] == 0.075 and row["output_per_1m"] == 0.25
    assert frame.iloc[1]["input_per_1m"] == 0.0  # free is 0, not missing
    assert math.isnan(frame.iloc[2]["input_per_1m"])  # unknown price is missing, not 0
    assert row["url"] == "https://openrouter.ai/a/x"


def test_competition_ranking_shares_ties_and_leaves_missing_unranked():
    assert list(rank_values(pd.Series([50.0, 60.0, 50.0, None, 40.0])).astype("object").fillna(-1)) == [
        2, 1, 2, -1, 4]
    assert list(rank_values(pd.Series([3.0, 1.0, 1.0]), higher_is_better=False)) == [3, 1, 1]


def test_rank_shares_ties_and_leaves_missing_unranked():
    frame = to_artificial_analysis_frame([aa("a", 50), aa("b", 60), aa("c", 50), aa("d", None), aa("e", 40)])
    ranked = rank_frame(frame, "intelligence_index")
    assert list(ranked["model_permaslug"]) == ["b", "a", "c", "e", "d"]
    assert list(ranked["rank"].astype("object").fillna(-1)) == [1, 2, 2, 4, -1]


def test_rank_within_groups():
    frame = to_design_arena_frame([da("x", "3d", 1200), da("y", "3d", 1300), da("x", "svg", 1100)])
    ranked = rank_frame(frame, "elo", "category_slug")
    assert ranked.set_index(["model_permaslug", "category_slug"])["rank"].to_dict() == {
        ("y", "3d"): 1, ("x", "3d"): 2, ("x", "svg"): 1}


def test_sort_best_first_follows_each_columns_direction():
    frame = to_artificial_analysis_frame([aa("cheap", 40, prompt="0.0000001"), aa("dear", 60, prompt="0.00001"),
                                          aa("blank", None, prompt=None)])
    assert list(sort(frame, "input_per_1m")["model_permaslug"]) == ["cheap", "dear", "blank"]
    assert list(sort(frame, "intelligence_index")["model_permaslug"]) == ["dear", "cheap", "blank"]
    assert list(sort(frame, "intelligence_index", best_first=False)["model_permaslug"]) == ["cheap", "dear",
                                                                                           "blank"]
    assert list(sort(frame, "model")["model"]) == ["blank", "cheap", "dear"]


def test_search_matches_every_word_in_name_or_slug():
    frame = to_artificial_analysis_frame([aa("anthropic/claude-opus", 1, name="Claude Opus"),
                                          aa("qwen/qwen3-max", 2, name="Qwen3 Max")])
    assert list(search(frame, "CLAUDE opus")["model_permaslug"]) == ["anthropic/claude-opus"]
    assert list(search(frame, "anthropic qwen")["model_permaslug"]) == []
    assert len(search(frame, "  ")) == 2


def test_openrouter_frame_scores_in_percent():
    items = [parse_item({"source": "openrouter", "model_permaslug": "t/a", "display_name": "A",
                         "benchmark_type": "gpqa_diamond", "accuracy": 0.81, "accuracy_stddev": None,
                         "avg_cost_per_task": 0.004, "total_tasks": 198, "last_run_timestamp": "2026-08-20T10:00Z"})]
    row = to_openrouter_frame(items).iloc[0]
    assert row["score"] == pytest.approx(81.0) and math.isnan(row["score_stddev"])
    assert row["benchmark"] == "GPQA Diamond" and row["last_run"] == "2026-08-20"


def test_leaderboard_cuts_after_ranking_and_counts_matches():
    items = tuple(aa(f"m/{i}", float(i)) for i in range(10))
    board = build_leaderboard(items, Filters(source="artificial-analysis", max_results=3))
    rows, matching = board.rows("rank", True, "", 3)
    assert list(rows["model_permaslug"]) == ["m/9", "m/8", "m/7"] and matching == 10
    assert board.columns[:3] == ["rank", "model", "url"] and "agentic_index" not in board.columns
    assert board.sort_choices["intelligence_index"] == "Intelligence"


def test_search_and_the_row_limit_never_change_a_rank():
    items = tuple(aa(f"m/{i}", float(i), name=f"{'gpt' if i % 2 else 'claude'} {i}") for i in range(10))
    board = build_leaderboard(items, Filters(source="artificial-analysis"))
    rows, matching = board.rows("rank", True, "claude", 2)
    assert matching == 5 and list(rows["model"]) == ["claude 8", "claude 6"] and list(rows["rank"]) == [2, 4]
    rows, _ = board.rows("rank", True, "gpt", 10)
    assert rows["rank"].tolist() == [1, 3, 5, 7, 9]


def test_sort_comes_before_the_cut():
    items = tuple(aa(f"m/{i}", float(i), agentic=float(10 - i)) for i in range(10))
    board = build_leaderboard(items, Filters(source="artificial-analysis"))
    rows, _ = board.rows("agentic_index", True, "", 2)
    assert list(rows["model_permaslug"]) == ["m/0", "m/1"]  # the two best by agentic index, of all ten
    assert list(rows["rank"]) == [10, 9]  # ranks stay by the ranking metric (intelligence)


def test_ties_share_a_rank_in_the_leaderboard():
    items = tuple(aa(f"m/{i}", v) for i, v in enumerate([70.0, 60.0, 60.0, 50.0]))
    rows, _ = build_leaderboard(items, Filters(source="artificial-analysis")).rows("rank", True, "", 10)
    assert rows["rank"].tolist() == [1, 2, 2, 4]


def test_leaderboard_of_all_sources_ranks_by_mean_percentile():
    items = (aa("both", 60), aa("aa-only", 50), aa("low", 10), da("both", "3d", 1300), da("da-only", "3d", 1200))
    board = build_leaderboard(items, Filters(source=ALL))
    frame = board.ranked.set_index("model_permaslug")
    assert frame.loc["both", "rank"] == 1 and frame.loc["both", "coverage"] == "AA · DA"
    assert frame.loc["low", "mean_percentile"] == pytest.approx(100 / 3)


def test_explain_empty_says_what_to_change():
    assert "No model matches “zz”" in explain_empty(Filters(search="zz"), 5)
    assert "no search figures" in explain_empty(Filters(task_type="search"), 0)
    assert explain_empty(Filters(source="openrouter"), 0) == ("OpenRouter evals has no figures in the bundled "
                                                             "snapshot. Choose another source.")  # no key asked for
    conflict = Filters(source="design-arena", task_type="coding", category="gamedev")
    assert explain_empty(conflict, 0) == ("Coding on Design Arena means its Code category, so it cannot be "
                                          "combined with Game dev. Show Code, or Game dev for any task.")


def test_csv_neutralises_formulas_but_not_numbers():
    frame = pd.DataFrame({"model": ["=HYPERLINK(\"x\")", "+cmd", "@sum", "-1+1", "Normal"],
                          "score": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert '"\'=HYPERLINK(""x"")"' in text and "'+cmd" in text and "'@sum" in text and "'-1+1" in text
    # headers are the on-screen labels; numbers stay bare, so a spreadsheet reads them as numbers
    assert '"Model","Score"' in text and '\r\n"Normal",5.0\r\n' in text and ",-1.5\r\n" in text
    assert json.loads(to_json_bytes(frame))["rows"][0]["Score"] == -1.5


def test_citation_lines_per_source_with_dates_and_nothing_for_empty_sources(make_layer, tmp_path):
    names = ("artificial-analysis", "design-arena-models", "design-arena-agents", "design-arena-builders",
             "openrouter")
    cited = [
        "Source: Artificial Analysis (artificialanalysis.ai) via OpenRouter (openrouter.ai/rankings). "
        "Data as of 2026-08-28. Data licensed CC BY 4.0.",
        "Source: Design Arena (www.designarena.ai) via OpenRouter (openrouter.ai/rankings). "
        "Data as of 2026-08-28. Data licensed CC BY 4.0.",
    ]
    layer = make_layer()
    assert citation_lines([layer.load_dataset(n) for n in names]) == [  # OpenRouter's evals: their own date
        *cited, "Source: OpenRouter evals (openrouter.ai) via OpenRouter (openrouter.ai/rankings). "
                "Data as of 2026-10-08. Data licensed CC BY 4.0."]
    folder = tmp_path / "without-evals"
    shutil.copytree(SNAPSHOT_DIR, folder)
    (folder / "openrouter.json").unlink()
    bare = make_layer(snapshot_dir=folder)
    assert bare.load_dataset("openrouter").dataset.items == ()
    assert citation_lines([bare.load_dataset(n) for n in names]) == cited  # a source with no figures: no line


def test_price_conversion_is_exact_before_display():
    item = aa("x", 1, prompt="0.000000751854", completion="0.000001503708")
    assert item.pricing.prompt_per_million == Decimal("0.751854")
    assert to_artificial_analysis_frame([item]).iloc[0]["input_per_1m"] == 0.751854


def test_value_metrics_of_two_categories_with_one_label_are_told_apart():
    from core.catalogue import every_measure

    labels = [m.label for m in every_measure((da("x", "gamedev", 1000), da("x", "game-dev", 1100))).values()]
    assert len(labels) == len(set(labels))
    assert "Design Arena ELO · Game dev [game-dev] (Models)" in labels
