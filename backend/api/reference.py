"""Public reference data: health, services and service centers."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import Id, LangDep, QueryText, SessionDep
from backend.models import CenterPublic, ProvincePublic, ServiceCode, ServicePublic
from backend.services import centers
from backend.services.centers import CenterSort

router = APIRouter(tags=["reference"])


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/services", response_model=list[ServicePublic])
def services(session: SessionDep, lang: LangDep) -> list[ServicePublic]:
    return centers.list_services(session=session, lang=lang)


@router.get("/centers", response_model=list[CenterPublic])
def list_centers(
    session: SessionDep, lang: LangDep, q: QueryText = None, city: QueryText = None,
    service: ServiceCode | None = None, province: QueryText = None,
    sort: CenterSort = CenterSort.place,
) -> list[CenterPublic]:
    """Centers matching `q` (name, city, province or address in English, pinyin or Chinese),
    a city, a province (English or Chinese name) and a service; `sort=next_available` puts the
    soonest free day first. Each has its open-now status and its next free day."""
    return centers.list_centers(
        session=session, lang=lang, q=q, city=city, service=service, province=province,
        sort=sort,
    )


@router.get("/provinces", response_model=list[ProvincePublic])
def list_provinces(session: SessionDep, lang: LangDep) -> list[ProvincePublic]:
    """The provinces that have service centers (for the directory's filter)."""
    return centers.list_provinces(session=session, lang=lang)


@router.get("/centers/{center_id}", response_model=CenterPublic)
def get_center(
    center_id: Id, session: SessionDep, lang: LangDep, service: ServiceCode | None = None
) -> CenterPublic:
    return centers.get_center(session=session, center_id=center_id, lang=lang, service=service)
