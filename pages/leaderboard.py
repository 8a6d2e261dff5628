"""Leaderboard: Artificial Analysis indices, ranked."""

import streamlit as st

from client.data import shared_data
from client.query import BenchmarkQuery
from core.frames import to_artificial_analysis_frame

st.title("LLM benchmark scores")

with st.spinner("Loading scores…"):
    result = shared_data().load_benchmarks(BenchmarkQuery(source="artificial-analysis"), cut=False)

for problem in result.problems:
    st.warning(problem)
view = result.views[0]
st.caption(f"{view.label.capitalize()}. Data as of {view.as_of_date}. {result.meta['citation'] or ''}")
st.dataframe(
    to_artificial_analysis_frame(result.items),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("link", display_text="open")},
)
