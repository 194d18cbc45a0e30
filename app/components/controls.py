"""Accessible building blocks: big buttons, labelled fields with their errors, banners."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from app import theme

Handler = Callable[..., Any]


def primary_button(
    label: str, on_click: Handler, *, icon: ft.IconData | None = None, key: str | None = None,
    disabled: bool = False,
) -> ft.Control:
    """The one main action of a screen: full width, at least 56 px tall."""
    return ft.FilledButton(
        content=ft.Text(label, size=theme.size("label_large"), text_align=ft.TextAlign.CENTER),
        icon=icon,
        on_click=on_click,
        key=key,
        disabled=disabled,
        height=56,
        width=float("inf"),
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=24, vertical=12)),
    )


def secondary_button(
    label: str, on_click: Handler, *, icon: ft.IconData | None = None, key: str | None = None
) -> ft.Control:
    """A second choice beside the main action, as large as it."""
    return ft.OutlinedButton(
        content=ft.Text(label, size=theme.size("label_large"), text_align=ft.TextAlign.CENTER),
        icon=icon,
        on_click=on_click,
        key=key,
        height=56,
        width=float("inf"),
    )


def link_button(label: str, on_click: Handler, *, key: str | None = None) -> ft.Control:
    """A less important action that still has a 48 px target."""
    return ft.TextButton(
        content=ft.Text(label, size=theme.size("label_large")),
        on_click=on_click,
        key=key,
        height=theme.MIN_TARGET,
    )


def text_field(
    label: str,
    value: str,
    on_change: Handler,
    *,
    error: str | None = None,
    hint: str | None = None,
    password: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    autofill: ft.AutofillHint | None = None,
    on_submit: Handler | None = None,
    key: str | None = None,
    capitalization: ft.TextCapitalization | None = None,
) -> ft.Control:
    """A labelled field that shows its error under it in plain words (and to screen readers)."""
    return ft.TextField(
        label=label,
        value=value,
        on_change=on_change,
        error=error,
        hint_text=hint,
        password=password,
        can_reveal_password=password,
        keyboard_type=keyboard,
        autofill_hints=autofill,
        on_submit=on_submit,
        key=key,
        capitalization=capitalization,
        text_size=theme.size("body_large"),
        border=ft.OutlineInputBorder(),
        content_padding=ft.Padding.symmetric(horizontal=16, vertical=18),
    )


def paragraph(
    text: str, *, role: str = "body_large", key: str | None = None, **style: Any
) -> ft.Control:
    """Body text as a node of its own for screen readers (not merged into a group's name)."""
    return ft.Semantics(
        content=ft.Text(text, size=theme.size(role), **style), container=True, identifier=key
    )


def heading(text: str, *, level: int = 1, key: str | None = None) -> ft.Control:
    """A heading that screen readers announce as one."""
    role = "headline_small" if level == 1 else "title_large"
    return ft.Semantics(
        content=ft.Text(text, size=theme.size(role), weight=ft.FontWeight.W_600),
        header=True,
        heading_level=level,
        identifier=key,
    )


def banner(text: str, *, kind: str = "info", key: str | None = None) -> ft.Control:
    """A message with an icon and words (never colour alone), read out when it appears."""
    icons = {"info": ft.Icons.INFO_OUTLINE, "error": ft.Icons.ERROR_OUTLINE,
             "success": ft.Icons.CHECK_CIRCLE_OUTLINE, "warning": ft.Icons.WARNING_AMBER}
    colours = {"info": theme.PRIMARY, "error": theme.ERROR, "success": "#1B5E20",
               "warning": "#7A4F00"}
    colour = colours[kind]
    return ft.Semantics(
        live_region=True,
        identifier=key,
        content=ft.Container(
            content=ft.Row(
                [ft.Icon(icons[kind], color=colour, size=28),
                 ft.Text(text, color=colour, expand=True, size=theme.size("body_medium"))],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            padding=16,
            border=ft.Border.all(2, colour),
            border_radius=8,
            bgcolor="#FFFFFF",
        ),
    )
