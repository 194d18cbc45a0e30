"""Every marked string is in every catalog, translated, and keeps its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES, Translator
from backend.i18n import SUPPORTED, gettext

ROOT = Path(__file__).resolve().parents[2]
# Every language the app offers but English (the source language) has a complete catalog.
COMPLETE = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
# A letter of each non-Latin script, to tell a translation from English left in place.
SCRIPT = {
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}


def marked_strings() -> set[str]:
    found: set[str] = set()
    for folder in ("app", "backend"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(lang: str) -> Catalog:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_the_app_and_the_api_speak_the_same_languages() -> None:
    assert set(LANGUAGES) == set(SUPPORTED)
    on_disk = {p.name for p in (ROOT / "locales").iterdir() if p.is_dir()}
    assert on_disk == set(COMPLETE)


@pytest.mark.parametrize("lang", COMPLETE)
def test_catalog_has_every_marked_string_translated(lang: str) -> None:
    messages = catalog(lang)
    translations = {m.id: m for m in messages if m.id}
    missing = sorted(marked_strings() - set(translations))
    assert missing == [], f"run `make extract` and translate: {missing}"
    for msgid, message in translations.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"{lang}: no translation for {msgid!r}"
        assert "fuzzy" not in message.flags, f"{lang}: fuzzy translation for {msgid!r}"
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        wanted = sorted(set(PLACEHOLDER.findall(" ".join(ids))))
        for form in forms:
            assert sorted(set(PLACEHOLDER.findall(str(form)))) == wanted, (
                f"{lang}: placeholders differ in {msgid!r}")
        if isinstance(message.string, tuple):  # every plural form the language has
            assert len(forms) == messages.num_plurals, f"{lang}: plural forms of {msgid!r}"


@pytest.mark.parametrize("lang", sorted(SCRIPT))
def test_translations_are_in_the_languages_script(lang: str) -> None:
    """No English left in place: every sentence-long text is written in its script."""
    english = [m.id for m in catalog(lang) if m.id and isinstance(m.string, str)
               and len(re.sub(r"[^A-Za-z]", "", PLACEHOLDER.sub("", m.id))) > 8
               and not SCRIPT[lang].search(m.string)]
    assert english == []


@pytest.mark.parametrize("lang", COMPLETE)
def test_compiled_catalog_is_used(lang: str) -> None:
    """The compiled .mo files are current: the app and the API read the same translation."""
    source = {m.id: m.string for m in catalog(lang) if m.id}
    for msgid in ("Immigration services", "Book an appointment", "This field is required."):
        assert Translator(lang)(msgid) == source[msgid] == gettext(msgid, lang)


def test_placeholders_are_filled_in_every_language() -> None:
    for lang in LANGUAGES:
        text = Translator(lang)("Step %(n)s of %(total)s", n=2, total=5)
        assert "2" in text and "5" in text and "%(" not in text
