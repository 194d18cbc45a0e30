"""Help from relatives and friends: links with consent, the applicant's helpers and audit."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import AccountDep, ApplicantDep, Id, LangDep, SessionDep
from backend.errors import DomainError
from backend.models import (
    ApplicantPublic,
    AuditPublic,
    CodeIn,
    HelperPublic,
    LinkCreate,
    LinkStarted,
    Person,
    PersonPublic,
)
from backend.services import delegation, notifications

router = APIRouter(tags=["helpers"])


@router.post("/applicants/links", status_code=202, response_model=LinkStarted)
def start_link(
    data: LinkCreate, session: SessionDep, account: AccountDep, lang: LangDep
) -> LinkStarted:
    link, code, person = delegation.start_link(
        session=session, helper=account, data=data, lang=lang
    )
    return LinkStarted(link_id=link.id, sent_to=notifications.mask_phone(person.phone),  # type: ignore[arg-type]
                       expires_at=code.expires_at)


@router.post("/applicants/links/{link_id}/confirm", response_model=ApplicantPublic)
def confirm_link(
    link_id: Id, data: CodeIn, session: SessionDep, account: AccountDep
) -> ApplicantPublic:
    link = delegation.confirm_link(session=session, helper=account, link_id=link_id,
                                   code=data.code)
    person = session.get(Person, link.person_id)
    assert person is not None
    return ApplicantPublic(**PersonPublic.model_validate(person).model_dump(),
                           relation=link.relation.value)


@router.delete("/applicants/{aid}/link", status_code=204)
def stop_helping(person: ApplicantDep, session: SessionDep, account: AccountDep) -> None:
    delegation.stop_helping(session=session, helper=account, person_id=person.id)  # type: ignore[arg-type]


@router.get("/applicants/{aid}/audit", response_model=list[AuditPublic])
def audit_trail(person: ApplicantDep, session: SessionDep) -> list[AuditPublic]:
    return delegation.audit_for(session=session, person=person)


@router.get("/me/helpers", response_model=list[HelperPublic])
def my_helpers(session: SessionDep, account: AccountDep) -> list[HelperPublic]:
    if account.person_id is None:
        raise DomainError("not_verified")
    return delegation.helpers_of(session=session, person_id=account.person_id)


@router.delete("/me/helpers/{helper_id}", status_code=204)
def revoke_helper(helper_id: Id, session: SessionDep, account: AccountDep) -> None:
    delegation.revoke_helper(session=session, applicant=account, helper_id=helper_id)
