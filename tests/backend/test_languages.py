"""Languages in what the server writes: SMS and e-mails in the reader's language, the PDF
document in the language it was issued in, and dates, numbers and fees in each locale."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from io import BytesIO

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from sqlmodel import Session, select

from app.i18n import Translator
from backend.data.sample import load_sample_data
from backend.i18n import gettext
from backend.models import Account, Person
from backend.services import booking, certificates
from backend.services.certificate_pdf import FONTS_DIR, render
from tests.backend.booking_helpers import (
    EXT,
    NOW,
    TOMORROW,
    local,
    make_account,
    make_center,
    make_people,
)
from tests.conftest import read_outbox

NINE = local(date(2026, 9, 21), 9)


def test_reminder_in_the_language_of_the_persons_account(session: Session) -> None:
    center = make_center(session)
    korean, nobody = make_people(session, 2)
    account = make_account(session, person=korean, email="k@example.com")
    account.locale = "ko"
    session.add(account)
    session.commit()
    for person in (korean, nobody):
        booking.book(session=session, actor=account if person is korean else make_account(
            session, email="helper@example.com"), person=person, service=EXT,
            center_id=center.id, start=local(TOMORROW, 10), now=NOW)  # type: ignore[arg-type]
    before = len(read_outbox())
    assert booking.send_due_reminders(session=session, now=NOW) == 2
    sent = {m["to"]: m for m in read_outbox()[before:]}
    to_korean = sent[korean.phone]
    assert to_korean["subject"] == gettext("Appointment reminder", "ko")
    assert "알림" in to_korean["body"] and "Reminder" not in to_korean["body"]
    # No account, no known language: English and Chinese, as before.
    to_nobody = sent[nobody.phone]
    assert "Reminder" in to_nobody["body"] and "提醒" in to_nobody["body"]


def test_a_helper_books_in_their_language_the_person_reads_theirs(session: Session) -> None:
    center = make_center(session)
    [person] = make_people(session, 1)
    own = make_account(session, person=person, email="own@example.com")
    own.locale = "ru"
    session.add(own)
    session.commit()
    helper = make_account(session, email="helper@example.com")
    booking.book(session=session, actor=helper, person=person, service=EXT,
                 center_id=center.id, start=NINE, now=NOW, lang="es")  # type: ignore[arg-type]
    sms, email = read_outbox()[-2:]
    assert sms["to"] == person.phone and sms["subject"] == "Запись на приём оформлена"
    assert "Продление визы" in sms["body"]
    assert email["to"] == "helper@example.com" and email["subject"] == "Cita reservada"
    assert email["body"].startswith(f"Reservada para {person.full_name}: ")


def plain(text: str) -> str:
    """Text without spaces (and the NULs pypdf leaves between CJK characters)."""
    return re.sub(r"[\x00\s]", "", text)


def pdf_text(pdf: bytes) -> str:
    return plain(PdfReader(BytesIO(pdf)).pages[0].extract_text())


@pytest.fixture
def elena(session: Session) -> tuple[Account, Person]:
    load_sample_data(session)
    account = session.exec(select(Account).where(Account.email == "elena@example.com")).one()
    person = session.get(Person, account.person_id)
    assert person is not None
    return account, person


@pytest.mark.parametrize(("lang", "label"), [
    ("ru", "Код проверки"), ("fr", "Code de vérification"), ("es", "Código de verificación"),
    ("zh", "核验码"), ("ko", "확인 코드"), ("ja", "検証コード"),
])
def test_the_document_is_written_in_the_language_it_was_issued_in(
    session: Session, elena: tuple[Account, Person], lang: str, label: str
) -> None:
    account, person = elena
    cert = certificates.issue(session=session, actor=account, person=person, lang=lang)
    assert cert.payload["lang"] == lang  # signed with the rest
    pdf = render(cert)
    assert render(cert) == pdf  # still the same bytes every time
    text = pdf_text(pdf)
    assert plain(label) in text and "Verificationcode" not in text
    assert "PETROVA,ELENA" in text and "叶莲娜" in text  # the Chinese name in every language
    assert certificates.verify_pdf(session=session, data=pdf).status == "valid"


def test_an_arabic_document_is_shaped_right_to_left_and_verifies(
    session: Session, elena: tuple[Account, Person]
) -> None:
    account, person = elena
    cert = certificates.issue(session=session, actor=account, person=person, lang="ar")
    pdf = render(cert)
    assert b"NotoSansArabic" in pdf  # the Arabic font is embedded (only its used glyphs)
    assert render(cert) == pdf
    assert certificates.verify_pdf(session=session, data=pdf).status == "valid"
    # Another language is another file: a document's language cannot be swapped unnoticed.
    cert.payload = {**cert.payload, "lang": "en"}
    assert render(cert) != pdf


def test_older_documents_without_a_language_stay_in_english(
    session: Session, elena: tuple[Account, Person]
) -> None:
    account, person = elena
    cert = certificates.issue(session=session, actor=account, person=person)
    assert cert.payload["lang"] == "en"
    text = pdf_text(render(cert))
    assert "Verificationcode" in text and "PassportandPRcarddocument" in text


MOMENT = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


@pytest.mark.parametrize(("lang", "day", "clock", "number", "fee"), [
    ("en", "November 24, 2026", "09:30", "12,345.5", "CN¥160.00"),
    ("zh", "2026年11月24日", "09:30", "12,345.5", "¥160.00"),
    ("ru", "24 ноября 2026\u202fг.", "09:30", "12\xa0345,5", "160,00\xa0CN¥"),
    ("fr", "24 novembre 2026", "09:30", "12\u202f345,5", "160,00\xa0CNY"),
    ("es", "24 de noviembre de 2026", "9:30", "12.345,5", "160,00\xa0CNY"),
    # Arabic with Western digits (as on passports and receipts), written right to left.
    ("ar", "24 نوفمبر 2026", "09:30", "12,345.5", "\u200f160.00\xa0CN¥"),
    ("ko", "2026년 11월 24일", "09:30", "12,345.5", "CN¥160.00"),
    ("ja", "2026年11月24日", "9:30", "12,345.5", "元160.00"),
])
def test_dates_numbers_and_fees_in_each_locale(
    lang: str, day: str, clock: str, number: str, fee: str
) -> None:
    tr = Translator(lang)
    assert tr.date(MOMENT.date()) == day
    assert tr.time(MOMENT) == clock
    assert tr.number(Decimal("12345.5")) == number
    assert tr.fee(160) == fee
    assert tr.clock(time(9, 30)) == clock
    if lang == "ar":
        assert not any("\u0660" <= ch <= "\u0669" for ch in tr.day_time(MOMENT))


def test_weekday_dates_drop_the_year_in_every_locale() -> None:
    monday = date(2026, 11, 23)
    shown = {lang: Translator(lang).weekday_date(monday) for lang in
             ("en", "zh", "ru", "fr", "es", "ar", "ko", "ja")}
    assert all("2026" not in text for text in shown.values()), shown
    assert shown["ja"] == "11月23日月曜日" and shown["ko"] == "11월 23일 월요일"
    assert shown["fr"] == "lundi 23 novembre" and shown["ru"] == "понедельник, 23 ноября"
    assert shown["ar"] == "الاثنين، 23 نوفمبر"


def test_a_consent_code_reaches_the_person_in_their_language(session: Session) -> None:
    from backend.models import LinkCreate, Relation
    from backend.services import delegation

    japanese, unknown = (
        Person(passport_no=f"TK{n}234567", nationality="JP", full_name=name,
               birth_date=date(1990, 1, 1), phone=f"+86 139 0000 99{n}0")
        for n, name in ((1, "Yui Sato"), (2, "Ren Ito"))
    )
    session.add_all([japanese, unknown])
    session.commit()
    own = make_account(session, person=japanese, email="own@example.com")
    own.locale = "ja"
    session.add(own)
    session.commit()
    helper = make_account(session, email="helper@example.com", full_name="Li Wei")
    for person in (japanese, unknown):
        delegation.start_link(session=session, helper=helper, lang="fr", data=LinkCreate(
            passport_no=person.passport_no, nationality=person.nationality,
            full_name=person.full_name, birth_date=person.birth_date, relation=Relation.friend))
    to_japanese, to_unknown = read_outbox()[-2:]
    assert to_japanese["to"] == japanese.phone and to_japanese["subject"] == "支援の申し出"
    assert to_japanese["code"] in to_japanese["body"] and "Li Wei" in to_japanese["body"]
    # Without an account the helper's language (the helper is there to explain it).
    assert to_unknown["to"] == unknown.phone and to_unknown["subject"] == "Une demande d’aide"


def _han(file: str) -> set[str]:
    cmap = TTFont(FONTS_DIR / file).getBestCmap()
    return {chr(c) for c in cmap if 0x3400 <= c <= 0x9FFF}


def _standard(encoding: str, rows: range) -> set[str]:
    """The Han characters of a two-byte national standard's rows."""
    chars = set()
    for row in rows:
        for cell in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([row, cell]).decode(encoding))
    return {c for c in chars if "\u3400" <= c <= "\u9fff"}


