"""The signed token in a badge's QR code (the badge serial and an HMAC of it, nothing personal) and the short code
printed under it for a desk to type."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

#: Bumped when the token format or its key derivation changes; old versions are refused.
TOKEN_VERSION = "1"
#: 96 bits of HMAC-SHA256: forging needs 2^96 online guesses, and keeps the QR code at version 3 (29 × 29).
_MAC_BYTES = 12
#: Crockford's base32: no I, L, O or U, so a typed code survives handwriting and case.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 50 bits: guessing a fair's code takes 2^50 / badges tries at a desk that answers one every few seconds.
CODE_LENGTH = 10
_TOKEN = re.compile(r"^(?P<version>[0-9])\.(?P<serial>[A-Za-z0-9_-]{8,24})\.(?P<mac>[A-Za-z0-9_-]{16})$")


def _mac(serial: str, version: str, secret_key: str) -> str:
    key = hashlib.sha256(f"eventsys.badge-token:{secret_key}".encode()).digest()
    digest = hmac.new(key, f"{version}.{serial}".encode(), hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(serial: str, secret_key: str) -> str:
    """The text of a badge's QR code, about 31 characters."""
    return f"{TOKEN_VERSION}.{serial}.{_mac(serial, TOKEN_VERSION, secret_key)}"


def read_token(token: str, secret_key: str) -> str | None:
    """The serial a genuine token carries, or None for anything forged, altered or malformed."""
    match = _TOKEN.match((token or "").strip())
    if match is None or match["version"] != TOKEN_VERSION:
        return None
    expected = _mac(match["serial"], match["version"], secret_key)
    if not hmac.compare_digest(expected, match["mac"]):
        return None
    return match["serial"]


def make_desk_code(serial: str, secret_key: str) -> str:
    """The short code printed under the QR, such as "7KQ2M-XW9DA": another HMAC of the serial, 10 characters."""
    key = hashlib.sha256(f"eventsys.badge-desk-code:{secret_key}".encode()).digest()
    number = int.from_bytes(hmac.new(key, serial.encode(), hashlib.sha256).digest()[:8], "big") >> 14
    chars = "".join(_CODE_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))
    return f"{chars[:5]}-{chars[5:]}"


def normalize_desk_code(text: str) -> str | None:
    """A typed code in the printed form, read as Crockford reads it (O is 0, I and L are 1), or None."""
    chars = "".join((text or "").upper().split()).replace("-", "").translate(str.maketrans("OIL", "011"))
    if len(chars) != CODE_LENGTH or any(c not in _CODE_ALPHABET for c in chars):
        return None
    return f"{chars[:5]}-{chars[5:]}"
