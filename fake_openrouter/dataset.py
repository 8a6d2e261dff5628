"""The data the stand-in serves: stored API responses, answered with the shared query semantics."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.query import SOURCES, BenchmarkQuery, build_meta, select_items

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SNAPSHOT = REPO_ROOT / "data" / "snapshot"
SHARED_SNAPSHOT = REPO_ROOT.parent / "shared" / "data" / "snapshot-2026-08-28"


def default_data_dir() -> Path:
    return BUNDLED_SNAPSHOT if any(BUNDLED_SNAPSHOT.glob("*.json")) else SHARED_SNAPSHOT


@dataclass(frozen=True)
class Dataset:
    """One stored response: the items of one source (and arena) and its meta."""

    items: tuple[dict[str, Any], ...]
    meta: Mapping[str, Any]

    @property
    def source(self) -> str | None:
        return self.meta.get("source")


def load_datasets(data_dir: Path) -> list[Dataset]:
    """Every `*.json` in the folder: `{"request", "response"}` files or bare responses."""
    datasets = []
    for path in sorted(Path(data_dir).glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        response = document.get("response", document)
        datasets.append(Dataset(items=tuple(response["data"]), meta=dict(response["meta"])))
    if not datasets:
        raise FileNotFoundError(f"no *.json responses in {data_dir}")
    return datasets


class StoredItems:
    """All stored items; answers a query as the real endpoint would."""

    def __init__(self, datasets: list[Dataset]) -> None:
        self.datasets = datasets
        self.items = [item for dataset in datasets for item in dataset.items]
        # The sources it answers for: the API's, and any other its data holds (a fourth source in tests).
        found = {d.source for d in datasets} | {item.get("source") for item in self.items if isinstance(item, dict)}
        self.sources = tuple(dict.fromkeys([*SOURCES, *sorted(s for s in found if isinstance(s, str))]))

    def answer(self, query: BenchmarkQuery, *, cut: bool = True) -> dict[str, Any]:
        items = select_items(self.items, query, cut=cut)
        return {"data": items, "meta": build_meta([d.meta for d in self.datasets], items, query)}
