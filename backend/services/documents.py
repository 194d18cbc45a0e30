"""One's own documents as the records hold them: visas and permits, the PR card, the passport."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.errors import DomainError
from backend.i18n import N_, babel_locale, gettext
from backend.models import (
    Document,
    DocumentKind,
    PassportPublic,
    PermitPublic,
    Person,
    PrCardPublic,
    ServiceCode,
)
from backend.services.centers import SERVICE_NAMES

PERMIT_KINDS = (DocumentKind.visa, DocumentKind.stay_permit, DocumentKind.residence_permit)
KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.passport: N_("Passport"),
    DocumentKind.visa: N_("Visa"),
    DocumentKind.stay_permit: N_("Stay permit"),
    DocumentKind.residence_permit: N_("Residence permit"),
    DocumentKind.pr_card: N_("Permanent Resident ID Card"),
}
# The service that renews or extends each kind of document.
RENEWAL: dict[DocumentKind, ServiceCode] = {
    DocumentKind.visa: ServiceCode.visa_extension,
    DocumentKind.stay_permit: ServiceCode.stay_permit,
    DocumentKind.residence_permit: ServiceCode.residence_permit,
}
ENTRIES: dict[str, str] = {
    "single": N_("Single entry"),
    "double": N_("Two entries"),
    "multiple": N_("Multiple entries"),
}


def _text(details: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = details.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def country_name(code: str, lang: str) -> str:
    """A country's name in `lang` from its ISO code (the code itself when unknown)."""
    territories = babel_locale(lang).territories
    return str(territories.get(code.upper(), code))


def _validity(valid_to: date, today: date) -> tuple[int, bool, bool]:
    days_left = (valid_to - today).days
    expired = days_left < 0
    soon = not expired and days_left <= get_settings().expiry_warning_days
    return days_left, expired, soon


def permits(*, session: Session, person: Person, lang: str, today: date) -> list[PermitPublic]:
    """Visas and permits, valid ones first (the soonest to end first), expired ones last."""
    docs = session.exec(
        select(Document)
        .where(Document.person_id == person.id, col(Document.kind).in_(PERMIT_KINDS))
        .order_by(col(Document.valid_to))
    ).all()
    result = []
    for d in docs:
        days_left, expired, soon = _validity(d.valid_to, today)
        entries = _text(d.details, "entries")
        stay = d.details.get("duration_of_each_stay_days")
        service = RENEWAL[d.kind]
        result.append(PermitPublic(
            id=d.id,  # type: ignore[arg-type]
            kind=d.kind,
            kind_label=gettext(KIND_LABELS[d.kind], lang),
            type=_text(d.details, "visa_type", "permit_type", "type"),
            number=d.number,
            valid_from=d.valid_from,
            valid_to=d.valid_to,
            entries=gettext(ENTRIES[entries], lang) if entries in ENTRIES else entries,
            duration_of_stay_days=int(stay) if isinstance(stay, int) and stay > 0 else None,
            remarks=_text(d.details, "remarks"),
            issuing_authority=_text(d.details, "issuing_authority"),
            days_left=days_left,
            expired=expired,
            expiring_soon=soon,
            renewal_service=service,
            renewal_service_name=gettext(SERVICE_NAMES[service], lang),
        ))
    result.sort(key=lambda p: (p.expired, p.days_left if not p.expired else -p.days_left))
    return result


def pr_card(*, session: Session, person: Person, lang: str, today: date) -> PrCardPublic:
    """The latest PR card of the person; 404 when they have none."""
    card = session.exec(
        select(Document)
        .where(Document.person_id == person.id, Document.kind == DocumentKind.pr_card)
        .order_by(col(Document.valid_to).desc())
    ).first()
    if card is None:
        raise DomainError("not_found")
    days_left, expired, soon = _validity(card.valid_to, today)
    return PrCardPublic(
        number=card.number,
        name_en=_text(card.details, "name_en") or person.full_name,
        name_zh=_text(card.details, "name_zh") or person.name_zh,
        nationality=_text(card.details, "nationality") or person.nationality,
        nationality_name=country_name(person.nationality, lang),
        sex=_text(card.details, "sex"),
        birth_date=person.birth_date,
        valid_from=card.valid_from,
        valid_to=card.valid_to,
        issuing_authority=_text(card.details, "issuing_authority"),
        days_left=days_left,
        expired=expired,
        expiring_soon=soon,
    )


def passport(*, session: Session, person: Person, lang: str, today: date) -> PassportPublic:
    """The passport the records hold as current (its number is the person's passport number)."""
    docs = session.exec(
        select(Document)
        .where(Document.person_id == person.id, Document.kind == DocumentKind.passport)
        .order_by(col(Document.valid_to).desc())
    ).all()
    doc = next((d for d in docs if d.number == person.passport_no), None)
    country = person.nationality
    if doc is not None:
        given = _text(doc.details, "country") or ""
        m = re.match(r"^([A-Z]{2})\b", given)
        country = m.group(1) if m else country
    days_left, expired = None, False
    if doc is not None:
        days_left, expired, _soon = _validity(doc.valid_to, today)
    return PassportPublic(
        number=person.passport_no,
        country=country,
        country_name=country_name(country, lang),
        type=_text(doc.details, "type") if doc else None,
        valid_from=doc.valid_from if doc else None,
        valid_to=doc.valid_to if doc else None,
        issuing_authority=_text(doc.details, "issuing_authority") if doc else None,
        days_left=days_left,
        expired=expired,
    )
