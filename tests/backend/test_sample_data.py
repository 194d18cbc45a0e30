"""The sample data set: reference data (centers, services, calendar) and the demo people."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from backend.data import build_calendar, build_centers
from backend.data.people import DEMO_PASSWORD
from backend.data.sample import load_reference_data, load_sample_data
from backend.db import create_schema, make_engine
from backend.models import (
    Account,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CalendarDay,
    Center,
    CenterService,
    Document,
    DocumentKind,
    HelperLink,
    LinkStatus,
    OpeningHours,
    Person,
    Service,
    ServiceCode,
)
from backend.services.passwords import verify_password

SHARED = Path("/work/shared/data")
DEMO_EMAILS = [
    "maria@example.com",
    "john@example.com",
    "elena@example.com",
    "minjun@example.com",
    "liwei@example.com",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'sample.db'}")
    create_schema(engine)
    with Session(engine) as session:
        assert load_sample_data(session) is True
    return engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_centers(session: Session) -> None:
    centers = session.exec(select(Center)).all()
    assert len(centers) >= 30
    assert len({c.province for c in centers}) >= 15
    for c in centers:
        assert c.name_en and c.name_zh and c.address_en and c.address_zh, c.name_zh
        assert c.city_en and c.city_zh and c.source_note
        hours = session.exec(select(OpeningHours).where(OpeningHours.center_id == c.id)).all()
        assert hours, c.name_zh
        assert all(0 <= h.weekday <= 6 and h.opens < h.closes for h in hours)
    assert any(c.hours_verified for c in centers)
    assert any(not c.hours_verified for c in centers)
    big = session.exec(select(Center).where(Center.name_zh == "北京市公安局出入境管理局")).one()
    assert big.counters == 6
    assert _count(session, CenterService) > 100


def test_services(session: Session) -> None:
    services = session.exec(select(Service).order_by(Service.sort_order)).all()  # type: ignore[arg-type]
    assert [s.code for s in services] == list(ServiceCode)
    assert all(s.slot_minutes == 30 for s in services)


def test_calendar(session: Session) -> None:
    national_day = session.get(CalendarDay, date(2026, 10, 1))
    assert national_day is not None and national_day.is_holiday
    assert national_day.name_zh == "国庆节"
    makeup = session.get(CalendarDay, date(2026, 10, 10))
    assert makeup is not None and not makeup.is_holiday
    new_year_2027 = session.get(CalendarDay, date(2027, 1, 1))
    assert new_year_2027 is not None and new_year_2027.is_holiday
    # No guessed lunar-calendar days for 2027.
    days_2027 = session.exec(select(CalendarDay).where(CalendarDay.day >= date(2027, 1, 1))).all()
    assert {d.name_en for d in days_2027} == {"New Year's Day", "Labour Day", "National Day"}


def test_demo_accounts(session: Session) -> None:
    for email in DEMO_EMAILS:
        account = session.exec(select(Account).where(Account.email == email)).one()
        assert account.role == "user"
        if email != "liwei@example.com":
            assert account.person_id is not None
            person = session.get(Person, account.person_id)
            assert person is not None and person.full_name == account.full_name
    maria = session.exec(select(Account).where(Account.email == "maria@example.com")).one()
    assert verify_password(DEMO_PASSWORD, maria.password_hash)[0]


def test_helper_links(session: Session) -> None:
    liwei = session.exec(select(Account).where(Account.email == "liwei@example.com")).one()
    assert liwei.person_id is None
    links = session.exec(
        select(HelperLink).where(
            HelperLink.helper_account_id == liwei.id, HelperLink.status == LinkStatus.active
        )
    ).all()
    names = {session.get(Person, link.person_id).full_name for link in links}  # type: ignore[union-attr]
    assert names == {"Ahmed Hassan", "Sofia Kim"}
    linked_ids = set(session.exec(select(Account.person_id)).all())
    ahmed = session.exec(select(Person).where(Person.full_name == "Ahmed Hassan")).one()
    assert ahmed.id not in linked_ids


def test_maria_permit_expires_soon(session: Session) -> None:
    maria = session.exec(select(Person).where(Person.full_name == "Maria Garcia")).one()
    permit = session.exec(
        select(Document).where(
            Document.person_id == maria.id, Document.kind == DocumentKind.residence_permit
        )
    ).one()
    assert date.today() < permit.valid_to <= date.today() + timedelta(days=45)


def test_elena_pr_card(session: Session) -> None:
    elena = session.exec(select(Person).where(Person.full_name == "Elena Petrova")).one()
    card = session.exec(
        select(Document).where(
            Document.person_id == elena.id, Document.kind == DocumentKind.pr_card
        )
    ).one()
    assert card.details["name_zh"] == "叶莲娜"
    assert "National Immigration Administration" in card.details["issuing_authority"]


def test_yuki_is_unlinked_and_verifiable(session: Session) -> None:
    yuki = session.exec(
        select(Person).where(Person.passport_no == "TK1234567", Person.nationality == "JP")
    ).one()
    assert (yuki.full_name, yuki.birth_date) == ("Yuki Tanaka", date(1995, 4, 12))
    assert yuki.phone == "+86 139 0000 0006"
    assert session.exec(select(Account).where(Account.person_id == yuki.id)).first() is None
    assert session.exec(select(HelperLink).where(HelperLink.person_id == yuki.id)).first() is None
    app = session.exec(select(Application).where(Application.person_id == yuki.id)).one()
    assert app.status == ApplicationStatus.more_materials


def test_applications_cover_every_status(session: Session) -> None:
    apps = session.exec(select(Application)).all()
    events = session.exec(select(ApplicationEvent)).all()
    seen = {a.status for a in apps} | {e.status for e in events}
    assert seen == set(ApplicationStatus)
    assert len({a.application_no for a in apps}) == len(apps)
    for app in apps:
        timeline = sorted((e for e in events if e.application_id == app.id), key=lambda e: e.at)
        assert timeline and timeline[0].status == ApplicationStatus.submitted
        assert timeline[-1].status == app.status
        assert all(e.at.tzinfo is not None and e.note for e in timeline)


def test_second_load_is_skipped(session: Session) -> None:
    before = {m: _count(session, m) for m in (Center, Person, Account, Application, CalendarDay)}
    assert load_sample_data(session) is False
    load_reference_data(session)  # idempotent too
    after = {m: _count(session, m) for m in before}
    assert after == before


@pytest.mark.skipif(not SHARED.exists(), reason="research data not available")
def test_committed_json_matches_builders() -> None:
    data_dir = Path(build_centers.__file__).parent
    committed = json.loads((data_dir / "centers.json").read_text(encoding="utf-8"))
    assert committed == build_centers.build(SHARED)
    calendar = json.loads((data_dir / "calendar.json").read_text(encoding="utf-8"))
    assert calendar == build_calendar.build(SHARED)


def test_parse_hours() -> None:
    periods, complete = build_centers.parse_hours("Mon–Fri 08:30–12:00, 14:00–17:30")
    assert complete and len(periods) == 10
    periods, complete = build_centers.parse_hours(
        "Mon–Thu 09:00–17:00; Fri 09:00–16:00; Sat–Sun closed"
    )
    assert complete
    assert {(p["weekday"], p["closes"]) for p in periods} == {
        (0, "17:00"),
        (1, "17:00"),
        (2, "17:00"),
        (3, "17:00"),
        (4, "16:00"),
    }
    assert build_centers.parse_hours("Mon–Fri (times not given), except holidays") == ([], False)
