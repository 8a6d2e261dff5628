"""Tables use the page: their height, the model column's width, rank and score first; removable filter chips;
Pick's answer above its inputs and every why in full. Pure helpers, AppTest, and Chromium at 1440×900 and 390×844.
"""

from __future__ import annotations

import re

import pytest

from core.catalogue import ALL
from core.filters import Filters, active_chips
from tests.conftest import plain
from ui.tables import lead_columns, model_width, table_height

ROW = 35  # Streamlit's row and header height, in pixels


def rows_shown(height: int) -> float:
    return (height - 2) / ROW - 1  # less the two border pixels and the header


# --- pure helpers ------------------------------------------------------------------------------------------
def test_a_short_table_shrinks_to_its_rows_and_a_long_one_shows_about_twenty():
    assert table_height(5) == 6 * ROW + 2 and rows_shown(table_height(5)) == 5  # no empty space
    assert rows_shown(table_height(100)) == 21  # not Streamlit's 10: scrolls inside after 21
    assert table_height(100) <= 900 - 60 - 60  # fits a 900-pixel screen under Streamlit's header
    assert table_height(20) < table_height(21) == table_height(22) == table_height(10_000)
    assert table_height(0) == table_height(1)


def test_the_model_column_is_as_wide_as_the_longest_name():
    short, long = "Claude Opus 5", "Google: Nano Banana 2 (Gemini 3.1 Flash Image Preview)"
    assert model_width([short]) < model_width([short, long])
    assert model_width([short, long]) >= len(long) * 6.5  # wider than the name drawn at the grid's font
    assert model_width([]) == model_width([""]) >= 100  # never a sliver


def test_rank_score_and_model_lead_and_the_rest_keep_their_order():
    columns = ["rank", "model", "url", "category", "elo", "win_rate", "input_per_1m"]
    assert lead_columns(columns, "elo") == ["rank", "elo", "model", "url", "category", "win_rate", "input_per_1m"]
    assert lead_columns(columns, "rank") == columns[:1] + ["model"] + columns[2:]
    assert lead_columns(["model", "url"], "elo") == ["model", "url"]  # a score not shown is not invented


@pytest.mark.parametrize(("filters", "column"), [
    (Filters(), "intelligence_index"),
    (Filters(task_type="coding"), "coding_index"),
    (Filters(source="design-arena", category="gamedev"), "elo"),
    (Filters(source="openrouter"), "score"),
    (Filters(source=ALL), "mean_percentile"),
])
def test_the_ranking_column_is_the_measure_of_the_filters(filters, column):
    from core.leaderboard import build_leaderboard
    from service.data import BenchmarkData
    from service.settings import Settings

    items = BenchmarkData(Settings()).load_everything().items  # the bundled snapshot
    assert build_leaderboard(items, filters).ranked_column == column


# --- chips: which filters are set, in words ----------------------------------------------------------------
def test_no_chip_for_the_defaults_nor_for_the_source():
    assert active_chips(Filters()) == []
    assert active_chips(Filters(source="design-arena")) == []
    assert active_chips(Filters(source=ALL)) == []


def test_a_chip_per_filter_set_with_its_label_and_what_its_cross_resets():
    chips = active_chips(Filters(source="design-arena", task_type="coding", arena="agents", category="fullstack",
                                 max_results=1500, search="claude"))
    assert [c.label for c in chips] == ["Task type: Coding", "Arena: Agents", "Category: Full-stack apps",
                                        "Rows: 1,500", "Search: “claude”"]
    resets = {c.key: c.resets for c in chips}
    assert resets["task_type"] == (("task_type", ALL),)
    assert resets["arena"] == (("arena", "models"), ("category", ALL))  # the category belongs to the arena
    assert resets["category"] == (("category", ALL),)
    assert resets["max_results"] == (("max_results", 100),) and resets["q"] == (("q", ""),)


def test_arena_and_category_are_no_chips_where_the_source_has_none():
    assert active_chips(Filters(source="artificial-analysis", arena="agents", category="fullstack")) == []


# --- the pages, through AppTest ----------------------------------------------------------------------------
def first_columns(at, index=0) -> list[str]:
    return list(at.dataframe[index].value.columns[:3])


