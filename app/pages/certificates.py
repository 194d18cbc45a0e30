"""The electronic document linking passport and PR card (function 5): one's documents with
their state, issuing a new one, the PDF, revoking; and the public verification page."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    detail_row,
    heading,
    loading,
    paragraph,
    primary_button,
    secondary_button,
    text_field,
)
from app.components.forms import use_form
from app.components.language import use_chinese_font
from app.components.shell import Screen
from app.i18n import Translator
from app.pages.booking.common import error_banner, note, use_loaded
from app.pages.progress import progress_gate
from app.state import certificates
from app.state.context import use_state_ctx
from app.state.session import FormResult


def status_look(_: Translator, status: str) -> tuple[ft.IconData, str, str]:
    """(icon, colour, word) of a document's state: always in words, never colour alone."""
    return {
        "valid": (ft.Icons.VERIFIED, theme.SUCCESS, _("Valid")),
        "expired": (ft.Icons.HISTORY, theme.WARNING, _("Expired")),
        "revoked": (ft.Icons.BLOCK, theme.ERROR, _("Revoked")),
        "tampered": (ft.Icons.GPP_BAD, theme.ERROR, _("Changed: not genuine")),
    }.get(status, (ft.Icons.HELP_OUTLINE, theme.ERROR, _("Not found")))


def _when(_: Translator, value: str | None) -> str:
    return _.datetime(datetime.fromisoformat(value.replace("Z", "+00:00"))) if value else ""


def status_row(_: Translator, status: str, *, size: int = 28, key: str = "status") -> ft.Control:
    icon, colour, word = status_look(_, status)
    return ft.Semantics(
        container=True, identifier=key,
        content=ft.Row(
            [ft.Icon(icon, color=colour, size=size),
             ft.Text(word, size=round(size * theme.current().scale), color=colour,
                     weight=ft.FontWeight.W_700, expand=True)],
            spacing=10,
        ),
    )


def big_code(_: Translator, display: str, *, key: str) -> ft.Control:
    return ft.Semantics(
        identifier=key, container=True,
        content=ft.Text(display, size=34, weight=ft.FontWeight.W_700, color=theme.TEXT,
                        selectable=True, font_family="monospace",
                        semantics_label=_("Verification code %(code)s",
                                          code=" ".join(display))),
    )


@ft.component
def CertificateCard(cert: dict[str, Any], on_changed: Any) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    code = cert["code"]
    confirming, set_confirming = ft.use_state(False)
    result, set_result = ft.use_state(FormResult())

    async def download() -> None:
        outcome = await certificates.pdf(state, code)
        set_result(outcome)
        if outcome.ok:
            await ft.FilePicker().save_file(
                dialog_title=_("Download PDF"), file_name=f"certificate-{code}.pdf",
                src_bytes=outcome.data,
            )

    async def revoke() -> None:
        outcome = await certificates.revoke(state, code)
        set_confirming(False)
        set_result(outcome)
        if outcome.ok:
            await on_changed()

    rows: list[ft.Control] = [
        status_row(_, cert["status"], key=f"status-{code}"),
        paragraph(_("Verification code"), role="body_medium", color=theme.MUTED),
        big_code(_, cert["code_display"], key=f"code-{code}"),
        detail_row(_("Issued"), _when(_, cert["issued_at"])),
        detail_row(_("Valid until"), _when(_, cert["expires_at"])),
    ]
    if cert.get("revoked_at"):
        rows.append(detail_row(_("Revoked"), _when(_, cert["revoked_at"])))
    rows += error_banner(result)
    if cert["status"] != "revoked":
        rows.append(primary_button(_("Download PDF"), download, icon=ft.Icons.DOWNLOAD,
                                   key=f"download-{code}"))
    if cert["status"] == "valid":
        if confirming:
            rows += [
                banner(_("Revoke this document? Anyone who checks it will see that it is "
                         "revoked. This cannot be undone."), kind="warning",
                       key=f"confirm-{code}"),
                primary_button(_("Yes, revoke it"), revoke, icon=ft.Icons.BLOCK,
                               key=f"revoke-yes-{code}"),
                secondary_button(_("Keep it"), lambda: set_confirming(False),
                                 key=f"revoke-no-{code}"),
            ]
        else:
            rows.append(secondary_button(_("Revoke"), lambda: set_confirming(True),
                                         icon=ft.Icons.BLOCK, key=f"revoke-{code}"))
    return ft.Semantics(
        identifier=f"certificate-{code}", container=True,
        content=ft.Container(
            content=ft.Column(rows, spacing=12,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            padding=16, border=ft.Border.all(2, status_look(_, cert["status"])[1]),
            border_radius=12,
        ),
    )


@ft.component
def CertificatesView() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    loaded, reload = use_loaded(lambda: certificates.load(state),
                                [state.lang, state.applicant_id])
    issued, set_issued = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)

    async def issue() -> None:
        set_busy(True)
        outcome = await certificates.issue(state)
        set_busy(False)
        set_issued(outcome)
        if outcome.ok:
            await reload()

    body: list[ft.Control] = [
        paragraph(_("An electronic document that links your passport and your Permanent "
                    "Resident ID Card, for banks, tax, social security and telecom operators. "
                    "It is signed by the server; anyone can check it with its verification "
                    "code or QR code. It is valid for 90 days.")),
        banner(_("Sample service: the document is not an official document."), kind="info",
               key="sample"),
    ]
    if state.applicant_name:
        body.append(note(_("Documents of %(name)s", name=state.applicant_name),
                         key="applicant"))
    body += error_banner(issued)
    if issued.ok and issued.data:
        body.append(banner(_("A new document was issued. Its code is %(code)s.",
                             code=issued.data["code_display"]), kind="success", key="issued"))
    body.append(primary_button(_("Issuing…") if busy else _("Issue a new document"), issue,
                               icon=ft.Icons.NOTE_ADD, key="issue", disabled=busy))
    body.append(heading(_("Issued documents"), level=2, key="issued-heading"))
    body += error_banner(loaded)
    if loaded is None:
        body.append(loading(_("Loading…")))
    elif loaded.ok:
        if loaded.data:
            body += [CertificateCard(c, reload) for c in loaded.data]
        else:
            body.append(note(_("No document has been issued yet."), key="none"))
    body.append(secondary_button(_("Check a document"),
                                 lambda: ft.context.page.navigate("/verify-document"),
                                 icon=ft.Icons.FACT_CHECK, key="to-check"))
    return Screen(_("Passport and PR card document"), body, back="/documents/pr-card")


