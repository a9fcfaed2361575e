"""Text the database cannot store and integers past 64 bits get a clear 4xx wherever they arrive, never a 500."""

from __future__ import annotations

import pytest

from eventsys.models import OrganizationKind, Role
from eventsys.request_checks import is_storable, parse_id
from tests.conftest import create_user, login


@pytest.mark.parametrize("text, storable", [("山田 太郎", True), ("a\x00b", False), ("\ud803x", False), ("", True)])
def test_storable_text(text, storable):
    assert is_storable(text) is storable


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        ("2147483647", 2**31 - 1),
        ("2147483648", None),
        ("9223372036854775808", None),
        ("²", None),
        ("-1", None),
        (None, None),
    ],
)
def test_ids_from_query_strings(value, expected):
    assert parse_id(value) == expected


@pytest.fixture
def startup(db):
    return create_user(db, Role.STARTUP)


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("get", "/startups/?q=a%00b", {}),
        ("post", "/company/", {"data": {"name": "NUL\x00Robotics", "country": "JP"}}),
        ("post", "/login", {"data": {"email": "a\x00@example.com", "password": "x"}}),
        ("post", "/api/v1/bookings/1/confirm", {"json": {"billing_name": "\ud803x"}}),
        ("post", "/api/v1/bookings/1/confirm", {"json": {"billing_name": "x\x00"}}),
    ],
)
def test_unstorable_text_is_refused_with_400(client, db, startup, method, path, kwargs):
    login(client, startup.email)
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 400
    assert "cannot be stored" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/v1/bookings/231299628327040999999"),
        ("post", "/api/v1/booths/99999999999999999999/hold"),
        ("get", "/api/v1/bookings/9223372036854775808"),
    ],
)
def test_ids_past_64_bits_are_not_found(client, db, startup, method, path):
    login(client, startup.email)
    assert getattr(client, method)(path).status_code == 404


def test_a_huge_id_filter_is_ignored_not_a_500(client, db):
    from tests.conftest import create_fair, create_organization

    secretariat = create_organization(db, OrganizationKind.ORGANIZER)
    organizer = create_user(db, Role.ORGANIZER, organization=secretariat)
    login(client, organizer.email)
    fair = create_fair(db, organizer_id=secretariat.id)
    response = client.get(f"/organizer/fairs/{fair.slug}/booths?type=99999999999999999999999")
    assert response.status_code == 200
