"""`python -m service snapshot refresh` against the stand-in."""

import json
import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT, SNAPSHOT_DIR, TEST_KEY, admin


def run_refresh(folder, server, key=TEST_KEY):
    env = {**os.environ, "OPENROUTER_BASE_URL": server.base_url, "OPENROUTER_API_KEY": key,
           "PYTHONPATH": str(ROOT)}
    archive = folder.parent / "archive"
    return subprocess.run([sys.executable, "-m", "service", "snapshot", "refresh", "--dir", str(folder),
                           "--archive", str(archive)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def copy_snapshot(tmp_path):
    folder = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, folder)
    return folder


def figures(document) -> dict:
    """Each row's figures and run config, by model and benchmark."""
    return {(i["model_permaslug"], i["benchmark_type"]): (i.get("accuracy"), i.get("primary_score"),
                                                          i.get("avg_cost_per_task"), i.get("run_config"))
            for i in document["response"]["data"]}


def test_refresh_rewrites_every_file_from_the_api(newer_api, tmp_path):
    folder = copy_snapshot(tmp_path)
    (folder / "artificial-analysis.json").write_text('{"request": {}, "response": {"data": [], "meta": {}}}')
    result = run_refresh(folder, newer_api)
    assert result.returncode == 0, result.stderr
    assert "artificial-analysis: 123 items in 1 requests" in result.stdout
    rewritten = json.loads((folder / "artificial-analysis.json").read_text())
    original = json.loads((SNAPSHOT_DIR / "artificial-analysis.json").read_text())
    assert rewritten["request"] == {"source": "artificial-analysis"}
    assert len(rewritten["response"]["data"]) == 123
    assert rewritten["response"]["meta"]["as_of"] == original["response"]["meta"]["as_of"]
    assert not (folder / "design-arena-builders.json").exists()  # nothing to store: no empty file
    assert "openrouter: 320 items in 1 requests" in result.stdout
    evals = json.loads((folder / "openrouter.json").read_text())
    bundled = json.loads((SNAPSHOT_DIR / "openrouter.json").read_text())
    assert evals["request"] == bundled["request"] == {"source": "openrouter", "include_run_config": "true"}
    assert evals["response"]["meta"] == bundled["response"]["meta"]
    assert figures(evals) == figures(bundled) and len(figures(evals)) == 320  # run configs kept too
    assert TEST_KEY not in "".join(p.read_text() for p in folder.glob("*.json"))


def test_refresh_refuses_to_overwrite_on_failure(newer_api, tmp_path):
    folder = copy_snapshot(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.glob("*.json")}
    admin(newer_api, "/_admin/faults", {"kind": "status", "status": 401, "count": 50, "skip": 2})
    result = run_refresh(folder, newer_api)
    assert result.returncode == 1 and "Nothing was written" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.json")} == before


def test_refresh_refuses_an_empty_answer(newer_api, tmp_path):
    folder = copy_snapshot(tmp_path)
    before = (folder / "design-arena-models.json").read_bytes()
    admin(newer_api, "/_admin/faults", {"kind": "drift", "variant": "nulls", "count": 50,
                                        "match": {"arena": "models"}})
    result = run_refresh(folder, newer_api)
    assert result.returncode == 1 and "design-arena-models came back empty" in result.stderr
    assert (folder / "design-arena-models.json").read_bytes() == before


def test_refresh_needs_a_key(newer_api, tmp_path):
    result = run_refresh(copy_snapshot(tmp_path), newer_api, key="")
    assert result.returncode == 2 and "OPENROUTER_API_KEY" in result.stderr


def test_refresh_keeps_the_replaced_edition_in_the_archive(newer_api, tmp_path):
    folder = copy_snapshot(tmp_path)
    older = json.loads((folder / "artificial-analysis.json").read_text())
    older["response"]["meta"]["as_of"] = "2026-08-01T00:00:00Z"  # the file a refresh replaces is older
    (folder / "artificial-analysis.json").write_text(json.dumps(older))
    before = (folder / "artificial-analysis.json").read_bytes()
    result = run_refresh(folder, newer_api)
    assert result.returncode == 0, result.stderr
    kept = tmp_path / "archive" / "2026-08-01" / "artificial-analysis.json"
    assert kept.read_bytes() == before  # copied unchanged
    for copy in (tmp_path / "archive").rglob("*.json"):  # any other file kept had another as_of than its new one
        new = json.loads((folder / copy.name).read_text())["response"]["meta"]["as_of"]
        assert json.loads(copy.read_text())["response"]["meta"]["as_of"] != new
        assert copy == kept or copy.read_bytes() == (SNAPSHOT_DIR / copy.name).read_bytes()
    again = run_refresh(folder, newer_api)  # the same editions again: nothing more is kept
    assert again.returncode == 0 and "kept the replaced" not in again.stdout
    assert "kept the replaced artificial-analysis" in result.stdout
