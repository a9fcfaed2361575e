"""Badges people wear at a fair, and the check-ins made by scanning them."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from eventsys.models.base import Model, enum_column, utcnow

if TYPE_CHECKING:
    from eventsys.models.fairs import Fair
    from eventsys.models.users import User


class BadgeRole(enum.StrEnum):
    """The role printed on a badge, each with its own colour band."""

    EXHIBITOR = "exhibitor"
    INVESTOR = "investor"
    PARTNER = "partner"
    ORGANIZER = "organizer"
    PRESS = "press"
    VISITOR = "visitor"


class BadgeStatus(enum.StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


_ACTIVE_SQL = text("status = 'active'")


#: A badge's chosen days lie within this many consecutive days (their signed form, signing.claims_of).
MAX_DAYS = 64


def days_text(days) -> str | None:
    """Days as `valid_days` stores them: sorted ISO dates, comma-separated; None for no day."""
    return ",".join(day.isoformat() for day in sorted(set(days))) or None


def days_of(text_: str | None) -> list[date]:
    return [date.fromisoformat(day) for day in (text_ or "").split(",") if day]


def new_serial() -> str:
    """A random, unguessable badge serial that the signed QR token carries."""
    return secrets.token_urlsafe(9)


class Badge(Model):
    """A person's badge for one fair; reprinting revokes the old one."""

    __tablename__ = "badges"
    __table_args__ = (
        Index(
            "uq_badges_active_person",
            "fair_id",
            "user_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        Index("ix_badges_fair_role", "fair_id", "role"),
        # A badge is replaced once: two reprints of it at the same moment cannot both make a new badge.
        Index("uq_badges_replaces", "replaces_id", unique=True),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    #: The account of the wearer; None for press and visitors entered by organizers.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[BadgeRole] = mapped_column(enum_column(BadgeRole))
    serial: Mapped[str] = mapped_column(String(24), unique=True, default=new_serial)
    status: Mapped[BadgeStatus] = mapped_column(enum_column(BadgeStatus), default=BadgeStatus.ACTIVE)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    #: What is printed, copied when the badge is issued so a reprint shows what the person looked like then.
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    #: The name in local script ("山田 太郎"), printed beside the Latin one.
    name_local: Mapped[str | None] = mapped_column(String(120))
    organization_name: Mapped[str | None] = mapped_column(String(160))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str | None] = mapped_column(String(2))
    #: A walk-in's job title, never printed: shared with exhibitors only with consent (accounts have theirs).
    job_title: Mapped[str | None] = mapped_column(String(100))
    #: The badge this one replaced on reprint.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="SET NULL"))
    #: The days it admits on (in the fair's zone), as "2027-05-10,2027-05-12"; None for every day its role admits.
    #: Signed into the code (signing.claims_of), so desks check it offline.
    valid_days: Mapped[str | None] = mapped_column(String(MAX_DAYS * 11))
    #: The zones it admits to, as "hall-a+vip"; None for every zone. Signed into the code, so desks check it offline.
    zones: Mapped[str | None] = mapped_column(String(200))

    fair: Mapped[Fair] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status == BadgeStatus.ACTIVE

    @property
    def zone_list(self) -> list[str]:
        return [zone for zone in (self.zones or "").split("+") if zone]

    @property
    def day_list(self) -> list[date]:
        """The days it admits on, in order; empty for every day its role admits."""
        return days_of(self.valid_days)


class BadgeRoleRule(Model):
    """The days and zones a fair's badges of one role admit to, set by its managers: applied to the role's badges
    when set, and to every badge of the role issued afterwards (printed, downloaded or entered at a desk)."""

    __tablename__ = "badge_role_rules"
    # One rule per role and fair: two managers setting it at once update one row.
    __table_args__ = (UniqueConstraint("fair_id", "role", name="uq_badge_role_rules_fair_role"),)

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    role: Mapped[BadgeRole] = mapped_column(enum_column(BadgeRole))
    #: As Badge.valid_days: None for every day the role admits.
    valid_days: Mapped[str | None] = mapped_column(String(MAX_DAYS * 11))
    #: As Badge.zones: None for every zone.
    zones: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


_CURRENT_KEY_SQL = text("retired_at IS NULL")


class BadgeSigningKey(Model):
    """A fair's Ed25519 key pair: the private half signs its badge codes, the public half is handed to its desks.
    A rotated key is retired, not deleted: codes it signed keep verifying until their badges are revoked."""

    __tablename__ = "badge_signing_keys"
    __table_args__ = (
        # One current key per fair signs; any number of retired ones still verify.
        Index(
            "uq_badge_signing_keys_current",
            "fair_id",
            unique=True,
            sqlite_where=_CURRENT_KEY_SQL,
            postgresql_where=_CURRENT_KEY_SQL,
        ),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    #: The 32-byte seed, sealed with the app's secret (services/badges/key_store.py); it never leaves the server.
    private_key: Mapped[bytes] = mapped_column(LargeBinary(200))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When a newer key replaced this one for signing; None for the fair's current key.
    retired_at: Mapped[datetime | None]

    fair: Mapped[Fair] = relationship()

    @classmethod
    def generate(cls, **fields) -> BadgeSigningKey:
        """A new random key pair, its private half sealed."""
        from eventsys.services.badges import key_store

        private = Ed25519PrivateKey.generate()
        return cls(
            private_key=key_store.seal(private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())),
            public_key=private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            **fields,
        )


@event.listens_for(Session, "before_flush")
def _key_new_fairs(session: Session, _context, _instances) -> None:
    """Every fair has its key pair from the moment it exists (however it was made: set up, copied, demo), so that
    pages and desks that only read never have to make one."""
    from eventsys.models.fairs import Fair

    for fair in [obj for obj in session.new if isinstance(obj, Fair)]:
        session.add(BadgeSigningKey.generate(fair=fair))


_FIRST_SQL = text("duplicate_of_id IS NULL")


class CheckIn(Model):
    """A scan of a badge at a gate. The first one of a badge is its entry; later ones, from any desk, point to it."""

    __tablename__ = "check_ins"
    __table_args__ = (
        Index("ix_check_ins_fair_time", "fair_id", "checked_in_at"),
        # One entry per badge, whichever desks scanned it and however late their scans arrive.
        Index("uq_check_ins_first", "badge_id", unique=True, sqlite_where=_FIRST_SQL, postgresql_where=_FIRST_SQL),
    )

    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id", ondelete="CASCADE"), index=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    gate: Mapped[str] = mapped_column(String(40))
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The badge's first check-in, when this scan came after it: a duplicate.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("check_ins.id", ondelete="CASCADE"))
    #: Why staff let in a badge the desk refused ("valid on 12 May only — press pass shown"); None when not overridden.
    override_reason: Mapped[str | None] = mapped_column(String(300))

    badge: Mapped[Badge] = relationship()

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None


class DeskScan(Model):
    """A scan a desk sent in a sync batch, kept so that a batch sent twice is answered the same and counted once."""

    __tablename__ = "desk_scans"
    __table_args__ = (UniqueConstraint("fair_id", "client_scan_id"),)

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    #: The desk's own id (a UUID it made when first opened) and its name for the gate.
    desk_id: Mapped[str] = mapped_column(String(64))
    gate: Mapped[str] = mapped_column(String(40))
    #: The desk's id for this scan (a UUID): the same scan sent again is not recorded again.
    client_scan_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(200))
    scanned_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: "checked_in", "duplicate" or "refused".
    outcome: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(String(300), default="", server_default="")
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="CASCADE"))
    check_in_id: Mapped[int | None] = mapped_column(ForeignKey("check_ins.id", ondelete="CASCADE"))
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
