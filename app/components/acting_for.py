"""Whose business is shown: a banner on every screen for people who help others."""

from __future__ import annotations

import flet as ft

from app import theme
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
    return ft.Semantics(
        container=True,
        identifier="acting-for",
        content=ft.Container(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.SUPERVISOR_ACCOUNT, color=theme.PRIMARY, size=28),
                    ft.Text(text, size=theme.size("body_large"), weight=ft.FontWeight.W_600,
                            color=theme.TEXT, expand=True),
                    ft.TextButton(
                        content=ft.Text(_("Switch"), size=theme.size("label_large")),
                        icon=ft.Icons.SWAP_HORIZ,
                        on_click=lambda: page.navigate("/people"),
                        height=theme.MIN_TARGET,
                        key="switch-applicant",
                    ),
                ],
                spacing=8,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            padding=ft.Padding.symmetric(horizontal=16, vertical=6),
            bgcolor="#FFF4D6",  # a pale amber band, with words and an icon (not colour alone)
            border=ft.Border.only(bottom=ft.BorderSide(2, "#7A4F00")),
        ),
    )
