"""The pages of the archive, as AppTest runs them on the bundled snapshot and archive (no key)."""

from __future__ import annotations

import json
import re

import pandas as pd

from tests.conftest import plain

MODEL = "app_pages/model.py"
CHANGES = "app_pages/changes.py"


def chart_traces(at, containing: str) -> list[dict]:
    chart = next(c for c in at.get("plotly_chart") if containing in c.proto.spec)
    return json.loads(chart.proto.spec)["data"]


def texts(at) -> str:
    return " ".join(plain(e.value) for e in [*at.caption, *at.markdown, *at.info, *at.warning])


def test_the_model_page_of_a_model_on_every_date_shows_one_point_per_date(app):
    at = app({"model": "openai/gpt-5.1-20251113"}, page=MODEL)
    assert not at.exception
    assert "Over time" in [h.value for h in at.header]
    traces = {t["name"]: t for t in chart_traces(at, "Coding index")}
    coding = traces["Coding index"]
    assert [y for y in coding["y"] if y is not None] == [32, 35, 39, 53]  # ranks at 07-12, 07-14, 07-22, 08-28
    assert [x[:10] for x in coding["x"]] == ["2026-07-12", "2026-07-14", "2026-07-22", "2026-08-28"]
    layout = json.loads(next(c for c in at.get("plotly_chart") if "Coding index" in c.proto.spec).proto.spec)["layout"]
    low, high = layout["yaxis"]["range"]
    assert low > high and 0 < high < 1 and low > 53  # reversed: best (1) at the top, the worst rank shown in view
    assert "revised: Intelligence index; revised: Agentic index" in json.dumps(layout["annotations"])
    assert layout["yaxis"]["tick0"] == 1 and layout["yaxis"]["dtick"] >= 1  # whole ranks only
    said = texts(at)
    assert "Artificial Analysis revised Intelligence index between 2026-07-22 and 2026-08-28" in said
    table = next(d.value for d in at.dataframe if "figure_change" in d.value.columns)
    intelligence = table[table["measure"] == "Intelligence index"].set_index("date")
    assert pd.isna(intelligence.loc["2026-08-28", "figure_change"])  # not compared across the revision
    assert intelligence.loc["2026-07-22", "figure_change"] == "same"
    assert intelligence.loc["2026-08-28", "move"] == "▼14"


def test_the_history_shows_one_source_at_a_time_chosen_in_the_link(app):
    at = app({"model": "moonshotai/kimi-k3-20260715", "history": "design-arena"}, page=MODEL)
    assert at.segmented_control(key="history--shown").value == "design-arena"
    names = [t["name"] for t in chart_traces(at, "ELO")]
    assert "ELO · Game dev (Models)" in names and not any("Intelligence" in n for n in names)
    assert len(at.get("plotly_chart")) == 1
    at = app({"model": "moonshotai/kimi-k3-20260715"}, page=MODEL)  # by default the first source that rates it
    assert at.segmented_control(key="history--shown").value == "artificial-analysis"
    at = app({"model": "google/gemma-3n-e4b-it", "history": "openrouter"}, page=MODEL)
    assert "Not rated by OpenRouter evals on any archived date." in texts(at)


def test_a_model_only_in_the_archive_has_its_page_and_history(app):
    at = app({"model": "google/gemma-3n-e4b-it"}, page=MODEL)
    assert not at.exception and not at.warning  # a known value: no "ignored" note
    assert plain(at.title[0].value) == "Google: Gemma 3n 4B"
    assert "not in today's figures" in plain(at.caption[0].value)
    coding = {t["name"]: t for t in chart_traces(at, "Coding index")}["Coding index"]
    assert coding["y"][:3] != [None, None, None] and coding["y"][-1] is None  # a gap on 08-28, not a zero


def test_an_undated_id_shows_its_dated_release_beside_it(app):
    at = app({"model": "anthropic/claude-opus-5", "history": "openrouter"}, page=MODEL)
    assert "anthropic/claude-opus-5-20260723" in texts(at)
    names = [t["name"] for t in chart_traces(at, "GPQA Diamond")]
    assert "GPQA Diamond · anthropic/claude-opus-5-20260723" in names  # its own line, dashed
    dashed = next(t for t in chart_traces(at, "GPQA Diamond") if t["name"].endswith("-20260723"))
    assert dashed["line"]["dash"] == "dash"


