"""Badge codes a desk can verify without the server: each fair's Ed25519 key pair signs the badge's serial and what
it admits to (role, day, zones); the private key stays in the database, the public key is handed to desks.

A signed code reads ``2.<serial>.<claims>.<signature>``: claims are the role's letter, then for a badge of chosen
days ``d`` and its first day (YYYYMMDD), followed for more than one day by ``m`` and a hexadecimal mask of the later
ones (bit i: the first day + i + 1 days), then ``z`` and zone names joined by ``+`` for a zone badge
("Vd20270512zhall-a", "Ed20270510mdzhall-a" for 10, 11, 13 and 14 May). One-day codes printed before the mask read
as they always did. About 110 characters: a version 7 QR code at level M."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import Badge, BadgeRole, BadgeSigningKey, Fair, User, utcnow
from eventsys.models.badges import MAX_DAYS
from eventsys.services import audit
from eventsys.services.badges import key_store
from eventsys.services.errors import InvalidInput

SIGNED_VERSION = "2"
#: One letter per role in the claims; the desk's script holds the same table (static/js/desk.js).
ROLE_LETTERS = {
    BadgeRole.EXHIBITOR: "E",
    BadgeRole.INVESTOR: "I",
    BadgeRole.PARTNER: "P",
    BadgeRole.ORGANIZER: "O",
    BadgeRole.PRESS: "R",
    BadgeRole.VISITOR: "V",
}
_ROLES_BY_LETTER = {letter: role for role, letter in ROLE_LETTERS.items()}
_SIGNED = re.compile(
    r"^2\.(?P<serial>[A-Za-z0-9_-]{8,24})\.(?P<claims>[EIPORV](?:d[0-9]{8}(?:m[1-9a-f][0-9a-f]{0,15})?)?(?:z[a-z0-9-]{1,20}(?:\+[a-z0-9-]{1,20})*)?)"
    r"\.(?P<signature>[A-Za-z0-9_-]{86})$"
)
_CLAIMS = re.compile(r"^(?P<role>[EIPORV])(?:d(?P<day>[0-9]{8})(?:m(?P<mask>[0-9a-f]+))?)?(?:z(?P<zones>.+))?$")


@dataclass(frozen=True)
class SignedBadge:
    """What a genuine signed code says about its badge."""

    serial: str
    role: BadgeRole
    #: The days the badge admits on; empty for every day its role admits.
    days: tuple[date, ...]
    #: The zones it admits to; empty for every zone.
    zones: tuple[str, ...]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _message(fair_id: int, serial: str, claims: str) -> bytes:
    """What is signed: the fair's id is part of it, so a code copied to another fair's desk fails there."""
    return f"eventsys.badge:{fair_id}:{SIGNED_VERSION}.{serial}.{claims}".encode()


def _current_key(session: Session, fair: Fair) -> BadgeSigningKey | None:
    return session.scalar(
        select(BadgeSigningKey).where(BadgeSigningKey.fair_id == fair.id, BadgeSigningKey.retired_at.is_(None))
    )


def get_signing_key(session: Session, fair: Fair) -> BadgeSigningKey:
    """The fair's current key pair. Fairs get theirs when they are made (models.badges) or by migration 0020; this
    makes one only for a fair that somehow lacks it, and two requests doing so at once keep the first one stored."""
    key = _current_key(session, fair)
    if key is not None:
        return key
    key = BadgeSigningKey.generate(fair_id=fair.id)
    try:
        with session.begin_nested():
            session.add(key)
    except IntegrityError:
        key = _current_key(session, fair)
    return key


def get_public_keys(session: Session, fair: Fair) -> list[bytes]:
    """Every public key a genuine code of the fair may be signed with: the current one first, then the retired ones
    (newest first), whose codes keep working until their badges are reprinted or revoked."""
    query = select(BadgeSigningKey.public_key).where(BadgeSigningKey.fair_id == fair.id)
    order = (BadgeSigningKey.retired_at.is_not(None), BadgeSigningKey.retired_at.desc(), BadgeSigningKey.id.desc())
    keys = list(session.scalars(query.order_by(*order)))
    return keys or [get_signing_key(session, fair).public_key]  # one query per scan when the fair has its keys


def public_keys_text(session: Session, fair: Fair) -> list[str]:
    """The fair's public keys (get_public_keys) as desks and scanners receive them."""
    return [_b64(public) for public in get_public_keys(session, fair)]


