"""The HTTP API under /api/v1 (see API.md)."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from backend.api import auth, errors, me, reference, staff


def create_api(engine: Engine) -> FastAPI:
    """The /api/v1 application bound to `engine` (mounted by main.py, or used alone in tests)."""
    api = FastAPI(
        title="Online immigration services for foreigners",
        version="1.0.0",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.engine = engine
    errors.install(api)
    for module in (reference, auth, me, staff):
        api.include_router(module.router)
    return api
