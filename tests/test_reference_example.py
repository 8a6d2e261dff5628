"""The reference documentation's example runs against the stand-in unchanged."""

import os
import subprocess
import sys

from tests.conftest import ROOT, TEST_KEY, admin


def test_reference_example_prints_twenty_items(stand_in):
    env = {**os.environ, "OPENROUTER_BASE_URL": stand_in.base_url, "OPENROUTER_API_KEY": TEST_KEY,
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "examples/reference_example.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ArtificialAnalysisItem(") == 20
    assert "model_permaslug='anthropic/claude-opus-5-20260723'" in result.stdout
    assert TEST_KEY not in result.stdout + result.stderr
    assert admin(stand_in, "/_admin/stats")["by_query"] == {"max_results=20&source=artificial-analysis": 1}
    received = admin(stand_in, "/_admin/received")[0]["headers"]
    assert received["X-OpenRouter-Title"] == "<value>"
