"""Pick a model for a workload and a budget.

A workload names the benchmark signals that measure it (e.g. coding: the
Artificial Analysis coding index and Design Arena's Code ELO). Each signal
becomes a percentile within its own source; a model's quality is the weighted
mean of the percentiles it has. Cost comes from the token mix and the exact
per-token prices (`Decimal`, 30-day month). The value score mixes quality and
cheapness by the user's weight; the shortlist is ranked by it, and a grid
that moves every weight that can change a model's quality by ±WEIGHT_SWING
(and the quality weight) says how robust the top pick is. A signal's weight
changes a model's quality only where the model is rated on it and on another
signal: a model rated on one signal has that percentile as its quality, whatever
the weights. Each pick's why names the signals it rests on and those it lacks.

What the picker never does: recommend a model you cannot run (free variants
past OpenRouter's free limits are excluded), put a dominated model on top
(one another eligible model beats on quality at no higher cost), or vary the
weight of a signal that changes no eligible model's quality (no data, or no model rated on it alongside
another signal).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from client.models import MILLION
from core.catalogue import ALL, WORKLOADS, Measure, clean_name, source, workload_measures
from core.formats import format_figure, money
from core.frames import measure_by_model, pareto_frontier, percentile, rank_values
from core.memo import memoize_on_data

DAYS_PER_MONTH = 30
MINUTES_PER_DAY = 1_440
CENT = Decimal("0.01")
FRAGILE_BELOW = 0.7
WEIGHT_SWING = 0.2  # the robustness grid moves every weight by this much either way
THIN_COVERAGE = 10  # fewer rated models than this: say the ranking rests on little

# OpenRouter's free model variants (ids ending in ":free"; here also any model priced exactly $0 for input and
# output) are limited per account, across all free models together: 20 requests a minute, and 50 requests a
# (UTC) day, or 1,000 a day once at least $10 of credits were ever bought. Published by OpenRouter
# (openrouter.ai/docs/api-reference/limits), checked 2026-11-26.
FREE_LIMITS_CHECKED = "2026-11-26"
FREE_SUFFIX = ":free"
FREE_REQUESTS_PER_MINUTE = 20
FREE_REQUESTS_PER_DAY = 50
FREE_REQUESTS_PER_DAY_WITH_CREDITS = 1_000
FREE_CREDITS_USD = 10
# Assumed when the peak is not given: the busiest minute carries 3 × the day's average rate per minute.
PEAK_FACTOR = 3

# How the excluded models are ordered: budget overshoot first, then the free limits, coverage, no price;
# within each, the nearest miss first.
EXCLUSION_ORDER = ("budget", "free limit", "coverage", "no price")


def default_peak_rpm(requests_per_day: int) -> int:
    """Requests in the busiest minute when not given: PEAK_FACTOR × the average per minute, rounded up, ≥ 1."""
    return max(1, -(-PEAK_FACTOR * int(requests_per_day) // MINUTES_PER_DAY))


@dataclass(frozen=True)
class Workload:
    kind: str = "coding"  # a catalogue workload id
    arena: str = "models"
    category: str = ALL
    input_tokens: int = 2_000
    output_tokens: int = 500
    requests_per_day: int = 1_000
    max_price_per_1m: Decimal | None = None  # blended for this token mix
    max_monthly_usd: Decimal | None = None
    quality_weight: float = 0.7  # 0 = only cost matters, 1 = only quality
    min_sources: int = 1
    peak_rpm: int | None = None  # requests in the busiest minute; None = default_peak_rpm(requests_per_day)
    credits_bought: bool = False  # at least FREE_CREDITS_USD of OpenRouter credits ever bought

    @property
    def signals(self) -> tuple[Measure, ...]:
        return workload_measures(self.kind, self.arena, self.category)

    @property
    def peak_requests_per_minute(self) -> int:
        return default_peak_rpm(self.requests_per_day) if self.peak_rpm is None else self.peak_rpm

    @property
    def free_requests_per_day(self) -> int:
        return FREE_REQUESTS_PER_DAY_WITH_CREDITS if self.credits_bought else FREE_REQUESTS_PER_DAY


def is_free_variant(slug: str, prompt: Decimal | None, completion: Decimal | None) -> bool:
    """A free variant: its id ends in ":free", or it is priced exactly $0 for input and for output."""
    if str(slug).endswith(FREE_SUFFIX):
        return True
    return prompt is not None and completion is not None and prompt == 0 and completion == 0


def free_limit_miss(workload: Workload) -> tuple[str, float] | None:
    """Why this workload cannot run on a free variant, and by how much it misses (fraction over); None if it can."""
    per_day, per_minute = workload.requests_per_day, workload.peak_requests_per_minute
    day_limit = workload.free_requests_per_day
    misses, over = [], 0.0
    if per_day > day_limit:
        then = (f"with ${FREE_CREDITS_USD} of credits bought" if workload.credits_bought
                else f"{FREE_REQUESTS_PER_DAY_WITH_CREDITS:,} once ${FREE_CREDITS_USD} of credits are bought")
        misses.append(f"{per_day:,} requests a day, over OpenRouter's {day_limit:,} a day for free variants "
                      f"({then})")
        over = max(over, per_day / day_limit - 1)
    if per_minute > FREE_REQUESTS_PER_MINUTE:
        misses.append(f"{per_minute:,} requests a minute at peak, over OpenRouter's {FREE_REQUESTS_PER_MINUTE} "
                      "a minute for free variants")
        over = max(over, per_minute / FREE_REQUESTS_PER_MINUTE - 1)
    if not misses:
        return None
    return f"free variant: {'; '.join(misses)} (checked {FREE_LIMITS_CHECKED})", over


def free_limit_advice(workload: Workload) -> str:
    """What would let a free variant run this workload: credits only where they alone would do it (at most
    FREE_REQUESTS_PER_DAY_WITH_CREDITS a day and FREE_REQUESTS_PER_MINUTE at peak), else a lower request rate."""
    per_day, per_minute = workload.requests_per_day, workload.peak_requests_per_minute
    if (not workload.credits_bought and per_day <= FREE_REQUESTS_PER_DAY_WITH_CREDITS
            and per_minute <= FREE_REQUESTS_PER_MINUTE):
        return (f"buy ${FREE_CREDITS_USD} of credits (free variants then allow {FREE_REQUESTS_PER_DAY_WITH_CREDITS:,} "
                f"requests a day) or lower the request rate to {FREE_REQUESTS_PER_DAY} a day")
    lower = []
    if per_day > workload.free_requests_per_day:
        lower.append(f"{workload.free_requests_per_day:,} a day")
    if per_minute > FREE_REQUESTS_PER_MINUTE:
        lower.append(f"{FREE_REQUESTS_PER_MINUTE} a minute at peak")
    return "lower the request rate to " + " and ".join(lower or [f"{workload.free_requests_per_day:,} a day"])


def monthly_cost(prompt: Decimal, completion: Decimal, workload: Workload) -> Decimal:
    """USD per 30-day month for this token mix, exact, rounded half-up to the cent."""
    per_request = prompt * workload.input_tokens + completion * workload.output_tokens
    return (per_request * workload.requests_per_day * DAYS_PER_MONTH).quantize(CENT, rounding=ROUND_HALF_UP)


def blended_per_million(prompt: Decimal, completion: Decimal, input_tokens: int, output_tokens: int) -> Decimal:
    """USD per million tokens of this mix of input and output."""
    total = input_tokens + output_tokens
    if total <= 0:
        return (prompt + completion) / 2 * MILLION
    return (prompt * input_tokens + completion * output_tokens) / total * MILLION


@memoize_on_data
def signal_frame(items: Iterable, signals: tuple[Measure, ...]) -> pd.DataFrame:
    """Per model: each signal's figure and its percentile within its source; name and exact prices."""
    items = tuple(items)
    rows: dict[str, dict] = {}
    for item in items:
        entry = rows.setdefault(item.model_permaslug, {"model_permaslug": item.model_permaslug,
                                                       "model": clean_name(item.display_name)})
        pricing = getattr(item, "pricing", None)
        if pricing is not None and "prompt" not in entry:
            entry["prompt"], entry["completion"] = pricing.prompt, pricing.completion
    frame = pd.DataFrame(list(rows.values()), columns=["model_permaslug", "model", "prompt", "completion"])
    frame = frame.set_index("model_permaslug", drop=False)
    for signal in signals:
        frame[signal.id] = measure_by_model(items, signal).reindex(frame.index).astype(float)
        frame[f"{signal.id} pct"] = percentile(frame[signal.id])
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class Pick:
    slug: str
    name: str
    value_score: float
    quality: float
    cost_score: float
    monthly_usd: Decimal
    blended_per_1m: Decimal
    scores: dict[str, tuple[float, float]]  # measure label -> (figure, percentile)
    sources: tuple[str, ...]
    why: str = ""
    quality_rank: int = 0  # among the eligible models, 1 = best (core.frames.rank_values)
    price_rank: int = 0  # among the eligible models, 1 = cheapest a month
    frontier: bool = True  # on the quality–cost frontier of the eligible models (core.frames.pareto_frontier)
    dominated_by: str | None = None  # the best-valued eligible model with more quality at no higher cost
    free: bool = False  # a free variant (within OpenRouter's free limits, or it would be excluded)
    lacks: tuple[str, ...] = ()  # labels of the workload's signals with data that this model is not rated on


