"""Messages read out by screen readers that are not a change on the screen they focus.

A field's error appears under the field, but the person is on the submit button: the
error is announced as well. Errors of one submit are gathered into one announcement, so
that the last does not cut off the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from typing import Any

import flet as ft

# How long to gather messages from one render before reading them out.
GATHER_SECONDS = 0.03

_pending: weakref.WeakKeyDictionary[Any, list[str]] = weakref.WeakKeyDictionary()
_services: weakref.WeakKeyDictionary[Any, ft.SemanticsService] = weakref.WeakKeyDictionary()
_tasks: set[asyncio.Task[None]] = set()


def announce(text: str) -> None:
    """Have screen readers say `text` soon (with whatever else this render announces)."""
    page = ft.context.page
    session = page.session
    queue = _pending.setdefault(session, [])
    queue.append(text)
    if len(queue) == 1:
        task = asyncio.get_running_loop().create_task(_read_out(page, session))
        _tasks.add(task)  # a task nobody holds may be collected before it runs
        task.add_done_callback(_tasks.discard)


async def _read_out(page: ft.Page, session: Any) -> None:
    await asyncio.sleep(GATHER_SECONDS)
    texts = _pending.pop(session, [])
    if not texts:
        return
    service = _services.get(session)
    if service is None:
        service = _services[session] = ft.SemanticsService()
    # A browser gone meanwhile is no reason to fail the screen that asked.
    with contextlib.suppress(Exception):
        await service.announce_message(
            " ".join(texts), rtl=bool(page.rtl), assertiveness=ft.Assertiveness.ASSERTIVE
        )
