"""Data & status and the sidebar's badge tell what is served, as the page draws it (issue 21, rows 2, 10, 13, 18).

The whole app in AppTest against the stand-in over real HTTP, with faults; its data service runs on a fake
clock (nothing sleeps: a refresh "landing" is waited for, then the page's poll is one more run).
"""

from __future__ import annotations

import re

import pytest

from client.clock import FakeClock
from client.retries import RetryConfig
from service.data import shared_data
from tests.conftest import TEST_KEY, admin, plain

pytestmark = pytest.mark.slow  # real HTTP timeouts (2 s) where the API hangs

HANG = {"kind": "hang", "seconds": 2.5, "count": 1000}  # the layer's client gives up after 2 s
AA = {"source": "artificial-analysis"}
EVERY_DATASET = ["Artificial Analysis indices", "Design Arena models ratings", "Design Arena agents ratings",
                 "Design Arena builders ratings", "OpenRouter evals"]


@pytest.fixture
def live_app(app, make_layer, monkeypatch):
    """`live_app(server, params, page=..., **settings)`: the app in live mode against `server`, its one data
    service made here on a FakeClock (`live_app.clock`), without retries (a hang costs one timeout)."""
    import service.data as service_data

    clock = FakeClock()
    made = []

    def start(server, params=None, *, page=None, settled=True, **settings):
        layer = make_layer(server, retries=RetryConfig("none"), clock=clock, page_wait_seconds=0.0, **settings)
        made.append(layer)
        monkeypatch.setattr(service_data, "_shared", layer)
        return app(params, page=page, key=TEST_KEY, base_url=server.base_url, settled=settled)

    start.clock = clock
    yield start
    for layer in made:  # nothing left running when the client closes
        assert layer.wait_for_loads(30)


def badge(at) -> str:
    return plain(at.sidebar.caption[0].value)


def headline(at) -> tuple[str, str]:
    """(the kind of box, its text) of Data & status's first notice."""
    kind, box = next((kind, box) for kind in ("success", "info", "warning") for box in getattr(at, kind))
    return kind, plain(box.value)


def status_rows(at):
    return at.dataframe[0].value.set_index("Dataset")


def opened(live_app, server, page, fault=None):
    """`page` in live mode, opened after the Leaderboard of Design Arena (so the first run touches no other
    dataset); `fault` set on the stand-in in between; as shown once its refreshes have landed."""
    at = live_app(server, {"source": "design-arena"})
    if fault:
        admin(server, "/_admin/faults", fault)
    at.switch_page(page).run()
    return landed(at)


def landed(at):
    """What the page shows once the refreshes it started have landed (the poll's redraw)."""
    assert shared_data().wait_for_loads(30), "a refresh did not land"
    return at.run()


# --- row 2: the headline says what is served: live, partly live (which), or the snapshot, and why ----------

def test_every_dataset_live_is_said_so(live_app, newer_api):
    at = live_app(newer_api, page="app_pages/status.py")
    assert headline(at) == ("success", "Serving live data from the OpenRouter API for all 5 datasets.")
    assert set(status_rows(at)["State"]) <= {"live", "live (from the disk cache)"}
    assert badge(at) == (":material/cloud_done: **Live data of 2026-08-28** (OpenRouter evals of 2026-10-08) from the "
                         "OpenRouter API, cached 60 min.")


def test_partly_live_names_the_datasets_and_why(live_app, newer_api):
    at = opened(live_app, newer_api, "app_pages/status.py", {**HANG, "match": AA})
    kind, said = headline(at)
    assert kind == "warning"
    assert said == ("Partly live: live data for Design Arena models ratings, Design Arena agents ratings, Design Arena "
                    "builders ratings, OpenRouter evals; the bundled snapshot for Artificial Analysis indices.  \n"
                    "The API did not answer in time.")
    rows = status_rows(at)
    assert rows.loc["Artificial Analysis indices", ["State", "Last error"]].tolist() == [
        "bundled snapshot", "The API did not answer in time."]
    assert "Serving live data" not in said