class Picks(Sequence[Pick]):
    """Every eligible model as a `Pick`, best first, each made when first read: a page reads its shortlist (five
    of what may be 100,000), and the rest are never made. Equal to any sequence of the same picks."""

    def __init__(self, frame: pd.DataFrame, signals: tuple[Measure, ...], workload: Workload) -> None:
        self._frame, self._signals, self._workload = frame, signals, workload  # frame: `recommend`'s eligible
        self._made: dict[int, Pick] = {}

    def __len__(self) -> int:
        return len(self._frame)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        position = operator.index(index)
        position += len(self) if position < 0 else 0
        if not 0 <= position < len(self):
            raise IndexError("pick index out of range")
        made = self._made.get(position)
        if made is None:
            r = self._frame.iloc[position]
            made = self._made[position] = _pick(r, self._signals, int(r["quality_rank"]), int(r["price_rank"]),
                                                len(self), self._workload)
        return made

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Picks({len(self):,} eligible)"


@dataclass(frozen=True)
class Recommendation:
    workload: Workload
    picks: Sequence[Pick]  # every eligible model, best first (`Picks`; empty: ())
    excluded: pd.DataFrame  # model, reason, misses_by (text), kind, over_by (fraction); nearest miss first
    rated: int  # models with at least one of the workload's signals
    robustness: float | None  # share of weight variations (±WEIGHT_SWING) that keep the top pick on top
    runner_up_on_top: str | None = None
    notes: tuple[str, ...] = field(default=())
    missing: tuple[Measure, ...] = ()  # the workload's signals with no data at all: nothing rests on them
    varied: tuple[str, ...] = ()  # the weights the robustness grid moves: the signals' that change some eligible
    # model's quality (`weighed_signals`), then the quality weight
    unweighed: tuple[Measure, ...] = ()  # signals with data whose weight changes no eligible model's quality
    variations: int = 0  # weight combinations tried
    extremes: tuple[str | None, str | None] = (None, None)  # the top pick at quality weight 100 and at 0
    refusal: str | None = None  # the question has no answer as asked (e.g. more sources than the workload has)

    @property
    def covered(self) -> bool:
        return bool(self.workload.signals) and self.rated > 0

    @property
    def fragile(self) -> bool:
        return self.robustness is not None and self.robustness < FRAGILE_BELOW

    @property
    def present(self) -> tuple[Measure, ...]:
        """The signals with data: the pick rests on these alone."""
        return tuple(s for s in self.workload.signals if s not in self.missing)


