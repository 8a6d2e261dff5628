__version__ = "0.1.0"
USER_AGENT = f"openrouter-benchmarks-dashboard/{__version__} (+httpx)"
