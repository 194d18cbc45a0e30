"""Who an account may act for: its own verified person and people linked to it as helper."""

from __future__ import annotations

from sqlalchemy import bindparam, exists, or_
from sqlmodel import Session, col, select

from backend.errors import DomainError
from backend.models import (
    Account,
    ApplicantPublic,
    HelperLink,
    LinkStatus,
    Person,
    PersonPublic,
)
from backend.services import audit


def own_person(*, session: Session, account: Account) -> Person | None:
    """The person this account proved to be, if it did."""
    return session.get(Person, account.person_id) if account.person_id else None


# The person, if the account is them or helps them through an active link. Built once:
# every /applicants/{aid} request runs it.
_ACTABLE = select(Person).where(
    col(Person.id) == bindparam("person_id"),
    or_(
        col(Person.id) == bindparam("own_person_id"),
        exists().where(
            col(HelperLink.helper_account_id) == bindparam("account_id"),
            col(HelperLink.person_id) == col(Person.id),
            col(HelperLink.status) == LinkStatus.active,
        ),
    ),
)


def _actable(session: Session, account: Account, person_id: int) -> Person | None:
    return session.exec(_ACTABLE, params={
        "person_id": person_id, "own_person_id": account.person_id, "account_id": account.id,
    }).first()


def may_act_for(*, session: Session, account: Account, person_id: int) -> bool:
    """Whether `account` is this person, or a helper with an active link to them."""
    return account.person_id == person_id or _actable(session, account, person_id) is not None


def require_access(*, session: Session, account: Account, person_id: int) -> Person:
    """The person `account` acts for; refuses anyone else (403, also for unknown ids)."""
    person = _actable(session, account, person_id)
    if person is None:
        # Audited without a subject: the trail a person sees lists what was done for them,
        # not strangers' attempts (operators see those).
        audit.record(session=session, action="access.refused", actor_account_id=account.id,
                     outcome="forbidden", person_id=person_id)
        session.commit()
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
