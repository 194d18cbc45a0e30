"""Web loading: bytes transferred and time to the first text, first and repeat visit.

    python bench/web_load.py [--runs 5] [--mbps 0] [--verbose]

Starts, each on 127.0.0.1 with a counting relay in front (tools/netmeter.py: every byte
of every connection the browser opens, headers and the app's websocket included):
  - the app (`python main.py` on a fresh SQLite database, tools/live_server.start_server);
  - a bare Flet page (bench/bare_flet.py: one line of text) served through the app's web
    layer, the yardstick for the time to the first text;
  - the same bare page as stock flet_web serves it (what the app got before its web layer).
In headless Chromium (the Debian package), `--runs` times, one page after the other in turn
(so a busy machine slows all of them alike): a fresh browser context (empty cache) opens the
page (the first load), then a new tab in the same context opens it again (the repeat load).
The time to the first text is from the start of navigation to the moment the page's first
text is in the accessibility tree (turned on as soon as Flutter offers it, the same for
every page). Bytes are counted until the connection has been quiet
for a second. Requests to any other host than the relay are listed: there must be none.
Medians of the runs are printed, then PASS/FAIL against the issue's targets.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, Request, sync_playwright  # noqa: E402

from app.i18n import Translator  # noqa: E402
from bench.bare_flet import TEXT as BARE_TEXT  # noqa: E402
from tools.browser import PHONE, launch  # noqa: E402
from tools.live_server import free_port, start_server, stop_server  # noqa: E402
from tools.netmeter import NetMeter  # noqa: E402
from webclient.asgi import prepare  # noqa: E402

APP_TEXT = "Immigration services"
APP_TEXT_ZH = "移民管理服务"
APP_TEXT_JA = "出入境サービス"
APP_CONTENT = "Book an appointment"  # a tile of the home screen's content
FIRST_LOAD_MAX = 5_000_000
REPEAT_LOAD_MAX = 300_000
TEXT_RATIO_MAX = 1.2

# Runs in the page before anything else: turns on Flutter's accessibility tree as soon as
# its placeholder exists, and notes when the expected text first appears in it, and when the
# text of the screen's content does (the app sends its first screen's frame and title first).
DETECT_FIRST_TEXT = """
(() => {
  const [want, whole] = %s;
  window.__firstText = null;
  window.__wholeScreen = null;
  const shown = (host, labels, text) =>
    [host.textContent, ...labels].some(t => t && t.includes(text));
  const check = () => {
    const placeholder = document.querySelector('flt-semantics-placeholder');
    if (placeholder && !window.__semanticsOn) { window.__semanticsOn = true; placeholder.click(); }
    if (window.__wholeScreen !== null) return;
    const host = document.querySelector('flt-semantics-host');
    if (!host) return;
    const labels = [...host.querySelectorAll('[aria-label]')]
      .map(e => e.getAttribute('aria-label'));
    if (window.__firstText === null && shown(host, labels, want)) {
      window.__firstText = performance.now();
    }
    if (window.__firstText !== null && shown(host, labels, whole)) {
      window.__wholeScreen = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
    characterData: true, attributes: true, attributeFilter: ['aria-label']});
})();
"""


@dataclass
class Load:
    bytes_down: int
    text_ms: float
    whole_ms: float
    requests: list[str]


@dataclass
class Target:
    name: str
    text: str
    path: str = "/"
    whole: str = ""  # a text of the first screen's content ("": the first text is all)
    first: list[Load] = field(default_factory=list)
    repeat: list[Load] = field(default_factory=list)

    def median(self, loads: list[Load], attr: str) -> float:
        return statistics.median(getattr(x, attr) for x in loads)

    def off_server(self, relay: str) -> list[str]:
        urls = {u for load in self.first + self.repeat for u in load.requests}
        return sorted(u for u in urls if not u.startswith((relay, "blob:", "data:")))


def wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the page server at {url} stopped")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the page server at {url} did not start")


@contextmanager
def bare_page(*, served_like_app: bool) -> Iterator[int]:
    port = free_port()
    cmd = [sys.executable, str(ROOT / "bench" / "bare_flet.py"), "--port", str(port)]
    proc = subprocess.Popen([*cmd, *(["--served-like-app"] if served_like_app else [])],
                            cwd=ROOT)
    try:
        wait_ready(f"http://127.0.0.1:{port}/", proc)
        yield port
    finally:
        stop_server(proc)


@contextmanager
def the_app() -> Iterator[int]:
    with tempfile.TemporaryDirectory(prefix="web-load-") as tmp:
        proc, url = start_server(Path(tmp))
        try:
            yield int(url.rsplit(":", 1)[1])
        finally:
            stop_server(proc)


def settle(meter: NetMeter, *, quiet_s: float = 1.0, limit_s: float = 30.0) -> None:
    """Wait until nothing has crossed the relay for `quiet_s` (late fonts, icons, sockets)."""
    deadline = time.monotonic() + limit_s
    last = meter.snapshot().down
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = meter.snapshot().down
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return


def one_load(context: BrowserContext, meter: NetMeter, target: Target, verbose: bool) -> Load:
    requests: list[str] = []

    def note(request: Request) -> None:
        requests.append(request.url)

    context.on("request", note)
    page = context.new_page()
    page.add_init_script(DETECT_FIRST_TEXT % repr([target.text, target.whole or target.text]))
    meter.reset()
    page.goto(meter.url + target.path)
    # Polled from here: wait_for_function evaluates its predicate with eval, which the
    # app's content security policy (rightly) forbids.
    deadline = time.monotonic() + 120
    while (whole := page.evaluate("window.__wholeScreen")) is None:
        if time.monotonic() > deadline:
            raise TimeoutError("the first screen did not appear within 120 s")
        page.wait_for_timeout(50)
    text_ms = float(page.evaluate("window.__firstText"))
    settle(meter)
    bytes_down = meter.snapshot().down
    if verbose:
        for url in requests:
            print(f"    {url}")
    context.remove_listener("request", note)
    page.close()
    time.sleep(0.5)  # the closed tab's socket goes away before the next count starts
    return Load(bytes_down, text_ms, float(whole), requests)


def visit_twice(browser: Browser, meter: NetMeter, target: Target, verbose: bool) -> None:
    """A first load in a fresh context (empty cache), then a repeat load in a new tab."""
    context = browser.new_context(viewport=PHONE)
    try:
        first = one_load(context, meter, target, verbose)
        repeat = one_load(context, meter, target, verbose)
    finally:
        context.close()
    target.first.append(first)
    target.repeat.append(repeat)
    print(f"  {target.name}: first {first.bytes_down:,} B {first.text_ms:.0f} ms "
          f"(whole screen {first.whole_ms:.0f} ms); "
          f"repeat {repeat.bytes_down:,} B {repeat.text_ms:.0f} ms", flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mbps", type=float, default=0.0,
                        help="cap the downlink (shared by all connections); 0: no cap")
    parser.add_argument("--verbose", action="store_true", help="list every request")
    parser.add_argument("--pages", default="stock,layer,app",
                        help="which pages to load (comma-separated: stock, layer, app, "
                             "app-zh and app-ja, the app opened in Chinese or Japanese)")
    args = parser.parse_args()
    wanted = set(args.pages.split(","))

    bare_layer = Target("bare Flet, app's web layer", BARE_TEXT)
    bare_stock = Target("bare Flet, stock flet_web", BARE_TEXT)
    app = Target("the app", APP_TEXT, whole=APP_CONTENT)
    app_zh = Target("the app, in Chinese", APP_TEXT_ZH, "/?lang=zh",
                    whole=Translator("zh")(APP_CONTENT))
    app_ja = Target("the app, in Japanese", APP_TEXT_JA, "/?lang=ja",
                    whole=Translator("ja")(APP_CONTENT))
    servers: list[tuple[Target, Callable[[], AbstractContextManager[int]]]] = [
        (t, serve) for key, t, serve in [
            ("stock", bare_stock, lambda: bare_page(served_like_app=False)),
            ("layer", bare_layer, lambda: bare_page(served_like_app=True)),
            ("app", app, the_app),
            ("app-zh", app_zh, the_app),
            ("app-ja", app_ja, the_app),
        ] if key in wanted
    ]
    started = time.monotonic()
    for assets in (None, ROOT / "assets"):  # what the bare page and the app serve
        prepare(assets)
    print(f"compressed copies ready ({time.monotonic() - started:.0f} s)", flush=True)
    off_server: dict[str, list[str]] = {}
    link = f"downlink capped at {args.mbps:g} Mbit/s" if args.mbps else "no cap on the link"
    print(f"{args.runs} runs each, phone viewport, {link}", flush=True)
    with sync_playwright() as pw, ExitStack() as stack:
        meters = []
        for target, serve in servers:
            meter = NetMeter(stack.enter_context(serve()), mbps=args.mbps).start()
            stack.callback(meter.stop)
            meters.append((target, meter))
        browser = launch(pw)
        stack.callback(browser.close)
        # Interleaved (one run of each page in turn): a machine busy with other work slows
        # every page alike instead of whichever happened to run at the time.
        for run in range(args.runs):
            print(f"run {run + 1}", flush=True)
            for target, meter in meters:
                visit_twice(browser, meter, target, args.verbose)
        for target, meter in meters:
            off_server[target.name] = target.off_server(meter.url)

    ran = [t for t, _ in servers]
    print()
    header = ("page", "first load", "first text", "whole screen", "repeat load", "repeat text",
              "off-server")
    rows = [header]
    for t in ran:
        rows.append((
            t.name,
            f"{t.median(t.first, 'bytes_down') / 1e6:.2f} MB",
            f"{t.median(t.first, 'text_ms'):.0f} ms",
            f"{t.median(t.first, 'whole_ms'):.0f} ms",
            f"{t.median(t.repeat, 'bytes_down') / 1e3:.1f} kB",
            f"{t.median(t.repeat, 'text_ms'):.0f} ms",
            str(len(off_server[t.name])),
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(c.rjust(w) if i else c.ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    for name, urls in off_server.items():
        for url in urls:
            print(f"  off-server request ({name}): {url}")

    print()
    checks: list[tuple[str, bool]] = []
    for page in (app, app_zh, app_ja):
        if page not in ran:
            continue
        first_b = page.median(page.first, "bytes_down")
        repeat_b = page.median(page.repeat, "bytes_down")
        checks += [
            (f"{page.name}, first load: {first_b / 1e6:.2f} MB  (target <= 5 MB)",
             first_b <= FIRST_LOAD_MAX),
            (f"{page.name}, repeat load: {repeat_b / 1e3:.1f} kB  (target <= 300 kB)",
             repeat_b <= REPEAT_LOAD_MAX),
            (f"requests off the server ({page.name}): {len(off_server[page.name])}  "
             "(target 0)", not off_server[page.name]),
        ]
    if app in ran and bare_layer in ran:
        for label, loads in (("first", "first"), ("repeat", "repeat")):
            ratio = (app.median(getattr(app, loads), "text_ms")
                     / bare_layer.median(getattr(bare_layer, loads), "text_ms"))
            checks.append((f"time to first text, app / bare Flet (same web layer), {label} "
                           f"load: {ratio:.2f}x  (target <= 1.2x)", ratio <= TEXT_RATIO_MAX))
        whole = app.median(app.first, "whole_ms") / bare_layer.median(bare_layer.first, "text_ms")
        print(f"(the app's whole first screen, first load: {whole:.2f}x the bare page's text)")
    for text, ok in checks:
        print(f"{text}  {verdict(ok)}")
    if app in ran and bare_stock in ran:
        ratio = app.median(app.first, "text_ms") / bare_stock.median(bare_stock.first, "text_ms")
        print(f"(for reference: app / stock bare Flet, first load: {ratio:.2f}x)")
    return 0 if all(ok for _, ok in checks) else 1

if __name__ == "__main__":
    sys.exit(main())
