"""Leaderboard: Artificial Analysis indices, ranked."""

import os

import streamlit as st

from client import OpenRouter, OpenRouterError
from client.snapshot import read_snapshot
from core.frames import to_artificial_analysis_frame

st.title("LLM benchmark scores")

key = os.environ.get("OPENROUTER_API_KEY", "")
try:
    with st.spinner("Loading scores…"):
        if key:
            with OpenRouter(api_key=key) as client:
                response = client.benchmarks.get_benchmarks(
                    source="artificial-analysis", max_results=100
                )
            label = "Live data"
        else:
            response = read_snapshot("artificial-analysis")
            label = "Snapshot"
except OpenRouterError as error:
    st.error(f"Could not load scores: {error.message}")
    st.stop()

st.caption(f"{label} as of {response.meta.as_of[:10]}. {response.meta.citation or ''}")
frame = to_artificial_analysis_frame(response.data)
st.dataframe(
    frame,
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("link", display_text="open")},
)
