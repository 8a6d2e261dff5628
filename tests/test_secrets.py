"""The API key stays secret: it is read from env or st.secrets only, and shown, logged or stored nowhere."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, chromium, streamlit_app, wait_for_idle
from tests.conftest import TEST_KEY, settle
from tests.streamlit_client import Session

KEY_BYTES = TEST_KEY.encode()


def test_key_from_st_secrets_when_env_has_none(app, newer_api, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from service.data import reset_shared_data

    monkeypatch.setenv("OPENROUTER_BASE_URL", newer_api.base_url)
    reset_shared_data()
    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=60)
    at.secrets["OPENROUTER_API_KEY"] = TEST_KEY
    settle(at)  # as the page shows once the refresh it started landed
    assert not at.exception
    assert any("Live data" in c.value for c in at.caption)
    shown = " ".join(str(getattr(e, "value", "")) for e in at.main) + " ".join(c.value for c in at.caption)
    assert TEST_KEY not in shown


def test_no_secrets_file_is_not_an_error(app):
    at = app()
    assert not at.exception and "no OPENROUTER_API_KEY is set" in at.sidebar.caption[0].value


@pytest.mark.browser
def test_key_is_nowhere_the_browser_or_disk_can_see(newer_api, tmp_path):
    cache = tmp_path / "cache"
    env = {"OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": newer_api.base_url,
           "BENCHMARKS_CACHE_DIR": str(cache), "BENCHMARKS_TIMEOUT": "1"}
    frames: list[bytes] = []
    seen: list[str] = []
    with streamlit_app(env) as url:
        with chromium() as browser:
            _browse(browser, url, frames, seen)

        async def session_bytes() -> bytes:  # also a session with no browser at all
            async with Session(url) as session:
                result = await session.run("source=All+sources")
                return bytes(result.raw)

        frames.append(asyncio.run(session_bytes()))
    assert frames and all(KEY_BYTES not in frame for frame in frames), "the key went over the websocket"
    assert all(TEST_KEY not in text for text in seen), "the key is in a URL, the page or a download"
    cached = [p for p in cache.rglob("*") if p.is_file()]
    assert cached and all(KEY_BYTES not in p.read_bytes() for p in cached), "the key is in the disk cache"
    for log in ARTIFACTS.glob("streamlit-*.log"):
        assert KEY_BYTES not in log.read_bytes(), f"the key is in {log.name}"


def _browse(browser, url: str, frames: list[bytes], seen: list[str]) -> None:
    """Every page, a download and a screenshot, recording what reaches the browser."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())))
    for path in ("/?source=Design+Arena&category=Game+dev", "/compare", "/pick", "/value",
                 "/model?model=moonshotai/kimi-k3-20260715", "/status"):
        page.goto(url + path)
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=30_000)
        wait_for_idle(page)
        seen.extend([page.url, page.content(), page.inner_text("body")])
    page.goto(url + "/?source=Design+Arena&category=Game+dev")
    wait_for_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    csv = Path(download.value.path()).read_bytes()
    assert b"MoonshotAI: Kimi K3" in csv
    seen.append(csv.decode())
    page.screenshot(path=str(ARTIFACTS / "secrets-leaderboard.png"))
    context.close()
