"""SQLModel tables of the domain and the API schemas (Base/Create/Public split).

Times are stored in UTC (naive in the database, aware in Python) and shown in the
center's time zone by the app.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import EmailStr, WithJsonSchema, field_validator
from sqlalchemy import JSON, Column, DateTime, Index, TypeDecorator, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from backend.i18n import SUPPORTED


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC; always returns aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use aware UTC datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _utc_field(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


# ---------------------------------------------------------------- enumerations


class Role(StrEnum):
    """What an account may do: a member of the public, or center staff."""

    user = "user"
    officer = "officer"
    admin = "admin"


class ServiceCode(StrEnum):
    """The five kinds of business that can be booked and applied for."""

    visa_extension = "visa_extension"
    visa_renewal = "visa_renewal"
    visa_reissue = "visa_reissue"
    stay_permit = "stay_permit"
    residence_permit = "residence_permit"


class DocumentKind(StrEnum):
    """Documents held in the immigration records."""

    passport = "passport"
    visa = "visa"
    residence_permit = "residence_permit"
    stay_permit = "stay_permit"
    pr_card = "pr_card"


class ApplicationStatus(StrEnum):
    """The steps of an application's timeline, in order."""

    submitted = "submitted"
    accepted = "accepted"
    under_review = "under_review"
    more_materials = "more_materials"
    approved = "approved"
    refused = "refused"
    ready_for_collection = "ready_for_collection"
    collected = "collected"


class AppointmentStatus(StrEnum):
    """Life of an appointment from booking to the visit."""

    booked = "booked"
    cancelled = "cancelled"
    checked_in = "checked_in"  # at the center, with a queue number
    called = "called"  # the number was called to a counter
    served = "served"
    no_show = "no_show"


class LinkStatus(StrEnum):
    """State of a helper's link to an applicant."""

    pending = "pending"
    active = "active"
    revoked = "revoked"


class Relation(StrEnum):
    """How a helper is related to the applicant they help."""

    parent = "parent"
    child = "child"
    spouse = "spouse"
    relative = "relative"
    friend = "friend"
    guardian = "guardian"


class CodePurpose(StrEnum):
    """What a one-time code confirms."""

    identity = "identity"
    helper_link = "helper_link"


# ---------------------------------------------------------------- accounts


class Account(SQLModel, table=True):
    """A sign-in identity: a member of the public (maybe a helper) or staff."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    password_hash: str
    full_name: str = Field(max_length=200)
    locale: str = Field(default="en", max_length=10)
    role: Role = Field(default=Role.user)
    # The person in the immigration records this account proved to be (real-name verified).
    person_id: int | None = Field(default=None, foreign_key="person.id", unique=True)
    # Staff work for one center (None for admins and the public).
    center_id: int | None = Field(default=None, foreign_key="center.id")
    created_at: datetime = _utc_field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """A signed-in session; only the token's hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    created_at: datetime = _utc_field(default_factory=utcnow)
    last_seen_at: datetime = _utc_field(default_factory=utcnow)
    expires_at: datetime = _utc_field()
    revoked_at: datetime | None = _utc_field(default=None)


