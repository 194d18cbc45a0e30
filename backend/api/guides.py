"""Guides to the five services, and each applicant's checklist of materials."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import AccountDep, ApplicantDep, Key, LangDep, SessionDep
from backend.errors import DomainError
from backend.models import ChecklistIn, ChecklistPublic, GuidePublic, ServiceCode
from backend.services import guides

router = APIRouter(tags=["guides"])


def _service(code: str) -> ServiceCode:
    """The service of a guide's address; an unknown one is a page that does not exist (404)."""
    try:
        return ServiceCode(code)
    except ValueError:
        raise DomainError("not_found") from None


@router.get("/guides", response_model=list[GuidePublic])
def list_guides(lang: LangDep) -> list[GuidePublic]:
    """The guides to the five services in the language asked for (English where none)."""
    return guides.list_guides(lang=lang)


@router.get("/guides/{service}", response_model=GuidePublic)
def get_guide(service: Key, lang: LangDep) -> GuidePublic:
    return guides.get_guide(service=_service(service), lang=lang)


@router.get("/applicants/{aid}/guides/{service}/checklist", response_model=ChecklistPublic)
def get_checklist(service: Key, person: ApplicantDep, session: SessionDep) -> ChecklistPublic:
    """The materials the applicant has ticked (their own, or as seen by an active helper)."""
    assert person.id is not None
    return guides.checklist(session=session, person_id=person.id, service=_service(service))


@router.put("/applicants/{aid}/guides/{service}/checklist", response_model=ChecklistPublic)
def put_checklist(
    service: Key, data: ChecklistIn, person: ApplicantDep, session: SessionDep,
    account: AccountDep,
) -> ChecklistPublic:
    """Replace the ticked materials with `items` (keys of the guide's materials)."""
    assert person.id is not None
    return guides.save_checklist(
        session=session, actor=account, person_id=person.id, service=_service(service),
        items=data.items,
    )
