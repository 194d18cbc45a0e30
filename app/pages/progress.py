"""Application progress: my applications, one application's timeline, and the inquiry by
application number and passport number for people without an account."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import flet as ft

from app import theme
from app.components.controls import (
    detail_row,
    heading,
    link_button,
    loading,
    paragraph,
    primary_button,
    secondary_button,
    text_field,
)
from app.components.copy import CopyRow
from app.components.forms import use_form
from app.components.gates import access_gate
from app.components.shell import Screen
from app.i18n import Translator
from app.pages.booking.common import error_banner, note, use_loaded
from app.state import progress
from app.state.context import use_state_ctx
from app.state.session import AppState, FormResult

STATUS_ICONS: dict[str, ft.IconData] = {
    "submitted": ft.Icons.SEND,
    "accepted": ft.Icons.ASSIGNMENT_TURNED_IN,
    "under_review": ft.Icons.MANAGE_SEARCH,
    "more_materials": ft.Icons.ASSIGNMENT_LATE,
    "approved": ft.Icons.CHECK_CIRCLE,
    "refused": ft.Icons.CANCEL,
    "ready_for_collection": ft.Icons.STOREFRONT,
    "collected": ft.Icons.TASK_ALT,
}
# Colour only repeats what the icon and the words say.
# (By the name of the colour in the theme, resolved per session: standard or high contrast.)
STATUS_COLOURS = {
    "more_materials": "WARNING",
    "approved": "SUCCESS",
    "ready_for_collection": "SUCCESS",
    "collected": "SUCCESS",
    "refused": "ERROR",
}


def status_colour(status: str) -> str:
    return str(getattr(theme, STATUS_COLOURS.get(status, "PRIMARY")))


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def when(_: Translator, value: str) -> str:
    """A step's date and time in the center's time zone: "Nov 6, 2026 10:00"."""
    moment = _time(value)
    return f"{_.date(moment.date(), 'medium')} {_.time(moment)}"


def status_line(_: Translator, status: str, label: str, *, key: str | None = None) -> ft.Control:
    """The application's status in words beside its icon (never colour alone)."""
    colour = status_colour(status)
    # Read as "Status: Refused"; the visible word alone is not read a second time.
    return ft.Semantics(
        container=True,
        identifier=key,
        label=_("Status: %(status)s", status=label),
        content=ft.Row(
            [ft.Icon(STATUS_ICONS.get(status, ft.Icons.INFO_OUTLINE), color=colour, size=30),
             ft.Semantics(
                 exclude_semantics=True,
                 content=ft.Text(label, size=theme.size("title_medium"), color=colour,
                                 weight=ft.FontWeight.W_600),
                 expand=True,
             )],
            spacing=10,
        ),
    )


def expected_text(_: Translator, application: dict[str, Any]) -> str | None:
    """The estimate of the decision date in plain words, or why there is none."""
    status = application["status"]
    days = _.number(application["time_limit_working_days"])
    if application.get("expected_by"):
        return _("Decision expected by %(date)s. This is an estimate: the legal time limit is "
                 "%(days)s working days, not counting public holidays.",
                 date=_.date(date.fromisoformat(application["expected_by"]), "full"), days=days)
    if status == "more_materials":
        return _("The time limit is paused until the missing materials are received. See the "
                 "last step for what is needed.")
    return None


