"""The faster walk over added and removed controls finds what Flet's own walk finds."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from flet.controls.object_patch import DiffBuilder, ObjectPatch

from tests.app.flet_harness import async_test, rendered_app
from webclient import flet_walk

# Screens that need nothing loaded (a loading screen would make each run differ): forms,
# the display settings, and home again.
ROUTES = ["/signin", "/", "/settings", "/register", "/"]


def _described(control: Any) -> tuple[str, Any, str]:
    parent = control.parent
    return type(control).__name__, control.key, type(parent).__name__ if parent else "-"


async def _changes() -> tuple[list[Any], list[str]]:
    """What each diff added and removed while a visitor goes through ROUTES and types."""
    seen: list[Any] = []
    from_diff = ObjectPatch.from_diff.__func__  # type: ignore[attr-defined]

    def recording(cls: type[ObjectPatch], *args: Any, **kwargs: Any) -> Any:
        patch, added, removed = from_diff(cls, *args, **kwargs)
        seen.append(([_described(c) for c in added], [_described(c) for c in removed]))
        return patch, added, removed

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ObjectPatch, "from_diff", classmethod(recording))
        async with rendered_app("/") as ui:
            for route in ROUTES:
                await ui.go(route)
                if route == "/register":
                    await ui.type("email", "not an address")
            return seen, ui.texts()


@pytest.mark.usefixtures("sample_api")
@async_test
async def test_the_walk_finds_the_controls_flets_walk_finds_in_the_same_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DiffBuilder, "get_added_controls", flet_walk.upstream_added_controls)
    monkeypatch.setattr(DiffBuilder, "get_removed_controls", flet_walk.upstream_removed_controls)
    upstream, upstream_texts = await _changes()
    flet_walk.install()
    fast, fast_texts = await _changes()
    assert len(upstream) > len(ROUTES)
    assert sum(len(added) for added, _ in upstream) > 500  # whole screens, not a few fields
    assert fast == upstream
    assert fast_texts == upstream_texts


def test_flet_still_walks_as_the_fix_was_written_for() -> None:
    # The walk copies Flet's: if Flet changes its own, look at this one again.
    configure = inspect.getsource(DiffBuilder._configure_dataclass)
    for step in ("item.build()", "item._before_update_safe()", "_control_setattr",
                 'field.metadata.get("skip", False)', "_dirty"):
        assert step in configure
    removed = inspect.getsource(DiffBuilder._removed_controls)
    for step in ("__prev_lists", "__prev_dicts", "__prev_classes"):
        assert step in removed
