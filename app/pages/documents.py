"""My documents: the visas and permits held (with a warning and a booking button when one
ends soon), the Permanent Resident ID Card, and the passport on record."""

from __future__ import annotations

from datetime import date
from typing import Any

import flet as ft

from app import theme
from app.components.controls import banner, detail_row, heading, loading, primary_button
from app.components.copy import CopyRow
from app.components.language import use_chinese_font
from app.components.shell import Screen
from app.i18n import Translator
from app.pages.booking.common import error_banner, note, use_loaded
from app.pages.progress import progress_gate
from app.state import progress
from app.state.context import use_state_ctx

KIND_ICONS = {
    "visa": ft.Icons.AIRPLANE_TICKET,
    "stay_permit": ft.Icons.HOTEL,
    "residence_permit": ft.Icons.HOME_WORK,
    "pr_card": ft.Icons.CREDIT_CARD,
    "passport": ft.Icons.BOOK,
}


def _day(_: Translator, value: str) -> str:
    return _.date(date.fromisoformat(value), "long")


def validity_line(_: Translator, doc: dict[str, Any]) -> ft.Control:
    """Valid, ending soon or expired: in words beside an icon (never colour alone)."""
    valid_to = _day(_, doc["valid_to"])
    if doc.get("expired"):
        icon, colour, text = ft.Icons.ERROR_OUTLINE, theme.ERROR, _(
            "Expired on %(date)s", date=valid_to)
    elif doc.get("expiring_soon"):
        days = doc["days_left"]
        text = _("Ends today") if days == 0 else _(
            "Ends in %(days)s days, on %(date)s", days=_.number(days), date=valid_to)
        icon, colour = ft.Icons.WARNING_AMBER, theme.WARNING
    else:
        icon, colour, text = ft.Icons.CHECK_CIRCLE_OUTLINE, theme.SUCCESS, _(
            "Valid until %(date)s", date=valid_to)
    return ft.Semantics(
        container=True,
        identifier="validity",
        content=ft.Row(
            [ft.Icon(icon, color=colour, size=28),
             ft.Text(text, size=theme.size("body_large"), color=colour,
                     weight=ft.FontWeight.W_600, expand=True)],
            spacing=8,
        ),
    )


