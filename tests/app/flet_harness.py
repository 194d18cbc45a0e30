"""Renders the Flet app in Python without a browser or Flutter, and drives it like a user.

This is the ONLY module of the tests that touches Flet internals (`Session`, `Connection`,
`Component._b`, the context page, the client's route-change protocol). A Flet upgrade that
changes them should break here and nowhere else. Written against flet 1.0.5.

How it works: a real `flet.messaging.session.Session` is given a `Connection` that records
what would go to the browser (encoded like the websocket does, which also snapshots the state
later diffs rely on). `app.app.main(page)` then builds the real control tree in this process.
Events are sent through `Session.dispatch_event`, the path a browser event takes. When the app
calls `page.navigate(...)`, the connection answers like the Flutter client does: it accepts the
`push_route` call, sets `page.route` and sends the `route_change` event the Router listens to.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import flet as ft
import msgpack
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    InvokeMethodRequestBody,
    MessageAction,
    configure_encode_object_for_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

import app.app as app_module
from app.state.session import AppState

C = TypeVar("C", bound=ft.BaseControl)

_encode_default = configure_encode_object_for_msgpack(BaseControl)


def _encode(payload: Any) -> bytes:
    return msgpack.packb(payload, default=_encode_default)


def async_test(fn: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an `async def` test in a fresh event loop (no pytest plugin needed)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


class _BrowserConnection(Connection):
    """Records outgoing messages and plays the client's part for `push_route`."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Any] = []
        self.packets: list[bytes] = []
        self.session: Session | None = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.navigations: list[str] = []
        self.invocations: list[tuple[str, dict[str, Any]]] = []
        self.crashes: list[str] = []
        self.page_url = "http://127.0.0.1:8550"
        # Set to a list to hold the client's answers to `push_route` (a slow network):
        # the routes wait there until `answer_held_routes()`.
        self.held_routes: list[str] | None = None
        # The browser's storage behind SharedPreferences (localStorage on the web).
        self.device_storage: dict[str, Any] = {}

    def send_message(self, message: Any) -> None:
        # Encoded as sent (later diffs rely on it), and kept: what the browser received.
        self.packets.append(_encode([message.action, message.body]))
        self.messages.append(message)
        body = message.body
        if message.action == MessageAction.SESSION_CRASHED:
            # An exception in a handler or effect: Flet logs it and tells the browser.
            self.crashes.append(body.message)
        if message.action == MessageAction.INVOKE_METHOD and isinstance(
            body, InvokeMethodRequestBody
        ):
            self._answer_invoke(body)

    def _answer_invoke(self, body: InvokeMethodRequestBody) -> None:
        assert self.session is not None
        # The call is registered before it is sent, so it can be answered at once.
        result = self._device_storage_call(body)
        self.session.handle_invoke_method_results(body.control_id, body.call_id, result, None)
        self.invocations.append((body.name, dict(body.args or {})))
        if body.name == "push_route":
            route = body.args["route"]
            self.navigations.append(route)
            if self.held_routes is not None:
                self.held_routes.append(route)
            else:
                self.spawn(self.client_route_change(route))

    def _device_storage_call(self, body: InvokeMethodRequestBody) -> Any:
        """What the client's SharedPreferences answers, kept in `device_storage`."""
        assert self.session is not None
        control = self.session.index.get(body.control_id)
        if not isinstance(control, ft.SharedPreferences):
            return None
        args = dict(body.args or {})
        if body.name == "set":
            self.device_storage[args["key"]] = args["value"]
            return True
        if body.name == "get":
            return self.device_storage.get(args["key"])
        if body.name == "remove":
            return self.device_storage.pop(args["key"], None) is not None
        if body.name == "contains_key":
            return args["key"] in self.device_storage
        return None

    def spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def client_route_change(self, route: str) -> None:
        """What the Flutter client sends when its route changes: a page patch, then the event."""
        assert self.session is not None
        page = self.session.page
        self.session.apply_page_patch({"route": route})
        await self.session.dispatch_event(page._i, "route_change", {"route": route})


def _children(c: Any) -> Iterator[Any]:
    """Controls directly held by `c`: a rendered component's body, or control-valued fields."""
    if isinstance(c, ft.Component):
        yield c._b
        return
    for f in dataclasses.fields(c):
        if f.name.startswith("_") or f.name == "parent":
            continue
        v = getattr(c, f.name, None)
        if isinstance(v, ft.BaseControl | list | tuple):
            yield v


def walk(root: Any) -> Iterator[ft.BaseControl]:
    """Every control under `root` (components unwrapped to what they rendered)."""
    seen: set[int] = set()

    def visit(node: Any) -> Iterator[ft.BaseControl]:
        if isinstance(node, list | tuple):
            for item in node:
                yield from visit(item)
            return
        if not isinstance(node, ft.BaseControl) or id(node) in seen:
            return
        seen.add(id(node))
        if not isinstance(node, ft.Component):
            yield node
        for child in _children(node):
            yield from visit(child)

    yield from visit(root)


