"""Pick a model and Value pages through AppTest, on the bundled snapshot."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from service.settings import Settings
from tests.conftest import SNAPSHOT_DIR, plain


def shortlist(at):
    return at.dataframe[0].value


def whys(at) -> list[str]:
    """Each shortlisted model's why, from the numbered list under the shortlist."""
    listed = next(plain(m.value) for m in at.markdown if plain(m.value).startswith("**Why each**"))
    return [line.split("**: ", 1)[1] for line in listed.splitlines()[2:]]


def test_workload_from_the_link_gives_the_expected_top_pick(app):
    at = app({"workload": "Design Arena category", "da_category": "Game dev", "quality": "100"},
             page="app_pages/pick.py")
    assert not at.exception
    assert plain(at.subheader[0].value) == "Top pick: MoonshotAI: Kimi K3"
    rows = shortlist(at)
    assert rows["model"].tolist()[:3] == ["MoonshotAI: Kimi K3", "Anthropic: Claude Fable 5", "Claude Opus 5"]
    assert rows["monthly"].tolist()[0] == "$405.00"  # 1000 × 30 × (2000 × $3/1M + 500 × $15/1M)
    assert "1,431 (100th percentile)" in whys(at)[0]  # in full under the table, not cut in a cell


def test_default_coding_workload_and_its_robustness(app):
    at = app(page="app_pages/pick.py")
    assert plain(at.subheader[0].value) == "Top pick: Z.ai: GLM 5.3 Flash"
    assert shortlist(at)["monthly"].tolist()[0] == "$8.25"
    assert plain(at.success[0].value).startswith("Robust: with every weight moved by ±20%, Z.ai: GLM 5.3 Flash stays")


def test_changing_the_budget_removes_models_above_it(app):
    at = app({"workload": "Design Arena category", "da_category": "Game dev", "quality": "100"},
             page="app_pages/pick.py")
    assert "MoonshotAI: Kimi K3" in shortlist(at)["model"].tolist()
    at.number_input(key="monthly_budget").set_value(150.0).run()
    rows = shortlist(at)
    assert "MoonshotAI: Kimi K3" not in rows["model"].tolist()
    assert all(float(m.strip("$").replace(",", "")) <= 150 for m in rows["monthly"])
    assert plain(at.subheader[0].value) == "Top pick: Meta: Muse Spark 1.2"
    assert at.expander[0].label == "30 models excluded: 30 over budget"  # counted by kind (was one fixed label)


def test_a_workload_no_benchmark_covers_is_said_plainly(app):
    at = app({"workload": "Creative writing"}, page="app_pages/pick.py")
    assert "No benchmark published here measures creative writing" in plain(at.warning[0].value)
    assert not at.dataframe and not at.subheader


def test_fragile_top_pick_is_flagged(app):
    at = app({"workload": "Design Arena category", "da_category": "Game dev", "quality": "90"},
             page="app_pages/pick.py")
    assert plain(at.subheader[0].value) == "Top pick: MoonshotAI: Kimi K3"
    assert "Google: Gemini 3.7 Flash takes the top most often otherwise" in plain(at.warning[0].value)
    assert plain(at.warning[0].value).startswith("Fragile: with every weight moved by ±20%, MoonshotAI: Kimi K3 stays")


def test_bad_picker_link_values_are_noted(app):
    at = app({"workload": "Poetry", "requests_per_day": "-3", "monthly_budget": "lots"}, page="app_pages/pick.py")
    texts = " ".join(plain(w.value) for w in at.warning)
    assert "Ignored workload='Poetry'" in texts and "Ignored requests_per_day=-3" in texts
    assert "Ignored monthly_budget='lots'" in texts
    assert plain(at.subheader[0].value) == "Top pick: Z.ai: GLM 5.3 Flash"


def test_value_page_lists_the_frontier(app):
    at = app(page="app_pages/value.py")
    assert not at.exception and len(at.get("plotly_chart")) == 1
    frontier = at.dataframe[0].value["model"].tolist()
    assert frontier == ["Cohere: North Mini Code (free)", "Ling-3.0-flash", "Upstage: Solar Pro 4",
                        "DeepSeek: DeepSeek V4 Flash 0731", "Z.ai: GLM 5.3 Flash", "Z.ai: GLM 5.3",
                        "SpaceXAI: Grok 4.6", "Claude Opus 5"]
    assert any(plain(c.value).startswith("Free model (drawn at the left edge") for c in at.caption)


