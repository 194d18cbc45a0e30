"""The frame of every screen: a top bar (back, title, language, display, account) and content."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import flet as ft

from app import theme
from app.components.acting_for import ActingForBanner
from app.components.controls import BIG_TEXT, banner, icon_button, tagged
from app.components.language import language_name
from app.components.session_timer import SessionExpiryWarning
from app.i18n import LANGUAGES, Translator
from app.state.context import use_state_ctx

# Above this text size the top bar scrolls away with the screen: fixed, it would take
# half of a phone's height at 200%.
FIXED_TOP_BAR_MAX_SCALE = 1.25


def _bar_button_style() -> ft.ButtonStyle:
    """Top bar buttons: 48 px tall at 100% (no fixed height, so big text is not cut)."""
    return ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=10, vertical=14),
                          side=theme.focus_side(), icon_size=theme.icon_size())


@ft.component
def LanguageMenu() -> ft.Control:
    """Switches the language; each language is named in its own script."""
    state = use_state_ctx()
    _ = state.tr

    def pick(code: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            await state.choose_language(code)

        return handler

    # Tagged: a node of its own, or Flutter merges the menu's name into the whole top bar.
    return tagged(ft.PopupMenuButton(
        key="language-menu",
        tooltip=_("Language"),
        content=ft.Container(
            content=ft.Row(
                [ft.Icon(ft.Icons.TRANSLATE, color=theme.PRIMARY, size=theme.icon_size()),
                 ft.Text(LANGUAGES[state.lang], size=theme.size("label_large"),
                         color=theme.PRIMARY)],
                tight=True,
                spacing=6,
            ),
            padding=ft.Padding.symmetric(horizontal=8, vertical=10),
        ),
        items=[
            ft.PopupMenuItem(
                content=language_name(code, name, size=theme.size("body_large")),
                checked=code == state.lang,
                on_click=pick(code),
                height=56,  # a minimum: the item grows with the text
            )
            for code, name in LANGUAGES.items()
        ],
    ), "language-menu")


@ft.component
def DisplayButton() -> ft.Control:
    """Opens the text size and contrast settings (signed in or not)."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    here = ft.use_route_location() or "/"
    if urlparse(here).path == "/settings":
        return ft.Container()
    return icon_button(
        ft.Icons.FORMAT_SIZE, _("Text size and contrast"),
        lambda: page.navigate(f"/settings?from={quote(here, safe='')}"), key="to-settings",
    )


@ft.component
def AccountButton() -> ft.Control:
    """Sign in when signed out; the account page when signed in."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    if state.signed_in:
        return icon_button(ft.Icons.ACCOUNT_CIRCLE, _("My account"),
                           lambda: page.navigate("/account"), key="to-account", size=32)
    return tagged(ft.TextButton(
        content=ft.Text(_("Sign in"), size=theme.size("label_large")),
        icon=ft.Icons.LOGIN,
        on_click=lambda: page.navigate("/signin"),
        key="top-signin",
        style=_bar_button_style(),
    ), "top-signin")


@ft.component
def Screen(
    title: str, body: list[ft.Control], back: str | None = None, wide: bool = False
) -> ft.Control:
    """One screen: `title` as its heading, `body` in a scrolling, centred column (`wide`: the
    whole width, for lists a tablet shows in columns, such as the staff console's day)."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    location = urlparse(ft.use_route_location()).path or "/"
    state.noticed_activity()  # a screen drawn again answers someone's action (kiosk idle time)
    # A notice belongs to one screen: it goes when the user leaves that screen.
    ft.use_effect(lambda: None, dependencies=[], cleanup=lambda: state.clear_notice(location))
    if state.notice and state.notice_route == location:
        body = [banner(state.notice, kind="success", key="notice"), *body]
    leading: list[ft.Control] = []
    if back is not None:
        leading.append(
            # "Back" in words as well as the arrow: clearer, and named for screen readers.
            # The arrow points right in Arabic (Flutter mirrors it with the text direction).
            tagged(ft.TextButton(
                content=ft.Text(_("Back"), size=theme.size("label_large")),
                icon=ft.Icons.ARROW_BACK,
                on_click=lambda: page.navigate(back),
                key="back",
                style=_bar_button_style(),
            ), "back")
        )
    # Two rows, so that a long title at 200% text never fights the controls for space; the
    # controls on the right wrap onto a second line when the words are big.
    top_bar = ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [
                        *leading,
                        ft.Row(
                            [LanguageMenu(), DisplayButton(), AccountButton()],
                            wrap=True,
                            spacing=4,
                            run_spacing=4,
                            alignment=ft.MainAxisAlignment.END,
                            expand=True,
                        ),
                    ],
                    spacing=4,
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                ft.Semantics(
                    content=ft.Text(
                        title, size=theme.size("headline_small"), weight=ft.FontWeight.W_600,
                        color=theme.TEXT,
                    ),
                    header=True,
                    heading_level=1,
                    identifier="page-title",
                ),
            ],
            spacing=4,
            horizontal_alignment=ft.CrossAxisAlignment.START,
        ),
        # The same on both sides: in Arabic the title and Back sit on the right edge.
        padding=ft.Padding.only(left=16, right=16, top=4, bottom=12),
        bgcolor=theme.SURFACE_TINT,
        # In high contrast the bar is white like the page: a line sets it apart.
        border=ft.Border.only(bottom=ft.BorderSide(2, theme.TEXT)) if state.high_contrast
        else None,
    )
    content = ft.Container(
        content=ft.Column(body, spacing=20, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        padding=ft.Padding.symmetric(horizontal=16, vertical=20),
        # Full width on phones; a readable column on tablets and desktops, wider for big text
        # (the same number of words a line).
        col={"xs": 12} if wide
        else {"xs": 12, "md": 10, "lg": 8, "xl": 6} if state.text_scale < BIG_TEXT
        else {"xs": 12, "lg": 10, "xl": 8},
    )
    header: list[ft.Control] = [top_bar, *([ActingForBanner()] if state.helps_others else [])]
    fixed = state.text_scale <= FIXED_TOP_BAR_MAX_SCALE
    return ft.Column(
        [
            *(header if fixed else []),
            # Shown above the scrolling part, so it is seen wherever the person is.
            SessionExpiryWarning(),
            ft.ListView(
                [*([] if fixed else header),
                 ft.ResponsiveRow([content], alignment=ft.MainAxisAlignment.CENTER)],
                expand=True,
            ),
        ],
        spacing=0,
        expand=True,
    )


def not_found_screen(_: Translator, back: str | None = None) -> ft.Control:
    """The screen for an address with nothing at it (an unknown center in a kiosk or staff
    address)."""
    return Screen(_("Page not found"),
                  [banner(_("There is no page at this address."), kind="warning")], back=back)
