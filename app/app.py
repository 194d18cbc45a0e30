"""Root of the Flet app: one AppState per session, the router, language and theme."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any
from urllib.parse import parse_qs, urlparse

import flet as ft

from app import fonts, theme
from app.api_client import ApiClient, ApiError
from app.components.controls import banner, primary_button
from app.components.session_timer import watch_session
from app.components.shell import Screen
from app.navigation import InstantNavigation
from app.pages.auth import AccountPage, RegisterPage, SignInPage
from app.pages.booking import (
    BookedPage,
    CancelPage,
    CenterStepPage,
    DayStepPage,
    MyAppointmentsPage,
    ReviewStepPage,
    ServiceStepPage,
    TimeStepPage,
)
from app.pages.centers import CenterPage, CentersPage, TaxiPage
from app.pages.certificates import CertificatesPage, VerifyDocumentPage
from app.pages.documents import DocumentsPage, PrCardPage
from app.pages.guides import GuidePage, GuidesPage
from app.pages.helpers import (
    ActivityPage,
    AddPersonPage,
    MyHelpersPage,
    PeoplePage,
    StopHelpingPage,
)
from app.pages.home import HomePage, NotYetPage
from app.pages.identity import VerifyIdentityPage
from app.pages.kiosk import AppLayout, KioskCheckInPage, KioskMenuPage, KioskStartPage, close_kiosk
from app.pages.language import LanguagePage
from app.pages.progress import ApplicationPage, InquiryPage, MyApplicationsPage
from app.pages.settings import DisplaySettingsPage
from app.pages.staff import (
    StaffApplicationsPage,
    StaffCapacityPage,
    StaffClosuresPage,
    StaffDayPage,
    StaffHomePage,
)
from app.state import kiosk, preferences
from app.state.context import StateContext, use_state_ctx
from app.state.device import DevicePreferences
from app.state.session import AppState

ROUTES = [
    ft.Route(index=True, component=HomePage),
    ft.Route(path="signin", component=SignInPage),
    ft.Route(path="register", component=RegisterPage),
    ft.Route(path="verify", component=VerifyIdentityPage),
    ft.Route(path="account", component=AccountPage),
    ft.Route(path="language", component=LanguagePage),
    ft.Route(path="soon/:key", component=NotYetPage),
    ft.Route(path="book", component=ServiceStepPage),
    ft.Route(path="book/center", component=CenterStepPage),
    ft.Route(path="book/day", component=DayStepPage),
    ft.Route(path="book/time", component=TimeStepPage),
    ft.Route(path="book/review", component=ReviewStepPage),
    ft.Route(path="book/done", component=BookedPage),
    ft.Route(path="appointments", component=MyAppointmentsPage),
    ft.Route(path="appointments/:ref/day", component=DayStepPage),
    ft.Route(path="appointments/:ref/time", component=TimeStepPage),
    ft.Route(path="appointments/:ref/review", component=ReviewStepPage),
    ft.Route(path="appointments/:ref/cancel", component=CancelPage),
    ft.Route(path="centers", component=CentersPage),
    ft.Route(path="centers/:id", component=CenterPage),
    ft.Route(path="centers/:id/taxi", component=TaxiPage),
    ft.Route(path="guides", component=GuidesPage),
    ft.Route(path="guides/:service", component=GuidePage),
    ft.Route(path="applications", component=MyApplicationsPage),
    ft.Route(path="applications/:no", component=ApplicationPage),
    ft.Route(path="inquiry", component=InquiryPage),
    ft.Route(path="documents", component=DocumentsPage),
    ft.Route(path="documents/pr-card", component=PrCardPage),
    ft.Route(path="certificates", component=CertificatesPage),
    ft.Route(path="verify-document", component=VerifyDocumentPage),
    ft.Route(path="people", component=PeoplePage),
    ft.Route(path="people/add", component=AddPersonPage),
    ft.Route(path="people/:aid/stop", component=StopHelpingPage),
    ft.Route(path="helpers", component=MyHelpersPage),
    ft.Route(path="activity", component=ActivityPage),
    ft.Route(path="kiosk/:center", component=KioskStartPage),
    ft.Route(path="kiosk/:center/menu", component=KioskMenuPage),
    ft.Route(path="kiosk/:center/check-in", component=KioskCheckInPage),
    ft.Route(path="staff", component=StaffHomePage),
    ft.Route(path="staff/centers/:center", component=StaffDayPage),
    ft.Route(path="staff/centers/:center/closures", component=StaffClosuresPage),
    ft.Route(path="staff/centers/:center/capacity", component=StaffCapacityPage),
    ft.Route(path="staff/applications", component=StaffApplicationsPage),
    ft.Route(path="settings", component=DisplaySettingsPage),
]


# The Flutter locale of each language (its widgets' texts, date pickers, text direction).
FLUTTER_LOCALES = {
    "en": ft.Locale("en"),
    "zh": ft.Locale("zh", "CN", "Hans"),
    "ru": ft.Locale("ru"),
    "fr": ft.Locale("fr"),
    "es": ft.Locale("es"),
    "ar": ft.Locale("ar"),
    "ko": ft.Locale("ko", "KR"),
    "ja": ft.Locale("ja", "JP"),
}


def locale_configuration(lang: str) -> ft.LocaleConfiguration:
    """Locales Flutter may use; all three Chinese forms, or Chinese takes Japanese glyphs."""
    supported = [*FLUTTER_LOCALES.values(), ft.Locale("zh"), ft.Locale("zh", script_code="Hans")]
    return ft.LocaleConfiguration(
        supported_locales=supported,
        current_locale=FLUTTER_LOCALES.get(lang, FLUTTER_LOCALES["en"]),
    )


@ft.component
def NotFoundPage() -> ft.Control:
    _ = use_state_ctx().tr
    page = ft.context.page
    return Screen(_("Page not found"),
                  [banner(_("There is no page at this address."), kind="warning"),
                   primary_button(_("Go to the home screen"), lambda: page.navigate("/"))])


def apply_language(page: ft.Page, state: AppState) -> None:
    """Set the page's title, direction, locales, fonts and theme for the state's language."""
    page.title = state.tr("Immigration services")
    page.rtl = state.tr.rtl
    page.locale_configuration = locale_configuration(state.lang)
    # Fonts already loaded stay registered (they cost nothing more); the new language's
    # script font is added, so a page fetches only the scripts it has shown.
    page.fonts = {**(page.fonts or {}), **fonts.fonts_for(state.lang)}
    theme.apply(page, state.display)


@ft.component
def App(state: AppState) -> ft.Control:
    page = ft.context.page
    shown_in = ft.use_ref(state.lang)  # main() applied the first language with the first screen

    def language_changed() -> None:
        if shown_in.current != state.lang:
            shown_in.current = state.lang
            apply_language(page, state)
            page.update()

    ft.use_effect(language_changed, dependencies=[state.lang])

    # Names are written in any script (李伟, 김민준): their font is loaded, whatever the language.
    names = names_in(state.me)

    def load_name_fonts() -> None:
        fonts.load_fonts(page, fonts.fonts_for_text(state.lang, names))

    ft.use_effect(load_name_fonts, dependencies=[state.lang, "\n".join(names)])
    if theme.current() != state.display:
        # Set before the screens render, so that they take the sizes and colours chosen.
        theme.apply(page, state.display)
    ft.use_effect(page.update, dependencies=[state.text_scale, state.high_contrast])
    # Every route inside one layout: on a kiosk tablet it adds the kiosk's frame.
    return StateContext(state, lambda: ft.Router([ft.Route(component=AppLayout, children=ROUTES)],
                                                 not_found=NotFoundPage))


def names_in(me: dict[str, Any] | None) -> list[str]:
    """The names of the signed-in account and the people it acts for."""
    if not me:
        return []
    people = [me.get("account") or {}, me.get("applicant") or {}, *(me.get("applicants") or [])]
    return sorted({str(p["full_name"]) for p in people if p.get("full_name")})


def initial_language(route: str | None) -> str | None:
    """The `?lang=` of the address the app was opened with."""
    return parse_qs(urlparse(route or "/").query).get("lang", [None])[0]


async def main(page: ft.Page) -> None:
    """Called for every new browser session."""
    kiosk_center_id = kiosk.kiosk_center(page.route)
    # A kiosk tablet is shared by strangers: there the device remembers nothing.
    device = DevicePreferences(
        None if kiosk_center_id is not None else preferences.shared_preferences())
    state = AppState(api=ApiClient(client_ip=page.client_ip or "127.0.0.1"), device=device)
    asked = initial_language(page.route)
    state.set_language(asked or "en")
    if asked:
        state.language_source = "link"
    if kiosk_center_id is not None:
        kiosk.enter(state, kiosk_center_id)  # a center's kiosk tablet from the first screen
    page.theme_mode = ft.ThemeMode.LIGHT
    page.padding = 0

    async def device_display() -> theme.Display:
        # A kiosk's next visitor starts from the standard display, whatever the last one chose.
        return theme.Display() if state.kiosk else await preferences.load_display()

    # What this device remembers (display, and the language chosen before unless the address
    # gives one), asked together before the first screen: one wait, and the first screen is
    # already in the reader's size and language.
    display, _ = await asyncio.gather(
        device_display(), asyncio.sleep(0) if asked else state.load_device_language())
    state.text_scale, state.high_contrast = display.scale, display.high_contrast
    # In the same message as the first screen: set after it, a new locale and title made the
    # browser build the whole first screen a second time.
    apply_language(page, state)

    watcher = asyncio.create_task(watch_session(page, state))

    async def close_client(_e: object) -> None:
        watcher.cancel()
        # The browser session is gone: end the API session too, so no token outlives it.
        close_kiosk(state)
        with contextlib.suppress(ApiError):
            await state.api.logout()
        await state.api.aclose()

    page.on_close = close_client
    InstantNavigation(page)
    page.render(App, state)
