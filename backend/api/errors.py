"""Every error answered as {"detail": {"code", "message"}} in the caller's language."""

from __future__ import annotations

import errno
import logging
import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.errors import ERRORS, DomainError
from backend.i18n import N_, gettext, negotiate

log = logging.getLogger(__name__)

# Field-level messages for validation failures, keyed by the reason a validator gives.
FIELD_MESSAGES: dict[str, str] = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This is too short."),
    "string_too_long": N_("This is too long."),
    "value_error.email": N_("Enter an e-mail address like name@example.com."),
    "invalid_passport_no": N_("Enter the passport number: 5 to 20 letters and digits."),
    "invalid_application_no": N_(
        "Enter the application number as on your receipt, for example CD2026-507821."
    ),
    "invalid_nationality": N_("Choose a nationality."),
    "invalid_name": N_("Enter the name as in the passport: letters, spaces, ' and - only."),
    "invalid_birth_date": N_("Enter a real date of birth."),
    "invalid_date": N_("Enter a real date."),
    "name_required": N_("Enter your name."),
    "invalid_phone": N_("Enter a phone number: digits, with + and spaces if you like."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": N_("Enter a date as YYYY-MM-DD."),
    "json_invalid": N_("The request is not valid JSON."),
    "common_password": N_(
        "This password is one of the most common ones and easy to guess. Choose another: "
        "a few unrelated words make a strong password."
    ),
    "unsupported_language": N_("Choose one of the languages offered."),
}
STATUS_CODES = {401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "not_found"}


def _lang(request: Request) -> str:
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def _field_reason(error: dict[str, Any]) -> str:
    msg = str(error.get("msg", ""))
    for reason in FIELD_MESSAGES:
        if reason in msg:
            return reason
    if error.get("type") == "value_error" and "email" in msg.lower():
        return "value_error.email"
    return str(error.get("type", "invalid"))


# SQLite result codes (the low byte of sqlite3's sqlite_errorcode) and PostgreSQL SQLSTATEs
# that mean the storage, not the request, is at fault.
_SQLITE_FAULTS = {13: "storage_full", 8: "storage_read_only", 10: "database_unavailable",
                  14: "database_unavailable", 5: "database_unavailable",
                  6: "database_unavailable", 26: "database_unavailable",
                  11: "database_unavailable"}
_PG_FAULTS = {"53100": "storage_full", "25006": "storage_read_only",
              "53300": "database_unavailable", "57P01": "database_unavailable",
              "57P02": "database_unavailable", "57P03": "database_unavailable",
              "58030": "database_unavailable"}
_OS_FAULTS = {errno.ENOSPC: "storage_full", errno.EDQUOT: "storage_full",
              errno.EROFS: "storage_read_only", errno.EIO: "database_unavailable"}


def storage_fault(exc: BaseException) -> str | None:
    """The error code when `exc` is the database or the disk failing, else None.

    These are answered 503 with a stable code, so that clients show "try again later"
    instead of a crash, and nothing half-done is kept (the transaction was rolled back).
    """
    if isinstance(exc, PoolTimeoutError):
        return "database_unavailable"
    if isinstance(exc, OSError):
        return _OS_FAULTS.get(exc.errno or 0)
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    sqlite_code = getattr(orig, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return _SQLITE_FAULTS.get(sqlite_code & 0xFF)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        if sqlstate in _PG_FAULTS:
            return _PG_FAULTS[sqlstate]
        if sqlstate.startswith("08"):  # connection exceptions
            return "database_unavailable"
        return None
    # No code at all: the driver could not reach the server (refused, reset, timed out).
    if exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError)):
        return "database_unavailable"
    return None


