"""Counting failures per key in a sliding window (kept in memory, per process)."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque


class FailureLimiter:
    """Refuses a key after `limit` failures within `window` seconds."""

    def __init__(self, *, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 when it may try now)."""
        now = time.monotonic()
        with self._lock:
            q = self._prune(key, now)
            if len(q) < self.limit:
                return 0
            return max(1, math.ceil(q[0] + self.window - now))

    def fail(self, key: str) -> None:
        """Count one failure for `key`."""
        with self._lock:
            self._failures[key].append(time.monotonic())

    def reset(self, key: str | None = None) -> None:
        """Forget the failures of `key` (or of every key)."""
        with self._lock:
            if key is None:
                self._failures.clear()
            else:
                self._failures.pop(key, None)


class RequestLimiter(FailureLimiter):
    """Allows a key `limit` requests within `window` seconds, whatever their outcome."""

    def try_acquire(self, key: str) -> int:
        """Counts a request for `key` and returns 0, or the seconds to wait (not counted)."""
        now = time.monotonic()
        with self._lock:
            q = self._prune(key, now)
            if len(q) >= self.limit:
                return max(1, math.ceil(q[0] + self.window - now))
            q.append(now)
            return 0
