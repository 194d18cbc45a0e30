"""Which service center a staff account may act for."""

from __future__ import annotations

from sqlmodel import Session

from backend.errors import DomainError
from backend.models import Account, Center, Role


def require_center(*, session: Session, staff: Account, center_id: int) -> Center:
    """The center `center_id` if `staff` works there (admins work everywhere).

    An officer of another center is refused before the center is even looked up, so the
    answer says nothing about other centers.
    """
    if staff.role != Role.admin:
        if staff.center_id is None:
            raise DomainError("no_center")
        if staff.center_id != center_id:
            raise DomainError("other_center")
    center = session.get(Center, center_id)
    if center is None:
        raise DomainError("not_found")
    return center
