"""Drawing one model's profile (see `core.profile`)."""

from __future__ import annotations

import streamlit as st

from core.formats import money
from core.frames import to_arrow_table
from core.profile import ModelProfile
from core.text import md
from ui.tables import FORMATS, table_height

PERCENT = st.column_config.NumberColumn("Percentile", format=FORMATS["percent"],
                                        help="Within that source: 100 = best of the models it rates.")


def render_model(profile: ModelProfile, head=None) -> None:
    """The profile; its name and id go into `head` (a container above the model picker) when given."""
    head = head or st
    head.title(md(profile.name))
    head.caption(f"{md(profile.slug)} · rated by {md(', '.join(profile.sources))}")
    left, middle, right = st.columns([1, 1, 2])
    left.metric("Input, $ per 1M tokens", money(profile.input_per_1m))
    middle.metric("Output, $ per 1M tokens", money(profile.output_per_1m))
    right.link_button("Open on OpenRouter", profile.url, icon=":material/open_in_new:")

    for part in profile.by_source:
        st.subheader(part.label)
        if part.measures.empty:
            st.caption(f"Not rated by {part.label}.")
            continue
        shown = to_arrow_table(part.measures, ("measure", "figure", "rank", "of", "percentile"))  # made once
        st.dataframe(shown, hide_index=True,
                     width="stretch", height=table_height(len(part.measures)), placeholder="—", column_config={
                         "measure": st.column_config.TextColumn("Measure"),
                         "figure": "Figure", "rank": st.column_config.NumberColumn("Rank", format="%d"),
                         "of": st.column_config.NumberColumn("Models rated", format="%d"), "percentile": PERCENT})
    if not profile.other.empty:
        st.subheader("Other sources")
        st.caption("Sources this dashboard does not know yet: their fields as published.")
        st.dataframe(profile.other, hide_index=True, width="stretch", placeholder="—")
