"""Every page through AppTest: the rows and figures a user would see, for given links."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_KEY, admin, plain, settle


def table(at, index=0):
    return at.dataframe[index].value


def notes(at) -> list[str]:
    return [plain(w.value) for w in at.warning]


def test_leaderboard_defaults_to_artificial_analysis_on_the_snapshot(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Leaderboard · Artificial Analysis"
    rows = table(at)
    assert len(rows) == 100
    assert rows.iloc[0][["rank", "model", "intelligence_index", "coding_index", "agentic_index"]].tolist() == [
        1, "Claude Opus 5", 63.1, 78.0, 59.2]
    assert rows.iloc[0]["input_per_1m"] == "$5.00" and rows.iloc[0]["output_per_1m"] == "$25.00"
    assert any("Showing 100 of 123 matching rows" in c.value for c in at.caption)
    assert any("Bundled snapshot" in c.value and "Data as of 2026-08-28" in plain(c.value) for c in at.caption)
    assert "Bundled snapshot of 2026-08-28** (OpenRouter evals of 2026-10-08)" in at.sidebar.caption[0].value


def test_deep_link_to_design_arena_gamedev(app):
    at = app({"source": "Design Arena", "category": "Game dev", "max_results": "5"})
    rows = table(at)
    assert rows["model"].tolist()[:3] == ["MoonshotAI: Kimi K3", "Anthropic: Claude Fable 5", "Claude Opus 5"]
    assert rows["elo"].tolist() == [1431, 1383, 1382, 1352, 1348]
    assert rows["win_rate"].tolist()[0] == 68.2
    assert "category" not in rows.columns  # "Game dev" on every row: the chip above says it once
    assert [plain(b.label) for b in at.button if b.key == "remove_category"] == ["Category: Game dev"]
    assert at.selectbox(key="category--shown").value == "gamedev"
    assert any("Showing 5 of 105" in c.value for c in at.caption)
    assert any("Source: Design Arena (www.designarena.ai)" in plain(c.value) for c in at.caption)


def test_changing_a_filter_changes_the_rows(app):
    at = app({"source": "Design Arena", "category": "Game dev"})
    before = table(at)["model"].tolist()
    at.selectbox(key="category--shown").set_value("website").run()  # as a user picks it
    after = table(at)
    assert [plain(b.label) for b in at.button if b.key == "remove_category"] == ["Category: Websites"]
    assert after["model"].tolist() != before
    assert len(after) == 100  # 112 entries: the best 100
    at.text_input(key="q").set_value("claude").run()
    assert all("claude" in m.lower() for m in table(at)["model"])


def test_search_and_sort_from_the_link(app):
    at = app({"q": "qwen", "sort": "$ in /1M", "order": "Best first"})
    rows = table(at)
    assert all("qwen" in m.lower() for m in rows["model"])
    prices = [float(p.strip("$").replace(",", "")) for p in rows["input_per_1m"] if p != "—"]
    assert prices == sorted(prices) and len(prices) > 3


def test_all_sources_view_ranks_models_by_mean_percentile(app):
    at = app({"source": "All sources", "max_results": "12"})
    rows = table(at)
    assert any("Showing 12 of 232 matching rows" in c.value for c in at.caption)
    assert rows["model"].tolist()[:3] == ["Fugu Ultra", "TypeSafe: Jev Router", "Fugu Ultra V2"]
    assert rows["coverage"].tolist()[:3] == ["OR"] * 3  # rated by OpenRouter's evals alone: that percentile
    assert rows["mean_percentile"].tolist()[0] == rows["or_percentile"].tolist()[0] == 100.0
    assert rows["mean_percentile"].is_monotonic_decreasing and rows["rank"].tolist()[:3] == [1, 2, 3]
    opus = rows.set_index("url").loc["https://openrouter.ai/anthropic/claude-opus-5-20260723"]
    assert opus["model"] == "Claude Opus 5" and opus["coverage"] == "AA · DA · OR" and opus["rank"] == 11
    assert opus["mean_percentile"] == pytest.approx(
        (opus["aa_percentile"] + opus["da_percentile"] + opus["or_percentile"]) / 3)
    assert opus["or_score"] == pytest.approx((0.8746725555555557 + 0.7859258888888889) * 50)  # GPQA, τ-bench


@pytest.mark.parametrize(("params", "fragment"), [
    ({"source": "bogus"}, "Ignored source='bogus'"),
    ({"max_results": "-4"}, "Ignored max_results=-4"),
    ({"max_results": "lots"}, "not a whole number"),
    ({"category": "Nope", "source": "Design Arena"}, "Ignored category='Nope'"),
    ({"sort": "Nonsense"}, "Ignored sort='Nonsense'"),
    ({"foo": "mail"}, "Ignored unknown link parameter(s): 'foo'"),
])
def test_invalid_link_values_are_noted_and_defaults_used(app, params, fragment):
    at = app(params)
    assert not at.exception
    assert any(fragment in n for n in notes(at)), notes(at)
    assert len(table(at)) > 0


def test_openrouter_evals_on_the_snapshot(app):
    at = app({"source": "OpenRouter evals", "task_type": "intelligence", "max_results": "3"})
    assert not at.exception and not at.info
    rows = table(at)
    assert rows[["rank", "model", "benchmark"]].values.tolist() == [
        [1, "Google: Gemini 3.8 Flash", "GPQA Diamond"], [2, "OpenAI: GPT-6 Astra Pro", "GPQA Diamond"],
        [3, "Fugu Ultra", "GPQA Diamond"]]
    assert rows["score"].tolist() == pytest.approx([95.637, 95.4545, 94.6128])  # accuracy 0.95637, … in %
    assert any("Showing 3 of 160 matching rows" in c.value for c in at.caption)
    assert any("Source: OpenRouter evals (openrouter.ai) via OpenRouter (openrouter.ai/rankings). Data as of "
               "2026-10-08." in plain(c.value) for c in at.caption)
    search = table(app({"source": "OpenRouter evals", "task_type": "search"}))
    assert len(search) == 15 and set(search["search_surface"]) == {"server-tool"}
    top = search.iloc[0]
    assert [top["rank"], top["model"], top["url"], top["benchmark"], top["search_engine"]] == [
        1, "Claude Opus 5", "https://openrouter.ai/anthropic/claude-opus-5", "BrowseComp (search)", "parallel"]
    assert top["score"] == pytest.approx(89.24368823529413)


def chart_types(at) -> list[str]:
    import json

    return [trace["type"] for chart in at.get("plotly_chart")
            for trace in json.loads(chart.proto.spec)["data"]]


def test_compare_page_joins_sources_and_draws_the_open_chart(app):
    at = app({"category": "Game dev", "min_coverage": "1"}, page="app_pages/compare.py")  # every model
    assert not at.exception and at.title[0].value == "Compare sources"
    counts = ("232 models here. Rated by Artificial Analysis 109, Design Arena 105, OpenRouter evals 165; by all "
              "three: 47.")  # for the measure shown
    assert any(plain(c.value) == counts for c in at.caption)
    rows = table(at).set_index("url")
    kimi, opus = (f"https://openrouter.ai/{slug}" for slug in ("moonshotai/kimi-k3-20260715",
                                                               "anthropic/claude-opus-5-20260723"))
    assert rows.loc[kimi, "da_score"] == 1431
    assert rows.loc[kimi, "da_percentile"] == 100.0
    assert rows.loc[opus, "aa_score"] == 63.1 and rows.loc[opus, "coverage"] == "AA · DA · OR"
    undated = rows.loc["https://openrouter.ai/anthropic/claude-opus-5"]  # its search evals: a row of its own
    assert undated["model"] == "Claude Opus 5" and undated["coverage"] == "OR"
    assert set(chart_types(at)) == {"scatter"}  # only the open tab's chart is drawn
    heat = app({"category": "Game dev", "chart": "Design Arena categories"}, page="app_pages/compare.py")
    assert chart_types(heat) == ["heatmap"]


def test_compare_keeps_chosen_models_from_the_link(app):
    chosen = ["anthropic/claude-opus-5-20260723", "moonshotai/kimi-k3-20260715"]
    at = app({"models": chosen, "chart": "bars"}, page="app_pages/compare.py")
    assert at.multiselect(key="models").value == chosen
    assert at.multiselect(key="models--shown").value == chosen  # shown by name, held by id
    assert "your choice" in " ".join(c.value for c in at.caption)
    import json

    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert [t["name"] for t in bars] == ["Artificial Analysis", "Design Arena", "OpenRouter evals"]
    assert all(t["type"] == "bar" and t["x"] == ["Claude Opus 5", "MoonshotAI: Kimi K3"] for t in bars)
    assert bars[2]["customdata"] == [["83.0%", "86.1%"], ["81.9%", "80.6%"]]  # mean of GPQA and τ-bench, percentile


def test_model_page_by_link(app):
    at = app({"model": "anthropic/claude-opus-5-20260723"}, page="app_pages/model.py")
    assert not at.exception and at.title[0].value == "Claude Opus 5"
    indices = at.dataframe[0].value.set_index("measure")
    assert indices["figure"].tolist() == ["63.1", "78.0", "59.2"] and indices["rank"].tolist() == [1, 1, 1]
    categories = at.dataframe[1].value.set_index("measure")
    assert categories.loc["ELO · ASCII art (Models)", ["figure", "rank", "of"]].tolist() == [
        "1,391", 1, 57]
    assert [m.value for m in at.metric] == ["$5.00", "$25.00"]  # money as on every page


KIMI = "moonshotai/kimi-k3-20260715"  # no undated "moonshotai/kimi-k3" in any source


@pytest.mark.parametrize(("link", "slug", "said"), [
    ("anthropic/claude-opus-5-20260723", "anthropic/claude-opus-5-20260723", None),
    (KIMI, KIMI, None),
    ("moonshotai/kimi-k3", KIMI, f"Read model='moonshotai/kimi-k3' as MoonshotAI: Kimi K3 ({KIMI})."),
    ("MoonshotAI: Kimi K3", KIMI, None),
    ("moonshotai: kimi k3", KIMI, None),
])
def test_model_link_takes_the_id_the_undated_id_or_the_name(app, link, slug, said):
    at = app({"model": link}, page="app_pages/model.py")
    title = "Claude Opus 5" if slug.startswith("anthropic/") else "MoonshotAI: Kimi K3"
    assert at.selectbox(key="model--shown").value == slug and plain(at.title[0].value) == title
    if said:
        assert said in notes(at), notes(at)


def profile_tables(at) -> list:
    """The model's figures per source (not its archived history): measure, figure, rank, of, percentile."""
    return [d.value.set_index("measure") for d in at.dataframe if "percentile" in d.value.columns]


