"""The server's Ed25519 signing key: made on first use, kept outside the repository.

The private key lives in `KEYS_DIR` (default `data/keys`, mode 600); anyone can fetch the
public key (GET /api/v1/verify/public-key) and check a document without this code.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from backend.config import get_settings

ALGORITHM = "Ed25519"
KEY_FILE = "signing-ed25519.pem"
_keys: dict[Path, Ed25519PrivateKey] = {}
_lock = threading.Lock()


def _load_or_create(path: Path) -> Ed25519PrivateKey:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:  # created readable by the owner only; another process may win the race
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return loaded


def private_key() -> Ed25519PrivateKey:
    """The signing key of this server (created in KEYS_DIR on first use)."""
    path = get_settings().keys_dir / KEY_FILE
    with _lock:
        if path not in _keys:
            _keys[path] = _load_or_create(path)
        return _keys[path]


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_raw() -> bytes:
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem() -> str:
    return public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id() -> str:
    """A short fingerprint of the public key (first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(public_raw()).hexdigest()[:16]


def sign(data: bytes) -> str:
    """The signature of `data`, base64 (standard alphabet, padded)."""
    return base64.b64encode(private_key().sign(data)).decode("ascii")


def verify(data: bytes, signature_b64: str) -> bool:
    """Whether `signature_b64` is this server's signature of `data`."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key().verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