def _components(root: Any) -> Iterator[ft.Component]:
    seen: set[int] = set()

    def visit(node: Any) -> Iterator[ft.Component]:
        if isinstance(node, list | tuple):
            for item in node:
                yield from visit(item)
            return
        if not isinstance(node, ft.BaseControl) or id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, ft.Component):
            yield node
        for child in _children(node):
            yield from visit(child)

    yield from visit(root)


def text_of(control: ft.BaseControl) -> list[str]:
    """The visible strings of one control (its value, or string label/content/error/hint)."""
    out: list[str] = []
    if isinstance(control, ft.Text) and control.value is not None and not control.spans:
        out.append(str(control.value))
    if isinstance(control, ft.TextSpan) and control.text:
        return [line for line in control.text.split("\n") if line]  # a line of a Text
    for attr in ("content", "label", "error", "error_text", "hint_text", "tooltip", "text"):
        v = getattr(control, attr, None)
        if isinstance(v, str):
            out.append(v)
    return out


@dataclasses.dataclass(repr=False)
class RenderedApp:
    """The app rendered in one session: query its controls and act like a user.

    `key=` in queries matches a control's `key`, or the `identifier` of a Semantics.
    """

    page: ft.Page
    session: Session
    connection: _BrowserConnection

    def __repr__(self) -> str:
        return f"<RenderedApp route={self.route!r}>"

    # ---- state and location
    @property
    def state(self) -> AppState:
        """The session's AppState (the argument the root App component was rendered with)."""
        for comp in _components(self.page.views):
            for arg in (*comp.args, *comp.kwargs.values()):
                if isinstance(arg, AppState):
                    return arg
        raise AssertionError("no AppState found in the rendered tree")

    @property
    def route(self) -> str:
        return self.page.route or "/"

    @property
    def navigations(self) -> list[str]:
        """Every route the app asked the browser to go to (page.navigate / push_route)."""
        return list(self.connection.navigations)

    def invoked(self, name: str) -> list[dict[str, Any]]:
        """The arguments of every call of client method `name` (e.g. "launch_url")."""
        return [args for n, args in self.connection.invocations if n == name]

    # ---- queries
    def controls(self) -> list[ft.BaseControl]:
        return list(walk(self.page.views))

    def texts(self, within: ft.BaseControl | str | None = None) -> list[str]:
        """Visible strings, in order, of the screen or of one control (or key) on it."""
        if within is None:
            return [t for c in self.controls() for t in text_of(c)]
        root = self.find_by_key(within) if isinstance(within, str) else within
        return _deep_texts(root)

    def find_all(self, cls: type[C] = ft.BaseControl, *, key: str | None = None) -> list[C]:
        found = [c for c in self.controls() if isinstance(c, cls)]
        if key is not None:
            found = [c for c in found if _key(c) == key]
            # A Semantics that tags a control with that control's own key (so that browser
            # tests find it too) is the same thing once: keep the control.
            found = [c for c in found if not (
                isinstance(c, ft.Semantics) and c.content is not None
                and any(_key(x) == key for x in walk(c.content)))]
        return found

    def find(self, cls: type[C] = ft.BaseControl, *, key: str | None = None) -> C:
        found = self.find_all(cls, key=key)
        if len(found) != 1:
            raise AssertionError(
                f"expected one {cls.__name__} with key={key!r}, found {len(found)}"
            )
        return found[0]

    def find_by_key(self, key: str) -> ft.BaseControl:
        return self.find(ft.BaseControl, key=key)

    def has_key(self, key: str) -> bool:
        return bool(self.find_all(ft.BaseControl, key=key))

    def field(self, key: str) -> ft.TextField:
        return self.find(ft.TextField, key=key)

    def button(self, key_or_label: str) -> ft.BaseControl:
        """A clickable control by key, or else by the words on it."""
        clickable = [c for c in self.controls() if getattr(c, "on_click", None) is not None]
        by_key = [c for c in clickable if _key(c) == key_or_label]
        if by_key:
            assert len(by_key) == 1, f"several controls with key {key_or_label!r}"
            return by_key[0]
        by_label = [c for c in clickable if key_or_label in _deep_texts(c)]
        if len(by_label) != 1:
            raise AssertionError(f"expected one button {key_or_label!r}, found {len(by_label)}")
        return by_label[0]

    # ---- actions
    async def settle(self) -> None:
        """Let the update scheduler, effects and navigations run until nothing is left.

        Fails if the app crashed meanwhile (an exception in a handler, effect or render).
        """
        for _ in range(50):
            for _ in range(5):
                await asyncio.sleep(0)
            if self.connection.tasks:
                await asyncio.gather(*list(self.connection.tasks))
                continue
            await asyncio.sleep(0.005)
            if not self.connection.tasks:
                break
        if self.connection.crashes:
            crashes, self.connection.crashes[:] = list(self.connection.crashes), []
            raise AssertionError("the app crashed:\n" + "\n".join(crashes))

    async def _event(self, control: ft.BaseControl, name: str, data: Any = None) -> None:
        await self.session.dispatch_event(control._i, name, data)
        await self.settle()

    async def click(self, control_or_key: ft.BaseControl | str) -> None:
        """Click like the browser does; works for handlers with 0 or 1 argument, sync or async."""
        control = self.button(control_or_key) if isinstance(control_or_key, str) else control_or_key
        assert getattr(control, "on_click", None) is not None, f"{control} has no on_click"
        assert not getattr(control, "disabled", False), f"{control} is disabled"
        await self._event(control, "click")

    async def type(self, key: str, text: str) -> None:
        """Type `text` into the text field `key` (value set, then its change event)."""
        field = self.field(key)
        # As the client does: the new value as a property patch, then the change event.
        self.session.apply_patch(field._i, {"value": text})
        await self._event(field, "change", text)

    async def submit(self, key: str) -> None:
        """Press Enter in the text field `key`."""
        await self._event(self.field(key), "submit")

    async def select(self, key: str, value: str) -> None:
        """Choose `value` in the dropdown `key`."""
        dropdown = self.find(ft.Dropdown, key=key)
        self.session.apply_patch(dropdown._i, {"value": value})
        await self._event(dropdown, "select", value)

    async def check(self, key: str, value: bool = True) -> None:
        """Tick (or untick) the checkbox `key`."""
        box = self.find(ft.Checkbox, key=key)
        self.session.apply_patch(box._i, {"value": value})
        await self._event(box, "change", str(value).lower())

    async def press_key(self, key: str) -> None:
        """A key pressed anywhere on the page (its on_keyboard_event), as a keyboard or a
        scanner that types does."""
        await self.session.dispatch_event(
            self.page._i, "keyboard_event",
            {"key": key, "shift": False, "ctrl": False, "alt": False, "meta": False},
        )
        await self.settle()

    async def go(self, route: str) -> None:
        """Change the address like the browser does (as if the user typed it or went back)."""
        await self.connection.client_route_change(route)
        await self.settle()