def test_an_undated_id_rated_in_its_own_right_opens_its_own_page(app):
    at = app({"model": "anthropic/claude-opus-5"}, page="app_pages/model.py")  # OpenRouter's search evals' id
    assert at.selectbox(key="model--shown").value == "anthropic/claude-opus-5" and not notes(at)  # not an alias
    assert plain(at.title[0].value) == "Claude Opus 5"
    assert "anthropic/claude-opus-5 · rated by OpenRouter evals" in [plain(c.value) for c in at.caption]
    [evals] = profile_tables(at)
    assert evals.loc["BrowseComp (search)", ["figure", "rank", "of"]].tolist() == ["89.2%", 1, 4]
    assert "GPQA Diamond" not in evals.index  # the dated id's figures stay on the dated id's page
    dated = profile_tables(app({"model": "anthropic/claude-opus-5-20260723"}, page="app_pages/model.py"))[-1]
    assert dated.loc["GPQA Diamond", ["figure", "rank", "of"]].tolist() == ["87.5%", 48, 160]  # 0.8746725…
    assert dated.loc["τ-bench (airline, verified)", ["figure", "rank", "of"]].tolist() == ["78.6%", 4, 145]
    assert "BrowseComp (search)" not in dated.index


def test_model_page_with_unknown_model_says_so(app):
    at = app({"model": "nobody/nothing"}, page="app_pages/model.py")
    assert any("Ignored model='nobody/nothing'" in n for n in notes(at))
    assert "Choose a model" in at.info[0].value


