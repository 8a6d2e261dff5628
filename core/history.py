"""The archive over time: a model's rank history, a board's moves, what changed, where a metric was revised.

Pure: no Streamlit, no files. The service reads the archive (`service.archive`) into `Editions`: every
dated edition of every dataset, each one dataset exactly as published at one `as_of`, validated like an
API answer. Datasets are dated separately (OpenRouter's evals have their own `as_of`), so everything here
works per dataset and says "the board as of a date" as: each dataset's newest edition on or before that
date (UTC).

Ranks are competition ranks within one edition, by the catalogue's measures, exactly as the pages rank
today's data (`core.frames`). A model is matched across dates by its permaslug; ids that only share an
undated base are related and shown under their own ids (`core.identity`).

Revisions: a source may revise or rescale a metric between two editions (Artificial Analysis revised its
intelligence and agentic indices between 2026-07-22 and 2026-08-28). `find_breaks` finds them from the
figures alone: a *rescale* moves the figures of the models both editions rate together (their median
shifts by more than their standard deviation, or the spread grows or shrinks by half; Design
Arena's ELO drifts by up to about one, never more, between the archived dates); a *revision*
changes most figures of a metric whose figures otherwise stand still (in the archive's other pairs of
editions at most a tenth of them move; Design Arena's ELO, which moves every day, never counts as revised).
Across a break, ranks are compared, never raw figures.
"""

from __future__ import annotations

import statistics
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cached_property

import pandas as pd

from core.catalogue import (
    Measure,
    clean_name,
    column,
    dataset_def,
    dataset_title,
    measure_for,
    source,
    sources,
)
from core.filters import Filters
from core.formats import exact_decimal_text, file_value, format_figure
from core.frames import in_measure, rank_values, to_source_frame
from core.identity import related_slugs
from core.leaderboard import Leaderboard, build_leaderboard
from core.memo import memoize_on_data

JOINED_HELD = 8  # joined item tuples an Editions keeps (the Leaderboard's comparisons in use)
_LOCK = threading.Lock()
MIN_COMMON = 5  # models two editions must share for a verdict on a metric
REVISED_SHARE = 0.5  # at least this share of shared figures moved: a revision, if the metric stands still
STILL_SHARE = 0.1  # a metric stands still when at most this share moves between its other editions
SHIFT_SPREADS = 1.0  # a rescale: the median moved by a whole standard deviation ...
SPREAD_RATIO = 1.5  # ... or the spread changed by half (either way)
TOP_MOVES = 10  # moves shown per measure on What changed
PREVIOUS = "previous"  # the comparison "each dataset's previous edition" (links hold it as no value)
LATEST = "latest"  # "each dataset's newest edition"


# The window of dates believed from outside (API answers, the disk cache, Redis copies, archive files, the
# bundled snapshot): from EARLIEST to AHEAD after the clock. `check_stamp` is the one check, where they enter.
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)
_LAST_YEAR = 9998  # parse_stamp's end without a clock: a day or a zone more can never overflow


