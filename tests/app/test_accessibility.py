"""Text size, high contrast, names of controls, announced errors and the session time limit.

The browser test (tests/e2e/test_accessibility_e2e.py) checks what Chromium shows; these
check the app's side of it without a browser: what is remembered, which colours and sizes
the controls get, and that every control carries a name in the current language.
"""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flet as ft
import pytest

from app import theme
from app.app import ROUTES
from app.components.session_timer import check_now
from app.state.preferences import HIGH_CONTRAST_KEY, TEXT_SCALE_KEY
from backend.data.people import DEMO_PASSWORD
from tests.app.flet_harness import RenderedApp, async_test, rendered_app, walk
from tools.screens import SCREENS

pytestmark = pytest.mark.usefixtures("sample_api")
ROOT = Path(__file__).resolve().parents[2]


async def wait_until(ui: RenderedApp, check: Callable[[], bool], what: str) -> None:
    for _ in range(200):
        await ui.settle()
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}; route {ui.route}, texts {ui.texts()}")


async def loaded(ui: RenderedApp) -> None:
    """Wait until the screen's data is in (no "Loading…"): a load still running in a worker
    thread when the test's database goes away would crash the test process."""
    await wait_until(ui, lambda: not ui.has_key("loading"), "the screen's data")
    await asyncio.sleep(0.3)
    await ui.settle()


async def choose(ui: RenderedApp, key: str, value: str) -> None:
    """Pick `value` in the radio group `key`, as a tap on a radio does."""
    group = ui.find(ft.RadioGroup, key=key)
    ui.session.apply_patch(group._i, {"value": value})
    await ui._event(group, "change", value)


async def toggle(ui: RenderedApp, key: str, value: bool) -> None:
    switch = ui.find(ft.Switch, key=key)
    ui.session.apply_patch(switch._i, {"value": value})
    await ui._event(switch, "change", str(value).lower())


def title_size(ui: RenderedApp) -> float:
    heading = ui.find(ft.Semantics, key="page-title")
    assert isinstance(heading.content, ft.Text) and heading.content.size
    return float(heading.content.size)


# ---------------------------------------------------------------- text size


@async_test
async def test_text_size_applies_at_once_and_is_remembered_on_the_device() -> None:
    device: dict[str, object] = {}
    async with rendered_app("/settings", device) as ui:
        assert ui.state.text_scale == 1.0
        assert title_size(ui) == theme.SIZES["headline_small"]
        await choose(ui, "text-size", "2.0")
        assert ui.state.text_scale == 2.0
        assert title_size(ui) == theme.size("headline_small", 2.0) > 1.7 * 28
        assert ui.page.theme is not None and ui.page.theme.text_theme is not None
        body = ui.page.theme.text_theme.body_large
        assert body is not None and body.size == 2 * theme.SIZES["body_large"]
        assert device[TEXT_SCALE_KEY] == 2.0
    # The next visit on this device (a new session) opens at 200%, on every screen.
    async with rendered_app("/signin", device) as ui:
        assert ui.state.text_scale == 2.0
        assert title_size(ui) == theme.size("headline_small", 2.0) > 1.7 * 28
        field = ui.field("email")
        assert field.text_size == 2 * theme.SIZES["body_large"]
    # Another device knows nothing of it.
    async with rendered_app("/signin", {}) as ui:
        assert ui.state.text_scale == 1.0


@async_test
async def test_a_stored_text_size_is_kept_between_100_and_200_percent() -> None:
    for stored, expected in [("huge", 1.0), (9.0, 2.0), (0.2, 1.0), (1.5, 1.5), (None, 1.0)]:
        async with rendered_app("/", {TEXT_SCALE_KEY: stored}) as ui:
            assert ui.state.text_scale == expected, stored


@async_test
async def test_settings_are_reachable_signed_out_from_every_top_bar() -> None:
    async with rendered_app("/centers") as ui:
        assert not ui.state.signed_in
        await loaded(ui)
        await ui.click("to-settings")
        assert ui.route == "/settings?from=%2Fcenters"
        await ui.click("back")
        assert ui.route == "/centers"
        await loaded(ui)


