"""Real-name verification in two steps: passport details, then the code sent by SMS."""

from __future__ import annotations

from functools import lru_cache

import flet as ft
from babel import Locale

from app import theme
from app.components.controls import banner, link_button, primary_button, text_field
from app.components.shell import Screen
from app.state.context import use_state_ctx
from app.state.session import FormResult

# Region codes Babel names that are not nationalities, and China (its citizens are not
# foreigners here).
_NOT_NATIONALITIES = {"CN", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@lru_cache(maxsize=16)
def nationalities(locale: Locale) -> list[tuple[str, str]]:
    """(ISO code, country name in the user's language), sorted by name."""
    names = [
        (code, name)
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_NATIONALITIES
    ]
    return sorted(names, key=lambda item: item[1])


def step_label(text: str) -> ft.Control:
    return ft.Text(text, size=theme.size("body_medium"), color=theme.MUTED,
                   weight=ft.FontWeight.W_600)


@ft.component
def VerifyIdentityPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    passport, set_passport = ft.use_state("")
    nationality, set_nationality = ft.use_state("")
    name, set_name = ft.use_state("")
    birth, set_birth = ft.use_state("")
    code, set_code = ft.use_state("")
    step, set_step = ft.use_state(1)
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    if not state.signed_in:
        return Screen(_("Verify your identity"),
                      [banner(_("Please sign in."), kind="info"),
                       primary_button(_("Sign in"), lambda: page.navigate("/signin"))],
                      back="/")

    async def send_code() -> None:
        set_busy(True)
        outcome = await state.start_identity(
            passport_no=passport, nationality=nationality, full_name=name, birth_date=birth
        )
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            set_step(2)

    async def confirm() -> None:
        set_busy(True)
        outcome = await state.confirm_identity(code=code)
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            state.flash(_("Your identity is verified."), "/account")
            page.navigate("/account")

    def back_to_details() -> None:
        set_code("")
        set_result(FormResult())
        set_step(1)

    if step == 1:
        body: list[ft.Control] = [
            step_label(_("Step %(n)s of %(total)s", n=1, total=2)),
            ft.Text(_("Enter the details exactly as they are in your passport. We will send a "
                      "code to the phone number registered with the immigration authorities."),
                    size=theme.size("body_medium")),
        ]
        if result.message:
            body.append(banner(result.message, kind="error", key="form-error"))
        body += [
            text_field(_("Passport number"), passport, lambda e: set_passport(e.control.value),
                       error=result.fields.get("passport_no"),
                       capitalization=ft.TextCapitalization.CHARACTERS, key="passport_no"),
            ft.Dropdown(
                key="nationality",
                label=_("Nationality"),
                value=nationality or None,
                options=[
                    ft.DropdownOption(key=c, text=n) for c, n in nationalities(state.tr.locale)
                ],
                on_select=lambda e: set_nationality(e.control.value or ""),
                error_text=result.fields.get("nationality"),
                enable_filter=True,
                editable=True,
                menu_height=400,
                text_size=theme.size("body_large"),
                expand=True,
                width=float("inf"),
            ),
            text_field(_("Full name as in the passport"), name,
                       lambda e: set_name(e.control.value),
                       error=result.fields.get("full_name"), key="full_name"),
            text_field(_("Date of birth"), birth, lambda e: set_birth(e.control.value),
                       error=result.fields.get("birth_date"),
                       hint=_("Year-month-day, e.g. 1990-05-17"),
                       keyboard=ft.KeyboardType.DATETIME, on_submit=send_code, key="birth_date"),
            primary_button(_("Sending…") if busy else _("Send me a code"), send_code,
                           icon=ft.Icons.SMS, key="send-code", disabled=busy),
        ]
    else:
        body = [
            step_label(_("Step %(n)s of %(total)s", n=2, total=2)),
            banner(_("We sent a 6-digit code by SMS to %(phone)s. It works for 10 minutes.",
                     phone=state.pending_code_to or ""), kind="info", key="code-sent"),
            text_field(_("Code from the SMS"), code, lambda e: set_code(e.control.value),
                       error=result.fields.get("code"), keyboard=ft.KeyboardType.NUMBER,
                       autofill=ft.AutofillHint.ONE_TIME_CODE, on_submit=confirm, key="code"),
            primary_button(_("Checking…") if busy else _("Confirm"), confirm,
                           icon=ft.Icons.CHECK, key="confirm", disabled=busy),
            link_button(_("Change the details or send a new code"), back_to_details,
                        key="back-to-details"),
        ]
    return Screen(_("Verify your identity"), body, back="/account")
