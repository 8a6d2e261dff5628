"""Drawing one model's profile (see `core.profile`)."""

from __future__ import annotations

import streamlit as st

from core.labels import ARENAS, INDICES
from core.profile import ModelProfile
from core.text import md
from ui.tables import FORMATS

PERCENT = st.column_config.NumberColumn("Percentile", format=FORMATS["percent"],
                                        help="Within that source: 100 = best of the models it rates.")


def _price(value: float | None) -> str:
    return "—" if value is None else f"${value:.3f}"


def render_model(profile: ModelProfile) -> None:
    st.title(md(profile.name))
    st.caption(f"{md(profile.slug)} · rated by {', '.join(profile.sources)}")
    left, middle, right = st.columns([1, 1, 2])
    left.metric("Input, $ per 1M tokens", _price(profile.input_per_1m))
    middle.metric("Output, $ per 1M tokens", _price(profile.output_per_1m))
    right.link_button("Open on OpenRouter", profile.url, icon=":material/open_in_new:")

    st.subheader("Artificial Analysis")
    if profile.indices.empty:
        st.caption("Not rated by Artificial Analysis.")
    else:
        st.dataframe(profile.indices.assign(index=profile.indices["index"].map(INDICES.get)), hide_index=True,
                     width="stretch", column_config={"index": "Index", "value": "Value", "percentile": PERCENT,
                                                     "of": "Models rated", "rank": "Rank"})

    st.subheader("Design Arena categories, best first")
    if profile.categories.empty:
        st.caption("Not rated by Design Arena.")
    else:
        st.dataframe(profile.categories.assign(arena=profile.categories["arena"].map(ARENAS.get)),
                     hide_index=True, width="stretch", column_config={
                         "arena": "Arena", "category": "Category", "elo": "ELO", "rank": "Rank",
                         "of": "Models rated", "percentile": PERCENT,
                         "win_rate": st.column_config.NumberColumn("Win rate", format="%.1f %%")})

    st.subheader("OpenRouter evals")
    if profile.evals.empty:
        st.caption("No OpenRouter evals for this model.")
    else:
        st.dataframe(profile.evals, hide_index=True, width="stretch")