EXCLUDED_COLUMNS = ["model", "reason", "misses_by", "kind", "over_by"]
# The shortlist as shown: the rank, then the cost and the name (in view on a phone), then the rest; its files
# add the model's id. Labels and kinds from the catalogue (`PICK_COLUMNS`).
SHORTLIST_COLUMNS = ("rank", "monthly", "model", "value", "quality", "blended_per_1m", "frontier", "sources")
SHORTLIST_FILE_COLUMNS = (*SHORTLIST_COLUMNS, "model_permaslug")


@memoize_on_data
def to_shortlist_frame(rec: Recommendation, shortlist: int) -> pd.DataFrame:
    """The first `shortlist` picks, one row each (SHORTLIST_FILE_COLUMNS): money exact (`Decimal`), scores as
    numbers; made once per recommendation and shared."""
    return pd.DataFrame([{
        "rank": rank, "monthly": pick.monthly_usd, "model": pick.name, "value": pick.value_score,
        "quality": pick.quality, "blended_per_1m": pick.blended_per_1m,
        "frontier": "yes" if pick.frontier else f"dominated by {pick.dominated_by}",
        "sources": " · ".join(pick.sources), "model_permaslug": pick.slug,
    } for rank, pick in enumerate(rec.picks[:shortlist], start=1)], columns=list(SHORTLIST_FILE_COLUMNS))


