"""Fills translations into a catalog from a JSON table: `python tools/po_fill.py LANG TABLE.json`.

The table maps English msgids to translations. Entries not in the catalog are ignored (run
`make extract` first); the untranslated msgids that remain are printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    lang, table_path = sys.argv[1], Path(sys.argv[2])
    table: dict[str, str] = json.loads(table_path.read_text(encoding="utf-8"))
    path = ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    for message in catalog:
        if message.id and message.id in table:
            message.string = table[str(message.id)]
            message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=100)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{path.relative_to(ROOT)}: {len(missing)} untranslated", *missing, sep="\n  ")


if __name__ == "__main__":
    main()
