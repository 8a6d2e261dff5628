"""Downloads read like the screen: labels as headers, figures at the precision shown, exact prices, the
citations and dates carried in the file, and a CSV that `csv` and pandas read back cleanly."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from core.citations import citation_lines
from core.exports import exact_prices, export_meta, export_rows, headers, price_text, to_csv_bytes, to_json_bytes
from core.filters import Filters
from core.leaderboard import build_leaderboard
from tests.test_core_frames import aa, da

MADE = datetime(2026, 8, 29, 12, 30, 5, 123, tzinfo=UTC)
META = export_meta(["Source: Design Arena (www.designarena.ai) via OpenRouter (openrouter.ai/rankings). "
                    "Data as of 2026-08-28. Data licensed CC BY 4.0."],
                   {"design-arena-models": "2026-08-28T06:00:00Z"}, "http://127.0.0.1:8501/?source=design-arena",
                   MADE)


def design_arena_board():
    items = (da("a/top", "gamedev", 1133.0, win_rate=99.57264957264957),
             da("b/tie", "gamedev", 1100.0, win_rate=50.0), da("c/tie", "gamedev", 1100.0, win_rate=49.95),
             da("d/last", "gamedev", 1000.25, win_rate=10.0))
    board = build_leaderboard(items, Filters(source="design-arena"))
    shown, _ = board.rows("elo", True, "", 100)
    return items, board, shown


def csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Read back as the docstring says: the `#` lines are notes, the rest is one table."""
    lines = data.decode("utf-8-sig").splitlines()
    notes = [line for line in lines if line.startswith("#")]
    return notes, list(csv.reader(line for line in lines if not line.startswith("#")))


def test_headers_are_the_labels_on_screen():
    _, board, shown = design_arena_board()
    assert headers(board.columns) == ["Rank", "Model", "OpenRouter", "Category", "ELO", "Win rate",
                                      "$ in /1M", "$ out /1M"]
    _, table = csv_rows(to_csv_bytes(shown, board.columns, meta=META))
    assert table[0] == headers(board.columns)
    assert "input_per_1m" not in table[0] and "elo" not in table[0]
    assert list(json.loads(to_json_bytes(shown, board.columns, meta=META))["rows"][0]) == table[0]
    assert headers(["mean_percentile", "aa_score"]) == ["Overall pct", "AA figure"]


def test_figures_at_the_precision_shown_and_the_rank_as_shown():
    items, board, shown = design_arena_board()
    rows = json.loads(to_json_bytes(shown, board.columns, meta=META, prices=exact_prices(items)))["rows"]
    assert [r["Rank"] for r in rows] == [1, 2, 2, 4]  # competition ranks, as on screen
    assert rows[0]["ELO"] == 1133 and isinstance(rows[0]["ELO"], int)  # not 1133.0
    assert rows[3]["ELO"] == 1000  # 1000.25 shown whole
    assert rows[0]["Win rate"] == 99.6 and rows[2]["Win rate"] == 50.0  # not 99.57264957264957; 49.95 -> 50.0
    assert rows[0]["Category"] == "Game dev" and rows[0]["OpenRouter"] == "https://openrouter.ai/a/top"
    # search and the row limit only hide rows: the ranks of what is left are the same in the file
    hidden, _ = board.rows("elo", True, "tie", 1)
    assert [r["Rank"] for r in export_rows(hidden, board.columns)] == [2]


def test_prices_are_exact_decimal_strings():
    items = (aa("m/three", 50, prompt="0.000003", completion="0.000015"),
             aa("m/cheap", 40, prompt="0.000000075", completion="0.0000003"),
             aa("m/odd", 30, prompt="0.000000751854", completion="0.000001050"),
             aa("m/long", 20, prompt="0.0000012345678901234567", completion="0"),
             aa("m/none", 10, prompt=None))
    board = build_leaderboard(items, Filters(source="artificial-analysis"))
    shown, _ = board.rows("rank", True, "", 100)
    prices = exact_prices(items)
    rows = {r["Model"]: r for r in json.loads(to_json_bytes(shown, board.columns, prices=prices))["rows"]}
    assert (rows["m/three"]["$ in /1M"], rows["m/three"]["$ out /1M"]) == ("3.00", "15.00")
    assert (rows["m/cheap"]["$ in /1M"], rows["m/cheap"]["$ out /1M"]) == ("0.075", "0.30")
    assert (rows["m/odd"]["$ in /1M"], rows["m/odd"]["$ out /1M"]) == ("0.751854", "1.05")
    assert rows["m/long"]["$ in /1M"] == "1.2345678901234567"  # from the Decimal: a float has 17 digits at most
    assert rows["m/long"]["$ out /1M"] == "0.00" and rows["m/none"]["$ in /1M"] is None
    # without the items, the float's shortest repr is still the decimal for ordinary prices
    assert price_text(0.751854) == "0.751854" and price_text(3.0) == "3.00" and price_text(1050.0) == "1050.00"
    assert price_text(float("nan")) is None


