"""Router and frame of the dashboard: page config, navigation, footer."""

import streamlit as st

from client.data import shared_data

st.set_page_config(page_title="LLM benchmark scores", page_icon=":bar_chart:", layout="wide")


def read_secrets() -> dict:
    """`st.secrets` as a dict; no secrets.toml is not an error."""
    try:
        return dict(st.secrets)
    except FileNotFoundError:
        return {}


shared_data(read_secrets())  # the one data layer of this process, made on first use
page = st.navigation([st.Page("pages/leaderboard.py", title="Leaderboard", default=True)])
page.run()
