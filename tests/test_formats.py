"""One number format: the formatter's table, the grid's formats, and the Value page's dollar axis and labels."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pandas as pd
import pytest

from core.figures import build_value_figure
from core.formats import GRID_FORMATS, MISSING, file_value, format_figure, format_value, money
from core.value import dollar_tick, price_axis


@pytest.mark.parametrize(("value", "shown"), [
    (3, "$3.00"), (3.0, "$3.00"), (25.0, "$25.00"), (500.0, "$500.00"), (1050, "$1,050.00"),
    (12_345_678.9, "$12,345,678.90"), (0.75, "$0.75"), (0.1736, "$0.17"), (0.1, "$0.10"), (0, "$0.00"),
    (0.075, "$0.075"), (0.05, "$0.05"), (0.0868, "$0.0868"), (0.021, "$0.021"), (0.0375, "$0.0375"),
    (0.012345, "$0.0123"), (0.0001234, "$0.000123"), (0.0999, "$0.0999"), (0.09996, "$0.10"),
    (0.125, "$0.13"),  # halves up, as the monthly cost is rounded
    (Decimal("0.751854"), "$0.75"), (Decimal("0.075000"), "$0.075"), (-0.5, "-$0.50"),
    (None, MISSING), (float("nan"), MISSING), (pd.NA, MISSING), (float("inf"), MISSING),
])
def test_money(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize(("kind", "value", "shown", "in_files"), [
    ("int", 1133.0, "1,133", 1133), ("int", 1132.5, "1,133", 1133), ("int", 57, "57", 57),
    ("int", 1_000_000, "1,000,000", 1_000_000),
    ("percent", 99.57264957264957, "99.6%", 99.6), ("percent", 100.0, "100.0%", 100.0),
    ("percent", 52.25, "52.3%", 52.3),
    ("number", 63.14, "63.1", 63.1), ("number", 1234.56, "1,234.6", 1234.6), ("number", 70.25, "70.3", 70.3),
    ("seconds", 12.345, "12.3 s", 12.3),
    ("price", 3.0, "$3.00", "3.00"), ("price", 0.075, "$0.075", "0.075"), ("cost", 0.0042137, "$0.00421", "0.00421"),
    ("cost", 1050.0, "$1,050.00", "1050.00"),
    ("text", "Claude", "Claude", "Claude"), ("link", "https://openrouter.ai/x", "https://openrouter.ai/x",
                                             "https://openrouter.ai/x"),
    ("int", None, MISSING, None), ("percent", float("nan"), MISSING, None), ("int", pd.NA, MISSING, None),
    ("text", None, MISSING, None), ("price", None, MISSING, None),
])
def test_every_kind_on_screen_and_in_files(kind, value, shown, in_files):
    assert format_value(kind, value) == shown
    assert file_value(kind, value) == in_files and type(file_value(kind, value)) is type(in_files)


def test_figures_by_their_catalogue_column():
    assert format_figure("elo", 1391.0) == "1,391"  # an ELO whole, never 1391.0
    assert format_figure("win_rate", 61.04) == "61.0%"
    assert format_figure("intelligence_index", 63.1) == "63.1"
    assert format_figure("input_per_1m", 5.0) == "$5.00" and format_figure("input_per_1m", 0.075) == "$0.075"
    assert format_figure("mean_percentile", 87.5) == "87.5%"
    assert format_figure("avg_generation_s", 41.26) == "41.3 s"
    assert format_figure("elo", None) == "—"


def test_grid_formats_say_the_same():
    """printf for the grid (sprintf-js): thousands grouped, ints rounded (not "%d", which truncates), "%"."""
    from ui.tables import FORMATS, column_config

    assert FORMATS is GRID_FORMATS
    assert GRID_FORMATS == {"int": "%,.0f", "number": "%,.1f", "percent": "%.1f%%", "seconds": "%,.1f s"}
    config = column_config(["rank", "elo", "win_rate", "input_per_1m", "cost_per_task"])
    assert config["elo"]["type_config"]["format"] == "%,.0f" and config["win_rate"]["type_config"]["format"] == "%.1f%%"
    # money is a text column: its text comes from `core.formats.money` (`to_grid_table`)
    assert config["input_per_1m"]["type_config"]["type"] == "text" and config["input_per_1m"]["label"] == "$ in /1M"


def test_grid_money_cells_are_their_text_and_the_frame_keeps_numbers():
    from ui.tables import to_grid_table

    frame = pd.DataFrame({"model": ["a", "b", "c"], "input_per_1m": [3.0, 0.075, float("nan")]})
    table = to_grid_table(frame, ("model", "input_per_1m"))
    assert table.column("input_per_1m").to_pylist() == ["$3.00", "$0.075", "—"]
    assert frame["input_per_1m"].tolist()[:2] == [3.0, 0.075]
    assert to_grid_table(frame, ("model",)).column("model").to_pylist() == ["a", "b", "c"]


def test_the_leaderboard_grid_shows_money_as_money(app):
    at = app()
    shown = at.dataframe[0].value  # money cells are sent as their text
    assert shown.iloc[0]["input_per_1m"] == "$5.00" and shown.iloc[0]["output_per_1m"] == "$25.00"
    prices = shown["input_per_1m"].tolist()
    assert not any(p.endswith("0.0") or p.count(".") != 1 or not p.startswith("$") for p in prices), prices
    assert not any(len(p.split(".")[1]) == 3 and float(p[1:].replace(",", "")) >= 0.1 for p in prices)  # no $25.000


@pytest.mark.parametrize(("value", "label"), [(0.001, "$0.001"), (0.01, "$0.01"), (0.1, "$0.10"), (1.0, "$1"),
                                              (10.0, "$10"), (1000.0, "$1,000")])
def test_dollar_ticks(value, label):
    assert dollar_tick(value) == label


def test_price_axis_spans_the_prices_with_free_at_the_left_edge():
    axis = price_axis([0.021, 0.5, 60.0, 0.0, float("nan")])
    assert axis.labels == ("Free", "$0.01", "$0.10", "$1", "$10")
    assert axis.ticks[1:] == pytest.approx((0.01, 0.1, 1.0, 10.0))
    assert axis.free_at < 0.01 and math.log10(axis.free_at) > axis.range[0]  # left of every price, still drawn
    assert axis.range[1] > math.log10(60.0)
    assert price_axis([]).labels[0] == "Free"  # only free models: still an axis


def value_frame(rows) -> pd.DataFrame:
    from core.frames import pareto_frontier

    frame = pd.DataFrame(rows, columns=["model", "price", "score"]).assign(model_permaslug=lambda f: f["model"])
    frame["free"] = frame["price"] == 0
    frame["on_frontier"] = frame.index.isin(pareto_frontier(frame))
    return frame


def test_value_figure_draws_a_free_leader_on_the_frontier_and_labels_it():
    frame = value_frame([("Free <b>leader</b>", 0.0, 60.0), ("Cheap", 0.05, 50.0), ("Good", 2.0, 80.0),
                         ("Beaten", 3.0, 70.0), ("Free loser", 0.0, 10.0), ("No price", None, 99.0)])
    figure = build_value_figure(frame, "Score <i>x</i>", "percent")
    traces = {trace.name: trace for trace in figure.data}
    line = traces["Pareto frontier"]
    axis = price_axis(frame["price"])
    assert list(line.hovertext) == ["Free &lt;b&gt;leader&lt;/b&gt;", "Good"]  # names, escaped; Cheap scores less
    assert list(line.text) == ["1", "2"]  # numbered as the page's table
    assert line.x[0] == pytest.approx(axis.free_at) and "text" in line.mode
    assert line.line.color and line.line.width >= 2 and line.line.shape == "hv"  # explicit: dark theme too
    assert list(traces["Free"].x) == pytest.approx([axis.free_at] * 2)
    assert "No price" not in list(traces["Models"].hovertext)
    assert list(figure.layout.xaxis.ticktext)[:3] == ["Free", "$0.01", "$0.10"] and figure.layout.xaxis.type == "log"
    assert line.customdata[1][0] == "80.0%" and line.customdata[1][1] == "$2.00 per 1M tokens"
    assert line.customdata[0][1] == "free" and figure.layout.yaxis.title.text == "Score &lt;i&gt;x&lt;/i&gt;"


def _numbers(values) -> list[float]:
    """A Plotly JSON array: a list, or a typed array ({"dtype", "bdata"}: base64 of the raw numbers)."""
    import base64

    import numpy as np

    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_the_value_page_has_dollar_ticks_and_labelled_frontier_points(app):
    at = app(page="app_pages/value.py")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ticks = spec["layout"]["xaxis"]["ticktext"]
    assert ticks[0] == "Free" and {"$0.10", "$1", "$10"} <= set(ticks) and all(t.startswith("$") for t in ticks[1:])
    frontier = next(trace for trace in spec["data"] if trace["name"] == "Pareto frontier")
    assert "text" in frontier["mode"] and frontier["line"]["color"] and frontier["line"]["width"] >= 2
    listed = at.dataframe[0].value["model"].tolist()
    assert frontier["hovertext"] == listed  # every frontier model named, free leader first, at the left edge
    assert frontier["text"] == [str(n) for n in at.dataframe[0].value["step"]] == [str(n + 1) for n in
                                                                                   range(len(listed))]
    assert listed[0] == "Cohere: North Mini Code (free)" and _numbers(frontier["x"])[0] < 0.01
    shown = at.dataframe[0].value
    assert shown["blended_per_1m"].iloc[0] == "$0.00" and all(p.startswith("$") for p in shown["blended_per_1m"])
