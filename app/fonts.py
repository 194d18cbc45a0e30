"""The bundled fonts of each script, and which of them a page loads.

No font comes from the internet (tools/build_fonts.py builds the files under assets/fonts).
Flet ships no CJK or Arabic fallback, so without these such text shows as empty boxes; each
is registered only when a page shows that script, so the first load stays small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import flet as ft

# Latin, Cyrillic and Greek: Roboto, which Flet's web client bundles and loads anyway.
LATIN = "Roboto"
CHINESE = "NotoSansSC"
JAPANESE = "NotoSansJP"
KOREAN = "NotoSansKR"
ARABIC = "NotoSansArabic"
# The rarer hanzi (GB 2312 level 2) and kanji (beyond the jōyō list), kept out of the Chinese
# and Japanese fonts so that they stay small, and loaded for a text that has one.
CHINESE_RARE = "NotoSansSCRare"
JAPANESE_RARE = "NotoSansJPRare"
SCRIPT_FONTS = {
    CHINESE: "/fonts/NotoSansSC-Regular.woff2",
    CHINESE_RARE: "/fonts/NotoSansSCRare-Regular.woff2",
    JAPANESE: "/fonts/NotoSansJP-Regular.woff2",
    JAPANESE_RARE: "/fonts/NotoSansJPRare-Regular.woff2",
    KOREAN: "/fonts/NotoSansKR-Regular.woff2",
    ARABIC: "/fonts/NotoSansArabic-Regular.woff2",
}
LANGUAGE_FONT = {"zh": CHINESE, "ja": JAPANESE, "ko": KOREAN, "ar": ARABIC}
# Just the glyphs of the language names in their own scripts (简体中文, 日本語, 한국어,
# العربية), a few kilobytes, so the language menu reads right whatever font is loaded.
NAME_FONTS = {
    "LanguageNamesCJK": "/fonts/LanguageNamesCJK.woff2",
    "LanguageNamesArabic": "/fonts/LanguageNamesArabic.woff2",
}
# The characters each script font is needed for (Han: see `han_font`).
SCRIPTS = [
    (re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"), ARABIC),
    (re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"), KOREAN),
    (re.compile("[\u3040-\u30ff]"), JAPANESE),
]
HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
# Each script's pair of Han fonts: the common one, the rare one. The Chinese pair holds GB
# 2312, the Japanese pair JIS X 0208, each common font also every character of the texts and
# data; a name may need the other pair: 畑 (Japanese only) on an English page, 鑫 (Chinese
# only) on a Japanese one.
HAN_PAIRS = {CHINESE: CHINESE_RARE, JAPANESE: JAPANESE_RARE}


def font_family(lang: str) -> str:
    """The font of text in `lang`."""
    return LANGUAGE_FONT.get(lang, LATIN)


def font_fallback(lang: str) -> list[str]:
    """Fonts for characters the language's font lacks: Latin names in Arabic text, language
    names, and other scripts (a Chinese address, a Korean name) once a screen showing them
    has loaded their font (a family that is not loaded is skipped)."""
    # Han in Japanese text takes Japanese shapes first.
    chinese, japanese = (CHINESE, CHINESE_RARE), (JAPANESE, JAPANESE_RARE)
    han = (*japanese, *chinese) if lang == "ja" else (*chinese, *japanese)
    order = (LATIN, *NAME_FONTS, *han, KOREAN, ARABIC)
    return [f for f in order if f != font_family(lang)]


def fonts_for(lang: str) -> dict[str, str]:
    """The fonts a page in `lang` registers (page.fonts): its script's and the names."""
    family = font_family(lang)
    own = {family: SCRIPT_FONTS[family]} if family in SCRIPT_FONTS else {}
    return {**own, **NAME_FONTS}


def fonts_for_text(lang: str, texts: Iterable[str]) -> set[str]:
    """The script fonts that `texts` need beyond what a page in `lang` has."""
    needed: set[str] = set()
    for text in texts:
        needed.update(family for pattern, family in SCRIPTS if pattern.search(text))
        needed.update(han_font(lang, char) for char in set(HAN.findall(text)))
    return needed - {font_family(lang)}


@cache
def han_font(lang: str, char: str) -> str:
    """The font for a Han character: the Chinese pair first, the Japanese in Japanese (its
    shapes), and the other pair when only it has the character."""
    order = (JAPANESE, CHINESE) if lang == "ja" else (CHINESE, JAPANESE)
    for common in order:
        for family in (common, HAN_PAIRS[common]):
            if char in listed_chars(family):
                return family
    return order[0]  # in no font: a box whichever is loaded


@cache
def listed_chars(family: str) -> frozenset[str]:
    """The Han characters the font `family` has (listed by tools/build_fonts.py)."""
    listing = Path(__file__).resolve().parent.parent / "assets" / "fonts" / f"{family}.txt"
    return frozenset(listing.read_text(encoding="utf-8").strip())


def load_fonts(page: ft.Page, families: Iterable[str]) -> None:
    """Add script fonts to the page (loaded once, then kept for the session)."""
    present = page.fonts or {}
    missing = {f: SCRIPT_FONTS[f] for f in families if f not in present}
    if missing:
        page.fonts = {**present, **missing}
        page.update()


def load_chinese_font(page: ft.Page) -> None:
    """For a screen that shows Chinese in any language (a center's address for the taxi
    driver, a name in Chinese)."""
    load_fonts(page, [CHINESE])
