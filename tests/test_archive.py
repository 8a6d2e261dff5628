"""The archive on disk: write-once editions, safe with several writers, hostile files skipped and reported,
and live data growing it through the data service (the stand-in over real HTTP)."""

from __future__ import annotations

import json
import math
import multiprocessing
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from client.clock import FakeClock
from fake_openrouter import Limits, Server
from service.archive import RESCAN_S, Archive, folder_name
from service.data import BenchmarkData
from service.datasets import datasets
from service.settings import Settings
from service.snapshot import BUNDLED_ARCHIVE_DIR
from tests.conftest import SNAPSHOT_DIR, TEST_KEY, admin, plain

NEW_AS_OF = "2026-11-20T06:00:00Z"


def meta(**changes) -> dict:
    return {"as_of": NEW_AS_OF, "version": "v1", "source": "artificial-analysis", "source_url": None,
            "citation": None, "model_count": 0, "task_type": None, **changes}


def snapshot_dataset(name: str = "artificial-analysis"):
    return BenchmarkData(Settings()).snapshot(name)


def with_as_of(dataset, as_of: str):
    return replace(dataset, meta=dataset.meta.model_copy(update={"as_of": as_of}))


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def test_a_new_as_of_is_written_once_and_never_edited(tmp_path):
    archive = Archive((), tmp_path)
    fresh = with_as_of(snapshot_dataset(), NEW_AS_OF)
    assert archive.add(fresh) is True
    [path] = entries(tmp_path)
    assert path == tmp_path / "2026-11-20T06-00-00Z" / "artificial-analysis.json"
    before = (path.stat().st_mtime_ns, path.read_bytes())
    assert archive.add(fresh) is False  # the same as_of again: nothing written
    changed = replace(fresh, items=fresh.items[:3])  # other figures under the same as_of: still never edited
    assert Archive((), tmp_path).add(changed) is False
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    edition = Archive((), tmp_path).editions().find("artificial-analysis", NEW_AS_OF)
    assert edition is not None and len(edition.items) == len(fresh.items) and edition.origin == "archived"


def test_an_as_of_the_bundled_archive_holds_is_not_written_again(tmp_path):
    archive = Archive((SNAPSHOT_DIR, BUNDLED_ARCHIVE_DIR), tmp_path)
    assert archive.add(snapshot_dataset()) is False  # 2026-08-28 ships with the app
    assert entries(tmp_path) == []


def _write_in_process(folder: str, items: int, barrier) -> None:
    archive = Archive((), Path(folder))
    dataset = with_as_of(snapshot_dataset(), NEW_AS_OF)
    dataset = replace(dataset, items=dataset.items[:items])
    barrier.wait()
    archive.add(dataset)


