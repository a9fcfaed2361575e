"""The server errors the fuzz tests found, each kept fixed."""

from __future__ import annotations

from eventsys.models import OrganizationKind, Role
from tests.badges_factories import staff_fair
from tests.conftest import create_organization, create_user, login


def test_a_print_job_without_redis_is_not_found(app, client, db):
    """Without EVENTSYS_REDIS_URL no print run was queued: its page is a 404, not a 500 from the Redis client."""
    organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    fair = staff_fair(db, organizer)
    login(client, organizer.email)
    assert app.config.get("REDIS_URL") is None
    assert client.get(f"/fairs/{fair.slug}/badges/jobs/1").status_code == 404
    assert client.get(f"/fairs/{fair.slug}/badges/jobs/1.pdf").status_code == 404
