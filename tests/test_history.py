"""The archive over time, on the real bundled editions: rank series, moves, what changed, revisions, identity.

Every expected rank is worked out here from the raw files (models with a strictly better figure, plus one),
not from the code under test.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.filters import Filters
from core.history import (
    LATEST,
    PREVIOUS,
    Editions,
    board_moves,
    build_changes,
    build_model_history,
    find_breaks,
    move_text,
)
from core.identity import related_slugs, release_of, undated_base
from core.leaderboard import build_leaderboard
from service.archive import Archive
from service.snapshot import BUNDLED_ARCHIVE_DIR
from tests.conftest import SNAPSHOT_DIR

AA_FILES = [BUNDLED_ARCHIVE_DIR / "2026-07-12", BUNDLED_ARCHIVE_DIR / "2026-07-14", BUNDLED_ARCHIVE_DIR / "2026-07-22",
            SNAPSHOT_DIR]
DATES = ["2026-07-12", "2026-07-14", "2026-07-22", "2026-08-28"]


@pytest.fixture(scope="module")
def archive() -> Editions:
    return Archive((SNAPSHOT_DIR, BUNDLED_ARCHIVE_DIR), None).editions()


def raw(folder, name="artificial-analysis") -> list[dict]:
    return json.loads((folder / f"{name}.json").read_text())["response"]["data"]


def rank_by_hand(items: list[dict], slug: str, field: str) -> int:
    mine = next(i[field] for i in items if i["model_permaslug"] == slug)
    return 1 + sum(1 for i in items if i.get(field) is not None and i[field] > mine)


def test_the_bundled_archive_holds_four_dates_of_aa_and_da_and_one_of_openrouter(archive):
    assert archive.dates() == [*DATES, "2026-10-08"]
    assert [e.date for e in archive.of("artificial-analysis")] == DATES
    assert [e.date for e in archive.of("design-arena-agents")] == DATES
    assert [e.date for e in archive.of("openrouter")] == ["2026-10-08"]
    assert [len(e.items) for e in archive.of("artificial-analysis")] == [97, 101, 110, 123]
    assert not archive.skipped


def test_a_models_rank_series_is_its_rank_at_every_date(archive):
    slug = "openai/gpt-5.1-20251113"
    history = build_model_history(archive, slug)
    aa = next(s for s in history.by_source if s.source == "artificial-analysis").points
    coding = aa[(aa["measure_id"] == "aa.coding_index") & (aa["model_permaslug"] == slug)]
    assert coding["date"].tolist() == DATES  # one point per date
    assert coding["figure"].tolist() == [49.4] * 4
    expected = [rank_by_hand(raw(folder), slug, "coding_index") for folder in AA_FILES]
    assert coding["rank"].tolist() == expected == [32, 35, 39, 53]
    assert coding["move"].tolist()[1:] == ["▼3", "▼4", "▼14"]
    assert coding["of"].tolist() == [97, 101, 110, 123]


def test_a_date_without_a_figure_is_a_gap_not_a_zero(archive):
    slug = "google/gemma-3n-e4b-it"  # rated by Artificial Analysis in July, gone on 2026-08-28
    aa = next(s for s in build_model_history(archive, slug).by_source if s.source == "artificial-analysis").points
    coding = aa[aa["measure_id"] == "aa.coding_index"].set_index("date")
    assert coding.loc["2026-07-22", "figure"] == 3.2
    assert pd.isna(coding.loc["2026-08-28", "figure"]) and pd.isna(coding.loc["2026-08-28", "rank"])
    intelligence = aa[aa["measure_id"] == "aa.intelligence_index"]
    assert intelligence.empty  # never had an intelligence figure: no line at all


def test_a_new_model_a_removed_model_and_a_price_change_between_the_last_two_editions(archive):
    changes = build_changes(archive, None, None)  # each dataset's previous and newest edition
    aa = {p.dataset: p for p in changes.pairings}["artificial-analysis"]
    assert (aa.then.date, aa.now.date) == ("2026-07-22", "2026-08-28")
    added = changes.added[changes.added["dataset"] == "Artificial Analysis indices"]
    removed = changes.removed[changes.removed["dataset"] == "Artificial Analysis indices"]
    assert "anthropic/claude-opus-5-20260723" in added["model_permaslug"].tolist()
    assert "google/gemma-3n-e4b-it" in removed["model_permaslug"].tolist()
    # The provenance's lists, exactly: 3 AA models of 07-22 are gone on 08-28.
    assert sorted(removed["model_permaslug"]) == ["google/gemma-3n-e4b-it", "inclusionai/ling-2.6-flash-20260421",
                                                  "inclusionai/ring-2.6-1t-20260508"]
    price = changes.prices.set_index("model_permaslug").loc["deepseek/deepseek-v4-pro-20260423"]
    assert (price["input_then"], price["input_now"]) == ("$0.435", "$0.751854")  # exact, per 1M tokens
    assert (price["output_then"], price["output_now"]) == ("$0.87", "$1.503708")
    assert "openai/gpt-5.1-20251113" not in changes.prices["model_permaslug"].tolist()  # same price both dates
    # OpenRouter's evals have one edition: nothing to compare, said, never "165 models added".
    assert {p.dataset: p for p in changes.pairings}["openrouter"].describe().startswith(
        "OpenRouter evals: first archived on 2026-10-08")
    assert not (changes.added["dataset"] == "OpenRouter evals").any()


def test_changes_between_two_given_dates_and_new_top_ones(archive):
    changes = build_changes(archive, "2026-07-12", "2026-08-28")
    added = changes.added[changes.added["dataset"] == "Artificial Analysis indices"]["model_permaslug"].tolist()
    assert "anthropic/claude-opus-5-20260723" in added and "moonshotai/kimi-k3-20260715" in added
    tops = changes.tops.set_index("measure_id")
    assert tops.loc["aa.intelligence_index", "model"] == "Claude Opus 5"
    assert tops.loc["aa.intelligence_index", "before"] == "Anthropic: Claude Fable 5"
    moves = changes.moves
    # First on 07-12, second on 08-28 behind the added Claude Opus 5: among the models rated on both dates it
    # stayed first, so it has no move (see test_moves_are_among_the_models_rated_on_both_dates...).
    then = rank_by_hand(raw(AA_FILES[0]), "anthropic/claude-5-fable-20260609", "intelligence_index")
    now = rank_by_hand(raw(SNAPSHOT_DIR), "anthropic/claude-5-fable-20260609", "intelligence_index")
    assert (then, now) == (1, 2)
    fable = moves[(moves["model_permaslug"] == "anthropic/claude-5-fable-20260609")
                  & (moves["measure_id"] == "aa.intelligence_index")]
    assert fable.empty
    assert moves["places"].abs().is_monotonic_decreasing  # biggest first


def test_the_same_date_on_both_sides_changes_nothing(archive):
    changes = build_changes(archive, "2026-07-22", "2026-07-22")
    assert changes.added.empty and changes.moves.empty and changes.prices.empty
    assert all("no new edition" in p.describe() for p in changes.pairings if p.now is not None)


def test_a_revision_is_found_from_the_data_on_the_real_pair_of_dates(archive):
    history = build_model_history(archive, "openai/gpt-5.1-20251113")
    aa = next(s for s in history.by_source if s.source == "artificial-analysis")
    found = {(b.measure, b.before[:10], b.after[:10], b.kind) for b in aa.breaks}
    assert found == {("aa.intelligence_index", "2026-07-22", "2026-08-28", "revised"),
                     ("aa.agentic_index", "2026-07-22", "2026-08-28", "revised")}  # the coding index never moved
    # Across the break the figures are not compared; the ranks are.
    points = aa.points.set_index(["measure_id", "date"])
    assert pd.isna(points.loc[("aa.intelligence_index", "2026-08-28"), "figure_change"])
    assert points.loc[("aa.intelligence_index", "2026-08-28"), "move"] == "▼14"
    assert points.loc[("aa.coding_index", "2026-08-28"), "figure_change"] == "same"
    assert "revised Intelligence index between 2026-07-22 and 2026-08-28" in aa.breaks[0].describe()


def test_design_arena_elo_drifting_every_day_is_no_revision(archive):
    history = build_model_history(archive, "moonshotai/kimi-k3-20260715")
    da = next(s for s in history.by_source if s.source == "design-arena")
    assert len(da.points) > 10 and not da.breaks


def series(*editions: dict[str, float]) -> list[tuple[str, pd.Series]]:
    return [(f"2026-0{index + 1}-01T00:00:00Z", pd.Series(values)) for index, values in enumerate(editions)]


BASE = {f"m{n}": 20.0 + 5 * n for n in range(10)}


@pytest.mark.parametrize(("after", "kind"), [
    ({k: v * 1.6 for k, v in BASE.items()}, "rescaled"),  # a new scale: spread ×1.6
    ({k: v + 40 for k, v in BASE.items()}, "rescaled"),  # a new zero: shifted by well over the spread
    ({k: v / 2 for k, v in BASE.items()}, "rescaled"),
])
def test_a_synthetic_rescale_is_found(after, kind):
    found = find_breaks(series(BASE, after))
    assert [(b.kind, b.before[:10], b.after[:10]) for b in found] == [(kind, "2026-01-01", "2026-02-01")]


def test_a_synthetic_revision_of_a_still_metric_is_found_and_a_drift_is_not():
    revised = {k: v + (0.5 if int(k[1:]) % 3 else -0.4) for k, v in BASE.items()}  # most move a little
    found = find_breaks(series(BASE, BASE, revised, revised))
    assert [(b.kind, b.after[:10], b.moved, b.common) for b in found] == [("revised", "2026-03-01", 10, 10)]
    drifting = [{k: v + step * (1 if int(k[1:]) % 2 else -1) for k, v in BASE.items()} for step in range(4)]
    assert find_breaks(series(*drifting)) == ()  # every pair moves: no still baseline, no revision
    assert find_breaks(series(BASE, revised)) == ()  # one pair: no baseline to call it a revision
    few = {k: BASE[k] for k in list(BASE)[:4]}
    assert find_breaks(series(few, {k: v * 3 for k, v in few.items()})) == ()  # too few models for a verdict


@pytest.mark.parametrize(("slug", "base", "dated"), [
    ("deepseek/deepseek-v4-flash-20260731", "deepseek/deepseek-v4-flash", True),
    ("deepseek/deepseek-v4-flash-0731", "deepseek/deepseek-v4-flash", True),
    ("openai/gpt-4o-2024-08-06", "openai/gpt-4o", True),
    ("google/gemma-4-26b-a4b-it-20260403:free", "google/gemma-4-26b-a4b-it", True),
    ("anthropic/claude-opus-5", "anthropic/claude-opus-5", False),
    ("meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct", False),
    ("qwen/qwen3-coder-480b-a35b-07-25", "qwen/qwen3-coder-480b-a35b-07-25", False),
])
def test_undated_base(slug, base, dated):
    assert undated_base(slug) == base
    assert (release_of(slug) is not None) == dated


def test_releases_of_one_model_are_shown_side_by_side_never_merged(archive):
    slug = "deepseek/deepseek-v4-flash-20260731"  # new on 08-28; the 0423 release was rated before
    history = build_model_history(archive, slug)
    assert "deepseek/deepseek-v4-flash-20260423" in history.related
    aa = next(s for s in history.by_source if s.source == "artificial-analysis").points
    coding = aa[aa["measure_id"] == "aa.coding_index"]
    mine = coding[coding["model_permaslug"] == slug].dropna(subset=["rank"])
    older = coding[coding["model_permaslug"] == "deepseek/deepseek-v4-flash-20260423"].dropna(subset=["rank"])
    assert mine["date"].tolist() == ["2026-08-28"]  # its own id: one date, not the older release's four
    assert older["date"].tolist() == DATES
    # OpenRouter's search rows name the undated id: related to the dated one, each under its own id.
    assert related_slugs("anthropic/claude-opus-5", ["anthropic/claude-opus-5-20260723", "anthropic/claude-opus-4"]) \
        == ("anthropic/claude-opus-5-20260723",)
    added = build_changes(archive, None, None).added
    notes = added[added["model_permaslug"] == slug]["note"].tolist()  # in AA and in Design Arena
    assert notes and all(n.endswith("deepseek/deepseek-v4-flash-20260423") for n in notes)


@pytest.mark.parametrize(("then", "now", "shown"), [(5, 2, "▲3"), (2, 4, "▼2"), (3, 3, "same"), (None, 1, "new"),
                                                    (4, None, None)])
def test_move_text(then, now, shown):
    assert move_text(then, now) == shown


def test_the_leaderboard_moves_since_the_previous_date_and_since_a_pinned_date(archive):
    filters = Filters()  # Artificial Analysis, ranked by the intelligence index
    latest = archive.latest("artificial-analysis")
    board = build_leaderboard(latest.items, filters)
    now = (("artificial-analysis", latest.as_of),)
    moves = board_moves(board, archive, now, PREVIOUS, filters)
    rows = moves.board.ranked.set_index("model_permaslug")
    assert moves.board.columns[:2] == ["rank", "move"]
    assert rows.loc["anthropic/claude-5-fable-20260609", "move"] == "▼1"  # first on 07-22, second on 08-28
    assert rows.loc["anthropic/claude-opus-5-20260723", "move"] == "new"
    slug = "openai/gpt-5.1-20251113"
    then_rank = rank_by_hand(raw(AA_FILES[2]), slug, "intelligence_index")
    now_rank = rank_by_hand(raw(SNAPSHOT_DIR), slug, "intelligence_index")
    assert rows.loc[slug, "move"] == move_text(then_rank, now_rank) == "▼14"
    assert moves.describe() == ("Move: the rank change since Artificial Analysis indices of 2026-07-22. Artificial "
                                "Analysis revised its Intelligence index in between (2026-07-22 → 2026-08-28): "
                                "the moves compare ranks, not figures.")
    coding = Filters(task_type="coding")  # the coding index was never revised: nothing to say
    described = board_moves(build_leaderboard(latest.items, coding), archive, now, PREVIOUS, coding).describe()
    assert described == "Move: the rank change since Artificial Analysis indices of 2026-07-22."
    pinned = board_moves(board, archive, now, "2026-07-12", filters).board.ranked.set_index("model_permaslug")
    then_rank = rank_by_hand(raw(AA_FILES[0]), slug, "intelligence_index")
    assert pinned.loc[slug, "move"] == move_text(then_rank, now_rank)


def test_design_arena_moves_match_model_and_category(archive):
    filters = Filters(source="design-arena")
    latest = archive.latest("design-arena-models")
    board = build_leaderboard(latest.items, filters)
    moves = board_moves(board, archive, (("design-arena-models", latest.as_of),), PREVIOUS, filters)
    then = raw(AA_FILES[2], "design-arena-models")
    elo_then = {(i["model_permaslug"], i["category"]): i["elo"] for i in then}
    checked = 0
    for row in moves.board.ranked.itertuples():  # every row of every category, worked out from the raw file
        key = (row.model_permaslug, row.category_slug)
        if key in elo_then:
            rank_then = 1 + sum(1 for (_, category), elo in elo_then.items()
                                if category == row.category_slug and elo > elo_then[key])
            assert row.move == move_text(rank_then, row.rank), key
        else:
            assert row.move == "new", key
        checked += 1
    assert checked == 772


def test_with_nothing_earlier_there_are_no_moves(archive):
    filters = Filters(source="openrouter")
    latest = archive.latest("openrouter")
    board = build_leaderboard(latest.items, filters)
    moves = board_moves(board, archive, (("openrouter", latest.as_of),), PREVIOUS, filters)
    assert "move" not in moves.board.columns and not moves.shown
    assert "no earlier archived figures" in moves.describe()


def test_latest_and_previous_are_each_datasets_own(archive):
    pairs = {p.dataset: p for p in build_changes(archive, PREVIOUS, LATEST).pairings}
    assert pairs["openrouter"].now.date == "2026-10-08" and pairs["openrouter"].then is None
    assert pairs["design-arena-models"].then.date == "2026-07-22"


def rank_among(items: list[dict], slug: str, field: str, common: set[str]) -> int:
    """The rank among the models of `common` only, worked out from the raw file."""
    mine = next(i[field] for i in items if i["model_permaslug"] == slug)
    return 1 + sum(1 for i in items if i["model_permaslug"] in common and i[field] > mine)


def test_moves_are_among_the_models_rated_on_both_dates_risers_and_fallers_apart(archive):
    from core.history import fallers, risers

    changes = build_changes(archive, "2026-07-12", "2026-08-28")
    field, then_items, now_items = "intelligence_index", raw(AA_FILES[0]), raw(SNAPSHOT_DIR)
    rated = [{i["model_permaslug"] for i in items if i.get(field) is not None} for items in (then_items, now_items)]
    common = rated[0] & rated[1]
    assert len(rated[1] - rated[0]) > 20  # many models added since: they must not push the others down
    expected = {}
    for slug in common:
        then, now = rank_among(then_items, slug, field, common), rank_among(now_items, slug, field, common)
        if then != now:
            expected[slug] = (then, now, then - now)
    moves = changes.moves[changes.moves["measure_id"] == "aa.intelligence_index"]
    assert {row.model_permaslug: (row.rank_then, row.rank_now, row.places) for row in moves.itertuples()} == expected
    assert "anthropic/claude-5-fable-20260609" not in moves["model_permaslug"].tolist()  # first of the common set
    up, down = risers(moves), fallers(moves)
    assert len(up) and len(down) and len(up) + len(down) == len(moves)
    assert (up["places"] > 0).all() and up["places"].is_monotonic_decreasing and up["move"].str.startswith("▲").all()
    assert (down["places"] < 0).all() and down["places"].is_monotonic_increasing


def test_all_sources_moves_say_nothing_was_compared_for_a_model_only_a_source_without_history_rates(archive):
    from core.catalogue import ALL

    filters = Filters(source=ALL)
    latest = [archive.latest(name) for name in archive.datasets()]
    board = build_leaderboard(archive.items_of(latest), filters)
    now = tuple((e.dataset, e.as_of) for e in latest)
    moves = board_moves(board, archive, now, PREVIOUS, filters)
    rows = moves.board.ranked
    then = {s for e in (archive.before(n, a) for n, a in now) if e is not None for s in e.names}
    # Rated only by OpenRouter's evals (one edition, nothing earlier), and by no other source then either.
    only_openrouter = rows[(rows["coverage"] == "OR") & ~rows["model_permaslug"].isin(then)]
    assert len(only_openrouter) > 5
    assert only_openrouter["move"].isna().all(), only_openrouter["move"].value_counts()  # shown "—", never "same"
    compared_now = {s for n, a in now if archive.before(n, a) is not None for s in archive.find(n, a).names}
    fresh = rows[rows["model_permaslug"].isin(compared_now - then)]
    assert len(fresh) and (fresh["move"] == "new").all()  # new where a compared source rates it first now
    assert "OpenRouter evals: no earlier archived figures; a model only it rates has no move (—)." in moves.describe()


def test_the_history_files_write_each_figure_as_a_number_at_the_precision_shown(archive):
    import csv

    from core.exports import export_meta, to_csv_bytes, to_json_bytes
    from ui.history import FILE_COLUMNS

    history = build_model_history(archive, "moonshotai/kimi-k3-20260715")
    parts = {s.source: s.rated for s in history.by_source}
    da, aa = parts["design-arena"], parts["artificial-analysis"]
    lines = to_csv_bytes(da, FILE_COLUMNS, meta=export_meta()).decode("utf-8-sig").splitlines()
    table = [line for line in lines if not line.startswith("#")]
    header = next(csv.reader(table[:1]))
    assert header.count("Figure") == 1
    at = header.index("Figure")
    gamedev = [line for line in table if '"ELO · Game dev (Models)","2026-08-28"' in line]
    assert len(gamedev) == 1 and next(csv.reader(gamedev))[at] == "1431"
    assert ",1431," in gamedev[0] and '"1,431"' not in gamedev[0]  # a number, bare: not quoted text
    rows = json.loads(to_json_bytes(aa, FILE_COLUMNS, meta=export_meta()))["rows"]
    figures = [r["Figure"] for r in rows]
    assert figures and all(isinstance(f, int | float) for f in figures)  # an index to one decimal, as shown
    assert figures == [round(f, 1) for f in figures]
