"""An independent review's findings on Pick, Value and the empty Leaderboard: each as the user sees it."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pandas as pd
import pytest

from core.catalogue import ALL, Source, sources
from core.figures import build_scatter_figure, build_value_figure
from core.filters import Filters
from core.leaderboard import explain_empty
from core.picker import Workload, recommend
from tests.conftest import plain
from tests.test_core_frames import aa

MONEY = re.compile(r"^\$\d{1,3}(,\d{3})*\.\d{2,3}$")  # "$0.11", "$0.075", "$1,050.00": core.formats.money


def texts(elements) -> list[str]:
    return [plain(e.value) for e in elements]


# --- 1. the shortlist's price per 1M tokens reads as money ----------------------------------------------------
def test_the_shortlists_price_per_million_tokens_reads_as_every_pages_money(app):
    at = app({"workload": "coding", "quality": "60"}, page="app_pages/pick.py")
    shown = at.dataframe[0]
    rows = shown.value
    assert rows["blended_per_1m"].iloc[0] == "$0.11"  # GLM 5.3 Flash: $8.25 a month for 2,500 × 30,000 tokens
    assert all(MONEY.match(text) for text in rows["blended_per_1m"]), rows["blended_per_1m"].tolist()
    assert all(MONEY.match(text) for text in rows["monthly"])
    assert "%.3f" not in shown.proto.columns  # no printf money ("$9.000")


def test_money_in_the_grid_keeps_three_significant_digits_below_ten_cents():
    from ui.recommendation import shortlist_table

    cheap = recommend([aa("c", 50, coding=90, prompt="0.00000005", completion="0.0000001")],
                      Workload(input_tokens=1, output_tokens=1))  # ($0.05 + $0.10) / 2 per 1M
    assert shortlist_table(cheap, 5)["blended_per_1m"].to_pylist() == ["$0.075"]


# --- 2. money in the picker's sentences ---------------------------------------------------------------------
def test_the_excluded_list_says_the_budget_as_money(app):
    at = app({"workload": "design", "da_category": "gamedev", "quality": "100", "monthly_budget": "50"},
             page="app_pages/pick.py")
    reasons = at.dataframe[1].value["reason"].tolist()
    assert reasons and all(r.endswith("a month, over the $50.00 budget") for r in reasons), reasons[:3]
    assert all(MONEY.match(r.split(" a month")[0]) for r in reasons)


def test_every_amount_the_picker_writes_is_money():
    items = [aa("dear", 50, coding=90, prompt="0.00001", completion="0.00001"),
             aa("cheap", 50, coding=40, prompt="0.00000005", completion="0.00000005")]
    capped = recommend(items, Workload(max_price_per_1m=Decimal("0.5")))
    assert capped.excluded["reason"].tolist() == ["$10.00 per 1M tokens, over the $0.50 cap"]
    budget = recommend(items, Workload(max_monthly_usd=Decimal("50.0")))
    assert budget.excluded["reason"].tolist() == ["$750.00 a month, over the $50.00 budget"]
    assert "$3.75 a month for your token mix" in budget.picks[0].why  # 2,500 tokens × 30,000 × $0.05/1M
    from ui.recommendation import top_pick_line

    assert "$3.75 a month" in plain(top_pick_line(budget))


# --- 3. no space before "%" -----------------------------------------------------------------------------------
def test_percentages_have_no_space_before_the_sign(app):
    at = app({"workload": "design", "da_category": "gamedev", "quality": "100", "monthly_budget": "150"},
             page="app_pages/pick.py")
    assert at.dataframe[1].value[["model", "misses_by"]].iloc[0].tolist() == ["Qwen: Qwen3.7 Max", "+3.3%"]
    said = " ".join(texts(at.warning) + texts(at.success) + texts(at.caption) + texts(at.markdown))
    assert "±20%" in said and " %" not in said


# --- 4. credits advised only where they would make a free variant fit ---------------------------------------
@pytest.mark.parametrize(("per_day", "peak", "credits", "buy"), [
    (500, None, False, True),  # 50 a day without credits, 1,000 with: credits fit
    (1_000, 20, False, True),
    (5_000, None, False, False),  # over 1,000 a day: credits do not help
    (500, 25, False, False),  # over 20 a minute, with or without credits
    (1_200, None, True, False),  # bought already
])
def test_credits_are_advised_only_when_they_would_make_a_free_variant_fit(per_day, peak, credits, buy):
    from core.picker import free_limit_advice

    advice = free_limit_advice(Workload(requests_per_day=per_day, peak_rpm=peak, credits_bought=credits))
    assert ("buy $10 of credits" in advice) is buy, advice
    if not buy:
        assert "lower the request rate" in advice


def test_no_model_fits_advice_on_the_page(app):
    many = app({"workload": "coding", "requests_per_day": "5000", "monthly_budget": "0"}, page="app_pages/pick.py")
    said = texts(many.error)[0]
    assert said.startswith("No model fits") and "buy" not in said and "credits" not in said.split("To see some")[1]
    assert "lower the request rate to 50 a day" in said
    few = app({"workload": "coding", "requests_per_day": "500", "monthly_budget": "0"}, page="app_pages/pick.py")
    assert "buy $10 of credits" in texts(few.error)[0]


# --- 5. the Value page's free caption says it once -----------------------------------------------------------
def test_the_value_pages_free_caption_says_it_once(app):
    def free(at) -> list[str]:
        return [c for c in texts(at.caption) if c.startswith("Free model")]

    assert free(app({"metric": "aa.coding_index"}, page="app_pages/value.py")) == [
        "Free models (drawn at the left edge, at “Free”: a log axis has no zero): Cohere: North Mini Code (free), "
        "NVIDIA: Nemotron 3 Nano Omni (free); Cohere: North Mini Code (free) is on the frontier."]
    assert free(app(page="app_pages/value.py")) == [
        "Free model (drawn at the left edge, at “Free”: a log axis has no zero): Cohere: North Mini Code (free), "
        "on the frontier."]


# --- 6. the Value chart's colours are no source's -------------------------------------------------------------
def _rgb(colour: str) -> list[int]:
    return [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def _distance(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(_rgb(a), _rgb(b), strict=True)) ** 0.5


def _value_figure():
    frame = pd.DataFrame({"model": ["Free", "Cheap", "Good", "Beaten"], "price": [0.0, 0.05, 2.0, 3.0],
                          "score": [40.0, 50.0, 80.0, 70.0]}).assign(model_permaslug=lambda f: f["model"])
    frame["free"] = frame["price"] == 0
    frame["on_frontier"] = frame["model"].isin(["Free", "Cheap", "Good"])
    return build_value_figure(frame, "Design Arena ELO · Game dev (Models)", "int")


def test_the_value_charts_colours_are_no_sources_and_read_in_both_themes():
    traces = {trace.name: trace for trace in _value_figure().data}
    taken = [s.colour for s in sources()] + [Source.__dataclass_fields__["colour"].default]
    points, line, free = traces["Models"], traces["Pareto frontier"], traces["Free"]
    grey = _rgb(points.marker.color)
    assert max(grey) - min(grey) < 16 and points.marker.color not in taken  # neutral: no source's meaning
    for colour in (line.line.color, line.marker.color, free.marker.color):
        assert all(_distance(colour, other) >= 90 for other in taken), colour
    assert _contrast(line.line.color, "#FFFFFF") >= 3 and _contrast(line.line.color, "#0E1117") >= 3
    assert line.marker.line.color.upper() == "#FFFFFF"  # white-edged frontier markers
    red, green, blue = _rgb(free.marker.color)
    assert free.marker.symbol == "star" and red > 200 and green > 180 and blue < 80  # gold
    assert _contrast(free.marker.line.color, "#FFFFFF") >= 3 and _contrast(free.marker.color, "#0E1117") >= 3


# --- 7. legends above the plot, a short x title ---------------------------------------------------------------
def _scatter_figure():
    frame = pd.DataFrame({"model_permaslug": ["a", "b"], "model": ["A", "B"], "aa_score": [50.0, 60.0],
                          "da_score": [1200.0, 1300.0], "aa_percentile": [50.0, 100.0],
                          "da_percentile": [50.0, 100.0], "disagreement": [None, "x"]})
    return build_scatter_figure(frame, "AA intelligence index", "Design Arena ELO", ("a",))


@pytest.mark.parametrize("figure", [_value_figure, _scatter_figure])
def test_legends_lie_above_the_plot_so_a_phone_keeps_its_width(figure):
    legend = figure().layout.legend
    assert legend.orientation == "h" and legend.x == 0 and legend.xanchor == "left"
    assert 1 < legend.y <= 1.1 and legend.yanchor == "bottom"


def test_the_value_charts_x_title_is_short_and_the_page_says_the_rest(app):
    xaxis = _value_figure().layout.xaxis
    assert xaxis.title.text == "Blended $ per 1M tokens (log)" and xaxis.automargin
    at = app(page="app_pages/value.py")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == "Blended $ per 1M tokens (log)"
    assert spec["layout"]["legend"]["orientation"] == "h"
    assert "for your token mix, on a log scale" in texts(at.caption)[0]


# --- 8. an empty view says what is empty ------------------------------------------------------------------------
@pytest.mark.parametrize(("filters", "live", "said"), [
    (Filters(source="design-arena", arena="builders"), False,
     "Design Arena's builders arena has no ratings in the bundled snapshot. Choose another arena or source."),
    (Filters(source="design-arena", arena="builders"), True,
     "Design Arena's builders arena has no ratings in what the API returned. Choose another arena or source."),
    (Filters(source="design-arena", arena="agents", category="svg"), False,
     "Design Arena's agents arena has no SVG ratings in the bundled snapshot. Choose another category, arena or "
     "source."),
    (Filters(source="openrouter"), False,
     "OpenRouter evals has no figures in the bundled snapshot. Choose another source."),
    (Filters(source="openrouter"), True, "OpenRouter evals has no figures in what the API returned. Choose another "
                                         "source."),
    (Filters(source="artificial-analysis"), False,
     "Artificial Analysis has no figures in the bundled snapshot. Choose another source."),
    (Filters(source="design-arena", task_type="search"), False,
     "Design Arena has no search figures in this data. Choose another task type or source."),
    (Filters(source=ALL), True, "No source has figures in what the API returned."),
])
def test_an_empty_view_names_what_is_empty(filters, live, said):
    assert explain_empty(filters, 0, live=live) == said
    assert "Live data" not in said and "OPENROUTER_API_KEY" not in said  # no source is said to be live-only


def test_design_arenas_empty_builders_arena_on_the_snapshot(app):
    at = app({"source": "design-arena", "arena": "builders"})
    said = plain(at.info[0].value)
    assert said.startswith("Design Arena's builders arena has no ratings in the bundled snapshot"), said
    assert "OpenRouter" not in said and not at.dataframe
