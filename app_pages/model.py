"""Model: everything known about one model, across sources."""

import streamlit as st

from core.profile import build_profile, model_choices
from ui.data import load_everything, render_citations, render_freshness
from ui.links import check_link_choice
from ui.profile import render_model

result = load_everything()
render_freshness(result)
names = model_choices(result.items)
check_link_choice("model", set(names), "no model")
slug = st.selectbox("Model", list(names), index=None, key="model", bind="query-params",
                    placeholder="Choose a model (type to search)",
                    help="Any model that Artificial Analysis, Design Arena or OpenRouter evals rate.")
if slug is None:
    st.title("Model")
    st.info("Choose a model above, or select a row in any table.", icon=":material/touch_app:")
else:
    render_model(build_profile(result.items, slug))
render_citations(result)
