"""The signed-in account, its real-name verification and the applicants it may act for."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import AccountDep, LangDep, SessionDep
from backend.models import (
    AccountPublic,
    AccountUpdate,
    ApplicantPublic,
    CodeIn,
    CodeSentOut,
    MeOut,
    PersonIdentity,
    PersonPublic,
)
from backend.services import applicants, auth, identity, notifications

router = APIRouter(tags=["me"])


def _me(session: SessionDep, account: AccountDep) -> MeOut:
    own = applicants.own_person(session=session, account=account)
    return MeOut(
        account=AccountPublic.model_validate(account),
        applicant=PersonPublic.model_validate(own) if own else None,
        applicants=applicants.applicants_for(session=session, account=account),
    )


@router.get("/me", response_model=MeOut)
def me(session: SessionDep, account: AccountDep) -> MeOut:
    return _me(session, account)


@router.patch("/me", response_model=MeOut)
def update_me(data: AccountUpdate, session: SessionDep, account: AccountDep) -> MeOut:
    """Change the account's language (the app's and that of the messages sent to it)."""
    auth.set_locale(session=session, account=account, locale=data.locale)
    return _me(session, account)


@router.post("/me/identity", status_code=202, response_model=CodeSentOut)
def start_identity(
    data: PersonIdentity, session: SessionDep, account: AccountDep, lang: LangDep
) -> CodeSentOut:
    person, record = identity.start(session=session, account=account, identity=data, lang=lang)
    return CodeSentOut(sent_to=notifications.mask_phone(person.phone), expires_at=record.expires_at)


@router.post("/me/identity/confirm", response_model=MeOut)
def confirm_identity(data: CodeIn, session: SessionDep, account: AccountDep) -> MeOut:
    identity.confirm(session=session, account=account, code=data.code)
    return _me(session, account)


@router.get("/applicants", response_model=list[ApplicantPublic])
def list_applicants(session: SessionDep, account: AccountDep) -> list[ApplicantPublic]:
    return applicants.applicants_for(session=session, account=account)
