"""Sending SMS and e-mail. The default sender writes to the outbox (table and JSONL file)."""

from __future__ import annotations

import json
import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from backend.config import get_settings
from backend.models import OutboxMessage

_file_lock = threading.Lock()
_PENDING = "outbox_lines"


def send(
    *,
    session: Session,
    to: str,
    channel: str,
    subject: str,
    body: str,
    code: str | None = None,
) -> OutboxMessage:
    """Queue a message in the outbox; it reaches the outbox file when the session commits.

    Written after the commit, so a refused or rolled-back action never leaves a message
    behind, and the file is not touched while a booking holds the write lock.
    """
    message = OutboxMessage(to=to, channel=channel, subject=subject, body=body, code=code)
    session.add(message)
    line = {"to": to, "channel": channel, "subject": subject, "body": body}
    if code is not None:
        line["code"] = code
    session.info.setdefault(_PENDING, []).append(line)
    return message


@event.listens_for(OrmSession, "after_commit")
def _write_file(session: OrmSession) -> None:
    lines: list[dict[str, Any]] = session.info.pop(_PENDING, [])
    if not lines:
        return
    path = get_settings().outbox_path
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    with _file_lock, path.open("a", encoding="utf-8") as f:
        f.write(text)


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget(session: OrmSession, previous: SessionTransaction) -> None:
    if not previous.nested:
        session.info.pop(_PENDING, None)


def mask_phone(phone: str) -> str:
    """A phone number with all but its last four digits hidden (for screens and answers)."""
    digits = [c for c in phone if c.isdigit()]
    return "•••• " + "".join(digits[-4:]) if len(digits) >= 4 else "••••"
