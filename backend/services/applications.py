"""Applications and their timelines: what the applicant sees, the inquiry without an account,
and the steps staff add (with a message to the applicant and their helpers)."""

from __future__ import annotations

import hmac
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.errors import DomainError
from backend.i18n import N_, gettext
from backend.models import (
    Account,
    Application,
    ApplicationEvent,
    ApplicationEventPublic,
    ApplicationPublic,
    ApplicationStatus,
    Center,
    Document,
    DocumentKind,
    HelperLink,
    LinkStatus,
    Person,
    Role,
    utcnow,
)
from backend.services import applicants, audit, notifications, workdays
from backend.services.centers import SERVICE_NAMES

S = ApplicationStatus

STATUS_LABELS: dict[ApplicationStatus, str] = {
    S.submitted: N_("Submitted"),
    S.accepted: N_("Accepted"),
    S.under_review: N_("Under review"),
    S.more_materials: N_("More materials needed"),
    S.approved: N_("Approved"),
    S.refused: N_("Refused"),
    S.ready_for_collection: N_("Ready for collection"),
    S.collected: N_("Collected"),
}

# Which step may follow which. A step may also be repeated with a new note (e.g. a changed
# collection counter), except the final ones.
NEXT: dict[ApplicationStatus, set[ApplicationStatus]] = {
    S.submitted: {S.accepted, S.more_materials, S.refused},
    S.accepted: {S.under_review, S.more_materials, S.approved, S.refused},
    S.under_review: {S.more_materials, S.approved, S.refused},
    S.more_materials: {S.accepted, S.under_review, S.refused},
    S.approved: {S.ready_for_collection},
    S.refused: set(),
    S.ready_for_collection: {S.collected},
    S.collected: set(),
}
FINAL = {S.refused, S.collected}
# Steps whose note the applicant needs: what is missing, why, where and when.
NOTE_REQUIRED = {S.more_materials, S.refused, S.ready_for_collection}
PENDING = {S.submitted, S.accepted, S.under_review}


def status_label(status: ApplicationStatus, lang: str) -> str:
    return gettext(STATUS_LABELS[status], lang)


def events_of(*, session: Session, application: Application) -> list[ApplicationEvent]:
    return list(
        session.exec(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(col(ApplicationEvent.at), col(ApplicationEvent.id))
        ).all()
    )


def expected_by(
    *, application: Application, events: list[ApplicationEvent], calendar: workdays.WorkingCalendar,
    tz: ZoneInfo,
) -> date | None:
    """The statutory last day for a decision, or None once decided or while materials are
    missing. Counted from acceptance, and again from the day missing materials arrived."""
    if application.status not in PENDING:
        return None
    start: datetime = application.submitted_at
    previous: ApplicationStatus | None = None
    for event in events:
        if event.status == S.accepted or (
            previous == S.more_materials and event.status in (S.accepted, S.under_review)
        ):
            start = event.at
        previous = event.status
    limit = workdays.TIME_LIMITS[application.service_code]
    return calendar.add_working_days(start.astimezone(tz).date(), limit)


def public(
    *, session: Session, application: Application, lang: str, with_person: bool = True
) -> ApplicationPublic:
    center = session.get(Center, application.center_id)
    assert center is not None
    tz = ZoneInfo(center.timezone)
    zh = lang == "zh"
    events = events_of(session=session, application=application)
    person = session.get(Person, application.person_id) if with_person else None
    return ApplicationPublic(
        application_no=application.application_no,
        service=application.service_code,
        service_name=gettext(SERVICE_NAMES[application.service_code], lang),
        center_name=center.name_zh if zh else center.name_en,
        center_address=center.address_zh if zh else center.address_en,
        center_phone=center.phone,
        status=application.status,
        status_label=status_label(application.status, lang),
        submitted_at=application.submitted_at.astimezone(tz),
        expected_by=expected_by(
            application=application, events=events, calendar=workdays.load(session=session),
            tz=tz,
        ),
        time_limit_working_days=workdays.TIME_LIMITS[application.service_code],
        events=[
            ApplicationEventPublic(
                status=e.status, label=status_label(e.status, lang), at=e.at.astimezone(tz),
                note=e.note,
            )
            for e in events
        ],
        person_name=person.full_name if person else None,
    )


def list_for(*, session: Session, person_id: int) -> list[Application]:
    """The person's applications, the latest first."""
    return list(
        session.exec(
            select(Application)
            .where(Application.person_id == person_id)
            .order_by(col(Application.submitted_at).desc(), col(Application.id).desc())
        ).all()
    )


def find(*, session: Session, application_no: str) -> Application | None:
    return session.exec(
        select(Application).where(Application.application_no == application_no)
    ).first()


