"""The archive: every edition (dataset × `as_of`) the app has seen, kept write-once.

Layout, the same for what ships in the repository and what is kept from live fetches:
`<root>/<folder>/<dataset>.json`, one `{"request", "response": {"data", "meta"}}` document per dataset
and `as_of` (a folder per capture: `data/archive/2026-07-12/`, or `2026-11-25T09-00-00Z/` when written
here). The bundled snapshot's own files (`data/snapshot/*.json`) are editions too.

Reading: every file passes the validated boundary like an API answer (size cap, meta; its items when a
page first needs them, and then only the ITEMS_HELD editions used last keep them in memory), and its
`meta.as_of` must be a time no later than a week ahead of the clock. A file that fails is skipped and
reported (Data & status; never moved or edited), and not read again while it is unchanged. The same
dataset and instant twice: the first root wins (the repository's, then the live folder's), then the
first file by name.

Writing (`add`): a live fetch whose `as_of` the archive does not hold yet is written to the live folder
(`BENCHMARKS_ARCHIVE_DIR`, default `<cache dir>/archive`) as a temporary file and then hard-linked to its
final name, which fails if the name exists: several processes writing the same `as_of` leave exactly one
complete file, and an entry is never replaced or edited. A full or read-only disk logs and is reported;
serving goes on.

The folder listing is read again at most every RESCAN_S seconds (other processes' entries), at once
after this process adds one, and, with replicas sharing Redis (`record`), within RECORD_CHECK_S of another
replica recording one; the `Editions` object stays the same while nothing changed, so everything derived
from it (histories, moves) is computed once. With a record, each scan records what this folder holds that
the record lacks, and `elsewhere` lists what is recorded but not in this folder.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import cachetools
from pydantic import ValidationError

from client.clock import SYSTEM_CLOCK, Clock
from client.models import BenchmarksMeta
from core.catalogue import citation_for
from core.history import Edition, Editions, Skipped, parse_stamp
from service.boundary import parse_raw_items, validate_meta
from service.datasets import FetchedDataset, check_belongs, datasets
from service.snapshot import response_body
from service.store import MAX_CACHE_FILE_BYTES, atomic_write_json, dataset_to_json, read_json_capped

FORMAT = "openrouter-benchmarks-archive/1"
RESCAN_S = 30.0
RECORD_CHECK_S = 1.0  # with replicas: how often the shared record's size is looked at
ITEMS_HELD = 16  # editions whose parsed items are held (about 1 MB each); the rest are read again when asked
MAX_FILES = 5_000  # files read per root; more are reported, not read
FUTURE_LIMIT = timedelta(days=7)
log = logging.getLogger("service.archive")


def folder_name(stamp: datetime) -> str:
    """A file-system-safe folder for an instant: 2026-11-25T09-00-00Z (with .fff when it has them)."""
    stamp = stamp.astimezone(UTC)
    text = stamp.strftime("%Y-%m-%dT%H-%M-%S")
    if stamp.microsecond:
        text += f".{stamp.microsecond:06d}".rstrip("0")
    return text + "Z"


class Archive:
    def __init__(self, bundled: tuple[Path, ...], folder: Path | None, clock: Clock = SYSTEM_CLOCK) -> None:
        """`bundled`: read-only roots shipped with the app; `folder`: where live editions are written (None:
        nothing is written, e.g. with no key or offline)."""
        self.roots = tuple(bundled) + ((folder,) if folder is not None else ())
        self.folder = folder
        self.clock = clock
        self._lock = threading.RLock()
        self._read: dict[Path, tuple[tuple[int, int], Edition | Skipped]] = {}  # path -> (mtime, size), result
        self._current = Editions()
        self._scanned_at: float | None = None
        self._write_problems: dict[str, str] = {}  # dataset/as_of -> why it could not be written
        self._items: cachetools.LRUCache = cachetools.LRUCache(maxsize=ITEMS_HELD)  # (path, signature) -> items
        self._items_lock = threading.Lock()
        self.record = None  # the replicas' shared record (service.shared_datasets.SharedDatasets), if any
        self._record_checked = float("-inf")
        self._record_size: int | None = None
        self.elsewhere: tuple[tuple[str, str, str], ...] = ()  # recorded, not in this folder: (dataset, as_of, path)

    # --- reading -----------------------------------------------------------------------------
    def editions(self) -> Editions:
        """Every edition held; the same object until an entry is added (here or, seen within RESCAN_S, by
        another process)."""
        with self._lock:
            now = self.clock.monotonic()
            if self._scanned_at is not None and now - self._scanned_at < RESCAN_S and not self._recorded_since(now):
                return self._current
            self._scanned_at = now
            self._rescan()
            return self._current

    def _recorded_since(self, now: float) -> bool:
        """Whether another replica recorded an edition since the last scan (looked at every RECORD_CHECK_S)."""
        if self.record is None or now - self._record_checked < RECORD_CHECK_S:
            return False
        self._record_checked = now
        size = self.record.record_size()
        return size is not None and size != self._record_size

    def _share_record(self, editions: tuple[Edition, ...]) -> None:
        """Record what this folder holds that the record lacks; note what it records that this one lacks."""
        self._record_checked = self.clock.monotonic()
        recorded = self.record.recorded()
        if recorded is not None:
            held = {(e.dataset, e.as_of): e for e in editions}
            mine = {key: e.where.removeprefix("archived: ") for key, e in held.items() if e.origin == "archived"}
            self.record.record({key: where for key, where in mine.items() if key not in recorded})
        self._record_size = self.record.record_size()  # as Redis counts it, entries left out included
        if recorded is None:
            return
        self.elsewhere = tuple(sorted((name, as_of, where) for (name, as_of), where in recorded.items()
                                      if (name, as_of) not in held))

    def _files(self) -> list[tuple[Path, Path]]:
        found = []
        for root in self.roots:
            try:
                paths = sorted([*root.glob("*.json"), *root.glob("*/*.json")])
            except OSError:
                continue
            names = datasets()
            paths = [p for p in paths if p.stem in names]  # other files are not entries (PROVENANCE, temp)
            if len(paths) > MAX_FILES:
                log.warning("archive %s holds %d files; reading the first %d", root, len(paths), MAX_FILES)
            found += [(root, p) for p in paths[:MAX_FILES]]
        return found

    def _rescan(self) -> None:
        results: list[Edition | Skipped] = []
        seen_paths = set()
        for root, path in self._files():
            seen_paths.add(path)
            try:
                info = path.stat()
            except OSError:
                continue
            signature = (info.st_mtime_ns, info.st_size)
            known = self._read.get(path)
            if known is None or known[0] != signature:
                known = (signature, self._read_file(root, path, signature))
                self._read[path] = known
            results.append(known[1])
        for path in set(self._read) - seen_paths:
            del self._read[path]
        kept: dict[tuple[str, datetime], Edition] = {}
        skipped = [r for r in results if isinstance(r, Skipped)]
        for result in results:
            if isinstance(result, Edition):
                kept.setdefault((result.dataset, result.stamp), result)  # the first root and file win
        skipped += [Skipped(key, why) for key, why in self._write_problems.items()]
        order = {name: index for index, name in enumerate(datasets())}
        editions = tuple(sorted(kept.values(), key=lambda e: (order.get(e.dataset, 99), e.dataset, e.stamp)))
        if [id(e) for e in editions] != [id(e) for e in self._current.editions] or \
                tuple(skipped) != self._current.skipped:
            self._current = Editions(editions, tuple(skipped))
        if self.record is not None:
            self._share_record(editions)

    def _read_file(self, root: Path, path: Path, signature: tuple[int, int]) -> Edition | Skipped:
        """The file as an edition (its meta and whose items it holds checked; its items validated when first
        asked), or why it is skipped. Shown by its path within its root: pages never show server paths."""
        origin = "archived" if self.folder is not None and root == self.folder else "bundled"
        shown = f"{origin}: {path.relative_to(root)}"
        name = path.stem
        spec = datasets()[name]
        try:
            document = read_json_capped(path, MAX_CACHE_FILE_BYTES)
            body = response_body(document)
            if isinstance(document, dict) and document.get("dataset", name) != name:
                raise ValueError(f"holds {str(document.get('dataset'))[:60]!r}, not {name!r}")
            meta, _ = validate_meta(BenchmarksMeta.model_validate(body.get("meta")))
            stamp = parse_stamp(meta.as_of)
            if stamp is None:
                raise ValueError(f"as_of {meta.as_of[:40]!r} is not a time")
            if stamp - self.clock.now() > FUTURE_LIMIT:
                raise ValueError(f"as_of {meta.as_of[:40]} is far in the future")
            check_belongs(spec, meta.source, body["data"])  # not another source's or arena's figures
            complete = document.get("complete", True) if isinstance(document, dict) else True
        except Exception as error:  # noqa: BLE001 - whatever a hostile file raises, it is only skipped
            why = _reason(error)
            log.warning("skipping archive file %s: %s", path, why)
            return Skipped(shown, why)
        return Edition(name, meta.as_of, stamp, partial(self._load_items, path, signature), origin, shown,
                       complete is True, meta.citation or citation_for(spec.query.source or ""), len(body["data"]))

    def _load_items(self, path: Path, signature: tuple[int, int]) -> tuple:
        """An edition's items through the validated boundary, held for the ITEMS_HELD editions used last."""
        with self._items_lock:
            held = self._items.get((path, signature))
        if held is not None:
            return held
        try:
            items, _ = parse_raw_items(response_body(read_json_capped(path, MAX_CACHE_FILE_BYTES))["data"])
        except Exception as error:  # noqa: BLE001 - read well at the scan: gone or changed since, not a crash
            log.warning("archive file %s could not be read again: %s", path, _reason(error))
            items = ()
        with self._items_lock:
            self._items[(path, signature)] = items
        return items

    # --- writing -----------------------------------------------------------------------------
    def add(self, dataset: FetchedDataset) -> bool:
        """Keep a fetched dataset as an edition if its `as_of` is new; True if this call wrote it."""
        stamp = parse_stamp(dataset.meta.as_of)
        if self.folder is None or not dataset.items or stamp is None:
            return False
        with self._lock:
            if self.editions().find(dataset.name, dataset.meta.as_of) is not None:
                return False
            path = self.folder / folder_name(stamp) / f"{dataset.name}.json"
            key = f"{dataset.name} of {dataset.meta.as_of}"
            try:
                wrote = _write_once(path, _document(dataset))
                if wrote:  # its items are in hand: not read back from the file
                    info = path.stat()
                    with self._items_lock:
                        self._items[(path, (info.st_mtime_ns, info.st_size))] = dataset.items
            except (OSError, ValueError, TypeError) as error:
                log.warning("could not archive %s: %s", key, error)
                self._write_problems[key] = f"could not be written: {type(error).__name__}: {str(error)[:160]}"
                wrote = False
            else:
                self._write_problems.pop(key, None)
            self._scanned_at = None  # read the listing again (and record what it holds, with replicas)
            if not wrote and path.exists() and self.editions().find(dataset.name, dataset.meta.as_of) is None:
                # the name is taken by a file that is not this edition (not another process's copy of it)
                self._write_problems[key] = (f"not kept: {folder_name(stamp)}/{path.name} already holds a "
                                             "file that is not this edition (see its entry)")
                self._scanned_at = None
            if self.record is not None:
                self.editions()
            return wrote


