"""In a real Chromium: click-to-update, cold start, and memory per session, against the bare page.

    .venv/bin/python -m bench.browser

Both apps run with `streamlit run` on loopback, ours on the bundled snapshot.
Targets: click → table updated ≤ 1.3× the bare page and under 1 s; cold start
(process start to first table) ≤ 1.2×; resident memory per extra session ≤ 2 MB.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.common import ROOT, print_header, print_row
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port

CLICKS = 6
COLD_STARTS = 3
EXTRA_SESSIONS = 10


@contextmanager
def server(script: str, env: dict[str, str]):
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(url + "/_stcore/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url, process, started
    finally:
        process.terminate()
        process.wait(timeout=20)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_cell(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        """text => [...document.querySelectorAll('[data-testid="stDataFrame"] tbody tr td')]
                   .some(td => td.textContent === text)""", arg=text, timeout=timeout)


def choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


# app, link, combobox label, (option, a cell text that shows it is drawn) × 2
OURS = ("app.py", "/?source=design-arena&category=gamedev", "Category",
        (("Websites", "Websites"), ("Game dev", "Game dev")), "MoonshotAI: Kimi K3")
BARE = ("bench/bare_app.py", "/?category=gamedev", "Category", (("website", "website"), ("gamedev", "gamedev")),
        "gamedev")


def click_to_update(browser, url: str, app) -> float:
    _, link, label, options, first = app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url + link)
    wait_cell(page, first)
    times = []
    for index in range(CLICKS + 1):
        option, cell = options[index % 2]
        started = time.perf_counter()
        choose(page, label, option)
        wait_cell(page, cell)
        if index:  # the first change warms the caches
            times.append(time.perf_counter() - started)
    page.close()
    return statistics.median(times)


def cold_start(browser, app, env) -> float:
    script, link, _, _, first = app
    times = []
    for _ in range(COLD_STARTS):
        with server(script, env) as (url, _, started):
            page = browser.new_page()
            page.goto(url + link)
            wait_cell(page, first, timeout=60_000)
            times.append(time.perf_counter() - started)
            page.close()
    return statistics.median(times)


def memory_per_session(browser, app, env) -> float:
    script, link, _, _, first = app
    with server(script, env) as (url, process, _):
        pages = []

        def open_one() -> None:
            page = browser.new_context().new_page()
            page.goto(url + link)
            wait_cell(page, first, timeout=60_000)
            pages.append(page)

        for _ in range(2):
            open_one()
        time.sleep(1)
        before = rss_mb(process.pid)
        for _ in range(EXTRA_SESSIONS):
            open_one()
        time.sleep(1)
        after = rss_mb(process.pid)
        for page in pages:
            page.context.close()
    return (after - before) / EXTRA_SESSIONS


def main() -> None:
    import os

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as cache, sync_playwright() as playwright:
        env = {**os.environ, "BENCHMARKS_CACHE_DIR": cache, "BENCHMARKS_OFFLINE": "1"}
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        print_header("In the browser (median seconds; memory in MB)")
        with server(OURS[0], env) as (ours_url, _, _), server(BARE[0], env) as (bare_url, _, _):
            ours = click_to_update(browser, ours_url, OURS)
            bare = click_to_update(browser, bare_url, BARE)
            print_row("click a filter → table updated", ours, bare, "≤ 1.2× and < 1 s", "s")
        print_row("cold start: streamlit run → first table", cold_start(browser, OURS, env),
                  cold_start(browser, BARE, env), "≤ 1.2×", "s")
        print_row(f"resident memory per extra session ({EXTRA_SESSIONS} sessions)",
                  memory_per_session(browser, OURS, env), memory_per_session(browser, BARE, env), "≤ 2 MB", "MB")
        browser.close()


if __name__ == "__main__":
    main()
