"""Shared dependencies of the routers: database session, language, current account."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from sqlmodel import Session

from backend.errors import DomainError
from backend.i18n import negotiate
from backend.models import Account, AuthSession, Person, Role
from backend.services import applicants, auth


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_lang(
    lang: Annotated[str | None, Query(include_in_schema=False)] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> str:
    return negotiate(lang, accept_language)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise DomainError("not_authenticated")
    return authorization[7:].strip()


def get_auth(
    session: Annotated[Session, Depends(get_session)],
    authorization: Annotated[str | None, Header()] = None,
) -> tuple[Account, AuthSession]:
    return auth.authenticate(session=session, token=_bearer(authorization))


def current_account(
    pair: Annotated[tuple[Account, AuthSession], Depends(get_auth)],
) -> Account:
    return pair[0]


def staff_account(account: Annotated[Account, Depends(current_account)]) -> Account:
    if account.role not in (Role.officer, Role.admin):
        raise DomainError("staff_only")
    return account


def acting_for(
    aid: int,
    session: Annotated[Session, Depends(get_session)],
    account: Annotated[Account, Depends(current_account)],
) -> Person:
    """The applicant `aid` of an /applicants/{aid}/... route, if the caller may act for them.

    Checked as a dependency, so a refusal (401, 403) comes before the body is even read.
    """
    return applicants.require_access(session=session, account=account, person_id=aid)


SessionDep = Annotated[Session, Depends(get_session)]
LangDep = Annotated[str, Depends(get_lang)]
AccountDep = Annotated[Account, Depends(current_account)]
StaffDep = Annotated[Account, Depends(staff_account)]
ApplicantDep = Annotated[Person, Depends(acting_for)]
