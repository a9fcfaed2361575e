"""Waitlist offers at the bottom of the booth services: the line, an offer's life, its outcome and its decline link.

An offer is a hold (source `waitlist`) that lasts EVENTSYS_WAITLIST_OFFER_HOURS instead of the fair's hold time.
booking.py makes offers from here; waitlist.py, above both, lets startups join, leave and decline.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eventsys.models import BoothBooking, WaitlistEntry, WaitlistStatus
from eventsys.services.errors import DomainError
from eventsys.services.links import external_url

#: Hours an offer lasts when EVENTSYS_WAITLIST_OFFER_HOURS is not set.
DEFAULT_OFFER_HOURS = 24
_DECLINE_SALT = "eventsys.waitlist-decline"


class InvalidDeclineLink(DomainError):
    status = 400


def offer_life() -> timedelta:
    """How long a startup has to confirm a booth offered from the waitlist."""
    hours = current_app.config.get("WAITLIST_OFFER_HOURS") if has_app_context() else None
    return timedelta(hours=float(hours or DEFAULT_OFFER_HOURS))


def get_line(session: Session, booth_type_id: int) -> list[WaitlistEntry]:
    """Entries still waiting for the booth type, first to join first."""
    return list(
        session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.booth_type_id == booth_type_id, WaitlistEntry.status == WaitlistStatus.WAITING)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
    )


def claim_entry(session: Session, entry: WaitlistEntry, offer: BoothBooking) -> bool:
    """Mark a waiting entry offered, unless a concurrent offer took it first (the UPDATE sees the latest row)."""
    claimed = session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry.id, WaitlistEntry.status == WaitlistStatus.WAITING)
        .values(status=WaitlistStatus.OFFERED, booking_id=offer.id)
    )
    return claimed.rowcount == 1


def settle_offer(session: Session, offer: BoothBooking, outcome: WaitlistStatus) -> None:
    """Record how the offer ended on its waitlist entry: booked, declined (out of the line) or lapsed (likewise)."""
    session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.booking_id == offer.id, WaitlistEntry.status == WaitlistStatus.OFFERED)
        .values(status=outcome)
    )


def make_decline_token(offer: BoothBooking, secret_key: str) -> str:
    """A signed token naming the offer, for the decline link in the offer mail."""
    return URLSafeTimedSerializer(secret_key, salt=_DECLINE_SALT).dumps(offer.id)


def read_decline_token(token: str, secret_key: str, max_age: timedelta) -> int:
    """The id of the offer a decline link names, if the link is genuine and not older than an offer lives."""
    try:
        offer_id = URLSafeTimedSerializer(secret_key, salt=_DECLINE_SALT).loads(
            token, max_age=int(max_age.total_seconds())
        )
    except SignatureExpired as error:
        raise InvalidDeclineLink(_l("This decline link has expired, and so has the offer.")) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidDeclineLink(_l("This decline link is not valid.")) from error
    if not isinstance(offer_id, int):
        raise InvalidDeclineLink(_l("This decline link is not valid."))
    return offer_id


def decline_link(offer: BoothBooking) -> str:
    """The address of the offer's decline page, for its mail (under EVENTSYS_PUBLIC_URL)."""
    return external_url("booths.decline_offer_link", token=make_decline_token(offer, current_app.config["SECRET_KEY"]))
