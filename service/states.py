"""What the data service reports about each dataset, as data: states, failures, the mode.

Pages and the command line put these in words (`core.freshness`); this
module imports no network code, so pure modules may use its types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from service.datasets import FetchedDataset


class FailureKind(StrEnum):
    QUOTA = "quota"  # our own guard refused: a budget is spent
    PAUSED = "paused"  # the API asked us to wait (429 earlier)
    UNAUTHORIZED = "unauthorized"  # 401
    RATE_LIMITED = "rate-limited"  # 429
    DEADLINE = "deadline"  # the dataset took too long in all
    TIMEOUT = "timeout"  # no answer in time
    CONNECTION = "connection"  # could not reach the API
    NOT_CONTRACT = "not-contract"  # a 200 that is not the benchmarks contract
    BAD_REQUEST = "bad-request"  # 400
    API_FAILED = "api-failed"  # other 4XX/5XX
    EMPTY = "empty"  # no usable items where we hold data
    REFRESHING = "refreshing"  # not ready within the page's wait: still fetching in the background
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class Failure:
    """Why a refresh failed, as data: the pages and the CLI put it in words (`core.freshness`)."""

    kind: FailureKind
    status: int | None = None
    resets_at: datetime | None = None  # when a spent budget or a pause ends
    detail: str = ""  # what the guard or the API said, cut short; never the key


class Mode(StrEnum):
    LIVE = "live"  # a key is set
    NO_KEY = "no-key"  # the bundled snapshot: no key
    OFFLINE = "offline"  # the bundled snapshot: BENCHMARKS_OFFLINE is set


class Freshness(StrEnum):
    LIVE = "live"  # fetched by this process within the TTL
    CACHED = "cached"  # read from the disk cache, still within the TTL
    STALE = "stale"  # a refresh failed: the last good data, with the reason
    SNAPSHOT = "snapshot"  # the bundled snapshot (no key, offline, or nothing better)


@dataclass(frozen=True)
class DatasetState:
    """One dataset as the layer serves it now, with everything known about its freshness."""

    dataset: FetchedDataset
    state: Freshness
    failure: Failure | None = None  # why it is stale or a snapshot
    expires: float = float("inf")  # on the layer's clock, monotonic()

    @property
    def name(self) -> str:
        return self.dataset.name

    @property
    def as_of(self) -> str:
        return self.dataset.meta.as_of

    @property
    def as_of_date(self) -> str:
        """The UTC date of its `as_of` (as an edition's `date`); its first ten characters when it dates nothing."""
        stamp = self.dataset.stamp
        return stamp.date().isoformat() if stamp is not None else self.as_of[:10]