def _scores(frame: pd.DataFrame, signals: tuple[Measure, ...], weights: tuple[float, ...]) -> pd.Series:
    pct = frame[[f"{s.id} pct" for s in signals]].to_numpy(dtype=float)
    w = pd.DataFrame(pct).notna().to_numpy() * list(weights)
    totals = w.sum(axis=1)
    weighted = pd.DataFrame(pct).fillna(0).to_numpy() * list(weights)
    quality = weighted.sum(axis=1) / totals.clip(min=1e-12)
    return pd.Series(quality, index=frame.index).where(totals > 0)


def _value(quality: pd.Series, cost_score: pd.Series, quality_weight: float) -> pd.Series:
    return quality_weight * quality + (1 - quality_weight) * cost_score


def _order(frame: pd.DataFrame, quality: pd.Series, value: pd.Series) -> pd.Index:
    """Best first: value, then quality, then the lower monthly cost, then the name.

    Cheapness is a percentile of the monthly cost, so a model that another one dominates never has the higher
    value; among models of equal value, the best quality at the lowest cost is one no other dominates. So the
    first of this order is always on the quality–cost frontier, at any weights (the robustness grid relies on it).
    """
    keys = pd.DataFrame({"value": value, "quality": quality, "cost": frame["cost"], "model": frame["model"]})
    return keys.sort_values(["value", "quality", "cost", "model"], ascending=[False, False, True, True],
                            kind="stable").index


def _first(frame: pd.DataFrame, quality: pd.Series, value: pd.Series):
    """The label `_order` puts first, found without sorting every row: each key in turn narrows the rows tied
    on the keys before it (the robustness grid asks for it at every weight)."""
    tied = np.ones(len(frame), dtype=bool)
    for keys, best in ((value, np.max), (quality, np.max), (frame["cost"], np.min)):
        keys = keys.to_numpy(float)
        if not np.isnan(keys[tied]).all():  # a missing key sorts last, as in `_order`
            tied &= keys == best(keys[tied & ~np.isnan(keys)])
    at = np.flatnonzero(tied)
    names = frame["model"].to_numpy()[at].tolist()
    return frame.index[at[names.index(min(names))]]


