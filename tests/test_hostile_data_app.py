"""Hostile data from the API through the whole app (AppTest, the stand-in over real HTTP).

Each row of the hardening table is tried with several values: the page draws,
says what happened, keeps good data, and never shows what it must not.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from service.data import shared_data
from tests.conftest import TEST_KEY, admin, plain
from tests.faults import record_wait

pytestmark = pytest.mark.slow  # whole-app fault runs with real waits: `make test`, not `make test-fast`

PAGES = [None, "app_pages/compare.py", "app_pages/pick.py", "app_pages/value.py", "app_pages/model.py",
         "app_pages/status.py"]
BOUND_S = 15.0


@pytest.fixture
def live(app, newer_api, monkeypatch, request):
    """`live(fault, page=…, params=…)`: the whole app on live data with that fault served by the stand-in."""
    monkeypatch.setenv("BENCHMARKS_TIMEOUT", "2")
    monkeypatch.setenv("BENCHMARKS_ERROR_TTL", "0")

    def run(fault: dict | None, page: str | None = None, params: dict | None = None):
        admin(newer_api, "/_admin/reset", {})
        if fault:
            admin(newer_api, "/_admin/faults", {"count": 1000, **fault})
        started = time.monotonic()
        at = app(params or {}, page=page, key=TEST_KEY, base_url=newer_api.base_url)
        waited = time.monotonic() - started  # the whole first visit: the default page, then this one
        record_wait(request, page, waited)
        return at, waited

    return run


def texts(at) -> str:
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "warning", "info", "error",
                                  "success") for e in getattr(at, kind)]
    return plain(" ".join(str(p) for p in parts))


def every_page(live, fault, params=None):
    for page in PAGES:
        at, waited = live(fault, page, params)
        assert not at.exception, (page, at.exception[0].value[:300])
        assert waited < BOUND_S, (page, waited)
        yield page, at


@pytest.mark.parametrize("value", ["1e999999", "2e18", "1e12", "-1", "-0.000001", "NaN", "Infinity"])
def test_absurd_or_negative_prices_are_unknown_prices_on_every_page(live, value):
    variant = "negative_price" if value.startswith("-") else "huge_price"
    fault = {"kind": "mutate", "variant": variant, "value": value, "items": "all",
             "match": {"source": "artificial-analysis"}}
    for page, at in every_page(live, fault, {"workload": "coding", "input_tokens": "2000000"}):
        if page is None:
            rows = at.dataframe[0].value
            assert "input_per_1m" not in rows or rows["input_per_1m"].isna().all()  # unknown: no price column
            assert rows.iloc[0]["model"] == "Claude Opus 5"
        if page == "app_pages/pick.py" and at.dataframe:
            monthly = [float(m.strip("$").replace(",", "")) for m in at.dataframe[0].value["monthly"]]
            assert all(m >= 0 for m in monthly)  # never a negative cost, never an absurd top pick
        if page == "app_pages/status.py":
            assert "price" in plain(" ".join(at.dataframe[0].value["Items dropped or changed"]))


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "1e6", "-5"])
def test_non_finite_or_out_of_range_scores_are_dropped_and_never_ranked(live, value):
    fault = {"kind": "mutate", "variant": "non_finite", "value": value, "items": 3,
             "match": {"source": "artificial-analysis"}}
    for page, at in every_page(live, fault):
        if page is None:
            rows = at.dataframe[0].value
            assert rows["intelligence_index"].dropna().between(0, 100).all()
            assert rows.iloc[0]["rank"] == 1 and rows.iloc[0]["intelligence_index"] <= 100
        if page == "app_pages/pick.py":
            assert "Infinity" not in texts(at) and "inf" not in texts(at).split()


@pytest.mark.parametrize("source", ["artificial-analysis", "design-arena"])
def test_duplicate_items_keep_the_first_and_every_join_works(live, source):
    fault = {"kind": "mutate", "variant": "duplicate", "items": 5, "match": {"source": source}}
    for page, at in every_page(live, fault, {"source": "*"}):
        if page == "app_pages/status.py":
            assert "duplicate" in " ".join(at.dataframe[0].value["Items dropped or changed"])


@pytest.mark.parametrize("value", ["lmarena", "LMArena 2", "<b>x</b>"])
def test_an_unknown_source_is_kept_and_its_model_can_be_opened(live, newer_api, value):
    fault = {"kind": "mutate", "variant": "unknown_source", "value": value, "items": 1,
             "match": {"source": "artificial-analysis"}}
    top = "anthropic/claude-opus-5-20260723"  # the answer's first item: the one given another source
    at, _ = live(fault, "app_pages/model.py", {"model": top})
    assert not at.exception and plain(at.title[0].value) == "Claude Opus 5"
    assert "Other sources" in [s.value for s in at.subheader]
    other = next(d.value for d in at.dataframe if "field" in d.value.columns)  # not the history tables below
    assert set(other["source"]) == {value} and "intelligence_index" in set(other["field"])


@pytest.mark.parametrize("value", ['<a href="https://evil.example/phish">x</a>', "https://evil.example/login",
                                   "www.evil.example", "gpt\u202eevil\u202c-5", "a\u0000b\u200fc\u2066d"])
def test_hostile_names_reach_no_page_as_markup_or_controls(live, value):
    fault = {"kind": "mutate", "variant": "hostile_text", "value": value, "items": 3}
    for _, at in every_page(live, fault, {"source": "*"}):
        for element in list(at.markdown) + list(at.caption) + list(at.title) + list(at.subheader):
            assert "](http" not in element.value and "<a " not in element.value.replace("\\<", "")
        names = " ".join(" ".join(map(str, d.value.get("model", []))) for d in at.dataframe if "model" in d.value)
        assert not any(ch in names for ch in "\u202e\u202c\u0000\u200f\u2066")


@pytest.mark.parametrize("headers", [{"Retry-After": "1e12"}, {"Retry-After": "99999999999999999999"},
                                     {"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"},
                                     {"retry-after-ms": "1e300"}, {"Retry-After": "nan"}])
def test_a_429_asking_for_any_wait_crashes_nothing_and_says_when_use_resumes(live, headers):
    fault = {"kind": "status", "status": 429, "headers": headers}
    for page, at in every_page(live, fault):
        if page == "app_pages/status.py" and at.warning:
            said = " ".join(plain(w.value) for w in at.warning)
            if "resumes at" in said:  # the pages' one time format (core.freshness.format_time)
                stamp = said.split("resumes at ")[1][:20]
                resumes = datetime.strptime(stamp, "%Y-%m-%d %H:%M UTC").replace(tzinfo=UTC)
                assert resumes <= datetime.now(UTC) + timedelta(hours=24, minutes=1)  # capped at a day


@pytest.mark.parametrize("fault", [
    {"kind": "nested", "depth": 100_000},
    {"kind": "nested", "depth": 100_000, "status": 500},
    {"kind": "nested", "depth": 1_000_000, "status": 502},
    {"kind": "oversized", "size_bytes": 40 * 1024 * 1024},
], ids=["nested-200", "nested-500", "nested-502", "40MB"])
def test_a_body_that_is_not_the_contract_keeps_the_last_good_data(live, fault):
    at, _ = live(None)  # good data first
    assert at.dataframe[0].value.iloc[0]["model"] == "Claude Opus 5"
    shared_data().clear()
    at, waited = live(fault)
    assert not at.exception and waited < BOUND_S
    assert at.dataframe[0].value.iloc[0]["model"] == "Claude Opus 5"
    assert "The last refresh failed" in texts(at) and "The figures shown are the last good ones" in texts(at)


@pytest.mark.parametrize(("interval_ms", "total_s"), [(3000, 75), (500, 60), (100, 40)])
def test_an_upstream_that_drips_bytes_cannot_hold_a_page(live, interval_ms, total_s):
    fault = {"kind": "trickle", "interval_ms": interval_ms, "total_s": total_s}
    at, waited = live(fault)
    assert not at.exception and waited < BOUND_S, waited
    assert at.dataframe[0].value.iloc[0]["model"] == "Claude Opus 5"  # the snapshot, labelled


@pytest.mark.parametrize(("name", "value"), [
    ("BENCHMARKS_CACHE_TTL", "nan"), ("BENCHMARKS_CACHE_TTL", "-1"), ("BENCHMARKS_CACHE_TTL", "inf"),
    ("BENCHMARKS_ERROR_TTL", "nan"), ("BENCHMARKS_TIMEOUT", "inf"), ("BENCHMARKS_TIMEOUT", "nan"),
])
def test_bad_settings_are_refused_at_start_naming_the_variable(app, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    at = app()
    assert not at.exception
    assert name in plain(at.error[0].value) and "cannot start" in plain(at.error[0].value)
    assert not at.dataframe


@pytest.mark.parametrize("content", ["[" * 200_000, '{"format": "openrouter-benchmarks-cache/1", "dropped": 1e400}',
                                     "\x00junk" * 1000])
def test_a_hostile_cache_file_is_replaced_not_trusted(app, newer_api, monkeypatch, tmp_path, content):
    cache = tmp_path / "app-cache"
    cache.mkdir(exist_ok=True)
    (cache / "artificial-analysis.json").write_text(content)
    at = app(key=TEST_KEY, base_url=newer_api.base_url)
    assert not at.exception and at.dataframe[0].value.iloc[0]["model"] == "Claude Opus 5"
    saved = json.loads((cache / "artificial-analysis.json").read_text())
    assert len(saved["response"]["data"]) == 123  # replaced by the good answer


def test_a_key_echoed_in_an_error_body_is_shown_nowhere(live):
    body = "<html>" + "x" * 166 + TEST_KEY + "</html>"
    for _, at in every_page(live, {"kind": "status", "status": 200, "body": body}):
        assert TEST_KEY[8:20] not in texts(at)


@pytest.mark.parametrize("delay_ms", [3000, 9000])
def test_a_slow_upstream_cannot_hold_the_model_page_past_its_bound(app, newer_api, monkeypatch, request, delay_ms):
    """Every request answered after `delay_ms` (timeout 10 s): the Model page needs all five datasets."""
    monkeypatch.setenv("BENCHMARKS_TIMEOUT", "10")
    at = app({}, key=TEST_KEY, base_url=newer_api.base_url)  # a session exists; now the cache is cold again
    shared_data().clear()
    admin(newer_api, "/_admin/faults", {"kind": "latency", "delay_ms": delay_ms, "count": 1000})
    at.switch_page("app_pages/model.py")
    at.query_params["model"] = "moonshotai/kimi-k3-20260715"
    started = time.monotonic()
    at.run()
    waited = time.monotonic() - started
    record_wait(request, "model", waited)
    assert not at.exception and waited < BOUND_S, waited
    assert plain(at.title[0].value) == "MoonshotAI: Kimi K3"


def test_what_the_boundary_left_out_is_said_on_the_page_that_shows_it(live):
    fault = {"kind": "mutate", "variant": "empty_price", "items": 9, "match": {"source": "artificial-analysis"}}
    at, _ = live(fault)
    said = " ".join(plain(i.value) for i in at.info)
    assert "Artificial Analysis indices: items that did not pass validation" in said
    assert "price is not a number: 9" in said
