"""Booth booking through the test client: HTML forms, the JSON API, organizer pages, refusals and access."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventsys import create_app
from eventsys.models import BookingMode, BookingStatus, BoothBooking, Exhibitor, ExhibitorStatus
from eventsys.services.booths import booking, changes
from tests.booth_factories import approved_startup
from tests.conftest import app_config, create_user, csrf_token, login, tamper


@pytest.fixture
def booths(fair):
    return fair.halls[0].booths  # A01, A02 free; A03 blocked


@pytest.fixture
def exhibitor(db, fair):
    return approved_startup(db, fair, email="exhibitor@example.com", name="Mei Suzuki")


def _hold(client, booth):
    return client.post(f"/api/v1/booths/{booth.id}/hold")


def test_booth_page_and_hold_confirm_cancel_by_forms(client, db, fair, booths, exhibitor, outbox):
    login(client, exhibitor.email)
    page = client.get("/fairs/test-fair/booths/A01").get_data(as_text=True)
    assert "A01" in page and "A02" in page, "the neighbour is listed"
    response = client.post("/fairs/test-fair/booths/A01/hold")
    assert response.status_code == 303
    held = db.scalar(select(BoothBooking).where(BoothBooking.booth_id == booths[0].id))
    assert response.headers["Location"].endswith(f"/bookings/{held.id}")
    assert "data-deadline" in client.get(f"/bookings/{held.id}").get_data(as_text=True)
    response = client.post(
        f"/bookings/{held.id}/confirm", data={"billing_name": "Mei Suzuki", "billing_email": "x@example.com"}
    )
    assert response.status_code == 303 and held.status == BookingStatus.CONFIRMED
    assert client.post(f"/bookings/{held.id}/cancel").status_code == 303
    assert held.status == BookingStatus.CANCELLED
    assert len(list(outbox.glob("*.eml"))) == 3, "hold, confirm and cancel were each mailed"


def test_api_hold_confirm_cancel(client, db, fair, booths, exhibitor):
    login(client, exhibitor.email)
    response = _hold(client, booths[0])
    assert response.status_code == 201 and response.json["status"] == "held" and response.json["held_until"]
    booking_id = response.json["id"]
    assert client.get(f"/api/v1/bookings/{booking_id}").json["booth"]["code"] == "A01"
    response = client.post(
        f"/api/v1/bookings/{booking_id}/confirm", json={"billing_name": "Mei", "billing_email": "M@Example.com"}
    )
    assert response.status_code == 200 and response.json["status"] == "confirmed"
    assert client.post(f"/api/v1/bookings/{booking_id}/cancel").json["status"] == "cancelled"


def test_second_startup_gets_a_clear_409(client, db, fair, booths, exhibitor):
    rival = approved_startup(db, fair)
    login(client, exhibitor.email)
    assert _hold(client, booths[0]).status_code == 201
    client.post("/logout")
    login(client, rival.email)
    response = _hold(client, booths[0])
    assert response.status_code == 409 and "already taken" in response.json["error"]["message"]
    response = client.post("/fairs/test-fair/booths/A01/hold", follow_redirects=True)
    assert "already taken" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("blocked", 409, "not available"),
        ("unapproved", 403, "approved"),
        ("closed", 409, "closed"),
        ("limit", 409, "most allowed"),
    ],
)
def test_api_refusals_are_clear_4xx(client, db, fair, booths, exhibitor, setup, status, message):
    target = booths[0]
    if setup == "blocked":
        target = booths[2]
    elif setup == "unapproved":
        db.scalar(select(Exhibitor)).status = ExhibitorStatus.APPLIED
    elif setup == "closed":
        fair.booking_closes_at = datetime.now(UTC) - timedelta(minutes=1)
    elif setup == "limit":
        booking.hold_booth(db, booths[1], exhibitor.organization, actor=exhibitor)
    db.flush()
    login(client, exhibitor.email)
    response = _hold(client, target)
    assert response.status_code == status and message in response.json["error"]["message"]
    assert db.scalar(select(BoothBooking).where(BoothBooking.booth_id == target.id)) is None


def test_unknown_booth_and_someone_elses_booking(client, db, fair, booths, exhibitor):
    rival = approved_startup(db, fair)
    theirs = booking.hold_booth(db, booths[1], rival.organization, actor=rival)
    login(client, exhibitor.email)
    assert _hold(client, type("B", (), {"id": 999999})()).status_code == 404
    assert client.get("/fairs/test-fair/booths/Z99").status_code == 404
    for path in (f"/api/v1/bookings/{theirs.id}", f"/bookings/{theirs.id}"):
        assert client.get(path).status_code == 404
    assert (
        client.post(
            f"/api/v1/bookings/{theirs.id}/confirm", json={"billing_name": "x", "billing_email": "x@example.com"}
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/bookings/{theirs.id}/cancel").status_code == 404
    assert theirs.status == BookingStatus.HELD


def test_confirm_after_expiry_and_without_a_hold(client, db, fair, booths, exhibitor):
    held = booking.hold_booth(
        db, booths[0], exhibitor.organization, actor=exhibitor, now=datetime.now(UTC) - timedelta(minutes=20)
    )
    db.flush()
    login(client, exhibitor.email)
    billing = {"billing_name": "Mei", "billing_email": "m@example.com"}
    response = client.post(f"/api/v1/bookings/{held.id}/confirm", json=billing)
    assert response.status_code == 409 and "expired" in response.json["error"]["message"]
    response = client.post(f"/bookings/{held.id}/confirm", data=billing)
    assert response.status_code == 409 and held.status == BookingStatus.HELD


@pytest.mark.parametrize(
    "body",
    [
        None,
        "not json",
        [],
        {"billing_name": "", "billing_email": "m@example.com"},
        {"billing_name": "Mei", "billing_email": "bad"},
    ],
)
def test_confirm_api_bad_input(client, db, fair, booths, exhibitor, body):
    held = booking.hold_booth(db, booths[0], exhibitor.organization, actor=exhibitor)
    login(client, exhibitor.email)
    if isinstance(body, str):
        response = client.post(f"/api/v1/bookings/{held.id}/confirm", data=body, content_type="application/json")
    else:
        response = client.post(f"/api/v1/bookings/{held.id}/confirm", json=body)
    assert response.status_code in (400, 422)
    assert held.status == BookingStatus.HELD


def test_confirm_form_bad_input(client, db, fair, booths, exhibitor):
    held = booking.hold_booth(db, booths[0], exhibitor.organization, actor=exhibitor)
    login(client, exhibitor.email)
    response = client.post(f"/bookings/{held.id}/confirm", data={"billing_name": "", "billing_email": "nope"})
    assert response.status_code == 422 and held.status == BookingStatus.HELD


def test_anonymous_and_wrong_roles(client, db, fair, booths, investor, organizer):
    assert _hold(client, booths[0]).status_code == 401
    assert client.post("/fairs/test-fair/booths/A01/hold").status_code == 302
    for user in (investor, organizer):
        login(client, user.email)
        assert _hold(client, booths[0]).status_code == 403
        client.post("/logout")


@pytest.fixture
def csrf_client(tmp_path, database_url, db):
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        yield app.test_client()


def test_tampered_or_missing_csrf_token_changes_nothing(csrf_client, db, fair, booths, exhibitor):
    token = csrf_token(csrf_client, "/login")
    csrf_client.post("/login", data={"email": exhibitor.email, "password": "Correct-Horse-42", "csrf_token": token})
    assert csrf_client.post(f"/api/v1/booths/{booths[0].id}/hold").status_code == 400
    assert (
        csrf_client.post(f"/api/v1/booths/{booths[0].id}/hold", headers={"X-CSRFToken": tamper(token)}).status_code
        == 400
    )
    assert csrf_client.post("/fairs/test-fair/booths/A01/hold", data={"csrf_token": "forged"}).status_code == 400
    assert db.scalar(select(BoothBooking)) is None
    assert csrf_client.post(f"/api/v1/booths/{booths[0].id}/hold", headers={"X-CSRFToken": token}).status_code == 201


def test_apply_to_exhibit_and_organizer_decides(client, db, fair, startup, organizer, outbox):
    login(client, startup.email)
    assert client.post("/fairs/test-fair/exhibit").status_code == 303
    assert client.post("/fairs/test-fair/exhibit", follow_redirects=True).status_code == 200
    client.post("/logout")
    login(client, organizer.email)
    assert "Organization" in client.get("/organizer/fairs/test-fair/exhibitors").get_data(as_text=True)
    exhibitor = db.scalar(select(Exhibitor))
    response = client.post(f"/organizer/exhibitors/{exhibitor.id}/decide", data={"decision": "reject", "reason": ""})
    assert response.status_code == 303 and exhibitor.status == ExhibitorStatus.APPLIED
    client.post(f"/organizer/exhibitors/{exhibitor.id}/decide", data={"decision": "reject", "reason": "Not a startup"})
    assert exhibitor.status == ExhibitorStatus.REJECTED and exhibitor.reason == "Not a startup"
    assert any("Not a startup" in p.read_text() for p in outbox.glob("*.eml"))


def test_the_organizers_list_of_applications_links_to_each_applicants_profile(client, db, fair, startup, organizer):
    login(client, startup.email)
    assert client.post("/fairs/test-fair/exhibit").status_code == 303
    client.post("/logout")
    login(client, organizer.email)
    page = client.get("/organizer/fairs/test-fair/exhibitors").get_data(as_text=True)
    profile = f"/startups/{startup.organization.id}"
    assert f'<a href="{profile}" data-testid="applicant-profile">{startup.organization.name}</a>' in page
    answer = client.get(profile)
    assert answer.status_code == 200 and startup.organization.name in answer.get_data(as_text=True)


def test_waitlist_by_form(client, db, fair, booths, exhibitor):
    for booth in booths[:2]:
        other = approved_startup(db, fair)
        booking.hold_booth(db, booth, other.organization, actor=other)
    login(client, exhibitor.email)
    type_id = booths[0].booth_type_id
    assert client.post(f"/fairs/test-fair/waitlist/{type_id}").status_code == 303
    response = client.post(f"/fairs/test-fair/waitlist/{type_id}", follow_redirects=True)
    assert "already on the waitlist" in response.get_data(as_text=True)
    assert client.post("/fairs/test-fair/waitlist/999999").status_code == 404


def test_organizer_booth_list_filters_and_csv(client, db, fair, booths, exhibitor, organizer):
    changes.assign_booth(db, booths[0], exhibitor.organization, actor=organizer, reason="test")
    login(client, organizer.email)
    html = client.get("/organizer/fairs/test-fair/booths?state=booked").get_data(as_text=True)
    assert "A01" in html and "A02" not in html
    csv = client.get("/organizer/fairs/test-fair/booths?format=csv&country=JP").get_data(as_text=True)
    # Both downloads start with the BOM that Excel in Japan needs to read UTF-8.
    assert csv.startswith("\ufeffcode,hall") and "A01" in csv
    response = client.get("/organizer/fairs/test-fair/booths.csv")
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    plan = response.get_data()
    assert plan.decode("utf-8").splitlines()[0] == "\ufeffhall,code,x,y,width,height,type,zone,blocked"
    # The file downloaded goes back in as it came (BOM and all), and without its BOM too.
    for data in (plan, plan.removeprefix("\ufeff".encode())):
        answer = client.post(
            "/organizer/fairs/test-fair/booths/import",
            data={"file": (io.BytesIO(data), "plan.csv")},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 303


def test_organizer_import_page_lists_problems(client, db, fair, organizer):
    import io

    login(client, organizer.email)
    data = {"file": (io.BytesIO(b"hall,code,x,y,width,height,type,zone,blocked\nnowhere,X,0,0,3,3,T,,no\n"), "b.csv")}
    response = client.post("/organizer/fairs/test-fair/booths/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "Unknown hall" in response.get_data(as_text=True)


def test_organizer_move_and_cancel_pages(client, db, fair, booths, exhibitor, organizer):
    held = booking.hold_booth(db, booths[0], exhibitor.organization, actor=exhibitor)
    login(client, organizer.email)
    assert client.get(f"/organizer/bookings/{held.id}").status_code == 200
    assert client.post(f"/organizer/bookings/{held.id}/move", data={"target": "A02", "reason": ""}).status_code == 422
    assert client.post(f"/organizer/bookings/{held.id}/move", data={"target": "A03", "reason": "x"}).status_code == 409
    assert client.post(f"/organizer/bookings/{held.id}/move", data={"target": "NOPE", "reason": "x"}).status_code == 404
    assert (
        client.post(f"/organizer/bookings/{held.id}/move", data={"target": "A02", "reason": "aisle"}).status_code == 303
    )
    assert held.booth_id == booths[1].id
    assert client.post(f"/organizer/bookings/{held.id}/cancel", data={"cancel-reason": "no-show"}).status_code == 303
    assert held.status == BookingStatus.CANCELLED


def test_organizer_assign_page(client, db, fair, booths, exhibitor, organizer):
    login(client, organizer.email)
    assert client.get("/organizer/fairs/test-fair/booths/A02/assign").status_code == 200
    data = {"organization_id": exhibitor.organization.id, "reason": "sponsor"}
    assert client.post("/organizer/fairs/test-fair/booths/A02/assign", data=data).status_code == 303
    assert client.post("/organizer/fairs/test-fair/booths/A02/assign", data=data).status_code == 422
    outsider = create_user(db)
    data = {"organization_id": outsider.organization.id, "reason": "x"}
    assert client.post("/organizer/fairs/test-fair/booths/A01/assign", data=data).status_code == 422


def test_allocation_page_preview_and_publish(client, db, fair, booths, exhibitor, organizer):
    fair.booking_mode = BookingMode.APPLICATION
    login(client, exhibitor.email)
    response = client.post(
        "/fairs/test-fair/application",
        data={"booth_type": booths[0].booth_type_id, "choice_1": f"booth:{booths[0].id}"},
    )
    assert response.status_code == 303
    assert (
        client.post(
            "/fairs/test-fair/application", data={"booth_type": booths[0].booth_type_id, "choice_1": ""}
        ).status_code
        == 422
    )
    client.post("/logout")
    login(client, organizer.email)
    assert "A01" in client.get("/organizer/fairs/test-fair/allocation?seed=5").get_data(as_text=True)
    assert db.scalar(select(BoothBooking)) is None
    assert client.post("/organizer/fairs/test-fair/allocation", data={"seed": "abc"}).status_code == 200
    assert client.post("/organizer/fairs/test-fair/allocation", data={"seed": 5}).status_code == 303
    assert db.scalar(select(BoothBooking)).organization_id == exhibitor.organization.id


def test_organizer_pages_are_403_for_startups_and_other_organizers(client, db, fair, booths, exhibitor, organizer):
    from eventsys.models import OrganizationKind, Role
    from tests.conftest import create_organization

    fair.organizer_id = create_organization(db, OrganizationKind.ORGANIZER).id
    held = booking.hold_booth(db, booths[0], exhibitor.organization, actor=exhibitor)
    paths = [
        "/organizer/fairs/test-fair/booths",
        "/organizer/fairs/test-fair/booths.csv",
        "/organizer/fairs/test-fair/exhibitors",
        "/organizer/fairs/test-fair/allocation",
        f"/organizer/bookings/{held.id}",
        "/organizer/fairs/test-fair/booths/A02/assign",
    ]
    for user in (exhibitor, organizer):
        login(client, user.email)
        for path in paths:
            assert client.get(path).status_code in (403, 404), path
        client.post("/logout")
    other_fair_organizer = create_user(
        db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER)
    )
    login(client, other_fair_organizer.email)
    assert client.get(paths[0]).status_code == 403


def test_release_expired_and_allocate_commands(runner, db, fair, booths, exhibitor):
    booking.hold_booth(
        db, booths[0], exhibitor.organization, actor=exhibitor, now=datetime.now(UTC) - timedelta(hours=1)
    )
    result = runner.invoke(args=["booths", "release-expired"])
    assert result.exit_code == 0 and "Released 1" in result.output
    result = runner.invoke(args=["booths", "allocate", "--fair", "test-fair"])
    assert result.exit_code == 0 and "Preview" in result.output
    assert runner.invoke(args=["booths", "allocate", "--fair", "nope"]).exit_code == 1
