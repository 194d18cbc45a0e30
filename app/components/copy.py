"""A number shown with a one-tap copy button, and a "Copied" notice read out when done."""

from __future__ import annotations

import flet as ft

from app import theme
from app.components.controls import icon_button
from app.state.context import use_state_ctx


@ft.component
def CopyRow(label: str, value: str, *, name: str) -> ft.Control:
    """`label` and `value` read together, and a 48 px button that copies `value`.

    `name` keys the row ("passport-number"), its button ("copy-passport-number") and the
    notice ("passport-number-copied"); a component's own `key` argument is Flet's.
    """
    state = use_state_ctx()
    _ = state.tr
    copied, set_copied = ft.use_state(False)

    async def copy() -> None:
        await ft.Clipboard().set(value)
        set_copied(True)

    texts: list[ft.Control] = [
        ft.Text(label, size=theme.size("body_small"), color=theme.MUTED,
                weight=ft.FontWeight.W_600),
        ft.Text(value, size=theme.size("title_medium"), color=theme.TEXT,
                weight=ft.FontWeight.W_600),
    ]
    if copied:
        texts.append(ft.Semantics(
            live_region=True,
            identifier=f"{name}-copied",
            content=ft.Row(
                [ft.Icon(ft.Icons.CHECK, size=20, color=theme.SUCCESS),
                 ft.Text(_("Copied"), size=theme.size("body_medium"), color=theme.SUCCESS)],
                spacing=4,
            ),
        ))
    return ft.Row(
        [
            ft.Container(
                ft.Semantics(container=True, identifier=name,
                             content=ft.Column(texts, spacing=2)),
                expand=True,
            ),
            # A node of its own (icon_button tags it), so "Copy ..." names this button and
            # does not merge into the text around it.
            icon_button(ft.Icons.CONTENT_COPY, _("Copy %(what)s", what=label), copy,
                        key=f"copy-{name}", size=26),
        ],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
