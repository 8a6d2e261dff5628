"""Link state: every choice of a view lives in the URL as a stable id, and bound widgets keep it there.

Streamlit's `bind="query-params"` writes a choice widget's *shown* text to the
URL, and the guide's measurements show that binding is what survives page
changes, reloads and Back. So each choice is two widgets: a hidden holder
bound to the URL (a text input holding the id, or for several choices a
multiselect that accepts any ids; cheap to send on every rerun), and the
visible widget showing labels, which copies the user's choice into the holder.
Numbers and text are bound directly.

Every value a link brings is read by `core.links`: the view uses what it means
at once, with a note when it was ignored; a holder seeded with an alias (a
label from an older link, another case) or a bad value is set to the id in one
moment, and the URL gets the id. The keys of the bound
widgets of a run are the page's link keys; anything else is dropped, with a
note unless the previous view left it in the link (tracking parameters
silently). A link may name a parameter as another page does (`also`): it is
read, and the URL gets this page's name. "All" is `all` in links (`*` is read).

History: Streamlit 1.67's frontend pushes a browser history entry for every
URL the server sends (each correction, each parameter dropped on a page change,
`st.switch_page`'s own parameters, the previous page's path), so one click
could leave two or three entries, while a number typed into a bound input
replaces the entry. A small script (`HISTORY_JS`, installed by the first run)
makes it one entry per user action: the first URL write after a click or a key
press makes the entry, and every other write replaces it (a page change's
later writes, a link's corrections, Back's and Forward's own). Pinned by
tests/test_browser_history.py.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection, Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from core.catalogue import ALL
from core.links import (
    ALL_ID,
    check_number,
    check_text,
    link_choices,
    link_id,
    resolve_choice,
    resolve_choices,
    unknown_page,
    unknown_params,
)
from core.text import md

NOTES_KEY = "_link_notes"
NOTE_RUNS = 2  # Streamlit may rerun at once after dropping a bad link value: keep the note for that run
FIXES_KEY = "_link_fixes"  # holder values to set before they are drawn in the next run
HOLDERS = "linkholders"  # key of the one container of this run's hidden holders; app.py hides it with CSS
HIDE_HOLDERS_CSS = f"<style>.st-key-{HOLDERS}{{display:none !important}}</style>"
LEFT_KEY = "_link_left"  # the parameters the previous run left in the link
_run = threading.local()  # this run's link keys and holder container (a script run is one thread)
HISTORY_JS = """<script>(() => {
  if (window.__linkHistory) return;  // once per tab
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  const keeper = window.__linkHistory = {armed: false, ran: false};
  const write = (state, title, url) => {  // every URL write of Streamlit's
    if (!keeper.armed) return replace(state, title, url);
    keeper.armed = false;  // the first after a user action: its entry
    return push(state, title, url);
  };
  history.pushState = history.replaceState = write;
  const act = (event) => { if (event.isTrusted) Object.assign(keeper, {armed: true, ran: false}); };
  addEventListener("pointerdown", act, true);
  addEventListener("keydown", act, true);
  addEventListener("popstate", () => { keeper.armed = false; });  // the browser moved: nothing to make
  new MutationObserver(() => {  // an action whose run wrote no URL makes no entry later
    const state = document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
    if (state === "running") keeper.ran = keeper.armed;
    else if (state === "notRunning" && keeper.ran) keeper.armed = keeper.ran = false;
  }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-test-script-state"]});
})();</script>"""


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
    """Before any widget (app.py): no link keys yet, and one hidden container for the holders."""
    _run.keys = set()
    _run.also = set()  # other pages' names of this page's parameters, read in this run
    _run.rewrites = {}
    _run.holders = st.sidebar.container(key=HOLDERS)
    _run.holders.html(HISTORY_JS, unsafe_allow_javascript=True)  # first: before this run writes the URL


def _holders():
    if getattr(_run, "holders", None) is None:  # a page run on its own (tests)
        start_run()
    return _run.holders


def _bind(key: str, also: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """Register `key` as a link key of this run; its raw values in the link, and the name they came under:
    `key`, or another page's name for the same thing (`also`, read when `key` is absent; the URL then
    gets `key`, and the other name is dropped without a note)."""
    if getattr(_run, "keys", None) is None:  # a page run on its own (tests)
        start_run()
    _run.keys.add(key)
    values = st.query_params.get_all(key)
    for name in also:
        _run.also.add(name)
        if not values and (theirs := st.query_params.get_all(name)):
            return theirs, name
    return values, key


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


def finish_run(page_keys: set[str] | None = None) -> None:
    """After the page ran (app.py): ids in place of aliases in the URL; drop parameters no widget reads.

    The dropped ones are noted, except those the previous view left in the link (a page change carries
    them; the user did not type them) and other pages' names that were read here; the same link gets the
    same note whichever pages this server showed before.
    """
    bound = (getattr(_run, "keys", None) or set()) | (page_keys or set())
    read = getattr(_run, "also", None) or set()
    rewrites = getattr(_run, "rewrites", None) or {}
    _run.keys, _run.also, _run.holders, _run.rewrites = None, None, None, {}
    left = st.session_state.get(LEFT_KEY, set())
    dropped, message = unknown_params(list(st.query_params), bound, quiet=left | read)
    if message:
        note(message)
    if rewrites or dropped:
        _write_bound_params(rewrites, dropped)
    st.session_state[LEFT_KEY] = set(st.query_params)


def _write_bound_params(values: Mapping[str, object], drop: Collection[str] = ()) -> None:
    """Put ids into the URL for holders that a link seeded with an alias or a bad value, and take `drop` out
    (a parameter a widget of the previous run is still bound to is left to Streamlit, which drops it).

    A bound parameter cannot be set through `st.query_params`, and Streamlit
    rewrites the URL for a programmatic value only when the URL does not
    already name another; so the URL is written as Streamlit writes its own
    corrections (clamped numbers, filtered options), in one message: the
    frontend makes a history entry of each message that arrives before the
    history script runs (a session's first run). Pinned by a browser test
    that opens a label link and waits for the ids.
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as params:
        changed = False
        for key, value in values.items():
            if value is None:  # the default: a clean URL has no parameter for it
                changed |= params.discard_param_no_forward_msg(key)
            else:
                params.set_with_no_forward_msg(key, [str(v) for v in value] if isinstance(value, list | tuple)
                                               else str(value))
                changed = True
        for name in drop:
            if not params.is_bound(name):
                changed |= params.discard_param_no_forward_msg(name)
        if changed:
            params._send_query_param_msg()  # one page_info_changed, as each of Streamlit's own writes sends


def _rewrite(key: str, held, value, default) -> None:
    """The link gave this holder an alias, a bad or a repeated value (`held`): the URL gets `value` after
    this run, and the holder gets it before it is drawn in the next one unless the user changed it since."""
    _run.rewrites[key] = None if value == default else value  # None: no parameter (a clean URL)
    st.session_state[FIXES_KEY] = {**st.session_state.get(FIXES_KEY, {}), key: (held, value)}


def _apply_fix(key: str) -> None:
    fixes = st.session_state.get(FIXES_KEY, {})
    if key in fixes:
        held, value = fixes[key]
        if st.session_state.get(key) == held:
            st.session_state[key] = value
        st.session_state[FIXES_KEY] = {k: v for k, v in fixes.items() if k != key}


def bound_choice(label: str, choices: Mapping[str, str], key: str, default: str | None, *, where=None,
                 help: str | None = None, keep: bool = False, aliases: Mapping[str, str] | None = None,
                 widget: str = "selectbox", placeholder: str | None = None, labels: Mapping[str, str] | None = None,
                 find: Callable[[str], tuple[str | None, str]] | None = None, also: tuple[str, ...] = ()
                 ) -> str | None:
    """One choice: the URL holds its id (`key=id`), the page shows its label.

    `keep` holds the value while a page does not show the widget, so the URL
    gets it back when the user returns to a page that does. `widget` is
    "selectbox" or "segmented". A `default` of None means nothing is chosen.
    The holder is a text input (any id fits; `core.links` judges it): cheaper
    to send on every rerun than a second list of every option.
    `labels`: what the picker shows per id when it should differ from `choices` (each label unique: Streamlit
    sends the label, and reads it back as the first option that has it). With `find`, the picker filters
    fuzzily and Enter takes the text typed: `find(text)` gives the id it means (None: none) and a sentence
    saying which, shown under the picker. `also`: other pages' names for this parameter, read too.
    The URL names "all" (core.catalogue.ALL) `all`; the page gets ALL.
    """
    where = where or st
    ids = list(choices)
    link = link_choices(choices)  # the ids a link holds
    to_link = {} if link is choices else {ALL: ALL_ID}
    if to_link and aliases:
        aliases = {alias: to_link.get(target, target) for alias, target in aliases.items()}
    link_default = None if default is None else to_link.get(default, default)
    empty = link_default or ""
    _apply_fix(key)
    raw, name = _bind(key, also)
    found = resolve_choice(name, raw, link, aliases)
    if found.note:
        note(found.note)
    held = _holders().text_input(key, value=empty, key=key, bind="query-params",
                                 persist_state="session" if keep else None, label_visibility="collapsed")
    if len(raw) > 1 or name != key:  # repeated in the link (the first counts), or under another page's name
        value = link_default if found.value is None else found.value
        _rewrite(key, held, value if value is not None else empty, empty)
    elif held in link:
        value = held
    else:  # seeded from the link with an alias or a bad value: its meaning now, the id in the URL after the run
        value = resolve_choice(key, [held], link, aliases).value if held else None
        value = link_default if value is None else value
        if held:
            _rewrite(key, held, value if value is not None else empty, empty)
    value = ALL if to_link and value == ALL_ID else value
    shown_key = f"{key}--shown"
    st.session_state[shown_key] = value

    found_key = f"{key}--found"

    def copy() -> None:
        chosen = st.session_state.get(shown_key)
        if chosen is not None and chosen not in choices and find is not None:  # typed, then Enter
            chosen, st.session_state[found_key] = find(chosen)
        if chosen is not None:
            st.session_state[key] = to_link.get(chosen, chosen)

    shown = labels or choices
    if widget == "segmented":
        where.segmented_control(label, ids, format_func=choices.__getitem__, key=shown_key, on_change=copy,
                                help=help, required=True)
    else:
        where.selectbox(label, ids, format_func=lambda i: shown.get(i, i), key=shown_key, on_change=copy,
                        help=help, placeholder=placeholder, filter_mode="fuzzy" if find else "contains",
                        accept_new_options=find is not None)
        if said := st.session_state.pop(found_key, None):
            where.caption(md(said))
    return value


CAME_FROM_KEY = "_came_from"


def open_model(slug: str, page: str, title: str) -> None:
    """Open a model's page from a table row, remembering the view (page and link) to offer a way back."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    st.session_state[CAME_FROM_KEY] = (page, title, {k: v if len(v) > 1 else v[0] for k, v in params.items()},
                                       slug)
    st.switch_page("app_pages/model.py", query_params={"model": slug})


def render_way_back(slug: str | None, where=None) -> None:
    """On the Model page: a link back to the exact view the row of this model was selected in (browser
    Back works too); none once another model is shown or the page was reached another way."""
    came_from = st.session_state.get(CAME_FROM_KEY)
    if came_from and came_from[3] == slug:
        page, title, params, _ = came_from
        (where or st).page_link(page, label=f"Back to {title}", icon=":material/arrow_back:", query_params=params)


def set_choice(key: str, value: str) -> None:
    """A button's callback: set a choice (its holder) to an id; the URL and the visible widget follow."""
    st.session_state[key] = link_id(value)


def bound_multichoice(label: str, choices: Mapping[str, str], key: str, *, where=None, help: str | None = None,
                      max_selections: int | None = None, aliases: Mapping[str, str] | None = None,
                      placeholder: str | None = None, visible: bool = True,
                      labels: Mapping[str, str] | None = None, typing: bool = True) -> list[str]:
    """Several choices: the URL holds their ids (`key=a&key=b`), the page shows their labels.

    With `visible=False` only the holder is drawn: the choice stays in the link while its picker is not shown.
    `labels`: what the picker shows per id when it should differ from `choices` (which links are read by),
    e.g. name and id, so typing either finds it. Typing filters by substring, and Enter adds the first
    match: the picker has no "Select N matches" row that Enter would take (`select_all=False`). `typing=False`:
    a list to pick from and the chips to remove, nothing typed (a page that takes typed names elsewhere).
    """
    where = where or st
    ids = list(choices)
    _apply_fix(key)
    kept, message, _ = resolve_choices(key, _bind(key)[0], choices, aliases)
    if message:
        note(message)
    if max_selections is not None and len(kept) > max_selections:
        note(f"Link parameter '{key}' named {len(kept)} values; the first {max_selections} are kept.")
    held = _holders().multiselect(key, [], key=key, bind="query-params", accept_new_options=True,
                                  label_visibility="collapsed")  # any ids fit; `core.links` judges them
    value = [v for v in held if v in choices][:max_selections]
    if value != held:  # seeded from the link with aliases or bad values: their meaning now, ids from the rerun
        value = resolve_choices(key, held, choices, aliases)[0][:max_selections]
        _rewrite(key, held, value, [])
    shown_key = f"{key}--shown"
    st.session_state[shown_key] = list(value)

    def copy() -> None:
        st.session_state[key] = list(st.session_state.get(shown_key) or [])

    if visible:
        where.multiselect(label, ids, format_func=(labels or choices).__getitem__, key=shown_key, on_change=copy,
                          help=help, max_selections=max_selections, placeholder=placeholder,
                          filter_mode="contains" if typing else None,
                          select_all=False, wrap=True)  # every chip in sight, in a column too
    return list(value)


def bound_int(label: str, key: str, low: int, high: int, default: int, *, where=None,
              help: str | None = None, keep: bool = False, also: tuple[str, ...] = ()) -> int:
    """A whole number kept in the URL (`also`: other pages' names for it, read too).

    Drawn as a float input shown without decimals: Streamlit's integer input
    raises OverflowError on a link value of "inf", its float input rejects it.
    """
    where = where or st
    values, name = _bind(key, also)
    message = check_number(name, values, low, high, default)
    _checked(key, message)
    if name != key and not message:  # under another page's name: this run uses it, the URL gets this name
        number = int(values[0].strip().replace(",", ""))
        st.session_state[key] = float(number)
        _run.rewrites[key] = None if number == default else number
    value = where.number_input(label, min_value=float(low), max_value=float(high), value=float(default), step=1.0,
                               format="%.0f", key=key, bind="query-params", help=help,
                               persist_state="session" if keep else None)
    return int(value) if value is not None and low <= value <= high else default


def bound_text(label: str, key: str, max_chars: int, *, where=None, placeholder: str = "",
               keep: bool = False) -> str:
    where = where or st
    message = check_text(key, _bind(key)[0], max_chars)
    _checked(key, message)
    return where.text_input(label, key=key, bind="query-params", max_chars=max_chars, placeholder=placeholder,
                            persist_state="session" if keep else None).strip()


def forget_unknown_page(paths: Collection[str]) -> str | None:
    """Before `st.navigation` (app.py): the page path this run's request named, quoted back (`shown`), when
    no page has it; None otherwise. Streamlit is then asked for the default page, as for "/": it would
    show its own "Page not found" dialog besides the app's note (`st.navigation` sends it when the path
    names no page; nothing else can stop it)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    _run.unknown_page = None
    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:  # a page hash: no dialog, known or not
        return None
    asked = ctx.pages_manager.intended_page_name or ""
    unknown = unknown_page(asked, paths)
    if unknown is not None:
        ctx.pages_manager.set_script_intent("", "")
        _run.unknown_page = asked
    return unknown


def share_link() -> str:
    """The URL of the current view: page, and every bound widget's value (never a path no page has)."""
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    base = st.context.url or ""
    if asked := getattr(_run, "unknown_page", None):  # the default page is shown at the unknown path
        base = base.removesuffix("/").removesuffix("/" + asked.strip("/"))
    if base and not urlsplit(base).path:
        base += "/"
    return f"{base}?{urlencode(pairs, safe='/()*,')}" if pairs else base


def render_share_link() -> None:
    """The view's link under the page, where it has the page's width to read on one line."""
    st.markdown("**Share this view**", help="The link opens this page with every choice on it, for anyone.")
    st.code(share_link(), language=None, wrap_lines=True)


def bound_amount(label: str, key: str, high: float, *, where=None, help: str | None = None,
                 placeholder: str = "no limit") -> float | None:
    """An optional amount (empty = no limit) kept in the URL."""
    where = where or st
    message = check_number(key, _bind(key)[0], 0, high, placeholder, whole=False)
    _checked(key, message)
    return where.number_input(label, min_value=0.0, max_value=high, value=None, step=1.0, key=key,
                              bind="query-params", help=help, placeholder=placeholder)


def bound_slider(label: str, key: str, low: int, high: int, default: int, *, where=None,
                 help: str | None = None) -> int:
    where = where or st
    message = check_number(key, _bind(key)[0], low, high, default)
    _checked(key, message)
    return int(where.slider(label, low, high, default, key=key, bind="query-params", help=help))


def reset_to_defaults(defaults: Mapping[str, object]) -> None:
    """A button's callback: bound widgets (holders, numbers, text) back to their defaults, by key.

    The URL drops their parameters before the page reads them, so a value that the other defaults make
    invalid (a category of another arena) is not read, and noted, once more on the way out.
    """
    for key, value in defaults.items():
        st.session_state[key] = link_id(value) if isinstance(value, str) else value
    _write_bound_params(dict.fromkeys(defaults))
