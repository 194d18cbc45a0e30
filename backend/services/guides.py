"""The guides to the five services: who each is for, requirements, materials, procedure,
method, processing time, fees and where to apply; and the checklist of materials an
applicant has ticked.

The content lives in data files, one per service and language
(`backend/data/guides/<lang>/<service>.json`), not in code; it is read once and kept in
memory. A language without its own files gets the English content (and says so in `lang`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, col, delete, select

from backend.errors import DomainError
from backend.models import (
    Account,
    ChecklistPublic,
    GuideChecklistItem,
    GuidePublic,
    ServiceCode,
)
from backend.services import audit

GUIDES_DIR = Path(__file__).resolve().parent.parent / "data" / "guides"
DEFAULT_LANG = "en"


def languages() -> list[str]:
    """The languages that have guides (a folder each)."""
    return sorted(p.name for p in GUIDES_DIR.iterdir() if p.is_dir())


@lru_cache(maxsize=64)
def _read(lang: str, service: ServiceCode) -> GuidePublic | None:
    path = GUIDES_DIR / lang / f"{service.value}.json"
    if not path.exists():
        return None
    return GuidePublic.model_validate(json.loads(path.read_text(encoding="utf-8")))


def get_guide(*, service: ServiceCode, lang: str) -> GuidePublic:
    """The guide to `service` in `lang`, or in English when `lang` has none."""
    guide = _read(lang, service) or _read(DEFAULT_LANG, service)
    if guide is None:
        raise DomainError("not_found")
    return guide


def list_guides(*, lang: str) -> list[GuidePublic]:
    """The guides to the five services, in the order the app lists the services."""
    return [get_guide(service=s, lang=lang) for s in ServiceCode]


def material_keys(service: ServiceCode) -> set[str]:
    return {m.key for m in get_guide(service=service, lang=DEFAULT_LANG).materials}


def checklist(*, session: Session, person_id: int, service: ServiceCode) -> ChecklistPublic:
    """The materials `person_id` has ticked in the guide to `service`, in the guide's order."""
    ticked = set(
        session.exec(
            select(GuideChecklistItem.item_key).where(
                GuideChecklistItem.person_id == person_id,
                GuideChecklistItem.service_code == service,
            )
        ).all()
    )
    order = [m.key for m in get_guide(service=service, lang=DEFAULT_LANG).materials]
    return ChecklistPublic(service=service, items=[k for k in order if k in ticked])


def save_checklist(
    *, session: Session, actor: Account, person_id: int, service: ServiceCode, items: list[str]
) -> ChecklistPublic:
    """Replace the ticked materials of `person_id` for `service` (unknown keys refused), with
    an audit event naming who did it. Commits."""
    known = material_keys(service)
    unknown = sorted(set(items) - known)
    if unknown:
        shown = ", ".join(key[:60] for key in unknown[:5])  # echoed input, kept short
        raise DomainError("unknown_checklist_item", items=shown)
    session.exec(
        delete(GuideChecklistItem).where(  # type: ignore[call-overload]
            col(GuideChecklistItem.person_id) == person_id,
            col(GuideChecklistItem.service_code) == service,
        )
    )
    for key in sorted(set(items)):
        session.add(GuideChecklistItem(person_id=person_id, service_code=service, item_key=key))
    audit.record(
        session=session, action="guide.checklist", actor_account_id=actor.id,
        subject_person_id=person_id, service=service.value, items=len(set(items)),
    )
    session.commit()
    return checklist(session=session, person_id=person_id, service=service)
