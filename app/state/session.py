"""Observable state of one user's session, and the actions that change it through the API.

Tokens and personal data live here, in the server's memory for this session only: never in
the browser's storage, which a kiosk shares with the next person.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import flet as ft

from app import theme
from app.api_client import ApiClient, ApiError
from app.i18n import Translator, supported
from app.state.device import DevicePreferences
from app.state.kiosk_mode import KioskMode

SESSION_ENDED = ("session_expired", "not_authenticated")
# How long before the server ends an unused session the app warns and offers to extend it.
WARN_BEFORE_EXPIRY = timedelta(minutes=2)
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
    # Where the device keeps the chosen language (None: a device that remembers nothing).
    device: DevicePreferences | None = None
    # Whether a language was chosen on this device (now or on an earlier visit): the home
    # screen offers the languages until then.
    language_chosen: bool = False
    # Where the language shown comes from: "default", "device" (chosen on an earlier visit),
    # "link" (?lang= in the address) or "picked" (in this visit). At sign-in a pick is saved
    # to the account, a link is kept as it is, and otherwise the account's language is shown.
    language_source: str = "default"
    # Text size (1.0 = 100%) and contrast: this device's display preferences.
    text_scale: float = 1.0
    high_contrast: bool = False
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
    # Set when this session runs on a center's kiosk tablet (opened at /kiosk/<center_id>).
    kiosk: KioskMode | None = None
    # The center a staff console works for (an admin chooses one; an officer has theirs).
    staff_center_id: int | None = None
    # When the session ends unless extended: set while the warning is shown.
    session_warning: datetime | None = None
    # The warning cannot be answered with "Stay signed in" (the absolute limit is near).
    session_final: bool = False

    @property
    def tr(self) -> Translator:
        return translator(self.lang)

    @property
    def display(self) -> theme.Display:
        return theme.Display(scale=self.text_scale, high_contrast=self.high_contrast,
                             lang=self.lang)

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

    def noticed_activity(self) -> None:
        """Someone used a screen: on a kiosk, its idle time starts again."""
        if self.kiosk is not None:
            self.kiosk.touch()

    def clear_for_next_person(self) -> None:
        """Forget everything of this session but the API client and the kiosk itself: every
        field back to its default (fields added later are cleared too), the kiosk's language."""
        keep = {"api", "kiosk"}
        for f in dataclasses.fields(self):
            if f.name in keep:
                continue
            if f.default_factory is not dataclasses.MISSING:
                setattr(self, f.name, f.default_factory())
            elif f.default is not dataclasses.MISSING:
                setattr(self, f.name, f.default)
        self.api.token = None
        self.api.session_expires_at = None
        self.set_language(self.kiosk.default_lang if self.kiosk else "en")

    def flash(self, text: str, route: str) -> None:
        """Show `text` on the screen at `route` until the user leaves it."""
        self.notice, self.notice_route = text, route

    def clear_notice(self, route: str) -> None:
        if self.notice_route == route:
            self.notice, self.notice_route = None, None

    def set_language(self, lang: str) -> None:
        self.lang = supported(lang)
        self.api.lang = self.lang

    async def choose_language(self, lang: str) -> None:
        """The person picked a language: show it, remember it on this device and, when
        signed in, in the account (so every device and every message follows it)."""
        self.set_language(lang)
        self.language_chosen = True
        self.language_source = "picked"
        if self.device is not None:
            await self.device.remember_language(self.lang)
        if self.signed_in:
            with contextlib.suppress(ApiError):  # shown here whatever the server said
                self.me = await self.api.set_locale(self.lang)

    async def load_device_language(self) -> None:
        """Open in the language chosen on this device before, if there is one."""
        if self.device is None:
            return
        saved = await self.device.language()
        if saved and supported(saved) == saved and self.language_source == "default":
            self.set_language(saved)
            self.language_chosen = True
            self.language_source = "device"

    async def _adopt_account_language(self) -> None:
        """After sign-in: a language picked in this visit goes to the account; one given by
        the address (a kiosk's link) stays; otherwise the account's language is shown, and
        remembered on the device."""
        if not self.me:
            return
        account_lang = supported(self.me["account"].get("locale"))
        if account_lang == self.lang or self.language_source == "link":
            return
        if self.language_source == "picked":
            with contextlib.suppress(ApiError):
                self.me = await self.api.set_locale(self.lang)
            return
        self.set_language(account_lang)
        self.language_chosen = True
        self.language_source = "device"
        if self.device is not None:
            await self.device.remember_language(self.lang)
    def _forget_session(self) -> None:
        self.me = None
        self.api.token = None
        self.api.session_expires_at = None
        self.selected_applicant_id = None
        self.booking = BookingDraft()
        self.ticked = {}
        self.session_warning = None
        self.session_final = False

    def check_session(self, now: datetime) -> str:
        """Compare the session's end with `now`: "ok", "warn" (warning shown) or "ended".

        Called every few seconds; the end comes from the server's last answer, so asking
        does not itself count as activity.
        """
        ends = self.api.session_expires_at if self.signed_in else None
        if ends is None:
            if self.session_warning is not None:
                self.session_warning = None
            return "ok"
        if now >= ends:
            self._forget_session()
            _ = self.tr
            self.flash(_("You were signed out because nothing was done for a while. Please "
                         "sign in again."), "/signin")
            return "ended"
        if ends - now <= WARN_BEFORE_EXPIRY:
            if self.session_warning != ends:
                self.session_warning = ends
            return "warn"
        if self.session_warning is not None:
            self.session_warning = None
            self.session_final = False
        return "ok"

    async def stay_signed_in(self, now: datetime) -> FormResult:
        """The person asked for more time: the server restarts the idle timer."""
        try:
            await self.api.extend_session()
        except ApiError as error:
            return self.failed(error)
        ends = self.api.session_expires_at
        if ends is not None and ends - now <= WARN_BEFORE_EXPIRY:
            # Only the absolute limit is left: say so instead of offering more time.
            self.session_final = True
            return FormResult()
        self.session_warning = None
        self.session_final = False
        return FormResult()

    def failed(self, error: ApiError) -> FormResult:
        if error.code in SESSION_ENDED and self.signed_in:
            # The server ended the session (idle or absolute expiry): forget it here too.
            self._forget_session()
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
        await self._adopt_account_language()
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
        self._forget_session()
        self.pending_code_to = None
        self.selected_applicant_id = None
        self.booking = BookingDraft()
        self.ticked = {}
        if self.language_source == "picked":
            # The language stays on screen; the next person's sign-in shows theirs.
            self.language_source = "device"
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