def timeline(_: Translator, events: list[dict[str, Any]]) -> ft.Control:
    """Every step, the latest first, as a vertical line of icons with dates and notes."""
    items: list[ft.Control] = []
    ordered = list(reversed(events))
    for index, event in enumerate(ordered):
        status = event["status"]
        colour = status_colour(status)
        last = index == len(ordered) - 1
        marker = ft.Container(
            content=ft.Icon(STATUS_ICONS.get(status, ft.Icons.CIRCLE), color=colour, size=26),
            width=44, height=44, border_radius=22, border=ft.Border.all(2, colour),
            bgcolor=theme.BACKGROUND, alignment=ft.Alignment.CENTER,
        )
        texts: list[ft.Control] = [
            ft.Text(event["label"], size=theme.size("title_medium"),
                    weight=ft.FontWeight.W_600, color=theme.TEXT),
            ft.Text(when(_, event["at"]), size=theme.size("body_medium"), color=theme.MUTED),
        ]
        if event.get("note"):
            texts.append(ft.Text(event["note"], size=theme.size("body_large"),
                                 color=theme.TEXT))
        items.append(ft.Semantics(
            container=True,
            identifier=f"step-{len(ordered) - 1 - index}",
            # The line to the next step is drawn behind the row, as tall as the row: a Row
            # that stretches its children has no height to stretch to in a scrolling list
            # (Flutter then draws nothing below it).
            content=ft.Stack([
                *([] if last else [ft.Container(left=22, top=0, bottom=0, width=3,
                                                bgcolor=theme.INACTIVE)]),
                ft.Row(
                    [ft.Container(marker, width=48, alignment=ft.Alignment.TOP_CENTER),
                     ft.Container(ft.Column(texts, spacing=4), expand=True,
                                  padding=ft.Padding.only(bottom=20))],
                    spacing=12,
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
            ]),
        ))
    return ft.Semantics(
        identifier="timeline",
        container=True,
        content=ft.Column(items, spacing=0),
    )


@ft.component
def ApplicationDetails(application: dict[str, Any]) -> ft.Control:
    """One application: what, where, its status, the expected date and the whole timeline."""
    _ = use_state_ctx().tr
    rows: list[ft.Control] = [
        heading(application["service_name"], level=2, key="service"),
        status_line(_, application["status"], application["status_label"], key="status"),
    ]
    expected = expected_text(_, application)
    if expected:
        rows.append(paragraph(expected, key="expected", color=theme.TEXT))
    rows += [
        CopyRow(_("Application number"), application["application_no"], name="application-no"),
        detail_row(_("Submitted"), when(_, application["submitted_at"])),
        detail_row(_("Service center"),
                   f"{application['center_name']}\n{application['center_address']}"),
    ]
    if application.get("center_phone"):
        rows.append(detail_row(_("Phone"), application["center_phone"]))
    if application.get("person_name"):
        rows.append(detail_row(_("Applicant"), application["person_name"]))
    rows += [heading(_("All steps"), level=2, key="steps"), timeline(_, application["events"])]
    return ft.Column(rows, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


@ft.component
def ApplicationCard(application: dict[str, Any]) -> ft.Control:
    """An application in the list: status, estimate, the latest step, and a way to all steps."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    number = application["application_no"]
    latest = application["events"][-1] if application["events"] else None
    rows: list[ft.Control] = [
        heading(application["service_name"], level=2),
        status_line(_, application["status"], application["status_label"]),
        detail_row(_("Application number"), number),
    ]
    if latest is not None:
        rows.append(detail_row(_("Latest step, %(when)s", when=when(_, latest["at"])),
                               latest["note"] or latest["label"]))
    expected = expected_text(_, application)
    if expected:
        rows.append(note(expected))
    rows.append(secondary_button(_("All steps and details"),
                                 lambda: page.navigate(f"/applications/{number}"),
                                 icon=ft.Icons.TIMELINE, key=f"open-{number}"))
    return ft.Semantics(
        identifier=f"application-{number}",
        container=True,
        content=ft.Container(
            content=ft.Column(rows, spacing=12,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            padding=16,
            border=ft.Border.all(2, theme.PRIMARY),
            border_radius=12,
        ),
    )


def progress_gate(
    state: AppState, title: str, back: str = "/", *, documents: bool = False
) -> ft.Control | None:
    """Signed out or not verified: say so; for progress, offer the inquiry without an account."""
    _ = state.tr
    page = ft.context.page
    extra: list[ft.Control] = [] if documents else [
        secondary_button(_("Check without an account"), lambda: page.navigate("/inquiry"),
                         icon=ft.Icons.SEARCH, key="to-inquiry")]
    text = _("Please sign in to see your documents.") if documents else _(
        "Sign in to see all your applications. Or check one application without an "
        "account, with its number and your passport number.")
    return access_gate(state, title, signed_out_text=text, back=back, extra=extra)


@ft.component
def ApplicationsList() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    loaded, reload = use_loaded(lambda: progress.load_applications(state),
                                [state.lang, state.applicant_id])
    body: list[ft.Control] = [*error_banner(loaded)]
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        if state.applicant_name:
            body.append(paragraph(_("Applications of %(name)s", name=state.applicant_name),
                                  key="applicant"))
        if loaded.data:
            body += [ApplicationCard(a) for a in loaded.data]
        else:
            body.append(note(_("There are no applications on record yet."),
                             key="no-applications"))
        body.append(secondary_button(_("Refresh"), reload, icon=ft.Icons.REFRESH,
                                     key="refresh"))
    body.append(link_button(_("Check an application by its number"),
                            lambda: page.navigate("/inquiry"), key="to-inquiry"))
    return Screen(_("My applications"), body, back="/")


@ft.component
def MyApplicationsPage() -> ft.Control:
    state = use_state_ctx()
    return progress_gate(state, state.tr("My applications")) or ApplicationsList()


@ft.component
def ApplicationView(number: str) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    loaded, reload = use_loaded(lambda: progress.load_application(state, number),
                                [state.lang, number])
    body: list[ft.Control] = [*error_banner(loaded)]
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        body += [ApplicationDetails(loaded.data),
                 secondary_button(_("Refresh"), reload, icon=ft.Icons.REFRESH, key="refresh")]
    return Screen(_("Application progress"), body, back="/applications")


@ft.component
def ApplicationPage() -> ft.Control:
    state = use_state_ctx()
    number = ft.use_route_params().get("no", "")
    gate = progress_gate(state, state.tr("Application progress"), back="/applications")
    return gate or ApplicationView(number)


@ft.component
def InquiryPage() -> ft.Control:
    """Progress without an account: the application number and the passport number."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    form = use_form("application_no", "passport_no")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def submit() -> None:
        set_busy(True)
        outcome = await progress.inquire(state, application_no=form["application_no"],
                                         passport_no=form["passport_no"])
        set_busy(False)
        set_result(outcome)

    def again() -> None:
        form["application_no"], form["passport_no"] = "", ""
        set_result(FormResult())

    if result.ok and result.data:
        return Screen(_("Check application progress"), [
            ApplicationDetails(result.data),
            primary_button(_("Check another application"), again, icon=ft.Icons.SEARCH,
                           key="again"),
        ], back="/")

    body: list[ft.Control] = [
        paragraph(_("Enter the application number from your receipt and your passport "
                    "number. No account is needed.")),
        *error_banner(result),
        text_field(_("Application number"), form["application_no"],
                   form.setter("application_no"), error=result.fields.get("application_no"),
                   hint="CD2026-507821", key="application_no",
                   capitalization=ft.TextCapitalization.CHARACTERS),
        text_field(_("Passport number"), form["passport_no"], form.setter("passport_no"),
                   error=result.fields.get("passport_no"), key="passport_no",
                   capitalization=ft.TextCapitalization.CHARACTERS, on_submit=submit),
        primary_button(_("Checking…") if busy else _("Check progress"), submit,
                       icon=ft.Icons.SEARCH, key="submit", disabled=busy),
    ]
    if not state.signed_in:
        body.append(link_button(_("Sign in to see all your applications"),
                                lambda: page.navigate("/signin"), key="to-signin"))
    return Screen(_("Check application progress"), body, back="/")
