"""Demo people in the immigration records, their documents and applications, and demo accounts.

Everything here is fictional sample data, not official: names, passport and permit numbers,
phone numbers (+86 138/139 0000 xxxx) and application numbers are made up. Dates are
computed from the load date so that, for example, Maria's residence permit always expires
"soon" after a fresh load. Every demo account uses the password DEMO_PASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from backend.config import get_settings
from backend.models import ApplicationStatus as S
from backend.models import DocumentKind, LinkStatus, Relation, ServiceCode

DEMO_PASSWORD = "Demo-pass-2026"

# Centers used by the demo applications, by their Chinese name in centers.json.
BEIJING = "北京市公安局出入境管理局"
SHANGHAI = "上海市公安局出入境管理局"
GUANGZHOU = "广州市公安局出入境管理支队"
HANGZHOU = "杭州市公安局出入境管理局"
CHENGDU = "成都市公安局出入境管理局"

NIA = "国家移民管理局 National Immigration Administration"
BJ_PSB = "北京市公安局出入境管理局 Exit-Entry Administration of Beijing Municipal PSB"
SH_PSB = "上海市公安局出入境管理局 Exit-Entry Administration Bureau of Shanghai PSB"
GZ_PSB = "广州市公安局出入境管理支队 Exit-Entry Administration of Guangzhou PSB"
HZ_PSB = "杭州市公安局出入境管理局 Exit-Entry Administration of Hangzhou PSB"
CD_PSB = "成都市公安局出入境管理局 Exit-Entry Administration of Chengdu PSB"


@dataclass(frozen=True)
class DocumentSpec:
    """A passport, visa, permit or PR card to create for a demo person."""

    kind: DocumentKind
    number: str
    valid_from: date
    valid_to: date
    details: dict[str, Any]


@dataclass(frozen=True)
class EventSpec:
    """One step of a demo application's timeline; `actor` is a demo account's e-mail."""

    status: S
    at: datetime
    note: str
    actor: str | None = None


@dataclass(frozen=True)
class ApplicationSpec:
    """A demo application; its status is the last event's, submitted_at the first's."""

    application_no: str
    service: ServiceCode
    center: str  # name_zh of the center
    events: list[EventSpec]


@dataclass(frozen=True)
class PersonSpec:
    """A demo foreigner in the immigration records."""

    key: str
    full_name: str
    nationality: str
    passport_no: str
    birth_date: date
    phone: str
    name_zh: str | None = None
    documents: list[DocumentSpec] = field(default_factory=list)
    applications: list[ApplicationSpec] = field(default_factory=list)


@dataclass(frozen=True)
class AccountSpec:
    """A demo account (role user); `person` is the key of the person it is verified as."""

    email: str
    full_name: str
    locale: str
    person: str | None = None


@dataclass(frozen=True)
class LinkSpec:
    """A helper's link to a person, as consented (or declared by a guardian)."""

    helper: str  # e-mail
    person: str  # person key
    relation: Relation
    status: LinkStatus
    created_at: datetime
    activated_at: datetime | None


@dataclass(frozen=True)
class DemoData:
    """The whole demo set, ready to insert."""

    people: list[PersonSpec]
    accounts: list[AccountSpec]
    links: list[LinkSpec]


