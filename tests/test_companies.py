"""A startup's company profile and logo upload."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from eventsys.models import Sector, Stage
from tests.conftest import login

PROFILE = {
    "name": "Sakura Robotics",
    "name_local": "株式会社さくらロボティクス",
    "country": "JP",
    "sectors": ["robotics-c"],
    "stage": "seed",
    "year_founded": "2021",
    "website": "https://sakura.example.com",
    "pitch": "Robots that pick cherries.",
}


@pytest.fixture
def sector(db):
    sector = Sector(slug="robotics-c", name="Robotics")
    db.add(sector)
    db.flush()
    return sector


def _image(kind: str, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(out, format=kind)
    return out.getvalue()


def _upload(client, data: bytes, filename: str = "logo.png"):
    """Post a logo as a browser would; the body is encoded in memory (the test client spools large ones to a
    temporary file that it never closes)."""
    files = MultiDict({"logo": FileStorage(io.BytesIO(data), filename=filename, content_type="image/png")})
    boundary, body = encode_multipart(files)
    return client.post("/company/logo", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_edit_the_company_profile(client, startup, sector):
    login(client, startup.email)
    assert client.get("/company/").status_code == 200
    response = client.post("/company/", data=PROFILE)
    assert response.status_code == 303
    organization = startup.organization
    assert organization.name_local == "株式会社さくらロボティクス" and organization.stage == Stage.SEED
    assert organization.sectors == [sector] and organization.description == "Robots that pick cherries."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pitch": "x" * 501}, "500"),
        ({"website": "not a url"}, "web address"),
        ({"year_founded": "1800"}, "1900"),
        ({"sectors": ["nope"]}, "valid choice"),
        ({"country": "ZZZ"}, "valid choice"),
        ({"name": ""}, "required"),
        ({"name_local": "Sakura 𓀀"}, "The badge fonts cannot print 𓀀."),
    ],
)
def test_bad_profile_input(client, startup, sector, changes, message):
    login(client, startup.email)
    response = client.post("/company/", data={**PROFILE, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert startup.organization.name != "Sakura Robotics"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.com", "https://example.com"),
        ("  www.example.co.jp/about ", "https://www.example.co.jp/about"),
        ("http://example.com", "http://example.com"),
        ("", None),
    ],
)
def test_a_website_without_scheme_is_stored_with_https(client, startup, sector, typed, stored):
    login(client, startup.email)
    assert client.post("/company/", data={**PROFILE, "website": typed}).status_code == 303
    assert startup.organization.website == stored


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "example", "https://", "ex ample.com"])
def test_a_website_that_is_no_address_is_refused(client, startup, sector, typed):
    login(client, startup.email)
    response = client.post("/company/", data={**PROFILE, "website": typed})
    assert response.status_code == 422 and "web address" in response.get_data(as_text=True)
    assert startup.organization.website is None


def _upload_from_the_page(client, data: bytes, profile: dict):
    """The logo sent with the profile form as typed, as the page's "Upload logo" button does."""
    fields = MultiDict([(key, value) for key, values in profile.items() for value in _listed(values)])
    fields.add("logo", FileStorage(io.BytesIO(data), filename="logo.png", content_type="image/png"))
    boundary, body = encode_multipart(fields)
    return client.post("/company/logo", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _listed(values):
    return values if isinstance(values, list) else [values]


def test_uploading_a_logo_keeps_the_unsaved_edits_on_the_page(client, startup, sector):
    login(client, startup.email)
    typed = {**PROFILE, "name": "Sakura Robotics Unsaved", "pitch": "Typed, not saved."}
    response = _upload_from_the_page(client, _image("PNG"), typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and startup.organization.logo_path
    assert 'value="Sakura Robotics Unsaved"' in page and "Typed, not saved." in page
    assert startup.organization.name != "Sakura Robotics Unsaved"  # saved only by "Save profile"


def test_a_refused_logo_keeps_the_unsaved_edits_too(client, startup, sector):
    login(client, startup.email)
    response = _upload_from_the_page(client, b"not an image", {**PROFILE, "name": "Typed Name"})
    assert response.status_code == 422 and 'value="Typed Name"' in response.get_data(as_text=True)
    assert startup.organization.logo_path is None


def test_save_profile_with_a_logo_chosen_saves_both(client, startup, sector):
    login(client, startup.email)
    fields = MultiDict([(key, value) for key, values in PROFILE.items() for value in _listed(values)])
    fields.add("logo", FileStorage(io.BytesIO(_image("PNG")), filename="logo.png", content_type="image/png"))
    boundary, body = encode_multipart(fields)
    response = client.post("/company/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 303
    assert startup.organization.name == "Sakura Robotics" and startup.organization.logo_path


def test_save_profile_with_a_bad_logo_saves_nothing(client, startup, sector):
    login(client, startup.email)
    fields = MultiDict([(key, value) for key, values in PROFILE.items() for value in _listed(values)])
    fields.add("logo", FileStorage(io.BytesIO(b"GIF89a nope"), filename="logo.png", content_type="image/png"))
    boundary, body = encode_multipart(fields)
    response = client.post("/company/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 422 and 'value="Sakura Robotics"' in response.get_data(as_text=True)
    assert startup.organization.name != "Sakura Robotics" and startup.organization.logo_path is None


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_logo_is_decoded_reencoded_and_stored_under_a_random_name(app, client, startup, kind):
    login(client, startup.email)
    response = _upload(client, _image(kind), "my logo.exe")
    assert response.status_code == 303
    name = startup.organization.logo_path
    assert name.endswith(".png") and "logo" not in name
    served = client.get(f"/company/logos/{name}")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert Image.open(io.BytesIO(served.data)).format == "PNG"
    served.close()
    assert (Path(app.instance_path) / "uploads" / "logos" / name).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\x00" * 100, "could not be read"),
        (b"this is text pretending to be a png", "could not be read"),
        (_image("PNG")[:60], "could not be read"),
        (_image("GIF"), "PNG, JPEG or WebP"),
        (_image("BMP"), "PNG, JPEG or WebP"),
        (b"\x89PNG" + b"0" * (2 * 1024 * 1024), "larger than 2 MB"),
    ],
)
def test_bad_logos_are_refused(client, startup, data, message):
    login(client, startup.email)
    response = _upload(client, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert startup.organization.logo_path is None


def test_only_startups_edit_company_profiles(client, investor, organizer):
    for user in (investor, organizer):
        login(client, user.email)
        assert client.get("/company/").status_code == 403
        assert client.post("/company/logo", data={}).status_code == 403
        client.post("/logout")
    assert client.get("/company/").status_code == 302


def test_logo_names_that_are_not_ours_are_404(client, db):
    for name in ("..%2Fsecret_key", "x.png", "../../instance/secret_key"):
        assert client.get(f"/company/logos/{name}").status_code == 404


def test_only_startup_members_post_the_profile_form_with_a_logo(client, db, investor, sector):
    login(client, investor.email)
    fields = MultiDict([(key, value) for key, values in PROFILE.items() for value in _listed(values)])
    fields.add("logo", FileStorage(io.BytesIO(_image("PNG")), filename="logo.png", content_type="image/png"))
    boundary, body = encode_multipart(fields)
    response = client.post("/company/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 403 and investor.organization.logo_path is None
    assert _upload_from_the_page(client, _image("PNG"), PROFILE).status_code == 403