def test_value_page_for_a_design_arena_category_from_the_link(app):
    at = app({"metric": "Design Arena ELO · Game dev (Models)"}, page="app_pages/value.py")
    frontier = at.dataframe[0].value
    assert frontier["model"].tolist()[-1] == "MoonshotAI: Kimi K3" and frontier["score"].tolist()[-1] == 1431


def excluded(at):
    return at.dataframe[1].value if len(at.dataframe) > 1 else at.dataframe[0].value


def texts(elements) -> list[str]:
    return [plain(e.value) for e in elements]


def test_free_variants_past_openrouters_limits_are_excluded_and_the_limits_are_stated(app):
    at = app({"workload": "coding"}, page="app_pages/pick.py")  # 1,000 a day, peak 3 a minute, no credits
    assert at.expander[0].label == "2 models excluded: 2 past the free-variant limits"
    rows = excluded(at)
    assert rows["model"].tolist() == ["Cohere: North Mini Code (free)", "NVIDIA: Nemotron 3 Nano Omni (free)"]
    assert rows["reason"].iloc[0].startswith("free variant: 1,000 requests a day, over OpenRouter's 50 a day")
    said = " ".join(texts(at.caption))
    assert ("20 requests a minute and 50 a day (1,000 a day once $10 of credits were ever bought); published by "
            "OpenRouter, checked 2026-11-26. Your workload: 1,000 requests a day, 3 a minute at peak, $10 of credits "
            "not bought: free variants are excluded.") in said
    assert "checked 2026-11-26" in at.dataframe[0].proto.columns  # the $ / month column's help says them too

    bought = app({"workload": "coding", "credits": "yes", "quality": "0"}, page="app_pages/pick.py")
    assert plain(bought.subheader[0].value) == "Top pick: Cohere: North Mini Code (free)"  # $0.00, 1,000 a day fits
    assert shortlist(bought)["monthly"].tolist()[0] == "$0.00" and not bought.expander
    assert "A free variant: your 1,000 requests a day and 3 a minute at peak fit" in plain(bought.markdown[1].value)

    peak = app({"workload": "coding", "credits": "yes", "quality": "0", "peak_rpm": "25"}, page="app_pages/pick.py")
    assert plain(peak.subheader[0].value) == "Top pick: Ling-3.0-flash"
    assert excluded(peak)["reason"].iloc[0] == ("free variant: 25 requests a minute at peak, over OpenRouter's 20 a "
                                                "minute for free variants (checked 2026-11-26)")


def test_the_peak_follows_requests_per_day_until_it_is_set_and_credits_are_a_choice_by_id(app):
    at = app({"workload": "coding", "requests_per_day": "5000"}, page="app_pages/pick.py")
    assert at.number_input(key="peak_rpm").value == 11  # 3 × 5,000 / 1,440, rounded up
    assert "assumed to be 3 × your average rate" in at.number_input(key="peak_rpm").help
    at.number_input(key="requests_per_day").set_value(10_000).run()
    assert at.number_input(key="peak_rpm").value == 21
    at.number_input(key="peak_rpm").set_value(40).run()
    at.number_input(key="requests_per_day").set_value(20_000).run()
    assert at.number_input(key="peak_rpm").value == 40  # set by hand: kept
    assert at.segmented_control(key="credits--shown").value == "no"
    at.segmented_control(key="credits--shown").set_value("yes").run()
    assert at.query_params["credits"] == "yes"  # the id, not the label


def test_each_shortlisted_model_is_placed_against_the_frontier(app):
    rows = shortlist(app({"workload": "coding"}, page="app_pages/pick.py"))
    assert rows["frontier"].tolist()[:2] == ["yes", "dominated by Z.ai: GLM 5.3 Flash"]  # GPT-5.6 Luna: $30.00, 86.2
    assert rows["model"].tolist()[1] == "OpenAI: GPT-5.6 Luna"
    top = app({"workload": "design", "da_category": "gamedev", "quality": "100"}, page="app_pages/pick.py")
    assert shortlist(top)["frontier"].tolist()[:3] == ["yes", "dominated by MoonshotAI: Kimi K3",
                                                       "dominated by MoonshotAI: Kimi K3"]


@pytest.fixture
def without_evals(monkeypatch, tmp_path):
    """The app on the bundled snapshot less OpenRouter's evals (as it was before they were bundled): the
    workloads' OpenRouter signals have no data at all."""
    folder = tmp_path / "snapshot-without-evals"
    shutil.copytree(SNAPSHOT_DIR, folder)
    (folder / "openrouter.json").unlink()
    from_env = Settings.from_env.__func__
    monkeypatch.setattr(Settings, "from_env", classmethod(
        lambda cls, env=None, secrets=None: replace(from_env(cls, env, secrets), snapshot_dir=folder)))


