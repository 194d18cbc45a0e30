"""Help from relatives and friends: a helper acts for an applicant with their consent.

A link starts pending; a one-time code goes to the applicant's registered phone, and the
link is active once the helper enters it. The applicant sees every helper and every action
done for them, and can revoke a helper at once. A helper never signs in as the applicant.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.errors import DomainError
from backend.i18n import N_, gettext
from backend.models import (
    Account,
    AuditEvent,
    AuditPublic,
    CodePurpose,
    HelperLink,
    HelperPublic,
    LinkCreate,
    LinkStatus,
    OneTimeCode,
    Person,
    Relation,
    Role,
    utcnow,
)
from backend.services import audit, codes, identity, notifications

PARENTAL = (Relation.parent, Relation.guardian)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _count(session: Session, *conditions: object) -> int:
    return session.exec(
        select(func.count()).select_from(HelperLink).where(*conditions)  # type: ignore[arg-type]
    ).one()


def start_link(
    *, session: Session, helper: Account, data: LinkCreate, lang: str
) -> tuple[HelperLink, OneTimeCode, Person]:
    """Ask for consent: a pending link and a code sent to the applicant's registered phone."""
    settings = get_settings()
    person = identity.find_person(session=session, identity=data)
    if person is None:
        audit.record(session=session, action="link.start", actor_account_id=helper.id,
                     outcome="not_matched")
        session.commit()
        raise DomainError("identity_not_matched")
    if helper.person_id == person.id:
        raise DomainError("cannot_help_self")
    minor = age_on(person.birth_date, date.today()) < settings.minor_age
    if minor and (data.relation not in PARENTAL or not data.guardian_declaration):
        raise DomainError("guardian_required")
    if not minor and data.relation == Relation.guardian:
        raise DomainError("guardian_for_minor_only")
    active = HelperLink.status == LinkStatus.active
    if _count(session, HelperLink.helper_account_id == helper.id,
              HelperLink.person_id == person.id, active):
        raise DomainError("already_linked")
    if _count(session, HelperLink.helper_account_id == helper.id, active) >= (
        settings.max_applicants_per_helper
    ):
        raise DomainError("too_many_applicants", limit=settings.max_applicants_per_helper)
    if _count(session, HelperLink.person_id == person.id, active) >= (
        settings.max_helpers_per_applicant
    ):
        raise DomainError("too_many_helpers", limit=settings.max_helpers_per_applicant)
    link = HelperLink(
        helper_account_id=helper.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        relation=data.relation,
        guardian_declaration=data.guardian_declaration,
    )
    session.add(link)
    session.flush()
    code, record = codes.issue(
        session=session, purpose=CodePurpose.helper_link, account_id=helper.id,  # type: ignore[arg-type]
        person_id=person.id, link_id=link.id,  # type: ignore[arg-type]
    )
    # The person reads it: in their account's language when they have one.
    own = session.exec(select(Account).where(Account.person_id == person.id)).first()
    sms_lang = own.locale if own is not None else lang
    body = gettext(
        N_("%(helper)s asks to help you with immigration services (appointments, progress, "
           "documents). If you agree, give them this code: %(code)s. It expires in 10 minutes. "
           "If you do not know this person, ignore this message."),
        sms_lang,
    ) % {"helper": helper.full_name, "code": code}
    notifications.send(session=session, to=person.phone, channel="sms",
                       subject=gettext(N_("A request to help you"), sms_lang), body=body,
                       code=code)
    audit.record(session=session, action="link.start", actor_account_id=helper.id,
                 subject_person_id=person.id, relation=data.relation.value)
    session.commit()
    return link, record, person


