"""The electronic document linking passport and PR card: issue, list, revoke, download, and
the public verification (by code or with the PDF file) that banks and others use."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.api.deps import (
    AccountDep,
    ApplicantDep,
    Key,
    LangDep,
    SessionDep,
    client_address,
    limit_attempts,
)
from backend.config import get_settings
from backend.errors import DomainError
from backend.models import CertificateIssued, CertificatePublic, PublicKeyOut, VerifyOut
from backend.services import certificates, signing

router = APIRouter(tags=["certificates"])


def _limit(request: Request) -> None:
    """Verifications per client address, shared by both verification routes."""
    settings = get_settings()
    limit_attempts(request, "verify", client_address(request), limit=settings.verify_max_tries,
                   window=settings.verify_window_seconds)


@router.post("/applicants/{aid}/certificates", status_code=201,
             response_model=CertificateIssued)
def issue(
    person: ApplicantDep, session: SessionDep, account: AccountDep, lang: LangDep
) -> CertificateIssued:
    """A new document for the applicant, its labels in the caller's language."""
    cert = certificates.issue(session=session, actor=account, person=person, lang=lang)
    return certificates.issued_out(cert)


@router.get("/applicants/{aid}/certificates", response_model=list[CertificatePublic])
def list_certificates(person: ApplicantDep, session: SessionDep) -> list[CertificatePublic]:
    return [certificates.public(c) for c in certificates.list_for(session=session, person=person)]


@router.post("/applicants/{aid}/certificates/{code}/revoke", response_model=CertificatePublic)
def revoke(
    code: Key, person: ApplicantDep, session: SessionDep, account: AccountDep
) -> CertificatePublic:
    cert = certificates.revoke(session=session, actor=account, person=person, code=code)
    return certificates.public(cert)


@router.get("/certificates/{code}.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def certificate_pdf(code: Key, session: SessionDep, account: AccountDep) -> Response:
    cert, pdf = certificates.pdf_for(session=session, account=account, code=code)
    return Response(
        pdf, media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{cert.code}.pdf"',
                 "Cache-Control": "no-store"},
    )


@router.get("/verify/public-key", response_model=PublicKeyOut)
def public_key() -> PublicKeyOut:
    """The server's Ed25519 public key: the signature covers the payload's canonical JSON."""
    import base64

    return PublicKeyOut(algorithm=signing.ALGORITHM, key_id=signing.key_id(),
                        public_key_pem=signing.public_pem(),
                        public_key_base64=base64.b64encode(signing.public_raw()).decode())


@router.get("/verify/{code}", response_model=VerifyOut)
def verify_code(code: Key, session: SessionDep, request: Request) -> VerifyOut:
    """Anyone: the state of the document with this code and its holder, numbers masked."""
    _limit(request)
    return certificates.verify_code(session=session, code=code)


@router.post(
    "/verify", response_model=VerifyOut,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}},
)
async def verify_file(session: SessionDep, request: Request) -> VerifyOut:
    """Anyone: the PDF file as the body; "tampered" when any byte of it was changed."""
    _limit(request)
    limit = get_settings().verify_max_pdf_bytes
    mb = round(limit / 1_000_000, 1)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise DomainError("file_too_large", mb=mb)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise DomainError("file_too_large", mb=mb)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/pdf", "application/octet-stream") or not bytes(
        body[:1024]
    ).lstrip().startswith(b"%PDF-"):
        raise DomainError("not_a_pdf")
    return certificates.verify_pdf(session=session, data=bytes(body))
