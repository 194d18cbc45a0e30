"""The audit trail: every action done for a person, by whom, and how it ended."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from backend.models import AuditEvent


def record(
    *,
    session: Session,
    action: str,
    actor_account_id: int | None,
    subject_person_id: int | None = None,
    outcome: str = "ok",
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to the session (committed with the action it records)."""
    event = AuditEvent(
        action=action,
        actor_account_id=actor_account_id,
        subject_person_id=subject_person_id,
        outcome=outcome,
        detail=detail,
    )
    session.add(event)
    return event