def test_several_processes_writing_one_as_of_leave_one_whole_file(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(6)
    workers = [context.Process(target=_write_in_process, args=(str(tmp_path), 10 + n, barrier)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert [p.name for p in entries(tmp_path)] == ["artificial-analysis.json"]
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]  # no temporary file left behind
    document = json.loads(entries(tmp_path)[0].read_text())
    assert len(document["response"]["data"]) in range(10, 16)  # one writer's whole file, not a mix


@pytest.mark.parametrize(("content", "why"), [
    ("{not json", "JSONDecodeError"),
    (json.dumps({"response": {"data": [], "meta": meta(as_of="yesterday")}}), "not a time"),
    (json.dumps({"response": {"data": [], "meta": meta(as_of="2099-01-01T00:00:00Z")}}), "far in the future"),
    (json.dumps({"response": {"data": [], "meta": {"as_of": NEW_AS_OF}}}), "meta.version: Field required"),
    (json.dumps({"response": {"data": "x", "meta": meta()}}), "no 'data' list"),
    (json.dumps({"dataset": "design-arena-models", "response": {"data": [], "meta": meta()}}),
     "not 'artificial-analysis'"),
    (json.dumps({"response": {"data": [], "meta": meta(source="design-arena")}}), "holds source"),
    (json.dumps({"response": {"data": [], "meta": meta(source=None)}}), "holds source 'None'"),
    (json.dumps({"response": {"data": [{"source": "openrouter", "model_permaslug": "x/y"}], "meta": meta()}}),
     "1 of 1 items belong to another dataset"),
    ("[]", "no 'data' list"),
])
def test_a_corrupt_entry_is_skipped_and_reported_and_left_as_it_is(tmp_path, content, why):
    bad = tmp_path / "2026-11-20" / "artificial-analysis.json"
    bad.parent.mkdir()
    bad.write_text(content)
    held = Archive((SNAPSHOT_DIR, BUNDLED_ARCHIVE_DIR), tmp_path).editions()
    assert [e.date for e in held.of("artificial-analysis")] == ["2026-07-12", "2026-07-14", "2026-07-22",
                                                                 "2026-08-28"]  # the good ones all kept
    [skipped] = held.skipped
    assert skipped.where == "archived: 2026-11-20/artificial-analysis.json" and why in skipped.why  # no server path
    assert bad.read_text() == content  # never moved or edited


def test_hostile_items_pass_the_same_boundary_as_an_api_answer(tmp_path):
    good = json.loads((SNAPSHOT_DIR / "artificial-analysis.json").read_text())
    good["response"]["meta"]["as_of"] = NEW_AS_OF
    data = good["response"]["data"]
    data[0]["intelligence_index"] = 1e308 * 10  # inf once parsed: not a finite number in range
    data[1]["display_name"] = "Evil\x1b[31m <a href='https://x.example'>click</a>"
    path = tmp_path / "x" / "artificial-analysis.json"
    path.parent.mkdir()
    path.write_text(json.dumps(good).replace("Infinity", "1e999"))
    edition = Archive((), tmp_path).editions().find("artificial-analysis", NEW_AS_OF)
    assert len(edition.items) >= len(data) - 1  # the rest of the edition is kept
    assert all(i.intelligence_index is None or math.isfinite(i.intelligence_index) for i in edition.items)
    second = next(i for i in edition.items if i.model_permaslug == data[1]["model_permaslug"])
    assert "\x1b" not in second.display_name


def test_another_processes_entry_is_seen_after_the_rescan_interval(tmp_path):
    clock = FakeClock()
    reader = Archive((), tmp_path, clock)
    assert reader.editions().editions == ()
    Archive((), tmp_path).add(with_as_of(snapshot_dataset(), NEW_AS_OF))
    held = reader.editions()
    assert held.editions == () and reader.editions() is held  # unchanged object within the interval
    clock.advance(RESCAN_S + 1)
    assert [e.as_of for e in reader.editions().editions] == [NEW_AS_OF]


def test_an_archive_folder_that_cannot_be_written_is_reported_and_serving_goes_on(tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the folder should be")  # fails for root too, unlike a read-only mode
    archive = Archive((SNAPSHOT_DIR,), folder)
    changed = with_as_of(snapshot_dataset(), NEW_AS_OF)
    assert archive.add(replace(changed, items=changed.items[:5])) is False  # other figures than the bundled ones
    held = archive.editions()
    assert "could not be written" in held.skipped[0].why and len(held.editions) == 4  # the bundled ones


def test_folder_names_are_safe_and_distinct():
    from core.history import parse_stamp

    assert folder_name(parse_stamp("2026-11-20T06:00:00Z")) == "2026-11-20T06-00-00Z"
    assert folder_name(parse_stamp("2026-10-08T23:19:46.552Z")) == "2026-10-08T23-19-46.552Z"
    assert folder_name(parse_stamp("2026-10-08T23:19:46.552+02:00")) != folder_name(
        parse_stamp("2026-10-08T23:19:46.552Z"))


# --- live data grows the archive --------------------------------------------------------------------------
@pytest.fixture
def newer_edition_api(tmp_path):
    """The stand-in serving the snapshot under a new `as_of`, with one figure changed."""
    served = tmp_path / "served"
    served.mkdir()
    for path in SNAPSHOT_DIR.glob("*.json"):
        document = json.loads(path.read_text())
        document["response"]["meta"]["as_of"] = NEW_AS_OF
        if path.stem == "artificial-analysis":
            for item in document["response"]["data"]:
                if item["model_permaslug"] == "openai/gpt-5.1-20251113":
                    item["intelligence_index"] = 70.0  # now first
        (served / path.name).write_text(json.dumps(document))
    with Server(data_dir=served, limits=Limits(all_when_omitted=True)) as server:
        yield server


def test_a_new_as_of_from_the_api_becomes_one_archive_entry_however_many_sessions_ask(newer_edition_api, tmp_path):
    settings = Settings(api_key=TEST_KEY, base_url=newer_edition_api.base_url, cache_dir=tmp_path / "cache",
                        archive_dir=tmp_path / "archive")
    replicas = [BenchmarkData(settings) for _ in range(3)]  # three processes' layers sharing one archive folder
    start = threading.Barrier(30)

    def session(n: int) -> None:
        start.wait()
        replicas[n % 3].load_every_dataset()

    threads = [threading.Thread(target=session, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(layer.wait_for_loads(30) for layer in replicas)
    written = entries(tmp_path / "archive")
    assert [p.parent.name for p in written] == ["2026-11-20T06-00-00Z"] * len(written)
    # Design Arena's figures are those of the bundled edition: that edition again, not a new one (issue 21, A11);
    # OpenRouter's evals lack the run configs the app does not ask for
    assert sorted(p.stem for p in written) == ["artificial-analysis", "openrouter"]
    # one request per dataset per layer (its single flight), whatever the sessions; the empty builders arena
    # is fetched but is no edition
    assert admin(newer_edition_api, "/_admin/stats")["requests_total"] == 3 * len(datasets())
    stamps = {p: p.stat().st_mtime_ns for p in written}

    replicas[0].clear()  # its TTL ran out: fetched again, same as_of: nothing more written
    replicas[0].load_every_dataset()
    assert replicas[0].wait_for_loads(30)
    assert {p: p.stat().st_mtime_ns for p in entries(tmp_path / "archive")} == stamps

    held = Archive((settings.snapshot_dir, settings.bundled_archive_dir), settings.archive_dir).editions()
    assert [e.date for e in held.of("artificial-analysis")][-2:] == ["2026-08-28", "2026-11-20"]


def test_live_editions_reach_the_leaderboard_and_the_model_page(app, newer_edition_api, tmp_path, monkeypatch):
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    at = app(key=TEST_KEY, base_url=newer_edition_api.base_url)
    table = at.dataframe[0].value.set_index("model")
    assert table.loc["OpenAI: GPT-5.1", "rank"] == 1 and table.loc["OpenAI: GPT-5.1", "move"] == "▲52"
    assert any("since Artificial Analysis indices of 2026-08-28" in c.value for c in at.caption)

    at = app({"model": "openai/gpt-5.1-20251113"}, page="app_pages/model.py", key=TEST_KEY,
             base_url=newer_edition_api.base_url)
    chart = next(c for c in at.get("plotly_chart") if "Intelligence index" in c.proto.spec)
    trace = next(t for t in json.loads(chart.proto.spec)["data"] if t["name"] == "Intelligence index")
    assert [y for y in trace["y"] if y is not None] == [33, 35, 39, 53, 1]  # four bundled dates and the new one


def test_only_the_editions_used_last_hold_their_items_and_the_rest_are_read_again(tmp_path):
    from core.history import build_model_history
    from service.archive import ITEMS_HELD

    source = json.loads((SNAPSHOT_DIR / "artificial-analysis.json").read_text())
    for day in range(1, ITEMS_HELD + 6):  # more editions than are held
        source["response"]["meta"]["as_of"] = f"2026-06-{day:02d}T00:00:00Z"
        path = tmp_path / f"2026-06-{day:02d}" / "artificial-analysis.json"
        path.parent.mkdir()
        path.write_text(json.dumps(source))
    archive = Archive((tmp_path,), None)
    held = archive.editions()
    history = build_model_history(held, "openai/gpt-5.1-20251113")
    coding = history.by_source[0].points
    assert len(coding[coding["measure_id"] == "aa.coding_index"]) == ITEMS_HELD + 5  # every date, one point each
    assert len(archive._items) <= ITEMS_HELD
    first = held.of("artificial-analysis")[0]
    assert len(first.items) == 123  # evicted, read again from its file


def test_another_arenas_figures_under_a_datasets_name_are_skipped(tmp_path):
    agents = json.loads((SNAPSHOT_DIR / "design-arena-agents.json").read_text())
    agents["response"]["meta"]["as_of"] = NEW_AS_OF
    path = tmp_path / "2026-11-20T06-00-00Z" / "design-arena-models.json"  # the agents arena as the models one
    path.parent.mkdir()
    path.write_text(json.dumps(agents))
    held = Archive((), tmp_path).editions()
    assert held.editions == () and "297 of 297 items belong to another dataset" in held.skipped[0].why


def test_a_file_over_the_size_cap_is_skipped_unread(tmp_path):
    path = tmp_path / "x" / "artificial-analysis.json"
    path.parent.mkdir()
    with path.open("wb") as out:
        out.truncate(33 * 1024 * 1024)  # sparse: 33 MB without writing them
    [skipped] = Archive((), tmp_path).editions().skipped
    assert "over 33,554,432 bytes" in skipped.why and path.stat().st_size == 33 * 1024 * 1024


def test_an_edition_whose_name_a_corrupt_file_holds_is_reported_not_lost_silently(tmp_path):
    taken = tmp_path / "2026-11-20T06-00-00Z" / "artificial-analysis.json"
    taken.parent.mkdir()
    taken.write_text("{not json")
    archive = Archive((), tmp_path)
    assert archive.add(with_as_of(snapshot_dataset(), NEW_AS_OF)) is False
    reasons = [entry.why for entry in archive.editions().skipped]
    assert any(why.startswith("not kept: 2026-11-20T06-00-00Z/artificial-analysis.json already holds") for why in
               reasons) and taken.read_text() == "{not json"


def test_data_already_in_the_disk_cache_is_archived_when_read(newer_edition_api, tmp_path):
    settings = Settings(api_key=TEST_KEY, base_url=newer_edition_api.base_url, cache_dir=tmp_path / "cache",
                        archive_dir=tmp_path / "first")
    first = BenchmarkData(settings)
    first.load_every_dataset()
    assert first.wait_for_loads(30)
    later = BenchmarkData(replace(settings, archive_dir=tmp_path / "later"))  # a restart, the archive elsewhere
    later.load_every_dataset()  # read from the disk cache (within its TTL): no request
    assert later.wait_for_loads(30)
    assert sorted(p.stem for p in entries(tmp_path / "later")) == sorted(p.stem for p in entries(tmp_path / "first"))


def test_data_and_status_lists_skipped_entries_without_reading_every_edition(app, newer_edition_api, tmp_path,
                                                                                monkeypatch):
    bad = tmp_path / "archive" / "2026-11-19" / "artificial-analysis.json"
    bad.parent.mkdir(parents=True)
    bad.write_text("{not json :warning:")
    monkeypatch.setenv("BENCHMARKS_ARCHIVE_DIR", str(tmp_path / "archive"))
    at = app(page="app_pages/status.py", key=TEST_KEY, base_url=newer_edition_api.base_url)
    warning = plain(" ".join(w.value for w in at.warning))
    assert "archived: 2026-11-19/artificial-analysis.json" in warning and "JSONDecodeError" in warning
    assert str(tmp_path) not in " ".join(str(d.value.to_dict()) for d in at.dataframe)  # no server path shown
    table = next(d.value for d in at.dataframe if "Kept" in d.value.columns)
    assert table.set_index("File").loc["bundled: 2026-07-12/artificial-analysis.json", "Items"] == 97
    import threading

    from service.data import shared_data

    for thread in threading.enumerate():  # the start's background read of every edition, finished first
        if thread.name == "benchmarks-archive-read":
            thread.join(30)
    shared_data().archive._items.clear()
    at.run()  # Data & status again: its counts come from the scan, no edition's items are read
    assert not at.exception and len(shared_data().archive._items) == 0


def test_another_process_keeping_the_same_edition_first_is_not_reported_as_a_problem(tmp_path):
    clock = FakeClock()
    slow = Archive((), tmp_path, clock)
    assert slow.editions().editions == ()  # its listing, read before the other process writes
    fresh = with_as_of(snapshot_dataset(), NEW_AS_OF)
    assert Archive((), tmp_path).add(fresh) is True  # another process, first
    assert slow.add(fresh) is False
    held = slow.editions()
    assert held.skipped == () and [e.as_of for e in held.editions] == [NEW_AS_OF]
