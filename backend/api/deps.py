"""Shared dependencies of the routers: database session, language, current account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request, Response
from sqlmodel import Session

from backend.errors import DomainError, too_many_attempts
from backend.i18n import negotiate
from backend.models import MAX_ID, Account, AuthSession, Person, Role
from backend.services import applicants, audit, auth
from backend.services.ratelimit import RequestLimiter

# A record's id in a path: a number the database can hold (a larger one is 422, not a crash).
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# A reference, code or number in a path: short (a long one is 422, not a slow lookup).
Key = Annotated[str, Path(min_length=1, max_length=40)]
# Free text in a query (search words, a city's or province's name).
QueryText = Annotated[str | None, Query(max_length=100)]


# Dependencies that do no I/O are `async`: FastAPI runs a plain `def` dependency in a worker
# thread, and every such hop costs a thread switch and a turn at the GIL under load.
async def get_session(request: Request) -> AsyncIterator[Session]:
    # Opening a Session does no I/O; it takes a connection at its first statement.
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


async def get_lang(
    lang: Annotated[str | None, Query(include_in_schema=False)] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> str:
    return negotiate(lang, accept_language)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limit_attempts(request: Request, kind: str, key: str, *, limit: int, window: int) -> None:
    """Count an attempt of `kind` by `key` (an account, an address): 429 past `limit` tries
    in `window` seconds. One limiter per kind and API instance (each test's API starts clean).
    """
    name = f"{kind}_limiter"
    limiter = getattr(request.app.state, name, None)
    if limiter is None:
        limiter = RequestLimiter(limit=limit, window=window)
        setattr(request.app.state, name, limiter)
    wait = limiter.try_acquire(f"{kind}:{key}")
    if wait:
        raise too_many_attempts(wait)


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise DomainError("not_authenticated")
    return authorization[7:].strip()


# Every signed-in answer says when the session ends if unused, so that the app can warn
# before it does (and offer to stay signed in) without asking the server, which would
# itself count as activity.
SESSION_EXPIRES_HEADER = "X-Session-Expires-At"


def get_auth(
    session: Annotated[Session, Depends(get_session)],
    response: Response,
    authorization: Annotated[str | None, Header()] = None,
) -> tuple[Account, AuthSession]:
    account, auth_session = auth.authenticate(session=session, token=_bearer(authorization))
    response.headers[SESSION_EXPIRES_HEADER] = auth.session_expiry(auth_session).isoformat()
    return account, auth_session


async def current_account(
    pair: Annotated[tuple[Account, AuthSession], Depends(get_auth)],
) -> Account:
    return pair[0]


def note_actor(request: Request, account: Account, person_id: int | None) -> None:
    """Mark the request as done by staff or by a helper for someone else, so that a refusal of
    it is audited too (the services audit what succeeds)."""
    if account.role in (Role.officer, Role.admin) or account.person_id != person_id:
        request.state.audit_actor = account.id
        request.state.audit_subject = person_id


def staff_account(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    account: Annotated[Account, Depends(current_account)],
) -> Account:
    if account.role not in (Role.officer, Role.admin):
        audit.record(session=session, action="access.refused", actor_account_id=account.id,
                     outcome="staff_only", route=request.url.path[:200])
        session.commit()
        raise DomainError("staff_only")
    person_id = str(request.path_params.get("person_id", ""))
    note_actor(request, account, int(person_id) if person_id.isdigit() else None)
    return account


def acting_for(
    aid: Id,
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    account: Annotated[Account, Depends(current_account)],
) -> Person:
    """The applicant `aid` of an /applicants/{aid}/... route, if the caller may act for them.

    Checked as a dependency, so a refusal (401, 403) comes before the body is even read.
    What a helper looks at for the applicant is audited here; what they change, by the
    services.
    """
    person = applicants.require_access(session=session, account=account, person_id=aid)
    note_actor(request, account, aid)
    if request.method == "GET" and account.person_id != aid:
        route = request.scope.get("route")
        audit.record(session=session, action="records.view", actor_account_id=account.id,
                     subject_person_id=aid, route=str(getattr(route, "path", ""))[:200])
        session.commit()
    return person


SessionDep = Annotated[Session, Depends(get_session)]
LangDep = Annotated[str, Depends(get_lang)]
AccountDep = Annotated[Account, Depends(current_account)]
StaffDep = Annotated[Account, Depends(staff_account)]
ApplicantDep = Annotated[Person, Depends(acting_for)]
