"""The archive: every edition (dataset × `as_of`) the app has seen, kept write-once.

Layout, the same for what ships in the repository and what is kept from live fetches:
`<root>/<folder>/<dataset>.json`, one `{"request", "response": {"data", "meta"}}` document per dataset
and `as_of` (a folder per capture: `data/archive/2026-07-12/`, or `2026-11-25T09-00-00Z/` when written
here). The bundled snapshot's own files (`data/snapshot/*.json`) are editions too.

Reading: every file passes the validated boundary like an API answer (size cap, meta; its items when a
page first needs them, and then only the ITEMS_HELD editions used last keep them in memory), and its
`meta.as_of` must lie in the window of dates believed (`core.history.check_stamp`: 2020-01-01 to a day
ahead of the clock). A file that fails is skipped and reported (Data & status; never moved or edited), and
not read again while it is unchanged; so is a file or folder that is a symbolic link leading out of its
root. Past MAX_FILES files in a root, the newest by their folder's date are read (a folder named after a
date outside the window counts as the oldest) and one entry says how many older ones were left out. The
same dataset and instant twice: the first root wins (the repository's, then the live folder's), then the
first file by name.

Writing (`add`): a live fetch whose `as_of` the archive does not hold yet, whose figures are not those of
the edition before it nor, dated before the newest edition, of any edition (else that edition is noted as
published again, `same_until`), and of whose dataset
this process kept no edition within KEEP_EVERY_S, is written to the live folder
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

import hashlib
import json
import logging
import threading
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import cachetools
from pydantic import ValidationError

from client.clock import SYSTEM_CLOCK, Clock
from client.models import BenchmarksMeta
from core.catalogue import citation_for
from core.history import EARLIEST, Edition, Editions, Skipped, check_stamp, parse_stamp
from service.boundary import parse_raw_items, validate_meta
from service.datasets import FetchedDataset, check_belongs, datasets
from service.snapshot import response_body
from service.store import MAX_CACHE_FILE_BYTES, atomic_write_json, dataset_to_json, read_json_capped

FORMAT = "openrouter-benchmarks-archive/1"
RESCAN_S = 30.0
RECORD_CHECK_S = 1.0  # with replicas: how often the shared record's size is looked at
ITEMS_HELD = 16  # editions whose parsed items are held (about 1 MB each); the rest are read again when asked
MAX_FILES = 5_000  # files read per root: the newest (by their folder's date); how many older ones are left out is said
KEEP_EVERY_S = 3600.0  # at most one new edition of a dataset kept per this many seconds (per process)
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
        self._unshared = False  # scanned since the record was last shared
        self._kept_at: dict[str, float] = {}  # dataset -> when this process last kept an edition of it (monotonic)
        self._fingerprints: dict[tuple[str, str], str] = {}  # (where, as_of) of an edition -> its figures
        self._same_until: dict[tuple[str, str], str] = {}  # (dataset, as_of) -> latest as_of with the same figures

    # --- reading -----------------------------------------------------------------------------
    def editions(self) -> Editions:
        """Every edition held; the same object until an entry is added (here or, seen within RESCAN_S, by
        another process). The replicas' record is asked outside the lock: a session waiting for Redis never
        holds up another reading the archive."""
        if self._recorded_since():
            with self._lock:
                self._scanned_at = None
        with self._lock:
            current, share = self._scanned(), self._unshared
            self._unshared = False
        if share:
            self._share_record(current.editions)
        return current

    def _scanned(self) -> Editions:
        """The listing, read again when RESCAN_S passed or an entry was added (the lock held; no Redis)."""
        now = self.clock.monotonic()
        if self._scanned_at is None or now - self._scanned_at >= RESCAN_S:
            self._scanned_at = now
            self._rescan()
        return self._current

    def _recorded_since(self) -> bool:
        """Whether another replica recorded an edition since the last scan (Redis asked every RECORD_CHECK_S,
        without the lock)."""
        with self._lock:
            now = self.clock.monotonic()
            due = self._scanned_at is None or now - self._scanned_at >= RESCAN_S  # a scan comes anyway
            if self.record is None or due or now - self._record_checked < RECORD_CHECK_S:
                return False
            self._record_checked, known = now, self._record_size
        size = self.record.record_size()
        return size is not None and size != known

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

    def _origin(self, root: Path) -> str:
        return "archived" if self.folder is not None and root == self.folder else "bundled"

    def _files(self) -> tuple[list[tuple[Path, Path]], list[Skipped]]:
        """(root, file) of every entry to read, and what is left unread and why: a file or folder that is a
        symbolic link leading out of its root; past MAX_FILES in a root, the oldest by their folder's date
        (one line says how many)."""
        found, skipped = [], []
        names = datasets()
        for root in self.roots:
            try:
                paths = [p for p in (*root.glob("*.json"), *root.glob("*/*.json")) if p.stem in names]
                real_root = root.resolve()
            except (OSError, RuntimeError):
                continue
            origin = self._origin(root)
            inside = []
            for path in paths:  # other files are not entries (PROVENANCE, temp)
                if _leaves(path, root, real_root):
                    skipped.append(Skipped(f"{origin}: {path.relative_to(root)}",
                                           "not read: a symbolic link to a place outside the archive"))
                else:
                    inside.append(path)
            if len(inside) > MAX_FILES:
                now = self.clock.now()
                inside.sort(key=lambda p: _folder_date(p, root, now), reverse=True)  # newest first
                left_out = len(inside) - MAX_FILES
                inside = inside[:MAX_FILES]
                log.warning("archive %s holds %d files; reading the newest %d", root, left_out + MAX_FILES,
                            MAX_FILES)
                skipped.append(Skipped(f"{origin}: {left_out:,} older files",
                                       f"not read: only the newest {MAX_FILES:,} files of a folder are read "
                                       "(by their folder's date)"))
            found += [(root, p) for p in sorted(inside)]
        return found, skipped

    def _rescan(self) -> None:
        results: list[Edition | Skipped] = []
        seen_paths = set()
        files, unread = self._files()
        for root, path in files:
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
        skipped = [r for r in results if isinstance(r, Skipped)] + unread
        for result in results:
            if isinstance(result, Edition):
                kept.setdefault((result.dataset, result.stamp), result)  # the first root and file win
        skipped += [Skipped(key, why) for key, why in self._write_problems.items()]
        order = {name: index for index, name in enumerate(datasets())}
        editions = tuple(sorted(kept.values(), key=lambda e: (order.get(e.dataset, 99), e.dataset, e.stamp)))
        if [id(e) for e in editions] != [id(e) for e in self._current.editions] or \
                tuple(skipped) != self._current.skipped:
            self._current = Editions(editions, tuple(skipped))
        self._unshared = self.record is not None  # recorded by `editions`, outside the lock

    def _read_file(self, root: Path, path: Path, signature: tuple[int, int]) -> Edition | Skipped:
        """The file as an edition (its meta and whose items it holds checked; its items validated when first
        asked), or why it is skipped. Shown by its path within its root: pages never show server paths."""
        origin = self._origin(root)
        shown = f"{origin}: {path.relative_to(root)}"
        name = path.stem
        spec = datasets()[name]
        try:
            document = read_json_capped(path, MAX_CACHE_FILE_BYTES)
            body = response_body(document)
            if isinstance(document, dict) and document.get("dataset", name) != name:
                raise ValueError(f"holds {str(document.get('dataset'))[:60]!r}, not {name!r}")
            meta, _ = validate_meta(BenchmarksMeta.model_validate(body.get("meta")))
            stamp = check_stamp(meta.as_of, self.clock.now())  # in the window of dates believed
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
        """Keep a fetched dataset as an edition if it is a new one; True if this call wrote it.

        It is not when its `as_of` is outside the window of dates believed or already held; when its figures
        are those of the edition before it, or, dated before the newest edition, those of any edition held
        (the same edition republished: that edition is noted as seen until this `as_of`, `same_until`); or
        when this process kept an edition of the dataset less than KEEP_EVERY_S ago (a later refresh keeps its
        figures then, if they still differ)."""
        if self.folder is None or not dataset.items:
            return False
        try:
            stamp = check_stamp(dataset.meta.as_of, self.clock.now())
        except ValueError as error:  # refused where it entered; never written here either
            log.warning("not archiving %s: %s", dataset.name, error)
            return False
        held = self.editions()
        if held.find(dataset.name, dataset.meta.as_of) is not None:
            return False
        figures = _fingerprint(dataset.items)  # outside the lock: pages wait on it for the listing
        same = self._same_figures(held, dataset.name, stamp, figures)
        if same is not None:
            self._seen_again(same, dataset.meta.as_of, stamp)
            return False
        with self._lock:
            if self.clock.monotonic() - self._kept_at.get(dataset.name, float("-inf")) < KEEP_EVERY_S:
                log.info("not archiving %s of %s yet: an edition of it was kept less than %g s ago", dataset.name,
                         dataset.meta.as_of, KEEP_EVERY_S)
                return False
            if self._scanned().find(dataset.name, dataset.meta.as_of) is not None:
                return False
            path = self.folder / folder_name(stamp) / f"{dataset.name}.json"
            key = f"{dataset.name} of {dataset.meta.as_of}"
            try:
                wrote = _write_once(path, _document(dataset))
                if wrote:  # its items are in hand: not read back from the file
                    self._kept_at[dataset.name] = self.clock.monotonic()
                    self._fingerprints[(f"archived: {path.relative_to(self.folder)}", dataset.meta.as_of)] = figures
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
            if not wrote and path.exists() and self._scanned().find(dataset.name, dataset.meta.as_of) is None:
                # the name is taken by a file that is not this edition (not another process's copy of it)
                self._write_problems[key] = (f"not kept: {folder_name(stamp)}/{path.name} already holds a "
                                             "file that is not this edition (see its entry)")
                self._scanned_at = None
        if self.record is not None:
            self.editions()  # records it (Redis, outside the lock)
        return wrote

    def _same_figures(self, held: Editions, name: str, stamp: datetime, figures: str) -> Edition | None:
        """The held edition a fetch with these figures republishes, if any: dated after every edition, the one
        before it (figures back to an older edition's after a change are a new edition); dated back, any
        edition of the dataset (an older `as_of` on figures already held is no new edition). Each edition's
        fingerprint is made once (`_fingerprint_of`): no comparison of items."""
        editions = held.of(name)
        earlier = [e for e in editions if e.stamp < stamp]
        if len(earlier) == len(editions):
            editions = earlier[-1:]
        else:  # the newest first: the likeliest
            editions = sorted(editions, key=lambda e: e.stamp, reverse=True)
        return next((e for e in editions if self._fingerprint_of(e) == figures), None)

    def _fingerprint_of(self, edition: Edition) -> str:
        """An edition's figures as `_fingerprint` (its items read once for it)."""
        key = (edition.where, edition.as_of)
        if key not in self._fingerprints:
            self._fingerprints[key] = _fingerprint(edition.items)
        return self._fingerprints[key]

    def _seen_again(self, edition: Edition, as_of: str, stamp: datetime) -> None:
        """Note that `edition` was published again, unchanged, as of `as_of`."""
        key = (edition.dataset, edition.as_of)
        known = parse_stamp(self._same_until.get(key, ""))
        if stamp < edition.stamp:  # dated back: its date stays its own
            log.info("%s of %s published again unchanged, dated back to %s: not a new edition", edition.dataset,
                     edition.as_of, as_of)
        elif known is None or stamp > known:
            self._same_until[key] = as_of
            log.info("%s of %s published again unchanged as of %s: not a new edition", edition.dataset,
                     edition.as_of, as_of)

    def same_until(self, edition: Edition) -> str:
        """The latest `as_of` under which this edition's figures were published again unchanged ("" if none
        was seen by this process)."""
        return self._same_until.get((edition.dataset, edition.as_of), "")


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


def _leaves(path: Path, root: Path, real_root: Path) -> bool:
    """Whether an entry, or the folder it is in, is a symbolic link to a place outside its root."""
    if not (path.is_symlink() or (path.parent != root and path.parent.is_symlink())):
        return False
    try:
        return not path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a loop of links
        return True


def _folder_date(path: Path, root: Path, now: datetime) -> tuple[bool, datetime, str]:
    """How new an entry's folder says it is (`2026-07-12`, `2026-11-25T09-00-00Z`): a sort key, newest last;
    a folder named otherwise (or none), or after a date outside the window believed (`check_stamp`: a folder
    of 2099 is not the newest), counts as the oldest."""
    name = path.parent.name if path.parent != root else ""
    day, _, time = name.partition("T")
    try:
        stamp = check_stamp(f"{day}T{time.replace('-', ':', 2)}" if time else day, now)
    except ValueError:
        return False, EARLIEST, name
    return True, stamp, name


def _fingerprint(items: tuple) -> str:
    """A dataset's figures, whatever their order: a digest of its items as JSON (two editions with the same
    one are the same edition)."""
    digest = hashlib.sha256()
    for text in sorted(json.dumps(item.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
                       for item in items):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


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
