"""The stand-in faults that must make a refresh fail (and leave the last good data in place)."""

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
