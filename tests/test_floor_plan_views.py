"""Halls and the floor-plan editor through the client: the hall pages, the venue image, the save API, who may."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from eventsys import create_app
from eventsys.models import (
    AreaKind,
    BookingStatus,
    Booth,
    BoothBooking,
    FairRole,
    FairStaff,
    Hall,
    HallArea,
    MemberRole,
    Membership,
    OrganizationKind,
    Role,
    utcnow,
)
from tests.conftest import app_config, create_organization, create_user, csrf_token, login


@pytest.fixture
def hall(fair):
    return fair.halls[0]


def _plan(hall, *extra, areas=()):
    booths = [
        {"id": b.id, "code": b.code, "x": b.x, "y": b.y, "width": b.width, "depth": b.depth,
         "booth_type_id": b.booth_type_id, "sector_id": b.sector_id, "is_blocked": b.is_blocked}
        for b in hall.booths
    ]  # fmt: skip
    return {"booths": booths + list(extra), "areas": list(areas)}


def _new(hall, code="N01", x=20, y=20, **fields):
    return {
        "code": code,
        "x": x,
        "y": y,
        "width": 3,
        "depth": 3,
        "booth_type_id": hall.booths[0].booth_type_id,
        **fields,
    }


def _save(client, fair, hall, body):
    return client.post(f"/api/v1/fairs/{fair.slug}/halls/{hall.slug}/plan", json=body)


def _booths(db, hall):
    return db.scalar(select(func.count()).select_from(Booth).where(Booth.hall_id == hall.id))


@pytest.fixture
def check_in_staff(db, organizer_organization, fair):
    """A member of the fair's organizer organization who only works its check-in desk."""
    user = create_user(db, Role.ORGANIZER)
    db.add(Membership(user=user, organization=organizer_organization, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=user.id, role=FairRole.CHECK_IN))
    db.flush()
    return user


@pytest.fixture
def staff(db, organizer_organization, fair):
    """Staff run booths and exhibitors, but the halls are the owners'."""
    user = create_user(db, Role.ORGANIZER)
    db.add(Membership(user=user, organization=organizer_organization, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=user.id, role=FairRole.STAFF))
    db.flush()
    return user


def test_save_a_plan_with_a_stage_and_the_public_page_draws_it(client, db, fair, hall, organizer):
    login(client, organizer.email)
    stage = {"kind": "stage", "label": "Main stage", "x": 30, "y": 20, "width": 10.5, "depth": 6}
    response = _save(client, fair, hall, _plan(hall, _new(hall, "N01", 20, 20.5), areas=[stage]))
    assert response.status_code == 200, response.json
    body = response.json
    assert (body["added"], body["deleted"]) == (1, 0) and len(body["booths"]) == 4 and len(body["areas"]) == 1
    assert body["booths"][3]["code"] == "N01"
    page = client.get(f"/fairs/{fair.slug}/halls/{hall.slug}/plan?lang=en").get_data(as_text=True)
    assert 'class="hall-area hall-area--stage"' in page and ">Main stage</text>" in page
    assert 'data-code="N01"' in page and 'y="20.5"' in page


def test_refusals_answer_422_with_every_problem(client, db, fair, hall, organizer):
    login(client, organizer.email)
    response = _save(client, fair, hall, _plan(hall, _new(hall, "N01", 58), _new(hall, "A01", 30, 30)))
    assert response.status_code == 422
    error, problems = response.json["error"], response.json["problems"]
    assert error["code"] == "plan_rejected" and "2 problem" in error["message"]
    assert [(p["index"], p["field"]) for p in problems] == [(3, "place"), (4, "code")]
    assert "outside" in problems[0]["message"] and problems[0]["booking_url"] is None
    assert _booths(db, hall) == 3


def test_a_booked_booth_moved_is_409_naming_the_booking_and_the_move_page(client, db, fair, hall, organizer, startup):
    a01 = hall.booths[0]
    booking = BoothBooking(
        fair_id=fair.id, booth_id=a01.id, organization_id=startup.organization.id,
        status=BookingStatus.CONFIRMED, confirmed_at=utcnow(),
    )  # fmt: skip
    db.add(booking)
    db.flush()
    login(client, organizer.email)
    body = _plan(hall)
    body["booths"] = body["booths"][1:]
    response = _save(client, fair, hall, body)
    assert response.status_code == 409
    (problem,) = response.json["problems"]
    assert response.json["error"]["code"] == "booked_booths_changed"
    assert problem["booking_id"] == booking.id and problem["booking_url"] == f"/organizer/bookings/{booking.id}"
    assert startup.organization.name in problem["message"] and "A01" in problem["message"]
    assert _booths(db, hall) == 3


