"""Router and frame of the dashboard: page config, navigation, footer."""

import streamlit as st

st.set_page_config(page_title="LLM benchmark scores", page_icon=":bar_chart:", layout="wide")

page = st.navigation([st.Page("pages/leaderboard.py", title="Leaderboard", default=True)])
page.run()
