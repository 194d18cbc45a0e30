"""Services and service centers as the public sees them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin
from sqlmodel import Session, col, or_, select

from backend.errors import DomainError
from backend.i18n import N_, gettext
from backend.models import (
    CalendarDay,
    Center,
    CenterPublic,
    CenterService,
    CenterStatus,
    ClosedDays,
    Closure,
    ExtraDay,
    OpeningHours,
    OpeningPeriod,
    ProvincePublic,
    Service,
    ServiceCode,
    ServicePublic,
    SlotCounter,
    utcnow,
)
from backend.services import calendar, slots


class CenterSort(StrEnum):
    """Orders of the directory: by province and city, or soonest free day first."""

    place = "place"
    next_available = "next_available"


SERVICE_NAMES: dict[ServiceCode, str] = {
    ServiceCode.visa_extension: N_("Visa extension"),
    ServiceCode.visa_renewal: N_("Visa renewal"),
    ServiceCode.visa_reissue: N_("Visa reissue"),
    ServiceCode.stay_permit: N_("Stay permit"),
    ServiceCode.residence_permit: N_("Residence permit"),
}

# The names of the calendar's days (backend/data/calendar.json has them in English and
# Chinese); the other languages take them from the catalogs.
HOLIDAY_NAMES = (
    N_("New Year's Day"),
    N_("Spring Festival"),
    N_("Qingming Festival"),
    N_("Labour Day"),
    N_("Dragon Boat Festival"),
    N_("Mid-Autumn Festival"),
    N_("National Day"),
    N_("Make-up working day"),
)


def list_services(*, session: Session, lang: str) -> list[ServicePublic]:
    """The five services in their display order, named in `lang`."""
    services = session.exec(select(Service).order_by(col(Service.sort_order))).all()
    return [
        ServicePublic(
            code=s.code, name=gettext(SERVICE_NAMES[s.code], lang), slot_minutes=s.slot_minutes
        )
        for s in services
    ]


# Provinces, autonomous regions and municipalities in Chinese (centers store the English).
PROVINCES_ZH: dict[str, str] = {
    "Anhui": "安徽", "Beijing": "北京", "Chongqing": "重庆", "Fujian": "福建", "Gansu": "甘肃",
    "Guangdong": "广东", "Guangxi": "广西", "Guizhou": "贵州", "Hainan": "海南", "Hebei": "河北",
    "Heilongjiang": "黑龙江", "Henan": "河南", "Hubei": "湖北", "Hunan": "湖南",
    "Inner Mongolia": "内蒙古", "Jiangsu": "江苏", "Jiangxi": "江西", "Jilin": "吉林",
    "Liaoning": "辽宁", "Ningxia": "宁夏", "Qinghai": "青海", "Shaanxi": "陕西",
    "Shandong": "山东", "Shanghai": "上海", "Shanxi": "山西", "Sichuan": "四川", "Tianjin": "天津",
    "Tibet": "西藏", "Xinjiang": "新疆", "Yunnan": "云南", "Zhejiang": "浙江",
}
CLOSES_SOON = timedelta(minutes=30)
LOOK_AHEAD_DAYS = 30  # closures, holidays and make-up days shown ahead
NEXT_OPENING_DAYS = 60  # how far to look for the next opening


def province_zh(province: str) -> str:
    return PROVINCES_ZH.get(province, province)


# ---------------------------------------------------------------- search


def _fold(text: str) -> str:
    """Lower case without spaces, apostrophes, hyphens, dots, commas or tone marks."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s'’\-.,()（）·]+", "", kept)


@dataclass(frozen=True)
class SearchKey:
    """What a query is compared with: Chinese text, English words, and the pinyin syllables
    of the Chinese names (each syllable with every reading of its character), all folded."""

    chinese: str
    phrases: tuple[tuple[tuple[str, ...], ...], ...]  # words, each with its readings
    places: frozenset[str]  # the city and province, folded, in English, Chinese and pinyin

    def rank(self, query: str) -> int | None:
        """None when `query` does not match; 0 for the city or province itself, else 1."""
        folded = _fold(query)
        if not folded or folded in self.places:
            return 0
        if folded in self.chinese:
            return 1
        # Matches start at a word or syllable ("bei jing", "Beij", "xian"), so that "an"
        # does not find every "gong'an" (public security) inside the names.
        for words in self.phrases:
            if any(_consumes(words, i, folded) for i in range(len(words))):
                return 1
        return None

    def matches(self, query: str) -> bool:
        return self.rank(query) is not None


def _consumes(words: tuple[tuple[str, ...], ...], i: int, rest: str) -> bool:
    """Whether `rest` is spelt by words[i:], one reading each (the last may be cut short)."""
    if not rest:
        return True
    if i == len(words):
        return False
    for reading in words[i]:
        if reading.startswith(rest):
            return True
        if rest.startswith(reading) and _consumes(words, i + 1, rest[len(reading):]):
            return True
    return False


