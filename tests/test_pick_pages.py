"""Pick a model and Value pages through AppTest, on the bundled snapshot."""

from __future__ import annotations

from tests.conftest import plain


def shortlist(at):
    return at.dataframe[0].value


def test_workload_from_the_link_gives_the_expected_top_pick(app):
    at = app({"workload": "Design Arena category", "da_category": "Game dev", "quality": "100"},
             page="app_pages/pick.py")
    assert not at.exception
    assert plain(at.subheader[0].value) == "Top pick: MoonshotAI: Kimi K3"
    rows = shortlist(at)
    assert rows["model"].tolist()[:3] == ["MoonshotAI: Kimi K3", "Anthropic: Claude Fable 5", "Claude Opus 5"]
    assert rows["monthly"].tolist()[0] == "$405.00"  # 1000 × 30 × (2000 × $3/1M + 500 × $15/1M)
    assert "1,431 (100th percentile)" in rows["why"].tolist()[0]


def test_default_coding_workload_and_its_robustness(app):
    at = app(page="app_pages/pick.py")
    assert plain(at.subheader[0].value) == "Top pick: Z.ai: GLM 5.3 Flash"
    assert shortlist(at)["monthly"].tolist()[0] == "$8.25"
    assert plain(at.success[0].value).startswith("Robust: with every weight moved by ±20 %, Z.ai: GLM 5.3 Flash stays")


def test_changing_the_budget_removes_models_above_it(app):
    at = app({"workload": "Design Arena category", "da_category": "Game dev", "quality": "100"},
             page="app_pages/pick.py")
    assert "MoonshotAI: Kimi K3" in shortlist(at)["model"].tolist()
    at.number_input(key="monthly_budget").set_value(150.0).run()
    rows = shortlist(at)
    assert "MoonshotAI: Kimi K3" not in rows["model"].tolist()
    assert all(float(m.strip("$").replace(",", "")) <= 150 for m in rows["monthly"])
    assert plain(at.subheader[0].value) == "Top pick: Meta: Muse Spark 1.2"
    assert at.expander[0].label.endswith("models excluded by budget, price or coverage")


def test_a_workload_no_benchmark_covers_is_said_plainly(app):
    at = app({"workload": "Creative writing"}, page="app_pages/pick.py")
    assert "No benchmark published here measures creative writing" in plain(at.warning[0].value)
    assert not at.dataframe and not at.subheader


def test_fragile_top_pick_is_flagged(app):
    at = app({"workload": "Design Arena category", "da_category": "Game dev", "quality": "90"},
             page="app_pages/pick.py")
    assert plain(at.subheader[0].value) == "Top pick: MoonshotAI: Kimi K3"
    assert "Google: Gemini 3.7 Flash takes the top most often otherwise" in plain(at.warning[0].value)
    assert plain(at.warning[0].value).startswith("Fragile: with every weight moved by ±20 %, MoonshotAI: Kimi K3 stays")


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
    assert any(plain(c.value).startswith("Free: Cohere: North Mini Code (free)") for c in at.caption)


def test_value_page_for_a_design_arena_category_from_the_link(app):
    at = app({"metric": "Design Arena ELO · Game dev (Models)"}, page="app_pages/value.py")
    frontier = at.dataframe[0].value
    assert frontier["model"].tolist()[-1] == "MoonshotAI: Kimi K3" and frontier["score"].tolist()[-1] == 1431
