"""Builds `centers.json` (the app's copy of the service centers) from the research data.

Usage: python backend/data/build_centers.py [SHARED_DATA_DIR]   (default /work/shared/data)

The research file keeps facts with their sources; this script turns them into rows the app
loads: opening periods parsed from the `hours` text, default sample hours where the source
has none, the services each center handles, its counters, and a short source note. The
generated JSON is committed so the app never needs the research folder at run time.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path("/work/shared/data")
OUT = HERE / "centers.json"

ALL_SERVICES = [
    "visa_extension",
    "visa_renewal",
    "visa_reissue",
    "stay_permit",
    "residence_permit",
]
DAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
DAY_RE = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:\s*[–-]\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun))?\b"
)
TIME_RE = re.compile(r"(\d{1,2}:\d{2})\s*[–-]\s*(\d{1,2}:\d{2})")
UNVERIFIED_WORDS = ("unverified", "secondary", "garbled", "not captured", "not given")
SAMPLE_PERIODS = [("09:00", "12:00"), ("13:30", "17:00")]  # Mon–Fri, sample only
BIG_HALLS = {"北京市公安局出入境管理局", "上海市公安局出入境管理局", "广州市公安局出入境管理支队"}

# Services where the source note limits what a center handles (keyed by name_zh).
SERVICES_BY_NOTE: dict[str, list[str]] = {
    # Pilot-zone hall: four residence-permit types, and visa extensions since 2021.
    "北京市公安局朝阳分局外国人出入境服务大厅": ["visa_extension", "residence_permit"],
    # "Two-permit" windows: work permit + work-type residence permit.
    "北京市公安局出入境管理局政务服务中心分理处": ["residence_permit"],
    # Permanent-residence matters only: listed in the directory, nothing to book.
    "上海市外国人永久居留服务中心": [],
    # Work-related residence permits, dependants' permits, humanitarian stay permits.
    "深圳市民中心行政服务大厅出入境窗口": ["stay_permit", "residence_permit"],
    # Work and residence permits and visa extensions.
    "义乌市国际贸易服务中心出入境大厅": ["visa_extension", "residence_permit"],
    # Permanent-residence applications (residence permits go to district branches).
    "苏州市行政服务中心出入境窗口": [],
}

# Hours text the generic parser cannot read: the periods we use (all marked unverified).
HOURS_OVERRIDES: dict[str, list[tuple[str, str, str]]] = {
    # "Mon–Fri (morning hours not captured), 14:00–17:00; summer 08:30–12:00, 14:30–17:30":
    # the complete summer timetable is used.
    "杭州市公安局出入境管理局": [("Mon–Fri", "08:30", "12:00"), ("Mon–Fri", "14:30", "17:30")],
}

# Our translations where the source gives no Chinese (or English) address. Street names
# are rendered from the English source text and are not verified against a Chinese source.
ADDRESS_ZH: dict[str, str] = {
    "北京市公安局朝阳分局外国人出入境服务大厅": (
        "北京市朝阳区酒仙桥北路甲10号电子城IT产业园304号楼1-2层"
    ),
    "北京市公安局顺义分局外国人出入境服务大厅": "北京市顺义区天竺东路甲3号办公楼1-2层",
    "北京市公安局出入境管理局政务服务中心分理处": (
        "北京市丰台区西三环南路1号北京市政务服务中心三层C岛"
    ),
    "上海市外国人永久居留服务中心": "上海市浦东新区学林路36弄8-9号楼",
    "广州市公安局出入境管理支队": "广州市解放南路155号6楼",
    "深圳市行政服务大厅出入境服务厅": "深圳市罗湖区解放路4016号",
    "深圳市民中心行政服务大厅出入境窗口": "深圳市福田区福民路3号市民中心B区1楼32-35号窗口",
    "珠海市公安局出入境管理支队": "珠海市香洲区香华路493号",
    "杭州市公安局出入境管理局": "杭州市上城区婺江路169号（近鲲鹏路，地铁近江站E出口）",
    "义乌市国际贸易服务中心出入境大厅": "义乌市福田路288号",
    "南京市公安局出入境管理局": "南京市白下路173号",
    "苏州市行政服务中心出入境窗口": "苏州市三香路389号",
    "昆山市行政服务中心出入境窗口": "昆山市经济技术开发区前进中路219号市行政服务中心3楼",
    "淮安市公安局出入境管理处": "淮安市翔宇中路150号淮安市政务服务中心",
    "天津市公安局滨海新区分局出入境接待大厅": (
        "天津市滨海新区中心商务区迎宾大道光耀东方广场B座配楼"
    ),
    "重庆市公安局出入境管理局": "重庆市渝北区金石大道311号",
    "青岛市公安局出入境管理局（签证中心）": "青岛市阿里山路101号",
    "哈尔滨市出入境服务中心": "哈尔滨市道里区工程路2号",
    "大连市公安局出入境管理局外国人签证证件受理窗口": "大连市行政服务中心3楼",
    "厦门市公安局出入境管理支队镇海路办证中心": "厦门市镇海路（门牌号未注明）",
    "晋江市公安局出入境管理科": "福建省晋江市和平中路1号",
    "武汉市公安局出入境管理局（武汉市民之家）": "武汉市民之家（详细地址未注明）",
    "唐山市公安局出入境管理处": "唐山市路北区西山道8号",
}
ADDRESS_EN: dict[str, str] = {
    "武汉市公安局出入境管理局（武汉市民之家）": (
        "Wuhan Citizens Home, Wuhan (street address not given)"
    ),
}


def _weekdays(spec: str) -> list[int]:
    """Weekday numbers (0 = Monday) named in `spec`, e.g. "Mon–Fri; Sat" -> 0..5."""
    days: list[int] = []
    for first, last in DAY_RE.findall(spec):
        start = DAYS[first]
        end = DAYS[last] if last else start
        days.extend(range(start, end + 1))
    return sorted(set(days))


def _hhmm(value: str) -> str:
    hours, minutes = value.split(":")
    return f"{int(hours):02d}:{minutes}"


def parse_hours(text: str | None) -> tuple[list[dict[str, Any]], bool]:
    """Opening periods from a source's hours text, and whether days and times were both given.

    Segments are separated by ";". A segment with days and times opens those days for those
    times; "Sat–Sun closed" and other segments without times are skipped. Times without any
    day (e.g. "09:00–12:00, 13:30–17:00 (days not stated)") are taken for Mon–Fri.
    """
    if not text:
        return [], False
    periods: list[dict[str, Any]] = []
    complete = True
    pending_times: list[tuple[str, str]] = []
    for segment in text.split(";"):
        days = _weekdays(segment)
        times = TIME_RE.findall(segment)
        if days and times:
            for day in days:
                for opens, closes in times:
                    periods.append({"weekday": day, "opens": _hhmm(opens), "closes": _hhmm(closes)})
        elif times:
            pending_times.extend(times)
        elif days and "closed" not in segment:
            complete = False  # days without times
    if pending_times:
        complete = False
        if not periods:
            for day in range(5):
                for opens, closes in pending_times:
                    periods.append({"weekday": day, "opens": _hhmm(opens), "closes": _hhmm(closes)})
    return periods, complete and bool(periods)


def _periods(spec: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [
        {"weekday": day, "opens": opens, "closes": closes}
        for days, opens, closes in spec
        for day in _weekdays(days)
    ]


def _sample_periods() -> list[dict[str, Any]]:
    return [
        {"weekday": day, "opens": opens, "closes": closes}
        for day in range(5)
        for opens, closes in SAMPLE_PERIODS
    ]


def _hosts(urls: list[str]) -> list[str]:
    hosts: list[str] = []
    for url in urls:
        host = urlparse(url).hostname or url
        if host not in hosts:
            hosts.append(host)
    return hosts


def build_center(src: dict[str, Any]) -> dict[str, Any]:
    """One app-ready center from one research record."""
    name_zh: str = src["name_zh"]
    hours_text = src.get("hours")
    hours_origin = "source"
    if name_zh in HOURS_OVERRIDES:
        periods, verified = _periods(HOURS_OVERRIDES[name_zh]), False
        hours_origin = "source, partly"
    else:
        periods, verified = parse_hours(hours_text)
    blob = f"{hours_text or ''} {src.get('hours_text') or ''}".lower()
    if any(word in blob for word in UNVERIFIED_WORDS):
        verified = False
    if not periods:
        periods, verified, hours_origin = _sample_periods(), False, "sample default"

    translated = list(src.get("translated_fields") or [])
    address_zh = src.get("address_zh")
    if not address_zh:
        address_zh = ADDRESS_ZH[name_zh]
        translated.append("address_zh")
    address_en = src.get("address_en")
    if not address_en:
        address_en = ADDRESS_EN[name_zh]
    year = src.get("source_year")
    note = f"Sources: {', '.join(_hosts(src['source_urls']))} ({year or 'year not shown'})."
    if translated:
        note += f" Our translation: {', '.join(sorted(set(translated)))}."
    if not verified:
        note += f" Hours not verified ({hours_origin})."
    if name_zh in SERVICES_BY_NOTE:
        note += " Services limited per source."
    return {
        "name_en": src["name_en"],
        "name_zh": name_zh,
        "province": src["province"],
        "city_en": src["city"]["en"],
        "city_zh": src["city"]["zh"],
        "address_en": address_en,
        "address_zh": address_zh,
        "phone": src.get("phone"),
        "hours": periods,
        "hours_verified": verified,
        "hours_source_text": hours_text,
        "services": SERVICES_BY_NOTE.get(name_zh, ALL_SERVICES),
        "counters": 6 if name_zh in BIG_HALLS else 3,
        "slot_minutes": 30,
        "source_note": note,
        "source_url": list(src["source_urls"]),
        "source_year": year,
        "research_note": src.get("note", ""),
    }


def build(source_dir: Path) -> list[dict[str, Any]]:
    """All centers of `source_dir/service-centers.json`, app-ready."""
    records = json.loads((source_dir / "service-centers.json").read_text(encoding="utf-8"))
    return [build_center(record) for record in records]


def main(argv: list[str]) -> int:
    source_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    centers = build(source_dir)
    OUT.write_text(json.dumps(centers, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(centers)} centers to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
