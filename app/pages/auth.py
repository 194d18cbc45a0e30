"""Sign in, create an account, and the account page with sign-out."""

from __future__ import annotations

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    link_button,
    primary_button,
    secondary_button,
    text_field,
)
from app.components.shell import Screen
from app.state.context import use_state_ctx
from app.state.session import FormResult


@ft.component
def SignInPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    email, set_email = ft.use_state("")
    password, set_password = ft.use_state("")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def submit() -> None:
        set_busy(True)
        outcome = await state.sign_in(email=email, password=password)
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            page.navigate("/")

    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    body += [
        text_field(_("E-mail address"), email, lambda e: set_email(e.control.value),
                   error=result.fields.get("email"), keyboard=ft.KeyboardType.EMAIL,
                   autofill=ft.AutofillHint.EMAIL, key="email"),
        text_field(_("Password"), password, lambda e: set_password(e.control.value),
                   error=result.fields.get("password"), password=True,
                   autofill=ft.AutofillHint.PASSWORD, on_submit=submit, key="password"),
        primary_button(_("Signing in…") if busy else _("Sign in"), submit, icon=ft.Icons.LOGIN,
                       key="submit", disabled=busy),
        ft.Text(_("New here?"), size=theme.size("body_medium")),
        secondary_button(_("Create an account"), lambda: page.navigate("/register"),
                         icon=ft.Icons.PERSON_ADD, key="to-register"),
    ]
    return Screen(_("Sign in"), body, back="/")


@ft.component
def RegisterPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    name, set_name = ft.use_state("")
    email, set_email = ft.use_state("")
    password, set_password = ft.use_state("")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def submit() -> None:
        set_busy(True)
        outcome = await state.register(full_name=name, email=email, password=password)
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            page.navigate("/verify")

    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    body += [
        text_field(_("Your full name"), name, lambda e: set_name(e.control.value),
                   error=result.fields.get("full_name"), autofill=ft.AutofillHint.NAME,
                   capitalization=ft.TextCapitalization.WORDS, key="full_name"),
        text_field(_("E-mail address"), email, lambda e: set_email(e.control.value),
                   error=result.fields.get("email"), keyboard=ft.KeyboardType.EMAIL,
                   autofill=ft.AutofillHint.EMAIL, key="email"),
        text_field(_("Password"), password, lambda e: set_password(e.control.value),
                   error=result.fields.get("password"), password=True,
                   hint=_("At least 8 characters. A few words you remember are best."),
                   autofill=ft.AutofillHint.NEW_PASSWORD, on_submit=submit, key="password"),
        primary_button(_("Creating your account…") if busy else _("Create account"), submit,
                       icon=ft.Icons.PERSON_ADD, key="submit", disabled=busy),
        link_button(_("I already have an account"), lambda: page.navigate("/signin"),
                    key="to-signin"),
    ]
    return Screen(_("Create an account"), body, back="/signin")


@ft.component
def AccountPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page

    async def sign_out() -> None:
        await state.sign_out()
        page.navigate("/signin")

    if not state.me:
        return Screen(
            _("My account"),
            [banner(_("Please sign in."), kind="info"),
             primary_button(_("Sign in"), lambda: page.navigate("/signin"), key="to-signin")],
            back="/",
        )
    account = state.me["account"]
    body: list[ft.Control] = []
    body += [
        ft.Text(account["full_name"], size=theme.size("title_large"), weight=ft.FontWeight.W_600),
        ft.Text(account["email"], size=theme.size("body_large")),
    ]
    if state.verified:
        person = state.me["applicant"]
        body.append(banner(_("Identity verified: %(name)s", name=person["full_name"]),
                           kind="success", key="verified"))
    else:
        body += [
            banner(_("Verify your identity to book appointments and see your documents."),
                   kind="warning", key="not-verified"),
            primary_button(_("Verify my identity"), lambda: page.navigate("/verify"),
                           icon=ft.Icons.VERIFIED_USER, key="to-verify"),
        ]
    body.append(secondary_button(_("Sign out"), sign_out, icon=ft.Icons.LOGOUT, key="sign-out"))
    return Screen(_("My account"), body, back="/")
