"""A person's decision whether scanning their badge shares their details: recorded with time and wording, as APPI
expects, and changeable at any time (the latest decision counts, for leads collected before it too). Decisions
recorded before the wording named the job title (migration 0026) share name, company and e-mail, not the title."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import Badge, LeadConsent, User, utcnow

#: What the person agrees or declines to; stored in their language with each decision.
CONSENT_WORDING = _l(
    "When an exhibitor or investor scans my badge at a fair, share my name, company, job title and e-mail "
    "address with them. Without this, they get only what is printed on my badge."
)


def wording_in(language: str) -> str:
    with force_locale(language):
        return str(CONSENT_WORDING)


def record_consent(
    session: Session, *, shares: bool, language: str, user: User | None = None, badge: Badge | None = None
) -> LeadConsent:
    """Record a decision of `user` (or of a walk-in's `badge`) with the wording shown, in `language`."""
    if (user is None) == (badge is None):
        raise ValueError("a consent belongs to an account or to a walk-in's badge")
    consent = LeadConsent(
        user_id=user.id if user else None,
        badge_id=badge.id if badge else None,
        shares=shares,
        covers_title=True,
        wording=wording_in(language),
        language=language,
        recorded_at=utcnow(),
    )
    session.add(consent)
    session.flush()
    return consent


def get_consent(session: Session, user: User) -> LeadConsent | None:
    """The person's latest decision, or None when they never made one (which shares nothing)."""
    query = select(LeadConsent).where(LeadConsent.user_id == user.id)
    return session.scalar(query.order_by(LeadConsent.recorded_at.desc(), LeadConsent.id.desc()).limit(1))


@dataclass(frozen=True)
class Sharing:
    """What a badge's holder shares when scanned, by their latest decision."""

    shares: bool = False
    #: Whether the job title is shared too: only under a decision whose wording named it.
    title: bool = False


def get_sharing(session: Session, badges: list[Badge]) -> dict[int, Sharing]:
    """For each badge (by id), what its holder's latest decision shares."""
    users = {b.user_id for b in badges if b.user_id is not None}
    guests = {b.id for b in badges if b.user_id is None}
    latest_user: dict[int, Sharing] = {}
    latest_badge: dict[int, Sharing] = {}
    rows = session.execute(
        select(LeadConsent.user_id, LeadConsent.badge_id, LeadConsent.shares, LeadConsent.covers_title)
        .where((LeadConsent.user_id.in_(users)) | (LeadConsent.badge_id.in_(guests)))
        .order_by(LeadConsent.recorded_at, LeadConsent.id)
    )
    for user_id, badge_id, shares, covers_title in rows:
        decision = Sharing(shares, shares and covers_title)
        if user_id is not None:
            latest_user[user_id] = decision
        else:
            latest_badge[badge_id] = decision
    return {
        b.id: latest_user.get(b.user_id, Sharing()) if b.user_id is not None else latest_badge.get(b.id, Sharing())
        for b in badges
    }