def _instant(value: object) -> datetime | None:
    """An ISO time as an instant in UTC (UTC when it names no zone); None when it is not a time."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError, TypeError):
        return None
    try:
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except OverflowError:  # year 1 or 9999 moved by its zone past what a time holds: outside every window,
        return parsed.replace(tzinfo=UTC)  # so its local time serves to say which end it lies beyond


def parse_stamp(value: str) -> datetime | None:
    """An `as_of` as an instant in UTC (UTC when it names no zone); None when it is not a time or is not in
    the years a date can have here (before EARLIEST, or past year 9998): nothing done with a time it gives
    (a date, a zone, a day added) can overflow. The clock's end of the window is `check_stamp`'s."""
    stamp = _instant(value)
    return stamp if stamp is not None and stamp >= EARLIEST and stamp.year <= _LAST_YEAR else None


def check_stamp(value: object, now: datetime) -> datetime:
    """A date from outside as an instant, if it lies in the window (EARLIEST to AHEAD after `now`, the
    clock); else ValueError saying why. Called once where each date enters."""
    shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
    stamp = _instant(value)
    if stamp is None:
        raise ValueError(f"as_of {shown} is not a time")
    if stamp < EARLIEST:
        raise ValueError(f"as_of {shown} is before {EARLIEST:%Y-%m-%d}, the earliest date believed")
    if stamp > now + AHEAD:
        raise ValueError(f"as_of {shown} is too far in the future (more than a day after the clock's "
                         f"{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC)")
    return stamp


@dataclass(frozen=True, eq=False)
class Edition:
    """One dataset as published at one `as_of`: where it was read from, and its validated items on demand.

    `load` gives the items (the service reads and validates the file when they are not in hand, and holds
    only the most recently used editions' items); what is derived from them once (`Editions.table`, the
    names) is kept on the edition, small, for as long as it is held.
    """

    dataset: str
    as_of: str
    stamp: datetime
    load: Callable[[], tuple] = field(repr=False)
    origin: str = "bundled"  # "bundled" (ships in the repo) or "archived" (kept from a live fetch)
    where: str = ""  # the file, for Data & status
    complete: bool = True
    citation: str = ""  # as its meta gave it (the catalogue's when it gave none)
    size: int = 0  # items in the file, known without reading them
    _derived: dict = field(default_factory=dict, repr=False)

    @property
    def items(self) -> tuple:
        return self.load()

    @property
    def names(self) -> dict[str, str]:
        """permaslug -> display name of every model this edition rates (kept: small)."""
        if "names" not in self._derived:
            names: dict[str, str] = {}
            for item in self.items:
                names.setdefault(item.model_permaslug, clean_name(item.display_name))
            self._derived["names"] = names
        return self._derived["names"]

    @property
    def date(self) -> str:
        return self.stamp.astimezone(UTC).date().isoformat()

    @property
    def source(self) -> str:
        found = dataset_def(self.dataset)
        return found.source if found else ""


@dataclass(frozen=True)
class Skipped:
    """An archive file that was not read, and why (Data & status lists them)."""

    where: str
    why: str


@dataclass(frozen=True, eq=False)
class Editions:
    """Every edition held, sorted by dataset then time; one object for as long as the archive is unchanged,
    so what is derived from it is computed once (`memoize_on_data`, and the tables cached on it)."""

    editions: tuple[Edition, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False)
    _joined: OrderedDict = field(default_factory=OrderedDict, repr=False)  # the last few items_of, by editions

    def of(self, dataset: str) -> tuple[Edition, ...]:
        return tuple(e for e in self.editions if e.dataset == dataset)

    def datasets(self) -> list[str]:
        return list(dict.fromkeys(e.dataset for e in self.editions))

    def dates(self) -> list[str]:
        """Every date on which some dataset has an edition, oldest first."""
        return sorted({e.date for e in self.editions})

    def at(self, dataset: str, date: str) -> Edition | None:
        """The dataset as of the end of `date` (UTC): its newest edition dated on or before it."""
        found = [e for e in self.of(dataset) if e.date <= date]
        return found[-1] if found else None

    def find(self, dataset: str, as_of: str) -> Edition | None:
        """The edition of that `as_of` (the same instant, however it is written)."""
        stamp = parse_stamp(as_of)
        return next((e for e in self.of(dataset) if e.stamp == stamp), None)

    def before(self, dataset: str, as_of: str) -> Edition | None:
        """The newest edition older than `as_of`."""
        stamp = parse_stamp(as_of)
        found = [e for e in self.of(dataset) if stamp is not None and e.stamp < stamp]
        return found[-1] if found else None

    def latest(self, dataset: str) -> Edition | None:
        found = self.of(dataset)
        return found[-1] if found else None

    def items_of(self, chosen: Iterable[Edition | None]) -> tuple:
        """The items of these editions together: the same tuple for the same editions while it is among the
        last JOINED_HELD asked (memo keys), so a page's reruns reuse what was derived from it."""
        chosen = tuple(e for e in chosen if e is not None)
        key = tuple(id(e) for e in chosen)
        with _LOCK:
            if key in self._joined:
                self._joined.move_to_end(key)
                return self._joined[key][1]
        joined = tuple(item for e in chosen for item in e.items)
        with _LOCK:
            self._joined[key] = (chosen, joined)  # the editions too: their ids stay theirs while held
            while len(self._joined) > JOINED_HELD:
                self._joined.popitem(last=False)
        return joined

    @staticmethod
    def table(edition: Edition) -> dict[str, tuple[Measure, pd.Series, pd.Series]]:
        """Per measure the edition offers: (measure, figure per model, rank per model); made once per
        edition and kept on it (a few Series: the archive's history without holding its items)."""
        if "table" not in edition._derived:
            edition._derived["table"] = _measure_table(edition)
        return edition._derived["table"]


