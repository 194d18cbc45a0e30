"""The rules of booking.py, and references, messages and the calendar file they produce."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from datetime import UTC, date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.errors import DomainError
from backend.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    Center,
    CenterService,
    SlotCounter,
)
from backend.services import booking, ics, references
from tests.backend.booking_helpers import (
    EXT,
    NOW,
    RES,
    TOMORROW,
    active_in_slot,
    counter,
    ident,
    local,
    make_account,
    make_center,
    make_people,
)
from tests.conftest import read_outbox

DAY = date(2026, 9, 21)  # a Monday, well beyond the 24-hour cut-off
NINE, TEN, ELEVEN = local(DAY, 9), local(DAY, 10), local(DAY, 11)


class World:
    """One center (3 counters), three people, and an account verified as the first one."""

    def __init__(self, session: Session, engine: Engine) -> None:
        self.session, self.engine = session, engine
        self.center = make_center(session)
        self.cid = ident(self.center)
        self.people = make_people(session, 3)
        self.account = make_account(session, person=self.people[0], email="p0@example.com",
                                    full_name="Person P0")

    def book(self, n: int = 0, start: object = NINE, service: object = EXT) -> Appointment:
        return booking.book(session=self.session, actor=self.account, person=self.people[n],
                            service=service, center_id=self.cid, start=start,  # type: ignore[arg-type]
                            now=NOW)

    def seats(self, start: object = NINE, service: object = EXT) -> int:
        return counter(self.engine, self.cid, service, start)  # type: ignore[arg-type]


@pytest.fixture
def w(session: Session, engine: Engine) -> World:
    return World(session, engine)


def _refused(code: str) -> AbstractContextManager[pytest.ExceptionInfo[DomainError]]:
    return pytest.raises(DomainError, match=f"^{code}$")


# ---------------------------------------------------------------- book


def test_book_takes_a_seat(w: World) -> None:
    a = w.book()
    assert a.status == AppointmentStatus.booked and a.reschedules == 0
    assert (a.start, a.end) == (NINE, local(DAY, 9, 30))
    assert references.is_valid(a.reference)
    assert w.seats() == 1 == active_in_slot(w.engine, w.cid, EXT, NINE)
    row = w.session.exec(select(SlotCounter)).one()
    assert (row.capacity, row.booked) == (3, 1)
    [event] = w.session.exec(select(AuditEvent)).all()
    assert (event.action, event.actor_account_id, event.subject_person_id) == (
        "appointment.book", w.account.id, w.people[0].id)
    assert event.detail == {"reference": a.reference}


def test_second_active_appointment_for_same_service_is_refused(w: World) -> None:
    w.book(start=NINE)
    with _refused("already_booked"):
        w.book(start=TEN)
    assert w.seats(TEN) == 0 and w.seats(NINE) == 1
    other = w.book(start=TEN, service=RES)  # another service is another appointment
    assert other.service_code == RES
    w.book(n=1, start=NINE)  # and another person may book the same service
    assert w.seats(NINE) == 2


def test_full_slot_is_refused(w: World) -> None:
    link = w.session.get(CenterService, (w.cid, EXT))
    assert link is not None
    link.capacity = 2
    w.session.add(link)
    w.session.commit()
    w.book(0)
    w.book(1)
    with _refused("slot_full"):
        w.book(2)
    assert w.seats() == 2 == active_in_slot(w.engine, w.cid, EXT, NINE)
    assert len(w.session.exec(select(Appointment)).all()) == 2
    w.book(2, start=TEN)  # the refusal left nothing behind


def test_a_seat_taken_after_the_read_is_refused_with_nothing_left_behind(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read before the write lock may be stale; the conditional UPDATE still decides."""
    link = w.session.get(CenterService, (w.cid, EXT))
    assert link is not None
    link.capacity = 1
    w.session.add(link)
    w.session.commit()
    w.book(0)
    messages_before = len(read_outbox())
    monkeypatch.setattr(booking, "_seats", lambda *_args: (0, 1))  # a read from before
    with _refused("slot_full"):
        w.book(1)
    assert w.seats() == 1 == active_in_slot(w.engine, w.cid, EXT, NINE)
    # The messages and the audit record prepared for the refused booking were rolled back.
    assert len(read_outbox()) == messages_before
    books = w.session.exec(select(AuditEvent).where(AuditEvent.action == "appointment.book"))
    assert len(books.all()) == 1


