"""Drawing a recommendation (see `core.picker`)."""

from __future__ import annotations

import streamlit as st

from core.catalogue import WORKLOADS
from core.exports import to_csv_bytes, to_json_bytes
from core.formats import money
from core.frames import to_arrow_table
from core.picker import (
    FREE_CREDITS_USD,
    FREE_LIMITS_CHECKED,
    FREE_REQUESTS_PER_DAY,
    FREE_REQUESTS_PER_DAY_WITH_CREDITS,
    FREE_REQUESTS_PER_MINUTE,
    SHORTLIST_COLUMNS,
    SHORTLIST_FILE_COLUMNS,
    WEIGHT_SWING,
    Recommendation,
    Workload,
    and_list,
    free_limit_advice,
    free_limit_miss,
    to_shortlist_frame,
)
from core.text import md
from ui.tables import (
    BORDER_PX,
    ROW_PX,
    column_config,
    model_column,
    render_downloads,
    render_model_opener,
    table_height,
    to_grid_table,
)

SWING = f"±{WEIGHT_SWING * 100:.0f}%"
FREE_LIMITS = (f"OpenRouter's free variants (ids ending in :free, or priced $0 in and out) are limited per account, "
               f"across all of them: {FREE_REQUESTS_PER_MINUTE} requests a minute and {FREE_REQUESTS_PER_DAY} a day "
               f"({FREE_REQUESTS_PER_DAY_WITH_CREDITS:,} a day once ${FREE_CREDITS_USD} of credits were ever bought); "
               f"published by OpenRouter, checked {FREE_LIMITS_CHECKED}.")
EXCLUDED_AS = {"budget": "over budget", "free limit": "past the free-variant limits",
               "coverage": "rated by too few sources", "no price": "without a price"}
# The shortlist's grid: on a phone (390 px, about 358 for the grid) the selection box, the rank, the cost and
# the name fit side by side; names and "dominated by …" wrap onto a second line instead of being cut (Streamlit
# wraps a cell's text only in rows taller than 4rem, 64 px).
SHORTLIST_WIDTHS = {"rank": 50, "monthly": 90, "model": 175, "value": 90, "quality": 90, "frontier": 210}
SHORTLIST_ROW_PX = 66
ADVICE = {"budget": "raise the budget", "coverage": "lower the sources required",
          "no price": "wait for a published price"}  # the free limits' advice depends on the workload


_and = and_list


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
    lacks = (f"; rated on {_and(list(top.scores))} only, not on {_and(list(top.lacks))}" if top.lacks else "")
    return (f"**Top pick: {md(top.name)}** — " + md(f"{money(top.monthly_usd)} a month, quality rank "
                                                     f"{top.quality_rank} of {n}, price rank {top.price_rank} of {n}"
                                                     + lacks))


def render_recommendation(rec: Recommendation, shortlist: int, answer=None, result=None) -> str | None:
    """Draw the answer; return the permaslug of a shortlisted model the user selected, if any.

    `answer`: a container above the inputs, for the answer in one line (on a phone the inputs stack).
    `result`: the data the recommendation was made from (`BenchmarkResult`), cited in the downloads.
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
        selected = _render_picks(rec, shortlist, result)
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
            render_downloads(rec.excluded, ("model", "reason", "misses_by"), "pick-excluded", to_csv_bytes,
                             to_json_bytes, result)
    return selected


def shortlist_table(rec: Recommendation, shortlist: int):
    """The shortlist as the grid's Arrow table: money as every page shows it ("$0.11", "$0.075"), as
    `ui.tables.to_grid_table` sends any catalogue money column."""
    return to_grid_table(to_shortlist_frame(rec, shortlist), SHORTLIST_COLUMNS)


def _shortlist_config() -> dict:
    """The catalogue's columns (`core.catalogue.PICK_COLUMNS`: the labels the downloads carry too) at
    SHORTLIST_WIDTHS, and the free limits in the cost's help."""
    config = column_config(list(SHORTLIST_COLUMNS))
    for name, width in SHORTLIST_WIDTHS.items():
        config[name] = {**config[name], "width": width}
    config["monthly"] = {**config["monthly"], "help": config["monthly"]["help"] + " " + FREE_LIMITS}
    return config


def _render_picks(rec: Recommendation, shortlist: int, result=None) -> str | None:
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
        if len(rec.present) == 1:
            left_out += f"; left out: {md(rec.present[0].label)}, the only benchmark with data (its weight changes " \
                        "no model's quality)"
        elif rec.unweighed:
            left_out += (f"; left out, changing no model's quality (no model within budget is rated on "
                         f"{'it' if len(rec.unweighed) == 1 else 'them'} and on another of the workload's "
                         f"benchmarks): {md(_and([s.label for s in rec.unweighed]))}")
        alone = ""
        if top.lacks and len(rec.varied) > 1:  # signal weights moved, and none of them moves the top's quality
            alone = (f" {md(top.name)}'s quality rests on {md(_and(list(top.scores)))} alone: moving the "
                     "signals' weights moves only the other models' quality.")
        st.caption(f"Weights moved: {md(_and(list(rec.varied)))} ({rec.variations} combinations){left_out}.{alone}")
    picks = rec.picks[:shortlist]
    rows = to_shortlist_frame(rec, shortlist)
    event = st.dataframe(shortlist_table(rec, shortlist), hide_index=True, width="stretch",
                         height=len(rows) * SHORTLIST_ROW_PX + ROW_PX + BORDER_PX, row_height=SHORTLIST_ROW_PX,
                         key="shortlist", on_select="rerun",
                         # column selection switches off the grid's header sort, which would order money text
                         # as text ("$9.00" after "$10.00"), as `ui.tables.render_table` does
                         selection_mode=["single-row", "single-column"], column_config=_shortlist_config())
    opened = render_model_opener(rows, "shortlist")  # the keyboard's way to a row's model
    st.caption(md(free_limits_sentence(rec.workload)) + " Select a row to open the model's page.")
    render_downloads(rows, SHORTLIST_FILE_COLUMNS, "pick-shortlist", to_csv_bytes, to_json_bytes, result)
    st.markdown("**Why each**\n\n" + "\n".join(f"{rank}. **{md(pick.name)}**: {md(pick.why)}"
                                                 for rank, pick in enumerate(picks, start=1)))
    rows_selected = event.selection.rows if event is not None else []
    if rows_selected and rows_selected[0] < len(picks):
        return picks[rows_selected[0]].slug
    return opened
