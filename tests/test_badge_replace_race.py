"""Ten organizers change the days of one walk-in's badge at the same moment, each by its own request and connection:
one new badge replaces it, the others are told it was already replaced. A walk-in's badge has no account, so the
one-active-badge-per-person index does not guard it; the conditional revoke and the unique index on replaces_id
do. The negative control drops the index and revokes without the condition, and shows several replacements."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import Badge, BadgeRole, BadgeStatus
from eventsys.services.badges import issuing
from tests.badges_factories import running_fair
from tests.conftest import PASSWORD, create_organization, create_user
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)
ORGANIZERS = 10


def _seed(app) -> tuple[str, str, int, str]:
    """A running fair, its organizer and a walk-in's badge: (e-mail, fair slug, badge id, the fair's first day)."""
    from eventsys.models import OrganizationKind, Role

    with app.app_context():
        organizer = create_user(
            db.session, Role.ORGANIZER, organization=create_organization(db.session, OrganizationKind.ORGANIZER)
        )
        fair = running_fair(db.session, organizer, slug="replace-race")
        badge = issuing.add_guest_badge(
            db.session,
            fair,
            role=BadgeRole.VISITOR,
            name="Walk In",
            name_local=None,
            organization=None,
            country=None,
            actor=organizer,
        )
        db.session.commit()
        return organizer.email, fair.slug, badge.id, fair.starts_on.isoformat()


def _change_at_once(app, email, slug, badge_id, day) -> Counter:
    clients = []
    for _ in range(ORGANIZERS):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(ORGANIZERS, timeout=60)

    def change(index: int) -> int:
        barrier.wait()
        return clients[index].post(f"/fairs/{slug}/badges/{badge_id}/validity", data={"days": day}).status_code

    with ThreadPoolExecutor(max_workers=ORGANIZERS) as pool:
        return Counter(pool.map(change, range(ORGANIZERS)))


def _replacements(app, badge_id) -> tuple[int, int]:
    """How many badges replace the walk-in's, and how many of the fair's badges are active."""
    with app.app_context():
        replacing = db.session.scalar(select(func.count()).select_from(Badge).where(Badge.replaces_id == badge_id))
        active = db.session.scalar(select(func.count()).select_from(Badge).where(Badge.status == BadgeStatus.ACTIVE))
        return replacing, active


@pytest.fixture
def slow_revoke(monkeypatch):
    """Hold the revoke a little longer, as a loaded server might."""
    original = issuing._revoke

    def slowed(session, badge):
        revoked = original(session, badge)
        time.sleep(0.01)
        return revoked

    monkeypatch.setattr(issuing, "_revoke", slowed)


@pytest.mark.parametrize("kind", DATABASES)
def test_ten_organizers_one_badge_one_replacement(kind, tmp_path, slow_revoke):
    with live_app(kind, tmp_path) as app:
        email, slug, badge_id, day = _seed(app)
        outcomes = _change_at_once(app, email, slug, badge_id, day)
        assert outcomes == Counter({302: 1, 422: ORGANIZERS - 1}), outcomes
        assert _replacements(app, badge_id) == (1, 1)


def _unguarded_revoke(session, badge):
    """What the condition and the index prevent: read the status, think, then revoke."""
    active = session.scalar(select(Badge.status).where(Badge.id == badge.id)) == BadgeStatus.ACTIVE
    time.sleep(0.02)
    badge.status = BadgeStatus.REVOKED
    session.flush()
    return active


@pytest.mark.postgres
def test_negative_control_without_the_guards_one_badge_gets_several_replacements(tmp_path, monkeypatch):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_badges_replaces"))
            db.session.commit()
        monkeypatch.setattr(issuing, "_revoke", _unguarded_revoke)
        email, slug, badge_id, day = _seed(app)
        _change_at_once(app, email, slug, badge_id, day)
        replacing, active = _replacements(app, badge_id)
        assert replacing > 1 and active > 1, (replacing, active)


@pytest.mark.postgres
def test_the_index_alone_still_refuses_a_second_replacement(tmp_path, monkeypatch):
    with live_app("postgresql", tmp_path) as app:
        monkeypatch.setattr(issuing, "_revoke", _unguarded_revoke)
        email, slug, badge_id, day = _seed(app)
        outcomes = _change_at_once(app, email, slug, badge_id, day)
        assert outcomes == Counter({302: 1, 422: ORGANIZERS - 1}), outcomes
        assert _replacements(app, badge_id) == (1, 1)
