"""Running jobs in threads released at once by a Barrier, counting how each ended."""

from __future__ import annotations

import threading
import traceback
from collections import Counter
from collections.abc import Callable

from backend.errors import DomainError


def run_at_once(jobs: list[Callable[[], str]], timeout: float = 60) -> Counter[str]:
    """Run each job in its own thread, all released together; count their outcomes (a job's
    return value, or the code of the DomainError it raised). Any other exception fails."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(job: Callable[[], str]) -> None:
        try:
            barrier.wait(timeout=timeout)
            result = job()
        except DomainError as exc:
            result = exc.code
        except Exception:
            with lock:
                errors.append(traceback.format_exc())
            return
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert not errors, "unexpected errors:\n" + "\n".join(errors)
    return Counter(outcomes)
