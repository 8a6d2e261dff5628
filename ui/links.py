"""Link state: every choice of a view lives in the URL as a stable id, and bound widgets keep it there.

Streamlit's `bind="query-params"` writes a choice widget's *shown* text to the
URL, and the guide's measurements show that binding is what survives page
changes, reloads and Back. So each choice is two widgets: a hidden holder,
bound to the URL, whose options are the ids (the URL holds `design-arena`),
and the visible widget showing labels ("Design Arena"), which copies the
user's choice into the holder. Numbers and text are bound directly.

Every value a link brings is read by `core.links` before its widget parses
it: aliases (labels of older links, other cases) become the id and the URL is
rewritten to it; bad values are dropped with a note. The keys of the bound
widgets of a run are the page's link keys; anything else is dropped (tracking
parameters silently).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from core.links import check_number, check_text, resolve_choice, resolve_choices, unknown_params
from core.text import md

NOTES_KEY = "_link_notes"
NOTE_RUNS = 2  # Streamlit may rerun at once after dropping a bad link value: keep the note for that run
KEYS_KEY = "_link_keys"  # the link keys bound in this run
REWRITES_KEY = "_link_rewrites"  # ids to write back to the URL in place of aliases
HOLDER = "linkholder-"  # container key prefix of the hidden holders; app.py hides them with CSS
HIDE_HOLDERS_CSS = f"<style>[class*='st-key-{HOLDER}']{{display:none !important}}</style>"


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


def start_run() -> None:
    """Forget the previous run's link keys (app.py, before any widget)."""
    st.session_state[KEYS_KEY] = set()


def _bind(key: str) -> list[str]:
    """Register `key` as a link key of this run; its raw values in the link."""
    st.session_state[KEYS_KEY] = {*st.session_state.get(KEYS_KEY, set()), key}
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


def _rewrite_later(key: str, value) -> None:
    st.session_state[key] = value  # the view uses the id at once
    st.session_state.setdefault(REWRITES_KEY, {})[key] = value  # the URL gets it once the holder exists


def finish_run(page_keys: set[str] | None = None) -> None:
    """After the page ran: write ids in place of aliases, drop parameters no widget read (app.py)."""
    rewrites = st.session_state.pop(REWRITES_KEY, {})
    if rewrites:
        _write_bound_params(rewrites)
    bound = st.session_state.get(KEYS_KEY, set()) | (page_keys or set())
    dropped, message = unknown_params(list(st.query_params), bound)
    if message:
        note(message)
    for name in dropped:
        with contextlib.suppress(Exception):
            del st.query_params[name]


