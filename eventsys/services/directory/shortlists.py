"""Investors' shortlists: startups saved with a private note, exported as CSV."""

from __future__ import annotations

import csv
import io

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import Organization, OrganizationKind, ShortlistEntry, User
from eventsys.services import audit
from eventsys.services.accounts.investors import INVESTOR_KINDS
from eventsys.services.errors import InvalidInput, NotAllowed, NotFound

MAX_NOTE_LENGTH = 2000


def _investor_firm(user: User) -> Organization:
    """The firm whose shortlist the user works on; only investors have one."""
    organization = user.organization
    if organization is None or organization.kind not in INVESTOR_KINDS:
        raise NotAllowed(_l("Only investors keep a shortlist."))
    return organization


def get_shortlist(session: Session, user: User) -> list[ShortlistEntry]:
    """The user's firm's shortlist with its startups, newest first; nobody else's."""
    firm = _investor_firm(user)
    return list(
        session.scalars(
            select(ShortlistEntry)
            .where(ShortlistEntry.investor_id == firm.id)
            .options(selectinload(ShortlistEntry.startup).selectinload(Organization.sectors))
            .order_by(ShortlistEntry.created_at.desc(), ShortlistEntry.id.desc())
        )
    )


def get_shortlisted_ids(session: Session, user: User) -> set[int]:
    """Ids of the startups on the user's firm's shortlist (empty for anyone who is not an investor)."""
    organization = user.organization
    if organization is None or organization.kind not in INVESTOR_KINDS:
        return set()
    return set(session.scalars(select(ShortlistEntry.startup_id).where(ShortlistEntry.investor_id == organization.id)))


def save_to_shortlist(session: Session, user: User, startup_id: int, note: str | None = None) -> ShortlistEntry:
    """Add a startup to the user's firm's shortlist, or change its note if it is there already."""
    firm = _investor_firm(user)
    startup = session.get(Organization, startup_id)
    if startup is None or startup.kind != OrganizationKind.STARTUP:
        raise NotFound(_l("There is no such startup."))
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(_l("Keep the note under %(count)d characters.", count=MAX_NOTE_LENGTH), field="note")
    entry = session.scalar(
        select(ShortlistEntry).where(ShortlistEntry.investor_id == firm.id, ShortlistEntry.startup_id == startup.id)
    )
    if entry is None:
        entry = ShortlistEntry(investor_id=firm.id, startup=startup, added_by_id=user.id)
        session.add(entry)
        audit.record(session, "shortlist.add", startup, actor=user)
    entry.note = note
    session.flush()
    return entry


def remove_from_shortlist(session: Session, user: User, startup_id: int) -> None:
    """Take a startup off the user's firm's shortlist; another firm's entries are out of reach."""
    firm = _investor_firm(user)
    entry = session.scalar(
        select(ShortlistEntry).where(ShortlistEntry.investor_id == firm.id, ShortlistEntry.startup_id == startup_id)
    )
    if entry is None:
        raise NotFound(_l("This startup is not on your shortlist."))
    session.delete(entry)
    session.flush()


def export_csv(entries: list[ShortlistEntry]) -> bytes:
    """The shortlist as UTF-8 CSV with a BOM, so Excel in Japan opens names in any script correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "name_local", "country", "stage", "sectors", "website", "note", "saved_at"])
    for entry in entries:
        startup = entry.startup
        writer.writerow(
            [
                _safe(startup.name),
                _safe(startup.name_local),
                startup.country,
                startup.stage.value if startup.stage else "",
                "; ".join(s.name for s in startup.sectors),
                _safe(startup.website),
                _safe(entry.note),
                entry.created_at.isoformat(timespec="seconds"),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(value: str | None) -> str:
    """Defuse spreadsheet formulas: a cell that starts with = + - @ is read as text."""
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
