"""Screen changes without waiting for the browser (written against flet 1.0.5).

Flet's `page.navigate(route)` asks the browser to change its address; the browser answers
with a route change, and only then does the Router render the new screen: a round trip on
every tap, on a phone's network too. Here the Router is told at once, so the new screen is
on its way with the same message, and the browser's answer, when it comes, is recognised
and dropped. The address bar and the browser's Back button work as before: Back, or an
address typed in, is a route change the app did not start, and goes to the Router as usual.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import flet as ft

# Routes shown before the browser confirmed them. The browser answers in order, so a few
# suffice; bounded so that a browser that never answers cannot make it grow.
MAX_PENDING = 16


class InstantNavigation:
    """Installed on one page: its `navigate` shows the route first, then tells the browser."""

    def __init__(self, page: ft.Page) -> None:
        self.page = page
        self.pending: deque[str] = deque(maxlen=MAX_PENDING)
        self._push_route = page.navigate
        self._before_event = page.before_event
        # Instance attributes: every `page.navigate(...)` of the app goes through here, and
        # Flet asks `page.before_event` about every event of the page.
        object.__setattr__(page, "navigate", self.navigate)
        object.__setattr__(page, "before_event", self.before_event)

    def navigate(self, route: str) -> None:
        route_changed = self.page.on_route_change  # the Router's, once it is mounted
        if route_changed is not None and route != self.page.route:
            # As the browser's answer would: the page's route first, then the event.
            self.page.session.apply_page_patch({"route": route})
            self.pending.append(route)
            # (mypy misreads the fields of Flet's generic event dataclasses)
            route_changed(ft.RouteChangeEvent(  # type: ignore[call-arg]
                name="route_change", control=self.page, route=route))
        self._push_route(route)

    def before_event(self, e: Any) -> bool | None:
        go_on = self._before_event(e)  # Flet's own bookkeeping of the last route, the query
        if not isinstance(e, ft.RouteChangeEvent) or not self.pending:
            return go_on
        if e.route not in self.pending:
            # Not one of ours (Back, or a route the browser wrote otherwise): the browser's
            # address is the truth from here on.
            self.pending.clear()
            return go_on
        while self.pending.popleft() != e.route:
            pass
        return False  # already on screen
