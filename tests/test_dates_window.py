"""Dates from outside (issue 21, A1 and A12): every `as_of` that enters (an API answer, the disk cache, a Redis
copy, an archive file) must lie in one stated window, 2020-01-01 to a day ahead of the clock, or it is refused
with a reason; nothing derived from a date can overflow, and good data held is kept."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from client.clock import FakeClock
from service.archive import Archive
from service.states import Freshness
from tests.conftest import SNAPSHOT_DIR, TEST_KEY, load_after_refresh, plain

NAME = "artificial-analysis"
BAD = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2999-01-01T00:00:00Z"]
REASONS = {"0001-01-01T00:00:00+05:00": "before 2020-01-01", "9999-12-31T23:59:59-05:00": "too far in the future",
           "2999-01-01T00:00:00Z": "too far in the future", "2019-12-31T23:59:59Z": "before 2020-01-01"}


class Upstream:
    """The stand-in's stored data answered with another `as_of` (a callable: one per answer) and, optionally,
    some figures changed: an upstream the test controls, served over real HTTP."""

    def __init__(self, stored, as_of, figures: dict[str, float] | None = None) -> None:
        self.stored, self.as_of, self.figures = stored, as_of, dict(figures or {})
        self.sources = stored.sources

    def answer(self, query, *, cut: bool = True) -> dict:
        body = self.stored.answer(query, cut=cut)
        body = {"data": copy.deepcopy(body["data"]), "meta": dict(body["meta"])}
        if body["meta"].get("source") == NAME:
            body["meta"]["as_of"] = self.as_of() if callable(self.as_of) else self.as_of
            for item in body["data"]:
                if item.get("model_permaslug") in self.figures:
                    item["intelligence_index"] = self.figures[item["model_permaslug"]]
        return body


def archive_file(folder: Path, as_of: str, day: str = "2026-11-20") -> Path:
    document = json.loads((SNAPSHOT_DIR / f"{NAME}.json").read_text())
    document["response"]["meta"]["as_of"] = as_of
    path = folder / day / f"{NAME}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


# --- the one window ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [*BAD[:2], "0001-01-01", "2019-12-31T23:59:59Z", "9999-12-31", "nonsense", ""])
def test_parse_stamp_never_gives_a_time_outside_the_years_believed(value):
    from core.history import parse_stamp

    assert parse_stamp(value) is None


def test_parse_stamp_gives_utc_instants_that_every_use_can_handle():
    from core.history import parse_stamp

    stamp = parse_stamp("2026-10-08T23:19:46.552+02:00")
    assert stamp.utcoffset() == timedelta(0) and stamp == datetime(2026, 10, 8, 21, 19, 46, 552000, tzinfo=UTC)
    assert parse_stamp("2026-07-12") == datetime(2026, 7, 12, tzinfo=UTC)


def test_check_stamp_is_the_window_with_its_reason():
    from core.history import AHEAD, EARLIEST, check_stamp

    now = FakeClock().now()
    assert datetime(2020, 1, 1, tzinfo=UTC) == EARLIEST and timedelta(days=1) == AHEAD
    assert check_stamp("2020-01-01T00:00:00Z", now) == EARLIEST
    assert check_stamp((now + AHEAD).isoformat(), now) == now + AHEAD  # the window's end is in it
    for value, why in [*REASONS.items(), ((now + AHEAD + timedelta(seconds=1)).isoformat(), "too far in the future"),
                       ("yesterday", "not a time")]:
        with pytest.raises(ValueError, match=why):
            check_stamp(value, now)


# --- archive files ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("as_of", [*REASONS, "ahead"])
def test_an_archive_file_dated_outside_the_window_is_skipped_with_its_reason(tmp_path, as_of):
    clock = FakeClock()
    if as_of == "ahead":  # two days ahead: within the week the archive allowed before, not within the window
        as_of = (clock.now() + timedelta(days=2)).isoformat()
    archive_file(tmp_path, as_of)
    within = archive_file(tmp_path, (clock.now() + timedelta(hours=12)).isoformat(), day="2026-11-25")
    held = Archive((), tmp_path, clock).editions()
    assert [e.where for e in held.editions] == ["archived: 2026-11-25/artificial-analysis.json"] and within.exists()
    [skipped] = held.skipped
    assert skipped.where == "archived: 2026-11-20/artificial-analysis.json"
    assert REASONS.get(as_of, "too far in the future") in skipped.why
    assert [e.date for e in held.editions] == ["2026-11-26"]


@pytest.mark.parametrize("as_of", BAD)
def test_every_page_renders_over_an_archive_file_dated_outside_the_window(app, newer_api, tmp_path, monkeypatch,
                                                                          as_of):
    archive_file(tmp_path / "archive", as_of)
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    live = {"key": TEST_KEY, "base_url": newer_api.base_url}
    board = app(**live)
    assert not board.exception and board.title[0].value.startswith("Leaderboard")
    assert len(board.dataframe[0].value) > 10
    model = app({"model": "openai/gpt-5.1-20251113"}, page="app_pages/model.py", **live)
    assert not model.exception and "Over time" in [h.value for h in model.header]
    changes = app(page="app_pages/changes.py", **live)
    assert not changes.exception and changes.title[0].value == "What changed"
    status = app(page="app_pages/status.py", **live)
    assert not status.exception
    warning = plain(" ".join(w.value for w in status.warning))
    assert "archived: 2026-11-20/artificial-analysis.json" in warning and REASONS[as_of] in warning
    table = next(d.value for d in status.dataframe if "Kept" in d.value.columns)
    assert as_of not in set(table["As of"])


# --- API answers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("as_of", BAD)
def test_an_answer_dated_outside_the_window_is_refused_and_the_data_held_kept(newer_api, make_layer, monkeypatch,
                                                                               as_of):
    clock = FakeClock()
    layer = make_layer(newer_api, clock=clock, ttl_seconds=60)
    before = layer.load_dataset(NAME)
    assert before.state is Freshness.LIVE and before.as_of == "2026-08-28T18:19:35.242Z"
    monkeypatch.setattr(newer_api.stand_in, "stored", Upstream(newer_api.stand_in.stored, as_of,
                                                               {"openai/gpt-5.1-20251113": 70.0}))
    clock.advance(61)
    state = load_after_refresh(layer, NAME)
    assert state.state is Freshness.STALE and state.dataset is before.dataset  # the data held, kept
    from core.freshness import describe_failure

    said = describe_failure(state.failure)
    assert as_of in said and REASONS[as_of] in said and "refused" in said
    archived = layer.settings.live_archive_dir
    assert not archived.exists() or not list(archived.rglob("*.json"))  # nothing archived
    cached = json.loads((layer.settings.cache_dir / f"{NAME}.json").read_text())
    assert cached["response"]["meta"]["as_of"] == "2026-08-28T18:19:35.242Z"


def test_live_data_of_2999_is_never_shown(app, newer_api, monkeypatch):
    monkeypatch.setattr(newer_api.stand_in, "stored", Upstream(newer_api.stand_in.stored, "2999-01-01T00:00:00Z"))
    at = app(key=TEST_KEY, base_url=newer_api.base_url)
    shown = plain(" ".join(e.value for e in [*at.caption, *at.markdown, *at.sidebar.caption, *at.sidebar.markdown]))
    assert "of 2999" not in shown and not at.exception  # never "Live data of 2999-01-01"
    assert "The API's answer was refused: as_of '2999-01-01T00:00:00Z' is too far in the future" in shown
    status = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    rows = next(d.value for d in status.dataframe if "Last error" in d.value.columns).set_index("Dataset")
    assert rows.loc["Artificial Analysis indices", "As of"].startswith("2026-08-28")  # the bundled snapshot's
    assert "too far in the future" in rows.loc["Artificial Analysis indices", "Last error"]


# --- the disk cache and Redis copies ----------------------------------------------------------------------
@pytest.mark.parametrize("as_of", BAD)
def test_a_cache_file_dated_outside_the_window_is_refused(tmp_path, as_of):
    from dataclasses import replace

    from service.data import BenchmarkData
    from service.settings import Settings
    from service.store import REJECTED_SUFFIX, DiskStore

    clock = FakeClock()
    held = BenchmarkData(Settings()).snapshot(NAME)
    store = DiskStore(tmp_path)
    store.save(replace(held, meta=held.meta.model_copy(update={"as_of": as_of}), fetched_at=clock.now()))
    assert store.load(NAME, clock.now()) is None
    assert (tmp_path / f"{NAME}.json{REJECTED_SUFFIX}").exists()
    store.save(replace(held, fetched_at=clock.now()))
    assert len(store.load(NAME, clock.now()).items) == 123  # the next good one serves


def test_a_redis_copy_dated_outside_the_window_is_not_believed():
    from dataclasses import replace

    import redis as client

    from service.data import BenchmarkData
    from service.settings import Settings
    from service.shared_datasets import SharedDatasets
    from tests.redis_server import redis_server

    clock = FakeClock()
    held = BenchmarkData(Settings()).snapshot(NAME)
    with redis_server() as server:
        shared = SharedDatasets(client.Redis.from_url(server.url), clock)
        for as_of in BAD:
            shared.put(replace(held, meta=held.meta.model_copy(update={"as_of": as_of}), fetched_at=clock.now()))
            assert shared.latest(NAME, clock.now()) is None
        shared.put(replace(held, fetched_at=clock.now()))
        assert len(shared.latest(NAME, clock.now()).items) == 123


# --- a date that names no zone (issue 21, A1/A12) ---------------------------------------------------------
@pytest.mark.parametrize("as_of", ["2026-01-01T00:00:00", "2026-01-01\u0000T00"])  # the second cleaned to T00
def test_the_model_page_draws_an_archive_file_dated_without_a_zone(app, newer_api, tmp_path, monkeypatch, as_of):
    archive_file(tmp_path / "archive", as_of, day="2026-01-01")
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    model = app({"model": "openai/gpt-5-2025-08-07"}, page="app_pages/model.py", key=TEST_KEY,
                base_url=newer_api.base_url)
    assert not model.exception and "Over time" in [h.value for h in model.header]
    chart = next(c for c in model.get("plotly_chart") if "Intelligence index" in c.proto.spec)
    dates = {x[:10] for t in json.loads(chart.proto.spec)["data"] for x in t["x"]}
    assert "2026-01-01" in dates  # the zone-less edition drawn, in UTC


def test_the_model_page_draws_a_live_answer_dated_without_a_zone(app, newer_api, tmp_path, monkeypatch):
    items = json.loads((SNAPSHOT_DIR / f"{NAME}.json").read_text())["response"]["data"]
    halved = {i["model_permaslug"]: i["intelligence_index"] / 2 for i in items if i.get("intelligence_index")}
    # a rescale: a break drawn between the dates
    monkeypatch.setattr(newer_api.stand_in, "stored", Upstream(newer_api.stand_in.stored, "2026-11-24T00:00:00",
                                                               halved))
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    model = app({"model": "openai/gpt-5.1-20251113"}, page="app_pages/model.py", key=TEST_KEY,
                base_url=newer_api.base_url)
    assert not model.exception and "Over time" in [h.value for h in model.header]
    assert [p.parent.name for p in (tmp_path / "archive").rglob(f"{NAME}.json")] == ["2026-11-24T00-00-00Z"]
    chart = next(c for c in model.get("plotly_chart") if "Intelligence index" in c.proto.spec)
    trace = next(t for t in json.loads(chart.proto.spec)["data"] if t["name"] == "Intelligence index")
    assert trace["x"][-1].startswith("2026-11-24") and trace["y"][-1] == 53  # rated as before, on a new scale
    assert "rescaled" in [a["text"] for a in json.loads(chart.proto.spec)["layout"]["annotations"]]
