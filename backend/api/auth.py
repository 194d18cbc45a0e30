"""Register, sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from backend.api.deps import SessionDep, client_address, get_auth
from backend.models import Account, AccountPublic, AuthSession, LoginIn, RegisterIn, TokenOut
from backend.services import auth

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", status_code=201, response_model=AccountPublic)
def register(data: RegisterIn, session: SessionDep) -> Account:
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
