"""Links: stable ids, aliases for older links, notes for bad values. Pure parser and the whole app."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.catalogue import ALL, CHARTS, ORDERS, WORKLOADS, category_choices, source_labels, task_labels
from core.links import model_aliases, resolve_choice, resolve_choices, unknown_page, unknown_params
from tests.conftest import plain

SOURCES = source_labels()
CATEGORIES = category_choices(["gamedev", "game-dev", "3d", "website", "agenticslides(html)"])


# --- the pure parser ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected", "rewritten"), [
    ("design-arena", "design-arena", False),  # the id
    ("Design Arena", "design-arena", True),  # a label, as older links held it
    ("DESIGN-ARENA", "design-arena", True),  # another case
    (" design arena ", "design-arena", True),
    ("All sources", ALL, True),
    ("bogus", None, True),
])
def test_source_values(raw, expected, rewritten):
    found = resolve_choice("source", [raw], SOURCES)
    assert (found.value, found.rewritten) == (expected, rewritten)


def test_a_value_that_matches_nothing_names_the_nearest_or_lists_the_valid_ones():
    assert "Did you mean design-arena?" in resolve_choice("source", ["design-arenna"], SOURCES).note
    note = resolve_choice("source", ["zzz"], SOURCES).note
    assert note.startswith("Ignored source='zzz': not a known value.") and "artificial-analysis" in note


def test_two_slugs_with_one_label_open_their_own_view():
    assert resolve_choice("category", ["game-dev"], CATEGORIES).value == "game-dev"
    assert resolve_choice("category", ["gamedev"], CATEGORIES).value == "gamedev"
    assert resolve_choice("category", ["Game dev [game-dev]"], CATEGORIES).value == "game-dev"


def test_repeated_values_keep_the_first_and_say_so():
    found = resolve_choice("order", ["worst", "best"], ORDERS)
    assert found.value == "worst" and "given 2 times" in found.note


def test_model_aliases_take_the_newest_dated_release_and_the_name():
    models = {"openai/gpt-5-20250807": "OpenAI: GPT-5", "openai/gpt-5-20260101": "OpenAI: GPT-5 (new)",
              "x/y": "Y"}
    aliases = model_aliases(models)
    assert aliases["openai/gpt-5"] == "openai/gpt-5-20260101"
    found = resolve_choice("model", ["openai/gpt-5"], models, aliases)
    assert found.value == "openai/gpt-5-20260101" and "openai/gpt-5-20260101" in found.note
    assert resolve_choice("model", ["OpenAI: GPT-5"], models, aliases).value == "openai/gpt-5-20250807"


def test_multi_values_resolve_each_and_drop_duplicates():
    kept, note, rewritten = resolve_choices("models", ["x/y", "Y", "nope"], {"x/y": "Y", "a/b": "B"})
    assert kept == ["x/y"] and "'nope'" in note and rewritten


@pytest.mark.parametrize(("asked", "expected"), [
    ("", None), ("compare", None), ("/pick/", None),
    ("leaderbord", "leaderbord"), ("a\x00b", "a b"), ("x" * 100, "x" * 60 + "…"),
])
def test_an_unknown_page_path_is_quoted_back_printable_and_short(asked, expected):
    assert unknown_page(asked, ["", "compare", "pick"]) == expected


def test_tracking_parameters_are_dropped_silently():
    dropped, note = unknown_params(["source", "utm_source", "fbclid", "gclid"], {"source"})
    assert dropped == ["fbclid", "gclid", "utm_source"] and note is None
    dropped, note = unknown_params(["source", "foo", "utm_x"], {"source"})
    assert dropped == ["foo", "utm_x"] and "'foo'" in note and "utm" not in note


CHOICE_SETS = [SOURCES, task_labels(), CATEGORIES, ORDERS, CHARTS, {k: w.label for k, w in WORKLOADS.items()}]


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(CHOICE_SETS), st.lists(st.text(max_size=80), max_size=3))
def test_any_link_value_resolves_to_a_valid_id_or_nothing(choices, values):
    found = resolve_choice("key", values, choices)
    assert found.value is None or found.value in choices
    if found.value is None and values:
        assert found.note and len(found.note) < 400 and "\n" not in found.note
    if values and values[0] in choices and len(values) == 1:
        assert found.value == values[0] and not found.rewritten and found.note is None


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(CHOICE_SETS), st.data())
def test_every_id_and_every_label_opens_its_choice(choices, data):
    key = data.draw(st.sampled_from(list(choices)))
    assert resolve_choice("key", [key], choices).value == key
    label = choices[key]
    assert resolve_choice("key", [label], choices).value == key
    assert resolve_choice("key", [label.upper()], choices).value == key


# --- through the whole app ---------------------------------------------------------------------------------
def shown(at, key: str) -> str:
    """The choice the page shows and uses (the visible widget), by its id."""
    name = f"{key}--shown"
    return (at.segmented_control(key=name) if key == "chart" else at.selectbox(key=name)).value


def notes(at) -> list[str]:
    return [plain(w.value) for w in at.warning]


HAND_TYPED = [  # API values and the app's own ids, typed by hand
    ({"source": "design-arena", "arena": "agents", "category": "fullstack"}, None,
     {"source": "design-arena", "arena": "agents", "category": "fullstack"}),
    ({"source": "design-arena", "category": "gamedev"}, None, {"source": "design-arena", "category": "gamedev"}),
    ({"source": "artificial-analysis", "task_type": "coding"}, None, {"task_type": "coding"}),
    ({"order": "worst", "sort": "coding_index"}, None, {"order": "worst", "sort": "coding_index"}),
    ({"workload": "coding"}, "app_pages/pick.py", {"workload": "coding"}),
    ({"workload": "design", "da_category": "gamedev"}, "app_pages/pick.py", {"da_category": "gamedev"}),
    ({"metric": "aa.coding_index"}, "app_pages/value.py", {"metric": "aa.coding_index"}),
    ({"metric": "da.models.gamedev"}, "app_pages/value.py", {"metric": "da.models.gamedev"}),
    ({"chart": "heatmap"}, "app_pages/compare.py", {"chart": "heatmap"}),
]
SHARED_WITH_LABELS = [  # links teams shared before ids: still open the same view
    ({"source": "Design Arena", "category": "Game dev"}, None, {"source": "design-arena", "category": "gamedev"}),
    ({"source": "All sources", "task_type": "Coding"}, None, {"source": ALL, "task_type": "coding"}),
    ({"sort": "$ in /1M", "order": "Best first"}, None, {"sort": "input_per_1m", "order": "best"}),
    ({"workload": "Design Arena category", "da_category": "Game dev"}, "app_pages/pick.py",
     {"workload": "design", "da_category": "gamedev"}),
    ({"metric": "Design Arena ELO · Game dev (Models)"}, "app_pages/value.py", {"metric": "da.models.gamedev"}),
    ({"chart": "Chosen models, side by side"}, "app_pages/compare.py", {"chart": "bars"}),
    ({"chart": "Coding index vs Design Arena ELO"}, "app_pages/compare.py", {"chart": "scatter"}),
    ({"source": "DESIGN ARENA", "category": "GAME DEV"}, None, {"source": "design-arena", "category": "gamedev"}),
]


@pytest.mark.parametrize(("params", "page", "expected"), HAND_TYPED + SHARED_WITH_LABELS)
def test_links_open_the_view_they_name(app, params, page, expected):
    at = app(params, page=page)
    assert not at.exception
    for key, value in expected.items():
        assert shown(at, key) == value, key
    assert not [n for n in notes(at) if "Ignored" in n], notes(at)


def test_a_hand_typed_design_arena_link_shows_the_right_rows(app):
    at = app({"source": "design-arena", "category": "gamedev", "max_results": "3"})
    rows = at.dataframe[0].value
    assert rows["model"].tolist() == ["MoonshotAI: Kimi K3", "Anthropic: Claude Fable 5", "Claude Opus 5"]
    assert at.selectbox(key="category--shown").value == "gamedev"  # the widget people see shows the label
    assert "Game dev" in at.selectbox(key="category--shown").options


PAGES = [None, "app_pages/compare.py", "app_pages/pick.py", "app_pages/value.py", "app_pages/model.py",
         "app_pages/status.py"]
KEYS = ["source", "task_type", "arena", "category", "max_results", "q", "sort", "order", "models", "model",
        "metric", "workload", "da_arena", "da_category", "input_tokens", "output_tokens", "requests_per_day",
        "price_cap", "monthly_budget", "quality", "min_sources", "chart", "peak_rpm", "credits", "min_coverage",
        "../../etc/passwd",
        "x" * 300]
NASTY = ["", "-1", "1e309", "NaN", "inf", "99999999999999999999999", "0x10", "١٢٣", "<script>alert(1)</script>",
         "[x](javascript:1)", "..%2F..%2Fetc%2Fpasswd", "\x00", "\u202e\u202d", "😀" * 50, "a" * 5000,
         "=cmd|' /C calc'!A0", ":red[boom]", "**bold**", "\n\n# heading", "nobody/nothing", "Game dev", "coding"]


def hostile_links(seed: int, count: int) -> list[tuple[str | None, dict]]:
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        params: dict[str, list[str]] = {}
        for _ in range(rng.randint(1, 5)):
            params.setdefault(rng.choice(KEYS), []).extend(rng.choice(NASTY) for _ in range(rng.choice([1, 1, 2])))
        cases.append((PAGES[index % len(PAGES)], {k: v if len(v) > 1 else v[0] for k, v in params.items()}))
    return cases


@pytest.mark.parametrize(("page", "params"), hostile_links(seed=2026, count=36))
def test_hostile_links_raise_nothing_and_show_nothing_live(app, page, params):
    at = app(params, page=page)
    assert not at.exception, at.exception[0].value[:300]
    for element in list(at.markdown) + list(at.title) + list(at.subheader) + list(at.warning):
        assert "<script>" not in element.value and "](javascript" not in element.value


def test_a_holder_seeded_with_an_alias_holds_the_id_from_the_next_run(app):
    at = app({"source": "Design Arena", "category": "Game dev"})
    assert at.text_input(key="source").value == "Design Arena"  # as the link brought it; the view uses the id
    at.run()
    assert at.text_input(key="source").value == "design-arena" and at.text_input(key="category").value == "gamedev"
    assert at.dataframe[0].value["model"].iloc[0] == "MoonshotAI: Kimi K3"


@pytest.mark.parametrize(("value", "said"), [
    ("nope", "Ignored chart='nope': not a known value."),
    (["bars", "heatmap"], "Link parameter 'chart' was given 2 times; only the first counts."),
])
def test_a_bad_or_repeated_chart_is_noted(app, value, said):
    at = app({"chart": value}, page="app_pages/compare.py")
    assert any(said in n for n in notes(at)), notes(at)
    assert shown(at, "chart") == ("bars" if isinstance(value, list) else "scatter")


def test_a_name_two_ids_share_opens_the_dated_release():
    models = {"anthropic/claude-opus-5": "Claude Opus 5", "anthropic/claude-opus-5-20260723": "Claude Opus 5",
              "x/solo": "Solo"}
    aliases = model_aliases(models)
    assert aliases["Claude Opus 5"] == "anthropic/claude-opus-5-20260723"
    assert resolve_choice("model", ["claude opus 5"], models, aliases).value == "anthropic/claude-opus-5-20260723"
    assert resolve_choice("model", ["anthropic/claude-opus-5"], models, aliases).value == "anthropic/claude-opus-5"


# --- issue 21: nearest suggestions, a readable "all", names shared across pages, bounded work -------------
MODELS = {**{f"amazon/nova-{i}": f"Amazon: Nova {i}" for i in range(40)},
          **{f"moonshotai/kimi-k{i}": f"MoonshotAI: Kimi K{i}" for i in range(1, 8)},
          "openai/gpt-5": "OpenAI: GPT-5"}


def test_a_part_of_several_names_suggests_those_models_first():
    note = resolve_choice("model", ["kimi"], MODELS).note
    assert note.startswith("Ignored model='kimi': not a known value.")
    assert all(f"Kimi K{i}" in note for i in range(1, 8)) and "Nova" not in note, note
    reordered = resolve_choice("model", ["k3 moonshot"], MODELS).note  # words in another order
    assert reordered is None or "Kimi K3" in reordered


def test_a_date_that_matches_no_edition_suggests_the_nearest_date():
    dates = {"previous": "Previous update of each source", "2026-07-22": "22 Jul 2026", "2026-07-14": "14 Jul 2026",
             "2026-07-12": "12 Jul 2026"}
    assert "2026-07-12" in resolve_choice("from", ["2025-01-01"], dates).note
    assert "2026-07-14" in resolve_choice("from", ["2026-07-15"], dates).note
    assert "2026-07-22" in resolve_choice("from", ["2027-03-01"], dates).note


def test_many_values_are_capped_and_suggested_once(monkeypatch):
    import difflib

    from core import links

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(links.difflib, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    models = dict(MODELS)  # one data version: one mapping
    values = [f"zz-unknown-{i}" for i in range(999)]
    kept, note, rewritten = resolve_choices("models", values + ["openai/gpt-5"], models)
    assert kept == [] and rewritten  # the id after the cap is not read
    assert f"has {len(values) + 1} values; only the first {links.MAX_VALUES} are read" in note, note
    assert len(calls) <= 2, calls  # at most one suggestion (two lookups: ids, then names)
    resolve_choice("model", ["zz-unknown-0"], models)
    first = len(calls)
    assert first <= 4
    for _ in range(3):  # the same value, the same data: not computed again
        resolve_choice("model", ["zz-unknown-0"], models)
        resolve_choices("models", ["zz-unknown-0"] * 999, models)
    assert len(calls) == first, calls


def test_all_is_all_in_links_and_the_former_star_still_opens_it(app):
    at = app({"source": "all", "task_type": "all"})
    assert shown(at, "source") == ALL and shown(at, "task_type") == ALL
    assert not [n for n in notes(at) if "Ignored" in n or "Read" in n], notes(at)
    at = app({"source": "*"})
    assert shown(at, "source") == ALL and at.query_params["source"] == "all"  # rewritten to the readable id
    at.run()
    assert "source=all" in at.code[-1].value and "%2A" not in at.code[-1].value  # the share link


def test_a_part_of_several_model_names_suggests_those_models(app):
    at = app({"model": "kimi"}, page="app_pages/model.py")
    said = [n for n in notes(at) if "model='kimi'" in n]
    assert said and "Kimi K3" in said[0] and "Nova" not in said[0] and " more" not in said[0], notes(at)


@pytest.mark.parametrize(("page", "params", "expected"), [
    ("app_pages/pick.py", {"workload": "design", "category": "gamedev", "min_coverage": "2"},
     {"da_category": "gamedev", "min_sources": "2"}),
    ("app_pages/pick.py", {"workload": "design", "arena": "agents"}, {"da_arena": "agents"}),
    ("app_pages/compare.py", {"min_sources": "3"}, {"min_coverage": "3"}),
    (None, {"source": "design-arena", "da_category": "gamedev"}, {"category": "gamedev"}),
])
def test_a_parameter_named_as_on_another_page_is_read_and_renamed(app, page, params, expected):
    at = app(params, page=page)
    assert not [n for n in notes(at) if "Ignored" in n], notes(at)
    for key, value in expected.items():
        widget = at.number_input(key=key).value if key.startswith("min_") else shown(at, key)
        assert str(int(widget)) == value if key.startswith("min_") else widget == value, key
        assert at.query_params[key] == value, dict(at.query_params)
    assert not set(params) - set(expected) - {"workload", "source"} & set(at.query_params)


def test_another_pages_parameter_typed_into_a_link_is_noted_whatever_ran_before(app):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, settle

    app({"sort": "win_rate", "q": "kimi"})  # someone's Leaderboard: this server has shown `sort` and `q`
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # a new visitor opens a Pick link
    at.switch_page("app_pages/pick.py")
    at.query_params["sort"], at.query_params["q"] = "win_rate", "kimi"
    settle(at)
    assert at.title[0].value.startswith("Pick a model")
    assert any("Ignored unknown link parameter(s): 'q', 'sort'" in n for n in notes(at)), notes(at)
    assert "sort" not in at.query_params and "q" not in at.query_params


def test_a_link_repeating_a_value_a_thousand_times_reads_twenty(app, monkeypatch):
    import difflib

    from core import links

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(links.difflib, "get_close_matches",
                        lambda word, *a, **k: calls.append(word) or real(word, *a, **k))
    at = app({"models": [f"zz-{i}" for i in range(999)]}, page="app_pages/compare.py")
    assert any("has 999 values; only the first 20 are read" in n for n in notes(at)), notes(at)
    assert len([c for c in calls if c.startswith("zz-")]) <= 2, len(calls)
    assert at.query_params.get("models") in (None, [], "")
