"""The SDK reference documentation's example, with only its import changed."""

import os

from client import OpenRouter

with OpenRouter(
    http_referer="<value>",
    x_open_router_title="<value>",
    x_open_router_categories="<value>",
    api_key=os.getenv("OPENROUTER_API_KEY", ""),
) as open_router:
    res = open_router.benchmarks.get_benchmarks(source="artificial-analysis", max_results=20)

    # Handle response
    print(res)
