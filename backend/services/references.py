"""Booking references people can read out and type: no 0/O or 1/I, with a check character."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, 1, I, O
BODY_LENGTH = 7


def _check_char(body: str) -> str:
    # Odd weights are invertible modulo 32, so any single wrong symbol changes the check;
    # different weights for neighbours catch most swaps too.
    total = sum((2 * i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_reference() -> str:
    """A random reference: 7 symbols and a check symbol, e.g. "K7QM2XA9"."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + _check_char(body)


def normalise(text: str) -> str:
    """What people type (spaces, dashes, lower case, O for 0...) as a stored reference."""
    return re.sub(r"[\s\-]", "", text).upper()


def is_valid(reference: str) -> bool:
    """Whether `reference` is well formed and its check symbol matches."""
    ref = normalise(reference)
    if len(ref) != BODY_LENGTH + 1 or any(c not in ALPHABET for c in ref):
        return False
    return _check_char(ref[:-1]) == ref[-1]


def display(reference: str) -> str:
    """Grouped for reading aloud: "K7QM-2XA9"."""
    return f"{reference[:4]}-{reference[4:]}"
