"""Serving the Flet web client to browsers: small, cached, installable, and nothing from a CDN.

`WebClient(flet_app, assets_dir=...)` wraps the ASGI app of `flet_web.fastapi.app(...)`:
it serves the start page, Flet's web runtime (patched so nothing is fetched from a CDN),
the app's assets, a web manifest, a service worker and an offline page, with compressed
bodies and cache headers; the websocket and everything else go to the Flet app. It knows
nothing of this app's screens or API (see asgi.py, files.py, pages.py, compress.py).
"""

from webclient.asgi import WebClient

__all__ = ["WebClient"]
