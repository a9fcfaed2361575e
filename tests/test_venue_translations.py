"""A fair's venue and address per language: entered like its name, refused when too long or by someone not allowed,
shown in the page's (or recipient's) language with the fair's own text as fallback, copied with the fair, and the
Japanese ones entered before translations kept by migration 0036."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from eventsys.extensions import db as app_db
from eventsys.models import Fair, FairRole, Role
from eventsys.services.calendars import feeds
from eventsys.services.calendars.invitations import fair_days_event, fair_location
from eventsys.services.errors import InvalidInput
from eventsys.services.fairs import copying, setup
from tests.badges_factories import book_booth
from tests.conftest import create_fair, create_organization, create_user, login
from tests.fair_setup_factories import fair_settings, form_data, organizer_member
from tests.live_database import DATABASES, live_app

JAPANESE = {"venue_translations": {"ja": "東京ビッグサイト"}, "address_translations": {"ja": "江東区有明3-11-1"}}


def _write_venue(db, fair: Fair, **translations) -> None:
    fair.venue, fair.address = "Tokyo Big Sight", "3-11-1 Ariake, Koto-ku"
    fair.venue_translations = translations.get("venue", JAPANESE["venue_translations"])
    fair.address_translations = translations.get("address", JAPANESE["address_translations"])
    fair.venue_local, fair.address_local = fair.venue_translations.get("ja"), fair.address_translations.get("ja")
    db.flush()


# The service


def test_the_venue_and_address_are_saved_per_language_and_the_japanese_ones_stay_local(
    db, organizer, organizer_organization
):
    settings = fair_settings(
        venue_translations={"ja": " 東京ビッグサイト ", "es": "Tokyo Big Sight (centro)", "fr": "  "},
        address_translations={"es": "3-11-1 Ariake, distrito de Koto"},
    )
    fair = setup.create_fair(db, settings, organizer=organizer_organization, actor=organizer)
    assert fair.venue_translations == {"ja": "東京ビッグサイト", "es": "Tokyo Big Sight (centro)"}
    assert fair.address_translations == {"es": "3-11-1 Ariake, distrito de Koto"}
    assert (fair.venue_local, fair.address_local) == ("東京ビッグサイト", None)
    assert setup.settings_of(fair).venue_translations == fair.venue_translations


@pytest.mark.parametrize(
    ("overrides", "field", "longest"),
    [
        ({"venue_translations": {"es": "V" * 161}}, "venue_es", 160),
        ({"address_translations": {"ja": "住" * 256}}, "address_ja", 255),
    ],
)
def test_a_venue_or_address_too_long_is_refused_at_its_own_field(
    db, organizer, organizer_organization, overrides, field, longest
):
    with pytest.raises(InvalidInput, match=f"At most {longest} characters") as refused:
        setup.create_fair(db, fair_settings(**overrides), organizer=organizer_organization, actor=organizer)
    assert refused.value.field == field


def test_a_fair_from_before_translations_shows_its_japanese_venue_in_the_form(db, fair):
    fair.venue_local, fair.address_local = "東京ビッグサイト", "江東区有明3-11-1"
    db.flush()
    settings = setup.settings_of(fair)
    assert settings.venue_translations == {"ja": "東京ビッグサイト"}
    assert settings.address_translations == {"ja": "江東区有明3-11-1"}


def test_a_copy_keeps_the_venue_and_address_in_every_language(db, organizer, fair):
    _write_venue(db, fair, venue={"ja": "東京ビッグサイト", "es": "Centro Tokyo Big Sight"})
    copy = copying.copy_fair(
        db, fair, slug="test-fair-copy", name="Test Fair copy", starts_on=fair.starts_on, actor=None
    )
    assert copy.venue_translations == {"ja": "東京ビッグサイト", "es": "Centro Tokyo Big Sight"}
    assert copy.address_translations == JAPANESE["address_translations"] and copy.venue_local == "東京ビッグサイト"
    copy.venue_translations["es"] = "otro"  # the copy's dict is its own
    assert fair.venue_translations["es"] == "Centro Tokyo Big Sight"


# The settings form


def test_an_owner_enters_the_venue_and_address_per_language_in_the_settings_form(client, db, organizer, fair):
    login(client, organizer.email)
    form = client.get(f"/organizer/fairs/{fair.slug}/settings").get_data(as_text=True)
    assert 'name="venue_ja"' in form and 'name="address_es"' in form and 'name="venue_local"' not in form
    settings = replace(
        setup.settings_of(fair),
        venue_translations={"ja": "東京ビッグサイト", "es": "Centro de exposiciones"},
        address_translations={"ja": "江東区有明3-11-1"},
    )
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=form_data(settings))
    assert response.status_code == 303
    assert fair.venue_translations == {"ja": "東京ビッグサイト", "es": "Centro de exposiciones"}
    assert fair.venue_local == "東京ビッグサイト" and fair.address_local == "江東区有明3-11-1"
    form = client.get(f"/organizer/fairs/{fair.slug}/settings").get_data(as_text=True)
    assert 'value="Centro de exposiciones"' in form and 'lang="ja"' in form


@pytest.mark.parametrize(("field", "longest"), [("venue_es", 160), ("address_ja", 255)])
def test_the_form_refuses_a_venue_or_address_too_long_and_saves_nothing(client, db, organizer, fair, field, longest):
    login(client, organizer.email)
    data = form_data(setup.settings_of(fair), **{field: "x" * (longest + 1), "venue": "Makuhari Messe"})
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=data)
    assert response.status_code == 422
    assert f"longer than {longest}" in response.get_data(as_text=True)
    db.expire_all()
    assert fair.venue == "Tokyo Big Sight" and fair.venue_translations == {} and fair.address_translations == {}


def test_users_not_allowed_cannot_change_the_venue(client, db, fair, organizer_organization, startup):
    other = create_user(db, Role.ORGANIZER, organization=create_organization(db))
    staff = organizer_member(db, organizer_organization, fair, FairRole.STAFF)
    data = form_data(setup.settings_of(fair), venue_ja="乗っ取り会場", venue_es="Sede robada")
    for user in (startup, other, staff):
        login(client, user.email)
        assert client.post(f"/organizer/fairs/{fair.slug}/settings", data=data).status_code == 403
        client.post("/logout")
    db.expire_all()
    assert fair.venue_translations == {} and fair.venue_local is None


# Where the venue is shown


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("ja", ["東京ビッグサイト", "江東区有明3-11-1"], ["Tokyo Big Sight", "3-11-1 Ariake"]),
        # A Spanish venue but no Spanish address: the fair's own address, and the Japanese ones beside for the way.
        (
            "es",
            ["Centro Tokyo Big Sight", "3-11-1 Ariake", "東京ビッグサイト", "江東区有明3-11-1"],
            ['">Tokyo Big Sight</p>'],
        ),
        ("en", ["Tokyo Big Sight", "3-11-1 Ariake", "東京ビッグサイト"], ["Centro Tokyo Big Sight"]),
    ],
)
def test_the_fair_page_shows_the_venue_in_the_pages_language(client, db, fair, language, shown, not_shown):
    _write_venue(db, fair, venue={"ja": "東京ビッグサイト", "es": "Centro Tokyo Big Sight"})
    response = client.get(f"/fairs/{fair.slug}", headers={"Accept-Language": language})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert [words for words in shown if words not in page] == []
    assert [words for words in not_shown if words in page] == []


@pytest.mark.parametrize(
    ("language", "venue"), [("ja", "東京ビッグサイト"), ("es", "Tokyo Big Sight"), ("en", "Tokyo Big Sight")]
)
def test_the_fair_list_and_hall_page_name_the_venue_in_the_pages_language(client, db, fair, language, venue):
    _write_venue(db, fair)
    for path in ("/", f"/fairs/{fair.slug}/halls/main"):
        response = client.get(path, headers={"Accept-Language": language})
        assert response.status_code == 200 and venue in response.get_data(as_text=True)


def test_calendar_locations_follow_the_language_with_the_fairs_own_text_as_fallback(app, db, fair):
    _write_venue(db, fair, address={"ja": "江東区有明3-11-1", "es": "Ariake 3-11-1, Koto"})
    with app.test_request_context(), force_locale("ja"):
        assert str(fair_days_event(fair)["LOCATION"]) == "東京ビッグサイト, 江東区有明3-11-1, Tokyo"
    with app.test_request_context(), force_locale("es"):
        assert fair_location(fair, "Main Hall") == "Tokyo Big Sight, Main Hall, Ariake 3-11-1, Koto"
    with app.test_request_context(), force_locale("en"):
        assert fair_location(fair) == "Tokyo Big Sight, 3-11-1 Ariake, Koto-ku"


def test_a_feed_names_the_venue_in_its_owners_language(app, client, db, fair, startup):
    _write_venue(db, fair)
    book_booth(db, fair, startup)
    startup.locale = "ja"
    db.flush()
    with app.test_request_context(headers={"Accept-Language": "es"}):  # the owner's language, not the asker's
        body = feeds.user_feed(db, startup).decode()
    assert "LOCATION:東京ビッグサイト\\, 江東区有明3-11-1\\, Tokyo" in body.replace("\r\n ", "")
    first = client.get(f"/calendar/{feeds.calendar_token(db, startup)}.ics")
    startup.locale = "en"
    db.flush()
    second = client.get(f"/calendar/{feeds.calendar_token(db, startup)}.ics")
    assert first.headers["ETag"] != second.headers["ETag"]  # a change of language is a new feed
    assert "LOCATION:Tokyo Big Sight\\, 3-11-1 Ariake" in second.get_data(as_text=True).replace("\r\n ", "")


# The migration


@pytest.mark.parametrize("kind", DATABASES)
def test_migration_0036_keeps_the_japanese_venue_and_address_as_their_ja_translations(kind, tmp_path):
    with live_app(kind, tmp_path) as app, app.app_context():
        session = app_db.session
        old = create_fair(session, slug="old-venue", venue_local="幕張メッセ", address_local="千葉市美浜区中瀬2-1")
        plain = create_fair(session, slug="plain-venue")
        old_id, plain_id = old.id, plain.id
        session.commit()
        session.remove()
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0035")
        assert (
            session.execute(text("SELECT venue_local FROM fairs WHERE id = :id"), {"id": old_id}).scalar()
            == "幕張メッセ"
        )
        session.remove()
        upgrade(directory=directory)
        old, plain = session.get(Fair, old_id), session.get(Fair, plain_id)
        assert old.venue_translations == {"ja": "幕張メッセ"} and old.address_translations == {
            "ja": "千葉市美浜区中瀬2-1"
        }
        assert old.venue_local == "幕張メッセ"
        assert plain.venue_translations == {} and plain.address_translations == {}
