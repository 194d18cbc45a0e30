"""Typed httpx client for /api/v1: one method per endpoint the app uses.

In the web server the API runs in the same process and is reached through httpx's ASGI
transport (no network hop); with `BACKEND_URL` (a phone build, a remote server) the same
client talks HTTP. The app never imports backend modules.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import httpx

API_PREFIX = "/api/v1"
# Sent with every signed-in answer: when the session ends if nothing more is done.
SESSION_EXPIRES_HEADER = "X-Session-Expires-At"

# Set by main.py when the API runs in this process: the ASGI app of /api/v1.
_in_process_api: Any = None


@cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every session's client: building one reads the CA certificates,
    tens of milliseconds that would hold up every user at each new session."""
    return httpx.create_ssl_context()


def use_in_process_api(asgi_app: Any) -> None:
    """Route every client created after this call to `asgi_app` in this process."""
    global _in_process_api
    _in_process_api = asgi_app


@dataclass
class ApiError(Exception):
    """A refusal from the API: stable code, message in the user's language, field errors."""

    status: int
    code: str
    message: str
    fields: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


class ApiClient:
    """One user's connection to the API: their language and, once signed in, their token."""

    def __init__(self, *, client_ip: str = "127.0.0.1", lang: str = "en") -> None:
        self.lang = lang
        self.token: str | None = None
        # When the server ends this session if unused (from its last signed-in answer).
        self.session_expires_at: datetime | None = None
        backend_url = os.environ.get("BACKEND_URL")
        if backend_url or _in_process_api is None:
            base = (backend_url or "http://127.0.0.1:8550").rstrip("/") + API_PREFIX
            self._http = httpx.AsyncClient(base_url=base, timeout=20, verify=_tls_context())
        else:
            # The client address lets the API rate-limit per person, not per server.
            transport = httpx.ASGITransport(app=_in_process_api, client=(client_ip, 0))
            self._http = httpx.AsyncClient(
                transport=transport, base_url="http://app.internal", timeout=20
            )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _send(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Accept-Language": self.lang, **(headers or {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(0, "network", str(exc)) from exc
        expires = response.headers.get(SESSION_EXPIRES_HEADER)
        if expires and self.token:
            self.session_expires_at = datetime.fromisoformat(expires)
        if response.status_code >= 400:
            raise _error(response)
        return response

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._send(method, path, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    # -- auth and account
    async def health(self) -> dict[str, Any]:
        return await self._request("GET", "/health")

    async def register(self, *, email: str, password: str, full_name: str) -> dict[str, Any]:
        return await self._request(
            "POST",
            "/auth/register",
            json={"email": email, "password": password, "full_name": full_name,
                  "locale": self.lang},
        )

    async def login(self, *, email: str, password: str) -> dict[str, Any]:
        data = await self._request(
            "POST", "/auth/login", json={"email": email, "password": password}
        )
        self.token = data["access_token"]
        self.session_expires_at = datetime.fromisoformat(data["expires_at"])
        return data

    async def logout(self) -> None:
        if self.token:
            try:
                await self._request("POST", "/auth/logout")
            finally:
                self.token = None
                self.session_expires_at = None

    async def extend_session(self) -> dict[str, Any]:
        """"Stay signed in": the server restarts the session's idle timer."""
        return await self._request("POST", "/auth/session/extend")

    async def me(self) -> dict[str, Any]:
        return await self._request("GET", "/me")

    async def set_locale(self, locale: str) -> dict[str, Any]:
        """Save the account's language; answers /me."""
        return await self._request("PATCH", "/me", json={"locale": locale})

    async def start_identity(
        self, *, passport_no: str, nationality: str, full_name: str, birth_date: str
    ) -> dict[str, Any]:
        return await self._request(
            "POST",
            "/me/identity",
            json={"passport_no": passport_no, "nationality": nationality,
                  "full_name": full_name, "birth_date": birth_date},
        )

    async def confirm_identity(self, *, code: str) -> dict[str, Any]:
        return await self._request("POST", "/me/identity/confirm", json={"code": code})

    # -- reference data
    async def services(self) -> list[dict[str, Any]]:
        """The five services (code, name in the user's language, slot length)."""
        return await self._request("GET", "/services")

    async def centers(
        self, q: str | None = None, service: str | None = None, *, city: str | None = None,
        province: str | None = None, sort: str | None = None,
    ) -> list[dict[str, Any]]:
        """Centers matching a name or city (English, pinyin or Chinese), offering `service`,
        in `province`; `sort="next_available"`: the soonest free day first."""
        params = {k: v for k, v in {"q": q, "service": service, "city": city,
                                    "province": province, "sort": sort}.items() if v}
        return await self._request("GET", "/centers", params=params)

    async def center(self, center_id: int) -> dict[str, Any]:
        return await self._request("GET", f"/centers/{center_id}")

    async def provinces(self) -> list[dict[str, Any]]:
        """Provinces with centers: [{province, name, centers}]."""
        return await self._request("GET", "/provinces")

    # -- guides
    async def guides(self) -> list[dict[str, Any]]:
        """The guides to the five services, in the user's language."""
        return await self._request("GET", "/guides")

    async def guide(self, service: str) -> dict[str, Any]:
        return await self._request("GET", f"/guides/{service}")

    async def checklist(self, applicant_id: int, service: str) -> dict[str, Any]:
        """The materials the applicant ticked: {service, items: [key]}."""
        return await self._request("GET", f"/applicants/{applicant_id}/guides/{service}/checklist")

    async def save_checklist(
        self, applicant_id: int, service: str, items: list[str]
    ) -> dict[str, Any]:
        return await self._request(
            "PUT", f"/applicants/{applicant_id}/guides/{service}/checklist", json={"items": items}
        )

    # -- appointments
    async def center_days(self, center_id: int, *, service: str) -> list[dict[str, Any]]:
        """Open days of the booking window: [{date, available, slots}]."""
        return await self._request(
            "GET", f"/centers/{center_id}/days", params={"service": service}
        )

    async def center_slots(
        self, center_id: int, *, service: str, day: str
    ) -> list[dict[str, Any]]:
        """Times of one day: [{start, end, capacity, available}] with the center's offset."""
        return await self._request(
            "GET", f"/centers/{center_id}/slots", params={"service": service, "date": day}
        )

    async def book(
        self, applicant_id: int, *, service: str, center_id: int, start: str
    ) -> dict[str, Any]:
        """Book the slot starting at `start` (ISO time with offset) for the applicant."""
        return await self._request(
            "POST",
            f"/applicants/{applicant_id}/appointments",
            json={"service": service, "center_id": center_id, "start": start},
        )

    async def appointments(self, applicant_id: int) -> list[dict[str, Any]]:
        return await self._request("GET", f"/applicants/{applicant_id}/appointments")

    async def appointment(self, reference: str) -> dict[str, Any]:
        return await self._request("GET", f"/appointments/{reference}")

    async def reschedule(
        self, reference: str, *, start: str, center_id: int | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"start": start}
        if center_id is not None:
            body["center_id"] = center_id
        return await self._request("POST", f"/appointments/{reference}/reschedule", json=body)

    async def cancel(self, reference: str) -> dict[str, Any]:
        return await self._request("POST", f"/appointments/{reference}/cancel")

    async def calendar_ics(self, reference: str) -> bytes:
        """The appointment as an iCalendar file."""
        response = await self._send("GET", f"/appointments/{reference}/calendar.ics")
        return response.content

    # -- applications and documents
    async def applications(self, applicant_id: int) -> list[dict[str, Any]]:
        """The applicant's applications with their timelines, the latest first."""
        return await self._request("GET", f"/applicants/{applicant_id}/applications")

    async def application(self, application_no: str) -> dict[str, Any]:
        return await self._request("GET", f"/applications/{application_no}")

    async def inquire(self, *, application_no: str, passport_no: str) -> dict[str, Any]:
        """Progress by application number and passport number (no account needed)."""
        return await self._request(
            "POST", "/inquiry/application",
            json={"application_no": application_no, "passport_no": passport_no},
        )

    async def permits(self, applicant_id: int) -> list[dict[str, Any]]:
        return await self._request("GET", f"/applicants/{applicant_id}/permits")

    async def pr_card(self, applicant_id: int) -> dict[str, Any]:
        return await self._request("GET", f"/applicants/{applicant_id}/pr-card")

    async def passport(self, applicant_id: int) -> dict[str, Any]:
        return await self._request("GET", f"/applicants/{applicant_id}/passport")

    # -- the electronic document linking passport and PR card
    async def certificates(self, applicant_id: int) -> list[dict[str, Any]]:
        """The applicant's documents, the latest first, each with its status."""
        return await self._request("GET", f"/applicants/{applicant_id}/certificates")

    async def issue_certificate(self, applicant_id: int) -> dict[str, Any]:
        return await self._request("POST", f"/applicants/{applicant_id}/certificates")

    async def revoke_certificate(self, applicant_id: int, code: str) -> dict[str, Any]:
        return await self._request(
            "POST", f"/applicants/{applicant_id}/certificates/{code}/revoke"
        )

    async def certificate_pdf(self, code: str) -> bytes:
        """The document as a PDF file."""
        response = await self._send("GET", f"/certificates/{code}.pdf")
        return response.content

    async def verify_certificate(self, code: str) -> dict[str, Any]:
        """Anyone: the status of the document with this verification code."""
        return await self._request("GET", f"/verify/{code}")

    async def verify_certificate_file(self, pdf: bytes) -> dict[str, Any]:
        """Anyone: the status of a document file (also "tampered" when it was changed)."""
        return await self._request(
            "POST", "/verify", content=pdf, headers={"Content-Type": "application/pdf"}
        )

    # -- help from relatives and friends
    async def start_link(self, *, relation: str, guardian_declaration: bool,
                         **identity: str) -> dict[str, Any]:
        return await self._request(
            "POST", "/applicants/links",
            json={**identity, "relation": relation,
                  "guardian_declaration": guardian_declaration},
        )

    async def confirm_link(self, link_id: int, *, code: str) -> dict[str, Any]:
        return await self._request(
            "POST", f"/applicants/links/{link_id}/confirm", json={"code": code}
        )

    async def stop_helping(self, applicant_id: int) -> None:
        await self._request("DELETE", f"/applicants/{applicant_id}/link")

    async def my_helpers(self) -> list[dict[str, Any]]:
        return await self._request("GET", "/me/helpers")

    async def revoke_helper(self, helper_id: int) -> None:
        await self._request("DELETE", f"/me/helpers/{helper_id}")

    async def audit(self, applicant_id: int) -> list[dict[str, Any]]:
        return await self._request("GET", f"/applicants/{applicant_id}/audit")

    # -- kiosk tablets (no account)
    async def kiosk_info(self, center_id: int) -> dict[str, Any]:
        """The kiosk's center and its idle times: {center_name, warn_seconds, idle_seconds}."""
        return await self._request("GET", f"/kiosk/{center_id}")

    async def kiosk_check_in(self, center_id: int, *, reference: str) -> dict[str, Any]:
        """Check in today's appointment: {queue_number, service_name, start, waiting_before}."""
        return await self._request(
            "POST", f"/kiosk/{center_id}/check-in", json={"reference": reference}
        )

    # -- staff of a service center
    async def staff_day(self, center_id: int, day: str | None = None) -> list[dict[str, Any]]:
        params = {"day": day} if day else None
        return await self._request(
            "GET", f"/staff/centers/{center_id}/appointments", params=params
        )

    async def staff_check_in(self, center_id: int, *, reference: str) -> dict[str, Any]:
        return await self._request(
            "POST", f"/staff/centers/{center_id}/check-in", json={"reference": reference}
        )

    async def staff_call_next(
        self, center_id: int, *, service: str | None = None
    ) -> dict[str, Any]:
        return await self._request(
            "POST", f"/staff/centers/{center_id}/call-next", json={"service": service}
        )

    async def staff_mark(self, center_id: int, reference: str, outcome: str) -> dict[str, Any]:
        """Mark an appointment "served" or "no-show"."""
        return await self._request(
            "POST", f"/staff/centers/{center_id}/appointments/{reference}/{outcome}"
        )

    async def staff_closures(self, center_id: int) -> list[dict[str, Any]]:
        return await self._request("GET", f"/staff/centers/{center_id}/closures")

    async def staff_add_closure(
        self, center_id: int, *, date_from: str, date_to: str, reason: str
    ) -> dict[str, Any]:
        return await self._request(
            "POST", f"/staff/centers/{center_id}/closures",
            json={"date_from": date_from, "date_to": date_to, "reason": reason},
        )

    async def staff_capacity(self, center_id: int) -> list[dict[str, Any]]:
        return await self._request("GET", f"/staff/centers/{center_id}/capacity")

    async def staff_set_capacity(
        self, center_id: int, service: str, capacity: int
    ) -> list[dict[str, Any]]:
        return await self._request(
            "PUT", f"/staff/centers/{center_id}/capacity/{service}", json={"capacity": capacity}
        )

    async def staff_application(self, application_no: str) -> dict[str, Any]:
        return await self._request("GET", f"/staff/applications/{application_no}")

    async def staff_add_event(
        self, application_no: str, *, status: str, note: str
    ) -> dict[str, Any]:
        return await self._request(
            "POST", f"/staff/applications/{application_no}/events",
            json={"status": status, "note": note},
        )


def _error(response: httpx.Response) -> ApiError:
    try:
        detail = response.json().get("detail", {})
    except ValueError:
        detail = {}
    if not isinstance(detail, dict):
        detail = {"message": str(detail)}
    fields = {f["field"]: f["message"] for f in detail.get("fields", []) if "field" in f}
    return ApiError(
        status=response.status_code,
        code=str(detail.get("code", "error")),
        message=str(detail.get("message", response.reason_phrase)),
        fields=fields,
    )
