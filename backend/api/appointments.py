"""Slots of a center, and appointments: book, list, reschedule, cancel, calendar file."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Response

from backend.api.deps import AccountDep, ApplicantDep, LangDep, SessionDep
from backend.config import get_settings
from backend.errors import DomainError
from backend.i18n import N_, gettext
from backend.models import (
    Account,
    Appointment,
    AppointmentCreate,
    AppointmentPublic,
    AppointmentReschedule,
    Center,
    DayPublic,
    Person,
    ServiceCode,
    SlotPublic,
    utcnow,
)
from backend.services import applicants, booking, ics, references, slots
from backend.services.centers import SERVICE_NAMES

router = APIRouter(tags=["appointments"])


@router.get("/centers/{center_id}/slots", response_model=list[SlotPublic])
def center_slots(
    center_id: int, service: ServiceCode, date: date, session: SessionDep
) -> list[SlotPublic]:
    o = slots.offer(session=session, center_id=center_id, service=service)
    tz = o.cal.tz
    return [
        SlotPublic(start=s.start.astimezone(tz), end=s.end.astimezone(tz), capacity=s.capacity,
                   available=s.available)
        for s in slots.day_slots(session=session, o=o, day=date, now=utcnow())
    ]


@router.get("/centers/{center_id}/days", response_model=list[DayPublic])
def center_days(center_id: int, service: ServiceCode, session: SessionDep) -> list[DayPublic]:
    """Every open day of the booking window, with the places left on it."""
    o = slots.offer(session=session, center_id=center_id, service=service)
    return [
        DayPublic(date=d.day, available=d.available, slots=d.slots)
        for d in slots.availability(session=session, o=o, now=utcnow())
    ]


def _public(session: SessionDep, appointment: Appointment, lang: str) -> AppointmentPublic:
    center = session.get(Center, appointment.center_id)
    person = session.get(Person, appointment.person_id)
    booker = session.get(Account, appointment.booked_by_account_id)
    assert center and person and booker
    tz = ZoneInfo(center.timezone)
    settings = get_settings()
    zh = lang == "zh"
    return AppointmentPublic(
        reference=appointment.reference,
        reference_display=references.display(appointment.reference),
        person_id=person.id,  # type: ignore[arg-type]
        person_name=person.full_name,
        service=appointment.service_code,
        service_name=gettext(SERVICE_NAMES[appointment.service_code], lang),
        center_id=center.id,  # type: ignore[arg-type]
        center_name=center.name_zh if zh else center.name_en,
        center_address=center.address_zh if zh else center.address_en,
        center_phone=center.phone,
        start=appointment.start.astimezone(tz),
        end=appointment.end.astimezone(tz),
        status=appointment.status,
        reschedules=appointment.reschedules,
        reschedules_left=max(0, settings.max_reschedules - appointment.reschedules),
        changeable_until=(
            appointment.start - timedelta(hours=settings.change_cutoff_hours)
        ).astimezone(tz),
        booked_by=booker.full_name,
    )


def _appointment(session: SessionDep, account: Account, reference: str) -> Appointment:
    """The appointment if the caller may act for its person; 404 alike for unknown and others'."""
    appointment = booking.find(session=session, reference=reference)
    if appointment is None or not applicants.may_act_for(
        session=session, account=account, person_id=appointment.person_id
    ):
        raise DomainError("not_found")
    return appointment


@router.post(
    "/applicants/{aid}/appointments", status_code=201, response_model=AppointmentPublic
)
def book(
    person: ApplicantDep, data: AppointmentCreate, session: SessionDep, account: AccountDep,
    lang: LangDep,
) -> AppointmentPublic:
    appointment = booking.book(
        session=session, actor=account, person=person, service=data.service,
        center_id=data.center_id, start=data.start, lang=lang,
    )
    return _public(session, appointment, lang)


@router.get("/applicants/{aid}/appointments", response_model=list[AppointmentPublic])
def list_appointments(
    person: ApplicantDep, session: SessionDep, lang: LangDep
) -> list[AppointmentPublic]:
    assert person.id is not None
    return [
        _public(session, a, lang) for a in booking.list_for(session=session, person_id=person.id)
    ]


@router.get("/appointments/{reference}", response_model=AppointmentPublic)
def get_appointment(
    reference: str, session: SessionDep, account: AccountDep, lang: LangDep
) -> AppointmentPublic:
    return _public(session, _appointment(session, account, reference), lang)


@router.post("/appointments/{reference}/reschedule", response_model=AppointmentPublic)
def reschedule(
    reference: str, data: AppointmentReschedule, session: SessionDep, account: AccountDep,
    lang: LangDep,
) -> AppointmentPublic:
    appointment = booking.reschedule(
        session=session, actor=account, appointment=_appointment(session, account, reference),
        start=data.start, center_id=data.center_id, lang=lang,
    )
    return _public(session, appointment, lang)


@router.post("/appointments/{reference}/cancel", response_model=AppointmentPublic)
def cancel(
    reference: str, session: SessionDep, account: AccountDep, lang: LangDep
) -> AppointmentPublic:
    appointment = booking.cancel(
        session=session, actor=account, appointment=_appointment(session, account, reference),
        lang=lang,
    )
    return _public(session, appointment, lang)


@router.get("/appointments/{reference}/calendar.ics")
def calendar_file(
    reference: str, session: SessionDep, account: AccountDep, lang: LangDep
) -> Response:
    appointment = _appointment(session, account, reference)
    public = _public(session, appointment, lang)
    center = session.get(Center, appointment.center_id)
    assert center is not None
    summary = f"{public.service_name} · {public.center_name}"
    description = gettext(N_("Reference %(reference)s. Bring your passport."), lang) % {
        "reference": public.reference_display
    }
    body = ics.appointment_ics(
        appointment=appointment, center=center, summary=summary, description=description,
        now=utcnow(),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{appointment.reference}.ics"'},
    )
