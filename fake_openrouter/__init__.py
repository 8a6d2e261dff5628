"""A local stand-in of OpenRouter's benchmarks API, for tests, benchmarks and offline demos."""

from fake_openrouter.server import Limits, Server, StandIn

__all__ = ["Limits", "Server", "StandIn"]
