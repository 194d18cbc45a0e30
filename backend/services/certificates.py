"""The electronic document linking a permanent resident's passport and PR card (function 5).

Its fields are canonical JSON (sorted keys, no spaces, UTF-8) signed with the server's
Ed25519 key. The PDF carries the signed payload and the signature, so a file can be checked
on its own; the stored certificate says whether it was revoked.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import one_writer
from backend.errors import DomainError
from backend.models import (
    Account,
    Certificate,
    CertificateFile,
    CertificateIssued,
    CertificatePublic,
    Person,
    VerifyOut,
    utcnow,
)
from backend.services import applicants, audit, documents, signing
from backend.services.references import ALPHABET

CODE_BODY = 11  # and a check symbol: 12 symbols, shown as XXXX-XXXX-XXXX
DOC_TYPE = "passport-pr-card-link"
ENVELOPE_PREFIX = b"NIA-CERT-V1:"
ENVELOPE = re.compile(rb"NIA-CERT-V1:([A-Za-z0-9_-]+={0,2})\.([A-Za-z0-9_-]+={0,2})")


# ---------------------------------------------------------------- codes


def _check_char(body: str) -> str:
    total = sum((2 * i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(CODE_BODY))
    return body + _check_char(body)


def normalise_code(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).upper()


def is_valid_code(code: str) -> bool:
    c = normalise_code(code)
    if len(c) != CODE_BODY + 1 or any(ch not in ALPHABET for ch in c):
        return False
    return _check_char(c[:-1]) == c[-1]


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def mask(number: str | None) -> str | None:
    return None if not number else "****" + number[-4:]


# ---------------------------------------------------------------- payload and signature


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def envelope(cert: Certificate) -> str:
    """The signed payload and its signature as one ASCII line, carried inside the PDF."""
    signature = base64.b64decode(cert.signature)
    return f"{ENVELOPE_PREFIX.decode()}{_b64url(canonical(cert.payload))}.{_b64url(signature)}"


def _today() -> date:
    return utcnow().astimezone(ZoneInfo(get_settings().timezone)).date()


def issue(*, session: Session, actor: Account, person: Person, lang: str = "en") -> Certificate:
    """Sign a new document for `person`, its labels in `lang`; refuses without a valid PR
    card and passport."""
    today = _today()
    try:
        card = documents.pr_card(session=session, person=person, lang="en", today=today)
    except DomainError as error:
        raise DomainError("no_pr_card") from error
    if card.expired:
        raise DomainError("no_pr_card")
    passport = documents.passport(session=session, person=person, lang="en", today=today)
    if passport.valid_to is None or passport.expired:
        raise DomainError("no_passport")
    issued = utcnow().replace(microsecond=0)
    expires = issued + timedelta(days=get_settings().certificate_days)
    code = new_code()
    while session.exec(select(Certificate).where(Certificate.code == code)).first():
        code = new_code()  # pragma: no cover - 32**11 codes
    payload: dict[str, Any] = {
        "type": DOC_TYPE,
        "version": 1,
        "code": code,
        "issuer": "Online immigration services (sample, not an official document)",
        "key_id": signing.key_id(),
        "holder": {
            "name_latin": card.name_en,
            "name_chinese": card.name_zh,
            "nationality": card.nationality,
            "birth_date": card.birth_date.isoformat(),
        },
        "passport": {
            "number": passport.number,
            "country": passport.country,
            "valid_from": passport.valid_from.isoformat() if passport.valid_from else None,
            "valid_to": passport.valid_to.isoformat(),
        },
        "pr_card": {
            "number": card.number,
            "valid_from": card.valid_from.isoformat(),
            "valid_to": card.valid_to.isoformat(),
        },
        "issued_at": _iso(issued),
        "expires_at": _iso(expires),
        "lang": lang,  # the language of the PDF's labels
    }
    cert = Certificate(
        code=code, person_id=person.id,  # type: ignore[arg-type]
        payload=payload, signature=signing.sign(canonical(payload)),
        issued_at=issued, expires_at=expires,
    )
    session.add(cert)
    audit.record(session=session, action="certificates.issue", actor_account_id=actor.id,
                 subject_person_id=person.id, code=code)
    session.commit()
    session.refresh(cert)
    return cert


def state(cert: Certificate, now: datetime | None = None) -> str:
    if cert.revoked_at is not None:
        return "revoked"
    return "expired" if (now or utcnow()) >= cert.expires_at else "valid"


def issued_out(cert: Certificate) -> CertificateIssued:
    return CertificateIssued(code=cert.code, code_display=display_code(cert.code),
                             issued_at=cert.issued_at, expires_at=cert.expires_at)


def public(cert: Certificate) -> CertificatePublic:
    return CertificatePublic(**issued_out(cert).model_dump(), status=state(cert),  # type: ignore[arg-type]
                             revoked_at=cert.revoked_at)


def list_for(*, session: Session, person: Person) -> list[Certificate]:
    return list(session.exec(
        select(Certificate).where(Certificate.person_id == person.id)
        .order_by(col(Certificate.issued_at).desc(), col(Certificate.id).desc())
    ).all())


def find(session: Session, code: str) -> Certificate | None:
    return session.exec(
        select(Certificate).where(Certificate.code == normalise_code(code))
    ).first()


def revoke(*, session: Session, actor: Account, person: Person, code: str) -> Certificate:
    """The holder (or their helper) withdraws a document; 404 when it is not theirs."""
    cert = find(session, code)
    if cert is None or cert.person_id != person.id:
        raise DomainError("not_found")
    if cert.revoked_at is not None:
        raise DomainError("already_revoked")
    cert.revoked_at = utcnow()
    session.add(cert)
    audit.record(session=session, action="certificates.revoke", actor_account_id=actor.id,
                 subject_person_id=person.id, code=cert.code)
    session.commit()
    return cert


def revoke_all_for(*, session: Session, person_id: int, actor_account_id: int | None,
                   reason: str) -> int:
    """Revoke every unrevoked document of a person (added to the session, not committed)."""
    now = utcnow()
    certs = session.exec(
        select(Certificate).where(Certificate.person_id == person_id,
                                  col(Certificate.revoked_at).is_(None))
    ).all()
    for cert in certs:
        cert.revoked_at = now
        session.add(cert)
        audit.record(session=session, action="certificates.revoke",
                     actor_account_id=actor_account_id, subject_person_id=person_id,
                     code=cert.code, reason=reason)
    return len(certs)


def pdf_for(*, session: Session, account: Account, code: str) -> tuple[Certificate, bytes]:
    """The PDF of a document, only for someone who may act for its holder (else 404)."""
    from backend.services.certificate_pdf import render

    cert = find(session, code)
    if cert is None or not applicants.may_act_for(
        session=session, account=account, person_id=cert.person_id
    ):
        raise DomainError("not_found")
    pdf = render(cert)
    _remember_file(session, cert, pdf)
    return cert, pdf


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _handed_out(session: Session, cert: Certificate, data: bytes) -> bool:
    """Whether `data` is, byte for byte, a PDF of `cert` this server handed out."""
    return session.exec(select(CertificateFile.id).where(
        CertificateFile.certificate_id == cert.id, CertificateFile.sha256 == _digest(data),
    )).first() is not None


def _remember_file(session: Session, cert: Certificate, pdf: bytes) -> None:
    """Keep the digest of a PDF handed out, once: it stays genuine whatever changes later
    in the rendering (fonts, a label's wording)."""
    if _handed_out(session, cert, pdf):
        return
    session.add(CertificateFile(certificate_id=cert.id, sha256=_digest(pdf)))  # type: ignore[arg-type]
    with one_writer(session):
        try:
            session.commit()
        except IntegrityError:  # the same file, remembered by a download at the same moment
            session.rollback()


# ---------------------------------------------------------------- verification


def _details(cert: Certificate, status: str) -> VerifyOut:
    p = cert.payload
    return VerifyOut(
        status=status,  # type: ignore[arg-type]
        code=cert.code,
        holder_name=p["holder"]["name_latin"],
        holder_name_zh=p["holder"].get("name_chinese"),
        nationality=p["holder"].get("nationality"),
        passport_no=mask(p["passport"]["number"]),
        pr_card_no=mask(p["pr_card"]["number"]),
        issued_at=cert.issued_at,
        expires_at=cert.expires_at,
        revoked_at=cert.revoked_at,
    )


def verify_code(*, session: Session, code: str) -> VerifyOut:
    """The state of the document with this code; "unknown" for any code not issued here."""
    cert = find(session, code) if is_valid_code(code) else None
    if cert is None:
        return VerifyOut(status="unknown")
    if not signing.verify(canonical(cert.payload), cert.signature):
        return VerifyOut(status="tampered", code=cert.code)
    return _details(cert, state(cert))


def _b64url_decode(text: bytes) -> bytes:
    return base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4))