@pytest.mark.parametrize(("params", "score"), [
    ({}, "intelligence_index"),
    ({"task_type": "coding"}, "coding_index"),
    ({"source": "design-arena", "category": "gamedev"}, "elo"),
    ({"source": ALL}, "mean_percentile"),
])
def test_leaderboard_opens_with_rank_the_ranking_score_and_the_model(app, params, score):
    at = app(params)
    assert list(at.dataframe[0].value.columns[:4]) == ["rank", "move", score, "model"]  # the move beside its rank
    rows = at.dataframe[0].value
    ranked = rows.dropna(subset=[score])
    assert ranked["rank"].is_monotonic_increasing and ranked[score].is_monotonic_decreasing  # the score ranks them


def test_value_and_pick_tables_put_their_score_in_the_first_three_columns(app):
    value = app(page="app_pages/value.py")
    assert "score" in first_columns(value)
    pick = app(page="app_pages/pick.py")
    assert first_columns(pick) == ["rank", "monthly", "model"]  # ranked by value; the cost in view on a phone


def test_the_model_column_is_configured_wide_enough_for_the_longest_name_shown(app):
    import json

    at = app({"source": ALL})
    longest = max(at.dataframe[0].value["model"], key=len)
    assert len(longest) > 40  # a long name is among the rows
    assert json.loads(at.dataframe[0].proto.columns)["model"]["width"] == model_width([longest])


def test_chips_show_the_filters_set_and_a_cross_resets_one_in_the_sidebar_and_the_link(app):
    at = app({"task_type": "coding", "q": "qwen", "max_results": "30"})
    assert [plain(b.label) for b in at.button] == ["Task type: Coding", "Rows: 30", "Search: “qwen”"]
    assert len(at.dataframe[0].value) == 19

    at.button(key="remove_q").click().run()
    assert at.text_input(key="q").value == "" and "q" not in at.query_params
    assert len(at.dataframe[0].value) == 30 and at.query_params["task_type"] == "coding"
    assert [plain(b.label) for b in at.button] == ["Task type: Coding", "Rows: 30"]

    at.button(key="remove_task_type").click().run()
    assert at.selectbox(key="task_type--shown").value == ALL and "task_type" not in at.query_params
    assert list(at.dataframe[0].value.columns[:4]) == ["rank", "move", "intelligence_index", "model"]

    at.button(key="remove_max_results").click().run()
    assert at.number_input(key="max_results").value == 100 and "max_results" not in at.query_params
    assert len(at.dataframe[0].value) == 100 and not at.button  # no filter set: no chips
    assert not at.exception


def test_removing_the_arena_also_clears_its_category(app):
    at = app({"source": "design-arena", "arena": "agents", "category": "fullstack"})
    assert "category" not in at.dataframe[0].value  # one category: its chip says it, not a column of it
    assert plain(at.button(key="remove_category").label) == "Category: Full-stack apps"
    at.button(key="remove_arena").click().run()
    assert len(set(at.dataframe[0].value["category"])) > 1  # every category again: the column is back
    assert at.selectbox(key="arena--shown").value == "models" and at.selectbox(key="category--shown").value == ALL
    assert "arena" not in at.query_params and "category" not in at.query_params
    assert at.query_params["source"] == "design-arena"  # the source is not a chip: it stays
    assert not at.warning  # no note about a category the arena does not have


def leaves(at) -> list:
    return [e for e in at.main if not hasattr(e, "children")]


def test_pick_answers_right_under_the_title_before_any_input(app):
    at = app(page="app_pages/pick.py")
    shown = leaves(at)
    title = next(i for i, e in enumerate(shown) if e.type == "title")
    answer = plain(shown[title + 1].value)
    assert answer == ("**Top pick: Z.ai: GLM 5.3 Flash** — $8.25 a month, quality rank 17 of 162, price rank 15 "
                      "of 162; rated on Artificial Analysis coding index only, not on Design Arena ELO · Code "
                      "(Models)")
    first_input = next(i for i, e in enumerate(shown) if e.type in ("selectbox", "number_input"))
    assert title < title + 1 < first_input


