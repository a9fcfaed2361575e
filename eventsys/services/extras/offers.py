"""A fair's extras and sponsorship packages: created, edited and retired by the fair's owners and staff."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import BoothType, Extra, ExtraKind, Fair, SponsorshipPackage, User
from eventsys.services import audit, permissions
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.invoices import tax

#: The largest price, stock or badge count an integer column keeps.
LARGEST = 2**31 - 1
NAME_MAX, DESCRIPTION_MAX = 120, 500
BADGES_MAX = 1000

Offer = Extra | SponsorshipPackage


@dataclass(frozen=True)
class OfferInput:
    """What the organizer enters for an extra or a package (`kind` for extras, the booth type and badges for
    packages)."""

    name: str
    price_jpy: int
    rate_percent: int = tax.STANDARD_RATE
    stock: int | None = None
    description: str = ""
    kind: ExtraKind = ExtraKind.OTHER
    booth_type_id: int | None = None
    badge_count: int = 0


def check_seller(user: User, fair: Fair) -> None:
    """The fair's owners and staff (and admins) sell its extras; nobody else."""
    if not permissions.manages_fair(user, fair):
        raise NotAllowed(_l("Only the fair's organizers manage its extras and packages."))


def list_offers(session: Session, fair: Fair, model: type[Offer], *, active_only: bool = False) -> list[Offer]:
    query = select(model).where(model.fair_id == fair.id).order_by(model.active.desc(), model.name, model.id)
    if active_only:
        query = query.where(model.active.is_(True))
    return list(session.scalars(query))


def on_sale(session: Session, fair: Fair) -> list[Offer]:
    """The extras, then the packages, the fair sells now."""
    return list_offers(session, fair, Extra, active_only=True) + list_offers(
        session, fair, SponsorshipPackage, active_only=True
    )


def get_offer(session: Session, fair: Fair, model: type[Offer], offer_id: int) -> Offer | None:
    """The fair's extra or package with that id; None for another fair's."""
    offer = session.get(model, offer_id)
    return offer if offer is not None and offer.fair_id == fair.id else None


def _validate(session: Session, fair: Fair, model: type[Offer], data: OfferInput, sold: int = 0) -> dict:
    name, description = data.name.strip(), (data.description or "").strip()
    if not name:
        raise InvalidInput(_l("Give the name."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_l("The name is at most %(count)d characters.", count=NAME_MAX), field="name")
    if len(description) > DESCRIPTION_MAX:
        raise InvalidInput(
            _l("The description is at most %(count)d characters.", count=DESCRIPTION_MAX), field="description"
        )
    if not 0 <= data.price_jpy <= LARGEST:
        raise InvalidInput(_l("A price is zero or more yen."), field="price_jpy")
    if data.rate_percent not in tax.RATES:
        raise InvalidInput(_l("Choose the standard or the reduced tax rate."), field="rate_percent")
    if data.stock is not None and not sold <= data.stock <= LARGEST:
        raise InvalidInput(_l("The stock is at least the %(sold)d already sold.", sold=sold), field="stock")
    values = {
        "name": name,
        "description": description,
        "price_jpy": data.price_jpy,
        "rate_percent": data.rate_percent,
        "stock": data.stock,
    }
    if model is Extra:
        values["kind"] = ExtraKind(data.kind)
        return values
    if data.booth_type_id is not None:
        booth_type = session.get(BoothType, data.booth_type_id)
        if booth_type is None or booth_type.fair_id != fair.id:
            raise InvalidInput(_l("Choose one of this fair's booth types."), field="booth_type_id")
    if not 0 <= data.badge_count <= BADGES_MAX:
        raise InvalidInput(_l("A package includes 0 to %(count)d badges.", count=BADGES_MAX), field="badge_count")
    values["booth_type_id"] = data.booth_type_id
    values["badge_count"] = data.badge_count
    return values


def create_offer(session: Session, fair: Fair, model: type[Offer], data: OfferInput, *, actor: User) -> Offer:
    check_seller(actor, fair)
    offer = model(fair_id=fair.id, **_validate(session, fair, model, data))
    session.add(offer)
    session.flush()
    audit.record(session, f"{model.__tablename__}.create", offer, actor=actor, fair_id=fair.id, name=offer.name)
    return offer


def edit_offer(session: Session, offer: Offer, data: OfferInput, *, actor: User) -> Offer:
    """New values from now on; standing orders keep the price and name they were ordered at."""
    fair = session.get(Fair, offer.fair_id)
    check_seller(actor, fair)
    session.refresh(offer)  # the counter as it is now, for the stock's lower bound
    values = _validate(session, fair, type(offer), data, sold=offer.sold)
    for name, value in values.items():
        setattr(offer, name, value)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:  # sold more in the meantime than the new stock allows
        raise InvalidInput(_l("The stock is below what has been sold."), field="stock") from error
    audit.record(session, f"{offer.__tablename__}.edit", offer, actor=actor, fair_id=fair.id, name=offer.name)
    return offer


def set_active(session: Session, offer: Offer, active: bool, *, actor: User) -> Offer:
    """Retire an offer (no longer sold; its orders stand) or put it back on sale."""
    fair = session.get(Fair, offer.fair_id)
    check_seller(actor, fair)
    offer.active = active
    verb = "reactivate" if active else "retire"
    audit.record(session, f"{offer.__tablename__}.{verb}", offer, actor=actor, fair_id=fair.id)
    return offer