@ft.component
def CertificatesPage() -> ft.Control:
    state = use_state_ctx()
    gate = progress_gate(state, state.tr("Passport and PR card document"), documents=True)
    return gate or CertificatesView()


def initial_code(location: str) -> str:
    return parse_qs(urlparse(location).query).get("code", [""])[0]


@ft.component
def VerifyDocumentPage() -> ft.Control:
    """Anyone (no sign-in): is a document genuine, expired or revoked?"""
    state = use_state_ctx()
    _ = state.tr
    form = use_form("code")
    result, set_result = ft.use_state(FormResult())
    busy, set_busy = ft.use_state(False)
    location = ft.context.page.route or ""

    async def submit() -> None:
        set_busy(True)
        outcome = await certificates.verify(state, form["code"])
        set_busy(False)
        set_result(outcome)

    async def from_link() -> None:
        code = initial_code(location)
        if code:  # opened from the QR code: check at once
            form["code"] = code
            await submit()

    ft.use_effect(from_link, dependencies=[])

    async def check_file() -> None:
        picked = await ft.FilePicker().pick_files(
            dialog_title=_("Choose the PDF file of the document"),
            allowed_extensions=["pdf"], with_data=True,
        )
        if not picked or picked[0].bytes is None:
            return  # the person closed the file chooser
        set_busy(True)
        outcome = await certificates.verify_file(state, picked[0].bytes)
        set_busy(False)
        set_result(outcome)

    def again() -> None:
        form["code"] = ""
        set_result(FormResult())

    title = _("Check a document")
    use_chinese_font(bool(result.ok and result.data and result.data.get("holder_name_zh")))
    if result.ok and result.data:
        data = result.data
        rows: list[ft.Control] = [status_row(_, data["status"], size=40, key="result")]
        if data["status"] == "unknown":
            rows.append(paragraph(_("No document has this code. Check the code on the "
                                    "document; a forged document has no code of ours.")))
        else:
            if data["status"] == "valid":
                rows.append(paragraph(_("This document is genuine and valid.")))
            elif data["status"] == "expired":
                rows.append(paragraph(_("This document was genuine but has expired.")))
            elif data["status"] == "revoked":
                rows.append(paragraph(_("This document was revoked. Do not accept it.")))
            rows += [
                detail_row(_("Name"), data.get("holder_name") or ""),
                *([detail_row(_("Chinese name"), data["holder_name_zh"])]
                  if data.get("holder_name_zh") else []),
                detail_row(_("Nationality"), data.get("nationality") or ""),
                detail_row(_("Passport number"), data.get("passport_no") or ""),
                detail_row(_("Card number"), data.get("pr_card_no") or ""),
                detail_row(_("Issued"), _when(_, data.get("issued_at"))),
                detail_row(_("Valid until"), _when(_, data.get("expires_at"))),
            ]
        rows.append(primary_button(_("Check another document"), again, icon=ft.Icons.SEARCH,
                                   key="again"))
        return Screen(title, rows, back="/")
    return Screen(title, [
        paragraph(_("Enter the verification code printed on the document, or scan its QR "
                    "code. No account is needed.")),
        *error_banner(result),
        text_field(_("Verification code"), form["code"], form.setter("code"),
                   error=result.fields.get("code"), hint="ABCD-EFGH-JK23", key="code",
                   capitalization=ft.TextCapitalization.CHARACTERS, on_submit=submit),
        primary_button(_("Checking…") if busy else _("Check"), submit, icon=ft.Icons.FACT_CHECK,
                       key="submit", disabled=busy),
        paragraph(_("Or check the PDF file itself: a changed file shows as not genuine."),
                  role="body_medium"),
        secondary_button(_("Check a PDF file"), check_file, icon=ft.Icons.UPLOAD_FILE,
                         key="check-file"),
    ], back="/")
