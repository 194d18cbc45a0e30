"""Whose business is shown: a banner on every screen for people who help others."""

from __future__ import annotations

import flet as ft

from app import theme
from app.components.controls import BIG_TEXT, link_button
from app.i18n import N_, Translator
from app.state.context import use_state_ctx

RELATIONS = {
    "self": N_("You"),
    "parent": N_("Parent"),
    "child": N_("Child"),
    "spouse": N_("Spouse"),
    "relative": N_("Other relative"),
    "friend": N_("Friend"),
    "guardian": N_("Guardian of a child under 16"),
}


def relation_label(_: Translator, relation: str) -> str:
    return _(RELATIONS[relation]) if relation in RELATIONS else relation


@ft.component
def ActingForBanner() -> ft.Control:
    """"Acting for: Ahmed Hassan, Friend" with a button to switch (for people who help)."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    applicant = state.applicant
    if applicant is None:
        text = _("Choose whose business to handle")
    elif applicant["relation"] == "self":
        text = _("Acting for: yourself")
    else:
        text = _("Acting for: %(name)s, %(relation)s", name=applicant["full_name"],
                 relation=relation_label(_, applicant["relation"]))
    words = ft.Row(
        [ft.Icon(ft.Icons.SUPERVISOR_ACCOUNT, color=theme.PRIMARY, size=theme.icon_size(28)),
         ft.Text(text, size=theme.size("body_large"), weight=ft.FontWeight.W_600,
                 color=theme.TEXT, expand=True)],
        spacing=8,
    )
    switch = link_button(_("Switch"), lambda: page.navigate("/people"),
                         icon=ft.Icons.SWAP_HORIZ, key="switch-applicant")
    content: ft.Control
    if theme.current().scale >= BIG_TEXT:
        # With big text the button goes under the words, which keep the whole width.
        content = ft.Column([words, switch], spacing=4)
    else:
        words.expand = True
        content = ft.Row([words, switch], spacing=8,
                         vertical_alignment=ft.CrossAxisAlignment.CENTER)
    return ft.Semantics(
        container=True,
        identifier="acting-for",
        content=ft.Container(
            content=content,
            padding=ft.Padding.symmetric(horizontal=16, vertical=6),
            # A pale amber band, with words and an icon (not colour alone).
            bgcolor=theme.CAUTION_TINT,
            border=ft.Border.only(bottom=ft.BorderSide(2, theme.WARNING)),
        ),
    )
