"""The organizers' booth list: every booth with its state and exhibitor, filtered, and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, joinedload

from eventsys.models import BookingStatus, Booth, BoothBooking, Fair, Organization, utcnow
from eventsys.services.fairs.catalog import BoothState, occupies_booth


@dataclass(frozen=True)
class BoothFilters:
    hall: str | None = None
    booth_type_id: int | None = None
    zone: str | None = None
    state: BoothState | None = None
    country: str | None = None


@dataclass(frozen=True)
class BoothListRow:
    booth: Booth
    state: BoothState
    booking: BoothBooking | None

    @property
    def exhibitor(self) -> Organization | None:
        return self.booking.organization if self.booking else None


def get_booth_list(
    session: Session, fair: Fair, filters: BoothFilters, now: datetime | None = None
) -> list[BoothListRow]:
    """Booths of the fair with their live booking, in one query, filtered in SQL where it can be."""
    now = now or utcnow()
    live = and_(BoothBooking.booth_id == Booth.id, occupies_booth(now))
    query = (
        select(Booth, BoothBooking, Organization)
        .outerjoin(BoothBooking, live)
        .outerjoin(Organization, Organization.id == BoothBooking.organization_id)
        .where(Booth.fair_id == fair.id)
        .options(joinedload(Booth.hall), joinedload(Booth.booth_type), joinedload(Booth.sector))
        .order_by(Booth.code)
    )
    if filters.hall:
        query = query.where(Booth.hall.has(slug=filters.hall))
    if filters.booth_type_id:
        query = query.where(Booth.booth_type_id == filters.booth_type_id)
    if filters.zone:
        query = query.where(Booth.sector.has(slug=filters.zone))
    if filters.country:
        query = query.where(Organization.country == filters.country.upper())
    rows = [BoothListRow(booth, _state(booth, booking), booking) for booth, booking, _ in session.execute(query)]
    if filters.state:
        rows = [row for row in rows if row.state == filters.state]
    return rows


def _state(booth: Booth, booking: BoothBooking | None) -> BoothState:
    if booth.is_blocked:
        return BoothState.BLOCKED
    if booking is None:
        return BoothState.FREE
    return BoothState.BOOKED if booking.status == BookingStatus.CONFIRMED else BoothState.HELD


def booth_list_csv(rows: list[BoothListRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "hall", "type", "price_jpy", "zone", "state", "exhibitor", "country", "billing_email"])
    for row in rows:
        b, org = row.booth, row.exhibitor
        writer.writerow(
            [
                b.code,
                b.hall.name,
                b.booth_type.name,
                b.booth_type.price_jpy,
                b.sector.slug if b.sector else "",
                row.state.value,
                org.name if org else "",
                org.country if org else "",
                row.booking.billing_email if row.booking and row.booking.billing_email else "",
            ]
        )
    return out.getvalue()