class OneTimeCode(SQLModel, table=True):
    """A short code sent to a person's registered phone to prove they consent."""

    id: int | None = Field(default=None, primary_key=True)
    purpose: CodePurpose
    account_id: int = Field(foreign_key="account.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    link_id: int | None = Field(default=None, foreign_key="helperlink.id")
    code_hash: str = Field(max_length=64)
    expires_at: datetime = _utc_field()
    attempts: int = 0
    used_at: datetime | None = _utc_field(default=None)
    created_at: datetime = _utc_field(default_factory=utcnow)


# ---------------------------------------------------------------- immigration records


class Person(SQLModel, table=True):
    """A foreigner in the immigration records (an applicant)."""

    __table_args__ = (UniqueConstraint("passport_no", "nationality"),)

    id: int | None = Field(default=None, primary_key=True)
    passport_no: str = Field(index=True, max_length=20)
    nationality: str = Field(max_length=2)  # ISO 3166-1 alpha-2
    full_name: str = Field(max_length=200)
    name_zh: str | None = Field(default=None, max_length=100)
    birth_date: date
    phone: str = Field(max_length=32)
    created_at: datetime = _utc_field(default_factory=utcnow)


class Document(SQLModel, table=True):
    """A passport, visa, permit or PR card held by a person."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: DocumentKind
    number: str = Field(max_length=40)
    valid_from: date
    valid_to: date
    # Visa type, entries, remarks, issuing authority, country...: shown as given.
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    created_at: datetime = _utc_field(default_factory=utcnow)


class HelperLink(SQLModel, table=True):
    """A helper account's right to act for a person, given with their consent."""

    id: int | None = Field(default=None, primary_key=True)
    helper_account_id: int = Field(foreign_key="account.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    relation: Relation
    status: LinkStatus = Field(default=LinkStatus.pending)
    # For a child under 16: the helper declared being their parent or legal guardian.
    guardian_declaration: bool = False
    created_at: datetime = _utc_field(default_factory=utcnow)
    activated_at: datetime | None = _utc_field(default=None)
    revoked_at: datetime | None = _utc_field(default=None)


# ---------------------------------------------------------------- centers and calendar


class Service(SQLModel, table=True):
    """A kind of business (names are translated through the catalogs)."""

    code: ServiceCode = Field(primary_key=True)
    sort_order: int = 0
    slot_minutes: int = 30


class Center(SQLModel, table=True):
    """An exit-entry service center."""

    id: int | None = Field(default=None, primary_key=True)
    name_en: str = Field(max_length=300)
    name_zh: str = Field(max_length=200)
    province: str = Field(index=True, max_length=60)
    city_en: str = Field(index=True, max_length=80)
    city_zh: str = Field(max_length=40)
    address_en: str = Field(max_length=500)
    address_zh: str = Field(max_length=300)
    phone: str | None = Field(default=None, max_length=120)
    timezone: str = "Asia/Shanghai"
    slot_minutes: int = 30
    counters: int = 3  # people served at once: the capacity of a slot
    hours_verified: bool = False  # False: sample hours, not from a public source
    source_note: str | None = None


class CenterService(SQLModel, table=True):
    """Which services a center handles, with their own slot length and capacity if set."""

    center_id: int = Field(foreign_key="center.id", primary_key=True)
    service_code: ServiceCode = Field(foreign_key="service.code", primary_key=True)
    slot_minutes: int | None = None  # None: the center's slot length
    capacity: int | None = None  # None: the center's number of counters


class OpeningHours(SQLModel, table=True):
    """One opening period of a weekday (two rows make a day with a lunch break)."""

    id: int | None = Field(default=None, primary_key=True)
    center_id: int = Field(foreign_key="center.id", index=True)
    weekday: int  # 0 = Monday
    opens: time
    closes: time


class Closure(SQLModel, table=True):
    """Days a center is closed besides public holidays."""

    id: int | None = Field(default=None, primary_key=True)
    center_id: int = Field(foreign_key="center.id", index=True)
    date_from: date
    date_to: date
    reason: str = Field(default="", max_length=300)


class CalendarDay(SQLModel, table=True):
    """A public holiday (closed) or a make-up working day on a weekend (open)."""

    day: date = Field(primary_key=True)
    is_holiday: bool
    name_en: str = ""
    name_zh: str = ""


class GuideChecklistItem(SQLModel, table=True):
    """A material an applicant ticked in a guide's checklist ("I have it ready")."""

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    service_code: ServiceCode = Field(foreign_key="service.code", primary_key=True)
    item_key: str = Field(primary_key=True, max_length=60)
    ticked_at: datetime = _utc_field(default_factory=utcnow)


# ---------------------------------------------------------------- appointments and applications


class SlotCounter(SQLModel, table=True):
    """Seats taken in one slot; capacity is enforced by a conditional UPDATE on it."""

    __table_args__ = (UniqueConstraint("center_id", "service_code", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    center_id: int = Field(foreign_key="center.id")
    service_code: ServiceCode = Field(foreign_key="service.code")
    start: datetime = _utc_field()
    capacity: int
    booked: int = 0


class Appointment(SQLModel, table=True):
    """An in-person visit booked for a person at a center."""

    # One active appointment per person and service, enforced by the database; a queue
    # number is given once per center and day.
    __table_args__ = (
        Index(
            "uq_appointment_active",
            "person_id",
            "service_code",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
        UniqueConstraint("center_id", "queue_day", "queue_number", name="uq_appointment_queue"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(index=True, unique=True, max_length=16)
    person_id: int = Field(foreign_key="person.id", index=True)
    service_code: ServiceCode = Field(foreign_key="service.code")
    center_id: int = Field(foreign_key="center.id", index=True)
    start: datetime = _utc_field(index=True)
    end: datetime = _utc_field()
    status: AppointmentStatus = Field(default=AppointmentStatus.booked)
    reschedules: int = 0
    booked_by_account_id: int = Field(foreign_key="account.id")
    queue_number: str | None = Field(default=None, max_length=8)
    # The center's local day the queue number belongs to (numbers restart every day).
    queue_day: date | None = None
    created_at: datetime = _utc_field(default_factory=utcnow)
    cancelled_at: datetime | None = _utc_field(default=None)
    reminder_sent_at: datetime | None = _utc_field(default=None)
    checked_in_at: datetime | None = _utc_field(default=None)
    called_at: datetime | None = _utc_field(default=None)
    done_at: datetime | None = _utc_field(default=None)  # served or marked no-show
    # Set while the center is closed at the appointment's time: "center closed, please choose
    # another time". The applicant moves it without using up a change; cleared by the move.
    closure_id: int | None = Field(default=None, foreign_key="closure.id")


class QueueCounter(SQLModel, table=True):
    """The last queue number given for one service prefix at a center on one day.

    Numbers are drawn by a conditional UPDATE of this row (`last = last + 1`) inside the
    check-in's transaction, so two check-ins never draw the same number.
    """

    center_id: int = Field(foreign_key="center.id", primary_key=True)
    day: date = Field(primary_key=True)
    prefix: str = Field(primary_key=True, max_length=2)
    last: int = 0


class Application(SQLModel, table=True):
    """An application for a visa or permit, with its timeline of events."""

    id: int | None = Field(default=None, primary_key=True)
    application_no: str = Field(index=True, unique=True, max_length=24)
    person_id: int = Field(foreign_key="person.id", index=True)
    service_code: ServiceCode = Field(foreign_key="service.code")
    center_id: int = Field(foreign_key="center.id")
    status: ApplicationStatus = Field(default=ApplicationStatus.submitted)
    submitted_at: datetime = _utc_field(default_factory=utcnow)


class ApplicationEvent(SQLModel, table=True):
    """One dated step of an application's timeline, with a note."""

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    status: ApplicationStatus
    at: datetime = _utc_field(default_factory=utcnow)
    note: str = Field(default="", max_length=1000)
    actor_account_id: int | None = Field(default=None, foreign_key="account.id")


class Certificate(SQLModel, table=True):
    """The signed electronic document that links a passport and a PR card."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=24)
    person_id: int = Field(foreign_key="person.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    signature: str
    issued_at: datetime = _utc_field(default_factory=utcnow)
    expires_at: datetime = _utc_field()
    revoked_at: datetime | None = _utc_field(default=None)


class CertificateFile(SQLModel, table=True):
    """A PDF of a certificate as the server handed it out, known by its SHA-256.

    A file is checked against these digests, so one handed out before a change of the
    fonts or of a label's wording (which changes the bytes a new rendering gives) stays
    genuine.
    """

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    sha256: str = Field(max_length=64, unique=True)
    served_at: datetime = _utc_field(default_factory=utcnow)


# ---------------------------------------------------------------- audit and outbox


class AuditEvent(SQLModel, table=True):
    """Who did what for whom, and how it ended (never a secret)."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc_field(default_factory=utcnow, index=True)
    actor_account_id: int | None = Field(default=None, foreign_key="account.id")
    subject_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    action: str = Field(max_length=60)
    outcome: str = Field(default="ok", max_length=30)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class OutboxMessage(SQLModel, table=True):
    """An SMS or e-mail the platform sent (also appended to the outbox file)."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _utc_field(default_factory=utcnow)
    to: str = Field(max_length=254)
    channel: str = Field(max_length=10)  # "sms" | "email"
    subject: str = Field(default="", max_length=200)
    body: str
    code: str | None = Field(default=None, max_length=12)


# ---------------------------------------------------------------- API schemas

PHONE_RE = re.compile(r"\+?[0-9][0-9 ()\-]{4,30}")
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
# Separators names use between letters: space, apostrophes, hyphens, dots, middle dots
# (约翰·史密斯, ジョン・スミス) and the Hebrew geresh.
_NAME_SEPARATORS = {" ": " ", "'": "'", "\u2019": "'", "-": "-", "\u2010": "-", ".": ".",
                    "\u00b7": "·", "\u30fb": "·", "\u05f3": "'"}
# Over a name mapped to L (a letter, or a mark following one) and separators: words of
# letters with one separator between them ("J. R." and a final "Jr." allowed).
_NAME_SHAPE = re.compile(r"L+(?:\.?[ '\-·]L+|\.L+)*\.?")


def valid_name(value: str) -> str:
    """A person's name in any script (letters and their marks), with spaces, apostrophes,
    hyphens and dots between words; spaces collapsed. Digits, symbols and control
    characters are refused."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    shape = []
    for i, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category.startswith("L") or (category.startswith("M") and i > 0):
            shape.append("L")
        elif ch in _NAME_SEPARATORS:
            shape.append(_NAME_SEPARATORS[ch])
        else:
            raise ValueError("invalid_name")
    if not _NAME_SHAPE.fullmatch("".join(shape)):
        raise ValueError("invalid_name")
    return value


def normalise_passport(value: str) -> str:
    """Passport numbers compared and stored upper-case without spaces."""
    return re.sub(r"\s+", "", value).upper()


def valid_passport_no(value: str) -> str:
    """A passport number as typed, normalised; refuses one that cannot be a passport's."""
    value = normalise_passport(value)
    if not PASSPORT_RE.match(value):
        raise ValueError("invalid_passport_no")
    return value


class FieldErrorOut(SQLModel):
    field: str  # dotted path of the field ("" when the whole request is at fault)
    code: str
    message: str


class ErrorDetail(SQLModel):
    code: str  # stable: see backend/errors.py
    message: str  # in the language asked for
    fields: list[FieldErrorOut] | None = None


class ErrorOut(SQLModel):
    """Every refusal: `{"detail": {"code", "message", "fields"?}}`."""

    detail: ErrorDetail


def supported_locale(value: str) -> str:
    """A language the platform speaks ("zh-CN" and "zh_Hans" are taken as "zh")."""
    code = value.strip().replace("_", "-").split("-")[0].lower()
    if code not in SUPPORTED:
        raise ValueError("unsupported_language")
    return code


class RegisterIn(SQLModel):
    email: EmailStr
    # 8 to 128 characters of any kind: no composition rules, only not a common password.
    password: str = Field(min_length=8, max_length=128)
    full_name: str = Field(min_length=1, max_length=200)
    locale: str = Field(default="en", max_length=10)

    @field_validator("password")
    @classmethod
    def _password(cls, v: str) -> str:
        from backend.services.passwords import is_common

        if is_common(v):
            raise ValueError("common_password")
        return v

    _locale = field_validator("locale")(supported_locale)

    @field_validator("full_name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("name_required")
        return valid_name(v)


class LoginIn(SQLModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)


class TokenOut(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime


class SessionOut(SQLModel):
    """When a session ends if unused (`expires_at`) and at the latest (`absolute_expires_at`)."""

    expires_at: datetime
    absolute_expires_at: datetime
    idle_minutes: int


class AccountPublic(SQLModel):
    id: int
    email: str
    full_name: str
    locale: str
    role: Role
    center_id: int | None = None


class PersonIdentity(SQLModel):
    """The four facts that identify a person in the records."""

    passport_no: str = Field(min_length=5, max_length=24)
    nationality: str = Field(min_length=2, max_length=2)
    full_name: str = Field(min_length=1, max_length=200)
    birth_date: date

    _passport = field_validator("passport_no")(valid_passport_no)

    @field_validator("nationality")
    @classmethod
    def _nationality(cls, v: str) -> str:
        v = v.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", v):
            raise ValueError("invalid_nationality")
        return v

    _full_name = field_validator("full_name")(valid_name)

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, v: date) -> date:
        if v > date.today() or v.year < 1900:
            raise ValueError("invalid_birth_date")
        return v


class CodeIn(SQLModel):
    code: str = Field(min_length=4, max_length=12)


class CodeSentOut(SQLModel):
    """Where a one-time code went (masked) and until when it works."""

    sent_to: str
    expires_at: datetime


class PersonCreate(PersonIdentity):
    phone: str = Field(min_length=6, max_length=32)
    name_zh: str | None = Field(default=None, max_length=100)

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        v = " ".join(v.split())
        if not PHONE_RE.fullmatch(v):
            raise ValueError("invalid_phone")
        return v

    @field_validator("name_zh")
    @classmethod
    def _name_zh(cls, v: str | None) -> str | None:
        return valid_name(v) if v and v.strip() else None


class PersonPublic(SQLModel):
    id: int
    full_name: str
    name_zh: str | None
    nationality: str
    birth_date: date


class ApplicantPublic(PersonPublic):
    """An applicant the caller may act for, with how they relate to the caller."""

    relation: str  # "self" or a Relation


class AccountUpdate(SQLModel):
    """What the account holder may change about their account: the language of the app and of
    the messages sent to them."""

    locale: str = Field(max_length=10)

    _locale = field_validator("locale")(supported_locale)


class MeOut(SQLModel):
    account: AccountPublic
    applicant: PersonPublic | None
    applicants: list[ApplicantPublic]


def sane_date(value: date) -> date:
    """A date of a document: from 1900 to 2199 (anything else is a typing mistake)."""
    if not 1900 <= value.year <= 2199:
        raise ValueError("invalid_date")
    return value


class DocumentCreate(SQLModel):
    kind: DocumentKind
    number: str = Field(min_length=3, max_length=40)
    valid_from: date
    valid_to: date
    details: dict[str, Any] = Field(default_factory=dict)

    _dates = field_validator("valid_from", "valid_to")(sane_date)

    @field_validator("number")
    @classmethod
    def _number(cls, v: str) -> str:
        return normalise_passport(v)


class CreatedOut(SQLModel):
    id: int


class ServicePublic(SQLModel):
    code: ServiceCode
    name: str
    slot_minutes: int


# A wall-clock time of a center, without offset ("08:30:00"): JSON Schema's "time" format
# would promise an offset, which opening hours do not have.
LocalTime = Annotated[time, WithJsonSchema({
    "type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
    "description": "The center's local time, HH:MM:SS", "examples": ["08:30:00"],
})]


class OpeningPeriod(SQLModel):
    weekday: int
    opens: LocalTime
    closes: LocalTime


class CenterStatus(SQLModel):
    """Whether a center is open at the time of the answer, in its local time.

    `closes_soon`: the current opening period (the day, or the morning before a break) ends
    within 30 minutes. `until`: the end of the current period; `opens_at`: the next opening
    after now (closed) or after `until` (open); both with the center's offset.
    """

    state: Literal["open", "closes_soon", "closed"]
    until: datetime | None = None
    opens_at: datetime | None = None


class ClosedDays(SQLModel):
    """Days a center is closed besides its weekly days off: a holiday or a closure."""

    kind: Literal["holiday", "closure"]
    date_from: date
    date_to: date
    name: str  # the holiday's name in the language asked for, or the closure's reason


class ExtraDay(SQLModel):
    """A weekend day the center is open (a make-up working day), with its hours."""

    date: date
    name: str
    hours: list[OpeningPeriod]


class ProvincePublic(SQLModel):
    province: str  # the English name, as the `province=` filter takes it
    name: str  # in the language asked for
    centers: int


class GuideMaterial(SQLModel):
    """One item of a guide's checklist of materials; `key` is the same in every language."""

    key: str
    text: str
    detail: str | None = None


class GuideFee(SQLModel):
    key: str
    label: str
    amount: float  # in `GuideFees.currency`, a JSON number; the app formats it in its locale


class GuideFees(SQLModel):
    sample: bool = True  # sample fee standards, not an official list
    currency: str = "CNY"
    items: list[GuideFee]
    notes: list[str] = []


class GuideSource(SQLModel):
    key: str
    title: str
    url: str


class GuidePublic(SQLModel):
    """The guide to one service in one language (content from backend/data/guides)."""

    service: ServiceCode
    lang: str  # the language of the content (English when there is none in the one asked for)
    title: str
    summary: str
    who_for: list[str]
    requirements: list[str]
    materials: list[GuideMaterial]
    procedure: list[str]
    method: list[str]
    processing_time: list[str]
    fees: GuideFees
    where_to_apply: list[str]
    sources: list[GuideSource]


class ChecklistPublic(SQLModel):
    """The materials an applicant has ticked in a guide's checklist."""

    service: ServiceCode
    items: list[str]


class ChecklistIn(SQLModel):
    items: list[str] = Field(max_length=50)


class CenterPublic(SQLModel):
    id: int
    name: str
    name_en: str
    name_zh: str
    province: str
    city: str
    city_en: str
    city_zh: str
    address_en: str
    address_zh: str
    phone: str | None
    timezone: str
    hours: list[OpeningPeriod]
    services: list[ServiceCode]
    hours_verified: bool
    open_now: bool
    # The first day with a free place for the service asked for, or for any of the center's
    # services when none was asked for (None: no free place in the booking window).
    next_available: date | None = None
    province_name: str = ""  # the province in the language asked for
    province_zh: str = ""
    address: str = ""  # the address in the language asked for
    status: CenterStatus | None = None
    # Holidays and closures from today up to 30 days ahead, and make-up working days.
    closed_days: list[ClosedDays] = []
    extra_days: list[ExtraDay] = []


class SlotPublic(SQLModel):
    start: datetime
    end: datetime
    capacity: int
    available: int


class DayPublic(SQLModel):
    date: date
    available: int
    slots: int


def _require_offset(value: datetime) -> datetime:
    """Times in requests carry their offset: a bare local time is ambiguous."""
    if value.tzinfo is None:
        raise ValueError("time_without_offset")
    return value


MAX_ID = 2**31 - 1  # ids are 32-bit in PostgreSQL


class AppointmentCreate(SQLModel):
    service: ServiceCode
    center_id: int = Field(ge=1, le=MAX_ID)
    start: datetime

    _offset = field_validator("start")(_require_offset)


class AppointmentReschedule(SQLModel):
    start: datetime
    center_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    _offset = field_validator("start")(_require_offset)


class AppointmentPublic(SQLModel):
    reference: str
    reference_display: str
    person_id: int
    person_name: str
    service: ServiceCode
    service_name: str
    center_id: int
    center_name: str
    center_address: str
    center_phone: str | None
    start: datetime
    end: datetime
    status: AppointmentStatus
    reschedules: int
    reschedules_left: int
    changeable_until: datetime
    booked_by: str
    # The center is closed at this time: choose another time (it does not count as a change).
    center_closed: bool = False
    closure_reason: str | None = None
    queue_number: str | None = None


# ---------------------------------------------------------------- applications and documents

APPLICATION_NO_RE = re.compile(r"^[A-Z]{2}\d{4}-\d{6}$")


def normalise_application_no(value: str) -> str:
    """An application number as printed on the receipt: "cd2026 507821" -> "CD2026-507821"."""
    v = re.sub(r"[\s\-–—]+", "", value).upper()
    if re.fullmatch(r"[A-Z]{2}\d{10}", v):
        v = f"{v[:6]}-{v[6:]}"
    return v


class ApplicationEventPublic(SQLModel):
    status: ApplicationStatus
    label: str
    at: datetime  # in the center's time zone
    note: str


class ApplicationPublic(SQLModel):
    """An application as its applicant (or the inquiry without an account) sees it."""

    application_no: str
    service: ServiceCode
    service_name: str
    center_name: str
    center_address: str
    center_phone: str | None
    status: ApplicationStatus
    status_label: str
    submitted_at: datetime
    # An estimate: the statutory time limit counted in working days from acceptance (or from
    # the day missing materials arrived); None once decided, or while materials are missing.
    expected_by: date | None
    time_limit_working_days: int
    events: list[ApplicationEventPublic]
    person_name: str | None = None  # only for an account that may act for the person


class InquiryIn(SQLModel):
    """A progress inquiry without an account: the application number and the passport."""

    application_no: str = Field(min_length=6, max_length=30)
    passport_no: str = Field(min_length=5, max_length=24)

    @field_validator("application_no")
    @classmethod
    def _application_no(cls, v: str) -> str:
        v = normalise_application_no(v)
        if not APPLICATION_NO_RE.match(v):
            raise ValueError("invalid_application_no")
        return v

    _passport = field_validator("passport_no")(valid_passport_no)


class ApplicationEventCreate(SQLModel):
    """A step staff add to an application's timeline."""

    status: ApplicationStatus
    note: str = Field(default="", max_length=1000)

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        return v.strip()


class PermitPublic(SQLModel):
    """A visa, stay permit or residence permit held."""

    id: int
    kind: DocumentKind
    kind_label: str
    type: str | None  # visa or permit type, as issued
    number: str
    valid_from: date
    valid_to: date
    entries: str | None
    duration_of_stay_days: int | None
    remarks: str | None
    issuing_authority: str | None
    days_left: int  # negative once expired
    expired: bool
    expiring_soon: bool  # valid, and ends within the warning period (60 days)
    renewal_service: ServiceCode
    renewal_service_name: str


class PrCardPublic(SQLModel):
    """The Foreign Permanent Resident ID Card."""

    number: str
    name_en: str
    name_zh: str | None
    nationality: str  # ISO code as printed
    nationality_name: str
    sex: str | None
    birth_date: date
    valid_from: date
    valid_to: date
    issuing_authority: str | None
    days_left: int
    expired: bool
    expiring_soon: bool


class PassportPublic(SQLModel):
    """The passport on record."""

    number: str
    country: str  # ISO code
    country_name: str
    type: str | None
    valid_from: date | None
    valid_to: date | None
    issuing_authority: str | None
    days_left: int | None
    expired: bool


class LinkCreate(PersonIdentity):
    """A helper asks to act for the person with this identity."""

    relation: Relation
    guardian_declaration: bool = False


class LinkStarted(CodeSentOut):
    link_id: int


class HelperPublic(SQLModel):
    """A helper as the applicant sees them."""

    helper_id: int
    name: str
    email: str
    relation: Relation
    since: datetime | None


class AuditPublic(SQLModel):
    at: datetime
    actor: str
    actor_is: str  # "self" | "helper" | "staff" | "system"
    action: str
    outcome: str


class CertificateIssued(SQLModel):
    """A new electronic document linking passport and PR card."""

    code: str
    code_display: str
    issued_at: datetime
    expires_at: datetime


class CertificatePublic(CertificateIssued):
    status: Literal["valid", "expired", "revoked"]
    revoked_at: datetime | None


class VerifyOut(SQLModel):
    """What anyone may learn from a verification code or a document file."""

    status: Literal["valid", "expired", "revoked", "unknown", "tampered"]
    code: str | None = None
    holder_name: str | None = None
    holder_name_zh: str | None = None
    nationality: str | None = None
    passport_no: str | None = None  # masked: ****1234
    pr_card_no: str | None = None  # masked
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


class PublicKeyOut(SQLModel):
    algorithm: str
    key_id: str
    public_key_pem: str
    public_key_base64: str  # the raw 32-byte key


# ---------------------------------------------------------------- kiosk and staff


class CheckInIn(SQLModel):
    """A reference typed at a kiosk or read by its QR scanner (which types and presses Enter)."""

    reference: str = Field(min_length=1, max_length=200)


class CheckInOut(SQLModel):
    """What a kiosk shows after check-in: the queue number, and no personal data."""

    queue_number: str
    service: ServiceCode
    service_name: str
    start: datetime  # with the center's offset
    center_name: str
    waiting_before: int  # people of the same service checked in earlier, not yet called
    already: bool = False  # the appointment had been checked in before


class KioskInfo(SQLModel):
    """How a kiosk tablet at a center behaves: the center, and when it clears itself."""

    center_id: int
    center_name: str
    center_name_en: str
    center_name_zh: str
    warn_seconds: int  # idle time before "Are you still there?"
    idle_seconds: int  # idle time before everything is cleared


class StaffAppointmentPublic(SQLModel):
    """One appointment of a center's day, as the counter staff see it."""

    reference: str
    reference_display: str
    person_name: str
    service: ServiceCode
    service_name: str
    start: datetime  # with the center's offset
    end: datetime
    status: AppointmentStatus
    queue_number: str | None
    checked_in_at: datetime | None
    called_at: datetime | None
    center_closed: bool


class StaffCheckInIn(SQLModel):
    reference: str = Field(min_length=1, max_length=200)


class CallNextIn(SQLModel):
    service: ServiceCode | None = None  # None: whoever has waited longest


class ClosureCreate(SQLModel):
    """A day (date_to = date_from) or a period the center is closed, with a reason."""

    date_from: date
    date_to: date
    reason: str = Field(default="", max_length=300)

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        return " ".join(v.split())


class ClosurePublic(SQLModel):
    id: int
    date_from: date
    date_to: date
    reason: str
    affected: int  # appointments that were booked in it


class CapacityPublic(SQLModel):
    """How many people a center serves at once for a service, and the most already booked."""

    service: ServiceCode
    service_name: str
    capacity: int
    slot_minutes: int
    most_booked: int  # the most people booked in one upcoming time: the floor for capacity


class CapacityIn(SQLModel):
    capacity: int = Field(ge=1, le=50)
