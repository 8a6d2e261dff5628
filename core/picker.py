"""Pick a model for a workload and a budget.

A workload names the benchmark signals that measure it (e.g. coding: the
Artificial Analysis coding index and Design Arena's Code ELO). Each signal
becomes a percentile within its own source; a model's quality is the weighted
mean of the percentiles it has. Cost comes from the token mix and the exact
per-token prices (`Decimal`, 30-day month). The value score mixes quality and
cheapness by the user's weight; the shortlist is ranked by it, and a grid
that moves every weight by ±WEIGHT_SWING says how robust the top pick is.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from client.models import MILLION
from core.catalogue import ALL, Measure, clean_name, source, workload_measures
from core.formats import format_figure
from core.frames import measure_by_model, percentile, rank_values
from core.memo import memoize_on_data

DAYS_PER_MONTH = 30
CENT = Decimal("0.01")
FRAGILE_BELOW = 0.7
WEIGHT_SWING = 0.2  # the robustness grid moves every weight by this much either way
THIN_COVERAGE = 10  # fewer rated models than this: say the ranking rests on little


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

    @property
    def signals(self) -> tuple[Measure, ...]:
        return workload_measures(self.kind, self.arena, self.category)

    @property
    def tokens_per_request(self) -> int:
        return self.input_tokens + self.output_tokens


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


@dataclass(frozen=True)
class Recommendation:
    workload: Workload
    picks: tuple[Pick, ...]  # every eligible model, best first
    excluded: pd.DataFrame  # model, reason
    rated: int  # models with at least one of the workload's signals
    robustness: float | None  # share of weight variations (±WEIGHT_SWING) that keep the top pick on top
    runner_up_on_top: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def covered(self) -> bool:
        return bool(self.workload.signals) and self.rated > 0

    @property
    def fragile(self) -> bool:
        return self.robustness is not None and self.robustness < FRAGILE_BELOW


def _scores(frame: pd.DataFrame, signals: tuple[Measure, ...], weights: tuple[float, ...]) -> pd.Series:
    pct = frame[[f"{s.id} pct" for s in signals]].to_numpy(dtype=float)
    w = pd.DataFrame(pct).notna().to_numpy() * list(weights)
    totals = w.sum(axis=1)
    weighted = pd.DataFrame(pct).fillna(0).to_numpy() * list(weights)
    quality = weighted.sum(axis=1) / totals.clip(min=1e-12)
    return pd.Series(quality, index=frame.index).where(totals > 0)


def _value(quality: pd.Series, cost_score: pd.Series, quality_weight: float) -> pd.Series:
    return quality_weight * quality + (1 - quality_weight) * cost_score


@memoize_on_data
def recommend(items: Iterable, workload: Workload) -> Recommendation:
    signals = workload.signals
    if not signals:
        return Recommendation(workload, (), pd.DataFrame(columns=["model", "reason"]), 0, None)
    frame = signal_frame(items, signals).copy()  # shared: never modified in place
    frame["quality"] = _scores(frame, signals, tuple(1.0 for _ in signals))
    frame["sources"] = [tuple(source(s.source).short for s in signals if pd.notna(r[f"{s.id} pct"]))
                        for _, r in frame.iterrows()]
    frame["sources"] = frame["sources"].map(lambda t: tuple(dict.fromkeys(t)))
    rated = frame[frame["quality"].notna()].copy()

    reasons = []
    priced = rated["prompt"].notna()
    for _, r in rated[~priced].iterrows():
        reasons.append((r["model"], "no published price"))
    rated = rated[priced].copy()
    rated["monthly"] = [monthly_cost(p, c, workload) for p, c in zip(rated["prompt"], rated["completion"],
                                                                         strict=True)]
    rated["blended"] = [blended_per_million(p, c, workload.input_tokens, workload.output_tokens)
                        for p, c in zip(rated["prompt"], rated["completion"], strict=True)]
    keep = pd.Series(True, index=rated.index)
    for index, r in rated.iterrows():
        if len(r["sources"]) < workload.min_sources:
            reasons.append((r["model"], f"rated by {len(r['sources'])} source(s), fewer than {workload.min_sources}"))
            keep[index] = False
        elif workload.max_price_per_1m is not None and r["blended"] > workload.max_price_per_1m:
            reasons.append((r["model"], f"${r['blended']:.2f} per 1M tokens, over the ${workload.max_price_per_1m}"
                                        " cap"))
            keep[index] = False
        elif workload.max_monthly_usd is not None and r["monthly"] > workload.max_monthly_usd:
            reasons.append((r["model"], f"${r['monthly']:,} a month, over the ${workload.max_monthly_usd:,} budget"))
            keep[index] = False
    eligible = rated[keep].copy()
    excluded = pd.DataFrame(reasons, columns=["model", "reason"])
    if eligible.empty:
        return Recommendation(workload, (), excluded, int(frame["quality"].notna().sum()), None)

    eligible["cost_score"] = percentile(-eligible["monthly"].astype(float))
    eligible["value"] = _value(eligible["quality"], eligible["cost_score"], workload.quality_weight)
    eligible = eligible.sort_values(["value", "quality", "model"], ascending=[False, False, True], kind="stable")
    robustness, challenger = _robustness(eligible, signals, workload.quality_weight)
    quality_rank = rank_values(eligible["quality"])
    picks = tuple(_pick(r, signals, int(quality_rank[i]), len(eligible)) for i, r in eligible.iterrows())
    notes = []
    rated_count = int(frame["quality"].notna().sum())
    if rated_count < THIN_COVERAGE:
        notes.append(f"Only {rated_count} models are rated for this workload: the ranking rests on little data.")
    return Recommendation(workload, picks, excluded, rated_count, robustness, challenger, tuple(notes))


def _robustness(eligible: pd.DataFrame, signals: tuple[Measure, ...], quality_weight: float
                ) -> tuple[float | None, str | None]:
    """Share of weight variations (each weight ×0.8, ×1, ×1.2) that keep the same model on top."""
    if len(eligible) < 2:
        return None, None
    top = eligible.index[0]
    factors = (1 - WEIGHT_SWING, 1.0, 1 + WEIGHT_SWING)
    kept, total, others = 0, 0, {}
    for combo in itertools.product(factors, repeat=len(signals) + 1):
        weights = tuple(combo[:-1])
        quality = _scores(eligible, signals, weights)
        value = _value(quality, eligible["cost_score"], min(1.0, quality_weight * combo[-1]))
        winner = value.idxmax()
        total += 1
        if winner == top:
            kept += 1
        else:
            others[winner] = others.get(winner, 0) + 1
    challenger = max(others, key=others.get) if others else None
    return kept / total, (eligible.loc[challenger, "model"] if challenger is not None else None)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pick(r: pd.Series, signals: tuple[Measure, ...], quality_rank: int, of: int) -> Pick:
    scores = {s.label: (float(r[s.id]), float(r[f"{s.id} pct"])) for s in signals
              if pd.notna(r[f"{s.id} pct"])}
    evidence = "; ".join(f"{s.label} {format_figure(s.column, float(r[s.id]))} "
                         f"({_ordinal(round(r[f'{s.id} pct']))} percentile)"
                         for s in signals if pd.notna(r[f"{s.id} pct"]))
    why = (f"{_ordinal(quality_rank)} of {of} on quality for this workload: {evidence}. "
           f"${r['monthly']:,} a month for your token mix ({_ordinal(round(r['cost_score']))} percentile for "
           f"cheapness among the {of} models within budget).")
    return Pick(slug=r["model_permaslug"], name=r["model"], value_score=float(r["value"]),
                quality=float(r["quality"]), cost_score=float(r["cost_score"]), monthly_usd=r["monthly"],
                blended_per_1m=r["blended"], scores=scores, sources=tuple(r["sources"]), why=why)