def confirm_link(*, session: Session, helper: Account, link_id: int, code: str) -> HelperLink:
    """Activate a pending link with the code the applicant gave the helper."""
    link = session.get(HelperLink, link_id)
    if link is None or link.helper_account_id != helper.id or link.status != LinkStatus.pending:
        raise DomainError("not_found")
    codes.check(session=session, purpose=CodePurpose.helper_link, account_id=helper.id,  # type: ignore[arg-type]
                code=code, link_id=link_id)
    settings = get_settings()
    # The limits are checked again: other links may have become active meanwhile.
    active = HelperLink.status == LinkStatus.active
    if _count(session, HelperLink.helper_account_id == helper.id, active) >= (
        settings.max_applicants_per_helper
    ):
        raise DomainError("too_many_applicants", limit=settings.max_applicants_per_helper)
    if _count(session, HelperLink.person_id == link.person_id, active) >= (
        settings.max_helpers_per_applicant
    ):
        raise DomainError("too_many_helpers", limit=settings.max_helpers_per_applicant)
    # An earlier active link to the same person (a second consent) is replaced.
    for old in session.exec(select(HelperLink).where(
        HelperLink.helper_account_id == helper.id, HelperLink.person_id == link.person_id,
        active,
    )):
        old.status, old.revoked_at = LinkStatus.revoked, utcnow()
        session.add(old)
    link.status, link.activated_at = LinkStatus.active, utcnow()
    session.add(link)
    audit.record(session=session, action="link.confirm", actor_account_id=helper.id,
                 subject_person_id=link.person_id, relation=link.relation.value)
    session.commit()
    return link


def _end(session: Session, link: HelperLink, actor: Account, action: str) -> None:
    link.status, link.revoked_at = LinkStatus.revoked, utcnow()
    session.add(link)
    audit.record(session=session, action=action, actor_account_id=actor.id,
                 subject_person_id=link.person_id, helper_account_id=link.helper_account_id)
    session.commit()


def _active_link(session: Session, helper_id: int, person_id: int) -> HelperLink | None:
    return session.exec(select(HelperLink).where(
        HelperLink.helper_account_id == helper_id, HelperLink.person_id == person_id,
        HelperLink.status == LinkStatus.active,
    )).first()


def stop_helping(*, session: Session, helper: Account, person_id: int) -> None:
    """The helper ends their own link to an applicant."""
    link = _active_link(session, helper.id, person_id)  # type: ignore[arg-type]
    if link is None:
        raise DomainError("not_found")
    _end(session, link, helper, "link.end")


def revoke_helper(*, session: Session, applicant: Account, helper_id: int) -> None:
    """The applicant ends a helper's access, at once."""
    if applicant.person_id is None:
        raise DomainError("not_verified")
    link = _active_link(session, helper_id, applicant.person_id)
    if link is None:
        raise DomainError("not_found")
    _end(session, link, applicant, "link.revoke")


def helpers_of(*, session: Session, person_id: int) -> list[HelperPublic]:
    """The people with an active link to this applicant."""
    rows = session.exec(
        select(HelperLink, Account)
        .join(Account, col(Account.id) == HelperLink.helper_account_id)
        .where(HelperLink.person_id == person_id, HelperLink.status == LinkStatus.active)
        .order_by(col(HelperLink.activated_at))
    ).all()
    return [
        HelperPublic(helper_id=a.id, name=a.full_name, email=a.email,  # type: ignore[arg-type]
                     relation=link.relation, since=link.activated_at)
        for link, a in rows
    ]


def audit_for(*, session: Session, person: Person) -> list[AuditPublic]:
    """Every action recorded for this applicant, the latest first, with who did it."""
    rows = session.exec(
        select(AuditEvent, Account)
        .join(Account, col(Account.id) == AuditEvent.actor_account_id, isouter=True)
        .where(AuditEvent.subject_person_id == person.id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(500)
    ).all()
    result = []
    for event, actor in rows:
        if actor is None:
            who, kind = "", "system"
        elif actor.person_id == person.id:
            who, kind = actor.full_name, "self"
        elif actor.role in (Role.officer, Role.admin):
            who, kind = actor.full_name, "staff"
        else:
            who, kind = actor.full_name, "helper"
        result.append(AuditPublic(at=event.at, actor=who, actor_is=kind, action=event.action,
                                  outcome=event.outcome))
    return result
