"""Compare follows the chosen models: the scatter highlights and names them, the heatmap's rows and the bars are
them, the table can narrow to them, and each source keeps its one colour."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from client.models import parse_item
from core.catalogue import ALL, sources
from core.compare import (
    build_comparison,
    chosen_rows,
    narrow_to,
    not_rated_sentence,
    searchable_labels,
    to_category_matrix,
    unrated,
    unrated_rows,
)
from core.figures import CHOSEN_COLOUR, NOT_RATED_COLOUR, build_bars_figure, build_heatmap_figure, build_scatter_figure
from core.text import md
from tests.conftest import plain
from tests.test_core_frames import aa, da

ITEMS = (
    aa("top", 70), aa("mid", 50), aa("low", 30), aa("aa-only", 60),
    da("top", "3d", 1100), da("mid", "3d", 1300), da("low", "3d", 1200), da("da-only", "3d", 1250),
    da("top", "svg", 1500), da("mid", "svg", 1400),
    *(parse_item({"source": "openrouter", "model_permaslug": slug, "display_name": slug,
                  "benchmark_type": "gpqa_diamond", "accuracy": accuracy, "total_tasks": 198,
                  "last_run_timestamp": "2026-08-20T10:00:00Z"}) for slug, accuracy in (("top", 0.815), ("low", 0.62))),
)


def comparison(models=(), only_chosen=False, text="", category="3d"):
    return build_comparison(ITEMS, ALL, "models", category, text, 100, models=tuple(models),
                            only_chosen=only_chosen)


# --- scatter -------------------------------------------------------------------------------------------------
def test_scatter_highlights_and_names_the_chosen_models_and_dims_the_rest():
    shown = comparison(("mid", "top"))
    figure = build_scatter_figure(shown.charted, "AA", "DA", ("mid", "top"))
    context, highlighted = figure.data[:2], figure.data[2]
    assert highlighted.name == "Chosen models" and "text" in highlighted.mode  # names written on the chart
    assert list(highlighted.text) == ["mid", "top"] and highlighted.marker.color == CHOSEN_COLOUR
    assert all(t.mode == "markers" and "mid" not in t.text and "top" not in t.text for t in context)
    assert all(t.marker.opacity < 0.5 and t.marker.size < highlighted.marker.size for t in context)
    assert list(highlighted.customdata[1]) == ["70.0", "100.0%", "1,100", "25.0%"]  # as the tables show them


def test_without_a_choice_the_scatter_has_no_highlight():
    figure = build_scatter_figure(comparison().charted, "AA", "DA")
    assert [t.name for t in figure.data] == ["Sources agree", "Sources disagree"]
    assert all(t.marker.opacity > 0.5 for t in figure.data)


def test_a_chosen_model_a_search_hides_is_still_charted():
    shown = comparison(("low",), text="mid")
    assert list(shown.frame["model_permaslug"]) == ["mid"]
    figure = build_scatter_figure(shown.charted, "AA", "DA", ("low",))
    assert list(figure.data[-1].text) == ["low"]


def test_chosen_models_lacking_a_figure_are_said():
    chosen = comparison(("aa-only", "da-only", "top")).chosen
    assert unrated(chosen, "da") == ["aa-only"] and unrated(chosen, "aa") == ["da-only"]
    assert not_rated_sentence(unrated(chosen, "da"), "Design Arena") == "aa-only is not rated by Design Arena here."
    assert not_rated_sentence(["A", "B", "C"], "X") == "A, B and C are not rated by X here."
    assert not_rated_sentence([], "X") == ""
    assert not_rated_sentence(["<b>x</b>"], "X", md) == "\\<b\\>x\\</b\\> is not rated by X here."


def test_chosen_rows_keep_the_order_chosen_and_skip_unknown_ids():
    frame = comparison().frame
    assert list(chosen_rows(frame, ["low", "nobody", "top", "low"])["model_permaslug"]) == ["low", "top"]


# --- heatmap -------------------------------------------------------------------------------------------------
def test_heatmap_rows_are_the_chosen_models_in_order_with_a_row_for_one_not_rated():
    shown = comparison(("low", "aa-only", "top"))
    assert shown.heatmap_models == ("low", "aa-only", "top")
    matrix = to_category_matrix(ITEMS, shown.heatmap_models)
    assert list(matrix.index) == ["low", "aa-only", "top"] and matrix.loc["aa-only"].isna().all()
    assert unrated_rows(matrix) == ["aa-only"]
    figure = build_heatmap_figure(matrix)
    heat = figure.data[0]
    assert list(heat.y) == ["low", "aa-only", "top"]
    row = list(heat.y).index("aa-only")
    assert all(math.isnan(v) for v in heat.z[row]) and list(heat.text[row]) == ["not rated", "not rated"]
    assert heat.text[0][0] == "ELO 1,200" and heat.hoverongaps


def test_not_rated_cells_are_grey_not_the_lowest_colour_in_either_theme():
    figure = build_heatmap_figure(to_category_matrix(ITEMS, ("low", "top")))
    low_svg = figure.data[0].z[0][1]
    assert math.isnan(low_svg) and figure.data[0].text[0][1] == "not rated"  # outside the colour scale …
    assert figure.layout.plot_bgcolor == NOT_RATED_COLOUR  # … over the grey behind the cells, in both themes
    assert figure.layout.margin.pad == 0 and list(figure.layout.xaxis.range) == [-0.5, 1.5]  # grey only there
    channels = [int(NOT_RATED_COLOUR[i:i + 2], 16) for i in (1, 3, 5)]
    assert max(channels) - min(channels) < 16  # a neutral grey: no colour of the scale
    assert contrast(NOT_RATED_COLOUR, "#440154") >= 3  # Viridis' lowest (darkest) colour


def test_heatmap_of_chosen_models_design_arena_does_not_rate_is_empty():
    matrix = to_category_matrix(ITEMS, ("aa-only",))
    assert matrix.empty and unrated_rows(matrix) == ["aa-only"]


def test_without_a_choice_the_heatmap_shows_the_best_rated_by_design_arena():
    assert comparison().heatmap_models == ("da-only", "mid", "top", "low")


# --- bars ----------------------------------------------------------------------------------------------------
def test_bars_show_percentiles_with_the_raw_figures_as_the_tables_do():
    shown = comparison(("top", "aa-only"))
    bars = build_bars_figure(shown.charted, ("top", "aa-only"), labels=tuple(shown.labels.items()))
    by_source = {t.name: t for t in bars.data}
    assert list(by_source) == ["Artificial Analysis", "Design Arena", "OpenRouter evals"]
    assert all(list(t.x) == ["top", "aa-only"] for t in bars.data)  # in the order chosen
    arena = by_source["Design Arena"]
    assert list(arena.y) == [25.0, 0.0]
    assert list(arena.customdata[0]) == ["1,100", "25.0%"]  # the ELO whole, the percentile
    assert list(arena.customdata[1]) == ["not rated", "—"] and list(arena.text) == ["", "not rated"]
    assert "Design Arena ELO · 3D (Models)" in arena.hovertemplate
    assert list(by_source["Artificial Analysis"].customdata[0]) == ["70.0", "100.0%"]  # an index: one decimal
    assert by_source["OpenRouter evals"].customdata[0][0] == "81.5%"  # an accuracy in %


def test_no_legend_entry_for_a_source_without_a_figure_for_any_shown_model():
    bars = build_bars_figure(comparison(("mid", "aa-only")).charted, ("mid", "aa-only"))
    assert [t.name for t in bars.data] == ["Artificial Analysis", "Design Arena"]


# --- colours -------------------------------------------------------------------------------------------------
def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_each_source_has_one_colour_that_reads_in_both_themes():
    colours = [s.colour for s in sources()]
    assert len(set(colours)) == len(colours) and CHOSEN_COLOUR not in colours and NOT_RATED_COLOUR not in colours
    for colour in colours:
        assert colour.startswith("#") and len(colour) == 7
        assert contrast(colour, "#FFFFFF") >= 3 and contrast(colour, "#0E1117") >= 3, colour


def test_each_sources_bars_are_in_its_catalogue_colour():
    bars = build_bars_figure(comparison(("top", "low")).charted, ("top", "low"))
    colours = {s.label: s.colour for s in sources()}
    assert len(bars.data) == 3
    assert all(t.marker.color == colours[t.name] for t in bars.data)


# --- table ---------------------------------------------------------------------------------------------------
def test_the_table_narrows_to_the_chosen_models_keeping_their_ranks():
    everyone = comparison().table.set_index("model_permaslug")["rank"]
    narrowed = comparison(("low", "top"), only_chosen=True).table
    assert list(narrowed["model_permaslug"]) == ["top", "low"]  # in rank order, as the table is
    assert list(narrowed["rank"]) == [everyone["top"], everyone["low"]] == [1, 5]  # not 1, 2
    assert len(comparison(("low", "top")).table) == 5  # chosen, but all rows asked for


def test_narrowing_keeps_the_filters_and_names_the_chosen_models_they_leave_out():
    shown = comparison(("low", "top"), only_chosen=True, text="top")
    assert list(shown.table["model_permaslug"]) == ["top"] and shown.left_out == ("low",)
    assert comparison(("low", "top"), text="top").left_out == ()  # only said when the table is narrowed


def test_narrow_to_is_a_filter_not_a_rerank():
    frame = pd.DataFrame({"model_permaslug": ["a", "b", "c"], "rank": [1, 2, 3]})
    assert narrow_to(frame, ["c", "a"]).to_dict("list") == {"model_permaslug": ["a", "c"], "rank": [1, 3]}


def test_the_picker_shows_names_and_finds_a_model_by_its_id():
    labels = searchable_labels({"anthropic/claude-opus-5-20260723": "Claude Opus 5"})
    assert labels == {"anthropic/claude-opus-5-20260723": "Claude Opus 5 · anthropic/claude-opus-5-20260723"}


# --- the page ------------------------------------------------------------------------------------------------
CHOSEN = ["anthropic/claude-opus-5-20260723", "moonshotai/kimi-k3-20260715"]
NAMES = ["Claude Opus 5", "MoonshotAI: Kimi K3"]
AA_ONLY = "deepseek/deepseek-r1"  # rated by Artificial Analysis only (OpenRouter's evals rate "…-r1-0528")


def charts(at) -> list[dict]:
    return [trace for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]]


def captions(at) -> str:
    return " ".join(plain(c.value) for c in at.caption)


def test_a_link_with_chosen_models_and_rows_chosen_shows_exactly_those_rows(app):
    everyone = app({}, page="app_pages/compare.py").dataframe[0].value.set_index("url")["rank"]  # names repeat
    at = app({"models": CHOSEN, "rows": "chosen"}, page="app_pages/compare.py")
    assert not at.exception
    rows = at.dataframe[0].value
    assert sorted(rows["model"]) == sorted(NAMES)
    assert rows["url"].tolist() == [f"https://openrouter.ai/{slug}" for slug in CHOSEN]  # not the undated twin
    assert rows["rank"].tolist() == [everyone[url] for url in rows["url"]] == [2, 8]  # among those two rate
    assert at.segmented_control(key="rows--shown").value == "chosen"
    at.segmented_control(key="rows--shown").set_value("all").run()  # as a user asks for every row again
    assert len(at.dataframe[0].value) == 100


def test_the_picker_is_shown_on_every_chart_and_typing_goes_to_the_add_box(app):
    from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

    at = app({"models": CHOSEN}, page="app_pages/compare.py")  # the scatter, by default
    picker = at.multiselect(key="models--shown")
    assert picker.value == CHOSEN and "scatter highlights" in picker.help
    assert picker.proto.select_all == 0  # no "Select N matches" row
    # Typing here would add the first match on Enter ("claude opus 5" added Claude Opus 5.5): the chips and the
    # list only; typed names go to the add box, whose Enter takes the text typed (tests/test_browser_dashboard.py)
    assert picker.proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_NONE
    add = at.selectbox(key="compare_add")
    assert add.label == "Add a model" and add.proto.accept_new_options and add.value is None
    assert sorted(o for o in picker.options if "claude-opus-5" in o) == sorted(
        o for o in add.options if "claude-opus-5" in o) == [  # each id listed as its own model
        "Anthropic: Claude Opus 5.5 · anthropic/claude-opus-5.5-20260921", "Claude Opus 5 · anthropic/claude-opus-5",
        "Claude Opus 5 · anthropic/claude-opus-5-20260723"]
    add.set_value(AA_ONLY).run()  # picked from its list: added, said, and the box empty again
    assert at.multiselect(key="models").value == [*CHOSEN, AA_ONLY] and at.selectbox(key="compare_add").value is None
    assert any(plain(c.value).startswith("Added ") and plain(c.value).endswith(f"({AA_ONLY}).")
               for c in at.caption)
    highlighted = [t for t in charts(at) if t.get("name") == "Chosen models"]
    assert len(highlighted) == 1 and highlighted[0]["text"] == NAMES
    assert at.segmented_control(key="rows--shown").value == "all"
    for chart in ("heatmap", "bars"):
        at = app({"models": CHOSEN, "chart": chart}, page="app_pages/compare.py")
        assert at.multiselect(key="models--shown").value == CHOSEN


def test_no_table_rows_choice_without_chosen_models(app):
    at = app({}, page="app_pages/compare.py")
    assert not [w for w in at.get("segmented_control") if w.key == "rows--shown"]
    assert len(at.dataframe[0].value) == 100


@pytest.mark.parametrize("chart", ["scatter", "heatmap"])
def test_a_chosen_model_design_arena_does_not_rate_is_said(app, chart):
    at = app({"models": [CHOSEN[0], AA_ONLY], "chart": chart}, page="app_pages/compare.py")
    name = at.multiselect(key="models--shown").options
    aa_only = next(o for o in name if o.endswith(AA_ONLY)).split(" · ")[0]
    assert f"{aa_only} is not rated by Design Arena here." in captions(at)
    if chart == "heatmap":
        heat = charts(at)
        assert [t["type"] for t in heat] == ["heatmap"] and heat[0]["y"] == ["Claude Opus 5", aa_only]


def test_bars_on_the_page_carry_the_raw_figures_and_the_sources_colours(app):
    at = app({"models": [CHOSEN[0], AA_ONLY], "chart": "bars"}, page="app_pages/compare.py")
    bars = {t["name"]: t for t in charts(at)}
    assert list(bars) == ["Artificial Analysis", "Design Arena", "OpenRouter evals"]
    assert all(t["marker"]["color"] == next(s.colour for s in sources() if s.label == name)
               for name, t in bars.items())
    arena = bars["Design Arena"]
    assert arena["customdata"][1] == ["not rated", "—"] and arena["text"] == ["", "not rated"]
    elo = arena["customdata"][0][0]
    assert elo.replace(",", "").isdigit()  # the ELO as a whole number
    evals = bars["OpenRouter evals"]  # they rate deepseek/deepseek-r1-0528, not deepseek/deepseek-r1
    assert evals["customdata"] == [["83.0%", "86.1%"], ["not rated", "—"]] and evals["text"] == ["", "not rated"]


# --- a typed name or id (issue 21, rows 5 and 6) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def snapshot_items():
    from service.data import BenchmarkData
    from service.settings import Settings

    return BenchmarkData(Settings()).load_everything().items  # the bundled snapshot


@pytest.mark.parametrize(("typed", "slug", "said"), [
    # a name two ids share: the best rated (the dated release, rated by three sources; the undated id by one)
    ("claude opus 5", "anthropic/claude-opus-5-20260723", "the best rated of the 2 models named “claude opus 5”"),
    ("glm 5.3 flash", "z-ai/glm-5.3-flash-20260826", "the best rated of the 2 models named “glm 5.3 flash”"),
    ("GLM-5.3 FLASH", "z-ai/glm-5.3-flash-20260826", "models named"),  # case, spaces, dots, hyphens folded
    ("moonshotai/kimi-k3", "moonshotai/kimi-k3-20260715", "the model named"),  # an undated id: its release
    ("anthropic/claude-opus-5", "anthropic/claude-opus-5", "the model with that id"),  # an id is exact
    ("Claude Opus 5 · anthropic/claude-opus-5", "anthropic/claude-opus-5", "the model with that id"),  # a label
    ("gpt 5.6", "openai/gpt-5.6-sol-20260709", "no model is named “gpt 5.6”; the best rated of the 7 close"),
    ("gpt56 sol", "openai/gpt-5.6-sol-20260709", "models named"),  # "OpenAI: GPT-5.6 Sol", not its "… Pro"
    ("cluade opus", "anthropic/claude-opus-5-20260723", "close to it"),  # a slip of the keys
])
def test_a_typed_name_or_id_finds_the_exact_model_else_the_best_rated_close_to_it(snapshot_items, typed, slug,
                                                                                      said):
    from core.compare import find_model, model_standing
    from core.profile import model_choices

    models = model_choices(snapshot_items)
    found = find_model(typed, models, model_standing(snapshot_items))
    assert found.slug == slug
    assert said in found.describe(typed, models) and f"({slug})" in found.describe(typed, models)


def test_nothing_typed_that_matches_is_said(snapshot_items):
    from core.compare import find_model, model_standing
    from core.profile import model_choices

    models = model_choices(snapshot_items)
    found = find_model("xyzzy", models, model_standing(snapshot_items))
    assert found.slug is None and found.describe("xyzzy", models) == "No model's name or id matches “xyzzy”."
    assert find_model("  ", models, {}).slug is None
