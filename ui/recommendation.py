"""Drawing a recommendation (see `core.picker`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogue import WORKLOADS
from core.picker import WEIGHT_SWING, Recommendation
from core.text import md

SWING = f"±{WEIGHT_SWING * 100:.0f} %"


def _money(value) -> str:
    return f"${value:,.2f}"


def render_recommendation(rec: Recommendation, shortlist: int) -> None:
    kind = WORKLOADS[rec.workload.kind]
    if not rec.workload.signals:
        st.warning(kind.uncovered_reason + " Pick the closest workload yourself, knowing it is a proxy.",
                   icon=":material/block:")
        return
    if not rec.covered:
        st.warning("No model is rated on the benchmarks for this workload in the data shown.",
                   icon=":material/block:")
        return
    st.caption("Rests on: " + "; ".join(md(s.label) for s in rec.workload.signals) +
               f". {rec.rated} models are rated.")
    for note in rec.notes:
        st.warning(note, icon=":material/warning:")
    if not rec.picks:
        st.error(f"No model fits: all {len(rec.excluded)} rated models are excluded by the budget or coverage. "
                 "Raise the budget or lower the sources required.", icon=":material/money_off:")
    else:
        top = rec.picks[0]
        st.subheader(f"Top pick: {md(top.name)}")
        st.markdown(md(top.why))
        if rec.robustness is None:
            st.caption("Only one model fits, so there is nothing to weigh it against.")
        elif rec.fragile:
            st.warning(f"Fragile: with every weight moved by {SWING}, {md(top.name)} stays on top in only "
                       f"{rec.robustness:.0%} of cases; {md(rec.runner_up_on_top)} takes the top most often "
                       "otherwise.",
                       icon=":material/balance:")
        else:
            st.success(f"Robust: with every weight moved by {SWING}, {md(top.name)} stays on top in "
                       f"{rec.robustness:.0%} of cases.", icon=":material/verified:")
        rows = pd.DataFrame([{
            "rank": rank, "model": pick.name, "value": pick.value_score, "quality": pick.quality,
            "monthly": _money(pick.monthly_usd), "per_1m": float(pick.blended_per_1m),
            "sources": " · ".join(pick.sources), "why": pick.why,
        } for rank, pick in enumerate(rec.picks[:shortlist], start=1)])
        st.dataframe(rows, hide_index=True, width="stretch", key="shortlist", column_config={
            "rank": st.column_config.NumberColumn("#", format="%d"),
            "model": "Model",
            "value": st.column_config.NumberColumn("Value score", format="%.1f",
                                                   help="Quality and cheapness mixed by your weight (0–100)."),
            "quality": st.column_config.NumberColumn("Quality pct", format="%.1f",
                                                     help="Weighted mean of the model's percentiles on the "
                                                          "workload's benchmarks, each within its source."),
            "monthly": st.column_config.TextColumn("$ / month", help="Exact, for your token mix, 30-day month."),
            "per_1m": st.column_config.NumberColumn("$ / 1M tokens", format="$%.3f", help="Blended for your mix."),
            "sources": st.column_config.TextColumn("Rated by"),
            "why": st.column_config.TextColumn("Why", width="large"),
        })
    if len(rec.excluded):
        with st.expander(f"{len(rec.excluded)} models excluded by budget, price or coverage"):
            st.dataframe(rec.excluded, hide_index=True, width="stretch",
                         column_config={"model": "Model", "reason": "Why excluded"})