def _write_bound_params(values: Mapping[str, object]) -> None:
    """Put ids into the URL for bound holders whose value came from an alias.

    A bound parameter cannot be set through `st.query_params`, and Streamlit
    writes a programmatic value to the URL only once the widget existed in an
    earlier run; this is the call Streamlit itself uses to correct a bound
    parameter (clamped numbers, filtered options). Pinned by a browser test.
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as params:
        for key, value in values.items():
            if isinstance(value, list | tuple):
                params.set_corrected_value(key, [str(v) for v in value], "string_array_value")
            else:
                params.set_corrected_value(key, str(value), "string_value")


def bound_choice(label: str, choices: Mapping[str, str], key: str, default: str | None, *, where=None,
                 help: str | None = None, keep: bool = False, aliases: Mapping[str, str] | None = None,
                 widget: str = "selectbox", placeholder: str | None = None) -> str | None:
    """One choice: the URL holds its id (`key=id`), the page shows its label.

    `keep` holds the value while a page does not show the widget, so the URL
    gets it back when the user returns to a page that does. `widget` is
    "selectbox" or "segmented". A `default` of None means nothing is chosen.
    """
    where = where or st
    ids = list(choices)
    found = resolve_choice(key, _bind(key), choices, aliases)
    if found.note:
        note(found.note)
    if found.value is not None and found.rewritten:
        _rewrite_later(key, found.value)
    if key in st.session_state and st.session_state[key] not in choices:  # options changed under a kept value
        st.session_state[key] = default
    holder = where.container(key=f"{HOLDER}{key}")
    value = holder.selectbox(key, ids, index=None if default is None else ids.index(default), key=key,
                             bind="query-params", persist_state="session" if keep else None,
                             label_visibility="collapsed")
    shown_key = f"{key}--shown"
    st.session_state[shown_key] = value

    def copy() -> None:
        chosen = st.session_state.get(shown_key)
        if chosen is not None:
            st.session_state[key] = chosen

    if widget == "segmented":
        where.segmented_control(label, ids, format_func=choices.__getitem__, key=shown_key, on_change=copy,
                                help=help, required=True)
    else:
        where.selectbox(label, ids, format_func=choices.__getitem__, key=shown_key, on_change=copy, help=help,
                        placeholder=placeholder, filter_mode="contains")
    return value


def bound_multichoice(label: str, choices: Mapping[str, str], key: str, *, where=None, help: str | None = None,
                      max_selections: int | None = None, aliases: Mapping[str, str] | None = None,
                      placeholder: str | None = None) -> list[str]:
    """Several choices: the URL holds their ids (`key=a&key=b`), the page shows their labels."""
    where = where or st
    ids = list(choices)
    kept, message, rewritten = resolve_choices(key, _bind(key), choices, aliases)
    if message:
        note(message)
    if max_selections is not None and len(kept) > max_selections:
        note(f"Link parameter '{key}' named {len(kept)} values; the first {max_selections} are kept.")
        kept, rewritten = kept[:max_selections], True
    if rewritten:
        _rewrite_later(key, kept)
    current = [v for v in st.session_state.get(key, []) if v in choices]
    if key in st.session_state and current != st.session_state[key]:
        st.session_state[key] = current
    holder = where.container(key=f"{HOLDER}{key}")
    value = holder.multiselect(key, ids, key=key, bind="query-params", label_visibility="collapsed")
    shown_key = f"{key}--shown"
    st.session_state[shown_key] = list(value)

    def copy() -> None:
        st.session_state[key] = list(st.session_state.get(shown_key) or [])

    where.multiselect(label, ids, format_func=choices.__getitem__, key=shown_key, on_change=copy, help=help,
                      max_selections=max_selections, placeholder=placeholder, filter_mode="contains")
    return list(value)


def bound_int(label: str, key: str, low: int, high: int, default: int, *, where=None,
              help: str | None = None, keep: bool = False) -> int:
    """A whole number kept in the URL.

    Drawn as a float input shown without decimals: Streamlit's integer input
    raises OverflowError on a link value of "inf", its float input rejects it.
    """
    where = where or st
    _checked(key, check_number(key, _bind(key), low, high, default))
    value = where.number_input(label, min_value=float(low), max_value=float(high), value=float(default), step=1.0,
                               format="%d", key=key, bind="query-params", help=help,
                               persist_state="session" if keep else None)
    return int(value) if value is not None and low <= value <= high else default


def bound_text(label: str, key: str, max_chars: int, *, where=None, placeholder: str = "",
               keep: bool = False) -> str:
    where = where or st
    message = check_text(key, _bind(key), max_chars)
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
    message = check_number(key, _bind(key), 0, high, placeholder, whole=False)
    _checked(key, message)
    return where.number_input(label, min_value=0.0, max_value=high, value=None, step=1.0, key=key,
                              bind="query-params", help=help, placeholder=placeholder)


def bound_slider(label: str, key: str, low: int, high: int, default: int, *, where=None,
                 help: str | None = None) -> int:
    where = where or st
    message = check_number(key, _bind(key), low, high, default)
    _checked(key, message)
    return int(where.slider(label, low, high, default, key=key, bind="query-params", help=help))