def test_the_leaderboard_shows_each_rows_move_and_the_link_pins_the_date(app):
    at = app()
    table = at.dataframe[0].value.set_index("model")
    assert list(at.dataframe[0].value.columns[:3]) == ["rank", "move", "intelligence_index"]
    assert table.loc["Anthropic: Claude Fable 5", "move"] == "▼1"
    assert table.loc["Claude Opus 5", "move"] == "new"
    assert "since Artificial Analysis indices of 2026-07-22" in texts(at)

    at = app({"since": "2026-07-12"})
    assert at.selectbox(key="since--shown").value == "2026-07-12"
    assert "since Artificial Analysis indices of 2026-07-12" in texts(at)
    assert at.dataframe[0].value.set_index("model").loc["OpenAI: GPT-5.1", "move"] == "▼20"

    at = app({"since": "1999-01-01"})
    assert "Ignored since='1999-01-01'" in texts(at)
    assert "since Artificial Analysis indices of 2026-07-22" in texts(at)


def test_the_leaderboard_of_design_arena_moves_per_category(app):
    at = app({"source": "design-arena", "category": "gamedev"})
    table = at.dataframe[0].value
    assert {"move", "model"} <= set(table.columns) and table["move"].notna().all()
    assert "since Design Arena models ratings of 2026-07-22" in texts(at)


def test_what_changed_between_two_given_dates_lists_a_known_new_model(app):
    at = app({"from": "2026-07-12", "to": "2026-08-28"}, page=CHANGES)
    assert not at.exception
    added = next(d.value for d in at.dataframe if "note" in d.value.columns and "model_permaslug" in d.value.columns)
    assert "anthropic/claude-opus-5-20260723" in added["model_permaslug"].tolist()
    assert "Artificial Analysis indices: 2026-07-12 → 2026-08-28." in texts(at)
    assert re.search(r"\*\*\d+\*\* models added · \*\*5\*\* removed", " ".join(m.value for m in at.markdown))
    prices = next(d.value for d in at.dataframe if "input_then" in d.value.columns)
    row = prices.set_index("model").loc["DeepSeek: DeepSeek V4 Pro 0423"]  # its name on the later date
    assert (row["input_then"], row["input_now"]) == ("$0.435", "$0.751854")
    assert at.get("download_button")  # downloadable like every table


def test_what_changed_by_default_compares_each_sources_last_two_editions(app):
    at = app(page=CHANGES)
    said = texts(at)
    assert "Artificial Analysis indices: 2026-07-22 → 2026-08-28." in said
    assert "OpenRouter evals: first archived on 2026-10-08" in said
    assert "Artificial Analysis revised Intelligence index" in said
    moves = next(d.value for d in at.dataframe if "rank_then" in d.value.columns)
    assert moves["move"].str.match(r"^[▲▼]\d+$").all()


def test_what_changed_with_the_dates_the_wrong_way_round_says_so_and_swaps_them(app):
    at = app({"from": "2026-08-28", "to": "2026-07-12"}, page=CHANGES)
    said = texts(at)
    assert "compared the other way round" in said and "2026-07-12 → 2026-08-28" in said



def test_data_and_status_lists_the_archive(app):
    at = app(page="app_pages/status.py")
    archive = next(d.value for d in at.dataframe if "Kept" in d.value.columns)
    assert len(archive) == 13 and set(archive["Kept"]) == {"bundled"}
    assert "13 editions on 5 dates" in texts(at)


def test_what_changed_shows_risers_and_fallers_apart_among_the_models_on_both_dates(app):
    at = app({"from": "2026-07-12"}, page=CHANGES)
    assert not at.exception
    heads = [plain(h.value) for h in at.subheader]
    assert "Biggest risers" in heads and "Biggest fallers" in heads and "Biggest rank moves" not in heads
    up, down = [d.value for d in at.dataframe if "rank_then" in d.value.columns]
    assert len(up) and up["move"].str.match(r"^▲\d+$").all()  # 48 models were added: risers there are
    assert len(down) and down["move"].str.match(r"^▼\d+$").all()
    assert "Ranks among the models rated on both dates" in texts(at)


def test_all_sources_shows_no_move_for_a_model_only_a_source_without_history_rates(app):
    at = app({"source": "*"})
    assert not at.exception
    table = at.dataframe[0].value
    only_openrouter = table[table["coverage"] == "OR"]
    assert len(only_openrouter) and "same" not in only_openrouter["move"].tolist()
    assert only_openrouter["move"].isna().any()  # the grid shows "—"
    assert "OpenRouter evals: no earlier archived figures; a model only it rates has no move (—)." in texts(at)
