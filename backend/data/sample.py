"""Loads reference data (services, centers, calendar) and the demo data set into a database.

`load_reference_data` is for every start (it only adds what is missing);
`load_sample_data` also adds the demo people and accounts, on an empty database only.
The data is sample data, not official: see SOURCES.md next to this file.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from backend.data.people import DEMO_PASSWORD, DemoData, build_demo_data
from backend.models import (
    Account,
    Application,
    ApplicationEvent,
    CalendarDay,
    Center,
    CenterService,
    Document,
    HelperLink,
    OpeningHours,
    Person,
    Role,
    Service,
    ServiceCode,
    utcnow,
)
from backend.services.passwords import hash_password

DATA_DIR = Path(__file__).resolve().parent
CENTERS_FILE = DATA_DIR / "centers.json"
CALENDAR_FILE = DATA_DIR / "calendar.json"

# The five services in the order the app lists them.
SERVICE_ORDER = [
    ServiceCode.visa_extension,
    ServiceCode.visa_renewal,
    ServiceCode.visa_reissue,
    ServiceCode.stay_permit,
    ServiceCode.residence_permit,
]


def read_centers() -> list[dict[str, Any]]:
    """The centers of centers.json, as built by build_centers.py."""
    data: list[dict[str, Any]] = json.loads(CENTERS_FILE.read_text(encoding="utf-8"))
    return data


def read_calendar() -> dict[str, Any]:
    """The calendar document of calendar.json (sources and days)."""
    data: dict[str, Any] = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))
    return data


def _load_services(session: Session) -> None:
    for order, code in enumerate(SERVICE_ORDER, start=1):
        if session.get(Service, code) is None:
            session.add(Service(code=code, sort_order=order, slot_minutes=30))
    session.flush()


def _load_centers(session: Session) -> None:
    existing = set(session.exec(select(Center.name_zh)).all())
    for item in read_centers():
        if item["name_zh"] in existing:
            continue  # never overwrite what staff may have changed
        center = Center(
            name_en=item["name_en"],
            name_zh=item["name_zh"],
            province=item["province"],
            city_en=item["city_en"],
            city_zh=item["city_zh"],
            address_en=item["address_en"],
            address_zh=item["address_zh"],
            phone=item["phone"],
            slot_minutes=item["slot_minutes"],
            counters=item["counters"],
            hours_verified=item["hours_verified"],
            source_note=item["source_note"],
        )
        session.add(center)
        session.flush()
        assert center.id is not None
        for code in item["services"]:
            session.add(CenterService(center_id=center.id, service_code=ServiceCode(code)))
        for period in item["hours"]:
            session.add(
                OpeningHours(
                    center_id=center.id,
                    weekday=period["weekday"],
                    opens=time.fromisoformat(period["opens"]),
                    closes=time.fromisoformat(period["closes"]),
                )
            )
    session.flush()


def _load_calendar(session: Session) -> None:
    for entry in read_calendar()["days"]:
        day = date.fromisoformat(entry["day"])
        if session.get(CalendarDay, day) is None:
            session.add(
                CalendarDay(
                    day=day,
                    is_holiday=entry["is_holiday"],
                    name_en=entry["name_en"],
                    name_zh=entry["name_zh"],
                )
            )
    session.flush()


def load_reference_data(session: Session) -> None:
    """Add the services, centers (with services and hours) and calendar days that are missing.

    Safe to call on every start: existing rows are left as they are. Commits.
    """
    _load_services(session)
    _load_centers(session)
    _load_calendar(session)
    session.commit()


def _load_people(session: Session, demo: DemoData) -> None:
    centers = {c.name_zh: c.id for c in session.exec(select(Center)).all()}
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once, shared by the demo accounts
    people: dict[str, Person] = {}
    accounts: dict[str, Account] = {}

    for spec in demo.people:
        person = Person(
            passport_no=spec.passport_no,
            nationality=spec.nationality,
            full_name=spec.full_name,
            name_zh=spec.name_zh,
            birth_date=spec.birth_date,
            phone=spec.phone,
        )
        session.add(person)
        people[spec.key] = person
    session.flush()

    for acc in demo.accounts:
        account = Account(
            email=acc.email,
            password_hash=password_hash,
            full_name=acc.full_name,
            locale=acc.locale,
            role=Role.user,
            person_id=people[acc.person].id if acc.person else None,
        )
        session.add(account)
        accounts[acc.email] = account
    session.flush()

    for spec in demo.people:
        person_id = people[spec.key].id
        assert person_id is not None
        for doc in spec.documents:
            session.add(
                Document(
                    person_id=person_id,
                    kind=doc.kind,
                    number=doc.number,
                    valid_from=doc.valid_from,
                    valid_to=doc.valid_to,
                    details=doc.details,
                )
            )
        for app in spec.applications:
            center_id = centers[app.center]
            assert center_id is not None
            application = Application(
                application_no=app.application_no,
                person_id=person_id,
                service_code=app.service,
                center_id=center_id,
                status=app.events[-1].status,
                submitted_at=app.events[0].at,
            )
            session.add(application)
            session.flush()
            assert application.id is not None
            for event in app.events:
                session.add(
                    ApplicationEvent(
                        application_id=application.id,
                        status=event.status,
                        at=event.at,
                        note=event.note,
                        actor_account_id=accounts[event.actor].id if event.actor else None,
                    )
                )

    for link in demo.links:
        helper_id = accounts[link.helper].id
        person_id = people[link.person].id
        assert helper_id is not None and person_id is not None
        session.add(
            HelperLink(
                helper_account_id=helper_id,
                person_id=person_id,
                relation=link.relation,
                status=link.status,
                created_at=link.created_at,
                activated_at=link.activated_at,
            )
        )
    session.flush()


def load_sample_data(session: Session, now: datetime | None = None) -> bool:
    """Load reference data and the demo people/accounts, only into a database with no centers.

    Returns True if it loaded, False if the database already had centers (nothing changed).
    `now` (aware, UTC) dates the demo data; it defaults to the current time. Commits.
    """
    if session.exec(select(Center.id).limit(1)).first() is not None:
        return False
    load_reference_data(session)
    now = now or utcnow()
    _load_people(session, build_demo_data(now))
    from backend.data.center_day import load_center_day

    account = session.exec(select(Account).where(Account.email == "maria@example.com")).one()
    load_center_day(session, password_hash=account.password_hash, now=now)
    session.commit()
    return True
