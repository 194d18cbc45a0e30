"""Help from relatives and friends: add a person with their consent, act for them, and (for
applicants) see and revoke one's helpers. The rules are the server's; these only ask the API.
"""

from __future__ import annotations

import re

from app.api_client import ApiError
from app.state.session import SESSION_ENDED, AppState, BookingDraft, FormResult, check_identity

RELATIONS = ("parent", "child", "spouse", "relative", "friend", "guardian")


def select_applicant(state: AppState, applicant_id: int) -> None:
    """Act for this applicant from now on (a booking in progress is for someone else: drop it)."""
    if applicant_id != state.applicant_id:
        state.booking = BookingDraft()
    state.selected_applicant_id = applicant_id


async def refresh_me(state: AppState) -> None:
    try:
        state.me = await state.api.me()
    except ApiError as error:
        state.failed(error)


async def start_link(
    state: AppState, *, relation: str, guardian_declaration: bool, passport_no: str,
    nationality: str, full_name: str, birth_date: str,
) -> FormResult:
    """Send the consent code to the person's registered phone (data: {link_id, sent_to})."""
    result, identity = check_identity(
        state.tr, passport_no=passport_no, nationality=nationality, full_name=full_name,
        birth_date=birth_date,
    )
    if not result.ok:
        return result
    try:
        sent = await state.api.start_link(
            relation=relation, guardian_declaration=guardian_declaration, **identity
        )
    except ApiError as error:
        return state.failed(error)
    return FormResult(data=sent)


async def confirm_link(state: AppState, *, link_id: int, code: str) -> FormResult:
    """Activate the link with the code the person gave; they become the selected applicant."""
    if not re.fullmatch(r"\d{6}", code.strip()):
        _ = state.tr
        return FormResult(fields={"code": _("Enter the 6 digits of the code.")})
    try:
        applicant = await state.api.confirm_link(link_id, code=code.strip())
    except ApiError as error:
        if error.code in SESSION_ENDED or error.code == "network":
            return state.failed(error)
        return FormResult(fields={"code": error.message})
    await refresh_me(state)
    select_applicant(state, int(applicant["id"]))
    return FormResult(data=applicant)


async def stop_helping(state: AppState, applicant_id: int) -> FormResult:
    try:
        await state.api.stop_helping(applicant_id)
    except ApiError as error:
        return state.failed(error)
    if state.selected_applicant_id == applicant_id:
        state.selected_applicant_id = None
        state.booking = BookingDraft()
    await refresh_me(state)
    return FormResult()


async def load_helpers(state: AppState) -> FormResult:
    """The applicant's helpers (data: [HelperPublic])."""
    try:
        return FormResult(data=await state.api.my_helpers())
    except ApiError as error:
        return state.failed(error)


async def revoke_helper(state: AppState, helper_id: int) -> FormResult:
    try:
        await state.api.revoke_helper(helper_id)
    except ApiError as error:
        return state.failed(error)
    return FormResult()


async def load_activity(state: AppState) -> FormResult:
    """Everything done for the selected applicant, the latest first (data: [AuditPublic])."""
    if state.applicant_id is None:
        return FormResult(data=[])
    try:
        return FormResult(data=await state.api.audit(state.applicant_id))
    except ApiError as error:
        return state.failed(error)