def keep_in_archive(path: Path, root: Path, replaced_by: str) -> Path | None:
    """Before a bundled snapshot file is replaced by an edition of `as_of` `replaced_by`: copy it, unchanged,
    into the bundled archive as `<root>/<its as_of date>/<name>.json` (the full instant when that date holds
    another), unless it is that same edition or the archive already holds it. The copy's path, or None."""
    if not path.exists():
        return None
    stamp = _stamp_of(path)
    if stamp is None or stamp == parse_stamp(replaced_by):
        return None
    for folder in (stamp.astimezone(UTC).date().isoformat(), folder_name(stamp)):
        target = root / folder / path.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            return target
        if _stamp_of(target) == stamp:
            return None  # already archived
    return None


def _stamp_of(path: Path) -> datetime | None:
    """The `as_of` of a stored response file, or None."""
    meta = response_body(read_json_capped(path, MAX_CACHE_FILE_BYTES)).get("meta")
    return parse_stamp(str(meta.get("as_of", ""))) if isinstance(meta, dict) else None


def _reason(error: Exception) -> str:
    """Why a file was skipped, on one line: a validation error's first fields, else the error's own words."""
    if isinstance(error, ValidationError):
        fields = "; ".join(f"meta.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:3])
        return f"not a benchmarks response ({fields})"
    return f"{type(error).__name__}: {' '.join(str(error).split())[:200]}"


def _document(dataset: FetchedDataset) -> dict:
    """The disk store's document of a dataset, in the snapshot's `{"request", "response"}` shape."""
    return {**dataset_to_json(dataset), "format": FORMAT, "request": datasets()[dataset.name].query.to_params()}


def _write_once(path: Path, document: dict) -> bool:
    """Write `path` whole, only if it does not exist (also against other processes); True if written."""
    return not path.exists() and atomic_write_json(path, document, replace=False)
