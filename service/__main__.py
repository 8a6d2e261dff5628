"""`python -m service snapshot refresh [--dir DIR]`: rewrite the bundled snapshot from the API.

Fetches every dataset through the data layer (quota guard, completeness
slices), and writes nothing unless every dataset that has a snapshot file
came back complete and non-empty; then each file is replaced atomically.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from client.errors import OpenRouterError
from core.freshness import describe_failure
from service.data import BenchmarkData, failure_of
from service.datasets import datasets
from service.quota import QuotaExceeded
from service.settings import Settings
from service.snapshot import SNAPSHOT_DIR
from service.store import atomic_write_json


def refresh_snapshot(folder: Path, settings: Settings, out=sys.stdout) -> int:
    if not settings.api_key:
        print("snapshot refresh needs OPENROUTER_API_KEY", file=sys.stderr)
        return 2
    layer = BenchmarkData(replace(settings, offline=False, cache_dir=None))
    fetched = {}
    for spec in datasets().values():
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
            fetched[spec.name] = dataset
        print(f"{spec.name}: {len(dataset.items)} items in {dataset.requests} requests"
              f"{'' if dataset.complete else ' (possibly incomplete: ' + ', '.join(dataset.truncated_slices) + ')'}",
              file=out)
    for name, dataset in fetched.items():
        spec = datasets()[name]
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
    args = parser.parse_args(argv)
    return refresh_snapshot(args.dir, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
