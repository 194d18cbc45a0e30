"""Slots of a center, and appointments: book, list, reschedule, cancel, calendar file."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response

from backend.api.deps import (
    AccountDep,
    ApplicantDep,
    Id,
    Key,
    LangDep,
    SessionDep,
    limit_attempts,
    note_actor,
)
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
    Closure,
    DayPublic,
    Person,
    ServiceCode,
    SlotPublic,
    utcnow,
)
from backend.services import applicants, audit, booking, ics, references, slots
from backend.services.centers import SERVICE_NAMES

router = APIRouter(tags=["appointments"])


@router.get("/centers/{center_id}/slots", response_model=list[SlotPublic])
def center_slots(
    center_id: Id, service: ServiceCode, date: date, session: SessionDep
) -> list[SlotPublic]:
    o = slots.offer(session=session, center_id=center_id, service=service)
    tz = o.cal.tz
    return [
        SlotPublic(start=s.start.astimezone(tz), end=s.end.astimezone(tz), capacity=s.capacity,
                   available=s.available)
        for s in slots.day_slots(session=session, o=o, day=date, now=utcnow())
    ]


@router.get("/centers/{center_id}/days", response_model=list[DayPublic])
def center_days(center_id: Id, service: ServiceCode, session: SessionDep) -> list[DayPublic]:
    """Every open day of the booking window, with the places left on it."""
    o = slots.offer(session=session, center_id=center_id, service=service)
    return [
        DayPublic(date=d.day, available=d.available, slots=d.slots)
        for d in slots.availability(session=session, o=o, now=utcnow())
    ]


def _limit_booking(request: Request, account: Account) -> None:
    """Bookings and changes per account in a window: people book a few; bots hammer."""
    settings = get_settings()
    limit_attempts(request, "booking", str(account.id), limit=settings.booking_max_tries,
                   window=settings.booking_window_seconds)


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
        center_closed=appointment.closure_id is not None,
        closure_reason=_closure_reason(session, appointment),
        queue_number=appointment.queue_number,
    )


def _closure_reason(session: SessionDep, appointment: Appointment) -> str | None:
    if appointment.closure_id is None:
        return None
    closure = session.get(Closure, appointment.closure_id)
    return closure.reason if closure is not None else None


def _appointment(
    session: SessionDep, account: Account, reference: str, request: Request
) -> Appointment:
    """The appointment if the caller may act for its person; 404 alike for unknown and others'."""
    appointment = booking.find(session=session, reference=reference)
    if appointment is None:
        raise DomainError("not_found")
    if not applicants.may_act_for(
        session=session, account=account, person_id=appointment.person_id
    ):
        audit.record(session=session, action="access.refused", actor_account_id=account.id,
                     outcome="not_found", reference=appointment.reference)
        session.commit()
        raise DomainError("not_found")
    note_actor(request, account, appointment.person_id)
    return appointment


@router.post(
    "/applicants/{aid}/appointments", status_code=201, response_model=AppointmentPublic
)
def book(
    person: ApplicantDep, data: AppointmentCreate, session: SessionDep, account: AccountDep,
    lang: LangDep, request: Request,
) -> AppointmentPublic:
    _limit_booking(request, account)
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
    reference: Key, session: SessionDep, account: AccountDep, lang: LangDep, request: Request
) -> AppointmentPublic:
    return _public(session, _appointment(session, account, reference, request), lang)


@router.post("/appointments/{reference}/reschedule", response_model=AppointmentPublic)
def reschedule(
    reference: Key, data: AppointmentReschedule, session: SessionDep, account: AccountDep,
    lang: LangDep, request: Request,
) -> AppointmentPublic:
    _limit_booking(request, account)
    appointment = booking.reschedule(
        session=session, actor=account,
        appointment=_appointment(session, account, reference, request),
        start=data.start, center_id=data.center_id, lang=lang,
    )
    return _public(session, appointment, lang)


@router.post("/appointments/{reference}/cancel", response_model=AppointmentPublic)
def cancel(
    reference: Key, session: SessionDep, account: AccountDep, lang: LangDep, request: Request
) -> AppointmentPublic:
    appointment = booking.cancel(
        session=session, actor=account,
        appointment=_appointment(session, account, reference, request),
        lang=lang,
    )
    return _public(session, appointment, lang)


@router.get("/appointments/{reference}/calendar.ics")
def calendar_file(
    reference: Key, session: SessionDep, account: AccountDep, lang: LangDep, request: Request
) -> Response:
    appointment = _appointment(session, account, reference, request)
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
