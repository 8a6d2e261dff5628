"""Model: everything known about one model, across sources, and its rank at every archived date."""

import streamlit as st

from core.compare import find_model, model_standing, searchable_labels
from core.history import archived_models, build_model_history, with_archived
from core.links import model_aliases
from core.profile import build_profile, model_choices
from core.text import md
from ui.data import load_archive, load_everything, render_citations, render_freshness
from ui.history import render_history
from ui.links import bound_choice, render_way_back
from ui.profile import render_model

head = st.container()  # the model's name, above its picker
back = st.container()  # the way back to the view this model was opened from
result = load_everything()
archive = load_archive()
render_freshness(result)
names = with_archived(model_choices(result.items), archive)


def find(text: str) -> tuple[str | None, str]:
    """What Enter after typing opens: the model of that id or name, else the best rated close to it."""
    found = find_model(text, names, model_standing(result.items))
    return found.slug, ("Showing " if found.slug else "") + found.describe(text, names)  # escaped when shown


slug = bound_choice("Model", names, "model", None, aliases=model_aliases(names), labels=searchable_labels(names),
                    find=find, placeholder="Choose a model (type a name or an id, then Enter)",
                    help="Any model that a source rates or rated on an archived date, listed by name and id. "
                         "Enter opens the model with the name or id typed (case, spaces, dots and hyphens do "
                         "not matter), else the best rated close to it: rated by the most sources, then the "
                         "highest overall percentile.")
render_way_back(slug, back)
profile = build_profile(result.items, slug) if slug else None
if slug is None:
    head.title("Model")
    st.info("Choose a model above, or select a row in any table.", icon=":material/touch_app:")
elif profile is None:  # only in the archive
    head.title(md(archived_models(archive)[slug]))
    head.caption(f"{md(slug)} · not in today's figures; rated on archived dates only")
else:
    render_model(profile, head)
if slug is not None:
    render_history(build_model_history(archive, slug), archive)
render_citations(result)
