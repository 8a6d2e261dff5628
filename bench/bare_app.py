"""The baseline: a bare Streamlit page drawing the same DataFrame and a figure, nothing else.

Reads one stored API response (env BARE_DATA, default the bundled Design Arena
models arena), lets a selectbox pick a category (bound to the URL like ours),
and draws the rows with st.dataframe and a plotly scatter.
"""

import json
import os
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

DATA = Path(os.environ.get("BARE_DATA", Path(__file__).parent.parent / "data/snapshot/design-arena-models.json"))


@st.cache_data
def load(path: str) -> pd.DataFrame:
    document = json.loads(Path(path).read_text())
    return pd.json_normalize(document.get("response", document)["data"])


frame = load(str(DATA))
if "category" not in frame:
    frame["category"] = "all"
categories = sorted(frame["category"].unique())
category = st.selectbox("Category", categories, key="category", bind="query-params")
rows = frame[frame["category"] == category]
score = "elo" if "elo" in rows else "intelligence_index"
st.dataframe(rows, hide_index=True, width="stretch")
st.plotly_chart(go.Figure(go.Scatter(x=rows.get("pricing.prompt"), y=rows[score], mode="markers",
                                     text=rows["display_name"])), width="stretch")