def _years(day: date, years: int) -> date:
    """`day` moved by whole years (29 Feb becomes 28 Feb)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _passport(
    number: str, country: str, authority: str, issued: date, years: int = 10, **extra: Any
) -> DocumentSpec:
    return DocumentSpec(
        kind=DocumentKind.passport,
        number=number,
        valid_from=issued,
        valid_to=_years(issued, years) - timedelta(days=1),
        details={
            "type": "P (ordinary)",
            "country": country,
            "issuing_authority": authority,
            **extra,
        },
    )


def build_demo_data(now: datetime) -> DemoData:
    """The demo people, accounts and helper links, dated relative to `now` (aware, UTC)."""
    # The day in the centers' time zone, as the API counts days (between 16:00 and 24:00
    # UTC it is already tomorrow in China).
    today = now.astimezone(ZoneInfo(get_settings().timezone)).date()

    def ago(days: float, hour: int = 2) -> datetime:
        """A moment `days` ago at `hour`:00 UTC (10:00 in China for hour=2)."""
        return (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    maria = PersonSpec(
        key="maria",
        full_name="Maria Garcia",
        name_zh="玛丽亚",
        nationality="ES",
        passport_no="PAF482913",
        birth_date=date(1988, 3, 14),
        phone="+86 138 0000 0001",
        documents=[
            _passport(
                "PAF482913", "ES Spain", "Dirección General de la Policía", _years(day(-500), -3)
            ),
            DocumentSpec(
                kind=DocumentKind.residence_permit,
                number="SH3108827461",
                valid_from=day(-325),
                valid_to=day(40),
                details={
                    "permit_type": "Work (工作)",
                    "entries": "multiple",
                    "country": "CN",
                    "issuing_authority": SH_PSB,
                    "employer": "Sample Trading (Shanghai) Co., Ltd.",
                    "remarks": "Residence permit for work; holder may leave and re-enter.",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="SH2025-104382",
                service=ServiceCode.residence_permit,
                center=SHANGHAI,
                events=[
                    EventSpec(S.submitted, ago(345), "Application submitted at the counter."),
                    EventSpec(S.accepted, ago(345, 3), "Materials complete; receipt issued."),
                    EventSpec(S.under_review, ago(344), "Under review."),
                    EventSpec(S.approved, ago(327), "Approved: work residence permit, 1 year."),
                    EventSpec(
                        S.ready_for_collection,
                        ago(326),
                        "Passport with permit ready at counter 12. Bring the receipt.",
                    ),
                    EventSpec(S.collected, ago(325), "Collected by the applicant."),
                ],
            )
        ],
    )

    john = PersonSpec(
        key="john",
        full_name="John Smith",
        nationality="US",
        passport_no="568123947",
        birth_date=date(1979, 7, 2),
        phone="+86 138 0000 0002",
        documents=[
            _passport(
                "568123947", "US United States of America", "U.S. Department of State", day(-1200)
            ),
            DocumentSpec(
                kind=DocumentKind.visa,
                number="E73024519",
                valid_from=day(-80),
                valid_to=day(100),
                details={
                    "visa_type": "L (tourism)",
                    "entries": "single",
                    "duration_of_each_stay_days": 30,
                    "country": "CN",
                    "issuing_authority": "Embassy of the PRC in the United States",
                    "remarks": "Entered via Beijing Capital International Airport.",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="BJ2026-203117",
                service=ServiceCode.visa_extension,
                center=BEIJING,
                events=[
                    EventSpec(S.submitted, ago(4), "Application submitted at the counter."),
                    EventSpec(
                        S.accepted,
                        ago(4, 3),
                        "Materials complete; acceptance receipt issued. Passport kept during "
                        "processing; the receipt proves lawful stay.",
                    ),
                    EventSpec(S.under_review, ago(3), "Under review by the visa section."),
                ],
            )
        ],
    )

    elena = PersonSpec(
        key="elena",
        full_name="Elena Petrova",
        name_zh="叶莲娜",
        nationality="RU",
        passport_no="751234567",
        birth_date=date(1965, 11, 23),
        phone="+86 138 0000 0003",
        documents=[
            _passport("751234567", "RU Russian Federation", "MVD 77810 (Moscow)", day(-900)),
            DocumentSpec(
                kind=DocumentKind.pr_card,
                number="931643196511230016",
                valid_from=day(-700),
                valid_to=_years(day(-700), 10) - timedelta(days=1),
                details={
                    "name_en": "PETROVA, ELENA",
                    "name_zh": "叶莲娜",
                    "sex": "F",
                    "nationality": "RUS",
                    "country": "CN",
                    "issuing_authority": NIA,
                    "card_version": "2023",
                    "remarks": "Foreign Permanent Resident ID Card (外国人永久居留身份证).",
                },
            ),
        ],
    )

    ahmed = PersonSpec(
        key="ahmed",
        full_name="Ahmed Hassan",
        name_zh="艾哈迈德",
        nationality="EG",
        passport_no="A28461937",
        birth_date=date(1951, 6, 5),
        phone="+86 138 0000 0004",
        documents=[
            _passport(
                "A28461937",
                "EG Egypt",
                "Passports, Emigration and Nationality Administration",
                day(-1500),
                7,
            ),
            DocumentSpec(
                kind=DocumentKind.stay_permit,
                number="GZ4402213958",
                valid_from=day(-170),
                valid_to=day(10),
                details={
                    "permit_type": "Private affairs (私人事务): visiting family",
                    "entries": "multiple",
                    "country": "CN",
                    "issuing_authority": GZ_PSB,
                    "remarks": "Applied by a helper on the applicant's behalf (age 60+).",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="GZ2026-318054",
                service=ServiceCode.stay_permit,
                center=GUANGZHOU,
                events=[
                    EventSpec(
                        S.submitted,
                        ago(12),
                        "Submitted by the helper Li Wei for the applicant (aged 60 or over).",
                        "liwei@example.com",
                    ),
                    EventSpec(S.accepted, ago(12, 4), "Materials complete; receipt issued."),
                    EventSpec(S.under_review, ago(11), "Under review."),
                    EventSpec(
                        S.approved, ago(5), "Approved: stay permit, private affairs, 180 days."
                    ),
                    EventSpec(
                        S.ready_for_collection,
                        ago(4),
                        "Passport with the new permit is ready at counter 6. The helper may "
                        "collect it with the receipt and their own ID.",
                    ),
                ],
            )
        ],
    )

    kim = PersonSpec(
        key="minjun",
        full_name="Kim Min-jun",
        name_zh="金敏俊",
        nationality="KR",
        passport_no="M58203194",
        birth_date=date(1983, 2, 18),
        phone="+86 138 0000 0007",
        documents=[
            _passport(
                "M58203194", "KR Republic of Korea", "Ministry of Foreign Affairs", day(-1800)
            ),
            DocumentSpec(
                kind=DocumentKind.residence_permit,
                number="BJ1108305526",
                valid_from=day(-20),
                valid_to=_years(day(-20), 2),
                details={
                    "permit_type": "Work (工作)",
                    "entries": "multiple",
                    "country": "CN",
                    "issuing_authority": BJ_PSB,
                    "employer": "Sample Semiconductor (Beijing) Ltd.",
                    "remarks": "Renewed.",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="BJ2026-201486",
                service=ServiceCode.residence_permit,
                center=BEIJING,
                events=[
                    EventSpec(S.submitted, ago(30), "Application submitted at the counter."),
                    EventSpec(S.accepted, ago(30, 3), "Materials complete; receipt issued."),
                    EventSpec(S.under_review, ago(29), "Under review."),
                    EventSpec(S.approved, ago(21), "Approved: work residence permit, 2 years."),
                ],
            )
        ],
    )

    sofia = PersonSpec(
        key="sofia",
        full_name="Sofia Kim",
        name_zh="金索菲",
        nationality="KR",
        passport_no="M71940258",
        birth_date=date(2015, 9, 10),
        phone="+86 138 0000 0007",  # a minor: her father's phone receives her codes
        documents=[
            _passport(
                "M71940258", "KR Republic of Korea", "Ministry of Foreign Affairs", day(-600), 5
            ),
            DocumentSpec(
                kind=DocumentKind.stay_permit,
                number="BJ1108317043",
                valid_from=day(-340),
                valid_to=day(25),
                details={
                    "permit_type": "Private affairs (私人事务): accompanying parent",
                    "entries": "multiple",
                    "country": "CN",
                    "issuing_authority": BJ_PSB,
                    "remarks": "Minor; guardian Kim Min-jun.",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="BJ2026-204739",
                service=ServiceCode.stay_permit,
                center=BEIJING,
                events=[
                    EventSpec(
                        S.submitted,
                        ago(1),
                        "Submitted online by the helper Li Wei for the applicant (a minor).",
                        "liwei@example.com",
                    ),
                ],
            )
        ],
    )

    yuki = PersonSpec(
        key="yuki",
        full_name="Yuki Tanaka",
        name_zh="田中由纪",
        nationality="JP",
        passport_no="TK1234567",
        birth_date=date(1995, 4, 12),
        phone="+86 139 0000 0006",
        documents=[
            _passport("TK1234567", "JP Japan", "Ministry of Foreign Affairs of Japan", day(-1000)),
            DocumentSpec(
                kind=DocumentKind.visa,
                number="E58301742",
                valid_from=day(-400),
                valid_to=day(-310),
                details={
                    "visa_type": "X1 (long-term study)",
                    "entries": "single",
                    "duration_of_each_stay_days": 0,
                    "country": "CN",
                    "issuing_authority": "Embassy of the PRC in Japan",
                    "remarks": "Apply for a residence permit within 30 days of entry.",
                },
            ),
            DocumentSpec(
                kind=DocumentKind.residence_permit,
                number="HZ3301620983",
                valid_from=day(-345),
                valid_to=day(20),
                details={
                    "permit_type": "Study (学习)",
                    "entries": "multiple",
                    "country": "CN",
                    "issuing_authority": HZ_PSB,
                    "school": "Sample University, Hangzhou",
                    "remarks": "Part-time work not permitted without endorsement.",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="HZ2026-412608",
                service=ServiceCode.residence_permit,
                center=HANGZHOU,
                events=[
                    EventSpec(S.submitted, ago(8), "Application submitted at the counter."),
                    EventSpec(S.accepted, ago(8, 3), "Receipt issued."),
                    EventSpec(S.under_review, ago(7), "Under review."),
                    EventSpec(
                        S.more_materials,
                        ago(6),
                        "More materials needed: the university's certificate of enrolment "
                        "(在学证明) for the new academic year. The one submitted has expired. "
                        "Bring it to the counter with the receipt.",
                    ),
                ],
            )
        ],
    )

    amara = PersonSpec(
        key="amara",
        full_name="Amara Okafor",
        nationality="NG",
        passport_no="B50372914",
        birth_date=date(1990, 8, 27),
        phone="+86 138 0000 0008",
        documents=[
            _passport("B50372914", "NG Nigeria", "Nigeria Immigration Service", day(-700), 5),
            DocumentSpec(
                kind=DocumentKind.visa,
                number="E61927305",
                valid_from=day(-70),
                valid_to=day(20),
                details={
                    "visa_type": "M (commercial and trade)",
                    "entries": "single",
                    "duration_of_each_stay_days": 30,
                    "country": "CN",
                    "issuing_authority": "Embassy of the PRC in Nigeria",
                    "remarks": "Extended once by 30 days.",
                },
            ),
        ],
        applications=[
            ApplicationSpec(
                application_no="CD2026-507821",
                service=ServiceCode.visa_extension,
                center=CHENGDU,
                events=[
                    EventSpec(S.submitted, ago(15), "Application submitted at the counter."),
                    EventSpec(S.accepted, ago(15, 3), "Receipt issued."),
                    EventSpec(S.under_review, ago(14), "Under review."),
                    EventSpec(
                        S.refused,
                        ago(9),
                        "Refused: the total of extensions may not exceed the original duration "
                        "of stay (30 days), which was already reached (Exit and Entry "
                        "Administration Law, Art. 29). This decision is final.",
                    ),
                ],
            )
        ],
    )

    accounts = [
        # The language each account chose (the app shows it after sign-in unless one was
        # picked in that visit). English for all, so demos and tests start in one language.
        AccountSpec("maria@example.com", "Maria Garcia", "en", "maria"),
        AccountSpec("john@example.com", "John Smith", "en", "john"),
        AccountSpec("elena@example.com", "Elena Petrova", "en", "elena"),
        AccountSpec("minjun@example.com", "Kim Min-jun", "en", "minjun"),
        AccountSpec("liwei@example.com", "Li Wei", "en", None),
    ]
    links = [
        LinkSpec(
            "liwei@example.com", "ahmed", Relation.friend, LinkStatus.active, ago(40), ago(40, 3)
        ),
        LinkSpec(
            "minjun@example.com", "sofia", Relation.parent, LinkStatus.active, ago(60), ago(60, 3)
        ),
        # A family friend; consent given by the guardian's declaration (Kim Min-jun).
        LinkSpec(
            "liwei@example.com", "sofia", Relation.friend, LinkStatus.active, ago(20), ago(20, 5)
        ),
    ]
    return DemoData(
        people=[maria, john, elena, ahmed, kim, sofia, yuki, amara], accounts=accounts, links=links
    )
