"""Register, sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from backend.api.deps import SessionDep, client_address, get_auth, limit_attempts
from backend.config import get_settings
from backend.models import (
    Account,
    AccountPublic,
    AuthSession,
    LoginIn,
    RegisterIn,
    SessionOut,
    TokenOut,
)
from backend.services import auth

router = APIRouter(prefix="/auth", tags=["auth"])


def _limit_registrations(request: Request) -> None:
    """New accounts per client address in a window (each costs a slow password hash)."""
    settings = get_settings()
    limit_attempts(request, "register", client_address(request),
                   limit=settings.register_max_per_address,
                   window=settings.register_window_seconds)


@router.post("/register", status_code=201, response_model=AccountPublic)
def register(data: RegisterIn, session: SessionDep, request: Request) -> Account:
    _limit_registrations(request)
    return auth.register(session=session, data=data)


@router.post("/login", response_model=TokenOut)
def login(data: LoginIn, session: SessionDep, request: Request) -> TokenOut:
    token, auth_session = auth.login(
        session=session,
        email=data.email,
        password=data.password,
        address=client_address(request),
    )
    return TokenOut(access_token=token, expires_at=auth.session_expiry(auth_session))


@router.post("/logout", status_code=204)
def logout(
    session: SessionDep, pair: Annotated[tuple[Account, AuthSession], Depends(get_auth)]
) -> None:
    auth.logout(session=session, auth_session=pair[1])


@router.post("/session/extend", response_model=SessionOut)
def extend_session(
    session: SessionDep, pair: Annotated[tuple[Account, AuthSession], Depends(get_auth)]
) -> SessionOut:
    """"Stay signed in": the idle timer starts again; says when the session now ends."""
    auth_session = auth.extend(session=session, auth_session=pair[1])
    return SessionOut(
        expires_at=auth.session_expiry(auth_session),
        absolute_expires_at=auth_session.expires_at,
        idle_minutes=get_settings().session_idle_minutes,
    )
