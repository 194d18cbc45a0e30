"""Sign in, create an account, and the account page with sign-out."""

from __future__ import annotations

import flet as ft

from app.components.controls import (
    banner,
    link_button,
    paragraph,
    primary_button,
    secondary_button,
    text_field,
)
from app.components.forms import use_form
from app.components.shell import Screen
from app.state import kiosk
from app.state.context import use_state_ctx
from app.state.session import FormResult


@ft.component
def SignInPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    form = use_form("email", "password")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def submit() -> None:
        set_busy(True)
        outcome = await state.sign_in(email=form["email"], password=form["password"])
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            page.navigate("/")

    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    body += [
        text_field(_("E-mail address"), form["email"], form.setter("email"),
                   error=result.fields.get("email"), keyboard=ft.KeyboardType.EMAIL,
                   autofill=ft.AutofillHint.EMAIL, key="email"),
        text_field(_("Password"), form["password"], form.setter("password"),
                   error=result.fields.get("password"), password=True,
                   autofill=ft.AutofillHint.PASSWORD, on_submit=submit, key="password"),
        primary_button(_("Signing in…") if busy else _("Sign in"), submit, icon=ft.Icons.LOGIN,
                       key="submit", disabled=busy),
        paragraph(_("New here?"), role="body_medium"),
        secondary_button(_("Create an account"), lambda: page.navigate("/register"),
                         icon=ft.Icons.PERSON_ADD, key="to-register"),
        link_button(_("Check application progress without an account"),
                    lambda: page.navigate("/inquiry"), key="to-inquiry"),
    ]
    return Screen(_("Sign in"), body, back="/")


@ft.component
def RegisterPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    form = use_form("full_name", "email", "password")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def submit() -> None:
        set_busy(True)
        outcome = await state.register(
            full_name=form["full_name"], email=form["email"], password=form["password"]
        )
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            page.navigate("/verify")

    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    body += [
        text_field(_("Your full name"), form["full_name"], form.setter("full_name"),
                   error=result.fields.get("full_name"), autofill=ft.AutofillHint.NAME,
                   capitalization=ft.TextCapitalization.WORDS, key="full_name"),
        text_field(_("E-mail address"), form["email"], form.setter("email"),
                   error=result.fields.get("email"), keyboard=ft.KeyboardType.EMAIL,
                   autofill=ft.AutofillHint.EMAIL, key="email"),
        text_field(_("Password"), form["password"], form.setter("password"),
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
        if state.kiosk is not None:
            # On a shared kiosk, signing out is finishing: nothing stays for the next person.
            page.navigate(await kiosk.finish(state))
            return
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
        paragraph(account["full_name"], role="title_large", weight=ft.FontWeight.W_600),
        paragraph(account["email"]),
    ]
    if state.verified:
        person = state.me["applicant"]
        body.append(banner(_("Identity verified: %(name)s", name=person["full_name"]),
                           kind="success", key="verified"))
        body.append(secondary_button(_("My appointments"),
                                     lambda: page.navigate("/appointments"),
                                     icon=ft.Icons.LIST_ALT, key="to-appointments"))
    else:
        body += [
            banner(_("Verify your identity to book appointments and see your documents."),
                   kind="warning", key="not-verified"),
            primary_button(_("Verify my identity"), lambda: page.navigate("/verify"),
                           icon=ft.Icons.VERIFIED_USER, key="to-verify"),
        ]
    body.append(secondary_button(_("People I help"), lambda: page.navigate("/people"),
                                 icon=ft.Icons.FAMILY_RESTROOM, key="to-people"))
    if state.verified:
        body += [
            secondary_button(_("My helpers"), lambda: page.navigate("/helpers"),
                             icon=ft.Icons.SUPERVISOR_ACCOUNT, key="to-helpers"),
            secondary_button(_("What was done for me"), lambda: page.navigate("/activity"),
                             icon=ft.Icons.HISTORY, key="to-activity"),
        ]
    body.append(secondary_button(_("Text size and contrast"),
                                 lambda: page.navigate("/settings?from=%2Faccount"),
                                 icon=ft.Icons.FORMAT_SIZE, key="account-to-settings"))
    body.append(secondary_button(_("Sign out"), sign_out, icon=ft.Icons.LOGOUT, key="sign-out"))
    return Screen(_("My account"), body, back="/")