def _words(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple((w,) for w in (_fold(part) for part in re.split(r"[\s\-,/()]+", text)) if w)


def _syllables(text: str) -> tuple[tuple[str, ...], ...]:
    """Each character's readings: the one for its phrase first, then its others (朝阳 is
    "chao yang", though a dictionary may read 朝 "zhao" first)."""
    usual = lazy_pinyin(text, errors="ignore")
    every = pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(every) != len(usual):
        return tuple((_fold(s),) for s in usual if _fold(s))
    return tuple(
        tuple(dict.fromkeys(r for r in (_fold(x) for x in [first, *others]) if r))
        for first, others in zip(usual, every, strict=True)
    )


def _joined(syllables: tuple[tuple[str, ...], ...]) -> str:
    return "".join(readings[0] for readings in syllables if readings)


@lru_cache(maxsize=1024)
def _search_key(
    name_en: str, city_en: str, province: str, address_en: str, name_zh: str, city_zh: str,
    address_zh: str,
) -> SearchKey:
    zh_province = province_zh(province)
    city_short = re.sub(r"\s*\(.*\)", "", city_en)  # "Kunshan (Suzhou)" -> "Kunshan"
    return SearchKey(
        chinese=" ".join(_fold(t) for t in (name_zh, city_zh, zh_province, address_zh)),
        phrases=tuple(
            [_words(t) for t in (city_en, province, name_en, address_en)]
            + [_syllables(t) for t in (city_zh, zh_province, name_zh)]
        ),
        places=frozenset(
            _fold(t) for t in (city_en, city_short, province, city_zh, zh_province)
        ) | {_joined(_syllables(city_zh)), _joined(_syllables(zh_province))},
    )


def search_key(center: Center) -> SearchKey:
    """The center's search key, computed once per version of its names (kept in memory)."""
    return _search_key(
        center.name_en, center.city_en, center.province, center.address_en, center.name_zh,
        center.city_zh, center.address_zh,
    )


# ---------------------------------------------------------------- open now


def _merged(periods: list[calendar.Period]) -> list[calendar.Period]:
    """Periods of a day in order, with touching or overlapping ones joined."""
    out: list[calendar.Period] = []
    for p in sorted(periods, key=lambda p: p.opens):
        if out and p.opens <= out[-1].closes:
            last = out.pop()
            p = calendar.Period(last.opens, max(last.closes, p.closes))
        out.append(p)
    return out


def next_opening(cal: calendar.CenterCalendar, after: datetime) -> datetime | None:
    """The first time the center opens strictly after `after` (local, aware), if any soon."""
    local = after.astimezone(cal.tz)
    for offset in range(NEXT_OPENING_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        for p in _merged(cal.periods(day)):
            opens = cal.local(day, p.opens)
            if opens > local:
                return opens
    return None


def status_at(cal: calendar.CenterCalendar, moment: datetime) -> CenterStatus:
    """Open, closing within 30 minutes, or closed at `moment`, with the times that matter."""
    local = moment.astimezone(cal.tz)
    for p in _merged(cal.periods(local.date())):
        opens, closes = cal.local(local.date(), p.opens), cal.local(local.date(), p.closes)
        if opens <= local < closes:
            soon = closes - local <= CLOSES_SOON
            return CenterStatus(
                state="closes_soon" if soon else "open",
                until=closes,
                opens_at=next_opening(cal, closes),
            )
    return CenterStatus(state="closed", opens_at=next_opening(cal, local))


def _closed_days(
    session: Session, cal: calendar.CenterCalendar, lang: str, first: date, last: date
) -> tuple[list[ClosedDays], list[ExtraDay]]:
    """Holidays and closures overlapping [first, last], and the make-up days the center opens."""
    zh = lang == "zh"
    days = session.exec(
        select(CalendarDay)
        .where(col(CalendarDay.day) >= first, col(CalendarDay.day) <= last)
        .order_by(col(CalendarDay.day))
    ).all()
    closed: list[ClosedDays] = []
    extra: list[ExtraDay] = []
    for d in days:
        name = d.name_zh if zh else gettext(d.name_en, lang)
        if d.is_holiday:
            prev = closed[-1] if closed else None
            if prev and prev.name == name and prev.date_to + timedelta(days=1) == d.day:
                prev.date_to = d.day
            else:
                closed.append(ClosedDays(kind="holiday", date_from=d.day, date_to=d.day,
                                         name=name))
        elif d.day.weekday() >= 5 and (periods := cal.periods(d.day)):
            extra.append(ExtraDay(
                date=d.day, name=name,
                hours=[OpeningPeriod(weekday=d.day.weekday(), opens=p.opens, closes=p.closes)
                       for p in periods],
            ))
    closures = session.exec(
        select(Closure).where(
            Closure.center_id == cal.center_id, col(Closure.date_to) >= first,
            col(Closure.date_from) <= last,
        )
    ).all()
    closed += [
        ClosedDays(kind="closure", date_from=c.date_from, date_to=c.date_to, name=c.reason)
        for c in closures
    ]
    closed.sort(key=lambda c: (c.date_from, c.kind))
    return closed, extra


# ---------------------------------------------------------------- next free day


def next_free_day(
    *, session: Session, center: Center, services: list[ServiceCode], now: datetime
) -> date | None:
    """The first day of the booking window with a free place for any of `services`.

    One query for the seats taken at the center, whatever the number of services.
    """
    if not services or center.id is None:
        return None
    cal = calendar.load(session=session, center=center)
    links = {
        link.service_code: link
        for link in session.exec(
            select(CenterService).where(CenterService.center_id == center.id)
        ).all()
    }
    offers = [
        slots.Offer(
            center=center, service=code, cal=cal,
            slot_minutes=(links[code].slot_minutes or center.slot_minutes),
            capacity=(links[code].capacity or center.counters),
        )
        for code in services if code in links
    ]
    if not offers:
        return None
    first, last = offers[0].window(now)
    # Only the full slots, as plain rows: a slot without a counter, or with room, is free.
    full = set(session.exec(
        select(SlotCounter.service_code, SlotCounter.start).where(
            SlotCounter.center_id == center.id,
            col(SlotCounter.start) >= datetime.combine(first, time(0), tzinfo=cal.tz),
            col(SlotCounter.start) <= datetime.combine(last, time(23, 59), tzinfo=cal.tz),
            col(SlotCounter.booked) >= col(SlotCounter.capacity),
        )
    ).all())
    for day in calendar.days_between(first, last):
        for o in offers:
            if any((o.service, start) not in full for start in o.starts(day)):
                return day
    return None


# ---------------------------------------------------------------- public views


def _public(
    session: Session, center: Center, lang: str, service: ServiceCode | None = None,
    now: datetime | None = None,
) -> CenterPublic:
    hours = session.exec(
        select(OpeningHours)
        .where(OpeningHours.center_id == center.id)
        .order_by(col(OpeningHours.weekday), col(OpeningHours.opens))
    ).all()
    offered = set(session.exec(
        select(CenterService.service_code).where(CenterService.center_id == center.id)
    ).all())
    services = [code for code in ServiceCode if code in offered]  # in the services' order
    zh = lang == "zh"
    now = now or utcnow()
    cal = calendar.load(session=session, center=center)
    asked = [service] if service is not None else services
    next_available = next_free_day(
        session=session, center=center, services=[s for s in asked if s in services], now=now
    )
    today = cal.today(now)
    closed, extra = _closed_days(
        session, cal, lang, today, today + timedelta(days=LOOK_AHEAD_DAYS)
    )
    status = status_at(cal, now)
    return CenterPublic(
        **center.model_dump(exclude={"slot_minutes", "counters", "source_note"}),
        open_now=status.state != "closed",
        next_available=next_available,
        name=center.name_zh if zh else center.name_en,
        city=center.city_zh if zh else center.city_en,
        address=center.address_zh if zh else center.address_en,
        province_name=province_zh(center.province) if zh else center.province,
        province_zh=province_zh(center.province),
        hours=[OpeningPeriod(weekday=h.weekday, opens=h.opens, closes=h.closes) for h in hours],
        services=services,
        status=status,
        closed_days=closed,
        extra_days=extra,
    )


def list_centers(
    *, session: Session, lang: str, q: str | None = None, city: str | None = None,
    service: ServiceCode | None = None, province: str | None = None,
    sort: CenterSort = CenterSort.place,
) -> list[CenterPublic]:
    """Centers matching a free-text query (English, pinyin or Chinese), a city, a province
    and a service; by province and city, or by next free day (soonest first, none last)."""
    query = select(Center)
    if city:
        query = query.where(or_(col(Center.city_en).ilike(city), Center.city_zh == city))
    if province:
        english = next((en for en, zh in PROVINCES_ZH.items() if zh == province), province)
        query = query.where(col(Center.province).ilike(english))
    if service:
        query = query.join(CenterService).where(CenterService.service_code == service)
    centers = list(session.exec(query.order_by(col(Center.province), col(Center.id))).all())
    if q and q.strip():
        ranks = {c.id: search_key(c).rank(q) for c in centers}
        # The city or province asked for first, then other matches (each in place order).
        centers = sorted((c for c in centers if ranks[c.id] is not None),
                         key=lambda c: ranks[c.id] or 0)
    now = utcnow()
    found = [_public(session, c, lang, service, now) for c in centers]
    if sort == CenterSort.next_available:
        found.sort(key=lambda c: (c.next_available is None, c.next_available or date.max))
    return found


def get_center(
    *, session: Session, center_id: int, lang: str, service: ServiceCode | None = None
) -> CenterPublic:
    center = session.get(Center, center_id)
    if center is None:
        raise DomainError("not_found")
    return _public(session, center, lang, service)


def list_provinces(*, session: Session, lang: str) -> list[ProvincePublic]:
    """The provinces that have centers, named in `lang`, in alphabetical order of `lang`."""
    names = session.exec(select(Center.province)).all()
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    zh = lang == "zh"
    result = [
        ProvincePublic(province=p, name=province_zh(p) if zh else p, centers=n)
        for p, n in counts.items()
    ]
    if zh:
        result.sort(key=lambda p: lazy_pinyin(p.name))
    else:
        result.sort(key=lambda p: p.name)
    return result
