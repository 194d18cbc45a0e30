"""Text size and contrast: reachable from every screen's top bar, signed in or not."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import flet as ft
from babel import numbers

from app import theme
from app.components.controls import heading, paragraph, primary_button, switch_row, tagged
from app.components.shell import Screen
from app.i18n import Translator
from app.state.context import use_state_ctx
from app.state.preferences import choose_display


def came_from(location: str) -> str:
    """The screen the settings were opened from (`?from=`), if it is one of this app's."""
    target = parse_qs(urlparse(location).query).get("from", [""])[0]
    # Only a path of this app: nothing that could name another site.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def scale_label(_: Translator, scale: float) -> str:
    """"125%" in the user's number format (short: a radio's label does not wrap)."""
    return str(numbers.format_percent(scale, locale=_.locale))


def _row_height(role: str) -> int:
    """A radio or switch row tall enough for its label at the current text size."""
    return max(56, round(theme.size(role) * 1.7))


@ft.component
def DisplaySettingsPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    back = came_from(page.route or "")

    async def pick_scale(e: ft.Event[ft.RadioGroup]) -> None:
        await choose_display(state, scale=theme.clamp_scale(e.control.value))

    async def pick_contrast(e: ft.Event[ft.Switch]) -> None:
        await choose_display(state, high_contrast=bool(e.control.value))

    label_style = ft.TextStyle(size=theme.size("body_large"), color=theme.TEXT)
    sizes = ft.RadioGroup(
        key="text-size",
        value=str(state.text_scale),
        on_change=pick_scale,
        content=ft.Column(
            [
                tagged(ft.Radio(value=str(scale), label=scale_label(_, scale),
                                label_style=label_style, key=f"text-size-{round(scale * 100)}",
                                height=_row_height("body_large")),
                       f"text-size-{round(scale * 100)}")
                for scale in theme.TEXT_SCALES
            ],
            spacing=4,
        ),
    )
    sample = ft.Container(
        content=paragraph(_("This is how text looks at this size. Every screen follows it."),
                          key="sample-text"),
        padding=16,
        border=ft.Border.all(1, theme.MUTED),
        border_radius=8,
    )
    contrast = switch_row(_("High contrast"), state.high_contrast, pick_contrast,
                          key="high-contrast")
    body: list[ft.Control] = [
        paragraph(_("These settings are remembered on this device, for every screen.")),
        heading(_("Text size"), level=2, key="text-size-heading"),
        paragraph(_("%(percent)s is the standard size.", percent=scale_label(_, 1.0)),
                  role="body_medium"),
        sizes,
        sample,
        heading(_("Contrast"), level=2, key="contrast-heading"),
        paragraph(_("Black text and stronger lines on white. Every text stands out from its "
                    "background at a contrast of at least 7 to 1."), role="body_medium"),
        contrast,
        primary_button(_("Done"), lambda: page.navigate(back), icon=ft.Icons.CHECK,
                       key="done"),
    ]
    return Screen(_("Text size and contrast"), body, back=back)
