"""Last good datasets on disk, so a restart spends no request.

One JSON file per dataset, written atomically (temp file, fsync, rename) with
the API's meta and the boundary's problems beside the items. No key is ever
written.

Reading is the disk side of the validated boundary (`service.boundary`): a
file over MAX_CACHE_FILE_BYTES is refused unread, at most that many bytes are
ever read, and every field is checked (format, dataset, a time-zoned
`fetched_at` no more than FUTURE_STAMP_LIMIT_S ahead of the layer's clock, a
`meta.as_of` in the window of dates believed (`core.history.check_stamp`),
counts that are counts); the items pass the same rules as an API answer. A file
that fails anything, whatever it raises (RecursionError from deep nesting,
OverflowError, MemoryError included), is ignored and moved aside to
`<name>.json.rejected` (deleted when oversized), so it is not read again on
every refresh; the next good fetch writes a new one. Never a crash.
"""

from __future__ import annotations

import json
import logging
import os
import stat as stat_module
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from client.models import BenchmarksMeta
from core.history import parse_stamp
from service.boundary import (
    ItemProblem,
    clean_text,
    dropped_count,
    merge_problems,
    parse_raw_items,
    validate_meta,
)
from service.datasets import FetchedDataset, check_belongs, check_dated, datasets

FORMAT = "openrouter-benchmarks-cache/1"
MAX_CACHE_FILE_BYTES = 32 * 1024 * 1024  # as an API answer (client.sdk.MAX_BODY_BYTES); real ones are < 1 MB
FUTURE_STAMP_LIMIT_S = 7 * 24 * 3600.0  # a clock set back by up to a week is believed; a later stamp is not
MAX_ITEMS = 100_000
MAX_COUNT = 10_000_000
REJECTED_SUFFIX = ".rejected"
log = logging.getLogger("service.store")


class RejectedFile(ValueError):
    """A cache file that is not a last good dataset of this app."""


