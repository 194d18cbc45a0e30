"""Kiosk tablets at a center: what the kiosk needs to know, and check-in without an account."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter

from backend.api.deps import Id, LangDep, SessionDep
from backend.config import get_settings
from backend.errors import DomainError
from backend.i18n import gettext
from backend.models import Center, CheckInIn, CheckInOut, KioskInfo
from backend.services import queue
from backend.services.centers import SERVICE_NAMES

router = APIRouter(prefix="/kiosk", tags=["kiosk"])


@router.get("/{center_id}", response_model=KioskInfo)
def kiosk_info(center_id: Id, session: SessionDep, lang: LangDep) -> KioskInfo:
    center = session.get(Center, center_id)
    if center is None:
        raise DomainError("not_found")
    settings = get_settings()
    return KioskInfo(
        center_id=center_id, center_name=center.name_zh if lang == "zh" else center.name_en,
        center_name_en=center.name_en, center_name_zh=center.name_zh,
        warn_seconds=settings.kiosk_warn_seconds, idle_seconds=settings.kiosk_idle_seconds,
    )


@router.post("/{center_id}/check-in", response_model=CheckInOut)
def check_in(
    center_id: Id, data: CheckInIn, session: SessionDep, lang: LangDep
) -> CheckInOut:
    """Check in today's appointment by its reference (no account: the kiosk is shared).

    The answer holds the queue number and no personal data: whoever reads the screen
    next learns nothing about the person.
    """
    appointment, already = queue.check_in(
        session=session, center_id=center_id, reference=data.reference, lang=lang
    )
    center = session.get(Center, center_id)
    assert center is not None and appointment.queue_number is not None
    return CheckInOut(
        queue_number=appointment.queue_number,
        service=appointment.service_code,
        service_name=gettext(SERVICE_NAMES[appointment.service_code], lang),
        start=appointment.start.astimezone(ZoneInfo(center.timezone)),
        center_name=center.name_zh if lang == "zh" else center.name_en,
        waiting_before=queue.waiting_before(session=session, appointment=appointment),
        already=already,
    )
