"""One-time codes sent to a person's registered phone: issue, then check (limited tries)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.errors import DomainError, too_many_attempts
from backend.models import CodePurpose, OneTimeCode, utcnow
from backend.services.ratelimit import RequestLimiter

# Codes sent per account and per person's phone: each code allows a few tries, so without
# this a caller could ask for new codes without end (and flood a person's phone).
sends = RequestLimiter(
    limit=get_settings().code_sends_max, window=get_settings().code_sends_window_seconds
)


def _hash(code: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def issue(
    *,
    session: Session,
    purpose: CodePurpose,
    account_id: int,
    person_id: int,
    link_id: int | None = None,
) -> tuple[str, OneTimeCode]:
    """A new 6-digit code; earlier unused codes for the same purpose stop working."""
    keys = (f"account:{account_id}", f"person:{person_id}")
    wait = max(sends.retry_after(k) for k in keys)
    if wait:
        raise too_many_attempts(wait)
    for k in keys:
        sends.fail(k)
    for old in session.exec(
        select(OneTimeCode).where(
            OneTimeCode.account_id == account_id,
            OneTimeCode.purpose == purpose,
            col(OneTimeCode.used_at).is_(None),
        )
    ):
        old.used_at = utcnow()
        session.add(old)
    code = f"{secrets.randbelow(1_000_000):06d}"
    record = OneTimeCode(
        purpose=purpose,
        account_id=account_id,
        person_id=person_id,
        link_id=link_id,
        code_hash=_hash(code),
        expires_at=utcnow() + timedelta(minutes=get_settings().code_ttl_minutes),
    )
    session.add(record)
    return code, record


def check(
    *, session: Session, purpose: CodePurpose, account_id: int, code: str,
    link_id: int | None = None,
) -> OneTimeCode:
    """The pending code record if `code` matches it; counts a wrong try (and commits it)."""
    query = select(OneTimeCode).where(
        OneTimeCode.account_id == account_id,
        OneTimeCode.purpose == purpose,
        col(OneTimeCode.used_at).is_(None),
    )
    if link_id is not None:
        query = query.where(OneTimeCode.link_id == link_id)
    record = session.exec(query.order_by(col(OneTimeCode.id).desc())).first()
    if record is None:
        raise DomainError("no_code_pending")
    max_attempts = get_settings().code_max_attempts
    if record.attempts >= max_attempts:
        raise DomainError("code_locked")
    if utcnow() >= record.expires_at:
        raise DomainError("code_expired")
    if not hmac.compare_digest(record.code_hash, _hash(code.strip())):
        record.attempts += 1
        session.add(record)
        session.commit()
        left = max_attempts - record.attempts
        raise DomainError("code_locked") if left <= 0 else DomainError("code_wrong", left=left)
    record.used_at = utcnow()
    session.add(record)
    return record
