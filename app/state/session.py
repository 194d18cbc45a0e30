"""Observable state of one user's session, and the actions that change it through the API.

Tokens and personal data live here, in the server's memory for this session only: never in
the browser's storage, which a kiosk shares with the next person.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

import flet as ft

from app.api_client import ApiClient, ApiError
from app.i18n import Translator, supported

SESSION_ENDED = ("session_expired", "not_authenticated")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class FormResult:
    """What a form action gives back: field errors and one message for the whole form."""

    fields: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    data: Any = None

    @property
    def ok(self) -> bool:
        return not self.fields and self.message is None


@dataclass(frozen=True)
class BookingDraft:
    """The choices of one booking (or of one change of time), as the API gave them.

    Replaced as a whole on each choice, so that the screens reading it re-render.
    """

    service: dict[str, Any] | None = None  # {code, name}
    center: dict[str, Any] | None = None  # CenterPublic (or id/name/address of an appointment)
    day: str | None = None  # ISO date
    slot: dict[str, Any] | None = None  # SlotPublic
    changing: dict[str, Any] | None = None  # the AppointmentPublic whose time is being changed
    problem: str | None = None  # why the chosen time could not be booked (shown on step 4)
    confirmed: dict[str, Any] | None = None  # the AppointmentPublic just booked
    # The center was chosen first, in the directory ("Book here"): the service step keeps it.
    from_directory: bool = False


@dataclass(frozen=True)
class DirectoryQuery:
    """The directory's search and filters, kept while the user looks at a center and back."""

    q: str = ""
    service: str = ""  # a service code, "" for any
    province: str = ""  # the English name, "" for any
    soonest_first: bool = False


