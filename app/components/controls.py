"""Accessible building blocks: big buttons, labelled fields with their errors, banners."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import flet as ft

from app import fonts, theme
from app.components.announce import announce
from app.state.context import use_state_ctx

Handler = Callable[..., Any]
# From this text size on (150%) layouts give their width to words: icons go above or away.
BIG_TEXT = 1.5


def tagged(control: ft.Control, key: str | None) -> ft.Control:
    """`control` findable by `key` in the browser's accessibility tree as well.

    Flet's `key` stays in Python; a Semantics identifier reaches the page, so browser tests
    tap "submit" or "choice-center-1" whatever the language.
    """
    if key is None:
        return control
    return ft.Semantics(container=True, identifier=key, content=control)


def primary_button(
    label: str, on_click: Handler, *, icon: ft.IconData | None = None, key: str | None = None,
    disabled: bool = False,
) -> ft.Control:
    """The one main action of a screen: full width, at least 56 px tall, taller for big text.

    No fixed height: at 200% text the words wrap and the button grows instead of clipping.
    """
    return tagged(ft.FilledButton(
        content=ft.Text(label, size=theme.size("label_large"), text_align=ft.TextAlign.CENTER),
        icon=icon,
        on_click=on_click,
        key=key,
        disabled=disabled,
        width=float("inf"),
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=24, vertical=14),
                             side=theme.focus_side(filled=True), icon_size=theme.icon_size()),
    ), key)


def secondary_button(
    label: str, on_click: Handler, *, icon: ft.IconData | None = None, key: str | None = None,
    full_width: bool = True,
) -> ft.Control:
    """A second choice beside the main action, as large as it (or as wide as its words)."""
    return tagged(ft.OutlinedButton(
        content=ft.Text(label, size=theme.size("label_large"), text_align=ft.TextAlign.CENTER),
        icon=icon,
        on_click=on_click,
        key=key,
        width=float("inf") if full_width else None,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=24, vertical=14),
                             side=theme.focus_side(ft.BorderSide(2, theme.PRIMARY)),
                             icon_size=theme.icon_size()),
    ), key)


def link_button(
    label: str, on_click: Handler, *, key: str | None = None, icon: ft.IconData | None = None
) -> ft.Control:
    """A less important action that still has a 48 px target."""
    return tagged(ft.TextButton(
        content=ft.Text(label, size=theme.size("label_large")),
        icon=icon,
        on_click=on_click,
        key=key,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=12, vertical=14),
                             side=theme.focus_side(), icon_size=theme.icon_size()),
    ), key)


def icon_button(
    icon: ft.IconData, label: str, on_click: Handler, *, key: str | None = None,
    size: int = 28,
) -> ft.Control:
    """A 48x48 button with only an icon; `label` is its accessible name (and its tooltip).

    A tooltip alone gives an IconButton no name for screen readers: the icon carries it.
    """
    return tagged(ft.IconButton(
        icon=ft.Icon(icon, size=theme.icon_size(size), color=theme.PRIMARY,
                     semantics_label=label),
        tooltip=label,
        on_click=on_click,
        key=key,
        width=max(theme.MIN_TARGET, theme.icon_size(size) + 16),
        height=max(theme.MIN_TARGET, theme.icon_size(size) + 16),
        style=ft.ButtonStyle(side=theme.focus_side()),
    ), key)


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
    autofocus: bool = False,
    on_focus: Handler | None = None,
    on_blur: Handler | None = None,
) -> ft.Control:
    """A labelled field that shows its error under it in plain words (and to screen readers).

    The error is the field's description for screen readers and is announced when it
    appears. A password field has a named "Show password" button (Flutter's own has none).
    """
    return Field(
        label=label, value=value, on_change=on_change, error=error, hint=hint,
        password=password, keyboard=keyboard, autofill=autofill, on_submit=on_submit,
        field_key=key, capitalization=capitalization, autofocus=autofocus,
        on_focus=on_focus, on_blur=on_blur,
    )


@ft.component
def Field(
    *,
    label: str,
    value: str,
    on_change: Handler,
    error: str | None,
    hint: str | None,
    password: bool,
    keyboard: ft.KeyboardType,
    autofill: ft.AutofillHint | None,
    on_submit: Handler | None,
    field_key: str | None,
    capitalization: ft.TextCapitalization | None,
    autofocus: bool = False,
    on_focus: Handler | None = None,
    on_blur: Handler | None = None,
) -> ft.Control:
    """The text field of text_field(), with its own "show password" state."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    shown, set_shown = ft.use_state(False)

    async def changed(e: ft.Event[ft.TextField]) -> None:
        # What is typed may be in a script (or rare hanzi) the page has no font for yet.
        fonts.load_fonts(page, fonts.fonts_for_text(state.lang, [e.control.value or ""]))
        outcome = on_change(e)
        if inspect.isawaitable(outcome):
            await outcome

    def announce_error() -> None:
        if error:
            announce(f"{label}: {error}")

    ft.use_effect(announce_error, dependencies=[error])
    suffix: ft.Control | None = None
    if password:
        words = _("Hide password") if shown else _("Show password")
        suffix = icon_button(
            ft.Icons.VISIBILITY_OFF if shown else ft.Icons.VISIBILITY, words,
            lambda: set_shown(not shown),
            key=f"{field_key}-show" if field_key else None, size=26,
        )
    # Above 100% a label inside the field would wrap and be cut by the field's border: it
    # goes above the field instead, merged with it so that it still names the field.
    outside = theme.current().scale > 1.0
    field = ft.TextField(
        label=None if outside else label,
        value=value,
        on_change=changed,
        error=error,
        error_max_lines=4,  # an error is read in full, never cut short with an ellipsis
        # Above 100% what to type goes under the field (where it wraps and stays while
        # typing), not inside it where a password field has one line for it.
        hint_text=None if outside else hint,
        hint_max_lines=4,
        helper=hint if outside else None,
        helper_max_lines=6,
        helper_style=ft.TextStyle(size=theme.size("body_medium"), color=theme.MUTED),
        error_style=ft.TextStyle(size=theme.size("body_medium"), color=theme.ERROR),
        password=password and not shown,
        suffix_icon=suffix,
        keyboard_type=keyboard,
        autofill_hints=autofill,
        on_submit=on_submit,
        key=field_key,
        capitalization=capitalization,
        autofocus=autofocus,
        on_focus=on_focus,
        on_blur=on_blur,
        text_size=theme.size("body_large"),
        label_style=ft.TextStyle(size=theme.size("body_large")),
        border=field_border(),
        content_padding=ft.Padding.symmetric(horizontal=16, vertical=18),
    )
    # Tagged, the field is a node of its own: untagged, Flutter can merge it into the list
    # around it, and the whole screen becomes one text box for a screen reader.
    if not outside:
        return tagged(field, field_key)
    return tagged(ft.MergeSemantics(content=ft.Column(
        [ft.Text(label, size=theme.size("body_large"), weight=ft.FontWeight.W_600,
                 color=theme.TEXT),
         field],
        spacing=6,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )), field_key)


def switch_row(
    label: str, value: bool, on_change: Handler, *, key: str | None = None
) -> ft.Control:
    """A switch named by its label, which wraps at any text size.

    A Switch's own label never wraps (it runs off a phone's screen at 200%); merged, the
    switch and the words beside it are one node for screen readers, named by the words.
    """
    return tagged(ft.MergeSemantics(content=ft.Row(
        [ft.Switch(value=value, on_change=on_change, key=key, height=theme.MIN_TARGET),
         ft.Text(label, size=theme.size("body_large"), color=theme.TEXT, expand=True)],
        spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )), key)


def field_border() -> dict[ft.ControlState, ft.InputBorder]:
    """A field's outline: dark enough to find, and a wide ring in the focus colour."""
    return {
        ft.ControlState.FOCUSED: ft.OutlineInputBorder(
            side=ft.BorderSide(theme.FOCUS_WIDTH, theme.FOCUS)),
        ft.ControlState.ERROR: ft.OutlineInputBorder(side=ft.BorderSide(2, theme.ERROR)),
        ft.ControlState.DEFAULT: ft.OutlineInputBorder(side=ft.BorderSide(1, theme.MUTED)),
    }


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
    colours = {"info": theme.PRIMARY, "error": theme.ERROR, "success": theme.SUCCESS,
               "warning": theme.WARNING}
    colour = colours[kind]
    return ft.Semantics(
        live_region=True,
        identifier=key,
        content=ft.Container(
            # With big text the icon goes above the words, which keep the whole width.
            content=ft.Column(
                [ft.Icon(icons[kind], color=colour, size=theme.icon_size(28)),
                 ft.Text(text, color=colour, size=theme.size("body_medium"))],
                spacing=4,
            ) if theme.current().scale >= BIG_TEXT else ft.Row(
                [ft.Icon(icons[kind], color=colour, size=theme.icon_size(28)),
                 ft.Text(text, color=colour, expand=True, size=theme.size("body_medium"))],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            padding=16,
            border=ft.Border.all(2, colour),
            border_radius=8,
            bgcolor=theme.BACKGROUND,
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
    # With very big text the words need the width more than a picture does.
    if icon is not None and theme.current().scale < BIG_TEXT:
        row.append(ft.Icon(icon, size=theme.icon_size(32),
                           color=theme.MUTED if disabled else theme.PRIMARY))
    row.append(ft.Column(texts, spacing=4, expand=True))
    if not disabled:
        # A chevron points the way the screen reads: Flutter mirrors it in Arabic.
        row.append(ft.Icon(ft.Icons.CHEVRON_RIGHT, size=theme.icon_size(28),
                           color=theme.PRIMARY))
    return tagged(ft.OutlinedButton(
        key=key,
        on_click=None if disabled else on_click,
        disabled=disabled,
        width=float("inf"),
        style=ft.ButtonStyle(
            shape=ft.RoundedRectangleBorder(radius=12),
            padding=ft.Padding.symmetric(horizontal=16, vertical=14),
            side=theme.focus_side(
                ft.BorderSide(2, theme.INACTIVE if disabled else theme.PRIMARY)),
        ),
        # The padding and large text keep it well above the 48 px target.
        content=ft.Row(row, spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER),
    ), key)


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