def atomic_write_json(path: Path, document: Any, *, readable: bool = False, replace: bool = True) -> bool:
    """Write `path` whole or not at all; True if written. Compact by default (one shot through the C
    encoder: an indented dump runs the pure-Python encoder, 0.3 s for the five datasets here);
    `readable` indents it, for files people read and diff (the bundled snapshot). With `replace=False`
    the file is written only if the name is free, also against other processes (a hard link to the
    finished temporary file fails if the name exists): an existing file is never replaced or edited."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(document, ensure_ascii=False, indent=1 if readable else None,
                                 separators=None if readable else (",", ":")))
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temp, path)
            return True
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        return True
    finally:
        Path(temp).unlink(missing_ok=True)


def read_json_capped(path: Path, max_bytes: int) -> Any:
    """A JSON file of at most `max_bytes`; RejectedFile when larger (the rest is never read)."""
    info = path.stat()
    if not stat_module.S_ISREG(info.st_mode):
        raise RejectedFile("not a regular file")  # a FIFO would block the read
    if info.st_size > max_bytes:
        raise RejectedFile(f"over {max_bytes:,} bytes")
    with path.open("rb") as handle:
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise RejectedFile(f"over {max_bytes:,} bytes")
    return json.loads(content.decode("utf-8"))


def dataset_to_json(dataset: FetchedDataset) -> dict[str, Any]:
    pending = {"pending_slices": list(dataset.pending_slices)} if dataset.pending_slices else {}
    return {
        "format": FORMAT,
        "dataset": dataset.name,
        "fetched_at": dataset.fetched_at.isoformat(),
        "complete": dataset.complete,
        "truncated_slices": list(dataset.truncated_slices),
        **pending,  # a fill under way (`service.datasets`); only then
        "dropped": dataset.dropped,
        "problems": [problem.to_json() for problem in dataset.problems],
        "response": {
            "data": [item.model_dump(mode="json") for item in dataset.items],
            "meta": dataset.meta.model_dump(mode="json"),
        },
    }


def _count(document: dict, name: str) -> int:
    value = document.get(name, 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise RejectedFile(f"{name} is not a count")
    return value


def _fetched_at(value: Any, now: datetime | None) -> datetime:
    if not isinstance(value, str) or len(value) > 64:
        raise RejectedFile("fetched_at is not a time")
    fetched_at = datetime.fromisoformat(value)
    if fetched_at.tzinfo is None:
        raise RejectedFile("fetched_at has no time zone")
    fetched_at = parse_stamp(value)  # in UTC; None before 2020 or past year 9998 (nothing done with it overflows)
    if fetched_at is None:
        raise RejectedFile(f"fetched_at {value[:40]} is not a time of this app")
    if now is not None and fetched_at - now > timedelta(seconds=FUTURE_STAMP_LIMIT_S):
        raise RejectedFile(f"fetched_at {value[:40]} is far in the future")
    return fetched_at


def dataset_from_json(document: Any, name: str, now: datetime | None = None) -> FetchedDataset:
    """A dataset back from its cache document; RejectedFile (a ValueError) when the document is not one.

    `now` (the layer's clock) refuses stamps more than FUTURE_STAMP_LIMIT_S ahead of it, and an `as_of`
    outside the window of dates believed.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RejectedFile("not a cache file of this app")
    if document.get("dataset") != name:
        raise RejectedFile(f"holds {str(document.get('dataset'))[:60]!r}, not {name!r}")
    response = document.get("response")
    if not isinstance(response, dict) or not isinstance(response.get("data"), list):
        raise RejectedFile("no items")
    if len(response["data"]) > MAX_ITEMS:
        raise RejectedFile(f"over {MAX_ITEMS:,} items")
    complete = document.get("complete", True)
    slices = document.get("truncated_slices", [])
    problems = document.get("problems", [])
    if not isinstance(complete, bool):
        raise RejectedFile("complete is not true or false")
    if not isinstance(slices, list) or len(slices) > 1_000 or not all(isinstance(s, str) for s in slices):
        raise RejectedFile("truncated_slices are not slices")
    pending = document.get("pending_slices", [])
    if not isinstance(pending, list) or len(pending) > 1_000 or not all(
            isinstance(s, str) and 0 < len(s) <= 200 for s in pending):
        raise RejectedFile("pending_slices are not slices")
    if not isinstance(problems, list) or len(problems) > 1_000:
        raise RejectedFile("problems are not a list")
    saved = tuple(ItemProblem.from_json(problem) for problem in problems)
    dropped = _count(document, "dropped")
    fetched_at = _fetched_at(document.get("fetched_at"), now)
    meta, meta_problems = validate_meta(BenchmarksMeta.model_validate(response.get("meta")))
    if now is not None:
        try:
            check_dated(meta, bool(response["data"]), now)
        except ValueError as error:
            raise RejectedFile(str(error)) from None
    spec = datasets().get(name)
    if spec is not None:
        try:
            check_belongs(spec, meta.source, response["data"])
        except ValueError as error:
            raise RejectedFile(str(error)) from None
    items, read_problems = parse_raw_items(response["data"])
    return FetchedDataset(
        name=name,
        items=items,
        meta=meta,
        fetched_at=fetched_at,
        complete=complete,
        truncated_slices=tuple(clean_text(s)[0] for s in slices),
        pending_slices=tuple(value for value in (clean_text(s)[0] for s in pending) if value),
        dropped=min(dropped + dropped_count(read_problems), MAX_COUNT),
        problems=merge_problems(saved, read_problems, meta_problems),
    )


class DiskStore:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._rejected: dict[str, tuple[int, int]] = {}  # name -> (mtime_ns, size) of a file refused already

    def path(self, name: str) -> Path | None:
        return self.folder / f"{name}.json" if self.folder else None

    def load(self, name: str, now: datetime | None = None) -> FetchedDataset | None:
        """The last good dataset on disk, or None (no file, or a file refused and moved aside)."""
        path = self.path(name)
        if path is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        if self._rejected.get(name) == (stat.st_mtime_ns, stat.st_size):
            return None  # refused before and could not be moved aside: not read again
        try:
            return dataset_from_json(read_json_capped(path, MAX_CACHE_FILE_BYTES), name, now)
        except Exception as exc:  # noqa: BLE001 - whatever a hostile file raises, it is only ignored
            log.warning("ignoring unreadable cache file %s: %s: %s", path.name, type(exc).__name__,
                        str(exc)[:200])
            self._reject(name, path, stat)
            return None

    def _reject(self, name: str, path: Path, stat: os.stat_result) -> None:
        """Move a refused file aside (delete it when oversized), or remember it when that fails."""
        try:
            if stat.st_size > MAX_CACHE_FILE_BYTES:
                path.unlink()
            else:
                path.replace(path.with_name(path.name + REJECTED_SUFFIX))
        except OSError as exc:
            log.warning("could not move aside cache file %s: %s", path.name, exc)
            self._rejected[name] = (stat.st_mtime_ns, stat.st_size)

    def save(self, dataset: FetchedDataset) -> None:
        path = self.path(dataset.name)
        if path is None:
            return
        try:
            atomic_write_json(path, dataset_to_json(dataset))
        except (OSError, ValueError, TypeError, RecursionError) as exc:  # a read-only or full disk must not
            log.warning("could not write cache file %s: %s", path.name, exc)  # break serving
        else:
            self._rejected.pop(dataset.name, None)
