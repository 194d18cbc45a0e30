"""Home: the eight functions as large labelled tiles."""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app import theme
from app.components.controls import BIG_TEXT, banner, paragraph, primary_button
from app.components.language import LanguagePrompt
from app.components.shell import Screen
from app.i18n import N_
from app.state.context import use_state_ctx


@dataclass(frozen=True)
class Function:
    """One of the eight functions the platform offers."""

    key: str
    icon: ft.IconData
    title: str
    description: str
    route: str | None = None  # None: not built yet


FUNCTIONS = [
    Function("book", ft.Icons.EVENT_AVAILABLE, N_("Book an appointment"),
             N_("Visa extension, renewal or reissue; stay or residence permit"),
             route="/book"),
    Function("progress", ft.Icons.TIMELINE, N_("Application progress"),
             N_("Where your application stands, step by step"), route="/applications"),
    Function("permits", ft.Icons.BADGE, N_("My visas and permits"),
             N_("Details of the visas and permits you hold"), route="/documents"),
    Function("pr-card", ft.Icons.CREDIT_CARD, N_("Permanent Resident ID Card"),
             N_("Details of your Foreign Permanent Resident ID Card"),
             route="/documents/pr-card"),
    Function("certificate", ft.Icons.VERIFIED, N_("Passport and PR card document"),
             N_("An electronic document for banks, tax, social security and telecoms"),
             route="/certificates"),
    Function("centers", ft.Icons.PLACE, N_("Service centers"),
             N_("Addresses, opening hours and phone numbers"), route="/centers"),
    Function("guides", ft.Icons.MENU_BOOK, N_("Guides"),
             N_("Materials, requirements, procedure and fees"), route="/guides"),
    Function("helpers", ft.Icons.FAMILY_RESTROOM, N_("Help a relative or friend"),
             N_("Book and check progress for someone you help"), route="/people"),
]


@ft.component
def FunctionTile(function: Function) -> ft.Control:
    """A big button for one function; says plainly when it is not available yet.

    Its words are one text of several spans, and the button sits in the row without a
    wrapper: the home screen is the first one a phone draws, and each control is one more
    for the server to send and the browser to build.
    """
    _ = use_state_ctx().tr
    page = ft.context.page
    target = function.route or f"/soon/{function.key}"
    spans = [
        ft.TextSpan(_(function.title), ft.TextStyle(size=theme.size("title_medium"),
                                                    weight=ft.FontWeight.W_600,
                                                    color=theme.TEXT)),
        ft.TextSpan("\n" + _(function.description),
                    ft.TextStyle(size=theme.size("body_medium"), color=theme.MUTED)),
    ]
    if function.route is None:
        spans.append(ft.TextSpan("\n" + _("Not available yet"),
                                 ft.TextStyle(size=theme.size("body_small"), color=theme.MUTED,
                                              italic=True)))
    icon = ft.Icon(function.icon, size=40, color=theme.PRIMARY)
    words = ft.Text(spans=spans, expand=True)
    return ft.OutlinedButton(
        col={"xs": 12, "sm": 6},
        key=f"tile-{function.key}",
        on_click=lambda: page.navigate(target),
        style=ft.ButtonStyle(
            shape=ft.RoundedRectangleBorder(radius=12),
            padding=ft.Padding.all(16),
            side=theme.focus_side(ft.BorderSide(2, theme.PRIMARY)),
        ),
        content=ft.Column([icon, words], spacing=4,
                          horizontal_alignment=ft.CrossAxisAlignment.START)
        if theme.current().scale >= BIG_TEXT
        else ft.Row([icon, words], spacing=16, vertical_alignment=ft.CrossAxisAlignment.START),
    )


@ft.component
def HomePage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    body: list[ft.Control] = []
    if not state.language_chosen:
        body.append(LanguagePrompt())
    if state.me:
        body.append(paragraph(_("Signed in as %(name)s", name=state.me["account"]["full_name"]),
                              key="signed-in-as"))
        if state.me["account"]["role"] in ("officer", "admin"):
            body.append(primary_button(_("Staff console"), lambda: page.navigate("/staff"),
                                       icon=ft.Icons.BADGE, key="to-staff"))
    body += [
        paragraph(_("Appointments, progress, documents and help for foreigners in China.")),
        ft.ResponsiveRow([FunctionTile(f) for f in FUNCTIONS], spacing=16, run_spacing=16),
        banner(_("This is a demonstration with sample data. It is not an official "
                 "government service."), kind="info", key="sample-data"),
    ]
    return Screen(_("Immigration services"), body)


@ft.component
def NotYetPage() -> ft.Control:
    """What a tile of a function that is not built yet leads to."""
    _ = use_state_ctx().tr
    key = ft.use_route_params().get("key", "")
    function = next((f for f in FUNCTIONS if f.key == key), None)
    title = _(function.title) if function else _("Not available yet")
    return Screen(
        title,
        [
            banner(_("This service is not available yet. We are building it. Until then, "
                     "please contact a service center."), kind="info", key="not-yet"),
        ],
        back="/",
    )
