"""Memoising pure functions of immutable API data, shared by every session.

The data layer hands out the same `items` tuple for as long as its datasets
are unchanged, so derived frames and figures can be computed once and reused
by every rerun and every session. Entries are keyed by the identity of the
first argument (hashing hundreds of models would cost more than it saves)
and hold a reference to it, so an identity is never reused while cached.
Results are shared: callers must not modify them in place.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
MAX_ENTRIES = 128


def memoize_on_data(func: F) -> F:
    """Cache `func(data, *args, **kwargs)` by (identity of data, args, kwargs); args must be hashable."""
    cache: OrderedDict[tuple, tuple[Any, Any]] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(func)
    def wrapper(data, *args, **kwargs):
        key = (id(data), args, tuple(sorted(kwargs.items())))
        with lock:
            hit = cache.get(key)
            if hit is not None and hit[0] is data:
                cache.move_to_end(key)
                return hit[1]
        value = func(data, *args, **kwargs)
        with lock:
            cache[key] = (data, value)
            cache.move_to_end(key)
            while len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
        return value

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
