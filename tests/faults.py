"""The stand-in faults that must make a refresh fail (and leave the last good data in place), and where the
page waits measured under faults are written (the README's worst waits come from that file)."""

from tests.browser import ARTIFACTS

WAITS = ARTIFACTS / "fault-waits.tsv"


def record_wait(request, page: str | None, waited: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with WAITS.open("a", encoding="utf-8") as out:
        out.write(f"{request.node.name}\t{page or 'leaderboard'}\t{waited:.2f}\n")

FAILING_FAULTS = [
    {"kind": "status", "status": 400},
    {"kind": "status", "status": 401},
    {"kind": "status", "status": 429, "headers": {"Retry-After": "1"}},
    {"kind": "status", "status": 429},
    {"kind": "status", "status": 500},
    {"kind": "status", "status": 502},
    {"kind": "status", "status": 503},
    {"kind": "hang", "seconds": 3},
    {"kind": "disconnect"},
    {"kind": "non_json"},
    {"kind": "truncated_json"},
    {"kind": "drift", "variant": "missing_field"},
    {"kind": "drift", "variant": "nulls"},
]


def fault_id(spec: dict) -> str:
    return "-".join(str(v) for k, v in spec.items() if k in ("kind", "status", "variant", "headers"))