@pytest.mark.parametrize(("family", "encoding", "rows", "rarer", "common"), [
    ("NotoSansSC", "gb2312", range(0xB0, 0xF8), "佘", "李叶莲娜"),
    ("NotoSansJP", "euc_jp", range(0xB0, 0xF5), "丐", "駅図広"),
])
def test_the_rare_font_holds_what_the_common_font_leaves_out(
    family: str, encoding: str, rows: range, rarer: str, common: str
) -> None:
    """Chinese: GB 2312 level 1 in the page's font, level 2 apart; Japanese: the jōyō kanji
    in the page's font, the rest of JIS X 0208 apart."""
    base, rare = _han(f"{family}-Regular.woff2"), _han(f"{family}Rare-Regular.woff2")
    listed = set((FONTS_DIR / f"{family}Rare.txt").read_text(encoding="utf-8").strip())
    listed_base = set((FONTS_DIR / f"{family}.txt").read_text(encoding="utf-8").strip())
    assert _standard(encoding, rows) <= base | rare  # each shows, from one font or the other
    # The lists the app and the PDF go by.
    assert listed == rare and not listed & base and listed_base == base
    assert rarer in rare and set(common) <= base


def test_a_rare_hanzi_in_a_name_is_printed_from_its_font(
    session: Session, elena: tuple[Account, Person]
) -> None:
    account, person = elena
    for lang, name in (("zh", "佘莲娜"), ("en", "佘莲娜"), ("ja", "丐田"),
                       # a Chinese-only hanzi in Japanese, a Japanese-only kanji elsewhere
                       ("ja", "鑫乐"), ("en", "畑中"), ("zh", "畑中")):
        cert = certificates.issue(session=session, actor=account, person=person, lang=lang)
        cert.payload = {**cert.payload,
                        "holder": {**cert.payload["holder"], "name_chinese": name}}
        assert name in pdf_text(render(cert)), lang
