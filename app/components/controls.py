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
        error_max_lines=4,  # an error is read in full, never cut short with an ellipsis
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


def step_label(text: str) -> ft.Control:
    """'Step 1 of 5' as a node of its own, so it does not become part of a field's name."""
    return ft.Semantics(
        content=ft.Text(text, size=theme.size("body_medium"), color=theme.MUTED,
                        weight=ft.FontWeight.W_600),
        container=True,
        identifier="step",
    )


def choice_button(
    title: str, on_click: Handler | None, *, lines: list[str] | None = None,
    icon: ft.IconData | None = None, key: str | None = None, disabled: bool = False,
) -> ft.Control:
    """One answer to the screen's question: a full-width button with a title and details.

    Its accessible name is all of its text, so a screen reader says what the choice is.
    """
    texts: list[ft.Control] = [
        ft.Text(title, size=theme.size("title_medium"), weight=ft.FontWeight.W_600,
                color=theme.MUTED if disabled else theme.TEXT),
    ]
    texts += [ft.Text(line, size=theme.size("body_medium"), color=theme.MUTED)
              for line in lines or []]
    row: list[ft.Control] = []
    if icon is not None:
        row.append(ft.Icon(icon, size=32, color=theme.MUTED if disabled else theme.PRIMARY))
    row.append(ft.Column(texts, spacing=4, expand=True))
    if not disabled:
        row.append(ft.Icon(ft.Icons.CHEVRON_RIGHT, size=28, color=theme.PRIMARY))
    return ft.OutlinedButton(
        key=key,
        on_click=None if disabled else on_click,
        disabled=disabled,
        width=float("inf"),
        style=ft.ButtonStyle(
            shape=ft.RoundedRectangleBorder(radius=12),
            padding=ft.Padding.symmetric(horizontal=16, vertical=14),
            side=ft.BorderSide(2, theme.MUTED if disabled else theme.PRIMARY),
        ),
        # The padding and large text keep it well above the 48 px target.
        content=ft.Row(row, spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER),
    )


def detail_row(label: str, value: str, *, key: str | None = None) -> ft.Control:
    """A label and its value, read together ("Date: Monday, November 24, 2026")."""
    return ft.Semantics(
        container=True,
        identifier=key,
        content=ft.Column(
            [ft.Text(label, size=theme.size("body_small"), color=theme.MUTED,
                     weight=ft.FontWeight.W_600),
             ft.Text(value, size=theme.size("body_large"), color=theme.TEXT, selectable=False)],
            spacing=2,
        ),
    )


def loading(text: str) -> ft.Control:
    """A spinner with words, announced when it appears."""
    return ft.Semantics(
        live_region=True,
        identifier="loading",
        content=ft.Row(
            [ft.ProgressRing(width=28, height=28, stroke_width=3),
             ft.Text(text, size=theme.size("body_medium"), color=theme.MUTED)],
            spacing=12,
        ),
    )


def info_card(
    title: str, *, lines: list[str] | None = None, icon: ft.IconData | None = None,
    key: str | None = None,
) -> ft.Control:
    """Facts about one thing (not a button): a framed title with lines, read as one node."""
    texts: list[ft.Control] = [
        ft.Text(title, size=theme.size("title_medium"), weight=ft.FontWeight.W_600,
                color=theme.TEXT),
        *(ft.Text(line, size=theme.size("body_medium"), color=theme.MUTED)
          for line in lines or []),
    ]
    row: list[ft.Control] = []
    if icon is not None:
        row.append(ft.Icon(icon, size=32, color=theme.PRIMARY))
    row.append(ft.Column(texts, spacing=4, expand=True))
    return ft.Semantics(
        container=True,
        identifier=key,
        content=ft.Container(
            content=ft.Row(row, spacing=12, vertical_alignment=ft.CrossAxisAlignment.START),
            padding=ft.Padding.symmetric(horizontal=16, vertical=14),
            border=ft.Border.all(1, theme.MUTED),
            border_radius=12,
        ),
    )
