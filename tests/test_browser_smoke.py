"""Real browser: start the app, see the table."""

import pytest

from tests.browser import ARTIFACTS, chromium, grid_rows, streamlit_app
from tests.conftest import TEST_KEY, admin

pytestmark = pytest.mark.browser


def test_app_shows_the_snapshot_table_without_a_key(tmp_path):
    env = {"OPENROUTER_API_KEY": None, "BENCHMARKS_CACHE_DIR": str(tmp_path)}
    with chromium() as browser, streamlit_app(env) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        rows = grid_rows(page)
        page.screenshot(path=str(ARTIFACTS / "smoke-snapshot.png"))
        assert rows[0][:4] == ["1", "new", "63.1", "Claude Opus 5"]  # rank, move, the index it ranks by, model
        caption = page.get_by_text("Data as of 2026-08-28").first.inner_text()
        assert caption.startswith("Bundled snapshot.") and "Source: Artificial Analysis" in caption


def test_app_shows_live_data_from_the_stand_in(stand_in, tmp_path):
    env = {"OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": stand_in.base_url,
           "BENCHMARKS_CACHE_DIR": str(tmp_path)}
    with chromium() as browser, streamlit_app(env) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        rows = grid_rows(page)
        assert [rows[1][0], rows[1][1], rows[1][3]] == ["2", "▼1", "Anthropic: Claude Fable 5"]
        caption = page.get_by_text("Data as of 2026-08-28").first.inner_text()
        assert caption.startswith("Live data.")
        assert TEST_KEY not in page.content()
    assert admin(stand_in, "/_admin/stats")["requests_total"] >= 1
