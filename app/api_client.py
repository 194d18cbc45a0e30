"""Typed httpx client for /api/v1: one method per endpoint the app uses.

In the web server the API runs in the same process and is reached through httpx's ASGI
transport (no network hop); with `BACKEND_URL` (a phone build, a remote server) the same
client talks HTTP. The app never imports backend modules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import httpx

API_PREFIX = "/api/v1"

# Set by main.py when the API runs in this process: the ASGI app of /api/v1.
_in_process_api: Any = None


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
        backend_url = os.environ.get("BACKEND_URL")
        if backend_url or _in_process_api is None:
            base = (backend_url or "http://127.0.0.1:8550").rstrip("/") + API_PREFIX
            self._http = httpx.AsyncClient(base_url=base, timeout=20)
        else:
            # The client address lets the API rate-limit per person, not per server.
            transport = httpx.ASGITransport(app=_in_process_api, client=(client_ip, 0))
            self._http = httpx.AsyncClient(
                transport=transport, base_url="http://app.internal", timeout=20
            )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Accept-Language": self.lang}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(0, "network", str(exc)) from exc
        if response.status_code >= 400:
            raise _error(response)
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
        return data

    async def logout(self) -> None:
        if self.token:
            try:
                await self._request("POST", "/auth/logout")
            finally:
                self.token = None

    async def me(self) -> dict[str, Any]:
        return await self._request("GET", "/me")

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
        return await self._request("GET", "/services")


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
