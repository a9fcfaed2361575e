"""What an offline check-in desk caches (the fair's public key, rules, roster, revocations, entries) and the sync
of the scans it queued: each scan is recorded once per client scan id, the earliest scan of a badge is its entry,
later ones from any desk are flagged duplicates."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import Badge, BadgeRole, BadgeStatus, CheckIn, DeskScan, Fair, User, utcnow
from eventsys.models.badges import days_of
from eventsys.services.badges import checkin, signing
from eventsys.services.badges.tokens import make_desk_code
from eventsys.services.errors import InvalidInput

#: At most this many scans in one sync: a desk offline for long sends its queue in several batches.
MAX_BATCH = 500
#: A desk's clock may run ahead a little; a scan stamped further in the future is refused as bad input.
_CLOCK_SLACK = timedelta(minutes=10)
#: A queued scan older than this is a wrong clock, not a desk that was offline (fairs last days, not months).
OLDEST_SCAN = timedelta(days=60)


class Outcome:
    CHECKED_IN = "checked_in"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True)
class QueuedScan:
    """One scan as a desk queued it."""

    client_scan_id: str
    code: str
    scanned_at: datetime
    #: Staff's note when they let in a badge the desk refused.
    override: str | None = None


@dataclass(frozen=True)
class SyncedScan:
    """What the server made of a queued scan."""

    client_scan_id: str
    outcome: str
    message: str
    serial: str | None
    #: When the badge's entry was scanned, for a duplicate.
    first_at: datetime | None = None


def get_desk_state(session: Session, fair: Fair, secret_key: str) -> dict:
    """Everything a desk needs to decide offline: public key, admission rules, the active badges (for typed short
    codes and for codes printed before signing), revoked serials and the entries so far."""
    key = signing.get_signing_key(session, fair)
    windows = {role.value: [t.isoformat() for t in checkin.get_admission_window(fair, role)] for role in BadgeRole}
    badges = session.execute(
        select(
            Badge.serial,
            Badge.role,
            Badge.name,
            Badge.name_local,
            Badge.organization_name,
            Badge.valid_days,
            Badge.zones,
            Badge.status,
        )
        .where(Badge.fair_id == fair.id)
        .order_by(Badge.id)
    ).all()
    # Days and zones too: a typed short code or an old HMAC code carries none, so the desk checks them from here.
    roster = [
        {
            "serial": serial,
            "code": make_desk_code(serial, secret_key),
            "role": role.value,
            "name": name,
            "name_local": name_local,
            "organization": organization,
            "days": [day.isoformat() for day in days_of(valid_days)],
            "zones": [zone for zone in (zones or "").split("+") if zone],
        }
        for serial, role, name, name_local, organization, valid_days, zones, status in badges
        if status == BadgeStatus.ACTIVE
    ]
    revoked = [serial for serial, *_rest, status in badges if status == BadgeStatus.REVOKED]
    entries, cursor = get_entries_since(session, fair, 0)
    return {
        "fair": {"id": fair.id, "slug": fair.slug, "name": fair.name, "timezone": fair.timezone},
        "public_key": signing.public_key_text(key),
        # The current key and the retired ones whose codes still work: a desk tries each (desk_verify.js).
        "public_keys": signing.public_keys_text(session, fair),
        "windows": windows,
        "roster": roster,
        "revoked": revoked,
        "entries": entries,
        "cursor": cursor,
        "server_time": utcnow().isoformat(),
    }


def get_entries_since(session: Session, fair: Fair, cursor: int) -> tuple[dict[str, str], int]:
    """The badges whose entry was recorded after check-in `cursor` (serial → when), and the new cursor."""
    rows = session.execute(
        select(CheckIn.id, Badge.serial, CheckIn.checked_in_at)
        .join(Badge, Badge.id == CheckIn.badge_id)
        .where(CheckIn.fair_id == fair.id, CheckIn.duplicate_of_id.is_(None), CheckIn.id > cursor)
        .order_by(CheckIn.id)
    ).all()
    entries = {serial: at.isoformat() for _id, serial, at in rows}
    return entries, max((row[0] for row in rows), default=cursor)


def get_revoked(session: Session, fair: Fair) -> list[str]:
    return list(
        session.scalars(select(Badge.serial).where(Badge.fair_id == fair.id, Badge.status == BadgeStatus.REVOKED))
    )


def sync_scans(
    session: Session,
    fair: Fair,
    scans: list[QueuedScan],
    *,
    desk_id: str,
    gate: str,
    zone: str | None,
    actor: User,
    secret_key: str,
) -> list[SyncedScan]:
    """Record a desk's queued scans; a scan whose client id the server has seen is answered as it was then."""
    if len(scans) > MAX_BATCH:
        raise InvalidInput(_l("Send at most %(count)d scans at once.", count=MAX_BATCH), field="scans")
    latest = utcnow() + _CLOCK_SLACK
    if any(scan.scanned_at > latest for scan in scans):
        raise InvalidInput(_l("A scan is dated in the future: check the desk's clock."), field="scanned_at")
    if any(scan.scanned_at < latest - OLDEST_SCAN for scan in scans):
        raise InvalidInput(_l("A scan is dated long ago: check the desk's clock."), field="scanned_at")
    # Each code is verified once, here, with the fair's keys read once for the batch; its serial then orders the
    # batch and is recorded. Badges in one order for every batch: two desks' batches that share badges then wait for
    # each other on the one-entry index instead of deadlocking (A holds X and wants Y while B holds Y and wants X).
    public_keys = signing.get_public_keys(session, fair)
    serials = [checkin.find_serial(session, fair, scan.code, secret_key, public_keys) for scan in scans]
    order = sorted(range(len(scans)), key=lambda index: (serials[index] or "", index))
    results: list[SyncedScan | None] = [None] * len(scans)
    for index in order:
        results[index] = _sync_one(session, fair, scans[index], serials[index], desk_id, gate, zone, actor)
    return results


