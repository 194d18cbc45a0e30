"""Builds the bundled fonts under assets/fonts from Debian's Noto fonts.

Flet ships no CJK or Arabic fallback font and the app may not load fonts from the internet,
so the app bundles its own, one per script, each subset to what the app can show and saved
as WOFF2 (the browser and the PDF renderer both read it):

- NotoSansSC (Chinese): GB 2312's 3,755 level-1 (common) hanzi, its punctuation and pinyin
  rows, ASCII, Latin-1, punctuation, full-width forms, and every Chinese character in the
  catalogs and data files: what a page in Chinese loads.
- NotoSansSCRare: the rest of GB 2312 (its level-2 hanzi, for rarer characters of names
  and typed text), loaded only by a page that shows one of them; its characters are listed
  in NotoSansSCRare.txt, which the app and the PDF read to know when.
- NotoSansJP (Japanese, with Japanese glyph shapes): JIS X 0208 kana and symbols, the 2,136
  jōyō kanji (tools/data/joyo-kanji.txt), the same Latin and punctuation, every character of
  the Japanese texts and every Chinese character of the data (a center's address reads in
  the Japanese font too): what a page in Japanese loads.
- NotoSansJPRare: the rest of JIS X 0208's kanji (levels 1 and 2, for names and typed text),
  loaded only when needed, and listed in NotoSansJPRare.txt like the rare hanzi.
- The Han characters of NotoSansSC and NotoSansJP are listed in NotoSansSC.txt and
  NotoSansJP.txt too: a name may need the other script's pair (畑, Japanese only, on an
  English page; 鑫, Chinese only, on a Japanese one).
- NotoSansKR (Korean): the 2,350 Hangul syllables of KS X 1001, the Hangul letters, Latin
  and punctuation, and every character of the Korean texts (no hanja).
- NotoSansArabic: the Arabic block with every shaping form (the layout tables are kept) and
  every character of the Arabic texts. Latin letters in Arabic text come from Roboto.
- NotoSans (Latin, Cyrillic, Greek): for the PDF only; the app uses Roboto, which Flet's web
  client bundles and loads anyway.
- LanguageNamesCJK / LanguageNamesArabic: just the glyphs of 简体中文, 日本語, 한국어 and
  العربية, so the language menu reads right whatever font a page has loaded.

Needs `apt-get install fonts-noto-core fonts-noto-cjk` and the `brotli` package. Run it again
when new text adds characters (the catalog test says when); commit the output.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "assets" / "fonts"
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO = Path("/usr/share/fonts/truetype/noto")
# Faces of the Noto Sans CJK collection: the same characters, regional glyph shapes.
JP_FACE, KR_FACE, SC_FACE = 0, 1, 2

LATIN = [(0x20, 0x7F), (0xA0, 0x180)]
PUNCTUATION = [(0x2000, 0x2070), (0x20A0, 0x20C0), (0x2100, 0x2200), (0x2190, 0x2200)]
CJK_PUNCTUATION = [(0x3000, 0x3040), (0xFF00, 0xFFF0)]
LANGUAGE_NAMES_CJK = "简体中文日本語한국어"
LANGUAGE_NAMES_ARABIC = "العربية"
# The Han fonts whose characters are listed in <family>.txt beside them: the app and the PDF
# pick the font of a Han character by these lists.
HAN_LISTED = {"NotoSansSC-Regular": "NotoSansSC", "NotoSansSCRare-Regular": "NotoSansSCRare",
              "NotoSansJP-Regular": "NotoSansJP", "NotoSansJPRare-Regular": "NotoSansJPRare"}
JOYO = ROOT / "tools" / "data" / "joyo-kanji.txt"


def _ranges(ranges: Iterable[tuple[int, int]]) -> set[str]:
    return {chr(c) for lo, hi in ranges for c in range(lo, hi)}


def _double_byte(encoding: str, rows: range, cells: range = range(0xA1, 0xFF)) -> set[str]:
    """The characters of a two-byte national standard (EUC rows and cells)."""
    chars: set[str] = set()
    for hi in rows:
        for lo in cells:
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode(encoding))
    return chars


def _text(*patterns: str) -> set[str]:
    chars: set[str] = set()
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    return chars


def _joyo() -> set[str]:
    lines = JOYO.read_text(encoding="utf-8").splitlines()
    return {c for line in lines if not line.startswith("#") for c in line.strip()}


def _han(chars: set[str]) -> set[str]:
    return {c for c in chars if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"}


def _lang_texts(lang: str) -> set[str]:
    return _text(f"locales/{lang}/LC_MESSAGES/messages.po", f"backend/data/guides/{lang}/*.json")


def _data_texts() -> set[str]:
    return _text("backend/data/*.json", "backend/data/*.py", "backend/data/guides/zh/*.json")


def _all_texts() -> set[str]:
    return _text("locales/*/LC_MESSAGES/messages.po", "backend/data/guides/*/*.json") \
        | _data_texts()


@dataclass(frozen=True)
class Font:
    """One bundled font: where it comes from and which characters it keeps."""

    name: str
    source: Path
    chars: set[str]
    face: int = 0


def fonts() -> list[Font]:
    everything = _all_texts()
    data_han = _han(everything)
    common = _ranges(LATIN + PUNCTUATION)
    # GB 2312 row 1 (punctuation), row 8 (pinyin and zhuyin) and level 1 (rows 16-55); the
    # Greek, Cyrillic and kana rows come from the other fonts.
    gb2312_common = (_double_byte("gb2312", range(0xA1, 0xA2))
                     | _double_byte("gb2312", range(0xA8, 0xA9))
                     | _double_byte("gb2312", range(0xB0, 0xD8)))
    # The Chinese of the data (names and addresses of centers), not the Japanese catalog's.
    sc = (gb2312_common | common | _ranges(CJK_PUNCTUATION) | _han(_data_texts())
          | _lang_texts("zh"))
    sc_rare = _double_byte("gb2312", range(0xD8, 0xF8)) - sc
    # JIS X 0208 symbols and kana (rows 1-8) and the jōyō kanji: the common ones; rarer kanji
    # of the texts come in with them, and the rest of JIS X 0208 (rows 16-84) on demand.
    jp = (_double_byte("euc_jp", range(0xA1, 0xA9)) | _joyo() | common
          | _ranges(CJK_PUNCTUATION) | data_han | _lang_texts("ja"))
    jp_rare = _double_byte("euc_jp", range(0xB0, 0xF5)) - jp
    hangul = {c for c in _double_byte("euc_kr", range(0xB0, 0xC9)) if "\uac00" <= c <= "\ud7a3"}
    hangul_letters = _ranges([(0x3130, 0x3190)])
    arabic = _ranges([(0x0600, 0x0700)])
    cyrillic_greek = _ranges([(0x370, 0x400), (0x400, 0x530), (0x180, 0x250)])
    return [
        Font("NotoSansSC-Regular", CJK, sc, SC_FACE),
        Font("NotoSansSCRare-Regular", CJK, sc_rare, SC_FACE),
        Font("NotoSansJP-Regular", CJK, jp, JP_FACE),
        Font("NotoSansJPRare-Regular", CJK, jp_rare, JP_FACE),
        Font("NotoSansKR-Regular", CJK, hangul | hangul_letters | common
             | _ranges(CJK_PUNCTUATION) | _lang_texts("ko"), KR_FACE),
        Font("NotoSansArabic-Regular", NOTO / "NotoSansArabic-Regular.ttf",
             arabic | _lang_texts("ar")),
        Font("NotoSans-Regular", NOTO / "NotoSans-Regular.ttf",
             common | cyrillic_greek | _lang_texts("en") | _lang_texts("ru") | _lang_texts("fr")
             | _lang_texts("es")),
        Font("LanguageNamesCJK", CJK, set(LANGUAGE_NAMES_CJK), SC_FACE),
        Font("LanguageNamesArabic", NOTO / "NotoSansArabic-Regular.ttf",
             set(LANGUAGE_NAMES_ARABIC)),
    ]


def build(font: Font) -> Path:
    out = OUT_DIR / f"{font.name}.woff2"
    # Every character but controls and unassigned ones: no-break spaces and the joiners that
    # Arabic shaping uses are not "printable" but are needed.
    wanted = "".join(sorted(c for c in font.chars
                            if unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn")))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as text_file:
        text_file.write(wanted)
        text_file.flush()
        subset.main([
            str(font.source), f"--font-number={font.face}", f"--text-file={text_file.name}",
            "--layout-features=*", "--no-hinting", "--desubroutinize", "--flavor=woff2",
            "--name-IDs=*", f"--output-file={out}",
        ])
    return out


def main() -> None:
    missing = [p for p in (CJK, NOTO / "NotoSans-Regular.ttf") if not p.exists()]
    if missing:
        sys.exit(f"{missing[0]} is missing: apt-get install fonts-noto-core fonts-noto-cjk")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for font in fonts():
        out = build(font)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")
        if font.name in HAN_LISTED:
            write_han_listing(out, OUT_DIR / f"{HAN_LISTED[font.name]}.txt")


def write_han_listing(font_file: Path, listing: Path) -> None:
    """List the Han characters `font_file` has (what it holds, not what was asked for)."""
    cmap = TTFont(font_file).getBestCmap()
    han = sorted(chr(c) for c in cmap if 0x3400 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF)
    listing.write_text("".join(han) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
