"""Model: everything known about one model, across sources."""

import streamlit as st

from core.links import model_aliases
from core.profile import build_profile, model_choices
from ui.data import load_everything, render_citations, render_freshness
from ui.links import bound_choice, render_way_back
from ui.profile import render_model

head = st.container()  # the model's name, above its picker
back = st.container()  # the way back to the view this model was opened from
result = load_everything()
render_freshness(result)
names = model_choices(result.items)
slug = bound_choice("Model", names, "model", None, aliases=model_aliases(names),
                    placeholder="Choose a model (type a name or an id)",
                    help="Any model that a source rates; type part of its name.")
render_way_back(slug, back)
profile = build_profile(result.items, slug) if slug else None
if profile is None:
    head.title("Model")
    st.info("Choose a model above, or select a row in any table.", icon=":material/touch_app:")
else:
    render_model(profile, head)
render_citations(result)
