"""The HTTP API under /api/v1 (see API.md)."""

from __future__ import annotations

from typing import Any

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine

from backend.api import (
    applications,
    appointments,
    auth,
    certificates,
    errors,
    guides,
    helpers,
    kiosk,
    me,
    reference,
    staff,
)
from backend.api.admission import AdmissionLimit
from backend.api.guards import RequestGuard
from backend.models import ErrorOut

# What any route may answer besides its success, documented once for all of them.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in {
        400: "The body could not be read", 401: "Not signed in, or the session ended",
        403: "Not allowed", 404: "Not found", 409: "In conflict with the current state",
        410: "Expired", 413: "The request is too large", 415: "Not the expected file type",
        422: "Invalid input (`fields` names each invalid field)",
        429: "Too many attempts (see Retry-After)", 500: "A bug (never expected)",
        503: "The database or its disk is unavailable (see Retry-After)",
    }.items()
}


def create_api(engine: Engine) -> FastAPI:
    """The /api/v1 application bound to `engine` (mounted by main.py, or used alone in tests)."""
    api = FastAPI(
        title="Online immigration services for foreigners",
        version="1.0.0",
        responses=ERROR_RESPONSES,
        openapi_url="/openapi.json",
        docs_url=None,  # served below with local assets: the default loads them from a CDN
        redoc_url=None,
    )
    api.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path))

    @api.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json",
            title=api.title,
            swagger_js_url="/api/v1/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/v1/docs-assets/swagger-ui.css",
            swagger_favicon_url="/api/v1/docs-assets/favicon-32x32.png",
        )

    api.state.engine = engine
    errors.install(api)
    api.add_middleware(RequestGuard)
    api.add_middleware(AdmissionLimit)  # outermost: a waiting request holds nothing yet
    for module in (reference, auth, me, helpers, appointments, applications, guides, staff,
                   certificates, kiosk):
        api.include_router(module.router)
    return api