def _measure_table(edition: Edition) -> dict[str, tuple[Measure, pd.Series, pd.Series]]:
    chosen = source(edition.source)
    if chosen is None:
        return {}
    frame = to_source_frame.__wrapped__(edition.items, chosen.id)  # once per edition: not the shared memo's
    table = {}
    for measure in chosen.measures(edition.items):
        figures = in_measure(frame, measure).groupby("model_permaslug")[measure.column].mean()
        if figures.empty:
            continue
        higher = column(measure.column).higher_is_better is not False
        table[measure.id] = (measure, figures, rank_values(figures, higher_is_better=higher))
    return table


# --- revisions -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Break:
    """Between two editions, a source revised or rescaled a metric: its raw figures do not compare."""

    dataset: str
    measure: str  # id
    label: str
    before: str  # as_of of the older edition
    after: str
    kind: str  # "revised" or "rescaled"
    moved: int  # figures that changed, of ...
    common: int  # ... the models both editions rate

    @property
    def before_stamp(self) -> datetime:
        """The older edition's instant (UTC): what every use of the dates works with, never the `as_of` text
        (which may name no zone, or another one)."""
        return parse_stamp(self.before)

    @property
    def after_stamp(self) -> datetime:
        return parse_stamp(self.after)

    def describe(self) -> str:
        name = source(dataset_def(self.dataset).source).label if dataset_def(self.dataset) else self.dataset
        how = ("revised" if self.kind == "revised" else "rescaled")
        return (f"{name} {how} {self.label} between {self.before_stamp:%Y-%m-%d} and {self.after_stamp:%Y-%m-%d} "
                f"({self.moved} of the {self.common} figures both dates have changed at once): ranks compare "
                "across that date, raw figures do not.")


def _pair(a: pd.Series, b: pd.Series) -> tuple[int, int, bool] | None:
    """(models both rate, figures that moved, rescaled) for two editions of a metric; None when too few."""
    both = a.index.intersection(b.index)
    a, b = a[both].dropna(), b[both].dropna()
    both = a.index.intersection(b.index)
    if len(both) < MIN_COMMON:
        return None
    a, b = a[both].astype(float), b[both].astype(float)
    moved = int(((a - b).abs() > 1e-9 * a.abs().clip(lower=1.0)).sum())
    spread_a, spread_b = float(a.std(ddof=0)), float(b.std(ddof=0))
    rescaled = False
    if spread_a > 0 and spread_b > 0:
        shift = abs(float(b.median()) - float(a.median())) / spread_a
        ratio = spread_b / spread_a
        rescaled = shift > SHIFT_SPREADS or not 1 / SPREAD_RATIO <= ratio <= SPREAD_RATIO
    return len(both), moved, rescaled


def find_breaks(series: list[tuple[str, pd.Series]], dataset: str = "", measure: str = "", label: str = ""
                ) -> tuple[Break, ...]:
    """Where a metric was revised or rescaled, from its figures per edition (`(as_of, figure per model)`,
    oldest first). See the module docstring for the two rules."""
    pairs = [(before, after, _pair(a, b)) for (before, a), (after, b) in zip(series, series[1:], strict=False)]
    shares = [(index, verdict[1] / verdict[0]) for index, (_, _, verdict) in enumerate(pairs) if verdict]
    found = []
    for index, (before, after, verdict) in enumerate(pairs):
        if verdict is None:
            continue
        common, moved, rescaled = verdict
        others = [share for other, share in shares if other != index]
        still = bool(others) and statistics.median(others) <= STILL_SHARE
        if rescaled or (still and moved / common >= REVISED_SHARE):
            found.append(Break(dataset, measure, label, before, after, "rescaled" if rescaled else "revised",
                               moved, common))
    return tuple(found)


