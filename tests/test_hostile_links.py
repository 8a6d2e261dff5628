"""1,000 generated hostile links over every page: no exception, bad values dropped with a note."""

from __future__ import annotations

import random

import pytest

from tests.conftest import plain

CASES = 1000
PAGES = [None, "app_pages/compare.py", "app_pages/pick.py", "app_pages/value.py", "app_pages/model.py",
         "app_pages/status.py"]
KEYS = ["source", "task_type", "arena", "category", "max_results", "q", "sort", "order", "models", "model",
        "metric", "workload", "da_arena", "da_category", "input_tokens", "output_tokens", "requests_per_day",
        "price_cap", "monthly_budget", "quality", "min_sources", "chart", "../../etc/passwd", "", "x" * 300]
NASTY = [
    "", " ", "-1", "0", "1e309", "NaN", "inf", "-inf", "99999999999999999999999", "1.5", "0x10", "١٢٣",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "[x](javascript:1)",
    "../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "\x00", "\u202e\u202d", "😀" * 50, "a" * 5000,
    "Design Arena", "design-arena", "All sources", "Game dev", "=cmd|' /C calc'!A0", "@SUM(1)", "'; DROP TABLE x;--",
    "{{7*7}}", "${7*7}", ":red[boom]", ":material/warning:", "**bold**", "\n\n# heading", "Websites\r\nX: y",
    "anthropic/claude-opus-5-20260723", "nobody/nothing", "Coding", "Best first", "100", "1000000000",
]


def generate(seed: int) -> list[tuple[str | None, dict[str, list[str]]]]:
    rng = random.Random(seed)
    cases = []
    for index in range(CASES):
        params: dict[str, list[str]] = {}
        for _ in range(rng.randint(1, 6)):
            key = rng.choice(KEYS)
            values = [rng.choice(NASTY) for _ in range(rng.choice([1, 1, 1, 2, 3]))]  # repeated keys too
            params.setdefault(key, []).extend(values)
        cases.append((PAGES[index % len(PAGES)], params))
    return cases


@pytest.mark.timeout(900)
def test_a_thousand_hostile_links_raise_nothing(app):
    failures, noted, shown = [], 0, 0
    for page, params in generate(seed=2026):
        at = app({k: v if len(v) > 1 else v[0] for k, v in params.items()}, page=page)
        if at.exception:
            failures.append((page, params, at.exception[0].value[:200]))
            continue
        notes = [plain(w.value) for w in at.warning]
        noted += any("Ignored" in n or "only one value" in n for n in notes)
        shown += 1
        for element in list(at.markdown) + list(at.title) + list(at.subheader):
            assert "<script>" not in element.value.replace("\\<", "") or "\\<script\\>" in element.value
    assert not failures, failures[:5]
    assert shown == CASES and noted > CASES // 2
