"""`python -m fake_openrouter [--host H] [--port N|0] [--data DIR]`: serve until stopped.

The first line of output is the base URL to point the client at.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fake_openrouter.server import Limits, Server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fake_openrouter", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--data", type=Path, default=None, help="folder of JSON responses")
    parser.add_argument("--per-minute", type=int, default=30, help="requests per minute per key")
    parser.add_argument("--per-day", type=int, default=500, help="requests per day in all")
    parser.add_argument("--api-key", default=None, help="the only key accepted (default: any)")
    parser.add_argument(
        "--when-omitted",
        choices=("50", "all"),
        default="50",
        help="items served when max_results is omitted: 50 (documented) or all (newer revision)",
    )
    args = parser.parse_args(argv)
    limits = Limits(
        per_minute=args.per_minute,
        per_day=args.per_day,
        api_key=args.api_key,
        all_when_omitted=args.when_omitted == "all",
    )
    server = Server(args.host, args.port, args.data, limits)
    print(server.base_url, flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
