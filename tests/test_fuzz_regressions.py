"""The server errors the fuzz tests found, each kept fixed."""

from __future__ import annotations

import pytest

from eventsys.models import OrganizationKind, Role
from eventsys.request_checks import parse_id
from tests.badges_factories import staff_fair
from tests.conftest import create_organization, create_user, login
from tests.fuzz_world import build_world


def test_a_print_job_without_redis_is_not_found(app, client, db):
    """Without EVENTSYS_REDIS_URL no print run was queued: its page is a 404, not a 500 from the Redis client."""
    organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    fair = staff_fair(db, organizer)
    login(client, organizer.email)
    assert app.config.get("REDIS_URL") is None
    assert client.get(f"/fairs/{fair.slug}/badges/jobs/1").status_code == 404
    assert client.get(f"/fairs/{fair.slug}/badges/jobs/1.pdf").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/v1/bookings/2147483648", "/bookings/2147483648", "/startups/2147483648", "/meetings/4294967296/reschedule"],
)
def test_ids_past_32_bits_are_not_found(client, db, startup, path):
    """Primary keys are PostgreSQL INTEGERs: a larger id in a path is not found, not a 500 "integer out of range"."""
    login(client, startup.email)
    assert client.get(path).status_code == 404


def test_ids_past_32_bits_in_query_strings_are_ignored():
    assert parse_id(str(2**31 - 1)) == 2**31 - 1
    assert parse_id(str(2**31)) is None


@pytest.mark.parametrize("center", [-2245690796, 2**31, 0])
def test_booking_a_slot_at_a_center_id_past_32_bits_is_refused(client, db, center):
    """A center id no row can have answers 422 naming the field (it was a 500 on PostgreSQL)."""
    world = build_world(db)
    client = world.client(client.application, "startup")
    path = f"/api/v1/meetings/requests/{world.path_values['request_id']}/book"
    response = client.post(path, json={"center": center, "starts_at": "2030-01-01T10:00:00+09:00"})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "center"
