"""The frame of every screen: a top bar (back, title, language, account) and the content."""

from __future__ import annotations

from urllib.parse import urlparse

import flet as ft

from app import theme
from app.components.acting_for import ActingForBanner
from app.components.controls import banner
from app.i18n import LANGUAGES
from app.state.context import use_state_ctx


@ft.component
def LanguageMenu() -> ft.Control:
    """Switches the language; each language is named in its own script."""
    state = use_state_ctx()
    _ = state.tr

    def pick(code: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            state.set_language(code)

        return handler

    return ft.PopupMenuButton(
        key="language-menu",
        tooltip=_("Language"),
        content=ft.Container(
            content=ft.Row(
                [ft.Icon(ft.Icons.TRANSLATE, color=theme.PRIMARY),
                 ft.Text(LANGUAGES[state.lang], size=theme.size("label_large"),
                         color=theme.PRIMARY)],
                tight=True,
                spacing=6,
            ),
            padding=ft.Padding.symmetric(horizontal=8, vertical=10),
            height=theme.MIN_TARGET,
        ),
        items=[
            ft.PopupMenuItem(
                content=ft.Text(name, size=theme.size("body_large")),
                checked=code == state.lang,
                on_click=pick(code),
                height=56,
            )
            for code, name in LANGUAGES.items()
        ],
    )


@ft.component
def AccountButton() -> ft.Control:
    """Sign in when signed out; the account page when signed in."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    if state.signed_in:
        # The icon carries the name: a tooltip alone gives the button no accessible name.
        return ft.IconButton(
            icon=ft.Icon(ft.Icons.ACCOUNT_CIRCLE, size=32, color=theme.PRIMARY,
                         semantics_label=_("My account")),
            tooltip=_("My account"),
            on_click=lambda: page.navigate("/account"),
            width=theme.MIN_TARGET,
            height=theme.MIN_TARGET,
        )
    return ft.TextButton(
        content=ft.Text(_("Sign in"), size=theme.size("label_large")),
        icon=ft.Icons.LOGIN,
        on_click=lambda: page.navigate("/signin"),
        height=theme.MIN_TARGET,
    )


@ft.component
def Screen(title: str, body: list[ft.Control], back: str | None = None) -> ft.Control:
    """One screen: `title` as its heading, `body` in a scrolling, centred column."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    location = urlparse(ft.use_route_location()).path or "/"
    # A notice belongs to one screen: it goes when the user leaves that screen.
    ft.use_effect(lambda: None, dependencies=[], cleanup=lambda: state.clear_notice(location))
    if state.notice and state.notice_route == location:
        body = [banner(state.notice, kind="success", key="notice"), *body]
    leading: list[ft.Control] = []
    if back is not None:
        leading.append(
            # "Back" in words as well as the arrow: clearer, and named for screen readers.
            ft.TextButton(
                content=ft.Text(_("Back"), size=theme.size("label_large")),
                icon=ft.Icons.ARROW_BACK,
                on_click=lambda: page.navigate(back),
                height=theme.MIN_TARGET,
                key="back",
            )
        )
    # Two rows, so that a long title at 200% text never fights the controls for space.
    top_bar = ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [*leading, ft.Container(expand=True), LanguageMenu(), AccountButton()],
                    spacing=4,
                    vertical_alignment=ft.CrossAxisAlignment.CENTER,
                ),
                ft.Semantics(
                    content=ft.Text(
                        title, size=theme.size("headline_small"), weight=ft.FontWeight.W_600
                    ),
                    header=True,
                    heading_level=1,
                    identifier="page-title",
                ),
            ],
            spacing=4,
            horizontal_alignment=ft.CrossAxisAlignment.START,
        ),
        padding=ft.Padding.only(left=16, right=8, top=4, bottom=12),
        bgcolor=theme.SURFACE_TINT,
    )
    content = ft.Container(
        content=ft.Column(body, spacing=20, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        padding=ft.Padding.symmetric(horizontal=16, vertical=20),
        # Full width on phones; a readable column on tablets and desktops.
        col={"xs": 12, "md": 10, "lg": 8, "xl": 6},
    )
    return ft.Column(
        [
            top_bar,
            *([ActingForBanner()] if state.helps_others else []),
            ft.ListView(
                [ft.ResponsiveRow([content], alignment=ft.MainAxisAlignment.CENTER)],
                expand=True,
            ),
        ],
        spacing=0,
        expand=True,
    )