def breaks_of(archive: Editions, dataset: str, measure_id: str) -> tuple[Break, ...]:
    """The breaks of one measure over a dataset's editions; computed once per archive."""
    key = ("breaks", dataset, measure_id)
    if key not in archive._cache:
        series, label = [], measure_id
        for edition in archive.of(dataset):
            entry = archive.table(edition).get(measure_id)
            if entry is not None:
                series.append((edition.as_of, entry[1]))
                label = entry[0].short_label
        archive._cache[key] = find_breaks(series, dataset, measure_id, label)
    return archive._cache[key]


def _broken(breaks: Iterable[Break], before: str, after: str) -> bool:
    """Whether a break lies between these two editions (by their `as_of`)."""
    low, high = parse_stamp(before), parse_stamp(after)
    return any(low < b.after_stamp <= high and b.before_stamp >= low for b in breaks)


# --- moves on a board ------------------------------------------------------------------------------------
def move_text(then: float | None, now: float | None) -> str | None:
    """A rank move as the tables show it: "▲3" (up three places), "▼2", "same" or "new"; None without a rank.
    ("same", not "=": a cell starting with "=" is a formula to a spreadsheet.)"""
    if now is None or pd.isna(now):
        return None
    if then is None or pd.isna(then):
        return "new"
    places = int(then) - int(now)
    return f"▲{places}" if places > 0 else f"▼{-places}" if places < 0 else "same"


def editions_then(archive: Editions, now: Mapping[str, str], since: str | None) -> dict[str, Edition | None]:
    """Per dataset shown (name -> the `as_of` shown now), the edition to compare with: its previous one
    (`since` None), or the dataset as of the end of the date `since`."""
    if since in (None, PREVIOUS):
        return {name: archive.before(name, as_of) for name, as_of in now.items()}
    return {name: archive.at(name, since) for name in now}


@dataclass(frozen=True)
class BoardMoves:
    """A board with its moves: the Leaderboard with a "move" column after the rank (the board as it was
    when nothing is archived to compare with), and per dataset shown the edition compared with."""

    board: Leaderboard
    compared: tuple[tuple[str, Edition | None], ...]
    breaks: tuple[Break, ...] = ()  # revisions of the ranked metric between the dates compared

    @property
    def shown(self) -> bool:
        return any(edition is not None for _, edition in self.compared)

    def describe(self) -> str:
        """Which dates the moves compare with, in words."""
        dated: dict[str, list[str]] = {}
        missing = []
        for name, edition in self.compared:
            if edition is None:
                missing.append(dataset_title(name))
            else:
                dated.setdefault(edition.date, []).append(dataset_title(name))
        parts = [f"{', '.join(titles)} of {date}" for date, titles in sorted(dated.items())]
        text = f"Move: the rank change since {'; '.join(parts)}." if parts else ""
        if missing:
            rates = "it rates" if len(missing) == 1 else "they rate"
            text += f" {', '.join(missing)}: no earlier archived figures; a model only {rates} has no move (—)."
        for found in dict.fromkeys(self.breaks):
            text += (f" {source(dataset_def(found.dataset).source).label} revised its {found.label} in between "
                     f"({found.before_stamp:%Y-%m-%d} → {found.after_stamp:%Y-%m-%d}): the moves compare ranks, not "
                     "figures.")
        return text.strip()


