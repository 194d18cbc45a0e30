"""The auth service against a real database: hashing, sessions and their expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from backend.errors import DomainError
from backend.models import Account, AuthSession, RegisterIn, utcnow
from backend.services import auth
from backend.services.passwords import hash_password, verify_password

DATA = RegisterIn(email="Li.Na@Example.com", password="a long passphrase", full_name="Li Na")


def test_register_stores_an_argon2_hash(session: Session) -> None:
    account = auth.register(session=session, data=DATA)
    assert account.email == "li.na@example.com"
    assert account.password_hash.startswith("$argon2id$")
    assert "a long passphrase" not in account.password_hash


def test_login_returns_a_fresh_token_each_time(session: Session) -> None:
    auth.register(session=session, data=DATA)
    t1, s1 = auth.login(session=session, email="li.na@example.com", password="a long passphrase")
    t2, _ = auth.login(session=session, email="LI.NA@example.com", password="a long passphrase")
    assert t1 != t2
    account, found = auth.authenticate(session=session, token=t1)
    assert account.email == "li.na@example.com" and found.id == s1.id
    assert s1.expires_at - s1.created_at == timedelta(hours=12)


def test_wrong_password_is_refused(session: Session) -> None:
    auth.register(session=session, data=DATA)
    with pytest.raises(DomainError) as err:
        auth.login(session=session, email="li.na@example.com", password="wrong one")
    assert err.value.code == "invalid_credentials"


@pytest.mark.parametrize(
    ("field", "delta"),
    [("last_seen_at", timedelta(minutes=-31)), ("expires_at", timedelta(seconds=-1))],
)
def test_idle_and_absolute_expiry(session: Session, field: str, delta: timedelta) -> None:
    auth.register(session=session, data=DATA)
    token, auth_session = auth.login(
        session=session, email="li.na@example.com", password="a long passphrase"
    )
    setattr(auth_session, field, utcnow() + delta)
    session.add(auth_session)
    session.commit()
    with pytest.raises(DomainError) as err:
        auth.authenticate(session=session, token=token)
    assert err.value.code == "session_expired"


def test_activity_keeps_a_session_alive(session: Session) -> None:
    auth.register(session=session, data=DATA)
    token, auth_session = auth.login(
        session=session, email="li.na@example.com", password="a long passphrase"
    )
    auth_session.last_seen_at = utcnow() - timedelta(minutes=20)
    session.add(auth_session)
    session.commit()
    _, refreshed = auth.authenticate(session=session, token=token)
    assert utcnow() - refreshed.last_seen_at < timedelta(seconds=5)


def test_logout_revokes(session: Session) -> None:
    auth.register(session=session, data=DATA)
    token, auth_session = auth.login(
        session=session, email="li.na@example.com", password="a long passphrase"
    )
    auth.logout(session=session, auth_session=auth_session)
    with pytest.raises(DomainError):
        auth.authenticate(session=session, token=token)
    assert session.exec(select(AuthSession)).one().revoked_at is not None


def test_old_hash_parameters_are_upgraded_on_login(session: Session) -> None:
    from passlib.context import CryptContext

    weak = CryptContext(schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1)
    session.add(Account(email="old@example.com", password_hash=weak.hash("pass-word-1"),
                        full_name="Old"))
    session.commit()
    auth.login(session=session, email="old@example.com", password="pass-word-1")
    upgraded = session.exec(select(Account).where(Account.email == "old@example.com")).one()
    assert "m=65536" in upgraded.password_hash
    assert verify_password("pass-word-1", upgraded.password_hash)[0]


def test_staff_account_from_environment_is_created_once(session: Session) -> None:
    first = auth.ensure_staff_account(session=session, email="Ops@x.org", password="pw-123456")
    again = auth.ensure_staff_account(session=session, email="ops@x.org", password="other-pw")
    assert first.id == again.id and first.role == "admin"
    assert verify_password("pw-123456", again.password_hash)[0]
    assert hash_password("x") != hash_password("x")  # salted
