"""The check-in desk: verify a scanned token, record the entry, and count who came in by role, gate and hour."""

from __future__ import annotations

import enum
import hmac
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.formatting import local_datetime, local_time
from eventsys.models import Badge, BadgeRole, BadgeStatus, CheckIn, Fair, User, utcnow
from eventsys.services import permissions
from eventsys.services.badges import signing
from eventsys.services.badges.tokens import make_desk_code, normalize_desk_code, read_token
from eventsys.services.errors import InvalidInput
from eventsys.services.time_buckets import quarter_hour, start_of_quarter


class Verdict(enum.StrEnum):
    """What the desk shows: green, amber or red."""

    WELCOME = "welcome"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    message: str
    badge: Badge | None = None
    #: The first check-in of the badge, for "already checked in at 09:41".
    first: CheckIn | None = None
    #: The check-in this scan recorded; None when refused.
    entry: CheckIn | None = None


@dataclass
class CheckInCounts:
    """Who came in: distinct badges by role (against those issued), scans by gate and by local hour."""

    by_role: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_gate: dict[str, int] = field(default_factory=dict)
    by_hour: dict[str, int] = field(default_factory=dict)


def is_check_in_staff(user: User, fair: Fair) -> bool:
    """Owners, staff and check-in staff of the fair (admins included)."""
    return permissions.checks_in_at(user, fair)


def get_staff_fairs(session: Session, user: User) -> list[Fair]:
    """The fairs `user` may check people in at, latest first."""
    query = select(Fair).where(permissions.managed_fair_filter(user, Fair.id, permissions.CHECKING_IN))
    return list(session.scalars(query.order_by(Fair.starts_on.desc())))


#: Badges that admit their holder during build-up and tear-down as well as on the fair's days.
BUILDING_ROLES = frozenset({BadgeRole.EXHIBITOR, BadgeRole.ORGANIZER})


def get_admission_window(fair: Fair, role: BadgeRole) -> tuple[datetime, datetime]:
    """When a badge of `role` admits its holder (UTC): the fair's days in its zone, and for exhibitors and
    organizers also its build-up and tear-down."""
    opens = datetime.combine(fair.starts_on, time.min, fair.zone)
    closes = datetime.combine(fair.ends_on + timedelta(days=1), time.min, fair.zone)
    if role in BUILDING_ROLES:
        opens = min(opens, fair.build_up_starts_at or opens)
        closes = max(closes, fair.tear_down_ends_at or closes)
    return opens, closes


def _outside_admission(fair: Fair, badge: Badge, now: datetime) -> str | None:
    """Why the badge does not admit anyone at `now`, or None when it does."""
    opens, closes = get_admission_window(fair, badge.role)
    if now < opens:
        when = local_datetime(opens, fair.timezone, "short")
        return str(_l("Not yet: this badge admits from %(when)s.", when=when))
    if now >= closes:
        when = local_datetime(closes, fair.timezone, "short")
        return str(_l("The fair is over: this badge admitted until %(when)s.", when=when))
    return None


def check_in(
    session: Session,
    fair: Fair,
    code: str,
    *,
    gate: str,
    actor: User,
    secret_key: str,
    now: datetime | None = None,
    zone: str | None = None,
    override: str | None = None,
) -> ScanResult:
    """Check the code's signature, fair, status, day and zone; record the entry; say welcome, already, or refused.
    `now` is when the badge was scanned (a desk that was offline sends it later); `override` is staff's note for
    letting in a badge of the fair that is refused for its day, zone or status, recorded with the refusal."""
    gate = _checked_gate(gate)
    serial = find_serial(session, fair, code, secret_key)
    return check_in_serial(session, fair, serial, gate=gate, actor=actor, now=now, zone=zone, override=override)


def check_in_serial(
    session: Session,
    fair: Fair,
    serial: str | None,
    *,
    gate: str,
    actor: User,
    now: datetime | None = None,
    zone: str | None = None,
    override: str | None = None,
) -> ScanResult:
    """check_in for a code already verified: `serial` is what find_serial read from it (None: not genuine). A desk's
    sync verifies each queued code once, to order its batch, and records it from here."""
    now = now or utcnow()
    gate = _checked_gate(gate)
    override = (override or "").strip()[:200] or None
    if serial is None:
        return ScanResult(Verdict.REFUSED, str(_l("Not a genuine badge: the code is forged or damaged.")))
    badge = session.scalar(select(Badge).where(Badge.serial == serial))
    if badge is None:
        return ScanResult(Verdict.REFUSED, str(_l("Unknown badge.")))
    if badge.fair_id != fair.id:
        return ScanResult(Verdict.REFUSED, str(_l("This badge is for another fair: %(fair)s.", fair=badge.fair.name)))
    refusal = refusal_of(fair, badge, now, zone)
    if refusal is not None and override is None:
        return ScanResult(Verdict.REFUSED, refusal, badge)
    reason = f"{refusal} — {override}"[:300] if refusal is not None else None
    entry, first = record_entry(session, badge, gate=gate, at=now, actor=actor, override_reason=reason)
    if first is not None:
        at = local_time(first.checked_in_at, fair.timezone)
        message = _l("Already checked in at %(time)s (%(gate)s).", time=at, gate=first.gate)
        return ScanResult(Verdict.ALREADY, str(message), badge, first, entry)
    return ScanResult(Verdict.WELCOME, str(_l("Welcome, %(name)s.", name=badge.name)), badge, None, entry)


def _checked_gate(gate: str) -> str:
    gate = (gate or "").strip()
    if not gate or len(gate) > 40:
        raise InvalidInput(_l("Name the gate (at most 40 characters)."), field="gate")
    return gate


