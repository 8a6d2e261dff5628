"""The charts' own choices, as figures: how many lines a chart draws, in which colours, where its labels go."""

from __future__ import annotations

import itertools

import pandas as pd

from core.catalogue import Source, sources
from core.figures import build_rank_history_figure, build_value_figure
from core.history import POINT_COLUMNS
from core.value import frontier_rows
from tests.test_review_fixes import _contrast, _distance

DATES = [pd.Timestamp(d, tz="UTC") for d in ("2026-07-12", "2026-07-14", "2026-07-22", "2026-08-28")]


def history_points(lines: dict[str, list[int | None]], slug: str = "m") -> pd.DataFrame:
    """One line per measure: its rank at each of DATES (None: not rated that day)."""
    rows = [{"stamp": stamp, "date": f"{stamp:%Y-%m-%d}", "measure_id": measure, "measure": measure,
             "model_permaslug": slug, "figure": float("nan") if rank is None else 1000.0 - rank,
             "figure_text": "—" if rank is None else str(1000 - rank), "figure_shown": None, "rank": rank,
             "of": 30, "move": None, "figure_change": None}
            for measure, ranks in lines.items() for stamp, rank in zip(DATES, ranks, strict=True)]
    frame = pd.DataFrame(rows, columns=POINT_COLUMNS)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def test_a_rank_history_draws_at_most_eight_lines_each_in_its_own_colour_none_a_sources():
    # 20 measures (as Design Arena's categories): the 8 with the most dates rated are drawn, the rest are a
    # click away in the legend.
    lines = {f"ELO · c{n:02d}": ([None, 3, 4, 5] if n >= 12 else [None, None, 4, 5]) for n in range(20)}
    figure = build_rank_history_figure(history_points(lines), "m")
    drawn = [t for t in figure.data if t.visible in (None, True)]
    hidden = [t for t in figure.data if t.visible == "legendonly"]
    assert len(drawn) == 8 and len(hidden) == 12
    assert {t.name for t in drawn} == {f"ELO · c{n:02d}" for n in range(12, 20)}
    colours = [t.line.color for t in drawn]
    assert len(set(colours)) == 8  # told apart by colour, not only by marker
    taken = [s.colour for s in sources()] + [Source.__dataclass_fields__["colour"].default]
    for colour in {t.line.color for t in figure.data}:
        assert all(_distance(colour, other) >= 80 for other in taken), colour  # no source's colour
        assert _contrast(colour, "#FFFFFF") >= 3 and _contrast(colour, "#0E1117") >= 3, colour
    pairs = {(t.line.color, t.marker.symbol) for t in figure.data}
    assert len(pairs) == 20  # a line shown later from the legend is told apart too


def test_a_rank_history_on_a_phone_keeps_its_dates_apart_and_its_labels_off_the_lines():
    from core.history import Break

    points = history_points({"Intelligence index": [32, 35, 39, 53], "Agentic index": [36, 40, 46, 61]})
    breaks = tuple(Break("artificial-analysis", m, label, "2026-07-22T00:00:00Z", "2026-08-28T00:00:00Z",
                         "revised", 50, 100) for m, label in (("i", "Intelligence index"), ("a", "Agentic index")))
    figure = build_rank_history_figure(points, "m", breaks)
    ticks = [pd.Timestamp(t) for t in figure.layout.xaxis.tickvals]
    span = DATES[-1] - DATES[0]
    assert ticks[0] == DATES[0] and ticks[-1] == DATES[-1]
    assert all(b - a >= span / 5 for a, b in itertools.pairwise(ticks))  # "Jul 12" and "Jul 14" never overlap
    assert figure.layout.xaxis.tickangle == 0
    (label,) = figure.layout.annotations
    assert label.yref == "paper" and label.y >= 1 and label.yanchor == "bottom"  # above the plot: hides no point
    assert "revised: Intelligence index" in label.hovertext
    legend = figure.layout.legend
    assert legend.yref == "container" and legend.y == 0 and legend.yanchor == "bottom"  # below: no toolbar on it


def test_the_value_chart_numbers_its_frontier_as_its_table_does():
    frame = pd.DataFrame({"model": ["Cheap", "Beaten", "Good", "Best, with a long name: 2026-07-15"],
                          "price": [0.05, 3.0, 2.0, 40.0], "score": [50.0, 70.0, 80.0, 95.0]})
    frame = frame.assign(model_permaslug=frame["model"], free=False,
                         on_frontier=frame["model"].isin(["Cheap", "Good", "Best, with a long name: 2026-07-15"]))
    line = {t.name: t for t in build_value_figure(frame, "Score").data}["Pareto frontier"]
    table = frontier_rows(frame)
    assert list(line.text) == ["1", "2", "3"]  # short: never cut at a phone's edge
    assert list(line.hovertext) == table["model"].tolist()  # the names in the hover, in the table's order
