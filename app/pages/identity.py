"""Real-name verification in two steps: passport details, then the code sent by SMS."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import flet as ft
from babel import Locale

from app import theme
from app.components.controls import (
    banner,
    link_button,
    paragraph,
    primary_button,
    step_label,
    text_field,
)
from app.components.forms import use_form
from app.components.shell import Screen
from app.state.context import use_state_ctx
from app.state.session import FormResult

# Codes Babel names that are not nationalities here: mainland China and its Hong Kong,
# Macao and Taiwan regions (their residents are not foreigners), groupings, and territories
# without inhabitants of their own.
_NOT_NATIONALITIES = {
    "CN", "HK", "MO", "TW", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB",
    "AQ", "BV", "HM", "CP", "DG", "AC", "IC", "EA", "TA", "UM",
}


@lru_cache(maxsize=16)
def nationalities(locale: Locale) -> list[tuple[str, str]]:
    """(ISO code, country name in the user's language), sorted by name."""
    names = [
        (code, name)
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_NATIONALITIES
    ]
    return sorted(names, key=lambda item: _collation_key(item[1]))


def _collation_key(name: str) -> str:
    """Accents ignored, so that Åland sorts with A (Chinese names keep code-point order)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


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
            text_field(_("Passport number"), form["passport_no"], form.setter("passport_no"),
                       error=result.fields.get("passport_no"),
                       capitalization=ft.TextCapitalization.CHARACTERS, key="passport_no"),
            ft.Dropdown(
                key="nationality",
                label=_("Nationality"),
                value=form["nationality"] or None,
                options=[
                    ft.DropdownOption(key=c, text=n) for c, n in nationalities(state.tr.locale)
                ],
                on_select=form.setter("nationality"),
                error_text=result.fields.get("nationality"),
                enable_filter=True,
                editable=True,
                menu_height=400,
                text_size=theme.size("body_large"),
                expand=True,
                width=float("inf"),
            ),
            text_field(_("Full name as in the passport"), form["full_name"],
                       form.setter("full_name"),
                       error=result.fields.get("full_name"), key="full_name"),
            text_field(_("Date of birth"), form["birth_date"], form.setter("birth_date"),
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
            text_field(_("Code from the SMS"), form["code"], form.setter("code"),
                       error=result.fields.get("code"), keyboard=ft.KeyboardType.NUMBER,
                       autofill=ft.AutofillHint.ONE_TIME_CODE, on_submit=confirm, key="code"),
            primary_button(_("Checking…") if busy else _("Confirm"), confirm,
                           icon=ft.Icons.CHECK, key="confirm", disabled=busy),
            link_button(_("Change the details or send a new code"), back_to_details,
                        key="back-to-details"),
        ]
    return Screen(_("Verify your identity"), body, back="/account")
