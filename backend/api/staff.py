"""Staff routes: people and documents in the immigration records, and the day at a center
(appointments, check-in at the desk, calling numbers, served and no-show, closures, capacity).

Every /staff/centers/{center_id}/... route answers 403 `other_center` to an officer of another
center (admins act for every center).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query

from backend.api.deps import Id, Key, LangDep, SessionDep, StaffDep
from backend.i18n import gettext
from backend.models import (
    Appointment,
    CallNextIn,
    CapacityIn,
    CapacityPublic,
    Center,
    Closure,
    ClosureCreate,
    ClosurePublic,
    CreatedOut,
    DocumentCreate,
    Person,
    PersonCreate,
    ServiceCode,
    StaffAppointmentPublic,
    StaffCheckInIn,
    utcnow,
)
from backend.services import closures, queue, records, references
from backend.services import staff as staff_service
from backend.services.centers import SERVICE_NAMES

router = APIRouter(prefix="/staff", tags=["staff"])


@router.post("/people", status_code=201, response_model=CreatedOut)
def add_person(data: PersonCreate, session: SessionDep, staff: StaffDep) -> CreatedOut:
    person = records.add_person(session=session, staff=staff, data=data)
    return CreatedOut(id=person.id)  # type: ignore[arg-type]


@router.post("/people/{person_id}/documents", status_code=201, response_model=CreatedOut)
def add_document(
    person_id: Id, data: DocumentCreate, session: SessionDep, staff: StaffDep
) -> CreatedOut:
    document = records.add_document(session=session, staff=staff, person_id=person_id, data=data)
    return CreatedOut(id=document.id)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the day at a center


def staff_center(center_id: Id, session: SessionDep, staff: StaffDep) -> Center:
    """The center of the route, if the caller works there (checked before the body is read)."""
    return staff_service.require_center(session=session, staff=staff, center_id=center_id)


CenterDep = Annotated[Center, Depends(staff_center)]


def _public(session: SessionDep, appointment: Appointment, center: Center,
            lang: str) -> StaffAppointmentPublic:
    person = session.get(Person, appointment.person_id)
    assert person is not None
    tz = ZoneInfo(center.timezone)

    def local(moment):  # noqa: ANN001, ANN202 - an optional datetime, shown in center time
        return moment.astimezone(tz) if moment is not None else None

    return StaffAppointmentPublic(
        reference=appointment.reference,
        reference_display=references.display(appointment.reference),
        person_name=person.full_name,
        service=appointment.service_code,
        service_name=gettext(SERVICE_NAMES[appointment.service_code], lang),
        start=appointment.start.astimezone(tz),
        end=appointment.end.astimezone(tz),
        status=appointment.status,
        queue_number=appointment.queue_number,
        checked_in_at=local(appointment.checked_in_at),
        called_at=local(appointment.called_at),
        center_closed=appointment.closure_id is not None,
    )


@router.get("/centers/{center_id}/appointments", response_model=list[StaffAppointmentPublic])
def day_appointments(
    center: CenterDep, session: SessionDep, lang: LangDep,
    day: Annotated[date | None, Query()] = None,
) -> list[StaffAppointmentPublic]:
    """The center's appointments of `day` (default today, center time) by time."""
    day = day or queue.local_day(utcnow(), ZoneInfo(center.timezone))
    return [_public(session, a, center, lang)
            for a in queue.day_list(session=session, center=center, day=day)]


@router.post("/centers/{center_id}/check-in", response_model=StaffAppointmentPublic)
def desk_check_in(
    center: CenterDep, data: StaffCheckInIn, session: SessionDep, staff: StaffDep, lang: LangDep
) -> StaffAppointmentPublic:
    """Check a person in at the desk: any time of the appointment's day."""
    appointment, _already = queue.check_in(
        session=session, center_id=center.id, reference=data.reference,  # type: ignore[arg-type]
        lang=lang, at_desk=True, actor=staff,
    )
    return _public(session, appointment, center, lang)


@router.post("/centers/{center_id}/call-next", response_model=StaffAppointmentPublic)
def call_next(
    center: CenterDep, session: SessionDep, staff: StaffDep, lang: LangDep,
    data: CallNextIn | None = None,
) -> StaffAppointmentPublic:
    appointment = queue.call_next(session=session, staff=staff, center=center,
                                  service=data.service if data else None)
    return _public(session, appointment, center, lang)


@router.post("/centers/{center_id}/appointments/{reference}/served",
             response_model=StaffAppointmentPublic)
def served(
    center: CenterDep, reference: Key, session: SessionDep, staff: StaffDep, lang: LangDep
) -> StaffAppointmentPublic:
    appointment = queue.mark_served(session=session, staff=staff, center=center,
                                    reference=reference, lang=lang)
    return _public(session, appointment, center, lang)


@router.post("/centers/{center_id}/appointments/{reference}/no-show",
             response_model=StaffAppointmentPublic)
def no_show(
    center: CenterDep, reference: Key, session: SessionDep, staff: StaffDep, lang: LangDep
) -> StaffAppointmentPublic:
    appointment = queue.mark_no_show(session=session, staff=staff, center=center,
                                     reference=reference, lang=lang)
    return _public(session, appointment, center, lang)


def _closure_public(session: SessionDep, closure: Closure, affected: int) -> ClosurePublic:
    return ClosurePublic(id=closure.id, date_from=closure.date_from,  # type: ignore[arg-type]
                         date_to=closure.date_to, reason=closure.reason, affected=affected)


@router.get("/centers/{center_id}/closures", response_model=list[ClosurePublic])
def list_closures(center: CenterDep, session: SessionDep) -> list[ClosurePublic]:
    return [
        _closure_public(session, c, closures.affected_count(session=session, closure=c))
        for c in closures.list_for(session=session, center=center)
    ]


@router.post("/centers/{center_id}/closures", status_code=201, response_model=ClosurePublic)
def add_closure(
    center: CenterDep, data: ClosureCreate, session: SessionDep, staff: StaffDep
) -> ClosurePublic:
    """Close the center for a day or a period; the booked appointments in it are marked and
    their applicants messaged."""
    closure, affected = closures.add(session=session, staff=staff, center=center, data=data)
    return _closure_public(session, closure, affected)


@router.get("/centers/{center_id}/capacity", response_model=list[CapacityPublic])
def capacity(center: CenterDep, session: SessionDep, lang: LangDep) -> list[CapacityPublic]:
    out = []
    for item in closures.capacity_of(session=session, center=center):
        code: ServiceCode = item["service"]
        out.append(CapacityPublic(**item, service_name=gettext(SERVICE_NAMES[code], lang)))
    return out


@router.put("/centers/{center_id}/capacity/{service}", response_model=list[CapacityPublic])
def set_capacity(
    center: CenterDep, service: ServiceCode, data: CapacityIn, session: SessionDep,
    staff: StaffDep, lang: LangDep,
) -> list[CapacityPublic]:
    """Serve `capacity` people at once from now on; 409 below what is already booked."""
    closures.set_capacity(session=session, staff=staff, center=center, service=service,
                          capacity=data.capacity)
    return capacity(center, session, lang)