def test_pick_with_no_answer_says_so_above_the_inputs(app):
    at = app({"workload": "coding", "min_sources": "3"}, page="app_pages/pick.py")
    shown = leaves(at)
    title = next(i for i, e in enumerate(shown) if e.type == "title")
    assert "No pick for these inputs" in shown[title + 1].value


def test_pick_shows_every_shortlisted_why_in_full(app):
    at = app({"workload": "coding"}, page="app_pages/pick.py")
    names = at.dataframe[0].value["model"].tolist()
    assert "why" not in at.dataframe[0].value.columns  # the table keeps the numbers
    whys = next(plain(m.value) for m in at.markdown if plain(m.value).startswith("**Why each**"))
    items = re.findall(r"^(\d)\. \*\*(.+?)\*\*: (.+)$", whys, flags=re.M)
    assert [(int(n), name) for n, name, _ in items] == list(enumerate(names, start=1))
    assert items[0][2] == ("17th of 162 on quality and 15th of 162 on price (1st = cheapest) for this workload: "
                           "Artificial Analysis coding index 71.5 (87th percentile). Not rated on Design Arena "
                           "ELO · Code (Models): its quality rests on Artificial Analysis coding index alone. $8.25 "
                           "a month for your token mix (91st percentile for cheapness among the 162 models within "
                           "budget).")
    assert all(why.endswith("models within budget).") for _, _, why in items)  # none cut short


# --- in a real browser -------------------------------------------------------------------------------------
DESKTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser_app(browser, app_url):
    return browser, app_url


def open_at(browser_app, path: str, viewport: dict):
    browser, url = browser_app
    mobile = viewport is PHONE
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.goto(url + path)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    return context, page


@pytest.mark.browser
def test_a_long_table_shows_twenty_rows_on_a_900_pixel_screen_and_a_short_one_fits(browser_app):
    from tests.browser import ARTIFACTS, wait_for_idle

    context, page = open_at(browser_app, "/", DESKTOP)
    grid = page.locator('[data-testid="stDataFrame"]').first
    wait_for_idle(page)
    assert rows_shown(grid.bounding_box()["height"]) >= 20
    assert grid.bounding_box()["height"] <= DESKTOP["height"] - 60  # all of it in view once scrolled to
    page.screenshot(path=str(ARTIFACTS / "layout-leaderboard-desktop.png"))
    context.close()
    context, page = open_at(browser_app, "/?source=design-arena&category=gamedev&max_results=5", DESKTOP)
    wait_for_idle(page)
    assert rows_shown(page.locator('[data-testid="stDataFrame"]').first.bounding_box()["height"]) == 5
    context.close()


@pytest.mark.browser
def test_on_a_phone_the_score_header_is_in_view_without_scrolling_sideways(browser_app):
    """Clicking headers from the left sorts by the first sortable column after rank: the ranking score."""
    from tests.browser import ARTIFACTS, wait_for_idle

    context, page = open_at(browser_app, "/?task_type=coding", PHONE)
    wait_for_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.screenshot(path=str(ARTIFACTS / "layout-leaderboard-phone.png"))
    sorted_by = None
    for x in range(int(box["x"] + 40), PHONE["width"] - 10, 15):
        page.mouse.click(x, box["y"] + ROW / 2)
        try:
            page.wait_for_url(re.compile(r"[?&]sort="), timeout=1_500)
        except Exception:  # the row markers, rank (the default order) or a gap
            continue
        sorted_by = re.search(r"[?&]sort=([a-z_]+)", page.url)[1]
        break
    assert sorted_by == "coding_index"
    context.close()


@pytest.mark.browser
def test_on_a_phone_pick_answers_on_the_first_screen(browser_app):
    context, page = open_at(browser_app, "/pick", PHONE)
    answer = page.get_by_text("Top pick: Z.ai: GLM 5.3 Flash").first
    answer.wait_for(timeout=30_000)
    assert answer.bounding_box()["y"] + answer.bounding_box()["height"] < PHONE["height"]
    workload = page.get_by_role("combobox", name="Workload", exact=True).bounding_box()
    assert answer.bounding_box()["y"] < workload["y"]  # above the inputs
    context.close()
