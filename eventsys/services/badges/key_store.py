"""The fairs' Ed25519 private keys at rest: sealed with Fernet under a key derived (HKDF-SHA256) from the app's
SECRET_KEY, so that a copy of the database alone does not let anyone sign badges.

`init_app` derives the sealing key when the app is made (as extensions are initialised), so services, the model's
key generation and tests sign without needing an app context. A key stored before sealing (32 raw bytes) is still
read, until `eventsys badges seal-keys` (signing.seal_stored_keys, or migration 0026, run with the app's
configuration) seals it. Changing SECRET_KEY needs `eventsys badges seal-keys --old-secret …`, or the fairs' keys
can no longer be read. It reads no model, so that the model's key generation can use it.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

RAW_LENGTH = 32
_INFO = b"eventsys.badge-signing-key.v1"
_sealer: Fernet | None = None


def sealer_for(secret: str) -> Fernet:
    """The Fernet that seals keys under `secret`."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def init_app(app) -> None:
    global _sealer
    _sealer = sealer_for(app.config["SECRET_KEY"])


def _current(sealer: Fernet | None) -> Fernet:
    sealer = sealer or _sealer
    if sealer is None:
        raise RuntimeError("badge keys are sealed with the app's secret: create the app first (key_store.init_app)")
    return sealer


def is_sealed(stored: bytes) -> bool:
    return len(stored) != RAW_LENGTH


def seal(raw: bytes, sealer: Fernet | None = None) -> bytes:
    """The private key's 32 raw bytes as stored."""
    return _current(sealer).encrypt(raw)


def unseal(stored: bytes, sealer: Fernet | None = None) -> bytes:
    """The private key's 32 raw bytes; a key stored before sealing is returned as it is."""
    if not is_sealed(stored):
        return stored
    try:
        raw = _current(sealer).decrypt(stored)
    except InvalidToken:
        raise RuntimeError("a badge signing key does not open with this SECRET_KEY (see `badges seal-keys`)") from None
    if len(raw) != RAW_LENGTH:
        raise RuntimeError("a badge signing key opened to something that is not an Ed25519 seed")
    return raw
