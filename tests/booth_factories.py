"""Factories for booth booking tests: approved exhibitors and a fair with free booths."""

from __future__ import annotations

from eventsys.models import Exhibitor, ExhibitorStatus, Role
from tests.conftest import create_user


def approve(db, fair, organization, status=ExhibitorStatus.APPROVED) -> Exhibitor:
    exhibitor = Exhibitor(fair_id=fair.id, organization_id=organization.id, status=status)
    db.add(exhibitor)
    db.flush()
    return exhibitor


def approved_startup(db, fair, **fields):
    """A startup user whose company is approved to exhibit at `fair`."""
    user = create_user(db, Role.STARTUP, **fields)
    approve(db, fair, user.organization)
    return user
