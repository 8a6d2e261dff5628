"""Streamlit pieces every page shares: URL-bound widgets, data loading, notes, citations.

Widgets are keyed and bound to the URL (`bind="query-params"`), so a link
reproduces the view. Streamlit silently drops a link value that is not valid
for its widget; the `bound_*` helpers check the raw link value first and
leave a note that the page shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from core.params import check_choice, check_choices, check_number, check_text
from core.text import md

NOTES_KEY = "_link_notes"
NOTE_RUNS = 2  # Streamlit may rerun at once after dropping a bad link value: keep the note for that run


def note(message: str) -> None:
    st.session_state.setdefault(NOTES_KEY, {})[message] = NOTE_RUNS


def render_notes(where) -> None:
    notes = st.session_state.get(NOTES_KEY, {})
    for message, runs_left in list(notes.items()):
        where.warning(md(message), icon=":material/link_off:")
        if runs_left <= 1:
            del notes[message]
        else:
            notes[message] = runs_left - 1


def _raw(key: str) -> list[str]:
    return st.query_params.get_all(key)


def _checked(key: str, message: str | None) -> None:
    """Note a bad link value and take it out of the URL before its widget parses it.

    Streamlit drops most bad values itself, but an integer input fed "inf"
    raises (OverflowError) instead; what we judged bad never reaches it.
    """
    if not message:
        return
    note(message)
    with contextlib.suppress(Exception):  # already bound to a widget: Streamlit validates it then
        del st.query_params[key]


def check_link_choice(key: str, valid: set[str], default: str) -> None:
    _checked(key, check_choice(key, _raw(key), valid, default))


def bound_select(label: str, choices: Mapping[str, str], key: str, default: str, *, where=None,
                 help: str | None = None, keep: bool = False) -> str:
    """A selectbox whose value lives in the URL as the choice's label.

    `keep` holds the value while a page does not show the widget, so the URL
    gets it back when the user returns to a page that does.
    """
    where = where or st
    options = list(choices)
    message = check_choice(key, _raw(key), set(choices.values()), choices[default])
    _checked(key, message)
    if st.session_state.get(key, default) not in choices:  # options changed under a kept value
        st.session_state[key] = default
    return where.selectbox(label, options, index=options.index(default), format_func=choices.__getitem__,
                           key=key, bind="query-params", help=help, persist_state="session" if keep else None)


def bound_multiselect(label: str, options: list[str], key: str, *, where=None, help: str | None = None,
                      format_func=str, max_selections: int | None = None) -> list[str]:
    where = where or st
    message = check_choices(key, _raw(key), set(options))
    _checked(key, message)
    kept = [v for v in st.session_state.get(key, []) if v in options]
    if key in st.session_state and kept != st.session_state[key]:
        st.session_state[key] = kept
    return where.multiselect(label, options, key=key, bind="query-params", help=help, format_func=format_func,
                             max_selections=max_selections)


def bound_int(label: str, key: str, low: int, high: int, default: int, *, where=None,
              help: str | None = None, keep: bool = False) -> int:
    """A whole number kept in the URL.

    Drawn as a float input shown without decimals: Streamlit's integer input
    raises OverflowError on a link value of "inf", its float input rejects it.
    """
    where = where or st
    _checked(key, check_number(key, _raw(key), low, high, default))
    value = where.number_input(label, min_value=float(low), max_value=float(high), value=float(default), step=1.0,
                               format="%d", key=key, bind="query-params", help=help,
                               persist_state="session" if keep else None)
    return int(value) if value is not None and low <= value <= high else default


def bound_text(label: str, key: str, max_chars: int, *, where=None, placeholder: str = "",
               keep: bool = False) -> str:
    where = where or st
    message = check_text(key, _raw(key), max_chars)
    _checked(key, message)
    return where.text_input(label, key=key, bind="query-params", max_chars=max_chars, placeholder=placeholder,
                            persist_state="session" if keep else None).strip()


def share_link() -> str:
    """The URL of the current view: page, and every bound widget's value."""
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    base = st.context.url or ""
    if base and not urlsplit(base).path:
        base += "/"
    return f"{base}?{urlencode(pairs, safe='/()')}" if pairs else base


def render_share_link() -> None:
    st.sidebar.markdown("**Share this view**")
    st.sidebar.code(share_link(), language=None, wrap_lines=True)
    st.sidebar.caption("Copy the link (icon on the right): it opens this page with these filters.")


def bound_amount(label: str, key: str, high: float, *, where=None, help: str | None = None,
                 placeholder: str = "no limit") -> float | None:
    """An optional amount (empty = no limit) kept in the URL."""
    where = where or st
    message = check_number(key, _raw(key), 0, high, placeholder, whole=False)
    _checked(key, message)
    return where.number_input(label, min_value=0.0, max_value=high, value=None, step=1.0, key=key,
                              bind="query-params", help=help, placeholder=placeholder)


def bound_slider(label: str, key: str, low: int, high: int, default: int, *, where=None,
                 help: str | None = None) -> int:
    where = where or st
    message = check_number(key, _raw(key), low, high, default)
    _checked(key, message)
    return int(where.slider(label, low, high, default, key=key, bind="query-params", help=help))
