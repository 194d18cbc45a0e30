"""Real-name verification in two steps: passport details, then the code sent by SMS."""

from __future__ import annotations

import flet as ft

from app.components.controls import (
    banner,
    link_button,
    paragraph,
    primary_button,
    step_label,
    text_field,
)
from app.components.forms import use_form
from app.components.identity_fields import identity_fields
from app.components.shell import Screen
from app.state.context import use_state_ctx
from app.state.session import FormResult


@ft.component
def VerifyIdentityPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    form = use_form("passport_no", "nationality", "full_name", "birth_date", "code")
    step, set_step = ft.use_state(1)
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    if not state.signed_in:
        return Screen(_("Verify your identity"),
                      [banner(_("Please sign in."), kind="info"),
                       primary_button(_("Sign in"), lambda: page.navigate("/signin"))],
                      back="/")
    if state.verified and step == 1:
        person = state.me["applicant"] if state.me else {}
        return Screen(_("Verify your identity"),
                      [banner(_("Identity verified: %(name)s", name=person["full_name"]),
                              kind="success", key="verified"),
                       primary_button(_("My account"), lambda: page.navigate("/account"))],
                      back="/")

    async def send_code() -> None:
        set_busy(True)
        outcome = await state.start_identity(
            passport_no=form["passport_no"], nationality=form["nationality"],
            full_name=form["full_name"], birth_date=form["birth_date"],
        )
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            set_step(2)

    async def confirm() -> None:
        set_busy(True)
        outcome = await state.confirm_identity(code=form["code"])
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            state.flash(_("Your identity is verified."), "/account")
            page.navigate("/account")

    def back_to_details() -> None:
        form["code"] = ""
        set_result(FormResult())
        set_step(1)

    if step == 1:
        body: list[ft.Control] = [
            step_label(_("Step %(n)s of %(total)s", n=1, total=2)),
            paragraph(_("Enter the details exactly as they are in your passport. We will send a "
                        "code to the phone number registered with the immigration authorities."),
                      role="body_medium"),
        ]
        if result.message:
            body.append(banner(result.message, kind="error", key="form-error"))
        body += [
            *identity_fields(_, form, result, on_submit=send_code),
            primary_button(_("Sending…") if busy else _("Send me a code"), send_code,
                           icon=ft.Icons.SMS, key="send-code", disabled=busy),
        ]
    else:
        body = [
            step_label(_("Step %(n)s of %(total)s", n=2, total=2)),
            banner(_("We sent a 6-digit code by SMS to %(phone)s. It works for 10 minutes.",
                     phone=state.pending_code_to or ""), kind="info", key="code-sent"),
            text_field(_("Code from the SMS"), form["code"], form.setter("code"),
                       error=result.fields.get("code"), keyboard=ft.KeyboardType.NUMBER,
                       autofill=ft.AutofillHint.ONE_TIME_CODE, on_submit=confirm, key="code"),
            primary_button(_("Checking…") if busy else _("Confirm"), confirm,
                           icon=ft.Icons.CHECK, key="confirm", disabled=busy),
            link_button(_("Change the details or send a new code"), back_to_details,
                        key="back-to-details"),
        ]
    return Screen(_("Verify your identity"), body, back="/account")
