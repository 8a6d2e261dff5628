"""The dashboard in a real Chromium: deep links, the URL following filters, row selection, screenshots."""

from __future__ import annotations

import re

import pytest

from tests.browser import ARTIFACTS, grid_rows, open_page, streamlit_app, wait_for_idle

pytestmark = pytest.mark.browser


def selectbox_text(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def wait_for_cell(page, text: str) -> None:
    """Tables draw on a canvas; their accessible copy holds the cell texts."""
    page.wait_for_function(
        """text => [...document.querySelectorAll('[data-testid="stDataFrame"] tbody tr td')]
                   .some(td => td.textContent === text)""", arg=text, timeout=20_000)


def wait_for_first_model(page, name: str) -> list[list[str]]:
    wait_for_cell(page, name)
    return grid_rows(page)


GAMEDEV = "/?source=design-arena&category=gamedev&max_results=5"


def open_gamedev(browser, app_url):
    """The Design Arena game-dev board, top 5, once its first row is drawn."""
    context, page = open_page(browser, app_url + GAMEDEV)
    return context, page, wait_for_first_model(page, "MoonshotAI: Kimi K3")


def test_deep_link_sets_widgets_and_table(browser, app_url):
    context, page, rows = open_gamedev(browser, app_url)
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0][1:4] == ["new", "1431", "MoonshotAI: Kimi K3"]  # rank, move, the ELO it ranks by, the model
    assert selectbox_text(page, "Source") == "Design Arena"  # ids in the link, labels on the page
    assert selectbox_text(page, "Category") == "Game dev"
    share = page.locator('[data-testid="stMain"] [data-testid="stCode"]').last.inner_text()  # under the page
    assert "source=design-arena" in share and "category=gamedev" in share
    wait_for_idle(page)
    page.screenshot(path=str(ARTIFACTS / "leaderboard-gamedev.png"), full_page=True)
    context.close()


def test_filter_change_updates_url_and_a_fresh_browser_sees_the_same(browser, app_url):
    context, page, _ = open_gamedev(browser, app_url)
    choose(page, "Category", "Websites")
    page.wait_for_url(re.compile(r"category=website(&|$)"), timeout=15_000)
    page.get_by_role("button", name="Category: Websites").wait_for(timeout=15_000)  # said once, above the rows
    rows = wait_for_first_model(page, "1366")  # Kimi K3's ELO for websites (1431 for game dev)
    assert [r[2] for r in rows[:3]] == ["1366", "1332", "1331"]  # rank, move, ELO, model: Websites' own
    shared_url = page.url
    context.close()

    fresh, again = open_page(browser, shared_url)
    assert wait_for_first_model(again, "1366") == rows
    assert selectbox_text(again, "Category") == "Websites"
    fresh.close()


def test_a_link_shared_with_labels_is_rewritten_to_ids(browser, app_url):
    """Links from before ids still open the same view; the address bar then holds the ids."""
    context, page = open_page(browser, app_url + "/?source=Design+Arena&category=Game+dev&max_results=5"
                                                 "&utm_source=newsletter&fbclid=abc")
    rows = wait_for_first_model(page, "MoonshotAI: Kimi K3")
    assert rows[0][3] == "MoonshotAI: Kimi K3"
    page.wait_for_url(re.compile(r"source=design-arena"), timeout=15_000)
    page.wait_for_url(re.compile(r"category=gamedev"), timeout=15_000)
    assert "utm_source" not in page.url and "fbclid" not in page.url
    assert page.locator('[data-testid="stAlert"]').filter(has_text="utm").count() == 0  # dropped silently
    context.close()


def test_sort_order_and_back_keep_ids_in_the_url(browser, app_url):
    context, page, _ = open_gamedev(browser, app_url)
    choose(page, "Sort by", "Win rate")
    page.wait_for_url(re.compile(r"sort=win_rate"), timeout=15_000)
    choose(page, "Order", "Worst first")
    page.wait_for_url(re.compile(r"order=worst"), timeout=15_000)
    assert "source=design-arena" in page.url and "category=gamedev" in page.url  # ids, not labels
    page.go_back()
    page.wait_for_function("() => !location.search.includes('order=worst')", timeout=15_000)
    assert "sort=win_rate" in page.url and "order=" not in page.url
    wait_for_idle(page)
    assert selectbox_text(page, "Sort by") == "Win rate" and selectbox_text(page, "Order") == "Best first"
    context.close()


