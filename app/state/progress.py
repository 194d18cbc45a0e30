"""Application progress (signed in, or by number and passport without an account) and one's
own documents: the actions behind those screens. The server decides; these only ask."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from app.api_client import ApiError
from app.state import booking
from app.state.session import AppState, FormResult

APPLICATION_NO = re.compile(r"^[A-Z]{2}\d{4}-?\d{6}$")


def _not_verified(state: AppState) -> FormResult | None:
    if state.applicant_id is None:
        _ = state.tr
        return FormResult(message=_("Please verify your identity first. Then you can book and "
                                    "see your documents."))
    return None


async def load_applications(state: AppState) -> FormResult:
    """The selected applicant's applications (data: [ApplicationPublic])."""
    refused = _not_verified(state)
    if refused:
        return refused
    assert state.applicant_id is not None
    try:
        return FormResult(data=await state.api.applications(state.applicant_id))
    except ApiError as error:
        return state.failed(error)


async def load_application(state: AppState, application_no: str) -> FormResult:
    try:
        return FormResult(data=await state.api.application(application_no))
    except ApiError as error:
        return state.failed(error)


async def inquire(state: AppState, *, application_no: str, passport_no: str) -> FormResult:
    """Progress without an account; errors next to the fields they concern."""
    _ = state.tr
    number = re.sub(r"\s", "", application_no).upper()
    passport = re.sub(r"\s", "", passport_no).upper()
    result = FormResult()
    if not APPLICATION_NO.match(number):
        result.fields["application_no"] = _(
            "Enter the application number as on your receipt, for example CD2026-507821.")
    if not re.fullmatch(r"[A-Z0-9]{5,20}", passport):
        result.fields["passport_no"] = _("Enter the passport number: 5 to 20 letters and digits.")
    if not result.ok:
        return result
    try:
        return FormResult(data=await state.api.inquire(application_no=number,
                                                       passport_no=passport))
    except ApiError as error:
        return state.failed(error)


async def load_documents(state: AppState) -> FormResult:
    """data: {"permits": [...], "pr_card": PrCardPublic | None, "passport": PassportPublic}."""
    refused = _not_verified(state)
    if refused:
        return refused
    aid = state.applicant_id
    assert aid is not None

    async def pr_card() -> dict[str, Any] | None:
        try:
            return await state.api.pr_card(aid)
        except ApiError as error:
            if error.code == "not_found":
                return None
            raise

    try:
        permits, card, passport = await asyncio.gather(
            state.api.permits(aid), pr_card(), state.api.passport(aid)
        )
    except ApiError as error:
        return state.failed(error)
    return FormResult(data={"permits": permits, "pr_card": card, "passport": passport})


def start_renewal(state: AppState, permit: dict[str, Any]) -> None:
    """Begin booking the service that renews or extends `permit` (its service chosen)."""
    booking.choose_service(
        state, {"code": permit["renewal_service"], "name": permit["renewal_service_name"]}
    )