@async_test
async def test_settings_go_back_only_to_a_screen_of_the_app() -> None:
    async with rendered_app("/settings?from=https%3A%2F%2Fevil.example") as ui:
        await ui.click("done")
        assert ui.route == "/"
    async with rendered_app("/settings?from=%2F%2Fevil.example") as ui:
        await ui.click("done")
        assert ui.route == "/"


@async_test
async def test_the_account_page_links_to_the_settings() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", "maria@example.com")
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await ui.go("/account")
        await ui.click("account-to-settings")
        assert ui.route.startswith("/settings?from=%2Faccount")


@async_test
async def test_labels_go_above_the_fields_when_the_text_is_big() -> None:
    """A label inside a field does not wrap: above 100% it sits above, still naming it."""
    async with rendered_app("/register", {TEXT_SCALE_KEY: 2.0}) as ui:
        field = ui.field("full_name")
        assert field.label is None
        merged = [m for m in ui.find_all(ft.MergeSemantics)
                  if any(c is field for c in walk(m))]
        assert len(merged) == 1
        assert "Your full name" in ui.texts(merged[0])


# ---------------------------------------------------------------- contrast


@pytest.mark.parametrize("palette", [theme.STANDARD, theme.HIGH_CONTRAST],
                         ids=["standard", "high-contrast"])
def test_text_colours_keep_at_least_7_to_1(palette: theme.Palette) -> None:
    for text, background in theme.TEXT_PAIRS:
        ratio = theme.contrast_ratio(getattr(palette, text), getattr(palette, background))
        assert ratio >= 7, f"{text} on {background}: {ratio:.2f}:1"
    # Lines and the focus ring are not text: 3:1 against the page is what they need.
    assert theme.contrast_ratio(palette.INACTIVE, palette.BACKGROUND) >= 3
    assert theme.contrast_ratio(palette.FOCUS, palette.BACKGROUND) >= 3
    assert theme.contrast_ratio(palette.FOCUS_ON_PRIMARY, palette.PRIMARY) >= 3


def test_every_kind_of_button_shows_a_wide_focus_ring() -> None:
    for high_contrast in (False, True):
        built = theme.build_theme(1.0, high_contrast)
        for button_theme in (built.filled_button_theme, built.outlined_button_theme,
                             built.text_button_theme, built.icon_button_theme):
            assert button_theme is not None and button_theme.style is not None
            sides = button_theme.style.side
            assert isinstance(sides, dict)
            ring = sides[ft.ControlState.FOCUSED]
            assert ring.width >= 3


def test_high_contrast_is_starker_than_standard() -> None:
    for name in ("TEXT", "MUTED", "PRIMARY", "ERROR", "SUCCESS", "WARNING"):
        hc = theme.contrast_ratio(getattr(theme.HIGH_CONTRAST, name), "#FFFFFF")
        standard = theme.contrast_ratio(getattr(theme.STANDARD, name), "#FFFFFF")
        assert hc >= standard and hc >= 10, name


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert theme.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@async_test
async def test_high_contrast_switches_every_colour_and_is_remembered() -> None:
    device: dict[str, object] = {}
    async with rendered_app("/settings", device) as ui:
        assert ui.page.theme is not None and ui.page.theme.color_scheme is not None
        assert ui.page.theme.color_scheme.primary == theme.STANDARD.PRIMARY
        await toggle(ui, "high-contrast", True)
        assert ui.state.high_contrast
        assert ui.page.theme.color_scheme.primary == theme.HIGH_CONTRAST.PRIMARY
        colours = {getattr(c, "color", None) for c in ui.controls() if isinstance(c, ft.Text)}
        assert theme.HIGH_CONTRAST.TEXT in colours
        assert theme.STANDARD.TEXT not in colours
        assert device[HIGH_CONTRAST_KEY] is True
    async with rendered_app("/centers", device) as ui:
        assert ui.state.high_contrast
        # Both loads done (the filters and the list): none is left running at the end.
        await wait_until(ui, lambda: ui.has_key("centers-count") and ui.has_key(
            "filter-service"), "centers")
        await loaded(ui)
        colours = {getattr(c, "color", None) for c in ui.controls()
                   if isinstance(c, ft.Text | ft.Icon)}
        assert colours & {theme.HIGH_CONTRAST.PRIMARY, theme.HIGH_CONTRAST.TEXT}
        # (The standard text colour is also high contrast's secondary one: not a sign.)
        assert not colours & {theme.STANDARD.PRIMARY, theme.STANDARD.MUTED}