def _sync_one(session, fair, scan: QueuedScan, serial: str | None, desk_id, gate, zone, actor) -> SyncedScan:
    for _attempt in range(3):
        seen = _seen(session, fair, scan.client_scan_id)
        if seen is not None:
            return seen
        try:
            with session.begin_nested():
                return _record(session, fair, scan, serial, desk_id, gate, zone, actor)
        except IntegrityError:
            continue  # the same scan arrived at this moment in another request (a retried batch): answer as it did
    raise RuntimeError("a queued scan could not be recorded")


def _seen(session: Session, fair: Fair, client_scan_id: str) -> SyncedScan | None:
    row = session.execute(
        select(DeskScan, Badge.serial)
        .outerjoin(Badge, Badge.id == DeskScan.badge_id)
        .where(DeskScan.fair_id == fair.id, DeskScan.client_scan_id == client_scan_id)
    ).first()
    if row is None:
        return None
    scan, serial = row
    return SyncedScan(scan.client_scan_id, scan.outcome, scan.message, serial)


def _record(session, fair, scan: QueuedScan, serial: str | None, desk_id, gate, zone, actor) -> SyncedScan:
    result = checkin.check_in_serial(
        session,
        fair,
        serial,
        gate=gate,
        actor=actor,
        now=scan.scanned_at,
        zone=zone,
        override=scan.override,
    )
    if result.entry is None:
        outcome = Outcome.REFUSED
    elif result.entry.duplicate_of_id is not None:
        outcome = Outcome.DUPLICATE
    else:
        outcome = Outcome.CHECKED_IN
    session.add(
        DeskScan(
            fair_id=fair.id,
            desk_id=desk_id,
            gate=gate,
            client_scan_id=scan.client_scan_id,
            code=scan.code[:200],
            scanned_at=scan.scanned_at,
            outcome=outcome,
            message=result.message[:300],
            badge_id=result.badge.id if result.badge else None,
            check_in_id=result.entry.id if result.entry else None,
            scanned_by_id=actor.id,
        )
    )
    session.flush()
    first_at = result.first.checked_in_at if result.first else None
    return SyncedScan(
        scan.client_scan_id, outcome, result.message, result.badge.serial if result.badge else None, first_at
    )


def _folded(text: str) -> str:
    """Text as a search compares it: NFKC (full-width Latin and half-width kana fold), case folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def find_people(session: Session, fair: Fair, query: str, limit: int = 20) -> list[Badge]:
    """Active badges whose name, name in local script or company contains `query`, in any script."""
    wanted = _folded(query).strip()
    if len(wanted) < 2 and not any(ord(c) > 0x2E80 for c in wanted):
        raise InvalidInput(_l("Type at least two letters of the name or company."), field="q")
    if len(wanted) > 80:
        raise InvalidInput(_l("Type at most 80 characters."), field="q")
    # Folded in Python, not SQL: SQLite has no NFKC, and a fair's active badges are a few thousand short rows.
    candidates = session.scalars(
        select(Badge).where(Badge.fair_id == fair.id, Badge.status == BadgeStatus.ACTIVE).order_by(Badge.name)
    )
    found = []
    for badge in candidates:
        if any(wanted in _folded(text) for text in (badge.name, badge.name_local, badge.organization_name) if text):
            found.append(badge)
            if len(found) >= limit:
                break
    return found
