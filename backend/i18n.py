"""Translations for the API's messages and content (the same catalogs as the app)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

from backend.config import ROOT

LOCALES_DIR = ROOT / "locales"
SUPPORTED = ("en", "zh", "ru", "fr", "es", "ar", "ko", "ja")
DEFAULT = "en"


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated later, when the language is known."""
    return message


@lru_cache(maxsize=16)
def translations(lang: str) -> NullTranslations:
    """The compiled catalog for `lang` (English source strings when there is none)."""
    if lang == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALES_DIR), [lang], domain="messages")


def babel_locale(lang: str) -> Locale:
    """The Babel locale that formats dates and numbers for `lang` (mainland Chinese for zh)."""
    return Locale.parse("zh_Hans_CN" if lang == "zh" else lang)


def gettext(message: str, lang: str) -> str:
    """`message` in `lang`."""
    return translations(lang).gettext(message)


def negotiate(*candidates: str | None) -> str:
    """The first supported language among `?lang=` values and Accept-Language headers."""
    for candidate in candidates:
        if not candidate:
            continue
        tags = [part.split(";")[0].strip() for part in candidate.split(",")]
        for tag in tags:
            try:
                code = Locale.parse(tag.replace("-", "_")).language
            except (ValueError, TypeError, UnknownLocaleError):
                continue  # "xx" or "*": not a language we can serve
            if code in SUPPORTED:
                return code
    return DEFAULT