def test_agentic_work_rests_on_both_its_sources(app):
    at = app({"workload": "agentic"}, page="app_pages/pick.py")
    assert not at.warning and plain(at.subheader[0].value) == "Top pick: Z.ai: GLM 5.3 Flash"
    assert ("Rests on: Artificial Analysis agentic index; OpenRouter τ-bench (airline, verified) score. 178 models "
            "are rated.") in texts(at.caption)
    assert ("Weights moved: Artificial Analysis agentic index, OpenRouter τ-bench (airline, verified) score and "
            "quality vs cost (27 combinations).") in texts(at.caption)
    assert ("Artificial Analysis agentic index 58.2 (96th percentile); OpenRouter τ-bench (airline, verified) score "
            "75.6% (84th percentile)") in whys(at)[0]  # z-ai/glm-5.3-flash-20260826: accuracy 0.756
    assert shortlist(at)["sources"].tolist()[:2] == ["AA · OR", "AA · OR"]


def test_a_signal_with_no_data_is_said_and_left_out_of_the_robustness_grid(app, without_evals):
    at = app({"workload": "agentic"}, page="app_pages/pick.py")
    assert texts(at.warning) == ["No data at all for OpenRouter τ-bench (airline, verified) score in the data shown: "
                                 "the pick rests on Artificial Analysis agentic index alone."]
    assert ("Weights moved: quality vs cost (3 combinations); left out, having no data: OpenRouter τ-bench (airline, "
            "verified) score; left out: Artificial Analysis agentic index, the only benchmark with data (its weight "
            "changes no model's quality).") in texts(at.caption)  # a single percentile is the quality, any weight
    assert "Rests on: Artificial Analysis agentic index. 110 models are rated." in texts(at.caption)


def test_the_why_gives_both_ranks_and_the_effect_of_the_quality_weight(app):
    at = app({"workload": "coding"}, page="app_pages/pick.py")
    assert plain(at.markdown[1].value).startswith("17th of 162 on quality and 15th of 162 on price (1st = cheapest)")
    assert ("At quality 100 the top pick would be Claude Opus 5; at 0, Ling-3.0-flash (yours: 70). Z.ai: GLM 5.3 "
            "Flash is on the quality–cost frontier") in " ".join(texts(at.caption))


def test_more_sources_than_the_workload_has_is_refused_with_that_reason(app):
    at = app({"workload": "coding", "min_sources": "3"}, page="app_pages/pick.py")
    assert texts(at.error) == ["Coding draws on 2 sources with data (Artificial Analysis, Design Arena), so no model "
                               "can be rated by 3. Ask for at most 2."]
    assert not at.dataframe and not at.subheader
    agentic = app({"workload": "agentic", "min_sources": "3"}, page="app_pages/pick.py")
    assert texts(agentic.error) == ["Agentic work draws on 2 sources with data (Artificial Analysis, OpenRouter "
                                    "evals), so no model can be rated by 3. Ask for at most 2."]
    both = app({"workload": "agentic", "min_sources": "2"}, page="app_pages/pick.py")
    assert not both.error and set(shortlist(both)["sources"]) == {"AA · OR"}


def test_a_source_with_no_data_is_named_when_more_sources_are_asked(app, without_evals):
    agentic = app({"workload": "agentic", "min_sources": "2"}, page="app_pages/pick.py")
    assert "draws on 1 source with data (Artificial Analysis) (OpenRouter evals has no data" in texts(agentic.error)[0]
    assert "budget" not in texts(agentic.error)[0]


def test_excluded_models_are_ordered_by_how_far_they_miss(app):
    at = app({"workload": "design", "da_category": "gamedev", "quality": "100", "monthly_budget": "150"},
             page="app_pages/pick.py")
    rows = excluded(at)
    monthly = [float(r.split(" a month")[0].strip("$").replace(",", "")) for r in rows["reason"]]
    assert monthly == sorted(monthly) and monthly[0] == 154.88  # the nearest miss first, not by name
    assert rows[["model", "misses_by"]].iloc[0].tolist() == ["Qwen: Qwen3.7 Max", "+3.3%"]
    assert rows["misses_by"].iloc[-1] == f"+{(monthly[-1] / 150 - 1) * 100:,.0f}%"


