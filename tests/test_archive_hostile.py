"""The archive against hostile upstreams and folders (issue 21): an `as_of` that changes on every answer (A11),
a folder or file linked out of the archive (A14), more files than are read (A16)."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path

from client.clock import FAKE_START, FakeClock
from service import archive as archive_module
from service.archive import KEEP_EVERY_S, Archive
from tests.conftest import SNAPSHOT_DIR, TEST_KEY, load_after_refresh, plain
from tests.test_dates_window import Upstream

NAME = "artificial-analysis"
GPT = "openai/gpt-5.1-20251113"


def kept(folder: Path) -> list[str]:
    return sorted(p.parent.name for p in folder.rglob(f"{NAME}.json")) if folder.exists() else []


def minutes_from(start) -> callable:
    """A new `as_of` for every answer: one minute later each time."""
    counter = itertools.count()
    return lambda: f"{start + timedelta(minutes=next(counter)):%Y-%m-%dT%H:%M:%SZ}"


# --- A11: an as_of that changes on every answer ---------------------------------------------------------
def test_an_as_of_changing_at_every_answer_keeps_one_edition_until_the_figures_change(newer_api, make_layer,
                                                                                      monkeypatch):
    clock = FakeClock()
    upstream = Upstream(newer_api.stand_in.stored, minutes_from(FAKE_START - timedelta(hours=12)), {GPT: 70.0})
    monkeypatch.setattr(newer_api.stand_in, "stored", upstream)
    layer = make_layer(newer_api, clock=clock, ttl_seconds=60)
    folder = layer.settings.live_archive_dir
    served = []
    for _ in range(8):  # eight refreshes, eight as_of, the same figures (other than the bundled edition's)
        served.append(load_after_refresh(layer, NAME).as_of)
        clock.advance(61)
    assert len(set(served)) == 8 and kept(folder) == ["2026-11-25T00-00-00Z"]  # one edition, the first
    [edition] = [e for e in layer.archive.editions().of(NAME) if e.origin == "archived"]
    assert layer.archive.same_until(edition) == served[-1]  # its latest date noted

    upstream.figures[GPT] = 71.0  # changed figures, within the hour: not yet
    load_after_refresh(layer, NAME)
    assert kept(folder) == ["2026-11-25T00-00-00Z"]
    clock.advance(KEEP_EVERY_S)  # an hour later, still changed: a new edition
    latest = load_after_refresh(layer, NAME).as_of
    assert len(kept(folder)) == 2 and layer.archive.editions().latest(NAME).as_of == latest
    assert [i.intelligence_index for i in layer.archive.editions().latest(NAME).items
            if i.model_permaslug == GPT] == [71.0]

    restarted = make_layer(newer_api, clock=clock, ttl_seconds=60)  # the same figures read back from the file
    clock.advance(61)
    load_after_refresh(restarted, NAME)
    assert len(kept(folder)) == 2


def test_data_and_status_notes_the_latest_date_an_edition_was_published_again(app, newer_api, tmp_path,
                                                                             monkeypatch):
    from service.data import shared_data
    from tests.conftest import settle

    upstream = Upstream(newer_api.stand_in.stored, minutes_from(FAKE_START - timedelta(hours=12)), {GPT: 70.0})
    monkeypatch.setattr(newer_api.stand_in, "stored", upstream)
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    for _ in range(3):  # the TTL runs out three times: three more as_of, the same figures
        shared_data().clear()
        settle(at)
    assert kept(tmp_path / "archive") == ["2026-11-25T00-00-00Z"]
    table = next(d.value for d in at.dataframe if "Kept" in d.value.columns)
    archived = table[table["Kept"] == "archived"]
    assert len(archived) == 1 and archived["Same figures until"].iloc[0] == "2026-11-25 00:03 UTC"


def test_the_same_figures_under_an_older_as_of_are_no_new_edition(tmp_path):
    from dataclasses import replace

    from service.data import BenchmarkData
    from service.settings import Settings

    snapshot = BenchmarkData(Settings()).snapshot(NAME)

    def fetched(when, figure=None):
        items = snapshot.items if figure is None else tuple(
            i.model_copy(update={"intelligence_index": figure}) if i.model_permaslug == GPT else i
            for i in snapshot.items)
        return replace(snapshot, items=items,
                       meta=snapshot.meta.model_copy(update={"as_of": f"{when:%Y-%m-%dT%H:%M:%SZ}"}))

    clock = FakeClock()
    archive = Archive((), tmp_path, clock)
    start = FAKE_START - timedelta(hours=1)
    assert archive.add(fetched(start)) is True
    for days in (5, 10):  # the newest edition's figures again, dated days before it: that edition, not a new one
        clock.advance(KEEP_EVERY_S + 1)
        assert archive.add(fetched(start - timedelta(days=days))) is False
    assert kept(tmp_path) == ["2026-11-25T11-00-00Z"]
    assert Archive((), tmp_path, clock).add(fetched(start - timedelta(days=7))) is False  # its figures read back
    clock.advance(KEEP_EVERY_S + 1)
    assert archive.add(fetched(start - timedelta(days=3), 70.0)) is True  # other figures, dated back: kept
    clock.advance(KEEP_EVERY_S + 1)
    assert archive.add(fetched(start + timedelta(minutes=30), 71.0)) is True
    clock.advance(KEEP_EVERY_S + 1)
    assert archive.add(fetched(start + timedelta(minutes=50), 70.0)) is True  # newer, back to older figures: kept
    assert kept(tmp_path) == ["2026-11-22T11-00-00Z", "2026-11-25T11-00-00Z", "2026-11-25T11-30-00Z",
                              "2026-11-25T11-50-00Z"]


# --- A14: links out of the archive --------------------------------------------------------------------------
def test_a_folder_or_file_linked_out_of_the_archive_is_not_read(tmp_path):
    outside = tmp_path / "elsewhere"
    document = json.loads((SNAPSHOT_DIR / f"{NAME}.json").read_text())
    document["response"]["meta"]["as_of"] = "2026-11-20T06:00:00Z"
    outside.mkdir()
    (outside / f"{NAME}.json").write_text(json.dumps(document))
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "2026-11-20").symlink_to(outside, target_is_directory=True)  # a folder leading out
    (archive / "2026-11-21").mkdir()
    (archive / "2026-11-21" / f"{NAME}.json").symlink_to(outside / f"{NAME}.json")  # a file leading out
    inside = archive / "2026-11-22"
    inside.mkdir()
    document["response"]["meta"]["as_of"] = "2026-11-22T06:00:00Z"
    (inside / "real.json").write_text(json.dumps(document))
    (inside / f"{NAME}.json").symlink_to(inside / "real.json")  # a link that stays inside: read
    held = Archive((), archive, FakeClock()).editions()
    assert [e.as_of for e in held.editions] == ["2026-11-22T06:00:00Z"]
    assert sorted((s.where, s.why) for s in held.skipped) == [
        ("archived: 2026-11-20/artificial-analysis.json", "not read: a symbolic link to a place outside the archive"),
        ("archived: 2026-11-21/artificial-analysis.json", "not read: a symbolic link to a place outside the archive"),
    ]
    assert str(tmp_path) not in " ".join(s.why for s in held.skipped)


# --- A16: more files than are read ----------------------------------------------------------------------------
def tiny_editions(folder: Path, count: int) -> list[str]:
    """`count` small editions, an hour apart (no items: a valid file of a few hundred bytes); their as_of."""
    meta = {"version": "v1", "source": NAME, "source_url": None, "citation": None, "model_count": 0,
            "task_type": None}
    stamps = []
    for hour in range(count):
        stamp = FAKE_START - timedelta(hours=count - hour)
        path = folder / f"{stamp:%Y-%m-%dT%H-%M-%SZ}" / f"{NAME}.json"
        path.parent.mkdir(parents=True)
        stamps.append(f"{stamp:%Y-%m-%dT%H:%M:%SZ}")
        path.write_text(json.dumps({"response": {"data": [], "meta": {**meta, "as_of": stamps[-1]}}}))
    return stamps


def test_past_the_cap_the_newest_are_read_and_the_older_left_out_said(tmp_path, monkeypatch):
    stamps = tiny_editions(tmp_path, 7)
    (tmp_path / "zz-not-a-date").mkdir()  # a folder named otherwise counts as the oldest
    (tmp_path / "zz-not-a-date" / f"{NAME}.json").write_text("{}")
    monkeypatch.setattr(archive_module, "MAX_FILES", 3)
    held = Archive((), tmp_path, FakeClock()).editions()
    assert [e.as_of for e in held.editions] == stamps[-3:]
    assert [(s.where, s.why) for s in held.skipped] == [
        ("archived: 5 older files", "not read: only the newest 3 files of a folder are read (by their folder's date)")]


def test_folders_named_outside_the_date_window_never_push_out_the_newest(tmp_path, monkeypatch):
    stamps = tiny_editions(tmp_path, 4)
    for name in ("2099-01-01T00-00-00Z", "2099-12-31", "2026-11-27", "2019-12-31"):  # 2026-11-27: past a day ahead
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{NAME}.json").write_text("{}")
    monkeypatch.setattr(archive_module, "MAX_FILES", 3)
    held = Archive((), tmp_path, FakeClock()).editions()  # the clock: 2026-11-25
    assert [e.as_of for e in held.editions] == stamps[-3:]
    assert [s.where for s in held.skipped] == ["archived: 5 older files"]


def test_at_the_real_cap_the_newest_edition_is_read(tmp_path):
    assert archive_module.MAX_FILES == 5_000
    stamps = tiny_editions(tmp_path, 5_003)
    held = Archive((), tmp_path, FakeClock()).editions()
    assert len(held.editions) == 5_000 and held.latest(NAME).as_of == stamps[-1]
    assert held.of(NAME)[0].as_of == stamps[3]
    assert [s.where for s in held.skipped] == ["archived: 3 older files"]


def test_data_and_status_says_how_many_older_files_were_left_out(app, newer_api, tmp_path, monkeypatch):
    stamps = tiny_editions(tmp_path / "archive", 12)
    monkeypatch.setattr(archive_module, "MAX_FILES", 9)  # as many as the bundled archive holds: all of it read
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_api.base_url)
    warning = plain(" ".join(w.value for w in at.warning))
    assert "archived: 3 older files: not read: only the newest 9 files of a folder are read" in warning
    assert "bundled" not in warning
    table = next(d.value for d in at.dataframe if "Kept" in d.value.columns)
    archived = table[table["Kept"] == "archived"]
    assert len(archived) == 9 and archived["File"].iloc[-1] == f"archived: {stamps[-1].replace(':', '-')}/{NAME}.json"
