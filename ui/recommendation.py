"""Drawing a recommendation (see `core.picker`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogue import WORKLOADS
from core.formats import money
from core.frames import to_arrow_table
from core.memo import memoize_on_data
from core.picker import (
    FREE_CREDITS_USD,
    FREE_LIMITS_CHECKED,
    FREE_REQUESTS_PER_DAY,
    FREE_REQUESTS_PER_DAY_WITH_CREDITS,
    FREE_REQUESTS_PER_MINUTE,
    WEIGHT_SWING,
    Recommendation,
    Workload,
    free_limit_advice,
    free_limit_miss,
)
from core.text import md
from ui.tables import model_column, table_height, to_grid_table

SWING = f"±{WEIGHT_SWING * 100:.0f}%"
FREE_LIMITS = (f"OpenRouter's free variants (ids ending in :free, or priced $0 in and out) are limited per account, "
               f"across all of them: {FREE_REQUESTS_PER_MINUTE} requests a minute and {FREE_REQUESTS_PER_DAY} a day "
               f"({FREE_REQUESTS_PER_DAY_WITH_CREDITS:,} a day once ${FREE_CREDITS_USD} of credits were ever bought); "
               f"published by OpenRouter, checked {FREE_LIMITS_CHECKED}.")
EXCLUDED_AS = {"budget": "over budget", "free limit": "past the free-variant limits",
               "coverage": "rated by too few sources", "no price": "without a price"}
SHORTLIST_COLUMNS = ("rank", "value", "model", "quality", "monthly", "blended_per_1m", "frontier",
                     "sources")  # score first; the price a catalogue money column, sent as money text
ADVICE = {"budget": "raise the budget", "coverage": "lower the sources required",
          "no price": "wait for a published price"}  # the free limits' advice depends on the workload


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def free_limits_sentence(workload: Workload) -> str:
    """The free limits, their date, and what they mean for this workload (shown where the cost is)."""
    miss = free_limit_miss(workload)
    mine = (f"Your workload: {workload.requests_per_day:,} requests a day, {workload.peak_requests_per_minute:,} "
            f"a minute at peak, ${FREE_CREDITS_USD} of credits {'bought' if workload.credits_bought else 'not bought'}")
    return f"{FREE_LIMITS} {mine}: " + ("free variants are excluded." if miss else "free variants fit.")


def top_pick_line(rec: Recommendation) -> str | None:
    """The answer in one line of Markdown: the top pick, its monthly cost and both ranks; None without one."""
    if not rec.picks or rec.refusal:
        return None
    top, n = rec.picks[0], len(rec.picks)
    return (f"**Top pick: {md(top.name)}** — " + md(f"{money(top.monthly_usd)} a month, quality rank "
                                                     f"{top.quality_rank} of {n}, price rank {top.price_rank} of {n}"))


def render_recommendation(rec: Recommendation, shortlist: int, answer=None) -> str | None:
    """Draw the answer; return the permaslug of a shortlisted model the user selected, if any.

    `answer`: a container above the inputs, for the answer in one line (on a phone the inputs stack).
    """
    if answer is not None:
        line = top_pick_line(rec)
        if line:
            answer.markdown(line)
        else:
            answer.caption("No pick for these inputs: the reason follows them.")
    kind = WORKLOADS[rec.workload.kind]
    if not rec.workload.signals:
        st.warning(kind.uncovered_reason + " Pick the closest workload yourself, knowing it is a proxy.",
                   icon=":material/block:")
        return None
    if not rec.covered:
        st.warning("No model is rated on the benchmarks for this workload in the data shown.",
                   icon=":material/block:")
        return None
    st.caption("Rests on: " + "; ".join(md(s.label) for s in rec.present) + f". {rec.rated} models are rated.")
    if rec.missing:
        st.warning(f"No data at all for {md(_and([s.label for s in rec.missing]))} in the data shown: the pick "
                   f"rests on {md(_and([s.label for s in rec.present]))} alone.", icon=":material/help:")
    for note in rec.notes:
        st.warning(note, icon=":material/warning:")
    if rec.refusal:
        st.error(md(rec.refusal), icon=":material/block:")
        return None
    selected = None
    if not rec.picks:
        kinds = [k for k in EXCLUDED_AS if (rec.excluded["kind"] == k).any()]
        advice = _and([free_limit_advice(rec.workload) if k == "free limit" else ADVICE[k] for k in kinds]
                      ) if kinds else "widen the inputs"
        st.error(md(f"No model fits: all {len(rec.excluded)} rated models are excluded ("
                    f"{_and([EXCLUDED_AS[k] for k in kinds])}). To see some, {advice}."),
                 icon=":material/money_off:")
    else:
        selected = _render_picks(rec, shortlist)
    if len(rec.excluded):
        counts = [f"{(rec.excluded['kind'] == k).sum()} {EXCLUDED_AS[k]}" for k in EXCLUDED_AS
                  if (rec.excluded["kind"] == k).any()]
        with st.expander(f"{_plural(len(rec.excluded), 'model')} excluded: {', '.join(counts)}"):
            st.caption("Nearest miss first: budget overshoot, then the free-variant limits, then coverage.")
            st.dataframe(to_arrow_table(rec.excluded, ("model", "reason", "misses_by")), hide_index=True,
                         width="stretch", height=table_height(len(rec.excluded)),
                         key="excluded", column_config={
                             "model": model_column("Model", rec.excluded["model"]), "reason": "Why excluded",
                             "misses_by": st.column_config.TextColumn(
                                 "Misses by", help="How far past your limit: the share over the budget, the cap "
                                 "or the free-variant limit; sources short of the number asked."),
                         })
    return selected


@memoize_on_data
def _shortlist_rows(rec: Recommendation, shortlist: int) -> pd.DataFrame:
    """The shortlist's rows, made once per recommendation (shared by every session)."""
    return pd.DataFrame([{
        "rank": rank, "model": pick.name, "value": pick.value_score, "quality": pick.quality,
        "monthly": money(pick.monthly_usd), "blended_per_1m": pick.blended_per_1m,
        "frontier": "yes" if pick.frontier else f"dominated by {pick.dominated_by}",
        "sources": " · ".join(pick.sources),
    } for rank, pick in enumerate(rec.picks[:shortlist], start=1)])