def test_no_colour_is_taken_from_the_theme_before_a_session_exists() -> None:
    """`theme.PRIMARY` read at import time (a module constant, a default argument) would
    stay the standard colour in high contrast: colours are read while rendering."""
    palette_names = {f for f in theme.Palette.__dataclass_fields__}
    offenders: list[str] = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def flag(node: ast.AST, where: str, path: Path = path) -> None:
            for sub in ast.walk(node):
                if (isinstance(sub, ast.Attribute) and sub.attr in palette_names
                        and isinstance(sub.value, ast.Name) and sub.value.id == "theme"):
                    offenders.append(f"{path.relative_to(ROOT)}:{sub.lineno} ({where})")

        for stmt in tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                for default in [*stmt.args.defaults, *stmt.args.kw_defaults]:
                    if default is not None:
                        flag(default, "default argument")
            elif not isinstance(stmt, ast.ClassDef):
                flag(stmt, "module level")
    assert offenders == []


# ---------------------------------------------------------------- names and announcements


def unnamed_controls(ui: RenderedApp) -> list[str]:
    """Controls a screen reader could not name: icon-only buttons, fields, toggles."""
    found: list[str] = []
    merged = [c for m in ui.find_all(ft.MergeSemantics) for c in walk(m)]
    for c in ui.controls():
        if isinstance(c, ft.IconButton):
            icon = c.icon
            if not (isinstance(icon, ft.Icon) and icon.semantics_label):
                found.append(f"icon button {c.key} (a tooltip is no name)")
        elif isinstance(c, ft.TextField | ft.Dropdown):
            if not c.label and not any(x is c for x in merged):
                found.append(f"field {c.key}")
        elif isinstance(c, ft.Switch | ft.Checkbox | ft.Radio):
            if not c.label and not any(x is c for x in merged):
                found.append(f"{type(c).__name__} {c.key}")
        elif isinstance(c, ft.FilledButton | ft.OutlinedButton | ft.TextButton) and not (
                ui.texts(c)):
            found.append(f"button {c.key} without words")
    return found


def hidden_focus_rings(ui: RenderedApp) -> list[str]:
    """Buttons whose own border replaces the theme's focus ring without one of its own (a
    button's `side` wins over the theme's for every state, focus included)."""
    found = []
    for c in ui.controls():
        style = getattr(c, "style", None)
        side = style.side if isinstance(style, ft.ButtonStyle) else None
        if side is not None and not (isinstance(side, dict) and ft.ControlState.FOCUSED in side):
            found.append(f"{type(c).__name__} {c.key}")
    return found


@pytest.mark.parametrize("text", [1.0, 2.0])
@async_test
async def test_every_control_on_every_screen_has_a_name(text: float) -> None:
    device: dict[str, object] = {TEXT_SCALE_KEY: text}
    async with rendered_app("/signin", device) as ui:
        await ui.type("email", "liwei@example.com")
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await wait_until(ui, lambda: ui.state.signed_in, "signed in")
        for visit in SCREENS:
            if ":" in visit.route or visit.taps or visit.route == "verify":
                continue  # screens reached through others: the browser test covers them
            await ui.go(visit.path)
            await loaded(ui)
            assert unnamed_controls(ui) == [], visit.path
            assert hidden_focus_rings(ui) == [], visit.path
            heading = ui.find(ft.Semantics, key="page-title")
            assert heading.header and heading.heading_level == 1, visit.path