def _key(c: ft.BaseControl) -> Any:
    """A control's `key`, or for Semantics its `identifier` (how banners and headings are named)."""
    k = getattr(c, "key", None)
    if k is None and isinstance(c, ft.Semantics):
        return c.identifier
    return getattr(k, "value", k) if k is not None and not isinstance(k, str) else k


def _deep_texts(c: ft.BaseControl) -> list[str]:
    return [t for x in walk(c) for t in text_of(x)]


@contextlib.asynccontextmanager
async def rendered(
    main: Callable[[ft.Page], Awaitable[None]], route: str = "/",
    device_storage: dict[str, Any] | None = None,
) -> AsyncIterator[RenderedApp]:
    """A session opened at `route` with `main(page)` run, as a browser connecting would.

    `device_storage` is the browser's storage (what SharedPreferences reads and writes); pass
    the same dict to two sessions to play one device visited twice.
    """
    conn = _BrowserConnection()
    if device_storage is not None:
        conn.device_storage = device_storage
    conn.loop = asyncio.get_running_loop()
    conn.executor = ThreadPoolExecutor(max_workers=2)
    conn.pubsubhub = PubSubHub(loop=conn.loop, executor=conn.executor)
    session = Session(conn)  # the Page holds only a weak reference: `ui` keeps this one
    conn.session = session
    page = session.page
    page.route = route
    # What a desktop browser reports when it registers (services such as FilePicker ask).
    page.web = True
    page.platform = ft.PagePlatform.LINUX
    token = _context_page.set(page)
    _encode(session.get_page_patch())  # the REGISTER_CLIENT snapshot later diffs start from
    ui = RenderedApp(page=page, session=session, connection=conn)
    try:
        await main(page)
        await ui.settle()
        yield ui
    finally:
        with contextlib.suppress(Exception):
            await ui.settle()
        # What happens when the browser goes away: the app's on_close, then the session ends.
        on_close, page.on_close = page.on_close, None
        if on_close is not None:
            result = on_close(None)
            if asyncio.iscoroutine(result):
                await result
        session.close()
        await asyncio.sleep(0)
        conn.executor.shutdown(wait=False)
        _context_page.reset(token)


def rendered_app(
    route: str = "/", device_storage: dict[str, Any] | None = None
) -> contextlib.AbstractAsyncContextManager[RenderedApp]:
    """This project's app (`app.app.main`) opened at `route` (on a device with that storage)."""
    return rendered(app_module.main, route, device_storage)