@memoize_on_data
def board_moves(board: Leaderboard, archive: Editions, now: tuple[tuple[str, str], ...], since: str | None,
                filters: Filters) -> BoardMoves:
    """The board's moves since `since` (a date, or None/PREVIOUS for each dataset's previous edition).

    `now`: (dataset, `as_of`) of each dataset the board was drawn from. The board then is ranked by the same
    filters over the editions compared with; rows are matched by permaslug (and the source's group: a Design
    Arena category, an OpenRouter benchmark), so a new dated release is "new", never another id's move.
    A dataset with nothing earlier enters the board then as it is now, so a board across sources moves only by
    the others; a model no compared dataset rates, then or now, has no move (None, shown "—").
    """
    compared = editions_then(archive, dict(now), since)
    pairs = tuple(compared.items())
    if not any(compared.values()):
        return BoardMoves(board, pairs)
    current = {name: archive.find(name, as_of) for name, as_of in now}
    used = [edition or current[name] for name, edition in compared.items()]
    then = build_leaderboard(archive.items_of(used), filters)
    group = source(filters.source).group if source(filters.source) is not None else None
    keys = ["model_permaslug", *([group] if group and group in board.ranked.columns else [])]
    ranked = board.ranked.copy()
    found = rank_moves(board.ranked, then.ranked, keys)
    if None in compared.values() and all(current[name] is not None for name, e in compared.items() if e):
        before = set().union(*(e.names for e in compared.values() if e is not None))
        after = set().union(*(current[name].names for name, e in compared.items() if e is not None))
        found = [move if slug in before else "new" if slug in after else None
                 for slug, move in zip(board.ranked["model_permaslug"], found, strict=True)]
    ranked.insert(1, "move", found)
    columns = [board.columns[0], "move", *board.columns[1:]] if board.columns[:1] == ["rank"] else \
        ["move", *board.columns]
    measure = measure_for(filters.source, filters.task_type, filters.arena, filters.category)
    breaks = tuple(b for name, edition in pairs if edition is not None and measure is not None
                   for b in breaks_of(archive, name, measure.id) if _broken((b,), edition.as_of, dict(now)[name]))
    return BoardMoves(replace(board, ranked=ranked, columns=columns), pairs, breaks)


def rank_moves(now: pd.DataFrame, then: pd.DataFrame | None, keys: list[str]) -> list[str | None]:
    """For each row of a ranked frame, its move since the ranked frame `then` (rows matched on `keys`)."""
    if then is None:
        return [None] * len(now)
    known = then.dropna(subset=["rank"])
    old = known.groupby(keys, dropna=False)["rank"].min().to_dict() if not known.empty else {}
    found = []
    for row in now[[*keys, "rank"]].itertuples(index=False):
        key = tuple(row[:-1]) if len(keys) > 1 else row[0]
        found.append(move_text(old.get(key), row[-1]))
    return found


# --- one model's history ---------------------------------------------------------------------------------
POINT_COLUMNS = ["stamp", "date", "measure_id", "measure", "model_permaslug", "figure", "figure_text",
                 "figure_shown", "rank", "of", "move", "figure_change"]  # figure_shown: for files, a number


@dataclass(frozen=True)
class SourceHistory:
    source: str
    label: str
    points: pd.DataFrame  # POINT_COLUMNS: one row per measure, id and edition (no figure: NaN, a gap)
    breaks: tuple[Break, ...]
    editions: int  # editions of the source's datasets

    @cached_property
    def rated(self) -> pd.DataFrame:
        """The points with a figure: the table's rows (made once: its grid table is cached on it)."""
        return self.points.dropna(subset=["rank"]).reset_index(drop=True)


@dataclass(frozen=True)
class ModelHistory:
    slug: str
    related: tuple[str, ...]  # ids of the same undated base found in the archive, shown under their own ids
    by_source: tuple[SourceHistory, ...]  # sources that rate the model (or a related id) on some date

    @cached_property
    def dates(self) -> int:
        """Distinct dates on which some source rated this id (its other releases' dates not counted)."""
        shown = [s.rated[s.rated["model_permaslug"] == self.slug]["date"] for s in self.by_source]
        return pd.concat(shown).nunique() if shown else 0


def _all_slugs(archive: Editions) -> set[str]:
    key = ("slugs",)
    if key not in archive._cache:
        archive._cache[key] = {slug for e in archive.editions for slug in e.names}
    return archive._cache[key]