def test_the_snapshot_while_the_api_times_out_is_said_with_why(live_app, newer_api):
    admin(newer_api, "/_admin/faults", HANG)
    at = landed(live_app(newer_api, page="app_pages/status.py"))
    assert headline(at) == ("warning", "Serving the bundled snapshot, not live data.  \n"
                                       "The API did not answer in time.")
    assert set(status_rows(at)["State"]) == {"bundled snapshot"}
    assert badge(at) == (":material/cloud_sync: **Live mode**: showing the bundled snapshot of 2026-08-28 (OpenRouter "
                         "evals of 2026-10-08).  \n:material/sync_problem: The last refresh failed ("
                         + ", ".join(EVERY_DATASET) + "): The API did not answer in time. The figures shown are the "
                         "bundled snapshot; details on Data & status.")


def test_loading_is_not_an_error(live_app, newer_api):
    admin(newer_api, "/_admin/faults", HANG)
    at = live_app(newer_api, page="app_pages/status.py", settled=False)  # drawn at once, while the API hangs
    assert headline(at) == ("info", "Serving the bundled snapshot, not live data.  \nLive figures are still loading; "
                                    "the page updates by itself when they arrive.")
    rows = status_rows(at)
    assert set(rows["State"]) == {"bundled snapshot (live figures loading)"} and set(rows["Last error"]) == {"none"}
    assert shared_data().wait_for_loads(30)


# --- row 10: the badge says what the page drew, after a refresh lands too ----------------------------------

def test_the_badge_and_the_page_agree_when_live_data_lands(live_app, newer_api):
    at = live_app(newer_api, {"source": "design-arena"}, settled=False)  # Design Arena only: no AA in hand
    drawn_live = any(c.value.startswith("Live data.") for c in at.caption)  # whether it landed within the run
    assert ("Live data of 2026-08-28" in badge(at)) is drawn_live
    assert ("showing the bundled snapshot of 2026-08-28 until live data arrives" in badge(at)) is not drawn_live
    landed(at)
    assert any(c.value.startswith("Live data.") for c in at.caption)  # the page: live
    assert badge(at) == ":material/cloud_done: **Live data of 2026-08-28** from the OpenRouter API, cached 60 min."

    live_app.clock.advance(3601)  # the TTL runs out; the next refresh fails
    admin(newer_api, "/_admin/faults", {"kind": "status", "status": 503, "count": 1000})
    at.run()
    assert "Refreshing in the background" in badge(at) and "Live data of 2026-08-28" in badge(at)
    landed(at)
    assert any(c.value.startswith("Stale data.") for c in at.caption) and not at.warning
    assert badge(at).endswith("The last refresh failed (Design Arena models ratings): The API failed (status 503). "
                              "The figures shown are the last good ones; details on Data & status.")


def test_a_page_partly_live_says_so_in_the_badge(live_app, newer_api):
    at = opened(live_app, newer_api, "app_pages/compare.py", {**HANG, "match": AA})  # draws AA, DA models, OR
    assert "Artificial Analysis indices: could not load live data. The API did not answer in time. Showing the " \
           "bundled snapshot of 2026-08-28." in plain(at.warning[0].value)
    assert badge(at) == (":material/cloud_sync: **Partly live**: live data for Design Arena models ratings, "
                         "OpenRouter evals; the bundled snapshot for Artificial Analysis indices.  \n"
                         ":material/sync_problem: The last refresh failed (Artificial Analysis indices): The API did "
                         "not answer in time. The figures shown are the bundled snapshot; details on Data & status.")


# --- row 18: plain words, one time format ----------------------------------------------------------------

@pytest.fixture
def roomy_api(stand_in):
    """The stand-in of the documented API (an omitted max_results means 50), with room for a whole fill."""
    stand_in.stand_in.limits.per_minute = 1000
    yield stand_in
    stand_in.stand_in.limits.per_minute = 30