@pytest.mark.parametrize(
    "body",
    [
        {"booths": [{"code": "X", "x": "a", "y": 0, "width": 3, "depth": 3, "booth_type_id": 1}]},
        {"booths": [{"code": "X", "x": 1e309, "y": 0, "width": 3, "depth": 3, "booth_type_id": 1}]},
        {"booths": [], "areas": [{"kind": "ballroom", "x": 0, "y": 0, "width": 1, "depth": 1}]},
        {"areas": []},
        [],
    ],
)
def test_bodies_the_schema_refuses_are_422(client, db, fair, hall, organizer, body):
    login(client, organizer.email)
    response = _save(client, fair, hall, body)
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid_input"
    assert _booths(db, hall) == 3


def test_who_may_save(client, db, fair, hall, startup, check_in_staff, staff):
    body = _plan(hall)
    assert _save(client, fair, hall, body).status_code == 401
    other_owner = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    for user in (startup, check_in_staff, staff, other_owner):
        login(client, user.email)
        response = _save(client, fair, hall, body)
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden", user.email
        client.post("/logout")


def test_unknown_fair_or_hall_is_404(client, fair, hall, organizer):
    login(client, organizer.email)
    assert _save(client, fair, hall, {"booths": []}).status_code in (200, 409)  # the owner may empty the hall
    assert client.post(f"/api/v1/fairs/{fair.slug}/halls/nowhere/plan", json={"booths": []}).status_code == 404
    assert client.post("/api/v1/fairs/nowhere/halls/main/plan", json={"booths": []}).status_code == 404


def test_the_save_needs_the_csrf_token(tmp_path, database_url, db, fair, hall, organizer):
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    with app.test_client() as client:
        token = csrf_token(client, "/login")
        client.post("/login", data={"email": organizer.email, "password": "Correct-Horse-42", "csrf_token": token})
        response = client.post(f"/api/v1/fairs/{fair.slug}/halls/{hall.slug}/plan", json=_plan(hall))
        assert response.status_code == 400 and response.json["error"]["code"] == "csrf_error"
        editor = client.get(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/plan").get_data(as_text=True)
        token = editor.split('name="csrf-token" content="')[1].split('"')[0]
        response = client.post(
            f"/api/v1/fairs/{fair.slug}/halls/{hall.slug}/plan", json=_plan(hall), headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200, response.json


def test_the_editor_page_shows_booths_areas_types_and_bookings(client, db, fair, hall, organizer):
    db.add(HallArea(hall_id=hall.id, kind=AreaKind.PILLAR, label=None, x=30, y=30, width=1, depth=1))
    db.flush()
    login(client, organizer.email)
    response = client.get(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/plan")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("data-booth-id=") == 3 and 'data-kind="pillar"' in page and ">Pillar</text>" in page
    assert "js/floorplan_editor.js" in page and "Standard 3×3 m" in page
    assert "<script>" not in page and "style=" not in page


HALL = {"name": "West Hall", "name_ja": "西ホール", "slug": "west", "width": "80.5", "depth": "40", "position": "2"}


def test_create_edit_and_delete_a_hall(client, db, fair, organizer):
    login(client, organizer.email)
    assert "Add a hall" in client.get(f"/organizer/fairs/{fair.slug}/halls").get_data(as_text=True)
    response = client.post(f"/organizer/fairs/{fair.slug}/halls", data=HALL)
    assert response.status_code == 303 and response.headers["Location"].endswith("/halls/west/plan")
    hall = db.scalar(select(Hall).where(Hall.fair_id == fair.id, Hall.slug == "west"))
    assert (hall.width, hall.depth, hall.name_translations) == (80.5, 40, {"ja": "西ホール"})
    assert "西ホール" in client.get(f"/organizer/fairs/{fair.slug}/halls").get_data(as_text=True)
    edit = f"/organizer/fairs/{fair.slug}/halls/west/edit"
    assert 'value="西ホール"' in client.get(edit).get_data(as_text=True)
    response = client.post(edit, data={**HALL, "name": "West Hall A", "name_ja": ""})
    assert response.status_code == 303
    db.refresh(hall)
    assert (hall.name, hall.name_translations) == ("West Hall A", {})
    assert client.post(f"/organizer/fairs/{fair.slug}/halls/west/delete").status_code == 303
    assert db.scalar(select(Hall).where(Hall.slug == "west", Hall.fair_id == fair.id)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "main"}, "Another hall of this fair has the address main"),
        ({"slug": "West Hall"}, "lower-case letters"),
        ({"width": "10.25"}, "steps of 0.5"),
        ({"width": "0"}, "Number must be"),
        ({"depth": "nan"}, "steps of 0.5"),
        ({"depth": "1e309"}, "Number must be"),
        ({"name": ""}, "required"),
        ({"name_ja": "x" * 121}, "120"),
    ],
)
def test_bad_halls_are_refused(client, db, fair, organizer, changes, message):
    login(client, organizer.email)
    response = client.post(f"/organizer/fairs/{fair.slug}/halls", data={**HALL, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Hall).where(Hall.fair_id == fair.id)) == 1


