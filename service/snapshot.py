"""The bundled snapshot: real API responses stored in the repository, served with no key."""

from __future__ import annotations

import json
from pathlib import Path

from client.models import BenchmarksResponse, parse_response

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "data" / "snapshot"


def read_snapshot(name: str, folder: Path = SNAPSHOT_DIR) -> BenchmarksResponse:
    """One stored response by file stem, e.g. `artificial-analysis`."""
    document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return parse_response(document.get("response", document))
