"""Builds the one ASGI application (API under /api/v1, Flet web app at /) and runs it."""

from __future__ import annotations

import asyncio
import logging
import os

import flet_web.fastapi as flet_fastapi
import uvicorn
from fastapi import FastAPI

from app import api_client
from app.app import main as flet_main
from backend.api import create_api
from backend.config import ROOT, Settings, get_settings
from backend.db import make_engine
from backend.security_headers import SecurityHeaders
from backend.startup import prepare_database, reminder_loop
from webclient import WebClient, flet_fixes, flet_walk


def build_app(settings: Settings | None = None) -> FastAPI:
    """The whole server: database prepared at start, API, and the Flet web client."""
    settings = settings or get_settings()
    flet_fixes.install()
    flet_walk.install()
    engine = make_engine(settings.database_url)
    api = create_api(engine)
    if not settings.backend_url:
        api_client.use_in_process_api(api)

    background: list[asyncio.Task[None]] = []

    async def start() -> None:
        await asyncio.to_thread(prepare_database, engine, settings)
        background.append(asyncio.create_task(reminder_loop(engine, settings)))

    async def stop() -> None:
        for task in background:
            task.cancel()
        engine.dispose()

    # Flet's FastAPI starts its session manager in the lifespan; mounted apps get none.
    server = flet_fastapi.FastAPI(
        on_startup=[start],
        on_shutdown=[stop],
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    server.add_middleware(SecurityHeaders, hsts=settings.public_url.startswith("https://"))
    server.mount("/api/v1", api)
    flet_app = flet_fastapi.app(flet_main, assets_dir=str(ROOT / "assets"), no_cdn=True)
    # The page, its files (compressed, cached, nothing from a CDN), manifest and service
    # worker come from webclient; the websocket and the rest go on to Flet.
    server.mount("/", WebClient(flet_app, assets_dir=ROOT / "assets"))
    return server


def run() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    settings = get_settings()
    shown_host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    print(f"\n  Open the app:  http://{shown_host}:{settings.port}/", flush=True)
    print(f"  API docs:      http://{shown_host}:{settings.port}/api/v1/docs\n", flush=True)
    uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    run()