def card(title: str, icon: ft.IconData, rows: list[ft.Control], *, key: str,
         border: str | None = None) -> ft.Control:
    return ft.Semantics(
        identifier=key,
        container=True,
        content=ft.Container(
            content=ft.Column(
                [ft.Row([ft.Icon(icon, size=32, color=theme.PRIMARY),
                         ft.Text(title, size=theme.size("title_medium"),
                                 weight=ft.FontWeight.W_600, color=theme.TEXT, expand=True)],
                        spacing=12),
                 *rows],
                spacing=14,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
            padding=16,
            border=ft.Border.all(2, border or theme.PRIMARY),
            border_radius=12,
        ),
    )


@ft.component
def PermitCard(permit: dict[str, Any]) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    pid = permit["id"]

    async def renew() -> None:
        progress.start_renewal(state, permit)
        page.navigate("/book/center")

    title = permit["kind_label"]
    if permit.get("type"):
        title = f"{title} · {permit['type']}"
    rows: list[ft.Control] = [validity_line(_, permit)]
    if permit["expiring_soon"]:
        rows += [
            banner(_("It ends on %(date)s. Book an appointment to renew or extend it before "
                     "then.", date=_day(_, permit["valid_to"])),
                   kind="warning", key=f"expiring-{pid}"),
            primary_button(_("Book: %(service)s", service=permit["renewal_service_name"]),
                           renew, icon=ft.Icons.EVENT_AVAILABLE, key=f"renew-{pid}"),
        ]
    rows += [
        CopyRow(_("Number"), permit["number"], name=f"number-{pid}"),
        detail_row(_("Valid from"), _day(_, permit["valid_from"])),
        detail_row(_("Valid until"), _day(_, permit["valid_to"])),
    ]
    if permit.get("entries"):
        rows.append(detail_row(_("Entries"), permit["entries"]))
    if permit.get("duration_of_stay_days"):
        rows.append(detail_row(_("Duration of each stay"),
                               _("%(days)s days", days=_.number(permit["duration_of_stay_days"]))))
    if permit.get("issuing_authority"):
        rows.append(detail_row(_("Issued by"), permit["issuing_authority"]))
    if permit.get("remarks"):
        rows.append(detail_row(_("Remarks"), permit["remarks"]))
    border = theme.WARNING if permit["expiring_soon"] else (
        theme.INACTIVE if permit["expired"] else theme.PRIMARY)
    return card(title, KIND_ICONS.get(permit["kind"], ft.Icons.BADGE), rows,
                key=f"permit-{pid}", border=border)


@ft.component
def PrCard(pr: dict[str, Any] | None) -> ft.Control:
    _ = use_state_ctx().tr
    use_chinese_font(bool(pr and pr.get("name_zh")))
    if pr is None:
        return note(_("There is no Permanent Resident ID Card on record."), key="no-pr-card")
    rows: list[ft.Control] = [
        validity_line(_, pr),
        CopyRow(_("Card number"), pr["number"], name="pr-number"),
        detail_row(_("Name"), pr["name_en"]),
    ]
    if pr.get("name_zh"):
        rows.append(detail_row(_("Chinese name"), pr["name_zh"]))
    rows += [
        detail_row(_("Nationality"), f"{pr['nationality_name']} ({pr['nationality']})"),
        detail_row(_("Date of birth"), _day(_, pr["birth_date"])),
        detail_row(_("Valid from"), _day(_, pr["valid_from"])),
        detail_row(_("Valid until"), _day(_, pr["valid_to"])),
    ]
    if pr.get("issuing_authority"):
        rows.append(detail_row(_("Issued by"), pr["issuing_authority"]))
    return card(_("Permanent Resident ID Card"), KIND_ICONS["pr_card"], rows, key="pr-card")


@ft.component
def PassportCard(passport: dict[str, Any]) -> ft.Control:
    _ = use_state_ctx().tr
    rows: list[ft.Control] = []
    if passport.get("valid_to"):
        rows.append(validity_line(_, passport))
    rows += [
        CopyRow(_("Passport number"), passport["number"], name="passport-number"),
        detail_row(_("Country"), passport["country_name"]),
    ]
    if passport.get("valid_from"):
        rows.append(detail_row(_("Valid from"), _day(_, passport["valid_from"])))
    if passport.get("valid_to"):
        rows.append(detail_row(_("Valid until"), _day(_, passport["valid_to"])))
    if passport.get("issuing_authority"):
        rows.append(detail_row(_("Issued by"), passport["issuing_authority"]))
    return card(_("Passport"), KIND_ICONS["passport"], rows, key="passport")


@ft.component
def DocumentsView(pr_only: bool) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    loaded, _reload = use_loaded(lambda: progress.load_documents(state),
                                 [state.lang, state.applicant_id])
    title = _("Permanent Resident ID Card") if pr_only else _("My documents")
    body: list[ft.Control] = [*error_banner(loaded)]
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        data = loaded.data
        if state.applicant_name:
            body.append(note(_("Documents of %(name)s", name=state.applicant_name),
                             key="applicant"))
        if not pr_only:
            body.append(heading(_("Visas and permits"), level=2, key="permits"))
            if data["permits"]:
                body += [PermitCard(p) for p in data["permits"]]
            else:
                body.append(note(_("There are no visas or permits on record."),
                                 key="no-permits"))
        if not pr_only:  # on the card's own page its title already says it
            body.append(heading(_("Permanent Resident ID Card"), level=2, key="pr"))
        if pr_only and data["pr_card"] is not None:
            body += [
                heading(_("Passport and PR card document"), level=2, key="certificate-heading"),
                note(_("An electronic document linking your passport and this card, for banks, "
                       "tax, social security and telecom operators."), key="certificate-note"),
                primary_button(_("Passport and PR card document"),
                               lambda: ft.context.page.navigate("/certificates"),
                               icon=ft.Icons.VERIFIED, key="to-certificates"),
            ]
        body += [PrCard(data["pr_card"]),
                 heading(_("Passport on record"), level=2, key="passport-heading"),
                 PassportCard(data["passport"])]
    return Screen(title, body, back="/")


@ft.component
def DocumentsPage() -> ft.Control:
    state = use_state_ctx()
    return progress_gate(state, state.tr("My documents"), documents=True) or DocumentsView(False)


@ft.component
def PrCardPage() -> ft.Control:
    state = use_state_ctx()
    gate = progress_gate(state, state.tr("Permanent Resident ID Card"), documents=True)
    return gate or DocumentsView(True)
