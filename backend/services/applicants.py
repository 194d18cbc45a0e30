"""Who an account may act for: its own verified person and people linked to it as helper."""

from __future__ import annotations

from sqlmodel import Session, select

from backend.errors import DomainError
from backend.models import (
    Account,
    ApplicantPublic,
    HelperLink,
    LinkStatus,
    Person,
    PersonPublic,
)


def own_person(*, session: Session, account: Account) -> Person | None:
    """The person this account proved to be, if it did."""
    return session.get(Person, account.person_id) if account.person_id else None


def may_act_for(*, session: Session, account: Account, person_id: int) -> bool:
    """Whether `account` is this person, or a helper with an active link to them."""
    if account.person_id == person_id:
        return True
    link = session.exec(
        select(HelperLink).where(
            HelperLink.helper_account_id == account.id,
            HelperLink.person_id == person_id,
            HelperLink.status == LinkStatus.active,
        )
    ).first()
    return link is not None


def require_access(*, session: Session, account: Account, person_id: int) -> Person:
    """The person `account` acts for; refuses anyone else (403, also for unknown ids)."""
    person = session.get(Person, person_id)
    if person is None or not may_act_for(session=session, account=account, person_id=person_id):
        raise DomainError("forbidden")
    return person


def applicants_for(*, session: Session, account: Account) -> list[ApplicantPublic]:
    """The account's own person first, then every person it helps through an active link."""
    result: list[ApplicantPublic] = []
    own = own_person(session=session, account=account)
    if own is not None:
        result.append(
            ApplicantPublic(**PersonPublic.model_validate(own).model_dump(), relation="self")
        )
    rows = session.exec(
        select(Person, HelperLink)
        .join(HelperLink, HelperLink.person_id == Person.id)  # type: ignore[arg-type]
        .where(
            HelperLink.helper_account_id == account.id,
            HelperLink.status == LinkStatus.active,
        )
        .order_by(Person.full_name)
    ).all()
    for person, link in rows:
        result.append(
            ApplicantPublic(
                **PersonPublic.model_validate(person).model_dump(), relation=link.relation.value
            )
        )
    return result
