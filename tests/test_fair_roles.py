"""Each role at a fair means what it says on the pages without a path variable (the access matrix asks the others):
check-in staff see only the desk, finance staff the console, staff everything but the fair's staff page."""

from __future__ import annotations

import pytest

from eventsys.models import FairRole
from eventsys.services.badges import issuing
from tests.access_world import fair_member
from tests.conftest import create_fair, login

#: What a person with an account may open whatever their role: public pages and their own.
PERSONAL = {
    "/",
    "/healthz",  # the probes are open to anyone (operations/views.py)
    "/readyz",
    "/account/",
    "/account/lead-sharing",
    "/api/v1/centers",
    "/api/v1/fairs",
    "/api/v1/meetings",
    "/api/v1/meetings/proposals",
    "/api/v1/openapi.json",
    "/calendar/",
    "/centers/",
    "/inbox/",
    "/inbox/settings",
    "/login",
    "/meetings/",
    "/meetings/ask",
    "/meetings/languages",
    "/reset-password",
    "/signup",
}


def _plain_get_routes(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if not rule.arguments and "GET" in rule.methods and rule.endpoint != "static"
    )


def _open_to(client, paths) -> set[str]:
    return {path for path in paths if client.get(path).status_code < 400}


@pytest.mark.parametrize(
    ("role", "also"),
    [
        (FairRole.CHECK_IN, {"/checkin"}),
        (FairRole.FINANCE, {"/organizer/", "/organizer/fairs"}),
        (
            FairRole.STAFF,
            {
                "/checkin",
                "/organizer/",
                "/organizer/fairs",
                "/organizer/centers/",  # centers are for owners and staff of a verified organizer
                "/organizer/centers/new",
                "/calendar/export",
                "/investors/",
                "/investors/import",
                "/investors/verification",
                "/startups/",
                "/api/v1/directory/startups",
                "/api/v1/directory/investors",
            },
        ),
        (None, set()),
    ],
)
def test_a_member_opens_only_what_their_role_at_the_fair_allows(app, db, fair, organizer_organization, role, also):
    user = fair_member(db, organizer_organization, fair, role)
    client = app.test_client()
    login(client, user.email)
    assert _open_to(client, _plain_get_routes(app)) == PERSONAL | also


def test_check_in_staff_work_the_desk_of_their_fair_only(client, db, fair, organizer_organization):
    sister = create_fair(db, organizer_id=organizer_organization.id, name="Sister Fair")
    desk = fair_member(db, organizer_organization, fair, FairRole.CHECK_IN)
    login(client, desk.email)
    page = client.get("/checkin")
    assert page.status_code == 200 and "Test Fair" in page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    assert 'href="/organizer/"' not in html  # no console in the menu
    assert f'href="/fairs/{fair.slug}/badges"' not in html  # no badge desk on the page
    assert client.get(f"/checkin?fair={sister.slug}").status_code == 403
    scan = client.post("/checkin/scan", json={"fair": fair.slug, "gate": "East", "code": "AAAAA-AAAAA"})
    assert scan.status_code == 200 and scan.json["verdict"] == "refused"
    assert client.post("/checkin/scan", json={"fair": sister.slug, "gate": "E", "code": "x"}).status_code == 403
    assert client.get(f"/fairs/{fair.slug}/badges").status_code == 403
    assert client.post(f"/fairs/{fair.slug}/badges/print", data={"layout": "single"}).status_code == 403


def test_the_console_lists_the_fairs_of_each_role_and_links_what_it_may_do(
    client, db, fair, organizer, organizer_organization
):
    sister = create_fair(db, organizer_id=organizer_organization.id, name="Sister Fair")
    finance = fair_member(db, organizer_organization, fair, FairRole.FINANCE)
    staff = fair_member(db, organizer_organization, sister, FairRole.STAFF)
    login(client, finance.email)
    page = client.get("/organizer/").get_data(as_text=True)
    assert "Test Fair" in page and "Sister Fair" not in page
    assert (
        f"/organizer/fairs/{fair.slug}/booths" not in page
        and f"/organizer/fairs/{fair.slug}/dashboard" in page
        and f"/organizer/fairs/{fair.slug}/invoices" in page
    )
    client.post("/logout")
    login(client, staff.email)
    page = client.get("/organizer/").get_data(as_text=True)
    assert "Sister Fair" in page and "Test Fair" not in page
    assert f"/organizer/fairs/{sister.slug}/booths" in page and f"/organizer/fairs/{sister.slug}/staff" not in page
    client.post("/logout")
    login(client, organizer.email)
    page = client.get("/organizer/").get_data(as_text=True)
    assert f"/organizer/fairs/{fair.slug}/staff" in page and f"/organizer/fairs/{sister.slug}/staff" in page


def test_only_members_with_a_role_at_the_fair_get_its_organizer_badge(db, fair, organizer, organizer_organization):
    desk = fair_member(db, organizer_organization, fair, FairRole.CHECK_IN)
    nobody = fair_member(db, organizer_organization, fair, None)
    entitled = {e.user.id for e in issuing.get_entitlements(db, fair)}
    assert {organizer.id, desk.id} <= entitled and nobody.id not in entitled
