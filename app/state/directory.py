"""The directory of service centers and the guides: the actions behind those screens.

Everything comes from the API (open-now status and next free day are computed there, in the
centers' time zone). Ticked materials of a guide are saved on the server for the applicant
being helped; with no applicant (signed out, or not verified yet) they stay in this
session's memory only.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

from app.api_client import ApiError
from app.state.session import AppState, BookingDraft, DirectoryQuery, FormResult

SOONEST = "next_available"


def set_query(state: AppState, **changes: Any) -> DirectoryQuery:
    """Change the directory's search or filters (kept for the session)."""
    state.directory = replace(state.directory, **changes)
    return state.directory


async def search(state: AppState) -> FormResult:
    """Centers matching the directory's query and filters (data: [CenterPublic])."""
    query = state.directory
    try:
        found = await state.api.centers(
            query.q.strip() or None, query.service or None, province=query.province or None,
            sort=SOONEST if query.soonest_first else None,
        )
    except ApiError as error:
        return state.failed(error)
    return FormResult(data=found)


async def load_filters(state: AppState) -> FormResult:
    """What the filters offer: data {"services": [ServicePublic], "provinces": [...]}."""
    try:
        services, provinces = await asyncio.gather(state.api.services(), state.api.provinces())
    except ApiError as error:
        return state.failed(error)
    return FormResult(data={"services": services, "provinces": provinces})


async def load_center(state: AppState, center_id: int) -> FormResult:
    """One center with the names of its services: data {"center": ..., "services": {code: name}}."""
    try:
        center, services = await asyncio.gather(
            state.api.center(center_id), state.api.services()
        )
    except ApiError as error:
        return state.failed(error)
    return FormResult(data={"center": center,
                            "services": {s["code"]: s["name"] for s in services}})


def book_here(state: AppState, center: dict[str, Any]) -> None:
    """Start a booking at `center`: the service step comes next, then the day."""
    state.booking = BookingDraft(center=center, from_directory=True)


PHONE_NUMBER = re.compile(r"\+?\d[\d\s\-]{4,}\d")


def phone_numbers(phone: str | None) -> list[tuple[str, str]]:
    """Each number of a center's phone text, as (what to show, what to dial).

    "0595-8568-2693 (consultation); 0595-8203-0046 (complaints)" gives two numbers, each
    shown with its note; what to dial keeps only digits and a leading "+".
    """
    result = []
    for part in re.split(r"[;；,，/]", phone or ""):
        part = part.strip()
        match = PHONE_NUMBER.search(part)
        if match:
            dial = re.sub(r"[^\d+]", "", match.group(0))
            result.append((part, dial))
    return result


# ---------------------------------------------------------------- guides


async def load_guides(state: AppState) -> FormResult:
    """The guides to the five services (data: [GuidePublic])."""
    try:
        return FormResult(data=await state.api.guides())
    except ApiError as error:
        return state.failed(error)


async def load_guide(state: AppState, service: str) -> FormResult:
    """One guide and the materials already ticked: data {"guide": ..., "ticked": set}."""
    try:
        guide = await state.api.guide(service)
        ticked = await _ticked(state, service)
    except ApiError as error:
        return state.failed(error)
    return FormResult(data={"guide": guide, "ticked": ticked})


async def _ticked(state: AppState, service: str) -> frozenset[str]:
    applicant = state.applicant_id
    if applicant is None:
        return state.ticked.get(service, frozenset())
    saved = await state.api.checklist(applicant, service)
    return frozenset(saved["items"])


async def tick(state: AppState, service: str, ticked: frozenset[str]) -> FormResult:
    """Remember the ticked materials: on the server for the applicant, else in memory."""
    applicant = state.applicant_id
    if applicant is None:
        state.ticked = {**state.ticked, service: ticked}
        return FormResult(data=ticked)
    try:
        saved = await state.api.save_checklist(applicant, service, sorted(ticked))
    except ApiError as error:
        return state.failed(error)
    return FormResult(data=frozenset(saved["items"]))