def test_booking_outside_the_rules_is_refused(w: World) -> None:
    with _refused("outside_window"):
        w.book(start=local(NOW.date(), 14))
    with _refused("slot_not_found"):
        w.book(start=local(DAY, 9, 10))
    other = make_center(w.session, services=(RES,), name="Permits only")
    with _refused("service_not_offered"):
        booking.book(session=w.session, actor=w.account, person=w.people[0], service=EXT,
                     center_id=ident(other), start=NINE, now=NOW)
    assert w.session.exec(select(SlotCounter)).all() == []


# ---------------------------------------------------------------- reschedule


def test_reschedule_moves_the_seat_at_once(w: World) -> None:
    a = w.book()
    moved = booking.reschedule(session=w.session, actor=w.account, appointment=a, start=TEN,
                               now=NOW)
    assert moved.reschedules == 1 and moved.start == TEN and moved.end == local(DAY, 10, 30)
    assert w.seats(NINE) == 0 and w.seats(TEN) == 1
    assert moved.reference == a.reference
    changed = [m for m in read_outbox() if m["subject"] == "Appointment changed"]
    assert {m["channel"] for m in changed} == {"sms", "email"}


def test_reschedule_to_another_center(w: World) -> None:
    a = w.book()
    other = ident(make_center(w.session, name="Second center"))
    booking.reschedule(session=w.session, actor=w.account, appointment=a, start=NINE,
                       center_id=other, now=NOW)
    assert a.center_id == other
    assert w.seats(NINE) == 0 and counter(w.engine, other, EXT, NINE) == 1


def test_at_most_two_reschedules(w: World) -> None:
    a = w.book()
    for start in (TEN, ELEVEN):
        booking.reschedule(session=w.session, actor=w.account, appointment=a, start=start,
                           now=NOW)
    with pytest.raises(DomainError) as exc:
        booking.reschedule(session=w.session, actor=w.account, appointment=a, start=NINE,
                           now=NOW)
    assert exc.value.code == "reschedule_limit" and exc.value.params == {"times": 2}
    assert a.start == ELEVEN and a.reschedules == 2
    assert (w.seats(NINE), w.seats(TEN), w.seats(ELEVEN)) == (0, 0, 1)
    booking.cancel(session=w.session, actor=w.account, appointment=a, now=NOW)  # still allowed


def test_reschedule_into_a_full_slot_keeps_the_old_seat(w: World) -> None:
    link = w.session.get(CenterService, (w.cid, EXT))
    assert link is not None
    link.capacity = 1
    w.session.add(link)
    w.session.commit()
    a = w.book(0, start=NINE)
    w.book(1, start=TEN)
    with _refused("slot_full"):
        booking.reschedule(session=w.session, actor=w.account, appointment=a, start=TEN,
                           now=NOW)
    fresh = w.session.get(Appointment, a.id)
    assert fresh is not None and fresh.start == NINE and fresh.reschedules == 0
    assert (w.seats(NINE), w.seats(TEN)) == (1, 1)


def test_reschedule_to_the_same_slot_is_refused(w: World) -> None:
    a = w.book()
    with _refused("same_slot"):
        booking.reschedule(session=w.session, actor=w.account, appointment=a,
                           start=NINE.astimezone(UTC), now=NOW)
    assert a.reschedules == 0 and w.seats() == 1


def test_reschedule_checks_the_new_slot(w: World) -> None:
    a = w.book()
    with _refused("slot_not_found"):
        booking.reschedule(session=w.session, actor=w.account, appointment=a,
                           start=local(DAY, 12, 30), now=NOW)
    with _refused("outside_window"):
        booking.reschedule(session=w.session, actor=w.account, appointment=a,
                           start=local(DAY + timedelta(days=60), 9), now=NOW)
    assert w.seats() == 1 and a.reschedules == 0


# ---------------------------------------------------------------- cut-off, cancel


def test_no_change_within_24_hours(w: World) -> None:
    a = w.book(start=local(TOMORROW, 9))  # 23 hours after NOW
    with pytest.raises(DomainError) as exc:
        booking.cancel(session=w.session, actor=w.account, appointment=a, now=NOW)
    assert exc.value.code == "too_late_to_change" and exc.value.params == {"hours": 24}
    with _refused("too_late_to_change"):
        booking.reschedule(session=w.session, actor=w.account, appointment=a,
                           start=local(TOMORROW, 10), now=NOW)
    assert a.status == AppointmentStatus.booked and w.seats(local(TOMORROW, 9)) == 1


def test_change_allowed_up_to_exactly_24_hours_before(w: World) -> None:
    a = w.book(start=local(TOMORROW, 11))
    late = local(TOMORROW, 11) - timedelta(hours=24)
    booking.reschedule(session=w.session, actor=w.account, appointment=a,
                       start=local(TOMORROW, 14), now=late)
    with _refused("too_late_to_change"):
        booking.cancel(session=w.session, actor=w.account, appointment=a,
                       now=local(TOMORROW, 14) - timedelta(hours=24, seconds=-1))


