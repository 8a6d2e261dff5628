"""Every page in a real Chromium at desk and phone widths, light and dark: no error, no "None", screenshots.

The screenshots land in test-artifacts/screens/ as `<page>-<width>-<theme>.png`, for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.browser import ARTIFACTS, wait_for_idle

pytestmark = pytest.mark.browser
SCREENS = ARTIFACTS / "screens"
SIZES = {1440: {"width": 1440, "height": 900}, 390: {"width": 390, "height": 844}}
PAGES = {  # name: (link, a heading the page shows)
    "leaderboard": ("/?source=design-arena&category=gamedev", "Leaderboard · Design Arena"),
    "compare": ("/compare?category=gamedev&models=moonshotai/kimi-k3-20260715&models=anthropic/claude-opus-5-20260723"
                "&chart=bars", "Compare sources"),
    "pick": ("/pick?workload=coding&requests_per_day=5000&monthly_budget=500", "Pick a model"),
    "value": ("/value?metric=da.models.gamedev", "Value for money"),
    "model": ("/model?model=moonshotai/kimi-k3-20260715", "MoonshotAI: Kimi K3"),
    "changes": ("/changes?from=2026-07-12&to=2026-08-28", "What changed"),
    "status": ("/status", "Data & status"),
}


def shown_text(page) -> str:
    """What a reader sees: the page's text and every table cell (tables draw on a canvas)."""
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]').all_text_contents()
    return page.locator('[data-testid="stMain"]').inner_text() + "\n" + "\n".join(cells)


def screenshot_whole(page, path, size: dict) -> None:
    """The whole page: Streamlit scrolls inside its main area, so the window grows to its height for a moment."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 12_000)})
    page.wait_for_timeout(500)  # the grid and the charts draw again at the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", sorted(SIZES))
def test_every_page_reads_well_at_each_width_and_theme(browser, app_url, width, theme):
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZES[width], color_scheme=theme)
    page = context.new_page()
    for name, (link, heading) in PAGES.items():
        page.goto(app_url + link)
        page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
        wait_for_idle(page)
        if name in ("leaderboard", "pick", "compare", "value"):
            page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
            page.locator('[data-testid="stDataFrame"] [role="gridcell"]').first.wait_for(state="attached")
        assert page.locator('[data-testid="stException"]').count() == 0, name
        text = shown_text(page)
        assert not re.search(r"\bNone\b|\bnan\b", text), f"{name}: {re.search(r'.{0,40}(None|nan).{0,40}', text)}"
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
        dark = sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 3 * 128
        assert dark == (theme == "dark"), f"{name}: background {background} in the {theme} theme"
        screenshot_whole(page, SCREENS / f"{name}-{width}-{theme}.png", SIZES[width])
    context.close()


def test_an_unknown_path_says_so_and_shows_the_leaderboard(browser, app_url):
    context = browser.new_context(viewport=SIZES[1440])
    page = context.new_page()
    page.goto(app_url + "/leaderbord?source=design-arena")
    page.get_by_role("heading", name="Leaderboard · Design Arena").wait_for(timeout=30_000)
    page.get_by_text("There is no page “/leaderbord” in this dashboard; here is the Leaderboard.").wait_for()
    wait_for_idle(page)
    share = page.locator('[data-testid="stCode"]').last.inner_text()
    assert "leaderbord" not in share and "source=design-arena" in share  # the link shared is the page shown
    context.close()


def _boxes(locator) -> list[dict]:
    return [box for box in (element.bounding_box() for element in locator.all()) if box]


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_on_a_phone_the_shortlist_shows_the_cost_beside_the_rank_and_the_name(browser, app_url):
    context = browser.new_context(viewport=SIZES[390])
    page = context.new_page()
    page.goto(app_url + PAGES["pick"][0])
    page.get_by_role("heading", name="Pick a model").first.wait_for(timeout=30_000)
    wait_for_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    in_view = grid.locator('[role="columnheader"]').all_text_contents()  # the grid lists the columns in view
    assert {"Rank", "$ / month", "Model"} <= set(in_view), in_view
    SCREENS.mkdir(parents=True, exist_ok=True)
    grid.screenshot(path=str(SCREENS / "pick-shortlist-390.png"))
    context.close()


def test_on_a_phone_the_charts_labels_stay_in_the_chart_apart_and_off_the_points(browser, app_url):
    context = browser.new_context(viewport=SIZES[390])
    page = context.new_page()
    SCREENS.mkdir(parents=True, exist_ok=True)

    page.goto(app_url + "/value?metric=da.models.gamedev")
    page.get_by_role("heading", name="Value for money").first.wait_for(timeout=30_000)
    wait_for_idle(page)
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    frame = chart.locator(".main-svg").first.bounding_box()
    labels = _boxes(chart.locator(".scatterlayer .textpoint"))
    assert labels
    for box in labels:  # no frontier label cut at the chart's edge
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"], box
    chart.screenshot(path=str(SCREENS / "value-chart-390.png"))

    page.goto(app_url + "/model?model=openai/gpt-5.1-20251113")
    page.get_by_role("heading", name="OpenAI: GPT-5.1").first.wait_for(timeout=30_000)
    wait_for_idle(page)
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    chart.hover()  # the toolbar, where there is one, shows
    page.wait_for_timeout(500)
    ticks = _boxes(chart.locator(".xtick text"))
    assert len(ticks) >= 2
    assert not any(_overlap(a, b) for i, a in enumerate(ticks) for b in ticks[i + 1:]), ticks  # Jul 12, Jul 14
    points = _boxes(chart.locator(".scatterlayer .point"))
    marks = _boxes(chart.locator(".annotation"))
    assert marks and points
    assert not any(_overlap(mark, point) for mark in marks for point in points)  # the revision mark hides none
    legend = _boxes(chart.locator(".legend"))
    toolbar = _boxes(chart.locator(".modebar"))
    assert not any(_overlap(a, b) for a in legend for b in [*toolbar, *marks])
    chart.screenshot(path=str(SCREENS / "history-chart-390.png"))
    context.close()
