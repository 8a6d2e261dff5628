"""Names and categories from the API that carry HTML, script or Markdown render as text."""

from __future__ import annotations

import json

import pytest

from core.text import md
from fake_openrouter import Limits, Server
from tests.browser import ARTIFACTS, chromium, streamlit_app, wait_for_idle
from tests.conftest import TEST_KEY

EVIL_NAME = ('<img src=x onerror="window.__pwned=1">**bold** [link](javascript:window.__pwned=2) :red[x] '
             '<a href="https://evil.example/phish">phish</a> <span style="font-size:80px;color:red">HUGE</span> '
             'https://evil.example/login www.evil.example ops@evil.example')
EVIL_CATEGORY = ("<script>window.__pwned=3</script> x [Claim free credits](https://evil.example/claim) "
                 "![t](https://evil.example/pixel.png) <a href='https://evil.example/c'>c</a>")
EVIL_CITATION = "Source: <b>x</b> [y](javascript:1) https://evil.example/cite www.evil.example"


@pytest.mark.parametrize(("text", "escaped"), [
    ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ("[a](javascript:1)", "\\[a\\](javascript\\:\u20601)"),
    (":red[x] **y** `z`", "\\:\u2060red\\[x\\] \\*\\*y\\*\\* \\`z\\`"),
    ("a :warning: and :material_warning: b", "a \\:\u2060warning\\: and \\:\u2060material\\_warning\\: b"),
    ("Qwen: Qwen3 (free)", "Qwen\\: Qwen3 (free)"),
    ("https://evil.example www.evil.example a@b.c", "https\\:\u2060//evil.example www\u2060.evil.example a\u2060@b.c"),
])
def test_markdown_escaping(text, escaped):
    assert md(text) == escaped


def write_hostile_data(folder):
    folder.mkdir()
    pricing = {"prompt": "0.000001", "completion": "0.000002"}
    aa = {"data": [{"source": "artificial-analysis", "model_permaslug": "evil/model", "display_name": EVIL_NAME,
                    "intelligence_index": 99.0, "coding_index": 99.0, "agentic_index": 99.0, "pricing": pricing}],
          "meta": {"as_of": "2026-08-28T00:00:00Z", "version": "v1", "source": "artificial-analysis",
                   "source_url": None, "citation": EVIL_CITATION, "model_count": 1,
                   "task_type": None}}
    da = {"data": [{"source": "design-arena", "model_permaslug": "evil/model", "display_name": EVIL_NAME,
                    "arena": "models", "category": EVIL_CATEGORY, "elo": 1500, "win_rate": 90.0,
                    "avg_generation_time_ms": None, "tournament_stats": None, "pricing": pricing}],
          "meta": {"as_of": "2026-08-28T00:00:00Z", "version": "v1", "source": "design-arena", "source_url": None,
                   "citation": None, "model_count": 1, "task_type": None}}
    (folder / "artificial-analysis.json").write_text(json.dumps(aa))
    (folder / "design-arena-models.json").write_text(json.dumps(da))


@pytest.mark.browser
def test_hostile_names_render_as_text_on_every_page(tmp_path):
    write_hostile_data(tmp_path / "data")
    with Server(data_dir=tmp_path / "data", limits=Limits(all_when_omitted=True)) as api:
        env = {"OPENROUTER_API_KEY": TEST_KEY, "OPENROUTER_BASE_URL": api.base_url,
               "BENCHMARKS_CACHE_DIR": str(tmp_path / "cache")}
        with streamlit_app(env) as url, chromium() as browser:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            dialogs, foreign = [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: foreign.append(r.url) if "evil.example" in r.url else None)
            for path in ("/", "/?source=design-arena", "/?source=*", "/compare", "/compare?chart=heatmap",
                         "/compare?chart=bars&models=evil/model", "/pick?workload=design", "/pick?workload=coding",
                         "/value", "/model?model=evil/model", "/status"):
                page.goto(url + path)
                wait_for_idle(page)
                page.get_by_text("Data licensed CC BY 4.0").first.wait_for(timeout=20_000)  # the footer is drawn
                wait_for_idle(page)
                assert page.locator("a[href*='evil.example']").count() == 0, path  # also inside chart SVG
                huge = page.evaluate("""() => Math.max(0, ...[...document.querySelectorAll('body *')]
                    .filter(e => e.childElementCount === 0 && e.textContent.includes('HUGE'))
                    .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
                assert huge <= 48, (path, huge)  # no bigger than the page's own title
                assert page.evaluate("window.__pwned") is None, path
                assert page.locator("img[src='x']").count() == 0, path
                assert page.locator("a[href^='javascript']").count() == 0, path
                assert page.locator("script:text('__pwned')").count() == 0, path
                if path.startswith("/model"):
                    heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
                    assert heading.startswith('<img src=x onerror="window.__pwned=1">**bold**')  # as text
                    page.screenshot(path=str(ARTIFACTS / "hostile-names-model.png"), full_page=True)
            assert dialogs == [] and foreign == []
