"""What the server does once at start: schema, reference and sample data, staff account."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.config import Settings
from backend.db import migrate
from backend.services import auth

log = logging.getLogger(__name__)


def prepare_database(engine: Engine, settings: Settings) -> None:
    """Migrate the schema, load data on an empty database and the staff account from the
    environment."""
    migrate(engine)
    from backend.services import signing

    signing.private_key()  # the document-signing key: made in KEYS_DIR on the first start
    from backend.data.sample import load_reference_data, load_sample_data

    with Session(engine, expire_on_commit=False) as session:
        if settings.demo_data:
            if load_sample_data(session):
                log.info("Loaded the sample data set (not official data).")
        else:
            load_reference_data(session)
        if settings.staff_email and settings.staff_password:
            auth.ensure_staff_account(
                session=session, email=settings.staff_email, password=settings.staff_password,
                center_id=settings.staff_center_id,
            )


async def reminder_loop(engine: Engine, settings: Settings) -> None:
    """Send the day-before reminders now and then, for as long as the server runs."""
    from backend.services import booking

    def send_once() -> int:
        with Session(engine, expire_on_commit=False) as session:
            return booking.send_due_reminders(session=session)

    while True:
        try:
            sent = await asyncio.to_thread(send_once)
            if sent:
                log.info("Sent %s appointment reminders.", sent)
        except Exception:  # a failed round must not stop the next ones
            log.exception("Sending reminders failed; trying again later.")
        await asyncio.sleep(settings.reminder_interval_seconds)
