"""Every error answered as {"detail": {"code", "message"}} in the caller's language."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.errors import ERRORS, DomainError
from backend.i18n import N_, gettext, negotiate

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
    "name_required": N_("Enter your name."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": N_("Enter a date as YYYY-MM-DD."),
    "json_invalid": N_("The request is not valid JSON."),
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


def error_body(code: str, lang: str, **params: Any) -> dict[str, Any]:
    message = gettext(ERRORS[code][1], lang)
    return {"detail": {"code": code, "message": message % params if params else message}}


def install(app: FastAPI) -> None:
    """Register the handlers that give every error its stable code and translated message."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, _lang(request), **exc.params), status_code=exc.status
        )

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