@async_test
async def test_password_fields_have_a_named_show_button() -> None:
    async with rendered_app("/signin?lang=zh") as ui:
        field = ui.field("password")
        assert field.password is True
        show = ui.find(ft.IconButton, key="password-show")
        assert isinstance(show.icon, ft.Icon) and show.icon.semantics_label == "显示密码"
        await ui.click("password-show")
        assert ui.field("password").password is False
        hide = ui.find(ft.IconButton, key="password-show")
        assert isinstance(hide.icon, ft.Icon) and hide.icon.semantics_label == "隐藏密码"


@async_test
async def test_field_errors_are_announced_together() -> None:
    async with rendered_app("/signin") as ui:
        await ui.click("submit")
        await asyncio.sleep(0.1)
        await ui.settle()
        said = [a["message"] for a in ui.invoked("announce_message")]
        assert said == ["E-mail address: Enter an e-mail address like name@example.com. "
                        "Password: Enter your password."]
        assert ui.invoked("announce_message")[-1]["assertiveness"] == ft.Assertiveness.ASSERTIVE
        # The errors stay tied to their fields (Flutter makes them the fields' descriptions).
        assert ui.field("password").error == "Enter your password."


# ---------------------------------------------------------------- the session's time limit


@async_test
async def test_the_session_warns_before_it_ends_and_can_be_extended() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", "maria@example.com")
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await wait_until(ui, lambda: ui.state.signed_in, "signed in")
        api = ui.state.api
        assert api.session_expires_at is not None
        now = datetime.now(UTC)
        # Half an hour of idle time left: nothing to say.
        assert check_now(ui.page, ui.state, now) == "ok"
        await ui.settle()
        assert not ui.has_key("stay-signed-in")
        # A minute left: every screen says when, with a button to stay.
        api.session_expires_at = now + timedelta(minutes=1)
        assert check_now(ui.page, ui.state, now) == "warn"
        await ui.settle()
        warning = " ".join(ui.texts("session-warning"))
        assert "you will be signed out at" in warning
        assert ui.find(ft.Semantics, key="session-warning").live_region
        await ui.click("stay-signed-in")
        ends = api.session_expires_at
        assert ends is not None and ends - datetime.now(UTC) > timedelta(minutes=29)
        assert not ui.has_key("session-warning")
        assert ui.state.signed_in


@async_test
async def test_an_ended_session_signs_out_and_says_why() -> None:
    async with rendered_app("/signin") as ui:
        await ui.type("email", "maria@example.com")
        await ui.type("password", DEMO_PASSWORD)
        await ui.click("submit")
        await wait_until(ui, lambda: ui.state.signed_in, "signed in")
        await ui.go("/documents")
        await loaded(ui)
        ui.state.api.session_expires_at = datetime.now(UTC) - timedelta(seconds=1)
        assert check_now(ui.page, ui.state, datetime.now(UTC)) == "ended"
        await ui.settle()
        assert not ui.state.signed_in and ui.state.api.token is None
        assert ui.route == "/signin"
        assert "nothing was done for a while" in " ".join(ui.texts("notice"))


# ---------------------------------------------------------------- right to left


@async_test
async def test_arabic_turns_the_page_right_to_left() -> None:
    async with rendered_app("/guides?lang=ar") as ui:
        await loaded(ui)
        assert ui.page.rtl is True
        assert ui.page.locale_configuration.current_locale.language_code == "ar"
        ui.state.set_language("en")
        await loaded(ui)
        assert ui.page.rtl is False


# ---------------------------------------------------------------- the list of screens


def test_every_route_is_in_the_list_of_screens() -> None:
    """The accessibility test and `make screenshots` visit tools/screens.py: a new route
    needs a Visit there."""
    routes = {"" if r.index else str(r.path) for r in ROUTES}
    listed = {v.route for v in SCREENS}
    assert routes - listed == set(), "add these routes to tools/screens.py"
    assert listed - routes == set(), "tools/screens.py lists routes the app does not have"
