"""Contract: the official SDK, pointed at the stand-in, reads what our client reads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openrouter import OpenRouter as OfficialSDK
from openrouter.utils import RetryConfig as SDKRetryConfig

from client import OpenRouter, RetryConfig
from tests.conftest import TEST_KEY

QUERIES = [
    {"source": "artificial-analysis", "max_results": 100},
    {"source": "artificial-analysis", "task_type": "agentic", "max_results": 30},
    {"source": "design-arena", "arena": "models", "category": "gamedev", "max_results": 100},
    {"source": "design-arena", "arena": "agents", "max_results": 100},
    {"source": "design-arena", "task_type": "coding"},
    {"source": "openrouter", "max_results": 10},
    {"source": "openrouter", "benchmark_type": "gpqa_diamond"},
    {"source": "openrouter", "task_type": "search", "include_run_config": True},
    {"max_results": 100},
]

SCORE_FIELDS = ("intelligence_index", "coding_index", "agentic_index", "elo", "win_rate",
                "accuracy", "accuracy_stddev", "primary_score", "total_tasks", "search_engine")


def essentials(item) -> tuple:
    pricing = getattr(item, "pricing", None)
    prices = (Decimal(str(pricing.prompt)), Decimal(str(pricing.completion))) if pricing else None
    return (item.source, item.model_permaslug, item.display_name,
            tuple(getattr(item, name, None) for name in SCORE_FIELDS), prices)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_official_sdk_parses_every_shape_and_agrees_with_our_client(stand_in, query):
    with OfficialSDK(api_key=TEST_KEY, server_url=stand_in.base_url,
                     retry_config=SDKRetryConfig("none", None, False)) as sdk:
        theirs = sdk.benchmarks.get_benchmarks(**query)
    with OpenRouter(api_key=TEST_KEY, server_url=stand_in.base_url, retry_config=RetryConfig("none")) as ours_client:
        ours = ours_client.benchmarks.get_benchmarks(**query)
    assert ours.dropped_count == 0
    assert len(ours.data) == len(theirs.data) > 0
    assert [essentials(i) for i in ours.data] == [essentials(i) for i in theirs.data]
    assert ours.meta.as_of == theirs.meta.as_of
    assert ours.meta.model_count == theirs.meta.model_count
    assert ours.meta.citation == theirs.meta.citation


def test_sdk_and_our_client_raise_errors_of_the_same_names(stand_in):
    import openrouter.errors as sdk_errors

    with OfficialSDK(api_key=TEST_KEY, server_url=stand_in.base_url) as sdk, \
            pytest.raises(sdk_errors.BadRequestResponseError):
        sdk.benchmarks.get_benchmarks(source="not-a-source")
    import client.errors as our_errors

    for name in ("BadRequestResponseError", "UnauthorizedResponseError", "TooManyRequestsResponseError",
                 "InternalServerResponseError", "OpenRouterDefaultError", "ResponseValidationError",
                 "OpenRouterError"):
        assert hasattr(sdk_errors, name) and hasattr(our_errors, name)