def sqlite_disk_state(database: str | None) -> str | None:
    """`storage_read_only` or `storage_full` when the disk of a SQLite file is so, else None.

    SQLite cannot even open a database in WAL mode on a read-only disk: it reports that it
    cannot open the file, which says nothing of why. The disk itself tells.
    """
    if not database or database == ":memory:":
        return None
    try:
        disk = os.statvfs(os.path.dirname(os.path.abspath(database)))
    except OSError:
        return None
    if disk.f_flag & os.ST_RDONLY:
        return "storage_read_only"
    if disk.f_bavail == 0:
        return "storage_full"
    return None


def error_body(code: str, lang: str, **params: Any) -> dict[str, Any]:
    message = gettext(ERRORS[code][1], lang)
    return {"detail": {"code": code, "message": message % params if params else message}}


def install(app: FastAPI) -> None:
    """Register the handlers that give every error its stable code and translated message."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        actor = getattr(request.state, "audit_actor", None)
        if actor is not None and request.method != "GET":
            await run_in_threadpool(_audit_refusal, request, exc, actor)
        return JSONResponse(
            error_body(exc.code, _lang(request), **exc.params), status_code=exc.status,
            headers=headers,
        )

    async def _fault(request: Request, exc: Exception) -> JSONResponse:
        code = storage_fault(exc)
        if code is None:
            log.exception("Unexpected error in %s %s", request.method, request.url.path,
                          exc_info=exc)
            return JSONResponse(error_body("server_error", _lang(request)), status_code=500)
        engine = getattr(request.app.state, "engine", None)
        if code == "database_unavailable" and engine is not None and (
            engine.dialect.name == "sqlite"
        ):
            code = sqlite_disk_state(engine.url.database) or code
        log.error("%s in %s %s: %s", code, request.method, request.url.path, exc)
        return JSONResponse(error_body(code, _lang(request)), status_code=503,
                            headers={"Retry-After": "30"})

    app.add_exception_handler(SQLAlchemyError, _fault)
    app.add_exception_handler(OSError, _fault)
    # Anything else is a bug: answered in the same shape, and still raised so it is logged.
    app.add_exception_handler(Exception, _fault)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = _lang(request)
        fields = []
        for error in exc.errors():
            loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
            reason = _field_reason(error)
            text = FIELD_MESSAGES.get(reason, N_("This value is not valid."))
            fields.append({"field": ".".join(loc), "code": reason, "message": gettext(text, lang)})
        body = error_body("invalid_input", lang)
        body["detail"]["fields"] = fields
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = STATUS_CODES.get(exc.status_code, "invalid_input")
        return JSONResponse(error_body(code, _lang(request)), status_code=exc.status_code)


# Route names whose refusal is recorded under the action the service records on success.
REFUSED_ACTIONS = {
    "book": "appointment.book", "reschedule": "appointment.reschedule",
    "cancel": "appointment.cancel", "put_checklist": "guide.checklist",
    "issue": "certificates.issue", "revoke": "certificates.revoke", "stop_helping": "link.end",
    "add_person": "records.add_person", "add_document": "records.add_document",
    "add_event": "applications.add_event",
}


def _audit_refusal(request: Request, exc: DomainError, actor: int) -> None:
    """Record that an action of a helper or staff member was refused, and why."""
    from sqlmodel import Session

    from backend.db import one_writer
    from backend.models import Person
    from backend.services import audit

    route = request.scope.get("route")
    name = str(getattr(route, "name", "") or "")
    subject = getattr(request.state, "audit_subject", None)
    try:
        with Session(request.app.state.engine) as session:
            extra = {}
            if subject is not None and session.get(Person, subject) is None:
                subject, extra = None, {"person_id": subject}  # no such person
            audit.record(
                session=session, action=REFUSED_ACTIONS.get(name, f"api.{name}")[:60],
                actor_account_id=actor, subject_person_id=subject, outcome=exc.code[:30],
                route=f"{request.method} {getattr(route, 'path', '')}", **extra,
            )
            with one_writer(session):  # in a rush of refusals, in turn (see one_writer)
                session.commit()
    except SQLAlchemyError:  # the refusal is still answered; the failure is logged
        log.exception("Could not record a refused action")
