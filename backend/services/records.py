"""The immigration records kept by staff: people and their documents."""

from __future__ import annotations

from sqlmodel import Session, select

from backend.errors import DomainError
from backend.models import Account, Document, DocumentCreate, Person, PersonCreate
from backend.services import audit, certificates


def add_person(*, session: Session, staff: Account, data: PersonCreate) -> Person:
    """Record a person; refuses a passport that is already recorded for that nationality."""
    exists = session.exec(
        select(Person).where(
            Person.passport_no == data.passport_no, Person.nationality == data.nationality
        )
    ).first()
    if exists:
        raise DomainError("person_exists")
    person = Person.model_validate(data)
    session.add(person)
    session.flush()
    audit.record(
        session=session, action="records.add_person", actor_account_id=staff.id,
        subject_person_id=person.id,
    )
    session.commit()
    return person


def add_document(
    *, session: Session, staff: Account, person_id: int, data: DocumentCreate
) -> Document:
    """Record a document of a person; a new passport becomes the person's current one."""
    person = session.get(Person, person_id)
    if person is None:
        raise DomainError("not_found")
    if data.valid_to <= data.valid_from:
        raise DomainError("invalid_dates")
    document = Document(person_id=person_id, **data.model_dump())
    session.add(document)
    if data.kind == "passport":
        person.passport_no = data.number
        session.add(person)
    if data.kind in ("passport", "pr_card"):
        # The linked passport or card changed: earlier documents no longer tell the truth.
        certificates.revoke_all_for(session=session, person_id=person_id,
                                    actor_account_id=staff.id, reason=f"new_{data.kind.value}")
    session.flush()
    audit.record(
        session=session, action="records.add_document", actor_account_id=staff.id,
        subject_person_id=person_id, kind=data.kind.value,
    )
    session.commit()
    return document
