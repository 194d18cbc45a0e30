"""What a screen shows instead of itself when the user is signed out or not verified."""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft

from app.components.controls import banner, primary_button, secondary_button
from app.components.shell import Screen
from app.state.session import AppState


def access_gate(
    state: AppState,
    title: str,
    *,
    signed_out_text: str,
    back: str = "/",
    extra: Sequence[ft.Control] = (),
    need_applicant: bool = True,
) -> ft.Control | None:
    """A screen asking to sign in (or to verify, when an applicant is needed); else None."""
    _ = state.tr
    page = ft.context.page
    if not state.signed_in:
        return Screen(title, [
            banner(signed_out_text, kind="info", key="signin-needed"),
            primary_button(_("Sign in"), lambda: page.navigate("/signin"), icon=ft.Icons.LOGIN,
                           key="to-signin"),
            secondary_button(_("Create an account"), lambda: page.navigate("/register"),
                             icon=ft.Icons.PERSON_ADD, key="to-register"),
            *extra,
        ], back=back)
    if need_applicant and state.applicant_id is None:
        return Screen(title, [
            banner(_("Please verify your identity first. Then you can book and see your "
                     "documents."), kind="warning", key="verify-needed"),
            primary_button(_("Verify my identity"), lambda: page.navigate("/verify"),
                           icon=ft.Icons.VERIFIED_USER, key="to-verify"),
            *extra,
        ], back=back)
    return None
