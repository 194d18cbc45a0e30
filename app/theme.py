"""Large-type accessible themes (standard and high contrast), text size, and the bundled fonts.

Text size and contrast are chosen per browser session (Display). Components ask for sizes
with `size("body_large")` and colours with `theme.PRIMARY`, `theme.TEXT`...: both read the
Display of the session being rendered, so every screen follows the setting without passing
it down, and a change re-renders the app in the new size and colours.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, fields
from typing import Any

import flet as ft
from flet.controls.context import _context_page

from app import fonts

# Which font each language uses, and loading them per page: app/fonts.py.

# Base sizes in logical pixels at 100% text size: body text is 20 (at least 18 required).
SIZES = {
    "body_small": 18,
    "body_medium": 20,
    "body_large": 22,
    "label_large": 20,
    "label_medium": 18,
    "title_small": 20,
    "title_medium": 22,
    "title_large": 26,
    "headline_small": 28,
    "headline_medium": 32,
}
# The text sizes offered (1.0 = 100%); 200% is the most WCAG asks a layout to hold.
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
MIN_SCALE, MAX_SCALE = TEXT_SCALES[0], TEXT_SCALES[-1]
MIN_TARGET = 48  # touch targets are at least 48x48
FOCUS_WIDTH = 3  # the focus ring: wide enough to see at a glance


@dataclass(frozen=True)
class Palette:
    """The colours of one theme. Text colours keep at least 7:1 on every background here."""

    PRIMARY: str  # links, outlines of choices, filled buttons (white text on it)
    TEXT: str
    MUTED: str  # secondary text: still 7:1
    ERROR: str
    SUCCESS: str
    WARNING: str
    BACKGROUND: str
    SURFACE_TINT: str  # the top bar
    CAUTION_TINT: str  # the pale band that says whose business is shown
    ON_PRIMARY: str
    INACTIVE: str  # borders of things that are over or disabled (always with words)
    FOCUS: str  # the focus ring
    FOCUS_ON_PRIMARY: str  # the focus ring on a filled (PRIMARY) button


STANDARD = Palette(
    PRIMARY="#0B4F8A", TEXT="#1A1A1A", MUTED="#3D3D3D", ERROR="#A00018", SUCCESS="#1B5E20",
    WARNING="#6B4500", BACKGROUND="#FFFFFF", SURFACE_TINT="#EEF3F8", CAUTION_TINT="#FFF4D6",
    ON_PRIMARY="#FFFFFF", INACTIVE="#767676", FOCUS="#6A1B9A", FOCUS_ON_PRIMARY="#FFD54F",
)
HIGH_CONTRAST = Palette(
    PRIMARY="#00305C", TEXT="#000000", MUTED="#1A1A1A", ERROR="#8B0000", SUCCESS="#004D00",
    WARNING="#5C3A00", BACKGROUND="#FFFFFF", SURFACE_TINT="#FFFFFF", CAUTION_TINT="#FFFFFF",
    ON_PRIMARY="#FFFFFF", INACTIVE="#4D4D4D", FOCUS="#000000", FOCUS_ON_PRIMARY="#FFD54F",
)
# (text, background) pairs the screens use; tests hold them to 7:1 in both palettes.
TEXT_PAIRS = [
    (text, background)
    for text in ("PRIMARY", "TEXT", "MUTED", "ERROR", "SUCCESS", "WARNING")
    for background in ("BACKGROUND", "SURFACE_TINT", "CAUTION_TINT")
] + [("ON_PRIMARY", "PRIMARY")]


@dataclass(frozen=True)
class Display:
    """How one session shows text: its size (1.0 = 100%) and whether in high contrast."""

    scale: float = 1.0
    high_contrast: bool = False
    lang: str = "en"  # whose script's fonts the theme names

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else STANDARD


def clamp_scale(value: object) -> float:
    """A stored or typed text size made safe: a number between 100% and 200%, else 100%."""
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return MIN_SCALE
    if scale != scale:  # NaN
        return MIN_SCALE
    return min(MAX_SCALE, max(MIN_SCALE, scale))


# The Display of each live session (keyed by Flet's Session, which goes away with the tab).
_displays: weakref.WeakKeyDictionary[Any, Display] = weakref.WeakKeyDictionary()


def _session() -> Any:
    page = _context_page.get()
    if page is None:
        return None
    try:
        return page.session
    except RuntimeError:  # a page whose session is gone
        return None


def current() -> Display:
    """The Display of the session being rendered (the default outside a session)."""
    session = _session()
    return _displays.get(session, Display()) if session is not None else Display()


def apply(page: ft.Page, display: Display) -> None:
    """Make `display` the session's: sizes and colours read it, and the page theme follows."""
    _displays[page.session] = display
    page.theme = page.dark_theme = build_theme(display.scale, display.high_contrast,
                                               display.lang)
    page.bgcolor = display.palette.BACKGROUND


