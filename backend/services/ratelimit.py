"""Rate limits kept in memory, per process: failures in a sliding window, requests in a
window, and failures answered with growing delays.

Every limiter registers itself, so tests (and a restart) start with none counted.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable
from typing import Protocol


class _Resettable(Protocol):
    def reset(self, key: str | None = None) -> None: ...


_ALL: list[_Resettable] = []


def reset_all() -> None:
    """Forget every count of every limiter (tests start clean)."""
    for limiter in _ALL:
        limiter.reset()


class FailureLimiter:
    """Refuses a key after `limit` failures within `window` seconds."""

    def __init__(
        self, *, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()
        _ALL.append(self)

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 when it may try now)."""
        now = self.clock()
        with self._lock:
            q = self._prune(key, now)
            if len(q) < self.limit:
                if not q:  # dropped, so that the table does not grow with every key seen
                    del self._failures[key]
                return 0
            return max(1, math.ceil(q[0] + self.window - now))

    def fail(self, key: str) -> None:
        """Count one failure for `key`."""
        with self._lock:
            self._failures[key].append(self.clock())

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
        now = self.clock()
        with self._lock:
            q = self._prune(key, now)
            if len(q) >= self.limit:
                return max(1, math.ceil(q[0] + self.window - now))
            q.append(now)
            return 0


class BackoffLimiter:
    """Failures answered with growing delays, never a lockout.

    A key may fail `free` times; after that each further try must wait `base` seconds, then
    twice that after the next failure, and so on up to `cap`. A key is forgotten `forget`
    seconds after its last failure, and a success resets it. The longest wait is `cap`, so
    an attacker who fails on purpose can slow a victim down, never shut them out.
    """

    MAX_KEYS = 100_000  # the oldest keys are dropped beyond this (memory stays bounded)

    def __init__(
        self, *, free: int, base: float, cap: float, forget: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base, self.cap, self.forget = free, base, cap, forget
        self.clock = clock
        # key -> (failures, time of the last failure), least recently failed first
        self._state: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.append(self)

    def delay(self, failures: int) -> float:
        """The wait after `failures` failures."""
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** (failures - self.free))

    def _current(self, key: str, now: float) -> tuple[int, float] | None:
        entry = self._state.get(key)
        if entry is not None and now - entry[1] >= self.forget:
            del self._state[key]
            return None
        return entry

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 when it may try now)."""
        now = self.clock()
        with self._lock:
            entry = self._current(key, now)
            if entry is None:
                return 0
            failures, last = entry
            wait = last + self.delay(failures) - now
            return max(1, math.ceil(wait)) if wait > 0 else 0

    def failures(self, key: str) -> int:
        """How many failures of `key` are remembered."""
        with self._lock:
            entry = self._current(key, self.clock())
            return entry[0] if entry else 0

    def fail(self, key: str) -> None:
        """Count one failure for `key`."""
        now = self.clock()
        with self._lock:
            entry = self._current(key, now)
            self._state[key] = ((entry[0] if entry else 0) + 1, now)
            self._state.move_to_end(key)
            while len(self._state) > self.MAX_KEYS:
                self._state.popitem(last=False)

    def reset(self, key: str | None = None) -> None:
        """Forget the failures of `key` (or of every key)."""
        with self._lock:
            if key is None:
                self._state.clear()
            else:
                self._state.pop(key, None)


class RecentSet:
    """Keys seen within `ttl` seconds (bounded): e.g. the addresses an account signed in from."""

    def __init__(self, *, ttl: float, size: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.append(self)

    def add(self, key: str) -> None:
        with self._lock:
            self._seen[key] = self.clock()
            self._seen.move_to_end(key)
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            at = self._seen.get(str(key))
            return at is not None and self.clock() - at < self.ttl

    def reset(self, key: str | None = None) -> None:
        with self._lock:
            if key is None:
                self._seen.clear()
            else:
                self._seen.pop(key, None)