def verify_pdf(*, session: Session, data: bytes) -> VerifyOut:
    """Check a document file: its signature, its payload against the record, every byte.

    "unknown" when the file carries no document of ours (or one this server does not hold);
    "tampered" when the signature, the payload or any byte of the file was changed.
    """
    from backend.services.certificate_pdf import render

    found = ENVELOPE.search(data)
    if found is None:
        return VerifyOut(status="unknown")
    try:
        payload_bytes = _b64url_decode(found.group(1))
        signature = base64.b64encode(_b64url_decode(found.group(2))).decode("ascii")
    except (binascii.Error, ValueError):
        return VerifyOut(status="tampered")
    if not signing.verify(payload_bytes, signature):
        return VerifyOut(status="tampered")
    try:
        payload = json.loads(payload_bytes)
    except ValueError:  # pragma: no cover - signed by us, so well formed
        return VerifyOut(status="tampered")
    code = str(payload.get("code", ""))
    cert = find(session, code) if is_valid_code(code) else None
    if cert is None:
        return VerifyOut(status="unknown")
    if canonical(cert.payload) != payload_bytes or cert.signature != signature:
        return VerifyOut(status="tampered", code=cert.code)
    # The visible text, the QR code, any byte: a file handed out, or what one would be now
    # (for files handed out before their digests were kept).
    if not _handed_out(session, cert, data) and render(cert) != data:
        return VerifyOut(status="tampered", code=cert.code)
    return _details(cert, state(cert))
