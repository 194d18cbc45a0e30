"""The electronic document linking passport and PR card: signing, the PDF, verification."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import date, timedelta
from io import BytesIO

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pypdf import PdfReader
from sqlmodel import Session, select

from backend.config import get_settings
from backend.data.sample import load_sample_data
from backend.errors import DomainError
from backend.models import (
    Account,
    Certificate,
    CertificateFile,
    DocumentCreate,
    DocumentKind,
    Person,
    RegisterIn,
    Role,
)
from backend.services import auth, certificate_pdf, certificates, records, signing
from backend.services.certificate_pdf import render


@pytest.fixture
def elena(session: Session) -> tuple[Account, Person]:
    load_sample_data(session)
    account = session.exec(select(Account).where(Account.email == "elena@example.com")).one()
    person = session.get(Person, account.person_id)
    assert person is not None
    return account, person


def _issue(session: Session, elena: tuple[Account, Person]) -> Certificate:
    account, person = elena
    return certificates.issue(session=session, actor=account, person=person)


def test_code_is_twelve_symbols_with_a_check() -> None:
    code = certificates.new_code()
    assert len(code) == 12 and certificates.is_valid_code(code)
    assert certificates.display_code(code).count("-") == 2
    wrong = ("2" if code[0] != "2" else "3") + code[1:]
    assert not certificates.is_valid_code(wrong)
    assert certificates.is_valid_code(certificates.display_code(code).lower())


def test_issue_signs_the_fields(session: Session, elena: tuple[Account, Person]) -> None:
    cert = _issue(session, elena)
    p = cert.payload
    assert p["holder"]["name_latin"] == "PETROVA, ELENA"
    assert p["holder"]["name_chinese"] == "叶莲娜"
    assert p["passport"]["number"] == "751234567"
    assert p["pr_card"]["number"] == "931643196511230016"
    assert cert.expires_at - cert.issued_at == timedelta(days=90)
    assert signing.verify(certificates.canonical(p), cert.signature)
    out = certificates.verify_code(session=session, code=cert.code)
    assert out.status == "valid"
    assert out.passport_no == "****4567" and out.pr_card_no == "****0016"
    assert out.holder_name == "PETROVA, ELENA"


def test_key_is_kept_private_in_keys_dir(session: Session, elena: tuple[Account, Person]) -> None:
    _issue(session, elena)
    path = get_settings().keys_dir / signing.KEY_FILE
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_public_key_verifies_outside_the_server_code(
    session: Session, elena: tuple[Account, Person]
) -> None:
    cert = _issue(session, elena)
    pdf = render(cert)
    # What a bank would do: take the payload and signature from the file, the key from PEM.
    keywords = str(PdfReader(BytesIO(pdf)).metadata["/Keywords"])
    payload_b64, signature_b64 = keywords.split(":", 1)[1].split(".")
    payload = base64.urlsafe_b64decode(payload_b64)
    signature = base64.urlsafe_b64decode(signature_b64)
    key = load_pem_public_key(signing.public_pem().encode())
    assert isinstance(key, Ed25519PublicKey)
    key.verify(signature, payload)  # raises if not genuine
    assert json.loads(payload)["code"] == cert.code
    with pytest.raises(InvalidSignature):
        key.verify(signature, payload.replace(b"751234567", b"751234568"))


def test_no_pr_card_is_refused(session: Session, elena: tuple[Account, Person]) -> None:
    account, _elena = elena
    john = session.exec(select(Person).where(Person.full_name == "John Smith")).one()
    with pytest.raises(DomainError) as refused:
        certificates.issue(session=session, actor=account, person=john)
    assert refused.value.code == "no_pr_card"


def test_pdf_holds_the_fields_and_verifies(
    session: Session, elena: tuple[Account, Person]
) -> None:
    cert = _issue(session, elena)
    pdf = render(cert)
    assert render(cert) == pdf  # deterministic
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "PETROVA, ELENA" in text
    assert certificates.display_code(cert.code) in text
    assert "931643196511230016" in text and "751234567" in text
    assert "SAMPLE" in text
    assert certificates.verify_pdf(session=session, data=pdf).status == "valid"


def _flip(data: bytes, index: int) -> bytes:
    changed = bytearray(data)
    changed[index] = ord("B") if changed[index] != ord("B") else ord("C")
    return bytes(changed)


def test_one_changed_byte_in_the_signed_payload_is_tampered(
    session: Session, elena: tuple[Account, Person]
) -> None:
    cert = _issue(session, elena)
    pdf = render(cert)
    found = certificates.ENVELOPE.search(pdf)
    assert found is not None
    start, end = found.span(1)
    for index in range(start, end, max(1, (end - start) // 25)):
        assert certificates.verify_pdf(session=session, data=_flip(pdf, index)).status == (
            "tampered"), index
    # A payload that is genuine JSON with one changed field, re-encoded: still tampered.
    payload = dict(cert.payload, holder=dict(cert.payload["holder"], name_latin="SOMEONE"))
    forged = pdf.replace(found.group(1), base64.urlsafe_b64encode(
        certificates.canonical(payload)).rstrip(b"="))
    assert certificates.verify_pdf(session=session, data=forged).status == "tampered"


def test_changed_signature_or_other_byte_is_tampered(
    session: Session, elena: tuple[Account, Person]
) -> None:
    cert = _issue(session, elena)
    pdf = render(cert)
    found = certificates.ENVELOPE.search(pdf)
    assert found is not None
    start, end = found.span(2)
    for index in (start, start + 10, end - 3):
        assert certificates.verify_pdf(session=session, data=_flip(pdf, index)).status == (
            "tampered")
    # A byte outside the signed payload (the visible text, the QR code...) fails too.
    middle = len(pdf) // 2
    assert certificates.verify_pdf(session=session, data=_flip(pdf, middle)).status == (
        "tampered")
    # A valid signature of another of our documents does not make a file genuine.
    other = _issue(session, elena)
    assert certificates.verify_pdf(session=session, data=render(other)).status == "valid"


def test_a_file_handed_out_stays_genuine_when_the_rendering_changes(
    session: Session, elena: tuple[Account, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    account, _person = elena
    cert = _issue(session, elena)
    _cert, pdf = certificates.pdf_for(session=session, account=account, code=cert.code)
    # A later version draws the same document with other bytes (a new font, a label
    # reworded): the file the holder already has must stay genuine.
    monkeypatch.setattr(certificate_pdf, "render", lambda c: render(c) + b"% a later build\n")
    assert certificates.verify_pdf(session=session, data=pdf).status == "valid"
    assert certificates.verify_pdf(session=session, data=_flip(pdf, len(pdf) // 2)).status == (
        "tampered")
    # A download now hands out the new rendering: genuine too, and each file is kept once.
    _cert, again = certificates.pdf_for(session=session, account=account, code=cert.code)
    certificates.pdf_for(session=session, account=account, code=cert.code)
    assert again != pdf
    assert certificates.verify_pdf(session=session, data=again).status == "valid"
    kept = session.exec(select(CertificateFile).where(
        CertificateFile.certificate_id == cert.id)).all()
    assert len(kept) == 2
    # Another document's file is not this one's, even if handed out.
    other = _issue(session, elena)
    _other, theirs = certificates.pdf_for(session=session, account=account, code=other.code)
    assert certificates.verify_pdf(session=session, data=theirs).status == "valid"
    assert not certificates._handed_out(session, cert, theirs)


def test_expired(session: Session, elena: tuple[Account, Person]) -> None:
    cert = _issue(session, elena)
    assert certificates.state(cert, cert.expires_at + timedelta(seconds=1)) == "expired"
    cert.expires_at = cert.issued_at + timedelta(seconds=-1)
    session.add(cert)
    session.commit()
    assert certificates.verify_code(session=session, code=cert.code).status == "expired"
    assert certificates.verify_pdf(session=session, data=render(cert)).status == "expired"


def test_revoked_by_holder(session: Session, elena: tuple[Account, Person]) -> None:
    account, person = elena
    cert = _issue(session, elena)
    certificates.revoke(session=session, actor=account, person=person, code=cert.code)
    assert certificates.verify_code(session=session, code=cert.code).status == "revoked"
    assert certificates.verify_pdf(session=session, data=render(cert)).status == "revoked"
    with pytest.raises(DomainError) as again:
        certificates.revoke(session=session, actor=account, person=person, code=cert.code)
    assert again.value.code == "already_revoked"


@pytest.mark.parametrize("kind", [DocumentKind.pr_card, DocumentKind.passport])
def test_revoked_by_new_document_recorded_by_staff(
    session: Session, elena: tuple[Account, Person], kind: DocumentKind
) -> None:
    _account, person = elena
    cert = _issue(session, elena)
    staff = auth.register(
        session=session, role=Role.officer,
        data=RegisterIn(email="o@example.com", password="correct horse battery",
                        full_name="Officer"),
    )
    records.add_document(
        session=session, staff=staff, person_id=person.id,  # type: ignore[arg-type]
        data=DocumentCreate(kind=kind, number="NEW123456", valid_from=date(2026, 1, 1),
                            valid_to=date(2036, 1, 1)),
    )
    assert certificates.verify_code(session=session, code=cert.code).status == "revoked"


def test_visa_recorded_by_staff_does_not_revoke(
    session: Session, elena: tuple[Account, Person]
) -> None:
    _account, person = elena
    cert = _issue(session, elena)
    staff = auth.register(
        session=session, role=Role.officer,
        data=RegisterIn(email="o@example.com", password="correct horse battery",
                        full_name="Officer"),
    )
    records.add_document(
        session=session, staff=staff, person_id=person.id,  # type: ignore[arg-type]
        data=DocumentCreate(kind=DocumentKind.visa, number="V123456", valid_from=date(2026, 1, 1),
                            valid_to=date(2027, 1, 1)),
    )
    assert certificates.verify_code(session=session, code=cert.code).status == "valid"


def test_unknown(session: Session, elena: tuple[Account, Person]) -> None:
    assert certificates.verify_code(session=session, code="nonsense").status == "unknown"
    code = certificates.new_code()
    assert certificates.verify_code(session=session, code=code).status == "unknown"
    assert certificates.verify_pdf(session=session, data=b"%PDF-1.4 nothing").status == (
        "unknown")
    # A genuine signature of a document this server no longer holds: unknown, not valid.
    cert = _issue(session, elena)
    pdf = render(cert)
    session.delete(cert)
    session.commit()
    assert certificates.verify_pdf(session=session, data=pdf).status == "unknown"
