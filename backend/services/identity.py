"""Real-name verification: an account proves it is a person in the immigration records."""

from __future__ import annotations

import unicodedata

from sqlmodel import Session, select

from backend.errors import DomainError
from backend.i18n import N_, gettext
from backend.models import Account, CodePurpose, Person, PersonIdentity
from backend.services import audit, codes, notifications


def _fold(name: str) -> str:
    """A name compared without case, accents or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def find_person(*, session: Session, identity: PersonIdentity) -> Person | None:
    """The person whose passport, nationality, name and birth date all match."""
    person = session.exec(
        select(Person).where(
            Person.passport_no == identity.passport_no,
            Person.nationality == identity.nationality,
        )
    ).first()
    if (
        person is None
        or person.birth_date != identity.birth_date
        or _fold(person.full_name) != _fold(identity.full_name)
    ):
        return None
    return person


def start(
    *, session: Session, account: Account, identity: PersonIdentity, lang: str
) -> tuple[Person, codes.OneTimeCode]:
    """Match the records and send a one-time code to the person's registered phone."""
    if account.person_id is not None:
        raise DomainError("already_verified")
    person = find_person(session=session, identity=identity)
    if person is None:
        audit.record(
            session=session, action="identity.start", actor_account_id=account.id,
            outcome="not_matched",
        )
        session.commit()
        raise DomainError("identity_not_matched")
    if session.exec(select(Account).where(Account.person_id == person.id)).first():
        raise DomainError("identity_taken")
    code, record = codes.issue(
        session=session,
        purpose=CodePurpose.identity,
        account_id=account.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
    )
    body = gettext(
        N_("Your verification code is %(code)s. Do not share it. It expires in 10 minutes."), lang
    ) % {"code": code}
    notifications.send(
        session=session,
        to=person.phone,
        channel="sms",
        subject=gettext(N_("Identity verification"), lang),
        body=body,
        code=code,
    )
    audit.record(
        session=session, action="identity.start", actor_account_id=account.id,
        subject_person_id=person.id,
    )
    session.commit()
    return person, record


def confirm(*, session: Session, account: Account, code: str) -> Person:
    """Link the account to the person once the right code is entered."""
    if account.person_id is not None:
        raise DomainError("already_verified")
    record = codes.check(
        session=session, purpose=CodePurpose.identity, account_id=account.id, code=code  # type: ignore[arg-type]
    )
    person = session.get(Person, record.person_id)
    assert person is not None
    if session.exec(select(Account).where(Account.person_id == person.id)).first():
        raise DomainError("identity_taken")
    account.person_id = person.id
    session.add(account)
    audit.record(
        session=session, action="identity.confirm", actor_account_id=account.id,
        subject_person_id=person.id,
    )
    session.commit()
    return person