def test_selecting_a_row_opens_the_model_page(browser, app_url):
    context, page, _ = open_gamedev(browser, app_url)
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row's selection box
    page.wait_for_url(re.compile(r"/model\?model=moonshotai(/|%2F)kimi-k3-20260715"), timeout=15_000)
    page.get_by_role("heading", name="MoonshotAI: Kimi K3").wait_for(timeout=15_000)
    wait_for_cell(page, "Intelligence index")  # what Artificial Analysis says about it
    assert grid_rows(page)[0][:2] == ["Intelligence index", "59.7"]
    wait_for_idle(page)
    page.screenshot(path=str(ARTIFACTS / "model-kimi-k3.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(("path", "heading"), [
    ("/compare?category=gamedev", "Compare sources"),
    ("/status", "Data & status"),
    ("/model?model=anthropic/claude-opus-5-20260723", "Claude Opus 5"),
    ("/?source=*", "Leaderboard · All sources"),
])
def test_every_page_renders_without_errors(browser, app_url, path, heading):
    context, page = open_page(browser, app_url + path)
    page.get_by_role("heading", name=heading).wait_for(timeout=20_000)
    wait_for_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    name = path.strip("/").split("?")[0] or "leaderboard"
    page.screenshot(path=str(ARTIFACTS / f"page-{name}-{len(path)}.png"), full_page=True)
    context.close()


def test_first_visit_after_start_can_be_a_deep_link(browser, tmp_path):
    """A fresh server's very first request opens a shared link to a page other than the first."""
    env = {"OPENROUTER_API_KEY": None, "BENCHMARKS_CACHE_DIR": str(tmp_path)}
    with streamlit_app(env) as url:
        context, page = open_page(browser, url + "/compare?category=gamedev")
        page.get_by_role("heading", name="Compare sources").wait_for(timeout=20_000)
        wait_for_idle(page)
        nav = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
        assert [n.strip().splitlines()[-1] for n in nav] == ["Leaderboard", "Compare sources", "Pick a model",
                                                             "Value for money", "Model", "What changed",
                                                             "Data & status"]
        assert selectbox_text(page, "Category") == "Game dev"
        context.close()


def test_a_picker_link_shows_the_same_shortlist(browser, app_url):
    link = app_url + "/pick?workload=design&da_category=gamedev&quality=100&monthly_budget=150"
    context, page = open_page(browser, link)
    page.get_by_role("heading", name="Top pick: Meta: Muse Spark 1.2").wait_for(timeout=20_000)
    wait_for_cell(page, "Meta: Muse Spark 1.2")
    first = [[row[0], row[2], row[1]] for row in grid_rows(page)]  # #, $ / month, model: in view on a phone
    assert first[0] == ["1", "Meta: Muse Spark 1.2", "$138.75"]
    wait_for_idle(page)
    page.screenshot(path=str(ARTIFACTS / "pick-gamedev-150.png"), full_page=True)
    context.close()

    fresh, again = open_page(browser, link)
    wait_for_cell(again, "Meta: Muse Spark 1.2")
    assert [[row[0], row[2], row[1]] for row in grid_rows(again)] == first
    assert again.get_by_role("spinbutton", name="Max $ per month").input_value() == "150.00"
    fresh.close()


def test_value_page_draws_the_frontier(browser, app_url):
    context, page = open_page(browser, app_url + "/value?metric=Design+Arena+ELO+·+Game+dev+(Models)")
    page.get_by_role("heading", name="Value for money").wait_for(timeout=20_000)
    page.wait_for_url(re.compile(r"metric=da\.models\.gamedev"), timeout=15_000)  # an old label link, now the id
    wait_for_cell(page, "MoonshotAI: Kimi K3")
    wait_for_idle(page)
    assert page.locator(".js-plotly-plot").count() == 1
    page.screenshot(path=str(ARTIFACTS / "value-gamedev.png"), full_page=True)
    context.close()


def test_a_click_on_a_column_header_sorts_through_the_sort_control(browser, app_url):
    """The grid, the Sort control, the link and the downloads follow one order."""
    from core.catalogue import column

    context, page, _ = open_gamedev(browser, app_url)
    box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    sorted_by = None
    for x in range(int(box["x"] + 480), int(box["x"] + box["width"]) - 10, 40):  # the header row, past the links
        page.mouse.click(x, box["y"] + 17)
        try:
            page.wait_for_url(re.compile(r"[?&]sort="), timeout=1_500)
        except Exception:  # a column that does not sort (a link) or a gap: try the next one
            continue
        sorted_by = re.search(r"[?&]sort=([a-z_]+)", page.url)[1]
        break
    assert sorted_by, "no header click reached the Sort control"
    page.wait_for_function("label => [...document.querySelectorAll('input[role=combobox]')]"
                           ".some(i => i.value === label)", arg=column(sorted_by).label, timeout=15_000)
    assert selectbox_text(page, "Sort by") == column(sorted_by).label
    context.close()



