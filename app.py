"""Router and frame of the dashboard: page config, navigation, sidebar, link notes, footer."""

import streamlit as st

from core.catalogue import sources
from service.data import shared_data, shared_data_made
from service.settings import SettingsError
from service.shared_redis import one_wait
from ui.data import data_versions, render_mode_badge, render_refresh_watch
from ui.links import (
    HIDE_HOLDERS_CSS,
    finish_run,
    forget_unknown_page,
    note,
    render_notes,
    render_share_link,
    start_run,
)
from ui.sidebar import render_filters

st.set_page_config(page_title="LLM benchmark scores", page_icon=":material/leaderboard:", layout="wide")


def read_secrets() -> dict:
    """`st.secrets` as a dict; no secrets.toml is not an error."""
    try:
        return dict(st.secrets)
    except FileNotFoundError:
        return {}


try:
    if not shared_data_made():  # the one data service of this process, made on first use
        shared_data(read_secrets())
except SettingsError as error:  # refused at start, with the variable and its accepted range
    st.error(f"The dashboard cannot start: {error}", icon=":material/settings_alert:")
    st.stop()

LEADERBOARD = st.Page("app_pages/leaderboard.py", title="Leaderboard", icon=":material/leaderboard:", default=True)
COMPARE = st.Page("app_pages/compare.py", title="Compare sources", icon=":material/compare_arrows:",
                  url_path="compare")
PICK = st.Page("app_pages/pick.py", title="Pick a model", icon=":material/recommend:", url_path="pick")
VALUE = st.Page("app_pages/value.py", title="Value for money", icon=":material/paid:", url_path="value")
MODEL = st.Page("app_pages/model.py", title="Model", icon=":material/smart_toy:", url_path="model")
CHANGES = st.Page("app_pages/changes.py", title="What changed", icon=":material/update:", url_path="changes")
STATUS = st.Page("app_pages/status.py", title="Data & status", icon=":material/database:", url_path="status")
FILTERS_BY_SOURCE = {LEADERBOARD.url_path: True, COMPARE.url_path: False}  # pages with sidebar filters


PAGES = [LEADERBOARD, COMPARE, PICK, VALUE, MODEL, CHANGES, STATUS]

unknown = forget_unknown_page([p.url_path for p in PAGES])  # the default page, and this note: one message
page = st.navigation(PAGES)
if unknown:
    note(f"There is no page “/{unknown}” in this dashboard; here is the {page.title}.")
st.set_page_config(page_title=f"{page.title} · LLM benchmark scores")  # each page its own tab title
st.html(HIDE_HOLDERS_CSS)
start_run()
badge = st.sidebar.container()  # filled after the page ran: it says what the page drew from
seen = data_versions()
if page.url_path in FILTERS_BY_SOURCE:
    st.session_state["filters"] = render_filters(by_source=FILTERS_BY_SOURCE[page.url_path])

notes = st.container()
try:
    with one_wait():  # all the page's Redis calls: one 0.5 s of waiting in total, whatever Redis does
        page.run()
    finish_run()  # not after st.switch_page or st.stop: the next page's parameters are not ours to drop
finally:  # also when a page stops early: its link notes and the footer still show
    render_notes(notes)
    render_mode_badge(badge)
    render_refresh_watch(seen)  # a refresh under way: the page redraws by itself when it lands
    render_share_link()
    st.divider()
    st.caption(", ".join(s.label for s in sources()) + " figures published by OpenRouter (openrouter.ai/rankings) "
               "under CC BY 4.0. Each page names its sources and dates.")
