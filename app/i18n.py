"""The app's languages: gettext catalogs and Babel formatting of dates, numbers and fees."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT = "en"
# Languages offered, each named in its own script. Complete catalogs: en, zh.
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}
RTL = {"ar"}
# Babel locale used for formatting: Simplified Chinese as used in mainland China.
BABEL_LOCALE = {"zh": "zh_Hans_CN"}
CENTER_TZ = ZoneInfo("Asia/Shanghai")


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

    def number(self, value: int | float | Decimal) -> str:
        return numbers.format_decimal(value, locale=self.locale)

    def fee(self, amount: Decimal | int, currency: str = "CNY") -> str:
        return numbers.format_currency(amount, currency, locale=self.locale)
