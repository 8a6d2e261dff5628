"""Last good datasets on disk, so a restart spends no request.

One JSON file per dataset, written atomically (temp file, fsync, rename) with
the API's meta beside the items. A corrupt or foreign file is ignored (and
rewritten by the next good fetch), never a crash. No key is ever written.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from client.models import BenchmarksMeta, parse_item
from service.datasets import FetchedDataset, typed_items

FORMAT = "openrouter-benchmarks-cache/1"
log = logging.getLogger("service.store")


def atomic_write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def dataset_to_json(dataset: FetchedDataset) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "dataset": dataset.name,
        "fetched_at": dataset.fetched_at.isoformat(),
        "complete": dataset.complete,
        "truncated_slices": list(dataset.truncated_slices),
        "dropped": dataset.dropped,
        "response": {
            "data": [item.model_dump(mode="json") for item in dataset.items],
            "meta": dataset.meta.model_dump(mode="json"),
        },
    }


def dataset_from_json(document: Any, name: str) -> FetchedDataset:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("not a cache file of this app")
    if document.get("dataset") != name:
        raise ValueError(f"holds {document.get('dataset')!r}, not {name!r}")
    response = document["response"]
    fetched_at = datetime.fromisoformat(document["fetched_at"])
    if fetched_at.tzinfo is None:
        raise ValueError("fetched_at has no time zone")
    return FetchedDataset(
        name=name,
        items=typed_items(parse_item(raw) for raw in response["data"]),
        meta=BenchmarksMeta.model_validate(response["meta"]),
        fetched_at=fetched_at,
        complete=bool(document.get("complete", True)),
        truncated_slices=tuple(document.get("truncated_slices", ())),
        dropped=int(document.get("dropped", 0)),
    )


class DiskStore:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def path(self, name: str) -> Path | None:
        return self.folder / f"{name}.json" if self.folder else None

    def load(self, name: str) -> FetchedDataset | None:
        path = self.path(name)
        if path is None or not path.exists():
            return None
        try:
            return dataset_from_json(json.loads(path.read_text(encoding="utf-8")), name)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable cache file %s: %s", path.name, str(exc)[:200])
            return None

    def save(self, dataset: FetchedDataset) -> None:
        path = self.path(dataset.name)
        if path is None:
            return
        try:
            atomic_write_json(path, dataset_to_json(dataset))
        except OSError as exc:  # a read-only or full disk must not break serving
            log.warning("could not write cache file %s: %s", path.name, exc)