def test_a_selected_row_leads_back_to_the_exact_view(browser, app_url):
    context, page, _ = open_gamedev(browser, app_url)
    assert page.title() == "Leaderboard · LLM benchmark scores"  # each page its own tab title

    def open_first_row() -> None:
        box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row's selection box
        page.get_by_role("heading", name="MoonshotAI: Kimi K3").wait_for(timeout=15_000)

    open_first_row()
    assert page.title() == "Model · LLM benchmark scores"
    page.get_by_role("link", name="Back to the Leaderboard").click()  # the page's own way back
    page.wait_for_url(re.compile(r"/\?.*category=gamedev"), timeout=15_000)
    wait_for_first_model(page, "MoonshotAI: Kimi K3")
    assert selectbox_text(page, "Category") == "Game dev"
    context.close()


def test_the_model_picker_finds_a_model_by_its_name(browser, app_url):
    context, page = open_page(browser, app_url + "/model")
    picker = page.get_by_role("combobox", name="Model", exact=True)
    picker.click()
    picker.fill("Kimi K3")
    page.get_by_role("option", name=re.compile(r"^MoonshotAI: Kimi K3")).first.wait_for(timeout=10_000)
    offered = [o for o in page.get_by_role("option").all_inner_texts() if not o.startswith("Add: ")]
    assert offered[0] == "MoonshotAI: Kimi K3 · moonshotai/kimi-k3-20260715", offered  # by its name and id
    picker.press("Enter")
    page.get_by_role("heading", name="MoonshotAI: Kimi K3").wait_for(timeout=15_000)
    page.wait_for_url(re.compile(r"model=moonshotai(/|%2F)kimi-k3-20260715"), timeout=15_000)
    assert selectbox_text(page, "Model") == "MoonshotAI: Kimi K3 · moonshotai/kimi-k3-20260715"
    context.close()


def add_a_model(page, typed: str) -> str:
    """Type into Compare's add box and press Enter; what the page then says was added."""
    box = page.get_by_role("combobox", name="Add a model", exact=True)
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=f"Add: {typed}", exact=True).wait_for(timeout=10_000)
    box.press("Enter")
    said = page.locator('[data-testid="stCaptionContainer"]', has_text=f"“{typed}”")  # this one, not the last
    said.first.wait_for(timeout=15_000)
    wait_for_idle(page)
    return said.first.inner_text()


def test_compare_enter_adds_the_exact_model_else_the_best_rated_and_says_which(browser, app_url):
    """Issue 21, row 6: "claude opus 5" + Enter added Claude Opus 5.5 (listed first); "glm 5.3 flash" the
    undated id only OpenRouter's evals rate."""
    context, page = open_page(browser, app_url + "/compare")
    page.get_by_role("heading", name="Compare sources").wait_for(timeout=20_000)
    wait_for_idle(page)
    said = add_a_model(page, "claude opus 5")
    assert said == ("Added Claude Opus 5 (anthropic/claude-opus-5-20260723): the best rated of the 2 models "
                    "named “claude opus 5”.")
    page.wait_for_url(re.compile(r"models=anthropic(/|%2F)claude-opus-5-20260723"), timeout=15_000)
    assert len(re.findall(r"[?&]models=", page.url)) == 1
    labels = page.locator(".js-plotly-plot .textpoint text").all_text_contents()
    assert labels == ["Claude Opus 5"]  # the scatter names the chosen model, and only it
    page.locator('[data-testid="stButtonGroup"] button', has_text="Chosen models").click()  # the chart switch
    page.wait_for_url(re.compile(r"chart=bars"), timeout=15_000)
    wait_for_idle(page)
    ticks = page.locator(".js-plotly-plot .xtick text").all_text_contents()
    assert ticks == ["Claude Opus 5"]  # the bars are the chosen model's
    said = add_a_model(page, "glm 5.3 flash")
    assert said.startswith("Added Z.ai: GLM 5.3 Flash (z-ai/glm-5.3-flash-20260826): the best rated")
    page.wait_for_url(re.compile(r"models=z-ai(/|%2F)glm-5\.3-flash-20260826"), timeout=15_000)
    picker = page.locator('[data-testid="stMultiSelect"]', has_text="Models to compare side by side")
    chips = [tag.get_attribute("aria-label") for tag in
             picker.locator('[aria-label="Selected values"] > [aria-label]').all()]
    assert chips == ["Claude Opus 5 · anthropic/claude-opus-5-20260723",
                     "Z.ai: GLM 5.3 Flash · z-ai/glm-5.3-flash-20260826"], chips
    context.close()