def test_status_page_on_the_snapshot(app):
    at = app(page="app_pages/status.py")
    rows = table(at)
    assert rows["State"].tolist() == ["bundled snapshot"] * 5
    assert rows.set_index("Dataset").loc["Design Arena models ratings", "Items"] == 772
    assert "no OPENROUTER_API_KEY is set" in at.info[0].value
    assert [m.value for m in at.metric][:2] == ["0 / 500", "0 / 30"]


def test_live_data_and_stale_on_error(app, stand_in):
    stand_in.stand_in.limits.all_when_omitted = True
    try:
        at = app(key=TEST_KEY, base_url=stand_in.base_url)
        assert any("Live data" in c.value for c in at.caption)
        assert "Live data" in at.sidebar.caption[0].value
        assert table(at).iloc[0]["model"] == "Claude Opus 5"
        from service.data import shared_data

        shared_data().clear()  # as when the TTL runs out
        admin(stand_in, "/_admin/faults", {"kind": "status", "status": 503, "count": 100})
        before = table(at)
        settle(at)  # the refresh failed in the background: the page is as it was, the status says why
        assert not at.warning and table(at).equals(before)
        badge = plain(at.sidebar.caption[0].value)
        assert "The last refresh failed (Artificial Analysis indices): The API failed (status 503)" in badge
        assert "last good" in badge
        at.switch_page("app_pages/status.py").run()  # the reason, per dataset, on Data & status
        rows = at.dataframe[0].value.set_index("Dataset")
        assert rows.loc["Artificial Analysis indices", "Last error"] == "The API failed (status 503)."
        assert TEST_KEY not in str([e.value for e in at.main.children.values() if hasattr(e, "value")])
    finally:
        stand_in.stand_in.limits.all_when_omitted = False