def test_selecting_a_shortlist_row_opens_the_model_page(app):
    at = app({"workload": "coding", "quality": "60"}, page="app_pages/pick.py")
    second = shortlist(at)["model"].tolist()[1]
    assert second == "DeepSeek: DeepSeek V4 Flash 0731"
    at.session_state["shortlist"] = {"selection": {"rows": [1], "columns": [], "cells": []}}  # a user's click
    at.run()
    assert plain(at.title[0].value) == second
    assert at.query_params["model"].startswith("deepseek/deepseek-v4-flash")
    back = [e.proto for e in at.get("page_link") if e.proto.label == "Back to Pick a model"]
    assert back and "quality=60" in back[0].query_string  # the way back to the same view, as from the Leaderboard


def test_selecting_a_frontier_row_opens_the_model_page(app):
    at = app({"metric": "da.models.gamedev"}, page="app_pages/value.py")
    frontier = at.dataframe[0].value
    top = frontier["model"].tolist()[-1]
    assert top == "MoonshotAI: Kimi K3"  # the dearest point of the frontier, its best score
    at.session_state["value_table"] = {"selection": {"rows": [len(frontier) - 1], "columns": [], "cells": []}}
    at.run()
    assert plain(at.title[0].value) == top and at.query_params["model"] == "moonshotai/kimi-k3-20260715"
    back = [e.proto for e in at.get("page_link") if e.proto.label == "Back to Value for money"]
    assert back and "metric=da.models.gamedev" in back[0].query_string


def test_the_way_back_is_offered_for_the_model_the_row_opened_only(app):
    at = app({"metric": "da.models.gamedev"}, page="app_pages/value.py")
    at.session_state["value_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert [e.proto.label for e in at.get("page_link")] == ["Back to Value for money"]
    at.switch_page("app_pages/model.py").run()  # AppTest stays on the page it was told: follow the switch
    assert [e.proto.label for e in at.get("page_link")] == ["Back to Value for money"]
    at.selectbox(key="model--shown").set_value("moonshotai/kimi-k3-20260715").run()  # another model
    assert plain(at.title[0].value) == "MoonshotAI: Kimi K3"
    assert not [e for e in at.get("page_link") if e.proto.label.startswith("Back to")]


def test_a_top_pick_rated_by_one_of_the_workloads_two_sources_says_so(app):
    at = app({"workload": "coding"}, page="app_pages/pick.py")
    top = "Z.ai: GLM 5.3 Flash"  # rated on the Artificial Analysis coding index, not on Design Arena's Code
    headline = next(plain(m.value) for m in at.markdown if plain(m.value).startswith(f"**Top pick: {top}**"))
    assert headline.endswith("rated on Artificial Analysis coding index only, not on Design Arena ELO · Code (Models)")
    assert ("Not rated on Design Arena ELO · Code (Models): its quality rests on Artificial Analysis coding index "
            "alone.") in whys(at)[0]
    assert "Not rated on" not in whys(at)[2]  # DeepSeek V4 Flash 0731: rated by both
    assert (f"{top}'s quality rests on Artificial Analysis coding index alone: moving the signals' weights moves "
            "only the other models' quality.") in " ".join(texts(at.caption))


PHONE_GRID_PX = 358  # a 390-pixel screen less the page's margins
SELECT_PX = 34  # the grid's row-selection column


def test_the_shortlist_shows_the_cost_on_a_phone_and_names_in_full(app):
    import json

    at = app({"workload": "coding", "requests_per_day": "5000", "monthly_budget": "500"}, page="app_pages/pick.py")
    grid = at.dataframe[0]
    assert list(grid.value.columns[:3]) == ["rank", "monthly", "model"]  # the cost beside the rank, then the name
    config = json.loads(grid.proto.columns)
    widths = [config[name].get("width") for name in ("rank", "monthly", "model")]
    assert all(isinstance(w, int) for w in widths) and SELECT_PX + sum(widths) <= PHONE_GRID_PX, widths
    assert grid.proto.row_height > 64  # Streamlit wraps a cell's text only in rows taller than 4rem: no "0…"
    assert config["frontier"].get("width")  # wrapped too: "dominated by DeepSeek: DeepSeek V4 Flash 0731" in full
    rows = shortlist(at)
    assert rows["model"].tolist()[1] == "DeepSeek: DeepSeek V4 Flash 0731"
    assert rows["monthly"].tolist()[:2] == ["$41.25", "$27.00"]


def test_the_shortlist_downloads_with_its_citations_like_every_table(app):
    at = app({"workload": "coding"}, page="app_pages/pick.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["Download CSV", "Download JSON"]
