"""How many exhibitor badges a company may hold at a fair: the one rule every page that issues or counts them uses.

A company's allowance is what its confirmed booths include (`BoothType.badges_included` each; a booth whose type
sets no number lets every member have one, as before numbers were set) plus the extra badges it ordered and the
badges of its packages (`badges_ordered`). Badges go first come: whoever holds one keeps it; a free place is
taken by the first member to download a badge, and bulk printing gives the free places to members in the order they
joined. A startup cannot cancel an order whose badges its people hold (orders.cancel_order); the organizers'
cancellation, or an unpaid invoice of extras released, takes no badge back but lets no new one be issued until the
company is within its allowance again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventsys.models import (
    Badge,
    BadgeRole,
    BadgeStatus,
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Extra,
    ExtraKind,
    ExtraOrder,
    Fair,
    Membership,
    OrderStatus,
    Organization,
    SponsorshipPackage,
)


@dataclass(frozen=True)
class BadgeAllowance:
    """A company's exhibitor badges at a fair: `included` with its booths (None: no limit), `ordered` on top, and
    `held` (active badges of its members)."""

    included: int | None
    ordered: int
    held: int

    @property
    def limit(self) -> int | None:
        return None if self.included is None else self.included + self.ordered

    @property
    def free(self) -> int | None:
        """Places for new badges; None for as many as there are members."""
        return None if self.limit is None else max(self.limit - self.held, 0)


def get_allowances(
    session: Session, fair: Fair, organization_ids: list[int] | None = None
) -> dict[int, BadgeAllowance]:
    """The allowance of every exhibiting company at the fair (or of those named), in four grouped queries."""
    included = _grouped(
        session,
        select(
            BoothBooking.organization_id,
            func.count(BoothBooking.id),
            func.count(BoothType.badges_included),
            func.coalesce(func.sum(BoothType.badges_included), 0),
        )
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .join(BoothType, BoothType.id == Booth.booth_type_id)
        .where(BoothBooking.fair_id == fair.id, BoothBooking.status == BookingStatus.CONFIRMED),
        BoothBooking.organization_id,
        organization_ids,
    )
    ordered = _ordered(session, fair, organization_ids)
    held = _grouped(
        session,
        select(Membership.organization_id, func.count(func.distinct(Badge.id)))
        .join(Membership, Membership.user_id == Badge.user_id)
        .where(Badge.fair_id == fair.id, Badge.status == BadgeStatus.ACTIVE, Badge.role == BadgeRole.EXHIBITOR),
        Membership.organization_id,
        organization_ids,
    )
    return {
        company: BadgeAllowance(
            included=total if booths == numbered else None,
            ordered=ordered.get(company, 0),
            held=held.get(company, (0,))[0],
        )
        for company, (booths, numbered, total) in included.items()
    }


def _grouped(session: Session, query, key, organization_ids: list[int] | None) -> dict[int, tuple]:
    if organization_ids is not None:
        query = query.where(key.in_(organization_ids))
    return {row[0]: tuple(row[1:]) for row in session.execute(query.group_by(key))}


def _ordered(session: Session, fair: Fair, organization_ids: list[int] | None) -> dict[int, int]:
    standing = (ExtraOrder.fair_id == fair.id, ExtraOrder.status == OrderStatus.ORDERED)
    extras = _grouped(
        session,
        select(ExtraOrder.organization_id, func.sum(ExtraOrder.quantity))
        .join(Extra, Extra.id == ExtraOrder.extra_id)
        .where(*standing, Extra.kind == ExtraKind.BADGES),
        ExtraOrder.organization_id,
        organization_ids,
    )
    packages = _grouped(
        session,
        select(ExtraOrder.organization_id, func.sum(ExtraOrder.quantity * SponsorshipPackage.badge_count))
        .join(SponsorshipPackage, SponsorshipPackage.id == ExtraOrder.package_id)
        .where(*standing),
        ExtraOrder.organization_id,
        organization_ids,
    )
    return {
        company: int(extras.get(company, (0,))[0] or 0) + int(packages.get(company, (0,))[0] or 0)
        for company in extras.keys() | packages.keys()
    }


def get_allowance(session: Session, fair: Fair, organization_id: int) -> BadgeAllowance:
    """The company's allowance (included 0 when it has no confirmed booth)."""
    found = get_allowances(session, fair, [organization_id]).get(organization_id)
    if found is not None:
        return found
    return BadgeAllowance(
        included=0, ordered=_ordered(session, fair, [organization_id]).get(organization_id, 0), held=0
    )


def badges_ordered(session: Session, fair: Fair, organization_id: int) -> int:
    """The badges a company's standing orders add at the fair (extra badges, and the badges of packages)."""
    return _ordered(session, fair, [organization_id]).get(organization_id, 0)


def held_by(session: Session, fair: Fair) -> set[int]:
    """The accounts (user ids) that hold an active exhibitor badge for the fair."""
    return set(
        session.scalars(
            select(Badge.user_id).where(
                Badge.fair_id == fair.id, Badge.status == BadgeStatus.ACTIVE, Badge.role == BadgeRole.EXHIBITOR
            )
        )
    )


def lock_company(session: Session, organization_id: int) -> None:
    """Hold the company's row until commit, so that two members taking the last free place one after the other
    (PostgreSQL queues the second here) do not both get it."""
    session.execute(select(Organization.id).where(Organization.id == organization_id).with_for_update())


def lock_companies(session: Session, fair: Fair) -> None:
    """Hold the rows of every company exhibiting at the fair (in id order, as one member's download takes one), for
    a bulk issue."""
    exhibiting = select(BoothBooking.organization_id).where(
        BoothBooking.fair_id == fair.id, BoothBooking.status == BookingStatus.CONFIRMED
    )
    session.execute(
        select(Organization.id).where(Organization.id.in_(exhibiting)).order_by(Organization.id).with_for_update()
    )


def allowance_without(session: Session, fair: Fair, organization_id: int, badges: int) -> BadgeAllowance:
    """The allowance once `badges` ordered badges are taken away (an order about to be cancelled)."""
    current = get_allowance(session, fair, organization_id)
    return BadgeAllowance(current.included, max(current.ordered - badges, 0), current.held)