def find_for_account(
    *, session: Session, account: Account, application_no: str
) -> Application:
    """The application if the caller may act for its person; 404 alike for unknown and others'."""
    application = find(session=session, application_no=application_no)
    if application is None or not applicants.may_act_for(
        session=session, account=account, person_id=application.person_id
    ):
        raise DomainError("not_found")
    return application


def _passports(session: Session, person: Person) -> list[str]:
    numbers = {person.passport_no}
    numbers.update(
        session.exec(
            select(Document.number).where(
                Document.person_id == person.id, Document.kind == DocumentKind.passport
            )
        ).all()
    )
    return sorted(numbers)


def inquire(*, session: Session, application_no: str, passport_no: str) -> Application:
    """The application whose number and passport both match; the same refusal otherwise.

    An unknown number and a wrong passport give the same answer after the same work, so
    the answer says nothing about which numbers exist.
    """
    application = find(session=session, application_no=application_no)
    person = session.get(Person, application.person_id) if application else None
    candidates = _passports(session, person) if person else ["-" * len(passport_no)]
    matched = False
    for number in candidates:
        matched |= hmac.compare_digest(number.encode(), passport_no.encode())
    if application is None or not matched:
        raise DomainError("inquiry_not_matched")
    return application


def find_for_staff(*, session: Session, staff: Account, application_no: str) -> Application:
    """The application, for staff who may add steps to it (their center's, or any for admins
    and the records office); 403 `other_center` for another center's."""
    application = find(session=session, application_no=application_no)
    if application is None:
        raise DomainError("not_found")
    if not _may_change(staff, application):
        raise DomainError("other_center")
    return application


def _may_change(staff: Account, application: Application) -> bool:
    """Officers of a center change that center's applications; admins and officers without
    a center (the records office) change any."""
    return staff.role == Role.admin or staff.center_id in (None, application.center_id)


def add_event(
    *, session: Session, staff: Account, application_no: str, status: ApplicationStatus,
    note: str, lang: str = "en",
) -> Application:
    """Add a step to the timeline, message the applicant and their helpers, audit it."""
    application = find(session=session, application_no=application_no)
    if application is None:
        raise DomainError("not_found")
    if not _may_change(staff, application):
        raise DomainError("other_center")
    current = application.status
    repeat = status == current and current not in FINAL
    if status not in NEXT[current] and not repeat:
        raise DomainError("status_not_allowed", status=status_label(current, lang))
    if status in NOTE_REQUIRED and not note:
        raise DomainError("note_required")
    event = ApplicationEvent(
        application_id=application.id,  # type: ignore[arg-type]
        status=status, at=utcnow(), note=note, actor_account_id=staff.id,
    )
    application.status = status
    session.add(event)
    session.add(application)
    session.flush()
    audit.record(
        session=session, action="applications.add_event", actor_account_id=staff.id,
        subject_person_id=application.person_id, application_no=application.application_no,
        status=status.value,
    )
    _notify(session=session, application=application, status=status, note=note)
    session.commit()
    return application


def _message(application: Application, status: ApplicationStatus, note: str, lang: str) -> str:
    text = gettext(N_("Application %(number)s (%(service)s): %(status)s."), lang) % {
        "number": application.application_no,
        "service": gettext(SERVICE_NAMES[application.service_code], lang),
        "status": status_label(status, lang),
    }
    return f"{text} {note}".strip()


def _notify(
    *, session: Session, application: Application, status: ApplicationStatus, note: str
) -> None:
    """An SMS to the applicant's phone, an e-mail to every helper with an active link."""
    person = session.get(Person, application.person_id)
    assert person is not None
    own = session.exec(select(Account).where(Account.person_id == person.id)).first()
    subject_en = gettext(N_("Application progress"), "en")
    if own is not None:
        sms = _message(application, status, note, own.locale)
    else:
        # Without an account there is no known language: English and Chinese, as reminders.
        sms = "\n".join(_message(application, status, note, lang) for lang in ("en", "zh"))
    notifications.send(session=session, to=person.phone, channel="sms", subject=subject_en,
                       body=sms)
    helpers = session.exec(
        select(Account)
        .join(HelperLink, HelperLink.helper_account_id == Account.id)  # type: ignore[arg-type]
        .where(HelperLink.person_id == person.id, HelperLink.status == LinkStatus.active)
    ).all()
    for helper in helpers:
        lang = helper.locale
        body = gettext(N_("For %(name)s: "), lang) % {"name": person.full_name}
        notifications.send(
            session=session, to=helper.email, channel="email",
            subject=gettext(N_("Application progress"), lang),
            body=body + _message(application, status, note, lang),
        )


def inquiry_limits() -> tuple[int, int]:
    settings = get_settings()
    return settings.inquiry_max_tries, settings.inquiry_window_seconds