def _dominators(frame: pd.DataFrame) -> list[str | None]:
    """Per row of a frame in value order (`_order`: a row comes after every row that dominates it): the first
    row with more quality at no higher cost (or equal quality, lower cost); None for rows on the frontier.

    In O(n log n), without comparing pairs: that first dominator is itself on the frontier (whatever dominated
    it would dominate the row too, and come earlier), and the frontier rows that dominate a row are one run of
    the frontier taken cheapest first (there quality rises with cost): those at least as good, up to the last
    no dearer. The earliest row of that run is a range minimum (`_range_min`).
    """
    quality, cost = frame["quality"].to_numpy(float), frame["cost"].to_numpy(float)
    on = frame["frontier"].to_numpy(bool)
    names = frame["model"].tolist()
    answer: list[str | None] = [None] * len(frame)
    dominated = np.flatnonzero(~on)
    if not len(dominated):
        return answer
    line = np.flatnonzero(on)
    line = line[np.lexsort((-quality[line], cost[line]))]  # positions of the frontier rows, cheapest first
    start = np.searchsorted(quality[line], quality[dominated], side="left")  # the first at least as good
    stop = np.searchsorted(cost[line], cost[dominated], side="right")  # past the last no dearer
    found = start < stop  # always, for a frontier from core.frames.pareto_frontier of the same columns
    first = _range_min(line, start[found], stop[found])
    for row, by in zip(dominated[found].tolist(), first.tolist(), strict=True):
        answer[row] = names[by]
    return answer


