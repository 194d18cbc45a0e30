"""Password hashing with argon2 through libpass's passlib-compatible CryptContext."""

from __future__ import annotations

from functools import lru_cache

from passlib.context import CryptContext

from backend.config import ROOT

COMMON_PASSWORDS = ROOT / "backend" / "data" / "common-passwords.txt"

_context = CryptContext(schemes=["argon2"], deprecated="auto")

# A real hash to verify against when the account does not exist, so that an unknown
# e-mail costs as much time as a wrong password.
_DUMMY_HASH = _context.hash("not-a-real-password")


def hash_password(plain: str) -> str:
    """An argon2 hash of `plain`."""
    return _context.hash(plain)


def verify_password(plain: str, hashed: str | None) -> tuple[bool, str | None]:
    """Whether `plain` matches `hashed`, and a new hash when parameters changed."""
    if hashed is None:
        _context.verify(plain, _DUMMY_HASH)
        return False, None
    return _context.verify_and_update(plain, hashed)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").split())


def is_common(plain: str) -> bool:
    """Whether `plain` is among the 10,000 most common passwords (see data/SOURCES.md)."""
    return plain.strip().lower() in _common()
