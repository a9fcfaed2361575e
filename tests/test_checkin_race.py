"""Twenty desks sync the same badge at the same moment, each by its own request and connection: one entry, the
rest flagged duplicates, and a batch retried at once is recorded once. The negative control drops the partial
unique index on check_ins and shows that the test sees two entries for one badge."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from eventsys.extensions import db
from eventsys.models import CheckIn, DeskScan
from eventsys.services.badges import checkin, issuing, signing
from tests.badges_factories import exhibitor, running_fair
from tests.conftest import PASSWORD, create_organization, create_user
from tests.live_database import DATABASES, live_app

pytestmark = pytest.mark.timeout(300)
DESKS = 20


def _seed(app) -> tuple[str, str, str]:
    """A running fair, an organizer and one badge: (organizer e-mail, fair slug, the badge's signed code)."""
    from eventsys.models import OrganizationKind, Role

    with app.app_context():
        organizer = create_user(
            db.session, Role.ORGANIZER, organization=create_organization(db.session, OrganizationKind.ORGANIZER)
        )
        fair = running_fair(db.session, organizer, slug="race-show")
        exhibitor(db.session, fair, "Taro Yamada")
        badge = next(b for b in issuing.issue_badges(db.session, fair, actor=organizer) if b.user_id != organizer.id)
        code = signing.sign_badge(badge, signing.get_signing_key(db.session, fair))
        db.session.commit()
        return organizer.email, fair.slug, code


def _sync_at_once(app, email, slug, code, *, same_scan_id=False) -> Counter:
    clients = []
    for _ in range(DESKS):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(DESKS, timeout=60)
    at = datetime.now(UTC) - timedelta(minutes=1)

    def sync(index: int) -> str:
        scan_id = "retried" if same_scan_id else f"scan-{index}"
        body = {
            "desk_id": f"desk-{index}",
            "gate": f"Gate {index}",
            "scans": [{"client_scan_id": scan_id, "code": code, "scanned_at": at.isoformat()}],
        }
        barrier.wait()
        answer = clients[index].post(f"/desk/{slug}/sync", json=body)
        return answer.json["results"][0]["outcome"] if answer.status_code == 200 else str(answer.status_code)

    with ThreadPoolExecutor(max_workers=DESKS) as pool:
        return Counter(pool.map(sync, range(DESKS)))


def _entries(app) -> tuple[int, int]:
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(CheckIn))
        entries = db.session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.duplicate_of_id.is_(None)))
        return entries, total


@pytest.fixture
def slow_entry(monkeypatch):
    """Hold the read of the badge's entry a little longer, as a loaded server might."""
    original = checkin.get_entry

    def slowed(session, badge_id):
        entry = original(session, badge_id)
        time.sleep(0.01)
        return entry

    monkeypatch.setattr(checkin, "get_entry", slowed)


@pytest.mark.parametrize("kind", DATABASES)
def test_twenty_desks_one_badge_one_entry(kind, tmp_path, slow_entry):
    with live_app(kind, tmp_path) as app:
        email, slug, code = _seed(app)
        outcomes = _sync_at_once(app, email, slug, code)
        assert outcomes == Counter({"checked_in": 1, "duplicate": DESKS - 1}), outcomes
        assert _entries(app) == (1, DESKS)


@pytest.mark.parametrize("kind", DATABASES)
def test_one_scan_sent_by_twenty_requests_at_once_is_recorded_once(kind, tmp_path, slow_entry):
    with live_app(kind, tmp_path) as app:
        email, slug, code = _seed(app)
        outcomes = _sync_at_once(app, email, slug, code, same_scan_id=True)
        assert outcomes == Counter({"checked_in": DESKS}), outcomes  # every answer the same, as first recorded
        assert _entries(app) == (1, 1)
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(DeskScan)) == 1


def _unlocked_entry(session, badge_id):
    """What the index and the lock prevent: read the entry without a lock, think, then insert."""
    entry = session.scalar(select(CheckIn).where(CheckIn.badge_id == badge_id, CheckIn.duplicate_of_id.is_(None)))
    time.sleep(0.02)
    return entry


@pytest.mark.postgres
def test_negative_control_without_the_index_one_badge_gets_several_entries(tmp_path, monkeypatch):
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_check_ins_first"))
            db.session.commit()
        monkeypatch.setattr(checkin, "get_entry", _unlocked_entry)
        email, slug, code = _seed(app)
        _sync_at_once(app, email, slug, code)
        entries, total = _entries(app)
        assert total == DESKS and entries > 1, (entries, total)