@ft.observable
@dataclass
class AppState:
    """Everything the screens of one session show; changing a field re-renders its readers."""

    api: ApiClient
    lang: str = "en"
    text_scale: float = 1.0
    me: dict[str, Any] | None = None
    # A short confirmation shown on one screen (e.g. "You are signed out" on /signin).
    notice: str | None = None
    notice_route: str | None = None
    pending_code_to: str | None = None
    # The applicant the screens act for: None means the signed-in person themselves (a
    # helper's applicant switcher sets it to one of me["applicants"]).
    selected_applicant_id: int | None = None
    booking: BookingDraft = field(default_factory=BookingDraft)
    directory: DirectoryQuery = field(default_factory=DirectoryQuery)
    # Materials ticked in the guides while no applicant is known (signed out, or not yet
    # verified): kept in this session's memory only, by service code.
    ticked: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def tr(self) -> Translator:
        return translator(self.lang)

    @property
    def signed_in(self) -> bool:
        return self.me is not None

    @property
    def verified(self) -> bool:
        return bool(self.me and self.me.get("applicant"))

    @property
    def applicant_id(self) -> int | None:
        """The id of the applicant being booked for: the selected one, else one's own."""
        if not self.me:
            return None
        if self.selected_applicant_id is not None and any(
            a["id"] == self.selected_applicant_id for a in self.me.get("applicants") or []
        ):
            return self.selected_applicant_id
        own = self.me.get("applicant")
        if own:
            return int(own["id"])
        # A helper without an identity of their own acts for the first person they help;
        # the banner on every screen says who that is.
        others = self.me.get("applicants") or []
        return int(others[0]["id"]) if others else None

    @property
    def applicant(self) -> dict[str, Any] | None:
        """The applicant being acted for, as /me lists them (with `relation`)."""
        if not self.me:
            return None
        return next(
            (a for a in self.me.get("applicants") or [] if a["id"] == self.applicant_id), None
        )

    @property
    def helps_others(self) -> bool:
        """Whether this account acts for anyone besides itself."""
        return bool(self.me and any(
            a.get("relation") != "self" for a in self.me.get("applicants") or []
        ))

    @property
    def applicant_name(self) -> str:
        """The name of the applicant being booked for."""
        if not self.me:
            return ""
        people = [*(self.me.get("applicants") or []), self.me.get("applicant") or {}]
        person = next((p for p in people if p.get("id") == self.applicant_id), None)
        return str(person["full_name"]) if person else ""

    def flash(self, text: str, route: str) -> None:
        """Show `text` on the screen at `route` until the user leaves it."""
        self.notice, self.notice_route = text, route

    def clear_notice(self, route: str) -> None:
        if self.notice_route == route:
            self.notice, self.notice_route = None, None

    def set_language(self, lang: str) -> None:
        self.lang = supported(lang)
        self.api.lang = self.lang

    def failed(self, error: ApiError) -> FormResult:
        if error.code in SESSION_ENDED and self.signed_in:
            # The server ended the session (idle or absolute expiry): forget it here too.
            self.me = None
            self.api.token = None
            self.selected_applicant_id = None
            self.booking = BookingDraft()
            self.ticked = {}
        if error.code == "forbidden" and self.signed_in:
            # Access can end while the app shows it (an applicant revoked their helper):
            # read again whom this account may act for, so the screens follow.
            asyncio.get_running_loop().create_task(self._reload_me())
        if error.code == "network":
            _ = self.tr
            return FormResult(message=_("The service cannot be reached. Please try again."))
        message = None if error.fields else error.message
        return FormResult(fields=dict(error.fields), message=message)

    async def _reload_me(self) -> None:
        with contextlib.suppress(ApiError):
            self.me = await self.api.me()

    async def sign_in(self, *, email: str, password: str) -> FormResult:
        _ = self.tr
        result = FormResult()
        if not EMAIL_RE.match(email.strip()):
            result.fields["email"] = _("Enter an e-mail address like name@example.com.")
        if not password:
            result.fields["password"] = _("Enter your password.")
        if not result.ok:
            return result
        try:
            await self.api.login(email=email.strip(), password=password)
            me = await self.api.me()
        except ApiError as error:
            return self.failed(error)
        self.me = me
        return result

    async def register(self, *, full_name: str, email: str, password: str) -> FormResult:
        _ = self.tr
        result = FormResult()
        if not full_name.strip():
            result.fields["full_name"] = _("Enter your name.")
        if not EMAIL_RE.match(email.strip()):
            result.fields["email"] = _("Enter an e-mail address like name@example.com.")
        if len(password) < 8:
            result.fields["password"] = _("Use at least 8 characters.")
        elif len(password) > 128:
            result.fields["password"] = _("Use at most 128 characters.")
        if not result.ok:
            return result
        try:
            await self.api.register(
                email=email.strip(), password=password, full_name=full_name.strip()
            )
        except ApiError as error:
            failed = self.failed(error)
            if error.code == "email_taken":
                return FormResult(fields={"email": error.message})
            return failed
        return await self.sign_in(email=email, password=password)

    async def start_identity(
        self, *, passport_no: str, nationality: str, full_name: str, birth_date: str
    ) -> FormResult:
        result, identity = check_identity(
            self.tr, passport_no=passport_no, nationality=nationality, full_name=full_name,
            birth_date=birth_date,
        )
        if not result.ok:
            return result
        try:
            sent = await self.api.start_identity(**identity)
        except ApiError as error:
            return self.failed(error)
        self.pending_code_to = sent["sent_to"]
        return FormResult(data=sent)

    async def confirm_identity(self, *, code: str) -> FormResult:
        if not re.fullmatch(r"\d{6}", code.strip()):
            _ = self.tr
            return FormResult(fields={"code": _("Enter the 6 digits of the code.")})
        try:
            self.me = await self.api.confirm_identity(code=code.strip())
        except ApiError as error:
            if error.code in SESSION_ENDED or error.code == "network":
                return self.failed(error)
            return FormResult(fields={"code": error.message})
        self.pending_code_to = None
        return FormResult()

    async def sign_out(self) -> None:
        with contextlib.suppress(ApiError):  # forgotten here whatever the server said
            await self.api.logout()
        self.me = None
        self.pending_code_to = None
        self.selected_applicant_id = None
        self.booking = BookingDraft()
        self.ticked = {}
        _ = self.tr
        self.flash(_("You are signed out."), "/signin")


def check_identity(
    _: Translator, *, passport_no: str, nationality: str, full_name: str, birth_date: str
) -> tuple[FormResult, dict[str, str]]:
    """Field errors of a person's identity as typed, and the identity as the API takes it."""
    result = FormResult()
    if len(re.sub(r"\s", "", passport_no)) < 5:
        result.fields["passport_no"] = _("Enter the passport number: 5 to 20 letters and digits.")
    if not nationality:
        result.fields["nationality"] = _("Choose a nationality.")
    if not full_name.strip():
        result.fields["full_name"] = _("Enter the name as in the passport.")
    iso = parse_date(birth_date)
    if iso is None:
        result.fields["birth_date"] = _("Enter the date as year-month-day, e.g. 1990-05-17.")
    identity = {"passport_no": passport_no, "nationality": nationality,
                "full_name": full_name.strip(), "birth_date": iso or ""}
    return result, identity


def parse_date(text: str) -> str | None:
    """An ISO date from what people type: 1990-05-17, 1990/5/17 or 1990.5.17."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        return None
    from datetime import date

    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


_translators: dict[str, Translator] = {}


def translator(lang: str) -> Translator:
    """One shared Translator per language (they hold no per-user state)."""
    if lang not in _translators:
        _translators[lang] = Translator(lang)
    return _translators[lang]
