"""The app's languages: gettext catalogs and Babel formatting of dates, numbers and fees."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT = "en"
# Languages offered, each named in its own script (every catalog is complete).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "zh": "简体中文",
    "ru": "Русский",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "ko": "한국어",
    "ja": "日本語",
}
RTL = {"ar"}
# Babel locale used for formatting: Simplified Chinese as used in mainland China. Arabic is
# the generic "ar", whose numbers use Western digits (as passports, receipts and the
# centers' signs do); dates and times are written with them too.
BABEL_LOCALE = {"zh": "zh_Hans_CN"}
CENTER_TZ = ZoneInfo("Asia/Shanghai")
# The year and what belongs to it in a CLDR date pattern ("y", "y年", "'de' y", "y 'г'.").
_YEAR = re.compile(r"[,\s]*(?:'[^']*'\s*)?y+\s*(?:年|년|'[^']*'\.?)?")


def N_(message: str) -> str:
    """Marks a string for extraction where it is translated later."""
    return message


@lru_cache(maxsize=16)
def _catalog(lang: str) -> NullTranslations:
    if lang == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALES_DIR), [lang], domain="messages")


def supported(lang: str | None) -> str:
    """`lang` if the app offers it, else the default language."""
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT


# The Translator's methods `date` and `datetime` hide these names inside the class.
_Date = date
_DateTime = datetime
_Time = time


class Translator:
    """Text and formats in one language; components receive it and never format by hand."""

    def __init__(self, lang: str) -> None:
        self.lang = supported(lang)
        self.locale = Locale.parse(BABEL_LOCALE.get(self.lang, self.lang))
        self._t = _catalog(self.lang)

    @property
    def rtl(self) -> bool:
        return self.lang in RTL

    def __call__(self, message: str, **params: object) -> str:
        text = self._t.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"n": n, **params}

    def date(self, value: date, fmt: str = "long") -> str:
        return dates.format_date(value, format=fmt, locale=self.locale)

    def datetime(self, value: datetime, fmt: str = "medium") -> str:
        """A time shown in the centers' time zone (values are stored in UTC)."""
        return dates.format_datetime(value, format=fmt, tzinfo=CENTER_TZ, locale=self.locale)

    def weekday_date(self, value: _Date) -> str:
        """Weekday, day and month without the year: "Monday, November 24", "11月24日星期一"."""
        return dates.format_date(value, format=_weekday_pattern(self.locale), locale=self.locale)

    def time(self, value: _DateTime) -> str:
        """A time of day on the 24-hour clock in the centers' time zone: "09:00"."""
        return dates.format_skeleton("Hm", value, tzinfo=CENTER_TZ, locale=self.locale)

    def day_time(self, value: _DateTime) -> str:
        """Weekday, day, month and time in the centers' time zone: "Monday, November 24 09:00"."""
        local = value.astimezone(CENTER_TZ)
        return f"{self.weekday_date(local.date())} {self.time(local)}"

    def weekday_name(self, weekday: int) -> str:
        """The name of a weekday (0 = Monday): "Monday", "星期一"."""
        return str(dates.get_day_names("wide", locale=self.locale)[weekday])

    def clock(self, value: _Time) -> str:
        """A time of day as given (no time-zone conversion), on the 24-hour clock: "09:00"."""
        moment = datetime.combine(_Date(2000, 1, 3), value, tzinfo=UTC)
        return dates.format_skeleton("Hm", moment, tzinfo=UTC, locale=self.locale)

    def number(self, value: int | float | Decimal) -> str:
        return numbers.format_decimal(value, locale=self.locale)

    def fee(self, amount: Decimal | int, currency: str = "CNY") -> str:
        return numbers.format_currency(amount, currency, locale=self.locale)


@lru_cache(maxsize=16)
def _weekday_pattern(locale: Locale) -> str:
    """The locale's full date pattern with the year taken out."""
    pattern = locale.date_formats["full"].pattern
    return _YEAR.sub("", pattern).strip(" ,")