@memoize_on_data
def build_model_history(archive: Editions, slug: str) -> ModelHistory:
    """Per source, the model's figure and rank (and those of related ids) at every edition of that source."""
    related = related_slugs(slug, _all_slugs(archive))
    ids = (slug, *related)
    by_source = []
    for chosen in sources():
        names = [d.name for d in chosen.datasets]
        editions = sorted((e for e in archive.editions if e.dataset in names), key=lambda e: e.stamp)
        rows, breaks = [], []
        measures: dict[str, str] = {}  # measure id -> its dataset, in order of first appearance
        for edition in editions:
            for measure_id, (_, figures, _) in archive.table(edition).items():
                if any(i in figures.index for i in ids):
                    measures.setdefault(measure_id, edition.dataset)
        for measure_id, dataset in measures.items():
            measure_breaks = breaks_of(archive, dataset, measure_id)
            breaks += measure_breaks
            for model in ids:
                last: tuple[str, float, int] | None = None  # as_of, figure, rank of the last point with one
                for edition in archive.of(dataset):
                    entry = archive.table(edition).get(measure_id)
                    if entry is None:
                        continue
                    measure, figures, ranks = entry
                    figure = float(figures[model]) if model in figures.index else float("nan")
                    rank = int(ranks[model]) if model in ranks.index and pd.notna(ranks[model]) else None
                    move = change = None
                    if rank is not None and last is not None:
                        move = move_text(last[2], rank)
                        if not _broken(measure_breaks, last[0], edition.as_of):
                            change = _figure_change(measure.column, figure - last[1])
                    rows.append({"stamp": edition.stamp, "date": edition.date, "measure_id": measure_id,
                                 "measure": measure.short_label, "model_permaslug": model, "figure": figure,
                                 "figure_text": format_figure(measure.column, figure),
                                 "figure_shown": file_value(column(measure.column).kind, figure), "rank": rank,
                                 "of": int(figures.notna().sum()), "move": move, "figure_change": change})
                    if rank is not None:
                        last = (edition.as_of, figure, rank)
        points = pd.DataFrame(rows, columns=POINT_COLUMNS)
        points["rank"] = points["rank"].astype("Int64")
        points["figure_shown"] = pd.Series([r["figure_shown"] for r in rows], dtype=object)  # 1431, not 1431.0
        rated = points.groupby(["measure_id", "model_permaslug"], sort=False)["rank"].transform("count") > 0
        points = points[rated].reset_index(drop=True)  # a line per measure and id that has a figure some day
        if not points.empty and points["rank"].notna().any():
            by_source.append(SourceHistory(chosen.id, chosen.label, points, tuple(breaks), len(editions)))
    return ModelHistory(slug, related, tuple(by_source))


def _figure_change(column_id: str, delta: float) -> str | None:
    if pd.isna(delta):
        return None
    text = format_figure(column_id, abs(delta))  # ▲/▼ as for ranks: a "+" or "-" would start a CSV formula
    return f"▲{text}" if delta > 0 else f"▼{text}" if delta < 0 else "same"


# --- what changed between two dates ----------------------------------------------------------------------
@dataclass(frozen=True)
class Pairing:
    """One dataset compared: the edition then and now (None: none archived by then)."""

    dataset: str
    then: Edition | None
    now: Edition | None

    @property
    def title(self) -> str:
        return dataset_title(self.dataset)

    def describe(self) -> str:
        if self.now is None:
            return f"{self.title}: no edition on or before the later date."
        if self.then is None:
            return (f"{self.title}: first archived on {self.now.date}; no earlier edition to compare with.")
        if self.then is self.now:
            return f"{self.title}: no new edition between these dates (the newest is of {self.now.date})."
        return f"{self.title}: {self.then.date} → {self.now.date}."

    @property
    def compared(self) -> bool:
        return self.then is not None and self.now is not None and self.then is not self.now


@dataclass(frozen=True)
class Changes:
    pairings: tuple[Pairing, ...]
    added: pd.DataFrame  # dataset, model, model_permaslug, note
    removed: pd.DataFrame  # dataset, model, model_permaslug, note
    moves: pd.DataFrame  # dataset, measure_id, measure, model, model_permaslug, rank_then, rank_now, places, move:
    # ranks among the models rated on both dates (`common_ranks`), so a model added or removed moves no one
    prices: pd.DataFrame  # model, model_permaslug, input_then, input_now, output_then, output_now (exact, $/1M)
    tops: pd.DataFrame  # dataset, measure_id, measure, model, model_permaslug, before (the former top-1s)
    breaks: tuple[Break, ...]


LIST_COLUMNS = ["dataset", "model", "model_permaslug", "note"]
MOVE_COLUMNS = ["dataset", "measure_id", "measure", "model", "model_permaslug", "rank_then", "rank_now", "places",
                "move"]
