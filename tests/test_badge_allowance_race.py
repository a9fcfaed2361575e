"""Six members of a company whose booth includes one badge download their own badge at the same moment, each by its
own request and connection: one gets it, the others are told the company's badges are all issued (the company's
row is locked while a free place is counted and taken). The negative control skips the lock and shows the company
with more badges than its allowance."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import Badge, BadgeStatus, OrganizationKind, Role
from eventsys.services.badges import allowance
from tests.badges_factories import book_booth, running_fair
from tests.conftest import PASSWORD, create_organization, create_user
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)
MEMBERS = 6


def _seed(app) -> tuple[list[str], str]:
    """A running fair, a company with a confirmed booth of a type that includes one badge: (members' e-mails, slug)."""
    with app.app_context():
        organizer = create_user(
            db.session, Role.ORGANIZER, organization=create_organization(db.session, OrganizationKind.ORGANIZER)
        )
        fair = running_fair(db.session, organizer, slug="allowance-race")
        company = create_organization(db.session, OrganizationKind.STARTUP)
        members = [create_user(db.session, Role.STARTUP, organization=company) for _ in range(MEMBERS)]
        record = book_booth(db.session, fair, members[0])
        record.booth.booth_type.badges_included = 1
        db.session.commit()
        return [member.email for member in members], fair.slug


def _download_at_once(app, emails, slug) -> Counter:
    clients = []
    for email in emails:
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(len(clients), timeout=60)

    def download(index: int) -> int:
        barrier.wait()
        return clients[index].post(f"/fairs/{slug}/badge", data={"layout": "single"}).status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return Counter(pool.map(download, range(len(clients))))


def _active_badges(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Badge.id)).where(Badge.status == BadgeStatus.ACTIVE))


@pytest.fixture
def slow_count(monkeypatch):
    """Hold each request a little between counting the free places and taking one, as a loaded server might."""
    original = allowance.get_allowances

    def slowed(*args, **kwargs):
        found = original(*args, **kwargs)
        time.sleep(0.05)
        return found

    monkeypatch.setattr(allowance, "get_allowances", slowed)


@pytest.mark.parametrize("kind", DATABASES)
def test_six_members_one_free_place_one_badge(kind, tmp_path, slow_count):
    with live_app(kind, tmp_path) as app:
        emails, slug = _seed(app)
        outcomes = _download_at_once(app, emails, slug)
        assert outcomes == Counter({200: 1, 302: MEMBERS - 1}), outcomes  # the PDF, or back with the refusal
        assert _active_badges(app) == 1


@pytest.mark.postgres
def test_negative_control_without_the_lock_the_company_gets_more_badges(tmp_path, slow_count, monkeypatch):
    monkeypatch.setattr(allowance, "lock_company", lambda session, organization_id: None)
    with live_app("postgresql", tmp_path) as app:
        emails, slug = _seed(app)
        _download_at_once(app, emails, slug)
        assert _active_badges(app) > 1