def test_json_meta_carries_citations_dates_link_and_when_made():
    _, board, shown = design_arena_board()
    document = json.loads(to_json_bytes(shown, board.columns, meta=META))
    assert set(document) == {"meta", "rows"} and len(document["rows"]) == 4
    meta = document["meta"]
    assert meta["citations"][0].startswith("Source: Design Arena") and "CC BY 4.0" in meta["citations"][0]
    assert meta["as_of"] == {"design-arena-models": "2026-08-28T06:00:00Z"}
    assert meta["link"] == "http://127.0.0.1:8501/?source=design-arena"
    assert meta["generated_at"] == "2026-08-29T12:30:05Z"
    assert export_meta()["link"] is None and export_meta()["generated_at"].endswith("Z")


def test_csv_reads_back_cleanly_with_csv_and_pandas():
    items, board, shown = design_arena_board()
    data = to_csv_bytes(shown, board.columns, meta=META, prices=exact_prices(items))
    assert data.startswith("\ufeff#".encode())  # a BOM for spreadsheets, then the notes
    notes, table = csv_rows(data)
    assert notes[0].startswith("# Source: Design Arena") and "Data as of 2026-08-28" in notes[0]
    assert "# Data as of: design-arena-models 2026-08-28T06:00:00Z" in notes
    assert "# View: http://127.0.0.1:8501/?source=design-arena" in notes
    assert "# Generated: 2026-08-29T12:30:05Z" in notes
    assert len(table) == 5 and all(len(row) == 8 for row in table)  # one rectangle: header and four rows
    assert table[1][:2] == ["1", "a/top"] and table[1][4:] == ["1133", "99.6", "3.00", "15.00"]

    frame = pd.read_csv(io.BytesIO(data), comment="#")
    assert frame.columns.tolist() == headers(board.columns) and len(frame) == 4
    assert frame["Rank"].tolist() == [1, 2, 2, 4] and frame["ELO"].tolist() == [1133, 1100, 1100, 1000]
    assert frame["Win rate"].tolist() == [99.6, 50.0, 50.0, 10.0] and frame["$ in /1M"].tolist() == [3.0] * 4
    assert pd.api.types.is_integer_dtype(frame["ELO"]) and pd.api.types.is_float_dtype(frame["$ in /1M"])


def test_csv_stays_clean_with_hostile_text():
    frame = pd.DataFrame({"model": ["C# coder", "=HYPERLINK(\"http://x\")", 'say "hi", then go', None],
                          "elo": [1200.0, 1100.0, float("nan"), 900.0], "model_permaslug": ["a", "b", "c", "d"]})
    meta = export_meta(["Source: X, =cmd|' /C calc'!A0\nsecond line; @SUM(1)"], {"x": "2026-08-28"}, None, MADE)
    data = to_csv_bytes(frame, ["model", "elo"], meta=meta)
    notes, table = csv_rows(data)
    assert notes[0] == "# Source: X, '=cmd|' /C calc'!A0 second line; '@SUM(1)"  # one line, no formula after a comma
    assert table == [["Model", "ELO"], ["C# coder", "1200"], ["'=HYPERLINK(\"http://x\")", "1100"],
                     ['say "hi", then go', ""], ["", "900"]]
    back = pd.read_csv(io.BytesIO(data), comment="#")  # a "#" inside a quoted name is not a comment
    assert back["Model"].tolist()[:3] == ["C# coder", "'=HYPERLINK(\"http://x\")", 'say "hi", then go']
    assert back["ELO"].isna().tolist() == [False, False, True, False]


def test_the_leaderboard_file_from_real_data(make_layer):
    """The snapshot's Design Arena rows as the page passes them: citation lines from the states."""
    layer = make_layer()
    state = layer.load_dataset("design-arena-models")
    gamedev = tuple(item for item in state.dataset.items if item.category == "gamedev")  # as the query cuts it
    board = build_leaderboard(gamedev, Filters(source="design-arena", category="gamedev"))
    shown, _ = board.rows("rank", True, "", 5)
    meta = export_meta(citation_lines([state]), {state.name: state.as_of}, None, MADE)
    document = json.loads(to_json_bytes(shown, board.columns, meta=meta, prices=exact_prices(state.dataset.items)))
    first = document["rows"][0]
    assert first["Model"] == "MoonshotAI: Kimi K3" and first["ELO"] == 1431 and first["Rank"] == 1
    assert first["$ in /1M"] == "3.00" and first["$ out /1M"] == "15.00"
    assert document["meta"]["citations"] == citation_lines([state])
    assert document["meta"]["as_of"][state.name].startswith("2026-08-28")
    frame = pd.read_csv(io.BytesIO(to_csv_bytes(shown, board.columns, meta=meta)), comment="#")
    assert frame.iloc[0][["Rank", "Model", "ELO"]].tolist() == [1, "MoonshotAI: Kimi K3", 1431]


@pytest.mark.parametrize("writer", [to_csv_bytes, to_json_bytes])
def test_an_empty_view_still_makes_a_file(writer):
    _, board, shown = design_arena_board()
    assert writer(shown.iloc[:0], board.columns, meta=META)