def test_the_model_picker_tells_models_of_one_name_apart_and_opens_the_one_picked(browser, app_url):
    """Issue 21, row 4: "opus" offered "Claude Opus 5" twice, and both opened the dated release."""
    context, page = open_page(browser, app_url + "/model")
    picker = page.get_by_role("combobox", name="Model", exact=True)
    picker.click()
    picker.fill("opus")
    undated = page.get_by_role("option", name="Claude Opus 5 · anthropic/claude-opus-5", exact=True)
    undated.wait_for(timeout=10_000)
    offered = page.get_by_role("option").all_inner_texts()
    assert "Claude Opus 5 · anthropic/claude-opus-5-20260723" in offered
    assert len(set(offered)) == len(offered), offered
    undated.click()
    page.wait_for_url(re.compile(r"model=anthropic(/|%2F)claude-opus-5($|&)"), timeout=15_000)
    page.get_by_text("anthropic/claude-opus-5 · rated by OpenRouter evals").wait_for(timeout=15_000)
    context.close()


def test_the_model_picker_finds_an_id_and_a_near_name(browser, app_url):
    """Issue 21, row 5: `moonshotai/kimi-k3` and `gpt 5.6` said "No results"."""
    context, page = open_page(browser, app_url + "/model")
    picker = page.get_by_role("combobox", name="Model", exact=True)
    picker.click()
    picker.fill("moonshotai/kimi-k3")
    page.get_by_role("option", name="MoonshotAI: Kimi K3 · moonshotai/kimi-k3-20260715").wait_for(timeout=10_000)
    picker.fill("gpt 5.6")
    page.get_by_role("option", name="OpenAI: GPT-5.6 Sol · openai/gpt-5.6-sol-20260709").wait_for(timeout=10_000)
    offered = [o for o in page.get_by_role("option").all_inner_texts() if not o.startswith("Add: ")]
    assert all("5.6" in o for o in offered[:7]), offered  # the seven GPT-5.6 models first
    picker.press("Enter")  # the text typed: no model is named so, the best rated close to it
    page.get_by_role("heading", name="OpenAI: GPT-5.6 Sol").wait_for(timeout=15_000)
    page.get_by_text("Showing OpenAI: GPT-5.6 Sol (openai/gpt-5.6-sol-20260709): no model is named “gpt 5.6”; "
                     "the best rated of the 7 close to it.").wait_for(timeout=15_000)
    picker = page.get_by_role("combobox", name="Model", exact=True)
    picker.click()
    picker.fill("moonshotai/kimi-k3")
    picker.press("Enter")
    page.get_by_role("heading", name="MoonshotAI: Kimi K3").wait_for(timeout=15_000)
    page.wait_for_url(re.compile(r"model=moonshotai(/|%2F)kimi-k3-20260715"), timeout=15_000)
    context.close()


def test_a_table_row_opens_its_model_from_the_keyboard(browser, app_url):
    """Issue 21, row 11: Tab reaches the grid, but neither arrows, Space nor Enter select a row."""
    context, page, _ = open_gamedev(browser, app_url)
    wait_for_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator('[role="gridcell"]').first.focus()
    opener = page.get_by_role("combobox", name="Open a model's page", exact=True)
    for _ in range(12):  # from the grid, Tab by Tab, to the picker under it
        page.keyboard.press("Tab")
        if opener.evaluate("e => e === document.activeElement"):
            break
    assert opener.evaluate("e => e === document.activeElement"), "Tab from the grid never reached the picker"
    page.keyboard.type("kimi")
    page.get_by_role("option", name="MoonshotAI: Kimi K3 · moonshotai/kimi-k3-20260715").wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/model\?model=moonshotai(/|%2F)kimi-k3-20260715"), timeout=15_000)
    page.get_by_role("heading", name="MoonshotAI: Kimi K3").wait_for(timeout=15_000)
    context.close()


def test_at_1440_pixels_no_column_repeats_a_filter_and_the_prices_are_in_view(browser, app_url):
    """Issue 21, row 23: the Design Arena board cut its $ columns while a Category column said "Game dev" on
    every row."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(app_url + "/?source=design-arena&category=gamedev")
    wait_for_first_model(page, "MoonshotAI: Kimi K3")
    wait_for_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    headers = [h.strip() for h in grid.locator('[role="columnheader"]').all_text_contents()]
    assert "Category" not in headers and {"$ in /1M", "$ out /1M"} <= set(headers), headers
    scroll = grid.locator(".dvn-scroller").first.evaluate("s => [s.scrollWidth, s.clientWidth]")
    assert scroll[0] <= scroll[1], scroll  # every column in view, none behind a sideways scroll
    page.screenshot(path=str(ARTIFACTS / "leaderboard-gamedev-1440.png"))
    context.close()
