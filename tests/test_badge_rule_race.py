"""Ten managers set the days of a fair's press badges at the same moment, each by its own request and connection:
the fair keeps one rule for the role (the unique index on fair and role; the later writers update it), and every
request succeeds. The negative control drops the index and shows several rules for one role."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import BadgeRoleRule, OrganizationKind, Role
from eventsys.services.badges import validity
from tests.badges_factories import running_fair
from tests.conftest import PASSWORD, create_organization, create_user
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)
MANAGERS = 10


def _seed(app) -> tuple[str, str, str]:
    """A running fair and its organizer: (e-mail, fair slug, the fair's first day)."""
    with app.app_context():
        organizer = create_user(
            db.session, Role.ORGANIZER, organization=create_organization(db.session, OrganizationKind.ORGANIZER)
        )
        fair = running_fair(db.session, organizer, slug="rule-race")
        db.session.commit()
        return organizer.email, fair.slug, fair.starts_on.isoformat()


def _set_at_once(app, email, slug, day) -> Counter:
    clients = []
    for _ in range(MANAGERS):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(MANAGERS, timeout=60)

    def set_rule(index: int) -> int:
        barrier.wait()
        return clients[index].post(f"/fairs/{slug}/badges/validity", data={"role": "press", "days": day}).status_code

    with ThreadPoolExecutor(max_workers=MANAGERS) as pool:
        return Counter(pool.map(set_rule, range(MANAGERS)))


def _rules(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BadgeRoleRule))


@pytest.fixture
def slow_read(monkeypatch):
    """Hold each request a little between reading the rule and writing it, as a loaded server might."""
    original = validity.get_role_rule

    def slowed(*args, **kwargs):
        rule = original(*args, **kwargs)
        time.sleep(0.02)
        return rule

    monkeypatch.setattr(validity, "get_role_rule", slowed)


@pytest.mark.parametrize("kind", DATABASES)
def test_ten_managers_one_role_one_rule(kind, tmp_path, slow_read):
    with live_app(kind, tmp_path) as app:
        email, slug, day = _seed(app)
        outcomes = _set_at_once(app, email, slug, day)
        assert outcomes == Counter({302: MANAGERS}), outcomes
        assert _rules(app) == 1


@pytest.mark.postgres
def test_negative_control_without_the_index_one_role_gets_several_rules(tmp_path, slow_read):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("ALTER TABLE badge_role_rules DROP CONSTRAINT uq_badge_role_rules_fair_role"))
            db.session.commit()
        email, slug, day = _seed(app)
        _set_at_once(app, email, slug, day)
        assert _rules(app) > 1
