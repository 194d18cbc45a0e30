"""Settings read from the environment (see API.md for the variables)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "change-me-in-production"


class Settings(BaseSettings):
    """One place for every setting; refuses the default secret in production."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = "development"
    host: str = "0.0.0.0"
    port: int = 8550
    database_url: str = f"sqlite:///{ROOT / 'data' / 'app.db'}"
    demo_data: bool = True
    outbox_path: Path = ROOT / "data" / "outbox.jsonl"
    staff_email: str | None = None
    staff_password: str | None = None
    staff_center_id: int | None = None
    backend_url: str | None = None
    # Keys one-time codes and other server-side hashes; never the default in production.
    secret_key: str = DEFAULT_SECRET
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    code_ttl_minutes: int = 10
    code_max_attempts: int = 5
    # Sign-in: failures free of delay per account and per address, then waits that double
    # from one second up to the cap; forgotten a window after the last failure. Never a lockout.
    login_max_failures: int = 5
    login_address_max_failures: int = 20  # an address may be a shared network (kiosk, office)
    login_window_seconds: int = 900
    login_max_delay_seconds: int = 300
    login_address_max_delay_seconds: int = 900
    # One-time codes sent (SMS) per account and per person's phone in the window.
    code_sends_max: int = 5
    code_sends_window_seconds: int = 3600
    register_max_per_address: int = 20  # new accounts per client address in the window
    register_window_seconds: int = 600
    booking_max_tries: int = 30  # bookings and changes per account in the window
    booking_window_seconds: int = 600
    max_body_bytes: int = 65_536  # the largest request body under /api/v1 (the PDF excepted)
    timezone: str = "Asia/Shanghai"
    booking_window_days: int = 30  # bookable from tomorrow up to this many days ahead
    change_cutoff_hours: int = 24  # no change or cancellation closer to the visit than this
    max_reschedules: int = 2
    reminder_interval_seconds: int = 600  # how often the server looks for reminders to send
    # Check-in at the center: from this many minutes before the start to this many after.
    checkin_open_minutes: int = 30
    checkin_close_minutes: int = 15
    # Kiosk tablets: "Are you still there?" after this much idle time, then a full reset.
    kiosk_warn_seconds: int = 60
    kiosk_idle_seconds: int = 90
    closure_max_days: int = 92  # the longest closure staff enter at once
    max_applicants_per_helper: int = 10
    max_helpers_per_applicant: int = 5
    minor_age: int = 16  # a younger applicant is linked by a parent's or guardian's declaration
    inquiry_max_tries: int = 10  # progress inquiries without an account, per client address
    inquiry_window_seconds: int = 600
    expiry_warning_days: int = 60  # warn when a visa, permit or card ends within this
    # The electronic document linking passport and PR card (function 5).
    keys_dir: Path = ROOT / "data" / "keys"  # the server's Ed25519 signing key (mode 600)
    public_url: str = "http://127.0.0.1:8550"  # the app's address, printed in the QR code
    certificate_days: int = 90
    verify_max_tries: int = 30  # verifications per client address in the window
    verify_window_seconds: int = 600
    verify_max_pdf_bytes: int = 2_000_000

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("SECRET_KEY must be set in production")
        return self


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache to change them)."""
    return Settings()
