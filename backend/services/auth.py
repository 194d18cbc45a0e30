"""Accounts and sessions: register, sign in, resolve a token, sign out."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import one_writer
from backend.errors import DomainError, too_many_attempts
from backend.models import Account, AuthSession, RegisterIn, Role, utcnow
from backend.services import audit
from backend.services.passwords import hash_password, verify_password
from backend.services.ratelimit import BackoffLimiter, RecentSet

_settings = get_settings()
# Failures are counted per account and per address, so that neither a single address nor a
# spread of addresses can guess one account's password quickly. Both answer with growing
# delays (capped), never a lockout; and an address the account signed in from lately is not
# slowed by failures on the account, so an attacker cannot keep its owner out.
account_limiter = BackoffLimiter(
    free=_settings.login_max_failures, base=1, cap=_settings.login_max_delay_seconds,
    forget=_settings.login_window_seconds,
)
address_limiter = BackoffLimiter(
    free=_settings.login_address_max_failures, base=1,
    cap=_settings.login_address_max_delay_seconds, forget=_settings.login_window_seconds,
)
trusted_addresses = RecentSet(ttl=30 * 24 * 3600)

log = logging.getLogger(__name__)


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


def set_locale(*, session: Session, account: Account, locale: str) -> Account:
    """Remember the account's language: the app opens in it after sign-in on any device, and
    messages to this person are written in it. Commits."""
    account.locale = locale
    session.add(account)
    session.commit()
    session.refresh(account)
    return account


def login(
    *, session: Session, email: str, password: str, address: str = "unknown"
) -> tuple[str, AuthSession]:
    """Check the password and open a session; returns the token (shown once) and the session."""
    email = normalise_email(email)
    known_here = f"{email} {address}" in trusted_addresses
    wait = max(address_limiter.retry_after(address),
               0 if known_here else account_limiter.retry_after(email))
    if wait:
        # Not checked, so not audited as a sign-in; logged for the operators.
        log.warning("Sign-in refused for %s s: too many failures (address %s).", wait, address)
        raise too_many_attempts(wait)
    # An unknown account costs one argon2 verification too (of a dummy hash), so that the
    # answer and its timing do not tell whether the address has an account.
    account = session.exec(select(Account).where(Account.email == email)).first()
    ok, new_hash = verify_password(password, account.password_hash if account else None)
    if account is None or not ok:
        address_limiter.fail(address)
        account_limiter.fail(email)
        audit.record(
            session=session,
            action="auth.login",
            actor_account_id=account.id if account else None,
            outcome="refused",
            address=address,
        )
        session.commit()
        raise DomainError("invalid_credentials")
    if new_hash:  # the hash parameters changed since it was made: store a fresh hash
        account.password_hash = new_hash
        session.add(account)
    account_limiter.reset(email)
    trusted_addresses.add(f"{email} {address}")
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
    audit.record(session=session, action="auth.login", actor_account_id=account.id,
                 address=address)
    session.commit()
    return token, auth_session


def session_expiry(auth_session: AuthSession) -> datetime:
    """When the session ends if unused: the earlier of idle and absolute expiry."""
    idle_end = auth_session.last_seen_at + timedelta(minutes=get_settings().session_idle_minutes)
    return min(idle_end, auth_session.expires_at)


# Built once, with the session and its account in one statement: every signed-in request
# runs it, and building a query expression costs more than running it.
_BY_TOKEN = (
    select(AuthSession, Account)
    .join(Account, col(Account.id) == col(AuthSession.account_id))
    .where(col(AuthSession.token_hash) == bindparam("token_hash"))
)


def authenticate(*, session: Session, token: str) -> tuple[Account, AuthSession]:
    """The account behind a bearer token; refreshes its idle timer."""
    row = session.exec(_BY_TOKEN, params={"token_hash": hash_token(token)}).first()
    if row is None:
        raise DomainError("not_authenticated")
    auth_session, account = row
    now = utcnow()
    if auth_session.revoked_at is not None or now >= session_expiry(auth_session):
        raise DomainError("session_expired")
    # Writing on every request would serialise readers on SQLite; a minute is precise enough.
    if now - auth_session.last_seen_at > timedelta(seconds=60):
        auth_session.last_seen_at = now
        session.add(auth_session)
        with one_writer(session):
            session.commit()
    return account, auth_session


def extend(*, session: Session, auth_session: AuthSession) -> AuthSession:
    """"Stay signed in": restart the idle timer now (never past the absolute expiry)."""
    auth_session.last_seen_at = utcnow()
    session.add(auth_session)
    session.commit()
    return auth_session


def logout(*, session: Session, auth_session: AuthSession) -> None:
    """Revoke the session at once."""
    auth_session.revoked_at = utcnow()
    session.add(auth_session)
    audit.record(session=session, action="auth.logout", actor_account_id=auth_session.account_id)
    session.commit()


def ensure_staff_account(
    *, session: Session, email: str, password: str, center_id: int | None = None
) -> Account:
    """Create the staff account from the environment if it is not there yet (an admin; its
    console opens on `center_id` when given)."""
    email = normalise_email(email)
    account = session.exec(select(Account).where(Account.email == email)).first()
    if account is None:
        account = Account(
            email=email,
            password_hash=hash_password(password),
            full_name="Staff",
            role=Role.admin,
            center_id=center_id,
        )
        session.add(account)
        session.commit()
    return account