PRICE_COLUMNS = ["model", "model_permaslug", "input_then", "input_now", "output_then", "output_now"]
TOP_COLUMNS = ["dataset", "measure_id", "measure", "model", "model_permaslug", "before"]


def pairings(archive: Editions, since: str | None, until: str | None) -> tuple[Pairing, ...]:
    """Each dataset's edition as of `until` (None: its newest) and as of `since` (None: the edition before)."""
    found = []
    for name in archive.datasets():
        now = archive.latest(name) if until in (None, LATEST) else archive.at(name, until)
        if since in (None, PREVIOUS):
            then = archive.before(name, now.as_of) if now is not None else None
        else:
            then = archive.at(name, since)
        found.append(Pairing(name, then, now))
    return tuple(found)


def _related_note(slug: str, others: Iterable[str], how: str) -> str:
    found = related_slugs(slug, others)
    return f"{how} {', '.join(found)}" if found else ""


def _prices(archive: Editions, editions: Iterable[Edition | None]) -> dict[str, tuple[Decimal, Decimal]]:
    found: dict[str, tuple[Decimal, Decimal]] = {}
    for edition in editions:
        for item in edition.items if edition is not None else ():
            pricing = getattr(item, "pricing", None)
            if pricing is not None:
                found.setdefault(item.model_permaslug, (pricing.prompt_per_million, pricing.completion_per_million))
    return found


def dollars(amount: Decimal) -> str:
    """An exact price per 1M tokens: "$0.435", "$15.00"."""
    return f"${exact_decimal_text(amount)}"


@memoize_on_data
def build_changes(archive: Editions, since: str | None, until: str | None) -> Changes:
    """What changed from `since` to `until` (dates, or None for each dataset's previous and newest edition)."""
    pairs = pairings(archive, since, until)
    added, removed, moves, tops, breaks = [], [], [], [], []
    for pair in pairs:
        if not pair.compared:
            continue
        then_names, now_names = pair.then.names, pair.now.names
        for slug in sorted(set(now_names) - set(then_names), key=lambda s: (now_names[s].lower(), s)):
            added.append({"dataset": pair.title, "model": now_names[slug], "model_permaslug": slug,
                          "note": _related_note(slug, then_names, "another release was listed then:")})
        for slug in sorted(set(then_names) - set(now_names), key=lambda s: (then_names[s].lower(), s)):
            removed.append({"dataset": pair.title, "model": then_names[slug], "model_permaslug": slug,
                            "note": _related_note(slug, now_names, "another release is listed now:")})
        then_table, now_table = archive.table(pair.then), archive.table(pair.now)
        for measure_id, (measure, figures_now, ranks_now) in now_table.items():
            if measure_id not in then_table:
                continue
            _, figures_then, ranks_then = then_table[measure_id]
            common_then, common_now = common_ranks(measure.column, figures_then, figures_now)
            for slug in common_now.index:
                places = int(common_then[slug]) - int(common_now[slug])
                if places:
                    moves.append({"dataset": pair.title, "measure_id": measure_id, "measure": measure.short_label,
                                  "model": now_names.get(slug, slug), "model_permaslug": slug,
                                  "rank_then": int(common_then[slug]), "rank_now": int(common_now[slug]),
                                  "places": places, "move": move_text(common_then[slug], common_now[slug])})
            top_now = sorted(ranks_now.index[ranks_now == 1])
            top_then = sorted(ranks_then.index[ranks_then == 1])
            for slug in top_now:
                if slug not in top_then:
                    before = ", ".join(then_names.get(s, s) for s in top_then)
                    tops.append({"dataset": pair.title, "measure_id": measure_id, "measure": measure.short_label,
                                 "model": now_names.get(slug, slug), "model_permaslug": slug, "before": before})
            breaks += [b for b in breaks_of(archive, pair.dataset, measure_id)
                       if _broken((b,), pair.then.as_of, pair.now.as_of)]
    moves_frame = pd.DataFrame(moves, columns=MOVE_COLUMNS)
    if not moves_frame.empty:
        order = moves_frame["places"].abs().sort_values(ascending=False, kind="stable").index
        moves_frame = moves_frame.loc[order].reset_index(drop=True)
    return Changes(pairs, pd.DataFrame(added, columns=LIST_COLUMNS), pd.DataFrame(removed, columns=LIST_COLUMNS),
                   moves_frame, _price_changes(archive, pairs), pd.DataFrame(tops, columns=TOP_COLUMNS),
                   tuple(breaks))


