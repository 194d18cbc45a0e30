"""Application progress (signed in, and the inquiry without an account), one's own documents,
and the staff route that adds a step to an application's timeline."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request

from backend.api.deps import (
    AccountDep,
    ApplicantDep,
    Key,
    LangDep,
    SessionDep,
    StaffDep,
    client_address,
    limit_attempts,
)
from backend.config import get_settings
from backend.models import (
    ApplicationEventCreate,
    ApplicationPublic,
    InquiryIn,
    PassportPublic,
    PermitPublic,
    PrCardPublic,
    normalise_application_no,
    utcnow,
)
from backend.services import applications, documents

router = APIRouter(tags=["applications"])


def _today():  # noqa: ANN202 - a date in the centers' time zone
    return utcnow().astimezone(ZoneInfo(get_settings().timezone)).date()


@router.get("/applicants/{aid}/applications", response_model=list[ApplicationPublic])
def list_applications(
    person: ApplicantDep, session: SessionDep, lang: LangDep
) -> list[ApplicationPublic]:
    assert person.id is not None
    return [
        applications.public(session=session, application=a, lang=lang)
        for a in applications.list_for(session=session, person_id=person.id)
    ]


@router.get("/applications/{application_no}", response_model=ApplicationPublic)
def get_application(
    application_no: Key, session: SessionDep, account: AccountDep, lang: LangDep
) -> ApplicationPublic:
    application = applications.find_for_account(
        session=session, account=account, application_no=application_no.strip().upper()
    )
    return applications.public(session=session, application=application, lang=lang)


@router.post("/inquiry/application", response_model=ApplicationPublic)
def inquiry(
    data: InquiryIn, session: SessionDep, lang: LangDep, request: Request
) -> ApplicationPublic:
    """Status and timeline for the application number and passport number, no account needed.

    A wrong number and a wrong passport get the same 404; every try counts against the
    caller's address (429 after too many), so numbers cannot be guessed.
    """
    tries, window = applications.inquiry_limits()
    limit_attempts(request, "inquiry", client_address(request), limit=tries, window=window)
    application = applications.inquire(
        session=session, application_no=data.application_no, passport_no=data.passport_no
    )
    return applications.public(
        session=session, application=application, lang=lang, with_person=False
    )


@router.get(
    "/staff/applications/{application_no}", response_model=ApplicationPublic, tags=["staff"],
)
def staff_application(
    application_no: str, session: SessionDep, staff: StaffDep, lang: LangDep
) -> ApplicationPublic:
    """An application with its timeline, for the staff who add its steps."""
    application = applications.find_for_staff(
        session=session, staff=staff, application_no=normalise_application_no(application_no)
    )
    return applications.public(session=session, application=application, lang=lang)


@router.post(
    "/staff/applications/{application_no}/events", status_code=201,
    response_model=ApplicationPublic, tags=["staff"],
)
def add_event(
    application_no: Key, data: ApplicationEventCreate, session: SessionDep, staff: StaffDep,
    lang: LangDep,
) -> ApplicationPublic:
    application = applications.add_event(
        session=session, staff=staff, application_no=application_no.strip().upper(),
        status=data.status, note=data.note, lang=lang,
    )
    return applications.public(session=session, application=application, lang=lang)


@router.get("/applicants/{aid}/permits", response_model=list[PermitPublic])
def permits(person: ApplicantDep, session: SessionDep, lang: LangDep) -> list[PermitPublic]:
    return documents.permits(session=session, person=person, lang=lang, today=_today())


@router.get("/applicants/{aid}/pr-card", response_model=PrCardPublic)
def pr_card(person: ApplicantDep, session: SessionDep, lang: LangDep) -> PrCardPublic:
    return documents.pr_card(session=session, person=person, lang=lang, today=_today())


@router.get("/applicants/{aid}/passport", response_model=PassportPublic)
def passport(person: ApplicantDep, session: SessionDep, lang: LangDep) -> PassportPublic:
    return documents.passport(session=session, person=person, lang=lang, today=_today())