def shortlist_table(rec: Recommendation, shortlist: int):
    """The shortlist as the grid's Arrow table: money as every page shows it ("$0.11", "$0.075"), as
    `ui.tables.to_grid_table` sends any catalogue money column."""
    return to_grid_table(_shortlist_rows(rec, shortlist), SHORTLIST_COLUMNS)


def _render_picks(rec: Recommendation, shortlist: int) -> str | None:
    top = rec.picks[0]
    st.subheader(f"Top pick: {md(top.name)}")
    st.markdown(md(top.why))
    at_100, at_0 = rec.extremes
    st.caption(f"At quality 100 the top pick would be {md(at_100)}; at 0, {md(at_0)} (yours: "
               f"{rec.workload.quality_weight * 100:.0f}). {md(top.name)} is on the quality–cost frontier: no other "
               "model within budget has more quality at no higher cost.")
    if rec.robustness is None:
        st.caption("Only one model fits, so there is nothing to weigh it against.")
    else:
        if rec.fragile:
            st.warning(f"Fragile: with every weight moved by {SWING}, {md(top.name)} stays on top in only "
                       f"{rec.robustness:.0%} of cases; {md(rec.runner_up_on_top)} takes the top most often "
                       "otherwise.",
                       icon=":material/balance:")
        else:
            st.success(f"Robust: with every weight moved by {SWING}, {md(top.name)} stays on top in "
                       f"{rec.robustness:.0%} of cases.", icon=":material/verified:")
        left_out = (f"; left out, having no data: {md(_and([s.label for s in rec.missing]))}" if rec.missing
                    else "")
        st.caption(f"Weights moved: {md(_and(list(rec.varied)))} ({rec.variations} combinations){left_out}.")
    picks = rec.picks[:shortlist]
    rows = _shortlist_rows(rec, shortlist)
    event = st.dataframe(shortlist_table(rec, shortlist), hide_index=True, width="stretch",
                         height=table_height(len(rows)), key="shortlist", on_select="rerun",
                         # column selection switches off the grid's header sort, which would order money text
                         # as text ("$9.00" after "$10.00"), as `ui.tables.render_table` does
                         selection_mode=["single-row", "single-column"], column_config={
        "rank": st.column_config.NumberColumn("#", format="%d"),
        "model": model_column("Model", rows["model"]),
        "value": st.column_config.NumberColumn("Value score", format="%.1f",
                                               help="Quality and cheapness mixed by your weight (0–100)."),
        "quality": st.column_config.NumberColumn("Quality pct", format="%.1f",
                                                 help="Weighted mean of the model's percentiles on the "
                                                      "workload's benchmarks, each within its source."),
        "monthly": st.column_config.TextColumn("$ / month", help="Exact, for your token mix, 30-day month. "
                                               + FREE_LIMITS),
        "blended_per_1m": st.column_config.TextColumn("$ / 1M tokens", help="Blended for your mix."),
        "frontier": st.column_config.TextColumn(
            "On the frontier", help="Yes: no model within budget has more quality at no higher monthly cost. "
            "Otherwise the best-valued model that does. A dominated model is never the top pick."),
        "sources": st.column_config.TextColumn("Rated by"),
    })
    st.caption(md(free_limits_sentence(rec.workload)) + " Select a row to open the model's page.")
    st.markdown("**Why each**\n\n" + "\n".join(f"{rank}. **{md(pick.name)}**: {md(pick.why)}"
                                                 for rank, pick in enumerate(picks, start=1)))
    rows_selected = event.selection.rows if event is not None else []
    if rows_selected and rows_selected[0] < len(picks):
        return picks[rows_selected[0]].slug
    return None
