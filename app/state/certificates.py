"""The electronic document linking passport and PR card: the actions behind its screens."""

from __future__ import annotations

import re

from app.api_client import ApiError
from app.state.session import AppState, FormResult

# 12 symbols without 0, 1, I and O, as the server makes them (dashes and spaces allowed).
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{12}$")


def _refused(state: AppState) -> FormResult | None:
    if state.applicant_id is None:
        _ = state.tr
        return FormResult(message=_("Please verify your identity first. Then you can book and "
                                    "see your documents."))
    return None


async def load(state: AppState) -> FormResult:
    """data: the selected applicant's documents, the latest first."""
    refused = _refused(state)
    if refused:
        return refused
    assert state.applicant_id is not None
    try:
        return FormResult(data=await state.api.certificates(state.applicant_id))
    except ApiError as error:
        return state.failed(error)


async def issue(state: AppState) -> FormResult:
    """A new document for the selected applicant (data: {code, code_display, ...})."""
    refused = _refused(state)
    if refused:
        return refused
    assert state.applicant_id is not None
    try:
        return FormResult(data=await state.api.issue_certificate(state.applicant_id))
    except ApiError as error:
        return state.failed(error)


async def revoke(state: AppState, code: str) -> FormResult:
    refused = _refused(state)
    if refused:
        return refused
    assert state.applicant_id is not None
    try:
        return FormResult(data=await state.api.revoke_certificate(state.applicant_id, code))
    except ApiError as error:
        return state.failed(error)


async def pdf(state: AppState, code: str) -> FormResult:
    """data: the PDF file's bytes."""
    try:
        return FormResult(data=await state.api.certificate_pdf(code))
    except ApiError as error:
        return state.failed(error)


def normalise(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).upper()


async def verify(state: AppState, code: str) -> FormResult:
    """Anyone: the status of a document by its code; the error goes next to the field."""
    value = normalise(code)
    if not CODE.match(value):
        _ = state.tr
        return FormResult(fields={"code": _(
            "Enter the 12-character verification code printed on the document, for example "
            "ABCD-EFGH-JK23.")})
    try:
        return FormResult(data=await state.api.verify_certificate(value))
    except ApiError as error:
        return state.failed(error)


async def verify_file(state: AppState, pdf: bytes) -> FormResult:
    """Anyone: the status of a document file someone handed over."""
    try:
        return FormResult(data=await state.api.verify_certificate_file(pdf))
    except ApiError as error:
        return state.failed(error)