def test_cancel_frees_the_seat_and_allows_booking_again(w: World) -> None:
    a = w.book()
    cancelled = booking.cancel(session=w.session, actor=w.account, appointment=a, now=NOW)
    assert cancelled.status == AppointmentStatus.cancelled and cancelled.cancelled_at == NOW
    assert w.seats() == 0
    again = w.book(start=NINE)
    assert again.reference != a.reference and w.seats() == 1
    sms = [m for m in read_outbox() if m["subject"] == "Appointment cancelled"]
    assert len(sms) == 1 and references.display(a.reference) in sms[0]["body"]
    events = w.session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    actions = [e.action for e in events]
    assert actions == ["appointment.book", "appointment.cancel", "appointment.book"]


def test_cancelled_appointment_cannot_be_changed(w: World) -> None:
    a = w.book()
    booking.cancel(session=w.session, actor=w.account, appointment=a, now=NOW)
    with _refused("not_active"):
        booking.cancel(session=w.session, actor=w.account, appointment=a, now=NOW)
    with _refused("not_active"):
        booking.reschedule(session=w.session, actor=w.account, appointment=a, start=TEN,
                           now=NOW)
    assert w.seats() == 0 and w.seats(TEN) == 0


def test_list_and_find(w: World) -> None:
    first = w.book(start=NINE)
    second = w.book(start=local(DAY + timedelta(days=1), 9), service=RES)
    listed = booking.list_for(session=w.session, person_id=ident(w.people[0]))
    assert [a.reference for a in listed] == [second.reference, first.reference]
    ref = first.reference
    typed = f" {ref[:4].lower()}-{ref[4:]} "
    found = booking.find(session=w.session, reference=typed)
    assert found is not None and found.id == first.id
    assert booking.find(session=w.session, reference="NOPE") is None


# ---------------------------------------------------------------- messages


def test_confirmation_goes_to_person_phone_and_booker_email(w: World) -> None:
    a = w.book()
    sms, email = read_outbox()
    assert (sms["channel"], sms["to"]) == ("sms", w.people[0].phone)
    assert (email["channel"], email["to"]) == ("email", "p0@example.com")
    display = references.display(a.reference)
    for m in (sms, email):
        assert m["subject"] == "Appointment booked"
        assert display in m["body"] and "Test center" in m["body"] and "9:00" in m["body"]
    assert "Booked for" not in email["body"]


def test_helper_booking_says_for_whom(w: World) -> None:
    helper = make_account(w.session, email="helper@example.com", full_name="Li Helper")
    booking.book(session=w.session, actor=helper, person=w.people[1], service=EXT,
                 center_id=w.cid, start=NINE, now=NOW)
    sms, email = read_outbox()
    assert sms["to"] == w.people[1].phone and email["to"] == "helper@example.com"
    assert email["body"].startswith(f"Booked for {w.people[1].full_name}: ")
    assert "Booked for" not in sms["body"]


def test_confirmation_in_the_bookers_language(w: World) -> None:
    booking.book(session=w.session, actor=w.account, person=w.people[0], service=EXT,
                 center_id=w.cid, start=NINE, now=NOW, lang="zh")
    sms, _email = read_outbox()
    assert re.search(r"[\u4e00-\u9fff]", sms["subject"]), sms
    assert "测试路1号" in sms["body"]


def test_reminders_once_and_for_tomorrow_only(w: World) -> None:
    tomorrow = w.book(0, start=local(TOMORROW, 15))
    w.book(1, start=local(date(2026, 9, 18), 9))  # within 48 hours, but not tomorrow
    w.book(2, start=local(date(2026, 9, 22), 9))
    cancelled = booking.book(session=w.session, actor=w.account, person=w.people[2],
                             service=RES, center_id=w.cid, start=local(TOMORROW, 16), now=NOW)
    cancelled_at = local(TOMORROW, 16) - timedelta(days=2)
    booking.cancel(session=w.session, actor=w.account, appointment=cancelled, now=cancelled_at)
    before = len(read_outbox())
    assert booking.send_due_reminders(session=w.session, now=NOW) == 1
    [reminder] = read_outbox()[before:]
    assert reminder["to"] == w.people[0].phone and reminder["channel"] == "sms"
    assert references.display(tomorrow.reference) in reminder["body"]
    # In the language of the person's account (English here); without an account English and
    # Chinese (tests/backend/test_languages.py).
    assert "Reminder" in reminder["body"] and "提醒" not in reminder["body"]
    assert booking.send_due_reminders(session=w.session, now=NOW) == 0
    assert booking.send_due_reminders(session=w.session, now=NOW + timedelta(hours=1)) == 0
    assert len(read_outbox()) == before + 1


