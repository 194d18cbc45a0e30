"""Builds `calendar.json`: one entry per public holiday or make-up working day.

Usage: python backend/data/build_calendar.py [SHARED_DATA_DIR]   (default /work/shared/data)

2026 comes from the State Council notice (cn-public-holidays-2026.json). For 2027 the notice
is not available, so only the days fixed by Gregorian date in the national holiday rules are
listed, each marked "provisional": lunar-calendar festivals, Qingming (a solar term) and
make-up working days are left for staff to enter as closures until the notice is in the data.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path("/work/shared/data")
OUT = HERE / "calendar.json"

RULES_SOURCE = (
    "Measures on National Annual Holidays and Memorial Days (全国年节及纪念日放假办法), as "
    "amended by State Council Decree No. 795 (Nov 2024, in force 1 Jan 2025): "
    "New Year's Day 1 Jan; Labour Day 1-2 May; National Day 1-3 Oct. Reported by Xinhua, "
    "12 Nov 2024 (en.people.cn/n3/2024/1113/c90000-20240871.html)."
)
# Days fixed by Gregorian date in the rules above: (month, day, name_en, name_zh).
FIXED_DAYS = [
    (1, 1, "New Year's Day", "元旦"),
    (5, 1, "Labour Day", "劳动节"),
    (5, 2, "Labour Day", "劳动节"),
    (10, 1, "National Day", "国庆节"),
    (10, 2, "National Day", "国庆节"),
    (10, 3, "National Day", "国庆节"),
]
PROVISIONAL_YEARS = [2027]


def from_notice(notice: dict[str, Any]) -> list[dict[str, Any]]:
    """Holiday ranges and make-up working days of one year's notice, one entry per day."""
    days: list[dict[str, Any]] = []
    for holiday in notice["holidays"]:
        day = date.fromisoformat(holiday["from"])
        last = date.fromisoformat(holiday["to"])
        while day <= last:
            days.append(
                {
                    "day": day.isoformat(),
                    "is_holiday": True,
                    "name_en": holiday["name_en"],
                    "name_zh": holiday["name_zh"],
                }
            )
            day += timedelta(days=1)
    for workday in notice["workdays"]:
        days.append(
            {
                "day": workday,
                "is_holiday": False,
                "name_en": "Make-up working day",
                "name_zh": "调休上班",
            }
        )
    return days


def fixed_days(year: int) -> list[dict[str, Any]]:
    """The statutory days of `year` that do not depend on the lunar calendar or a notice."""
    return [
        {
            "day": date(year, month, day).isoformat(),
            "is_holiday": True,
            "name_en": name_en,
            "name_zh": name_zh,
            "provisional": True,
        }
        for month, day, name_en, name_zh in FIXED_DAYS
    ]


def build(source_dir: Path) -> dict[str, Any]:
    """The calendar document: sources and the sorted list of days."""
    notice = json.loads((source_dir / "cn-public-holidays-2026.json").read_text(encoding="utf-8"))
    days = from_notice(notice)
    for year in PROVISIONAL_YEARS:
        days.extend(fixed_days(year))
    days.sort(key=lambda entry: entry["day"])
    if len({entry["day"] for entry in days}) != len(days):
        raise ValueError("a day is listed twice")
    return {
        "sources": {
            str(notice["year"]): notice["source"],
            **{str(year): f"Provisional: {RULES_SOURCE}" for year in PROVISIONAL_YEARS},
        },
        "note": (
            "Sample data, not official. Make-up working days are weekend days that are "
            "working days. 2027 lists only the fixed statutory days (provisional); the "
            "State Council notice for 2027 is not in the data yet."
        ),
        "days": days,
    }


def main(argv: list[str]) -> int:
    source_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    calendar = build(source_dir)
    OUT.write_text(json.dumps(calendar, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(calendar['days'])} days to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