def find_serial(
    session: Session, fair: Fair, code: str, secret_key: str, public_keys: list[bytes] | None = None
) -> str | None:
    """The serial a genuine code of the fair carries: signed with the fair's key, or in the HMAC form of badges
    printed before signed codes (still good until reprinted), or the short code typed at a desk. `public_keys`
    (signing.get_public_keys) saves reading them again for each code of a batch."""
    if signing.is_signed_code(code):
        keys = public_keys if public_keys is not None else signing.get_public_keys(session, fair)
        signed = signing.read_signed_by_any(code, fair.id, keys)
        return signed.serial if signed is not None else None
    return read_token(code, secret_key) or _serial_of_desk_code(session, fair, code, secret_key)


def refusal_of(fair: Fair, badge: Badge, now: datetime, zone: str | None) -> str | None:
    """Why the badge does not admit its holder at `now` through a desk of `zone`, or None when it does."""
    if badge.status != BadgeStatus.ACTIVE:
        return str(_l("This badge was revoked (replaced by a reprint)."))
    refusal = _outside_admission(fair, badge, now)
    if refusal is not None:
        return refusal
    days = badge.day_list
    if days and now.astimezone(fair.zone).date() not in days:
        listed = ", ".join(day.isoformat() for day in days)
        return str(_l("Not a day of this badge: it is valid on %(days)s only.", days=listed))
    zone = (zone or "").strip().lower()
    if zone and badge.zone_list and zone not in badge.zone_list:
        return str(
            _l("This badge does not admit to %(zone)s (only %(zones)s).", zone=zone, zones=", ".join(badge.zone_list))
        )
    return None


def record_entry(
    session: Session, badge: Badge, *, gate: str, at: datetime, actor: User | None, override_reason: str | None = None
) -> tuple[CheckIn, CheckIn | None]:
    """Record a scan of `badge` scanned `at`; the earliest scan of a badge is its entry, any other points to it.
    Returns the new check-in and the entry it repeats (None when it is the entry). The partial unique index on
    check_ins makes two entries for one badge impossible, whichever desks scan it at the same moment."""
    for _attempt in range(3):
        first = get_entry(session, badge.id)
        entry = CheckIn(
            badge_id=badge.id,
            fair_id=badge.fair_id,
            gate=gate,
            checked_in_at=at,
            scanned_by_id=actor.id if actor else None,
            override_reason=override_reason,
            duplicate_of_id=first.id if first is not None else None,
        )
        try:
            with session.begin_nested():
                session.add(entry)
                session.flush()
        except IntegrityError:
            continue  # another desk recorded the entry at this moment: read it and try again
        if first is not None and at < first.checked_in_at:
            _make_entry(session, entry, first)
            return entry, None
        return entry, first
    raise RuntimeError("the badge's entry kept changing while recording a scan")


def get_entry(session: Session, badge_id: int) -> CheckIn | None:
    """The badge's entry (its first check-in), locked on PostgreSQL until the transaction ends."""
    return session.scalar(
        select(CheckIn).where(CheckIn.badge_id == badge_id, CheckIn.duplicate_of_id.is_(None)).with_for_update()
    )


def _make_entry(session: Session, earlier: CheckIn, entry: CheckIn) -> None:
    """An offline desk's earlier scan arrived after the entry: it becomes the entry, the others point to it."""
    session.execute(
        update(CheckIn)
        .where(CheckIn.duplicate_of_id == entry.id, CheckIn.id != earlier.id)
        .values(duplicate_of_id=earlier.id)
    )
    entry.duplicate_of_id = earlier.id
    session.flush()
    earlier.duplicate_of_id = None
    session.flush()
    session.refresh(entry)


def _serial_of_desk_code(session: Session, fair: Fair, code: str, secret_key: str) -> str | None:
    """The serial of the fair's badge whose printed short code was typed (one HMAC per badge of the fair)."""
    wanted = normalize_desk_code(code)
    if wanted is None:
        return None
    for serial in session.scalars(select(Badge.serial).where(Badge.fair_id == fair.id)):
        if hmac.compare_digest(make_desk_code(serial, secret_key), wanted):
            return serial
    return None


def get_check_in_counts(session: Session, fair: Fair) -> CheckInCounts:
    """Counts for the organizer's pages: three grouped queries whose rows do not grow with the number of scans."""
    counts = CheckInCounts()
    issued = dict(
        session.execute(
            select(Badge.role, func.count(Badge.id))
            .where(Badge.fair_id == fair.id, Badge.status == BadgeStatus.ACTIVE)
            .group_by(Badge.role)
        ).all()
    )
    # The fair's badges with a scan, rather than its scans' distinct badges: a few times faster at thousands.
    scanned = select(CheckIn.id).where(CheckIn.badge_id == Badge.id).exists()
    came = dict(
        session.execute(
            select(Badge.role, func.count(Badge.id)).where(Badge.fair_id == fair.id, scanned).group_by(Badge.role)
        ).all()
    )
    counts.by_role = {role.value: (came.get(role, 0), issued.get(role, 0)) for role in BadgeRole}
    quarter = quarter_hour(CheckIn.checked_in_at)
    scans = session.execute(
        select(CheckIn.gate, quarter, func.count()).where(CheckIn.fair_id == fair.id).group_by(CheckIn.gate, quarter)
    ).all()
    by_gate: Counter[str] = Counter()
    by_hour: Counter[str] = Counter()
    for gate, bucket, n in scans:
        by_gate[gate] += n
        by_hour[_hour(start_of_quarter(bucket), fair)] += n
    counts.by_gate = dict(sorted(by_gate.items()))
    counts.by_hour = dict(sorted(by_hour.items()))
    return counts


def _hour(at: datetime, fair: Fair) -> str:
    return at.astimezone(fair.zone).strftime("%Y-%m-%d %H:00")
