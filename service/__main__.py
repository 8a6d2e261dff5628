"""`python -m service snapshot refresh [--dir DIR]`: rewrite the bundled snapshot from the API.

Fetches every dataset through the data layer (quota guard, completeness
slices), and writes nothing unless every dataset that has a snapshot file
came back complete and non-empty; then each file is replaced atomically, after
the file it replaces is copied, unchanged, into the bundled archive
(`data/archive/<its date>/`) unless the archive holds that edition already.
OpenRouter's evals are asked with `include_run_config=true`, as the bundled
file was captured: the app shows no run config, but a snapshot keeps what the
API published.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from client.errors import OpenRouterError
from core.catalogue import OPENROUTER
from core.freshness import describe_failure
from service.archive import keep_in_archive
from service.data import BenchmarkData, failure_of
from service.datasets import DatasetSpec, datasets
from service.quota import QuotaExceeded
from service.settings import Settings
from service.snapshot import BUNDLED_ARCHIVE_DIR, SNAPSHOT_DIR
from service.store import atomic_write_json


def as_captured(spec: DatasetSpec) -> DatasetSpec:
    """The request a snapshot file is refreshed with: the app's wide request, OpenRouter's with its run configs."""
    if spec.query.source == OPENROUTER.id:
        return replace(spec, query=spec.query.but(include_run_config=True))
    return spec


def refresh_snapshot(folder: Path, settings: Settings, out=sys.stdout, archive: Path = BUNDLED_ARCHIVE_DIR) -> int:
    if not settings.api_key:
        print("snapshot refresh needs OPENROUTER_API_KEY", file=sys.stderr)
        return 2
    layer = BenchmarkData(replace(settings, offline=False, cache_dir=None))
    fetched = {}
    for spec in map(as_captured, datasets().values()):
        try:
            dataset = layer.fetch(spec)
        except (OpenRouterError, QuotaExceeded) as error:
            print(f"refused: {spec.name}: {describe_failure(failure_of(error))} Nothing was written.", file=sys.stderr)
            return 1
        has_file = (folder / f"{spec.name}.json").exists()
        if has_file and not dataset.items:
            print(f"refused: {spec.name} came back empty. Nothing was written.", file=sys.stderr)
            return 1
        if dataset.items:
            fetched[spec.name] = (spec, dataset)
        print(f"{spec.name}: {len(dataset.items)} items in {dataset.requests} requests"
              f"{'' if dataset.complete else ' (possibly incomplete: ' + ', '.join(dataset.truncated_slices) + ')'}",
              file=out)
    for name, (spec, dataset) in fetched.items():
        # the edition it replaces stays in the archive
        kept = keep_in_archive(folder / f"{name}.json", archive, dataset.meta.as_of)
        if kept is not None:
            print(f"kept the replaced {name} in {kept.parent}", file=out)
        document = {
            "request": spec.query.to_params(),
            "response": {
                "data": [item.model_dump(mode="json") for item in dataset.items],
                "meta": dataset.meta.model_dump(mode="json"),
            },
        }
        atomic_write_json(folder / f"{name}.json", document, readable=True)
    print(f"wrote {len(fetched)} files to {folder}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service")
    commands = parser.add_subparsers(dest="command", required=True)
    snapshot = commands.add_parser("snapshot", help="the bundled snapshot")
    actions = snapshot.add_subparsers(dest="action", required=True)
    refresh = actions.add_parser("refresh", help="rewrite it from the API (needs a key)")
    refresh.add_argument("--dir", type=Path, default=SNAPSHOT_DIR)
    refresh.add_argument("--archive", type=Path, default=BUNDLED_ARCHIVE_DIR,
                         help="where the replaced files are kept as dated editions")
    args = parser.parse_args(argv)
    return refresh_snapshot(args.dir, Settings.from_env(), archive=args.archive)


if __name__ == "__main__":
    sys.exit(main())