def _range_min(values: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """min(values[start[k]:stop[k]]) for every k (each range non-empty), from a sparse table of
    n log n entries."""
    table = [values]
    while 2 ** len(table) <= len(values):
        half = 2 ** (len(table) - 1)
        table.append(np.minimum(table[-1][:-half], table[-1][half:]))  # level k: the min of 2**k from here
    level = np.frexp((stop - start).astype(float))[1] - 1  # the largest power of two within each range
    result = np.empty(len(start), dtype=values.dtype)
    for k in np.unique(level).tolist():
        at = level == k
        result[at] = np.minimum(table[k][start[at]], table[k][stop[at] - 2 ** k])
    return result


def _exclusion(model: str, reason: str, kind: str, over_by: float | None, misses_by: str = "") -> dict:
    if over_by is not None and not misses_by:
        misses_by = "—" if math.isinf(over_by) else f"+{over_by * 100:,.{1 if over_by < 0.1 else 0}f}%"
    return {"model": model, "reason": reason, "misses_by": misses_by, "kind": kind,
            "over_by": math.nan if over_by is None else over_by}


def _excluded_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=EXCLUDED_COLUMNS)
    if frame.empty:
        return frame
    frame["_group"] = frame["kind"].map(EXCLUSION_ORDER.index)
    frame = frame.sort_values(["_group", "over_by", "model"], na_position="last", kind="stable")
    return frame[EXCLUDED_COLUMNS].reset_index(drop=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def and_list(parts: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _refusal(workload: Workload, present: tuple[Measure, ...], missing: tuple[Measure, ...]) -> str | None:
    drawn = list(dict.fromkeys(s.source for s in present))
    if workload.min_sources <= len(drawn):
        return None
    labels = ", ".join(source(s).label if source(s) else s for s in drawn)
    gaps = list(dict.fromkeys(s.source for s in missing if s.source not in drawn))
    gap = (" (" + ", ".join(source(s).label if source(s) else s for s in gaps) + " has no data for it here)"
           if gaps else "")
    return (f"{WORKLOADS[workload.kind].label} draws on {_plural(len(drawn), 'source')} with data ({labels}){gap}, "
            f"so no model can be rated by {workload.min_sources}. Ask for at most {len(drawn)}.")


@memoize_on_data
def recommend(items: Iterable, workload: Workload) -> Recommendation:

    signals = workload.signals
    if not signals:
        return Recommendation(workload, (), _excluded_frame([]), 0, None)
    frame = signal_frame(items, signals).copy()  # shared: never modified in place
    missing = tuple(s for s in signals if not frame[s.id].notna().any())
    present = tuple(s for s in signals if s not in missing)
    frame["quality"] = _scores(frame, present, tuple(1.0 for _ in present)) if present else math.nan
    shorts = [source(s.source).short for s in present]
    frame["sources"] = [tuple(dict.fromkeys(short for short, has in zip(shorts, row, strict=True) if has))
                        for row in frame[[f"{s.id} pct" for s in present]].notna().to_numpy().tolist()]
    rated_count = int(frame["quality"].notna().sum())
    rated = frame[frame["quality"].notna()].copy()
    base = dict(missing=missing, varied=(*(s.label for s in present), "quality vs cost"))
    refusal = _refusal(workload, present, missing) if rated_count else None
    if refusal:
        return Recommendation(workload, (), _excluded_frame([]), rated_count, None, refusal=refusal, **base)

    reasons = []
    priced = rated["prompt"].notna()
    for model in rated.loc[~priced, "model"]:
        reasons.append(_exclusion(model, "no published price", "no price", None))
    rated = rated[priced].copy()
    rated["monthly"] = [monthly_cost(p, c, workload) for p, c in zip(rated["prompt"], rated["completion"],
                                                                         strict=True)]
    rated["blended"] = [blended_per_million(p, c, workload.input_tokens, workload.output_tokens)
                        for p, c in zip(rated["prompt"], rated["completion"], strict=True)]
    rated["free"] = [is_free_variant(s, p, c) for s, p, c in zip(rated["model_permaslug"], rated["prompt"],
                                                                  rated["completion"], strict=True)]
    free_miss = free_limit_miss(workload)
    cap, budget = workload.max_price_per_1m, workload.max_monthly_usd
    keep = []
    for model, sources, free, blended, monthly in zip(rated["model"], rated["sources"], rated["free"],
                                                      rated["blended"], rated["monthly"], strict=True):
        have, reason = len(sources), None
        if have < workload.min_sources:
            short = workload.min_sources - have
            reason = _exclusion(model, f"rated by {have} source(s), fewer than {workload.min_sources}",
                                "coverage", short / workload.min_sources, f"{_plural(short, 'source')} short")
        elif free and free_miss is not None:
            reason = _exclusion(model, free_miss[0], "free limit", free_miss[1])
        elif cap is not None and blended > cap:
            reason = _exclusion(model, f"{money(blended)} per 1M tokens, over the {money(cap)} cap",
                                "budget", float(blended / cap - 1) if cap > 0 else math.inf)
        elif budget is not None and monthly > budget:
            reason = _exclusion(model, f"{money(monthly)} a month, over the {money(budget)} budget",
                                "budget", float(monthly / budget - 1) if budget > 0 else math.inf)
        keep.append(reason is None)
        reasons += [reason] if reason is not None else []
    eligible = rated[np.array(keep, dtype=bool)].copy()
    excluded = _excluded_frame(reasons)
    if eligible.empty:
        return Recommendation(workload, (), excluded, rated_count, None, **base)

    eligible["cost"] = eligible["monthly"].astype(float)
    eligible["cost_score"] = percentile(-eligible["cost"])
    eligible["value"] = _value(eligible["quality"], eligible["cost_score"], workload.quality_weight)
    eligible = eligible.loc[_order(eligible, eligible["quality"], eligible["value"])]
    eligible["frontier"] = eligible.index.isin(pareto_frontier(eligible, price="cost", score="quality"))
    top = eligible.index[eligible["frontier"].to_numpy().argmax()]  # the first on the frontier: the first (_order)
    eligible = eligible.loc[[top, *(i for i in eligible.index if i != top)]]
    eligible["dominated_by"] = _dominators(eligible)
    weighed = weighed_signals(eligible, present)
    base["varied"] = (*(s.label for s in weighed), "quality vs cost")
    robustness, challenger, variations = _robustness(eligible, present, weighed, workload.quality_weight)
    extremes = tuple(eligible.loc[_first(eligible, eligible["quality"],
                                         _value(eligible["quality"], eligible["cost_score"], weight)), "model"]
                     for weight in (1.0, 0.0))
    quality_rank = rank_values(eligible["quality"])
    price_rank = rank_values(eligible["cost"], higher_is_better=False)
    picks = Picks(eligible.assign(quality_rank=quality_rank, price_rank=price_rank), present, workload)
    notes = []
    if rated_count < THIN_COVERAGE:
        notes.append(f"Only {rated_count} models are rated for this workload: the ranking rests on little data.")
    return Recommendation(workload, picks, excluded, rated_count, robustness, challenger, tuple(notes),
                          variations=variations, extremes=extremes,
                          unweighed=tuple(s for s in present if s not in weighed), **base)


def weighed_signals(eligible: pd.DataFrame, signals: tuple[Measure, ...]) -> tuple[Measure, ...]:
    """The signals whose weight changes some eligible model's quality: those a model is rated on together
    with another signal (a model rated on one signal has that percentile as its quality, whatever the weights).
    None or at least two."""
    rated = eligible[[f"{s.id} pct" for s in signals]].notna().to_numpy()
    mixed = rated.sum(axis=1) >= 2
    return tuple(s for s, column in zip(signals, rated.T, strict=True) if (column & mixed).any())


def _robustness(eligible: pd.DataFrame, signals: tuple[Measure, ...], weighed: tuple[Measure, ...],
                quality_weight: float) -> tuple[float | None, str | None, int]:
    """Share of weight variations (each weight ×0.8, ×1, ×1.2) that keep the same model on top.

    Only the weights that can change a compared model's quality are moved (`weighed`, see
    `weighed_signals`: a signal without data, or one no model has alongside another, changes nothing), and
    the quality weight; the top at each variation is chosen as the shortlist's top is (`_order`).
    """
    if len(eligible) < 2:
        return None, None, 0
    top = eligible.index[0]
    factors = (1 - WEIGHT_SWING, 1.0, 1 + WEIGHT_SWING)
    kept, total, others = 0, 0, {}
    for combo in itertools.product(factors, repeat=len(weighed) + 1):
        moved = dict(zip(weighed, combo[:-1], strict=True))
        weights = tuple(moved.get(s, 1.0) for s in signals)
        quality = _scores(eligible, signals, weights)
        value = _value(quality, eligible["cost_score"], min(1.0, quality_weight * combo[-1]))
        winner = _first(eligible, quality, value)
        total += 1
        if winner == top:
            kept += 1
        else:
            others[winner] = others.get(winner, 0) + 1
    challenger = max(others, key=others.get) if others else None
    return kept / total, (eligible.loc[challenger, "model"] if challenger is not None else None), total


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pick(r: pd.Series, signals: tuple[Measure, ...], quality_rank: int, price_rank: int, of: int,
          workload: Workload) -> Pick:
    scores = {s.label: (float(r[s.id]), float(r[f"{s.id} pct"])) for s in signals
              if pd.notna(r[f"{s.id} pct"])}
    has = [s for s in signals if pd.notna(r[f"{s.id} pct"])]
    lacks = tuple(s.label for s in signals if s not in has)
    evidence = "; ".join(f"{s.label} {format_figure(s.column, float(r[s.id]))} "
                         f"({_ordinal(round(r[f'{s.id} pct']))} percentile)" for s in has)
    rests = (f"Not rated on {and_list(list(lacks))}: its quality rests on {and_list([s.label for s in has])} alone. "
             if lacks else "")
    why = (f"{_ordinal(quality_rank)} of {of} on quality and {_ordinal(price_rank)} of {of} on price (1st = "
           f"cheapest) for this workload: {evidence}. {rests}"
           f"{money(r['monthly'])} a month for your token mix ({_ordinal(round(r['cost_score']))} percentile for "
           f"cheapness among the {of} models within budget).")
    if r["free"]:
        why += (f" A free variant: your {workload.requests_per_day:,} requests a day and "
                f"{workload.peak_requests_per_minute:,} a minute at peak fit OpenRouter's free limits "
                f"({workload.free_requests_per_day:,} a day, {FREE_REQUESTS_PER_MINUTE} a minute; checked "
                f"{FREE_LIMITS_CHECKED}).")
    return Pick(slug=r["model_permaslug"], name=r["model"], value_score=float(r["value"]),
                quality=float(r["quality"]), cost_score=float(r["cost_score"]), monthly_usd=r["monthly"],
                blended_per_1m=r["blended"], scores=scores, sources=tuple(r["sources"]), why=why,
                quality_rank=quality_rank, price_rank=price_rank, frontier=bool(r["frontier"]),
                dominated_by=r["dominated_by"] if isinstance(r["dominated_by"], str) else None,
                free=bool(r["free"]), lacks=lacks)
