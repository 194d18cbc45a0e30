"""What the server sends a browser: the start page, compressed and cached files, no CDN."""

from __future__ import annotations

import gzip
import io
import json
import re

import brotli
import pytest
from fastapi.testclient import TestClient
from flet.controls.object_patch import DiffBuilder
from flet_web.fastapi.flet_app import FletApp
from PIL import Image

import main
from app import api_client
from app.i18n import LANGUAGES, Translator
from backend.config import Settings
from webclient import WebClient, compress, flet_fixes, flet_walk, pages
from webclient.files import RIVE_CDN, PatchError, patch_bootstrap, patch_font_manifest, patch_rive

BR_GZIP = {"accept-encoding": "gzip, deflate, br, zstd"}


def raw(client: TestClient, url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body exactly as sent (not decompressed)."""
    with client.stream("GET", url, headers=headers) as r:
        return r.status_code, dict(r.headers), b"".join(r.iter_raw())


def versioned(web: WebClient, rel: str) -> str:
    return f"/web/{web.version}/{rel}"


def test_main_serves_the_app_through_the_web_client(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("WEB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("WEB_PRECOMPRESS", "0")
    # build_app points the app's API client at its API: put back what was there after.
    monkeypatch.setattr(api_client, "_in_process_api", api_client._in_process_api)
    monkeypatch.setattr(FletApp, "send_message", flet_fixes.upstream_send_message)
    monkeypatch.setattr(DiffBuilder, "get_added_controls", flet_walk.upstream_added_controls)
    monkeypatch.setattr(DiffBuilder, "get_removed_controls",
                        flet_walk.upstream_removed_controls)
    server = main.build_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}"))
    client = TestClient(server)
    r = client.get("/")
    assert r.status_code == 200
    assert re.search(r'src="/web/[0-9a-f]{12}/flutter_bootstrap\.js"', r.text)
    assert client.get("/manifest.webmanifest").status_code == 200
    assert client.get("/api/v1/health").status_code == 200  # the API is still the API
    # Flet's sender without its costly debug line (webclient/flet_fixes.py).
    assert FletApp.send_message is flet_fixes._send_message
    # And its faster walk over the controls a screen change adds and removes.
    assert DiffBuilder.get_added_controls is flet_walk.added_controls
    assert DiffBuilder.get_removed_controls is flet_walk.removed_controls


def test_start_page_is_ours_and_revalidated(http: TestClient, web: WebClient) -> None:
    r = http.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["cache-control"] == "no-cache"
    assert "<title>Immigration services</title>" in r.text
    assert '<meta name="description" content="Online immigration services' in r.text
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in r.text
    assert '<html lang="en">' in r.text
    # Everything it loads is on this server, under the version (no CDN, no other host).
    assert "http://" not in r.text and "https://" not in r.text
    assert f'src="/web/{web.version}/flutter_bootstrap.js"' in r.text
    # Unchanged since the last visit: 304, no body.
    again = http.get("/", headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    # The app's own routes get the same page (Flutter routes them).
    assert http.get("/centers/3").text == r.text
    assert http.get("/verify-document?code=ABC").text == r.text


def test_start_page_in_the_users_language(http: TestClient) -> None:
    zh = http.get("/?lang=zh")
    assert '<html lang="zh"' in zh.text and "<title>移民管理服务</title>" in zh.text
    assert 'href="/manifest.webmanifest?lang=zh"' in zh.text
    browser_zh = http.get("/", headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert '<html lang="zh"' in browser_zh.text
    assert "Accept-Language" in browser_zh.headers["vary"]
    unknown = http.get("/", headers={"accept-language": "xx-YY"})
    assert '<html lang="en"' in unknown.text


def test_versioned_files_are_cached_for_a_year(http: TestClient, web: WebClient) -> None:
    for rel in ("flutter_bootstrap.js", "main.dart.mjs", "canvaskit/skwasm.wasm",
                "assets/FontManifest.json", "icons/icon-192.png", "pwa.js", "flet-config.js"):
        r = http.get(versioned(web, rel))
        assert r.status_code == 200, rel
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable", rel
        assert r.headers["etag"], rel
    assert http.get(versioned(web, "canvaskit/skwasm.wasm")).headers["content-type"] == (
        "application/wasm")
    # Another version's files are gone, not served stale under a long cache.
    assert http.get("/web/000000000000/flutter_bootstrap.js").status_code == 404
    assert http.get(versioned(web, "no/such/file.js")).status_code == 404


def test_plain_address_files_are_revalidated(http: TestClient) -> None:
    for url in ("/manifest.webmanifest", "/sw.js", "/offline.html", "/icons/icon-192.png"):
        r = http.get(url)
        assert r.status_code == 200, url
        assert r.headers["cache-control"] == "no-cache", url
        assert http.get(url, headers={"if-none-match": r.headers["etag"]}).status_code == 304


def test_pages_are_sent_compressed_when_accepted(http: TestClient) -> None:
    status, headers, body = raw(http, "/", **BR_GZIP)
    assert status == 200 and headers["content-encoding"] == "br"
    plain = http.get("/").content
    assert brotli.decompress(body) == plain and len(body) < len(plain)
    _, headers, body = raw(http, "/", **{"accept-encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == plain
    _, headers, body = raw(http, "/", **{"accept-encoding": "br;q=0, gzip;q=0"})
    assert "content-encoding" not in headers and body == plain
    assert "Accept-Encoding" in headers["vary"]


def test_files_are_sent_from_their_compressed_copies(http: TestClient, web: WebClient) -> None:
    file = web.catalogue.versioned["main.dart.wasm"]
    url = versioned(web, "main.dart.wasm")
    # No copy yet: sent as it is (nothing waits for compression).
    status, headers, body = raw(http, url, **BR_GZIP)
    assert status == 200 and "content-encoding" not in headers and len(body) == file.size
    compress.make_copy(web.cache, file, "gzip")  # what the background thread does
    status, headers, body = raw(http, url, **BR_GZIP)
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert len(body) < file.size * 0.5
    assert gzip.decompress(body) == file.path.read_bytes()
    # Each encoding has its own ETag, so a cache never mixes them up.
    assert headers["etag"] != file.etag
    assert http.get(url, headers={**BR_GZIP, "if-none-match": headers["etag"]}).status_code == 304


def test_precompression_makes_brotli_and_gzip_copies(web: WebClient) -> None:
    small = [web.catalogue.versioned[rel] for rel in ("flutter_bootstrap.js", "pwa.js")]
    compress.precompress(web.cache, small)
    for file in small:
        assert set(file.encoded) == {"br", "gzip"}
        assert brotli.decompress(file.encoded["br"].read_bytes()) == file.path.read_bytes()
    # Already compressed formats are left alone.
    png = web.catalogue.versioned["icons/icon-512.png"]
    assert not compress.compressible(png)


def test_runtime_requests_nothing_from_a_cdn(http: TestClient, web: WebClient) -> None:
    for rel in ("main.dart.js", "main.dart.wasm"):
        original = web.catalogue.versioned[rel]
        body = http.get(versioned(web, rel)).content
        assert b"cdn.jsdelivr.net" not in body, rel
        assert b"no-cdn/rive/" in body
    wasm = http.get(versioned(web, "main.dart.wasm")).content
    assert wasm[:4] == b"\0asm"
    # Same length as Flet's (the .wasm's offsets stay valid), only the address changed.
    assert len(wasm) == original.size
    # The address Rive is sent to instead answers with the stub.
    for rel in ("wasm/rive_native.js", "wasm_compatibility/rive_native.js"):
        r = http.get(f"/no-cdn/rive/{rel}")
        assert r.status_code == 200 and "window.RiveNative" in r.text
    settings = http.get(versioned(web, "flet-config.js")).text
    assert '"noCdn": true' in settings
    assert f'"canvasKitBaseUrl": "/web/{web.version}/canvaskit/"' in settings
    bootstrap = http.get(versioned(web, "flutter_bootstrap.js")).text
    # Flutter's own worker is not registered (it unregisters itself, and ours with it).
    [_, call] = bootstrap.split("_flutter.loader.load({")
    assert "serviceWorker" not in call and "onEntrypointLoaded" in call
    fonts = json.loads(http.get(versioned(web, "assets/FontManifest.json")).text)
    families = [f["family"] for f in fonts]
    assert "MaterialIcons" in families and "Roboto" in families
    assert not any("KaTeX" in f or "Cupertino" in f for f in families)


def test_patches_refuse_a_runtime_they_do_not_recognise() -> None:
    with pytest.raises(PatchError):
        patch_rive(b"no address here")
    with pytest.raises(PatchError):
        patch_bootstrap(b"_flutter.loader.load({config: flutterConfig});")
    patched = patch_rive(b"x" + RIVE_CDN + b"y")
    assert len(patched) == len(RIVE_CDN) + 2
    fonts = json.loads(patch_font_manifest(json.dumps([
        {"family": "MaterialIcons", "fonts": []},
        {"family": "packages/flutter_math_fork/KaTeX_Main", "fonts": []},
    ]).encode()))
    assert [f["family"] for f in fonts] == ["MaterialIcons", "Roboto"]


def test_manifest_makes_the_app_installable(http: TestClient, web: WebClient) -> None:
    r = http.get("/manifest.webmanifest")
    assert r.headers["content-type"] == "application/manifest+json; charset=utf-8"
    m = r.json()
    assert m["name"] == "Immigration Services" and m["short_name"] == "Immigration"
    assert m["display"] == "standalone"
    assert m["start_url"] == "/?lang=en" and m["scope"] == "/" and m["id"] == "/"
    assert m["theme_color"] == "#0B4F8A" and m["background_color"] == "#FFFFFF"
    assert m["description"].startswith("Online immigration services")
    seen = set()
    for icon in m["icons"]:
        image = http.get(icon["src"])
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        size = Image.open(io.BytesIO(image.content)).size
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
        seen.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"),
            ("512x512", "maskable")} <= seen
    # A maskable icon fills its square (no transparent corners for the mask to show).
    maskable = http.get(versioned(web, "icons/icon-maskable-512.png")).content
    assert Image.open(io.BytesIO(maskable)).getpixel((0, 0))[:3] == (11, 79, 138)


def test_manifest_names_the_app_in_each_language(http: TestClient) -> None:
    ar = http.get("/manifest.webmanifest?lang=ar").json()
    assert ar["dir"] == "rtl" and ar["name"] == "خدمات الهجرة"
    zh = http.get("/manifest.webmanifest?lang=zh").json()
    assert zh["name"] == "移民管理服务" and zh["short_name"] == "移民服务"
    assert zh["lang"] == "zh" and zh["start_url"] == "/?lang=zh"
    by_browser = http.get("/manifest.webmanifest", headers={"accept-language": "zh-CN"}).json()
    assert by_browser["lang"] == "zh"
    for lang in pages.texts():
        m = http.get(f"/manifest.webmanifest?lang={lang}").json()
        assert m["name"] and m["short_name"] and m["description"], lang


def test_offline_page_has_every_language(http: TestClient, web: WebClient) -> None:
    r = http.get("/offline.html")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    # Readable without script (English), and the table the page picks the language from.
    assert "This app needs an internet connection." in r.text
    table = json.loads(re.search(r'<script type="application/json" id="texts">(.*?)</script>',
                                 r.text, re.S).group(1))
    assert set(table) == set(pages.texts())
    assert table["zh"]["offline_title"] == "没有网络连接"
    assert f'<script src="/web/{web.version}/offline.js" defer></script>' in r.text
    script = http.get(versioned(web, "offline.js"))
    assert script.status_code == 200 and "navigator.languages" in script.text
    # No inline script: a strict Content-Security-Policy can allow 'self' only.
    assert not re.search(r"<script(?![^>]*(src=|application/json))[^>]*>", r.text)


def test_every_language_has_every_text() -> None:
    """Adding a language is adding an entry to texts.json: one with a gap is refused."""
    table = pages.texts()
    keys = set(table[pages.DEFAULT_LANGUAGE])
    for lang, entry in table.items():
        assert set(entry) == keys, lang
        assert all(entry.values()), lang


def test_page_titles_match_the_apps_titles() -> None:
    """pwa.js tells the language the app shows by the page title the app sets: each entry's
    title must be the app's own "Immigration services" in that language."""
    offered = [lang for lang in pages.texts() if lang in LANGUAGES]
    assert {"en", "zh"} <= set(offered)
    for lang in offered:
        assert pages.texts()[lang]["title"] == Translator(lang)("Immigration services"), lang


def test_service_worker(http: TestClient, web: WebClient) -> None:
    r = http.get("/sw.js")
    assert r.headers["content-type"] == "text/javascript; charset=utf-8"
    assert r.headers["cache-control"] == "no-cache"  # a new version is found on the next visit
    assert f'const VERSION = "{web.version}";' in r.text
    assert f'"/web/{web.version}/offline.js"' in r.text
    start = http.get("/").text
    assert f'src="/web/{web.version}/pwa.js"' in start
    assert "serviceWorker.register" in http.get(versioned(web, "pwa.js")).text


def test_other_requests_go_to_flet(http: TestClient) -> None:
    assert http.get("/nothing-here.js").status_code == 404
    assert http.post("/").status_code in (404, 405)
