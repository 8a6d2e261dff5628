"""The bundled snapshot: real API responses stored in the repository, served with no key.

Its items enter the app through the same validated boundary as an API answer
(`service.boundary`, applied by `service.data`), read with the same size cap as
the disk cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "data" / "snapshot"
BUNDLED_ARCHIVE_DIR = SNAPSHOT_DIR.parent / "archive"  # dated editions before the snapshot (`service.archive`)


def read_snapshot_body(name: str, folder: Path = SNAPSHOT_DIR) -> dict[str, Any]:
    """One stored response body, unparsed, read with the disk cache's size cap. ValueError if it is not one."""
    from service.store import MAX_CACHE_FILE_BYTES, read_json_capped

    return response_body(read_json_capped(folder / f"{name}.json", MAX_CACHE_FILE_BYTES))


def response_body(document: Any) -> dict[str, Any]:
    """The response of a stored `{"request", "response"}` document (or a bare response); ValueError if it
    holds no `data` list. The snapshot's, the archive's and the cache's files all take this shape."""
    body = document.get("response", document) if isinstance(document, dict) else None
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise ValueError("no 'data' list")
    return body