def shown_text(at) -> str:
    """Every word of the page and the sidebar: notices, captions, markdown, metrics, and every table cell."""
    words = [e.value for kind in ("success", "info", "warning", "caption", "markdown", "title", "subheader")
             for e in getattr(at, kind)]
    words += [e.value for e in at.sidebar.caption] + [f"{m.label} {m.value}" for m in at.metric]
    words += [" | ".join(map(str, frame.value.astype(str).to_numpy().ravel())) for frame in at.dataframe]
    return plain(" ".join(words))


def test_data_and_status_speaks_plain_words_with_one_time_format(live_app, roomy_api):
    at = landed(live_app(roomy_api, page="app_pages/status.py", per_minute=200))
    rows = status_rows(at)
    assert rows.loc["Artificial Analysis indices", "Complete"].startswith("no: Coding, Intelligence, Agentic came")
    assert rows.loc["OpenRouter evals", "Complete"].startswith("no: GPQA Diamond, τ-bench (airline, verified) came")
    live_app.clock.advance(3601)  # the TTL runs out; the API asks us to wait two minutes
    admin(roomy_api, "/_admin/faults", {"kind": "status", "status": 429, "headers": {"Retry-After": "120"},
                                        "count": 1000})
    landed(at.run())
    said = shown_text(at)
    assert "API use resumes at 2026-11-25 13:02 UTC." in said  # the fake clock's 12:00 + 1 h + 2 min
    assert said.startswith("Serving the last good live data: the last refresh failed.  \n")
    assert "Rate limited by the API (429)." in said  # the datasets that asked after it: "asked us to wait"
    times = re.findall(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d[^|,;.)]*", said)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC ?", t) for t in times), set(times)
    for raw in ("task_type=", "category=", "benchmark_type=", "gpqa_diamond", "tau_bench", "on their way"):
        assert raw not in said


# --- row 13: which lists are cut, and when they will be complete -----------------------------------------

def test_a_fill_the_budget_stopped_says_which_lists_wait_and_until_when(live_app, roomy_api):
    """The documented API: Design Arena models needs 14 requests (one, then a list per category); the app's
    budget of 8 a minute stops the fill half-way."""
    at = live_app(roomy_api, {"source": "design-arena"}, per_minute=8)
    (note,) = [plain(i.value) for i in at.info if "may be incomplete" in i.value]
    waiting = re.search(r"Design Arena models ratings may be incomplete: (\d+) of its lists are not fetched yet "
                        r"\(([^)]+)\): the API budget stopped the fill, which goes on where it stopped, expected "
                        r"complete by about 2026-11-25 12:01 UTC; ", note)
    assert waiting and int(waiting[1]) == 6 == len(waiting[2].split(", ")), note  # 13 lists, 7 fetched
    assert "Code" in note or "Code" in waiting[2]  # a list named as the page names it
    assert "came back at the API's cap of 100 entries a request" in note  # the lists the API itself cut
    shown = len(at.dataframe[0].value)

    live_app.clock.advance(61)  # the minute has passed: the fill goes on where it stopped
    landed(at.run())
    (note,) = [plain(i.value) for i in at.info if "may be incomplete" in i.value]
    cut = re.fullmatch(r"Design Arena models ratings may be incomplete: (.+) came back at the API's cap of 100 "
                       r"entries a request, so further entries may be missing there; they are complete only when the "
                       r"API returns more than 100 a request\.", note)
    assert cut and set(cut[1].split(", ")) == {"Code", "UI components", "Game dev", "Data viz", "Websites"}, note
    assert len(at.dataframe[0].value) >= shown
    at.switch_page("app_pages/status.py").run()
    assert status_rows(at).loc["Design Arena models ratings", "Complete"] == f"no: {note.split(': ', 1)[1][:-1]}"