def __getattr__(name: str) -> str:
    """`theme.PRIMARY`, `theme.TEXT`...: the colour of the current session's palette."""
    if name in _PALETTE_NAMES:
        return str(getattr(current().palette, name))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_PALETTE_NAMES = frozenset(f.name for f in fields(Palette))


def focus_side(
    default: ft.BorderSide | None = None, *, filled: bool = False
) -> dict[ft.ControlState, ft.BorderSide]:
    """A button border that turns into a wide ring in the focus colour when focused.

    On a filled button the ring is amber: purple or black would vanish into dark blue.
    """
    palette = current().palette
    ring = ft.BorderSide(FOCUS_WIDTH, palette.FOCUS_ON_PRIMARY if filled else palette.FOCUS)
    sides: dict[ft.ControlState, ft.BorderSide] = {ft.ControlState.FOCUSED: ring}
    if default is not None:
        sides[ft.ControlState.DEFAULT] = default
    return sides


def build_theme(scale: float = 1.0, high_contrast: bool = False, lang: str = "en") -> ft.Theme:
    """The app's theme at a text size of `scale` (1.0 = 100%), standard or high contrast,
    in the fonts of `lang`."""
    palette = HIGH_CONTRAST if high_contrast else STANDARD
    family, fallback = fonts.font_family(lang), fonts.font_fallback(lang)
    # A text_theme style replaces the default, so each one repeats the font and colour.
    styles = {
        name: ft.TextStyle(size=size(name, scale), font_family=family,
                           font_family_fallback=fallback, color=palette.TEXT)
        for name in SIZES
    }
    ring = ft.BorderSide(FOCUS_WIDTH, palette.FOCUS)
    # Every kind of button shows a wide ring when it has the keyboard focus.
    focused = ft.ButtonStyle(side={ft.ControlState.FOCUSED: ring})
    filled_focused = ft.ButtonStyle(side={
        ft.ControlState.FOCUSED: ft.BorderSide(FOCUS_WIDTH, palette.FOCUS_ON_PRIMARY)})
    return ft.Theme(
        font_family=family,
        color_scheme_seed=palette.PRIMARY,
        color_scheme=ft.ColorScheme(
            primary=palette.PRIMARY, on_primary=palette.ON_PRIMARY, error=palette.ERROR,
            surface=palette.BACKGROUND, on_surface=palette.TEXT,
            on_surface_variant=palette.MUTED, outline=palette.MUTED if high_contrast else None,
            secondary=palette.PRIMARY if high_contrast else None,
        ),
        text_theme=ft.TextTheme(**styles),
        visual_density=ft.VisualDensity.COMFORTABLE,
        filled_button_theme=ft.FilledButtonTheme(style=filled_focused),
        outlined_button_theme=ft.OutlinedButtonTheme(style=focused),
        text_button_theme=ft.TextButtonTheme(style=focused),
        icon_button_theme=ft.IconButtonTheme(style=focused),
        focus_color=f"{palette.FOCUS}33",
        scaffold_bgcolor=palette.BACKGROUND,
    )


# Titles and headings, already large at 100%, grow three quarters as fast as body text: at
# 200% a heading is still far bigger than the text under it, and "appointments" still
# fits on a phone's line without breaking inside the word.
LARGE_ROLES = frozenset({"title_large", "headline_small", "headline_medium"})
LARGE_GROWTH = 0.75


def size(name: str, scale: float | None = None) -> int:
    """A text size by role name at `scale`, or else at the current session's text size."""
    factor = current().scale if scale is None else scale
    if name in LARGE_ROLES:
        factor = 1 + (factor - 1) * LARGE_GROWTH
    return round(SIZES[name] * factor)


def icon_size(base: int = 24) -> int:
    """An icon that grows with the text beside it (half as fast: icons are already bold)."""
    return round(base * (1 + (current().scale - 1) / 2))


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two "#RRGGBB" colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
