"""Services and service centers as the public sees them."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from backend.errors import DomainError
from backend.i18n import N_, gettext
from backend.models import (
    Center,
    CenterPublic,
    CenterService,
    OpeningHours,
    OpeningPeriod,
    Service,
    ServiceCode,
    ServicePublic,
    utcnow,
)
from backend.services import calendar, slots

SERVICE_NAMES: dict[ServiceCode, str] = {
    ServiceCode.visa_extension: N_("Visa extension"),
    ServiceCode.visa_renewal: N_("Visa renewal"),
    ServiceCode.visa_reissue: N_("Visa reissue"),
    ServiceCode.stay_permit: N_("Stay permit"),
    ServiceCode.residence_permit: N_("Residence permit"),
}


def list_services(*, session: Session, lang: str) -> list[ServicePublic]:
    """The five services in their display order, named in `lang`."""
    services = session.exec(select(Service).order_by(col(Service.sort_order))).all()
    return [
        ServicePublic(
            code=s.code, name=gettext(SERVICE_NAMES[s.code], lang), slot_minutes=s.slot_minutes
        )
        for s in services
    ]


def _public(
    session: Session, center: Center, lang: str, service: ServiceCode | None = None
) -> CenterPublic:
    hours = session.exec(
        select(OpeningHours)
        .where(OpeningHours.center_id == center.id)
        .order_by(col(OpeningHours.weekday), col(OpeningHours.opens))
    ).all()
    services = session.exec(
        select(CenterService.service_code).where(CenterService.center_id == center.id)
    ).all()
    zh = lang == "zh"
    now = utcnow()
    next_available = None
    if service is not None and service in services:
        o = slots.offer(session=session, center_id=center.id, service=service)  # type: ignore[arg-type]
        next_available = slots.next_available(session=session, o=o, now=now)
    return CenterPublic(
        **center.model_dump(exclude={"slot_minutes", "counters", "source_note"}),
        open_now=calendar.load(session=session, center=center).is_open_at(now),
        next_available=next_available,
        name=center.name_zh if zh else center.name_en,
        city=center.city_zh if zh else center.city_en,
        hours=[OpeningPeriod(weekday=h.weekday, opens=h.opens, closes=h.closes) for h in hours],
        services=sorted(ServiceCode(code) for code in services),
    )


def list_centers(
    *, session: Session, lang: str, q: str | None = None, city: str | None = None,
    service: ServiceCode | None = None,
) -> list[CenterPublic]:
    """Centers matching a free-text query, a city and a service."""
    query = select(Center)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(
            or_(
                col(Center.name_en).ilike(like), col(Center.name_zh).like(like),
                col(Center.city_en).ilike(like), col(Center.city_zh).like(like),
                col(Center.province).ilike(like), col(Center.address_en).ilike(like),
                col(Center.address_zh).like(like),
            )
        )
    if city:
        query = query.where(or_(col(Center.city_en).ilike(city), Center.city_zh == city))
    if service:
        query = query.join(CenterService).where(CenterService.service_code == service)
    centers = session.exec(query.order_by(col(Center.province), col(Center.id))).all()
    return [_public(session, c, lang, service) for c in centers]


def get_center(
    *, session: Session, center_id: int, lang: str, service: ServiceCode | None = None
) -> CenterPublic:
    center = session.get(Center, center_id)
    if center is None:
        raise DomainError("not_found")
    return _public(session, center, lang, service)
