"""Sending SMS and e-mail. The default sender writes to the outbox (table and JSONL file)."""

from __future__ import annotations

import json
import threading

from sqlmodel import Session

from backend.config import get_settings
from backend.models import OutboxMessage

_file_lock = threading.Lock()


def send(
    *,
    session: Session,
    to: str,
    channel: str,
    subject: str,
    body: str,
    code: str | None = None,
) -> OutboxMessage:
    """Queue a message in the outbox and append it to the outbox file."""
    message = OutboxMessage(to=to, channel=channel, subject=subject, body=body, code=code)
    session.add(message)
    line = {"to": to, "channel": channel, "subject": subject, "body": body}
    if code is not None:
        line["code"] = code
    path = get_settings().outbox_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with _file_lock, path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return message


def mask_phone(phone: str) -> str:
    """A phone number with all but its last four digits hidden (for screens and answers)."""
    digits = [c for c in phone if c.isdigit()]
    return "•••• " + "".join(digits[-4:]) if len(digits) >= 4 else "••••"
