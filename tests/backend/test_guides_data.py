"""The guides' data files: every service in every supported language, no empty section, the
same checklist keys and fees in every language, sample fees marked, sources with addresses."""

from __future__ import annotations

import json
import re

import pytest

from backend.i18n import SUPPORTED
from backend.models import GuidePublic, ServiceCode
from backend.services import guides

LANGUAGES = list(SUPPORTED)  # every language the platform speaks has complete guides
LIST_SECTIONS = ["who_for", "requirements", "procedure", "method", "processing_time",
                 "where_to_apply"]


def test_the_supported_languages_have_guides() -> None:
    assert set(LANGUAGES) <= set(guides.languages())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("service", list(ServiceCode))
def test_every_guide_is_complete(lang: str, service: ServiceCode) -> None:
    path = guides.GUIDES_DIR / lang / f"{service.value}.json"
    assert path.exists(), f"missing {path}"
    raw = json.loads(path.read_text(encoding="utf-8"))
    guide = GuidePublic.model_validate(raw)  # every field present, of the right type
    assert guide.service == service and guide.lang == lang
    assert guide.title.strip() and guide.summary.strip()
    for section in LIST_SECTIONS:
        items = getattr(guide, section)
        assert items, f"{lang}/{service}: {section} is empty"
        assert all(item.strip() for item in items), f"{lang}/{service}: blank item in {section}"
    assert guide.materials and all(m.key and m.text.strip() for m in guide.materials)
    assert all(m.detail is None or m.detail.strip() for m in guide.materials)
    assert len({m.key for m in guide.materials}) == len(guide.materials), "duplicate keys"
    assert guide.fees.sample is True, "fee standards are sample data"
    assert guide.fees.currency == "CNY"
    assert guide.fees.items and all(f.amount > 0 and f.label.strip() for f in guide.fees.items)
    assert guide.sources and all(s.url.startswith(("http://", "https://")) and s.title.strip()
                                 for s in guide.sources)


@pytest.mark.parametrize("service", list(ServiceCode))
def test_every_language_has_the_same_items(service: ServiceCode) -> None:
    """Ticks are stored by key, so a checklist is the same list in every language."""
    by_lang = {lang: guides.get_guide(service=service, lang=lang) for lang in LANGUAGES}
    english = by_lang["en"]
    for lang, guide in by_lang.items():
        assert [m.key for m in guide.materials] == [m.key for m in english.materials], lang
        assert [(f.key, f.amount) for f in guide.fees.items] == [
            (f.key, f.amount) for f in english.fees.items], lang
        assert [s.key for s in guide.sources] == [s.key for s in english.sources], lang
        for section in LIST_SECTIONS:
            assert len(getattr(guide, section)) == len(getattr(english, section)), (lang,
                                                                                   section)


# A letter of each language's own script (or, for the Latin ones, of its own words).
SCRIPT = {
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),  # kana: Japanese, not Chinese
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "fr": re.compile(r"(?i)\b(?:vous|votre|vos|le|la|les|des|du|une?|et|pour|de)\b|[éèêàçù]"),
    "es": re.compile(r"(?i)\b(?:usted|su|sus|el|los|las|del|una?|y|para|de)\b|[áéíóúñ]"),
}


@pytest.mark.parametrize("lang", sorted(SCRIPT))
def test_content_is_in_its_language(lang: str) -> None:
    """Not English left in a translated file: every text of the guide reads in its language."""
    for service in ServiceCode:
        guide = guides.get_guide(service=service, lang=lang)
        english = guides.get_guide(service=service, lang="en")
        assert guide.lang == lang
        texts = [guide.summary, *guide.who_for, *guide.requirements, *guide.procedure,
                 *guide.method, *guide.processing_time, *guide.where_to_apply,
                 *(m.text for m in guide.materials)]
        untranslated = [t for t in texts if len(t) > 40 and not SCRIPT[lang].search(t)]
        assert untranslated == [], (lang, service)
        english_texts = {english.summary, *english.who_for, *english.requirements,
                         *english.procedure, *english.method, *english.where_to_apply,
                         *(m.text for m in english.materials)}
        assert not set(texts) & english_texts, (lang, service)


def test_a_language_without_guides_gets_english() -> None:
    guide = guides.get_guide(service=ServiceCode.stay_permit, lang="xx")
    assert guide.lang == "en" and guide.title == "Stay permit"


def test_fees_match_the_research_notes() -> None:
    """The amounts the research notes (guide-facts.md) give as the same in every source."""
    extension = guides.get_guide(service=ServiceCode.visa_extension, lang="en")
    assert [(f.key, f.amount) for f in extension.fees.items] == [("extension", 160)]
    residence = guides.get_guide(service=ServiceCode.residence_permit, lang="en")
    amounts = {f.key: f.amount for f in residence.fees.items}
    assert (amounts["under_1y"], amounts["1y_3y"], amounts["3y_5y"]) == (400, 800, 1000)
    assert amounts["change"] == 200