def test_reminder_uses_the_local_day(w: World) -> None:
    """At 23:30 in Shanghai, tomorrow's 09:00 is due but the day after tomorrow is not."""
    late = local(date(2026, 9, 17), 23, 30)  # Thursday evening, 15:30 UTC
    w.book(0, start=local(date(2026, 9, 18), 9))
    w.book(1, start=local(date(2026, 9, 21), 9))
    assert booking.send_due_reminders(session=w.session, now=late) == 1


def test_rescheduled_appointment_is_reminded_again(w: World) -> None:
    a = w.book(start=local(date(2026, 9, 22), 9))
    day_before = local(date(2026, 9, 21), 8)
    assert booking.send_due_reminders(session=w.session, now=day_before) == 1
    booking.reschedule(session=w.session, actor=w.account, appointment=a,
                       start=local(date(2026, 9, 22), 15), now=day_before)
    assert booking.send_due_reminders(session=w.session, now=day_before) == 1


# ---------------------------------------------------------------- references


def test_new_reference_shape_and_check_char() -> None:
    seen = {references.new_reference() for _ in range(500)}
    assert len(seen) == 500
    for ref in seen:
        assert len(ref) == 8 and set(ref) <= set(references.ALPHABET)
        assert not set(ref) & set("01OI")
        assert references.is_valid(ref)
    assert set(references.ALPHABET).isdisjoint("01OI") and len(references.ALPHABET) == 32


def test_normalise_and_display() -> None:
    ref = references.new_reference()
    shown = references.display(ref)
    assert shown == f"{ref[:4]}-{ref[4:]}"
    for typed in (shown, shown.lower(), f" {ref[:2]} {ref[2:5]}-{ref[5:]} ", ref.lower()):
        assert references.normalise(typed) == ref
        assert references.is_valid(typed)
    assert not references.is_valid(ref[:-1]) and not references.is_valid(ref + "A")
    assert not references.is_valid("")


def test_changed_check_char_is_detected() -> None:
    for _ in range(50):
        ref = references.new_reference()
        for c in references.ALPHABET.replace(ref[-1], ""):
            assert not references.is_valid(ref[:-1] + c)


def _undetected_substitutions(ref: str) -> list[str]:
    wrong = []
    for i in range(len(ref)):
        for c in references.ALPHABET:
            changed = ref[:i] + c + ref[i + 1:]
            if c != ref[i] and references.is_valid(changed):
                wrong.append(changed)
    return wrong


def test_a_single_changed_character_is_detected_in_most_positions() -> None:
    """Symbols 1, 3, 5, 7 (odd weights, invertible mod 32) and the check symbol catch all."""
    for _ in range(50):
        ref = references.new_reference()
        for i in (0, 2, 4, 6, 7):
            for c in references.ALPHABET.replace(ref[i], ""):
                assert not references.is_valid(ref[:i] + c + ref[i + 1:])


def test_every_single_changed_character_is_detected() -> None:
    """Any one mistyped symbol anywhere makes the reference invalid (a check character's job)."""
    fixed = "K7QM2XA" + references._check_char("K7QM2XA")  # a body the old weights failed on
    assert references.is_valid(fixed)
    assert _undetected_substitutions(fixed) == []
    for _ in range(20):
        assert _undetected_substitutions(references.new_reference()) == []


# ---------------------------------------------------------------- calendar file


def test_ics_is_crlf_folded_and_utc(w: World) -> None:
    a = w.book()
    center = w.session.get(Center, w.cid)
    assert center is not None
    long_address = "上海市浦东新区" + "民生路一千五百号" * 6
    center.address_zh = long_address  # forces folding of multi-byte text
    body = ics.appointment_ics(appointment=a, center=center,
                               summary="Visa extension · Test center; room 2, hall A",
                               description="Reference ABCD-EFGH. Bring your passport.",
                               now=NOW)
    raw = body.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(len(line) for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long location was folded
    unfolded = body.replace("\r\n ", "")
    assert "DTSTART:20260921T010000Z\r\n" in unfolded
    assert "DTEND:20260921T013000Z\r\n" in unfolded
    assert "DTSTAMP:20260916T020000Z\r\n" in unfolded
    assert f"UID:{a.reference}@" in unfolded
    assert "SUMMARY:Visa extension · Test center\\; room 2\\, hall A\r\n" in unfolded
    assert long_address in unfolded  # no character split
    assert unfolded.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert unfolded.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
