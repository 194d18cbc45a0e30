"""Large-type accessible theme and the bundled fonts (no font comes from the internet)."""

from __future__ import annotations

import flet as ft

FONT_FAMILY = "NotoSansSC"
# Served from assets/: Flet ships no CJK fallback, so without this Chinese shows as boxes.
FONTS = {FONT_FAMILY: "/fonts/NotoSansSC-Regular.otf"}

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
PRIMARY = "#0B4F8A"  # 8.6:1 on white
ERROR = "#B00020"
TEXT = "#1A1A1A"
MUTED = "#3D3D3D"  # 10.7:1 on white: secondary text stays readable
SURFACE_TINT = "#EEF3F8"
MIN_TARGET = 48  # touch targets are at least 48x48


def build_theme(scale: float = 1.0) -> ft.Theme:
    """The app's theme at a text size of `scale` (1.0 = 100%)."""
    # A text_theme style replaces the default, so each one repeats the font and colour.
    styles = {
        name: ft.TextStyle(size=round(size * scale), font_family=FONT_FAMILY, color=TEXT)
        for name, size in SIZES.items()
    }
    return ft.Theme(
        font_family=FONT_FAMILY,
        color_scheme_seed=PRIMARY,
        color_scheme=ft.ColorScheme(primary=PRIMARY, error=ERROR, on_surface=TEXT),
        text_theme=ft.TextTheme(**styles),
        visual_density=ft.VisualDensity.COMFORTABLE,
    )


def size(name: str, scale: float = 1.0) -> int:
    """A text size of the scale by role name, for controls that set `size=` themselves."""
    return round(SIZES[name] * scale)
