"""Accounts and sessions: register, sign in, resolve a token, sign out."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from backend.config import get_settings
from backend.errors import DomainError
from backend.models import Account, AuthSession, RegisterIn, Role, utcnow
from backend.services import audit
from backend.services.passwords import hash_password, verify_password
from backend.services.ratelimit import FailureLimiter

# Failures are counted per account and per address, so that neither a single
# address nor a spread of addresses can guess one account's password quickly.
login_limiter = FailureLimiter(
    limit=get_settings().login_max_failures, window=get_settings().login_window_seconds
)


def hash_token(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register(*, session: Session, data: RegisterIn, role: Role = Role.user) -> Account:
    """Create an account; refuses an e-mail address that is taken."""
    email = normalise_email(str(data.email))
    if session.exec(select(Account).where(Account.email == email)).first():
        raise DomainError("email_taken")
    account = Account(
        email=email,
        password_hash=hash_password(data.password),
        full_name=data.full_name,
        locale=data.locale,
        role=role,
    )
    session.add(account)
    try:
        session.flush()
    except IntegrityError as exc:  # two registrations of one address at once
        session.rollback()
        raise DomainError("email_taken") from exc
    audit.record(session=session, action="account.register", actor_account_id=account.id)
    session.commit()
    return account


def login(
    *, session: Session, email: str, password: str, address: str = "unknown"
) -> tuple[str, AuthSession]:
    """Check the password and open a session; returns the token (shown once) and the session."""
    email = normalise_email(email)
    keys = (f"account:{email}", f"address:{address}")
    wait = max(login_limiter.retry_after(k) for k in keys)
    if wait:
        raise DomainError("too_many_attempts", minutes=max(1, round(wait / 60)))
    account = session.exec(select(Account).where(Account.email == email)).first()
    ok, new_hash = verify_password(password, account.password_hash if account else None)
    if account is None or not ok:
        for k in keys:
            login_limiter.fail(k)
        audit.record(
            session=session,
            action="auth.login",
            actor_account_id=account.id if account else None,
            outcome="refused",
        )
        session.commit()
        raise DomainError("invalid_credentials")
    if new_hash:
        account.password_hash = new_hash
    login_limiter.reset(f"account:{email}")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    auth_session = AuthSession(
        account_id=account.id,  # type: ignore[arg-type]
        token_hash=hash_token(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=get_settings().session_absolute_hours),
    )
    session.add(auth_session)
    audit.record(session=session, action="auth.login", actor_account_id=account.id)
    session.commit()
    return token, auth_session


def session_expiry(auth_session: AuthSession) -> datetime:
    """When the session ends if unused: the earlier of idle and absolute expiry."""
    idle_end = auth_session.last_seen_at + timedelta(minutes=get_settings().session_idle_minutes)
    return min(idle_end, auth_session.expires_at)


def authenticate(*, session: Session, token: str) -> tuple[Account, AuthSession]:
    """The account behind a bearer token; refreshes its idle timer."""
    auth_session = session.exec(
        select(AuthSession).where(AuthSession.token_hash == hash_token(token))
    ).first()
    if auth_session is None:
        raise DomainError("not_authenticated")
    now = utcnow()
    if auth_session.revoked_at is not None or now >= session_expiry(auth_session):
        raise DomainError("session_expired")
    account = session.get(Account, auth_session.account_id)
    if account is None:
        raise DomainError("not_authenticated")
    # Writing on every request would serialise readers on SQLite; a minute is precise enough.
    if now - auth_session.last_seen_at > timedelta(seconds=60):
        auth_session.last_seen_at = now
        session.add(auth_session)
        session.commit()
    return account, auth_session


def logout(*, session: Session, auth_session: AuthSession) -> None:
    """Revoke the session at once."""
    auth_session.revoked_at = utcnow()
    session.add(auth_session)
    audit.record(session=session, action="auth.logout", actor_account_id=auth_session.account_id)
    session.commit()


def ensure_staff_account(*, session: Session, email: str, password: str) -> Account:
    """Create the staff account from the environment if it is not there yet."""
    email = normalise_email(email)
    account = session.exec(select(Account).where(Account.email == email)).first()
    if account is None:
        account = Account(
            email=email,
            password_hash=hash_password(password),
            full_name="Staff",
            role=Role.admin,
        )
        session.add(account)
        session.commit()
    return account
