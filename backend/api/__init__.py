"""The HTTP API under /api/v1 (see API.md)."""

from __future__ import annotations

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
    me,
    reference,
    staff,
)


def create_api(engine: Engine) -> FastAPI:
    """The /api/v1 application bound to `engine` (mounted by main.py, or used alone in tests)."""
    api = FastAPI(
        title="Online immigration services for foreigners",
        version="1.0.0",
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
    for module in (reference, auth, me, helpers, appointments, applications, guides, staff,
                   certificates):
        api.include_router(module.router)
    return api