def rotate_key(session: Session, fair: Fair, *, actor: User | None) -> BadgeSigningKey:
    """A new key pair signs the fair's codes from now on; the old one is retired but still verifies the codes already
    printed (desks get both public keys at their next sync), until those badges are reprinted or revoked. Two
    rotations at once: the partial unique index keeps one current key, and the later one is refused."""
    old = get_signing_key(session, fair)
    old.retired_at = utcnow()
    new = BadgeSigningKey.generate(fair_id=fair.id)
    try:
        with session.begin_nested():
            session.add(new)
    except IntegrityError:
        raise InvalidInput(_l("The fair's key was being rotated at the same moment: try again.")) from None
    audit.record(session, "badge.rotate_key", fair, actor=actor, fair_id=fair.id, retired=public_key_text(old))
    return new


def seal_stored_keys(session: Session, *, old_secret: str | None = None) -> int:
    """Seal with the current secret every stored key that is unsealed, or sealed with `old_secret`; how many."""
    old = key_store.sealer_for(old_secret) if old_secret else None
    count = 0
    for key in session.scalars(select(BadgeSigningKey).order_by(BadgeSigningKey.id)):
        if key_store.is_sealed(key.private_key):
            try:
                key_store.unseal(key.private_key)
                continue  # sealed with the current secret already
            except RuntimeError:
                if old is None:
                    raise
                raw = key_store.unseal(key.private_key, old)
        else:
            raw = key.private_key
        key.private_key = key_store.seal(raw)
        count += 1
    session.flush()
    return count


def public_key_text(key: BadgeSigningKey) -> str:
    """The public key as desks receive it: 32 bytes in base64url."""
    return _b64(key.public_key)


def claims_of(badge: Badge) -> str:
    """The claims part of `badge`'s signed code."""
    claims = ROLE_LETTERS[badge.role] + days_claim(badge.day_list)
    if badge.zone_list:
        claims += "z" + "+".join(badge.zone_list)
    return claims


def days_claim(days: list[date]) -> str:
    """The days' part of the claims: "" for every day, "d20270512" for one, "d20270510md" for 10, 11, 13 and 14 May."""
    if not days:
        return ""
    first = min(days)
    mask = sum(1 << ((day - first).days - 1) for day in set(days) if day != first)
    if mask >= 1 << (MAX_DAYS - 1):
        raise ValueError("a badge's days lie within MAX_DAYS consecutive days (validity.check_days)")
    return "d" + first.strftime("%Y%m%d") + (f"m{mask:x}" if mask else "")


def _days_of_claim(day: str | None, mask: str | None) -> tuple[date, ...]:
    if day is None:
        return ()
    first = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    later = int(mask, 16) if mask else 0
    return (first, *(first + timedelta(days=i + 1) for i in range(later.bit_length()) if later >> i & 1))


def sign_badge(badge: Badge, key: BadgeSigningKey) -> str:
    """The text of `badge`'s QR code."""
    claims = claims_of(badge)
    signature = Ed25519PrivateKey.from_private_bytes(key_store.unseal(key.private_key)).sign(
        _message(badge.fair_id, badge.serial, claims)
    )
    return f"{SIGNED_VERSION}.{badge.serial}.{claims}.{_b64(signature)}"


def read_signed(code: str, fair_id: int, public_key: bytes) -> SignedBadge | None:
    """What a genuine code of the fair says, or None for anything forged, altered, malformed or of another fair."""
    match = _SIGNED.match((code or "").strip())
    if match is None:
        return None
    signature = _unb64(match["signature"])
    if _b64(signature) != match["signature"]:
        return None  # the last character's two spare bits set: one signature has one spelling
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, _message(fair_id, match["serial"], match["claims"])
        )
    except (InvalidSignature, ValueError):
        return None
    claims = _CLAIMS.match(match["claims"])
    try:
        days = _days_of_claim(claims["day"], claims["mask"])
    except ValueError:
        return None
    zones = tuple(claims["zones"].split("+")) if claims["zones"] else ()
    return SignedBadge(match["serial"], _ROLES_BY_LETTER[claims["role"]], days, zones)


def read_signed_by_any(code: str, fair_id: int, public_keys: list[bytes]) -> SignedBadge | None:
    """What a genuine code of the fair says, signed by any of its keys (the current one is tried first)."""
    for public_key in public_keys:
        signed = read_signed(code, fair_id, public_key)
        if signed is not None:
            return signed
    return None


def is_signed_code(code: str) -> bool:
    """Whether `code` has the signed form (genuine or not), rather than the HMAC form of badges printed before."""
    return (code or "").strip().startswith(SIGNED_VERSION + ".")
