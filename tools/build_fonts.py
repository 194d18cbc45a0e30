"""Builds the bundled fonts under assets/fonts from Debian's Noto CJK (fonts-noto-cjk).

Flet ships no CJK fallback font and the app may not load fonts from the internet, so the
app bundles Noto Sans SC, subset to what it can show: all of GB 2312 (6,763 hanzi), ASCII,
Latin-1, general and CJK punctuation, full-width forms, and every character that appears in
the catalogs and data files. Run it again when new text adds characters; commit the output.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_FACE = 2  # index of the Simplified Chinese face in the collection
OUT = ROOT / "assets" / "fonts" / "NotoSansSC-Regular.otf"


def wanted_characters() -> str:
    chars: set[str] = set()
    for hi in range(0xB0, 0xF8):  # GB 2312 hanzi rows
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    ranges = [(0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x20A0, 0x20C0),
              (0x2100, 0x2200), (0x2190, 0x2200), (0x3000, 0x3040), (0xFF00, 0xFFF0)]
    for lo, hi in ranges:
        chars |= {chr(c) for c in range(lo, hi)}
    texts = [*ROOT.glob("locales/*/LC_MESSAGES/*.po"), *ROOT.glob("backend/data/*.json"),
             *ROOT.glob("backend/data/*.py"), *ROOT.glob("backend/data/guides/*/*.json")]
    for path in texts:
        chars |= set(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in chars if c.isprintable()))


def main() -> None:
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is missing: apt-get install fonts-noto-cjk")
    text_file = ROOT / "artifacts" / "font-chars.txt"
    text_file.parent.mkdir(exist_ok=True)
    text_file.write_text(wanted_characters(), encoding="utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    subprocess.check_call([
        sys.executable, "-m", "fontTools.subset", str(SOURCE), f"--font-number={SC_FACE}",
        f"--text-file={text_file}", "--layout-features=*", "--no-hinting",
        f"--output-file={OUT}",
    ])
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
