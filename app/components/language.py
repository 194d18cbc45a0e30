"""Choosing the language: each language named in its own script, in a font that has it."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app import fonts, theme
from app.components.controls import BIG_TEXT, choice_button
from app.i18n import LANGUAGES
from app.state.context import use_state_ctx


def language_name(code: str, name: str, *, size: int) -> ft.Text:
    """A language's name in its own script, in that script's font when it is loaded (so 日本語
    takes Japanese shapes), else in the small font of the language names."""
    return ft.Text(name, size=size, font_family=fonts.font_family(code),
                   style=ft.TextStyle(font_family_fallback=fonts.font_fallback(code)))


@ft.component
def LanguagePrompt() -> ft.Control:
    """The first screen's way to another language: one large button that names every
    language in its own script, so a newcomer recognises theirs before reading anything else.
    It opens the chooser; shown until a language is chosen on the device (the menu at the
    top of every screen switches it later). One button, not eight: the home screen is the
    first one a phone draws, and its functions come first on a small screen."""
    _ = use_state_ctx().tr
    page = ft.context.page
    # One line of names (the theme's font fallback has the names' glyphs); a word joiner
    # (U+2060) between the characters of a Chinese, Japanese or Korean name keeps each whole.
    names = "  ".join("\u2060".join(name) if code in ("zh", "ja", "ko") else name
                      for code, name in LANGUAGES.items())
    return choice_button(_("Choose your language"), lambda: page.navigate("/language"),
                         lines=[names], icon=ft.Icons.TRANSLATE, key="language-prompt")


@ft.component
def LanguageChooser(on_chosen: Callable[[], None]) -> ft.Control:
    """One large button per language, each named in its own script; `on_chosen` follows a
    choice."""
    state = use_state_ctx()

    def pick(code: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            await state.choose_language(code)
            on_chosen()

        return handler

    big = theme.current().scale >= BIG_TEXT  # a name a line, or the names overflow
    buttons: list[ft.Control] = [
        ft.OutlinedButton(
            content=language_name(code, name, size=theme.size("label_large")),
            on_click=pick(code),
            key=f"language-{code}",
            col={"xs": 12, "sm": 6} if big else {"xs": 6, "sm": 3},
            height=max(56, theme.size("label_large") + 28),
            width=float("inf"),
            style=ft.ButtonStyle(side=theme.focus_side(
                ft.BorderSide(2 if code == state.lang else 1, theme.PRIMARY))),
        )
        for code, name in LANGUAGES.items()
    ]
    return ft.ResponsiveRow(buttons, spacing=12, run_spacing=12, key="language-chooser")


def use_chinese_font(needed: bool = True) -> None:
    """For a screen that shows Chinese in any language (an address for the taxi driver, a
    name in Chinese): loads the Chinese font once `needed`, so it reads in every language
    while other screens stay light."""
    page = ft.context.page

    def load() -> None:
        if needed:
            fonts.load_chinese_font(page)

    ft.use_effect(load, dependencies=[needed])
