"""A meeting center's city, name and address per language: entered in the center form like a fair's venue, refused
when too long or by someone not allowed, shown in the page's (or recipient's) language with the center's own text
as fallback, in calendar LOCATIONs and their ETags, and the Japanese ones entered before translations kept by
migration 0037."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest
from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from icalendar import Calendar
from sqlalchemy import text

from eventsys.demo.centers import CENTERS, seed_centers
from eventsys.demo.report import SeedReport
from eventsys.extensions import db as app_db
from eventsys.models import Center
from eventsys.services.calendars import feeds
from eventsys.services.calendars.invitations import meeting_facts, meeting_file
from eventsys.services.errors import InvalidInput
from eventsys.services.meetings import center_settings as settings
from eventsys.services.meetings.notices import notify_participants
from tests.calendar_factories import create_center, create_meeting, create_room
from tests.conftest import login
from tests.live_database import DATABASES, live_app

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)

TRANSLATIONS = {
    "city_translations": {"ja": "大阪", "es": "Osaka (ciudad)"},
    "name_translations": {"ja": "対日投資・ビジネスサポートセンター 大阪", "es": "Centro de Apoyo Empresarial Osaka"},
    # A Japanese address but no Spanish one: Spanish pages fall back to the center's own.
    "address_translations": {"ja": "大阪市中央区安土町2-3-13"},
}


def _osaka(db, **fields) -> Center:
    values = {
        "slug": "osaka",
        "city": "Osaka",
        "name": "Business Support Center Osaka",
        "address": "2-3-13 Azuchimachi, Chuo-ku, Osaka",
    }
    center = create_center(db, **(values | TRANSLATIONS | fields))
    center.city_local = center.city_translations.get("ja")
    center.address_local = center.address_translations.get("ja")
    db.flush()
    return center


def _values(**changes) -> settings.CenterValues:
    values = {
        "city": "Sendai",
        "name": "Business Support Center Sendai",
        "address": "1-1 Chuo, Aoba-ku, Sendai",
        "timezone": "Asia/Tokyo",
        "slot_minutes": 30,
        "buffer_minutes": 0,
    }
    return settings.CenterValues(**(values | changes))


def _form(center: Center | None = None, **fields) -> dict[str, str]:
    data = {
        "city": "Osaka",
        "name": "Business Support Center Osaka",
        "address": "2-3-13 Azuchimachi, Chuo-ku, Osaka",
        "timezone": "Asia/Tokyo",
        "slot_minutes": "30",
        "buffer_minutes": "0",
    }
    return data | fields


def _unfolded(body: bytes | str) -> str:
    return (body.decode() if isinstance(body, bytes) else body).replace("\r\n ", "")


# The service


@pytest.mark.usefixtures("app_context")
def test_the_city_name_and_address_are_saved_per_language_and_the_japanese_ones_stay_local(db, organizer):
    values = _values(
        city_translations={"ja": " 仙台 ", "es": "Sendái", "fr": "  "},
        name_translations={"es": "Centro de Apoyo Empresarial Sendái"},
    )
    center = settings.create_center(db, slug="sendai", values=values, actor=organizer)
    assert center.city_translations == {"ja": "仙台", "es": "Sendái"}
    assert center.name_translations == {"es": "Centro de Apoyo Empresarial Sendái"}
    assert center.address_translations == {}
    assert (center.city_local, center.address_local) == ("仙台", None)
    assert settings.values_of(center).city_translations == center.city_translations


@pytest.mark.usefixtures("app_context")
@pytest.mark.parametrize(
    ("changes", "field", "longest"),
    [
        ({"city_translations": {"es": "C" * 81}}, "city_es", 80),
        ({"name_translations": {"ja": "名" * 161}}, "name_ja", 160),
        ({"address_translations": {"ja": "住" * 256}}, "address_ja", 255),
    ],
)
def test_a_translation_too_long_is_refused_at_its_own_field(db, organizer, changes, field, longest):
    with pytest.raises(InvalidInput, match=f"At most {longest} characters") as refused:
        settings.create_center(db, slug="sendai", values=_values(**changes), actor=organizer)
    assert refused.value.field == field


def test_a_center_from_before_translations_shows_its_japanese_texts_in_the_form(db):
    center = create_center(db, city_local="横浜", address_local="横浜市中区山下町2")
    values = settings.values_of(center)
    assert values.city_translations == {"ja": "横浜"} and values.address_translations == {"ja": "横浜市中区山下町2"}
    assert values.name_translations == {}


# The center form


def test_an_organizer_enters_the_texts_per_language_in_the_center_form(client, db, organizer):
    center = _osaka(db, city_translations={}, name_translations={}, address_translations={})
    login(client, organizer.email)
    page = client.get("/organizer/centers/osaka").get_data(as_text=True)
    for name in ("city_ja", "name_ja", "address_ja", "city_es", "name_es", "address_es"):
        assert f'name="{name}"' in page
    assert 'name="city_local"' not in page and 'name="address_local"' not in page
    data = _form(city_ja="大阪", name_es="Centro de Apoyo Empresarial Osaka", address_ja="大阪市中央区安土町2-3-13")
    response = client.post("/organizer/centers/osaka", data=data)
    assert response.status_code == 303
    assert center.city_translations == {"ja": "大阪"}
    assert center.name_translations == {"es": "Centro de Apoyo Empresarial Osaka"}
    assert (center.city_local, center.address_local) == ("大阪", "大阪市中央区安土町2-3-13")
    page = client.get("/organizer/centers/osaka").get_data(as_text=True)
    assert 'value="Centro de Apoyo Empresarial Osaka"' in page and 'lang="es"' in page


def test_a_new_center_takes_its_texts_per_language(client, db, organizer):
    login(client, organizer.email)
    data = _form(slug="sendai", city="Sendai", city_ja="仙台", city_es="Sendái", name_ja="センター仙台")
    assert client.post("/organizer/centers/new", data=data).status_code == 303
    center = db.query(Center).filter_by(slug="sendai").one()
    assert center.city_translations == {"ja": "仙台", "es": "Sendái"} and center.name_translations == {
        "ja": "センター仙台"
    }


@pytest.mark.parametrize(("field", "longest"), [("city_es", 80), ("name_ja", 160), ("address_es", 255)])
def test_the_form_refuses_a_translation_too_long_and_saves_nothing(client, db, organizer, field, longest):
    center = _osaka(db)
    login(client, organizer.email)
    response = client.post("/organizer/centers/osaka", data=_form(**{field: "x" * (longest + 1), "city": "Kyoto"}))
    assert response.status_code == 422
    assert f"longer than {longest}" in response.get_data(as_text=True)
    db.expire_all()
    assert center.city == "Osaka" and center.city_translations == TRANSLATIONS["city_translations"]


def test_users_not_allowed_cannot_change_the_texts(client, db, organizer_organization, startup, investor):
    center = _osaka(db)
    data = _form(city_ja="乗っ取り", name_es="Centro robado")
    for user in (startup, investor):
        login(client, user.email)
        assert client.post("/organizer/centers/osaka", data=data).status_code == 403
        client.post("/logout")
    assert client.post("/organizer/centers/osaka", data=data).status_code in (302, 401, 403)  # anonymous
    db.expire_all()
    assert center.city_translations == TRANSLATIONS["city_translations"]
    assert center.name_translations == TRANSLATIONS["name_translations"]


# Where the center is shown


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("ja", ["大阪", "対日投資・ビジネスサポートセンター 大阪", "大阪市中央区安土町2-3-13"], ["Azuchimachi"]),
        # A Spanish city and name but no Spanish address: the center's own, and the Japanese one beside for the way.
        (
            "es",
            ["Osaka (ciudad)", "Centro de Apoyo Empresarial Osaka", "2-3-13 Azuchimachi", "大阪市中央区安土町2-3-13"],
            ["Business Support Center Osaka"],
        ),
        ("en", ["Business Support Center Osaka", "2-3-13 Azuchimachi", "大阪"], ["Centro de Apoyo"]),
    ],
)
def test_the_center_pages_show_the_texts_in_the_pages_language(client, db, language, shown, not_shown):
    _osaka(db)
    for path in ("/centers/", "/centers/osaka"):
        response = client.get(path, headers={"Accept-Language": language})
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert [words for words in shown if words not in page] == [], path
        assert [words for words in not_shown if words in page] == [], path


def test_the_organizer_list_names_the_center_in_the_pages_language(client, db, organizer):
    _osaka(db)
    login(client, organizer.email)
    page = client.get("/organizer/centers/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Osaka (ciudad)" in page and "Centro de Apoyo Empresarial Osaka" in page


def test_a_meeting_page_names_the_city_in_the_pages_language(client, db, fair, investor, startup):
    meeting = create_meeting(db, fair, create_room(db, _osaka(db), name="Umeda"), investor, startup, starts_at=START)
    login(client, startup.email)
    startup.locale = "ja"
    db.flush()
    page = client.get("/meetings/").get_data(as_text=True)
    assert meeting.room.name in page and "大阪, Umeda" in page


# Calendars


@pytest.fixture
def meeting(db, fair, investor, startup):
    return create_meeting(db, fair, create_room(db, _osaka(db), name="Umeda"), investor, startup, starts_at=START)


def test_the_ics_location_follows_the_language_with_the_centers_own_text_as_fallback(app, meeting):
    with app.test_request_context(), force_locale("ja"):
        assert (
            meeting_facts(meeting).location
            == "対日投資・ビジネスサポートセンター 大阪, Umeda, 大阪市中央区安土町2-3-13"
        )
    with app.test_request_context(), force_locale("es"):
        assert "LOCATION:Centro de Apoyo Empresarial Osaka\\, Umeda\\, 2-3-13 Azuchimachi" in _unfolded(
            meeting_file(meeting)
        )
    with app.test_request_context(), force_locale("en"):
        assert (
            meeting_facts(meeting).location
            == "Business Support Center Osaka, Umeda, 2-3-13 Azuchimachi, Chuo-ku, Osaka"
        )


def test_a_downloaded_meeting_file_names_the_center_in_the_pages_language(client, meeting, investor):
    login(client, investor.email)
    body = client.get(f"/calendar/meetings/{meeting.id}.ics", headers={"Accept-Language": "ja"}).get_data()
    assert "LOCATION:対日投資・ビジネスサポートセンター 大阪\\, Umeda\\, 大阪市中央区安土町2-3-13" in _unfolded(body)


def test_a_feed_names_the_center_in_its_owners_language_and_a_new_language_is_a_new_etag(
    app, client, db, meeting, startup
):
    startup.locale = "ja"
    db.flush()
    with app.test_request_context(headers={"Accept-Language": "es"}):  # the owner's language, not the asker's
        body = feeds.user_feed(db, startup)
    assert "LOCATION:対日投資・ビジネスサポートセンター 大阪\\, Umeda\\, 大阪市中央区安土町2-3-13" in _unfolded(body)
    url = f"/calendar/{feeds.calendar_token(db, startup)}.ics"
    first = client.get(url)
    startup.locale = "es"
    db.flush()
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and first.headers["ETag"] != second.headers["ETag"]
    assert "LOCATION:Centro de Apoyo Empresarial Osaka\\, Umeda\\, 2-3-13 Azuchimachi" in _unfolded(second.get_data())


def test_a_changed_translation_is_a_new_feed_etag(client, db, meeting, startup):
    url = f"/calendar/{feeds.calendar_token(db, startup)}.ics"
    before = client.get(url).headers["ETag"]
    meeting.center.address_translations = TRANSLATIONS["address_translations"] | {"es": "Azuchimachi 2-3-13"}
    db.flush()
    response = client.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200 and response.headers["ETag"] != before


def test_the_organizer_export_names_the_center_in_the_pages_language_with_its_own_etag(client, organizer, meeting):
    login(client, organizer.email)
    url = "/calendar/export?fair=test-fair&center=osaka"
    japanese = client.get(url, headers={"Accept-Language": "ja"})
    spanish = client.get(url, headers={"Accept-Language": "es", "If-None-Match": japanese.headers["ETag"]})
    assert japanese.status_code == spanish.status_code == 200
    assert japanese.headers["ETag"] != spanish.headers["ETag"]
    assert "X-WR-CALNAME:Test Fair / 大阪" in _unfolded(japanese.get_data())
    assert "LOCATION:Centro de Apoyo Empresarial Osaka\\, Umeda" in _unfolded(spanish.get_data())


def test_each_invitation_mail_names_the_center_in_its_recipients_language(app, db, meeting, startup, investor, outbox):
    startup.locale, investor.locale = "ja", "es"
    db.flush()
    with app.app_context():
        notify_participants(db, meeting, "scheduled")
        db.commit()
    files = {}
    for path in outbox.glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        (attachment,) = message.iter_attachments()
        files[message["To"].addresses[0].addr_spec] = str(
            Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]["LOCATION"]
        )
    assert files[startup.email] == "対日投資・ビジネスサポートセンター 大阪, Umeda, 大阪市中央区安土町2-3-13"
    assert files[investor.email] == "Centro de Apoyo Empresarial Osaka, Umeda, 2-3-13 Azuchimachi, Chuo-ku, Osaka"


# The migration


@pytest.mark.parametrize("kind", DATABASES)
def test_migration_0037_keeps_the_japanese_city_and_address_as_their_ja_translations(kind, tmp_path):
    with live_app(kind, tmp_path) as app, app.app_context():
        session = app_db.session
        old = create_center(session, slug="old-center", city_local="神戸", address_local="神戸市中央区港島南町5-5-2")
        plain = create_center(session, slug="plain-center")
        old_id, plain_id = old.id, plain.id
        session.commit()
        session.remove()
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0036")
        query = text("SELECT city_local, address_local FROM centers WHERE id = :id")
        assert tuple(session.execute(query, {"id": old_id}).one()) == ("神戸", "神戸市中央区港島南町5-5-2")
        session.remove()
        upgrade(directory=directory)
        old, plain = session.get(Center, old_id), session.get(Center, plain_id)
        assert old.city_translations == {"ja": "神戸"}
        assert old.address_translations == {"ja": "神戸市中央区港島南町5-5-2"}
        assert old.name_translations == {} and old.city_local == "神戸"
        assert plain.city_translations == {} and plain.address_translations == {} and plain.name_translations == {}


# The demo


def test_the_demo_centers_have_japanese_and_spanish_texts():
    for plan in CENTERS:
        assert set(plan.name_translations) == {"ja", "es"} and all(plan.name_translations.values())
        assert plan.city_local and plan.city_es and plan.address_local and plan.address_es


def test_seeding_the_demo_centers_stores_their_translations(db):
    seed_centers(db, SeedReport())
    tokyo = db.query(Center).filter_by(slug="tokyo").one()
    assert tokyo.city_translations == {"ja": "東京", "es": "Tokio"} and tokyo.city_local == "東京"
    assert tokyo.name_translations["es"].startswith("Centro de Apoyo") and tokyo.address_translations["ja"]


def _organizer(body: bytes) -> tuple[str, str]:
    organizer = Calendar.from_ical(body).walk("VEVENT")[0]["ORGANIZER"]
    return str(organizer.params["CN"]), str(organizer)


def test_the_organizer_of_a_meeting_file_and_feed_is_the_fair_in_the_readers_language(app, db, fair, meeting, startup):
    fair.contact_email, fair.name_translations = "desk@example.com", {"ja": "テストフェア"}
    startup.locale = "ja"
    db.flush()
    with app.test_request_context(), force_locale("ja"):
        assert _organizer(meeting_file(meeting)) == ("テストフェア", "mailto:desk@example.com")
    with app.test_request_context(headers={"Accept-Language": "es"}):  # the feed's owner reads Japanese
        assert _organizer(feeds.user_feed(db, startup)) == ("テストフェア", "mailto:desk@example.com")
    with app.test_request_context(), force_locale("es"):  # no Spanish name: the fair's own
        assert _organizer(meeting_file(meeting)) == (fair.name, "mailto:desk@example.com")
