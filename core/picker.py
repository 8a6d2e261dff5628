"""Pick a model for a workload and a budget.

A workload names the benchmark signals that measure it (e.g. coding: the
Artificial Analysis coding index and Design Arena's Code ELO). Each signal
becomes a percentile within its own source; a model's quality is the weighted
mean of the percentiles it has. Cost comes from the token mix and the exact
per-token prices (`Decimal`, 30-day month). The value score mixes quality and
cheapness by the user's weight; the shortlist is ranked by it, and a grid
that moves every weight by ±WEIGHT_SWING says how robust the top pick is.

What the picker never does: recommend a model you cannot run (free variants
past OpenRouter's free limits are excluded), put a dominated model on top
(one another eligible model beats on quality at no higher cost), or vary the
weight of a signal that has no data.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
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


@dataclass(frozen=True)
class Recommendation:
    workload: Workload
    picks: tuple[Pick, ...]  # every eligible model, best first
    excluded: pd.DataFrame  # model, reason, misses_by (text), kind, over_by (fraction); nearest miss first
    rated: int  # models with at least one of the workload's signals
    robustness: float | None  # share of weight variations (±WEIGHT_SWING) that keep the top pick on top
    runner_up_on_top: str | None = None
    notes: tuple[str, ...] = field(default=())
    missing: tuple[Measure, ...] = ()  # the workload's signals with no data at all: nothing rests on them
    varied: tuple[str, ...] = ()  # the weights the robustness grid moves: signals with data, then the quality weight
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


def _dominators(frame: pd.DataFrame) -> list[str | None]:
    """Per row of a frame in value order: the first row with more quality at no higher cost (or equal quality,
    lower cost); None for rows on the frontier."""
    quality, cost = frame["quality"].to_numpy(float), frame["cost"].to_numpy(float)
    beats = ((quality[None, :] >= quality[:, None]) & (cost[None, :] <= cost[:, None])
             & ((quality[None, :] > quality[:, None]) | (cost[None, :] < cost[:, None])))  # [i, j]: j beats i
    names = frame["model"].tolist()
    return [None if on else names[int(np.argmax(beats[i]))] for i, on in enumerate(frame["frontier"])]


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
    frame["sources"] = [tuple(source(s.source).short for s in present if pd.notna(r[f"{s.id} pct"]))
                        for _, r in frame.iterrows()]
    frame["sources"] = frame["sources"].map(lambda t: tuple(dict.fromkeys(t)))
    rated_count = int(frame["quality"].notna().sum())
    rated = frame[frame["quality"].notna()].copy()
    base = dict(missing=missing, varied=(*(s.label for s in present), "quality vs cost"))
    refusal = _refusal(workload, present, missing) if rated_count else None
    if refusal:
        return Recommendation(workload, (), _excluded_frame([]), rated_count, None, refusal=refusal, **base)

    reasons = []
    priced = rated["prompt"].notna()
    for _, r in rated[~priced].iterrows():
        reasons.append(_exclusion(r["model"], "no published price", "no price", None))
    rated = rated[priced].copy()
    rated["monthly"] = [monthly_cost(p, c, workload) for p, c in zip(rated["prompt"], rated["completion"],
                                                                         strict=True)]
    rated["blended"] = [blended_per_million(p, c, workload.input_tokens, workload.output_tokens)
                        for p, c in zip(rated["prompt"], rated["completion"], strict=True)]
    rated["free"] = [is_free_variant(s, p, c) for s, p, c in zip(rated["model_permaslug"], rated["prompt"],
                                                                  rated["completion"], strict=True)]
    free_miss = free_limit_miss(workload)
    cap, budget = workload.max_price_per_1m, workload.max_monthly_usd
    keep = pd.Series(True, index=rated.index)
    for index, r in rated.iterrows():
        have = len(r["sources"])
        if have < workload.min_sources:
            short = workload.min_sources - have
            reasons.append(_exclusion(r["model"], f"rated by {have} source(s), fewer than {workload.min_sources}",
                                      "coverage", short / workload.min_sources, f"{_plural(short, 'source')} short"))
        elif r["free"] and free_miss is not None:
            reasons.append(_exclusion(r["model"], free_miss[0], "free limit", free_miss[1]))
        elif cap is not None and r["blended"] > cap:
            reasons.append(_exclusion(r["model"], f"{money(r['blended'])} per 1M tokens, over the {money(cap)} cap",
                                      "budget", float(r["blended"] / cap - 1) if cap > 0 else math.inf))
        elif budget is not None and r["monthly"] > budget:
            reasons.append(_exclusion(r["model"], f"{money(r['monthly'])} a month, over the {money(budget)} budget",
                                      "budget", float(r["monthly"] / budget - 1) if budget > 0 else math.inf))
        else:
            continue
        keep[index] = False
    eligible = rated[keep].copy()
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
    robustness, challenger, variations = _robustness(eligible, present, workload.quality_weight)
    extremes = tuple(eligible.loc[_order(eligible, eligible["quality"],
                                         _value(eligible["quality"], eligible["cost_score"], weight))[0], "model"]
                     for weight in (1.0, 0.0))
    quality_rank = rank_values(eligible["quality"])
    price_rank = rank_values(eligible["cost"], higher_is_better=False)
    picks = tuple(_pick(r, present, int(quality_rank[i]), int(price_rank[i]), len(eligible), workload)
                  for i, r in eligible.iterrows())
    notes = []
    if rated_count < THIN_COVERAGE:
        notes.append(f"Only {rated_count} models are rated for this workload: the ranking rests on little data.")
    return Recommendation(workload, picks, excluded, rated_count, robustness, challenger, tuple(notes),
                          variations=variations, extremes=extremes, **base)


def _robustness(eligible: pd.DataFrame, signals: tuple[Measure, ...], quality_weight: float
                ) -> tuple[float | None, str | None, int]:
    """Share of weight variations (each weight ×0.8, ×1, ×1.2) that keep the same model on top.

    Only the weights of signals with data are moved (a signal no model has cannot change anything), and the
    quality weight; the top at each variation is chosen as the shortlist's top is (`_order`).
    """
    if len(eligible) < 2:
        return None, None, 0
    top = eligible.index[0]
    factors = (1 - WEIGHT_SWING, 1.0, 1 + WEIGHT_SWING)
    kept, total, others = 0, 0, {}
    for combo in itertools.product(factors, repeat=len(signals) + 1):
        weights = tuple(combo[:-1])
        quality = _scores(eligible, signals, weights)
        value = _value(quality, eligible["cost_score"], min(1.0, quality_weight * combo[-1]))
        winner = _order(eligible, quality, value)[0]
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
    evidence = "; ".join(f"{s.label} {format_figure(s.column, float(r[s.id]))} "
                         f"({_ordinal(round(r[f'{s.id} pct']))} percentile)"
                         for s in signals if pd.notna(r[f"{s.id} pct"]))
    why = (f"{_ordinal(quality_rank)} of {of} on quality and {_ordinal(price_rank)} of {of} on price (1st = "
           f"cheapest) for this workload: {evidence}. "
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
                free=bool(r["free"]))
