"""Root of the Flet app: one AppState per session, the router, language and theme."""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlparse

import flet as ft

from app import theme
from app.api_client import ApiClient, ApiError
from app.components.controls import banner, primary_button
from app.components.shell import Screen
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
from app.pages.progress import ApplicationPage, InquiryPage, MyApplicationsPage
from app.state.context import StateContext, use_state_ctx
from app.state.session import AppState

ROUTES = [
    ft.Route(index=True, component=HomePage),
    ft.Route(path="signin", component=SignInPage),
    ft.Route(path="register", component=RegisterPage),
    ft.Route(path="verify", component=VerifyIdentityPage),
    ft.Route(path="account", component=AccountPage),
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
]


def locale_configuration(lang: str) -> ft.LocaleConfiguration:
    """Locales Flutter may use; all three Chinese forms, or Chinese takes Japanese glyphs."""
    chinese = ft.Locale("zh", "CN", "Hans")
    return ft.LocaleConfiguration(
        supported_locales=[ft.Locale("en"), ft.Locale("zh"), ft.Locale("zh", script_code="Hans"),
                           chinese],
        current_locale=chinese if lang == "zh" else ft.Locale("en"),
    )


@ft.component
def NotFoundPage() -> ft.Control:
    _ = use_state_ctx().tr
    page = ft.context.page
    return Screen(_("Page not found"),
                  [banner(_("There is no page at this address."), kind="warning"),
                   primary_button(_("Go to the home screen"), lambda: page.navigate("/"))])


@ft.component
def App(state: AppState) -> ft.Control:
    page = ft.context.page

    def apply_language() -> None:
        page.title = state.tr("Immigration services")
        page.rtl = state.tr.rtl
        page.locale_configuration = locale_configuration(state.lang)
        page.update()

    ft.use_effect(apply_language, dependencies=[state.lang])
    return StateContext(state, lambda: ft.Router(ROUTES, not_found=NotFoundPage))


def initial_language(route: str | None) -> str | None:
    """The `?lang=` of the address the app was opened with."""
    return parse_qs(urlparse(route or "/").query).get("lang", [None])[0]


async def main(page: ft.Page) -> None:
    """Called for every new browser session."""
    state = AppState(api=ApiClient(client_ip=page.client_ip or "127.0.0.1"))
    state.set_language(initial_language(page.route) or "en")
    page.fonts = theme.FONTS
    page.theme = build = theme.build_theme(state.text_scale)
    page.dark_theme = build
    page.theme_mode = ft.ThemeMode.LIGHT
    page.padding = 0
    page.bgcolor = "#FFFFFF"

    async def close_client(_e: object) -> None:
        # The browser session is gone: end the API session too, so no token outlives it.
        with contextlib.suppress(ApiError):
            await state.api.logout()
        await state.api.aclose()

    page.on_close = close_client
    page.render(App, state)
