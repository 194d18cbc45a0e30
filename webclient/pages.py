"""The pages the server writes for the web client: the start page, the manifest, the service
worker, the offline page and Flet's settings, in the user's language where they have text.

Their words come from `texts.json`, one entry per language code: adding a language to the
start page, the installed app's name and the offline page is adding an entry there.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from webclient.files import STATIC

TEXTS_PATH = Path(__file__).resolve().parent / "texts.json"
DEFAULT_LANGUAGE = "en"
THEME_COLOR = "#0B4F8A"  # the app's primary colour (app/theme.py)
BACKGROUND_COLOR = "#FFFFFF"
ICON_SIZES = (192, 512)
OFFLINE_KEYS = ("dir", "offline_title", "offline_body", "retry")


@lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, str]]:
    """Language code -> the client's words in that language."""
    table: dict[str, dict[str, str]] = json.loads(TEXTS_PATH.read_text(encoding="utf-8"))
    return table


def template(name: str) -> Template:
    return Template((STATIC / name).read_text(encoding="utf-8"))


def choose_language(asked: str | None, accept_language: str | None) -> str:
    """The language for a page: `?lang=` if offered, else the browser's first offered one."""
    table = texts()
    if asked and (code := asked.lower().replace("_", "-").split("-")[0]) in table:
        return code
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in table and quality > 0:
            weighted.append((-quality, index, code))
    return min(weighted)[2] if weighted else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Site:
    """Where the client lives: `base` is the mount path ("/"), `version` the files' version."""

    base: str
    version: str

    @property
    def web(self) -> str:
        return f"{self.base}web/{self.version}/"


def index_html(site: Site, lang: str) -> bytes:
    t = texts()[lang]
    titles = {code: entry["title"] for code, entry in texts().items()}
    values = {
        # No dir on the page: Flutter lays out the app itself (page.rtl); the attribute
        # would only move the loading screen and the accessibility overlay.
        "lang": lang, "base": site.base, "web": site.web,
        "title": t["title"], "description": t["description"], "short_name": t["short_name"],
        "loading": t["loading"], "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "manifest": f"{site.base}manifest.webmanifest?lang={lang}",
        "noscript": t["description"],
    }
    escaped = {k: html.escape(v) for k, v in values.items()}
    escaped["titles"] = json_for_html(titles)
    return template("index.html").substitute(escaped).encode()


def manifest(site: Site, lang: str) -> bytes:
    t = texts()[lang]
    icons = [
        {"src": f"{site.web}icons/icon-{size}.png", "sizes": f"{size}x{size}",
         "type": "image/png", "purpose": "any"}
        for size in ICON_SIZES
    ] + [
        {"src": f"{site.web}icons/icon-maskable-{size}.png", "sizes": f"{size}x{size}",
         "type": "image/png", "purpose": "maskable"}
        for size in ICON_SIZES
    ]
    body = {
        "id": site.base,
        "name": t["name"],
        "short_name": t["short_name"],
        "description": t["description"],
        "lang": lang,
        "dir": t.get("dir", "ltr"),
        "start_url": f"{site.base}?lang={lang}",
        "scope": site.base,
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
        "prefer_related_applications": False,
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode()


def offline_html(site: Site) -> bytes:
    t = texts()[DEFAULT_LANGUAGE]
    table = {code: {k: entry[k] for k in OFFLINE_KEYS if k in entry}
             for code, entry in texts().items()}
    values = {k: html.escape(t[k]) for k in ("offline_title", "offline_body", "retry")}
    return template("offline.html").substitute(
        values, web=site.web, theme_color=THEME_COLOR, texts=json_for_html(table)).encode()


def offline_files(site: Site) -> list[str]:
    """What the service worker keeps for the offline page (besides the page itself)."""
    return [f"{site.web}offline.js", f"{site.web}icons/icon-192.png"]


def service_worker(site: Site) -> bytes:
    files = ", ".join(json.dumps(f) for f in offline_files(site))
    return template("sw.js").substitute(version=site.version, base=site.base,
                                        offline_files=files).encode()


def flet_config(site: Site) -> bytes:
    """Flet's web client settings (what flet_web writes inline into its index.html)."""
    settings = {
        "pyodide": False,
        "multiView": False,
        "noCdn": True,
        "webSocketEndpoint": f"{site.base}ws",
        "entrypointBaseUrl": site.web,
        "assetBase": site.web,
        "routeUrlStrategy": "path",
        "webRenderer": "auto",
        "canvasKitBaseUrl": f"{site.web}canvaskit/",
        "fontFallbackBaseUrl": "assets/fonts/",
    }
    return (
        "// Flet's web client settings, loaded before flutter_bootstrap.js.\n"
        f"var flet = {json.dumps(settings, indent=2)};\n"
        "flet.flutterAppLoaded = new Promise((resolve) => { flet.flutterAppResolve = resolve; });\n"
        "// As flet_web does: WebKit restores a Flutter page from the back/forward cache with\n"
        "// its frames stopped; only a reload recovers (the Flet session lives on the server).\n"
        "window.addEventListener('pageshow', (event) => {\n"
        "  if (event.persisted && navigator.vendor && navigator.vendor.startsWith('Apple')) {\n"
        "    window.location.reload();\n"
        "  }\n"
        "});\n"
    ).encode()


def json_for_html(value: object) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