def test_a_hall_is_not_shrunk_under_its_booths(client, db, fair, hall, organizer):
    login(client, organizer.email)
    data = {"name": hall.name, "slug": hall.slug, "width": "10", "depth": "40", "position": "0"}
    response = client.post(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/edit", data=data)
    assert response.status_code == 409 and "booth A03 would lie outside a hall of 10 × 40 m" in response.get_data(
        as_text=True
    )
    db.refresh(hall)
    assert hall.width == 60


def test_a_hall_with_a_booked_booth_is_not_deleted(client, db, fair, hall, organizer, startup):
    db.add(
        BoothBooking(
            fair_id=fair.id, booth_id=hall.booths[1].id, organization_id=startup.organization.id,
            status=BookingStatus.HELD, held_until=utcnow().replace(year=2100),
        )
    )  # fmt: skip
    db.flush()
    login(client, organizer.email)
    response = client.post(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/delete")
    assert response.status_code == 409
    assert f"these booths are booked: A02 ({startup.organization.name})" in response.get_data(as_text=True)
    assert _booths(db, hall) == 3


def test_hall_pages_are_for_the_fairs_owners(client, db, fair, hall, startup, check_in_staff, staff):
    pages = [
        ("get", f"/organizer/fairs/{fair.slug}/halls"),
        ("post", f"/organizer/fairs/{fair.slug}/halls"),
        ("get", f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/edit"),
        ("post", f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/delete"),
        ("get", f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/plan"),
        ("post", f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/background"),
    ]
    for method, path in pages:
        assert getattr(client, method)(path).status_code == 302  # to log in
    for user in (startup, check_in_staff, staff):
        login(client, user.email)
        for method, path in pages:
            assert getattr(client, method)(path, data=HALL).status_code == 403, (user.email, path)
        client.post("/logout")
    assert _booths(db, hall) == 3


def _image(kind="PNG", size=(120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=kind)
    return out.getvalue()


def _upload(client, fair, hall, data: bytes):
    files = MultiDict({"image": FileStorage(io.BytesIO(data), filename="venue.jpg", content_type="image/jpeg")})
    boundary, body = encode_multipart(files)
    return client.post(
        f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/background",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_the_venue_image_is_reencoded_and_shown_only_to_owners(app, client, db, fair, hall, organizer, staff):
    login(client, organizer.email)
    assert client.get(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/background.png").status_code == 404
    assert _upload(client, fair, hall, _image("JPEG")).status_code == 303
    name = hall.background_path
    assert name.endswith(".png") and (Path(app.instance_path) / "uploads" / "halls" / name).is_file()
    served = client.get(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/background.png")
    assert served.status_code == 200 and Image.open(io.BytesIO(served.data)).format == "PNG"
    served.close()
    assert "plan-editor__background" in client.get(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/plan").text
    assert "background.png" not in client.get(f"/fairs/{fair.slug}/halls/{hall.slug}").text
    client.post("/logout")
    login(client, staff.email)
    assert client.get(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/background.png").status_code == 403
    client.post("/logout")
    login(client, organizer.email)
    assert client.post(f"/organizer/fairs/{fair.slug}/halls/{hall.slug}/background/delete").status_code == 303
    assert hall.background_path is None and not (Path(app.instance_path) / "uploads" / "halls" / name).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "could not be read as an image"),
        (_image("GIF"), "PNG, JPEG or WebP"),
        (b"\x89PNG" + b"0" * (3 * 1024 * 1024), "larger than 3 MB"),
    ],
)
def test_bad_venue_images_are_refused(client, db, fair, hall, organizer, data, message):
    login(client, organizer.email)
    response = _upload(client, fair, hall, data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert hall.background_path is None
