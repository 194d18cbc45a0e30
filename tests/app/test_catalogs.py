"""Every marked string is in the catalogs, translated, and keeps its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = ["zh"]  # languages that must be complete (more join in the languages issue)
PLACEHOLDER = re.compile(r"%\(\w+\)s")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def marked_strings() -> set[str]:
    found: set[str] = set()
    for folder in ("app", "backend"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", COMPLETE)
def test_catalog_has_every_marked_string_translated(lang: str) -> None:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    translations = {m.id: m for m in catalog if m.id}
    missing = sorted(marked_strings() - set(translations))
    assert missing == [], f"run `make extract` and translate: {missing}"
    for msgid, message in translations.items():
        assert message.string, f"{lang}: no translation for {msgid!r}"
        assert "fuzzy" not in message.flags, f"{lang}: fuzzy translation for {msgid!r}"
        assert sorted(PLACEHOLDER.findall(str(msgid))) == sorted(
            PLACEHOLDER.findall(str(message.string))
        ), f"{lang}: placeholders differ in {msgid!r}"
