"""Helpers for real-browser tests: a Streamlit app process and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip without Chromium on a developer machine; in CI a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must install it")
    pytest.skip("no /usr/bin/chromium (run .ci/run or apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_streamlit(env: dict[str, str], script: str = "app.py", timeout: float = 60
                    ) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run` on a free loopback port (`env` over this one's; None removes a variable) and
    wait, bounded, until it answers; its process and URL. Its log is test-artifacts/streamlit-<port>.log."""
    port = free_port()
    log_path = ARTIFACTS / f"streamlit-{port}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    full_env = {**os.environ, **env}
    for name, value in env.items():
        if value is None:
            full_env.pop(name, None)
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url + "/_stcore/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_streamlit(process)
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.2)


def stop_streamlit(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def streamlit_app(env: dict[str, str], script: str = "app.py", timeout: float = 60):
    """Run `streamlit run` on a free loopback port; yield its URL."""
    process, url = start_streamlit(env, script, timeout)
    try:
        yield url
    finally:
        stop_streamlit(process)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def grid_rows(page, testid: str = "stDataFrame", columns: int | None = None) -> list[list[str]]:
    """Cell texts of a st.dataframe, from the grid's accessible table (drawn on canvas)."""
    grid = page.locator(f'[data-testid="{testid}"]').first
    grid.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)
    rows = []
    for row in grid.locator('tbody tr[role="row"]').all():
        rows.append([cell.text_content() or "" for cell in row.locator('[role="gridcell"]').all()])
    return rows[:columns] if columns else rows


VIEWPORT = {"width": 1400, "height": 1000}


def open_page(browser, url: str):
    """A new browser context at VIEWPORT with `url` open once the app's frame is there: (context, page)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(url)
    page.locator('[data-testid="stAppViewContainer"]').wait_for()
    return context, page


def wait_for_idle(page, timeout: float = 30_000) -> None:
    """Until the script run has finished and no element is still a placeholder."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')
                 && document.querySelectorAll('[data-testid="stAppViewContainer"]').length > 0""",
        timeout=timeout)
    page.wait_for_timeout(300)  # charts draw just after the run ends