def fixes(at) -> list:
    """The page's buttons, not the chips of the filters set (each also a way out)."""
    return [b for b in at.button if not (b.key or "").startswith("remove_")]


def test_a_task_type_that_contradicts_the_category_says_so_and_fixes_it_in_one_click(app):
    at = app({"source": "design-arena", "task_type": "coding", "category": "gamedev"})
    assert "Coding on Design Arena means its Code category" in plain(at.info[0].value)
    assert [b.label for b in fixes(at)] == ["Show Code", "Game dev, any task"]
    fixes(at)[0].click().run()
    assert at.selectbox(key="category--shown").value == "codecategories" and not at.info and len(table(at))
    at = app({"source": "design-arena", "task_type": "coding", "category": "gamedev"})
    fixes(at)[1].click().run()
    assert table(at).iloc[0]["model"] == "MoonshotAI: Kimi K3" and at.selectbox(key="task_type--shown").value == "*"


def test_compare_can_require_coverage_and_ranks_among_those_that_have_it(app):
    at = app({"min_coverage": "1"}, page="app_pages/compare.py")
    everyone = table(at).set_index("url")
    fugu = "https://openrouter.ai/sakana/fugu-ultra"  # rated by OpenRouter's evals only
    assert everyone.loc[fugu, ["rank", "coverage"]].tolist() == [1, "OR"]
    at = app({"min_coverage": "2"}, page="app_pages/compare.py")
    both = table(at)
    assert both.equals(table(app({}, page="app_pages/compare.py")))  # two sources: the default
    assert set(both["coverage"]) == {"AA · DA", "AA · OR", "DA · OR", "AA · DA · OR"}
    assert fugu not in both["url"].tolist()
    assert both["rank"].tolist()[:3] == [1, 2, 3] and both["model"].tolist()[:2] == ["Qwen: Qwen3.8 Max",
                                                                                     "Claude Opus 5"]
    every = app({"min_coverage": "3"}, page="app_pages/compare.py")
    assert set(table(every)["coverage"]) == {"AA · DA · OR"} and len(table(every)) == 48  # "by all of them: 48"
    assert table(every)[["rank", "model"]].iloc[0].tolist() == [1, "Claude Opus 5"]
    columns = list(both.columns)
    assert columns[:4] == ["rank", "mean_percentile", "coverage", "model"]  # the mean, its coverage: in view


# --- issue 21: pickers, the filters' note, like with like, keyboard, widths -----------------------------------
def test_the_model_picker_tells_models_of_one_name_apart_and_opens_each(app):
    """Row 4: two "Claude Opus 5" (the dated release, and the undated id OpenRouter's search evals use)."""
    at = app(page="app_pages/model.py")
    picker = at.selectbox(key="model--shown")
    assert len(set(picker.options)) == len(picker.options)  # Streamlit sends the label back: each its own
    opus = [o for o in picker.options if o.startswith("Claude Opus 5 ")]
    assert opus == ["Claude Opus 5 · anthropic/claude-opus-5", "Claude Opus 5 · anthropic/claude-opus-5-20260723"]
    assert picker.proto.accept_new_options  # Enter takes the text typed (tests/test_browser_dashboard.py)
    for slug, rated_by in (("anthropic/claude-opus-5", "OpenRouter evals"),
                           ("anthropic/claude-opus-5-20260723", "Artificial Analysis, Design Arena")):
        at.selectbox(key="model--shown").set_value(slug).run()
        assert at.text_input(key="model").value == slug and plain(at.title[0].value) == "Claude Opus 5"
        assert any(plain(c.value).startswith(f"{slug} · rated by {rated_by}") for c in at.caption), slug