def common_ranks(column_id: str, then: pd.Series, now: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The ranks on each date among the models rated on both (figure per model each): a model added or removed
    between the dates moves no other model."""
    then, now = then.dropna(), now.dropna()
    both = now.index.intersection(then.index)
    higher = column(column_id).higher_is_better is not False
    return (rank_values(then[both], higher_is_better=higher), rank_values(now[both], higher_is_better=higher))


def _price_changes(archive: Editions, pairs: tuple[Pairing, ...]) -> pd.DataFrame:
    compared = [p for p in pairs if p.compared]
    then = _prices(archive, (p.then for p in compared))
    now = _prices(archive, (p.now for p in compared))
    names: dict[str, str] = {}
    for pair in compared:
        for slug, name in pair.now.names.items():
            names.setdefault(slug, name)
    rows = []
    for slug in sorted(set(then) & set(now), key=lambda s: (names.get(s, s).lower(), s)):
        if then[slug] != now[slug]:
            rows.append({"model": names.get(slug, slug), "model_permaslug": slug,
                         "input_then": dollars(then[slug][0]), "input_now": dollars(now[slug][0]),
                         "output_then": dollars(then[slug][1]), "output_now": dollars(now[slug][1])})
    return pd.DataFrame(rows, columns=PRICE_COLUMNS)


def top_moves(moves: pd.DataFrame, per_measure: int = TOP_MOVES) -> pd.DataFrame:
    """The biggest moves of each measure (by places, up or down), biggest first."""
    if moves.empty:
        return moves
    return moves.groupby("measure_id", sort=False, group_keys=False).head(per_measure).reset_index(drop=True)


def risers(moves: pd.DataFrame) -> pd.DataFrame:
    """The moves up, the biggest first."""
    up = moves[moves["places"] > 0]
    return up.sort_values("places", ascending=False, kind="stable").reset_index(drop=True)


def fallers(moves: pd.DataFrame) -> pd.DataFrame:
    """The moves down, the biggest first."""
    down = moves[moves["places"] < 0]
    return down.sort_values("places", ascending=True, kind="stable").reset_index(drop=True)


def describe_date(archive: Editions, date: str) -> str:
    """A date as the pickers show it, with the sources that have an edition on it."""
    which = list(dict.fromkeys(source(e.source).short for e in archive.editions
                               if e.date == date and source(e.source) is not None))
    return f"{date} ({', '.join(which)})" if which else date


@memoize_on_data
def archived_models(archive: Editions) -> dict[str, str]:
    """permaslug -> display name (the newest edition's) of every model any edition rates."""
    names: dict[str, str] = {}
    for edition in sorted(archive.editions, key=lambda e: e.stamp, reverse=True):
        for slug, name in edition.names.items():
            names.setdefault(slug, name)
    return names


@memoize_on_data
def with_archived(current: Mapping[str, str], archive: Editions) -> dict[str, str]:
    """The model choices of today's data (permaslug -> name) and those only archived ("… (archived)"),
    sorted by name."""
    names = dict(current)
    for slug, name in archived_models(archive).items():
        names.setdefault(slug, f"{name} (archived)")
    return dict(sorted(names.items(), key=lambda pair: (pair[1].lower(), pair[0])))


@memoize_on_data
def since_choices(archive: Editions, datasets: tuple[str, ...]) -> dict[str, str]:
    """What a board's moves can compare with: each dataset's previous edition, or the board as of a date."""
    names = set(datasets)
    dates = sorted({e.date for e in archive.editions if e.dataset in names}, reverse=True)
    return {PREVIOUS: "Previous update of each source", **{d: describe_date(archive, d) for d in dates}}


@memoize_on_data
def date_choices(archive: Editions, default: str, label: str) -> dict[str, str]:
    """The dates of What changed: `default` (PREVIOUS or LATEST) first, then every archived date, newest first."""
    return {default: label, **{d: describe_date(archive, d) for d in reversed(archive.dates())}}
