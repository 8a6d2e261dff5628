"""Live data never makes a page wait: drawn from what is in hand, refreshed behind, redrawn when it lands.

The app against the stand-in over real HTTP: AppTest for what one run draws, a real Chromium for the
page redrawing itself (a fragment polls while a refresh runs; AppTest does not run timers).
"""

from __future__ import annotations

import re
import time

import pytest

from service.data import shared_data
from tests.browser import wait_for_idle
from tests.conftest import TEST_KEY, admin, plain

pytestmark = pytest.mark.slow  # real upstream delays

HANG = {"kind": "hang", "seconds": 3, "count": 1000}


def notices(at) -> str:
    return " ".join(plain(n.value) for n in [*at.info, *at.warning])


def test_a_page_answers_from_the_snapshot_while_the_api_hangs(app, newer_api):
    admin(newer_api, "/_admin/faults", HANG)
    started = time.monotonic()
    at = app(key=TEST_KEY, base_url=newer_api.base_url, settled=False)
    waited = time.monotonic() - started
    assert waited < 2.5, f"the page waited {waited:.1f} s for a hanging API"
    assert not at.exception
    assert at.dataframe[0].value.iloc[0]["model"] == "Claude Opus 5"  # the bundled snapshot's figures
    said = notices(at)
    assert "Showing the bundled snapshot of 2026-08-28" in said and "updates by itself" in said
    assert "Refreshing in the background" in plain(at.sidebar.caption[0].value)

    admin(newer_api, "/_admin/reset", {})
    assert shared_data().wait_for_loads(30)  # the hang ends (3 s): the refresh lands
    at.run()  # what the page's poll does
    assert "bundled snapshot" not in notices(at) and any("Live data" in c.value for c in at.caption)
    assert "Refreshing" not in plain(at.sidebar.caption[0].value)


@pytest.mark.browser
def test_live_data_appears_on_an_open_page_without_a_click(browser, newer_api, tmp_path):
    from tests.browser import streamlit_app

    admin(newer_api, "/_admin/faults", {"kind": "latency", "delay_ms": 3000, "count": 1000})
    env = {"OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": newer_api.base_url,
           "BENCHMARKS_CACHE_DIR": str(tmp_path)}
    with streamlit_app(env) as url:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(url + "/?source=design-arena&category=gamedev")
        loading = page.get_by_text(re.compile("while live figures load; the page updates by itself"))
        loading.wait_for(timeout=20_000)  # drawn at once from the snapshot, labelled
        page.get_by_text("Bundled snapshot.", exact=False).first.wait_for(timeout=5_000)  # the citation, below
        # No click from here on: the refresh lands (3 s) and the page redraws itself, with a quiet toast
        # (it fades after a few seconds: waited for first).
        page.get_by_text("Updated: the newest figures are shown.").wait_for(timeout=30_000)
        page.get_by_text("Live data.", exact=False).first.wait_for(timeout=10_000)
        assert loading.count() == 0
        wait_for_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        context.close()