def fix_buttons(at) -> list[str]:
    return [b.label for b in at.button if not (b.key or "").startswith("remove_")]


def open_link(page: str | None, params: dict):
    """A page opened from a link in a new session (the `app` fixture's switch keeps the sidebar's held
    filters from its first run, as a session that browsed there would). Needs the `app` fixture's settings."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page:
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return settle(at)


@pytest.mark.parametrize(("page", "params"), [
    ("app_pages/compare.py", {}),
    (None, {"source": "*"}),  # the Leaderboard of every source
    (None, {"source": "design-arena"}),
])
def test_a_task_type_that_means_another_category_is_said_on_every_page_with_the_filters(app, page, params):
    """Row 7: Coding on Design Arena is its Code category; with Game dev chosen the page says which it shows."""
    at = open_link(page, {**params, "task_type": "coding", "category": "gamedev"})
    said = [plain(i.value) for i in at.info]
    assert any(s.startswith("Coding on Design Arena means its Code category, so it cannot be combined with "
                            "Game dev.") for s in said), said
    if params.get("source") != "design-arena":  # data shown: which category it is
        assert any("Design Arena's figures here are its Code ratings, not Game dev." in s for s in said)
    assert fix_buttons(at)[:2] == ["Show Code", "Game dev, any task"]
    next(b for b in at.button if b.label == "Show Code").click().run()
    assert at.selectbox(key="category--shown").value == "codecategories" and not at.info


def test_compare_ranks_like_with_like_by_default_and_says_so(app):
    """Row 22: the default ranking was led by routers one source rates (at 100 %)."""
    at = app(page="app_pages/compare.py")
    rows = table(at)
    assert at.number_input(key="min_coverage").value == 2
    assert all(len(c.split(" · ")) >= 2 for c in rows["coverage"])  # no "OR" alone at the top
    assert rows["model"].iloc[0] == "Qwen: Qwen3.8 Max" and rows["mean_percentile"].iloc[0] < 100
    assert any(plain(c.value).startswith("119 models here, each rated by at least 2 sources.") for c in at.caption)
    assert "1 ranks every model" in at.number_input(key="min_coverage").help


def test_counts_name_a_source_without_a_figure_instead_of_none_rated_by_all(app):
    """Row 23: "by all of them: 0" when OpenRouter's evals have no coding figure."""
    at = open_link("app_pages/compare.py", {"task_type": "coding"})
    said = " ".join(plain(c.value) for c in at.caption)
    assert "by all of them: 0" not in said and "OpenRouter evals 0" not in said
    assert "Rated by Artificial Analysis 123, Design Arena 106; by both: 65. OpenRouter evals has no figure for " \
           "these filters." in said


def test_a_column_the_grid_would_cut_is_as_wide_as_its_longest_value(app):
    """Row 23: "AA · DA · OF": the grid sizes a column by its cells, taking the long ones for outliers."""
    import json

    at = app({"source": "*"})  # rows rated by one source ("OR") first, "AA · DA · OR" further down
    assert "AA · DA · OR" in set(table(at)["coverage"]) and table(at)["coverage"].iloc[0] == "OR"
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["coverage"].get("width", 0) >= len("AA · DA · OR") * 7  # 7 px a character, and the padding


@pytest.mark.parametrize(("page", "params", "key", "index"), [
    (None, {"source": "design-arena", "category": "gamedev", "max_results": "5"}, "leaderboard_table--open", 0),
    ("app_pages/compare.py", {}, "compare_table--open", 0),
    ("app_pages/value.py", {}, "value_table--open", 0),
    ("app_pages/pick.py", {}, "shortlist--open", 0),
    ("app_pages/changes.py", {"from": "2026-07-12"}, "changes_added--open", 1),  # New top-1s, then these
])
def test_every_table_whose_rows_open_a_model_has_a_picker_for_the_keyboard(app, page, params, key, index):
    """Row 11: a grid row cannot be selected from the keyboard; the picker under it opens the same page."""
    at = app(params, page=page)
    opener = at.selectbox(key=key)
    rows = table(at, index)
    assert opener.label == "Open a model's page" and opener.value is None
    assert [o.rsplit(" · ", 1)[0] for o in opener.options] == list(dict.fromkeys(rows["model"]))  # in its order
    name, slug = opener.options[1].rsplit(" · ", 1)
    opener.set_value(slug).run()
    assert at.text_input(key="model").value == slug and plain(at.title[0].value) == name
