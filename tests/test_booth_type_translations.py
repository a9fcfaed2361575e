"""Booth type descriptions per language: entered in the booth type form beside the translated names, refused when too
long or by someone not allowed, shown in the page's language with the fair's own text as fallback (booth, booking
and fair pages), kept by migration 0038 on both databases; and the calendar's build-up, tear-down and fair days
worded in the feed owner's (or the page's) language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_migrate import downgrade, upgrade
from icalendar import Calendar
from sqlalchemy import inspect, select

from eventsys.extensions import db as app_db
from eventsys.models import BoothType, FairRole, FairStaff, MemberRole, Membership, OrganizationKind, Role, utcnow
from eventsys.services.booths import types as type_service
from eventsys.services.booths.types import BoothTypeValues
from eventsys.services.calendars import feeds
from eventsys.services.errors import InvalidInput
from tests.badges_factories import book_booth
from tests.conftest import create_booth_type, create_fair, create_organization, create_user, login
from tests.live_database import DATABASES, live_app

DESCRIPTIONS = {"ja": "シェルスキーム、テーブルと椅子2脚付き", "es": "Stand modular con mesa y dos sillas"}
FORM = {
    "name": "Premium 6×3 m",
    "name_ja": "プレミアム",
    "description": "Shell scheme with a table and two chairs",
    "description_ja": DESCRIPTIONS["ja"],
    "description_es": DESCRIPTIONS["es"],
    "width": "6",
    "depth": "3",
    "price_jpy": "550000",
    "max_per_organization": "1",
    "colour": "#12ab34",
}


def _describe(db, booth_type: BoothType, translations: dict[str, str]) -> None:
    booth_type.description = "Shell scheme with a table and two chairs"
    booth_type.description_translations = translations
    db.flush()


def _values(**changes) -> BoothTypeValues:
    fields = {"name": "Premium", "width": 6.0, "depth": 3.0, "price_jpy": 500_000, "max_per_organization": 1}
    return BoothTypeValues(colour="#123456", **(fields | changes))


# The service


def test_the_service_saves_descriptions_per_language_without_the_empty_ones(db, fair, organizer):
    translations = {"ja": f" {DESCRIPTIONS['ja']} ", "es": "  ", "fr": ""}
    premium = type_service.create_booth_type(
        db, fair, _values(description="Two open sides", description_translations=translations), actor=organizer
    )
    assert premium.description_translations == {"ja": DESCRIPTIONS["ja"]}
    type_service.update_booth_type(
        db,
        premium,
        _values(description="Two open sides", description_translations={"es": "Dos lados"}),
        actor=organizer,
    )
    assert premium.description_translations == {"es": "Dos lados"}


def test_the_service_refuses_a_translated_description_too_long(db, fair, organizer):
    with pytest.raises(InvalidInput, match="at most 255 characters") as refused:
        type_service.create_booth_type(db, fair, _values(description_translations={"es": "x" * 256}), actor=organizer)
    assert refused.value.field == "description"


# The form


@pytest.fixture
def owner_client(client, db, fair, organizer):
    assert login(client, organizer.email).status_code == 302
    return client


def test_the_form_offers_and_saves_a_description_per_language_and_fills_it_in_again(owner_client, db, fair):
    page = owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types").get_data(as_text=True)
    assert 'name="description_ja"' in page and 'name="description_es"' in page
    assert "Description in Japanese (optional)" in page and "Description in Spanish (optional)" in page
    response = owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types", data=FORM)
    assert response.status_code == 303
    premium = next(kind for kind in fair.booth_types if kind.name == "Premium 6×3 m")
    assert premium.description_translations == DESCRIPTIONS and premium.name_translations == {"ja": "プレミアム"}
    form = owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types/{premium.id}").get_data(as_text=True)
    assert f'value="{DESCRIPTIONS["es"]}"' in form and f'value="{DESCRIPTIONS["ja"]}"' in form
    changed = FORM | {"description_es": "", "description_ja": "島小間"}
    response = owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types/{premium.id}", data=changed)
    assert response.status_code == 303
    db.expire_all()
    assert premium.description_translations == {"ja": "島小間"}


def test_the_form_labels_the_fields_in_the_pages_language(owner_client, fair):
    page = owner_client.get(f"/organizer/fairs/{fair.slug}/booth-types", headers={"Accept-Language": "es"})
    assert "Descripción en japonés (opcional)" in page.get_data(as_text=True)


@pytest.mark.parametrize("field", ["description_ja", "description_es"])
def test_the_form_refuses_a_translated_description_too_long_and_saves_nothing(owner_client, db, fair, field):
    standard = fair.booth_types[0]
    data = FORM | {"name": standard.name, "width": "3", "price_jpy": str(standard.price_jpy), field: "x" * 256}
    response = owner_client.post(f"/organizer/fairs/{fair.slug}/booth-types/{standard.id}", data=data)
    assert response.status_code == 422
    assert "longer than 255" in response.get_data(as_text=True)
    db.expire_all()
    assert standard.description_translations == {} and standard.description is None


def test_users_not_allowed_cannot_write_descriptions(app, db, fair):
    standard = fair.booth_types[0]
    staff_org = fair.organizer
    staff = create_user(db, Role.ORGANIZER)
    db.add(Membership(user=staff, organization=staff_org, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=staff.id, role=FairRole.STAFF))
    other = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    db.flush()
    data = FORM | {"name": standard.name, "width": "3", "price_jpy": str(standard.price_jpy)}
    for user in (create_user(db, Role.STARTUP), create_user(db, Role.INVESTOR), other, staff):
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        for path in (
            f"/organizer/fairs/{fair.slug}/booth-types",
            f"/organizer/fairs/{fair.slug}/booth-types/{standard.id}",
        ):
            assert client.post(path, data=data).status_code == 403, (user.email, path)
    db.expire_all()
    assert standard.description_translations == {} and len(fair.booth_types) == 1


# Where the description is shown


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("ja", DESCRIPTIONS["ja"], "Shell scheme with a table"),
        ("es", DESCRIPTIONS["es"], "Shell scheme with a table"),
        ("en", "Shell scheme with a table and two chairs", DESCRIPTIONS["ja"]),
    ],
)
def test_the_booth_and_fair_pages_show_the_description_in_the_pages_language(
    client, db, fair, language, shown, not_shown
):
    _describe(db, fair.booth_types[0], DESCRIPTIONS)
    for path in (f"/fairs/{fair.slug}/booths/A01", f"/fairs/{fair.slug}"):
        response = client.get(path, headers={"Accept-Language": language})
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert shown in page and not_shown not in page, (path, language)


def test_a_language_without_a_description_falls_back_to_the_fairs_own(client, db, fair):
    _describe(db, fair.booth_types[0], {"ja": DESCRIPTIONS["ja"]})
    for path in (f"/fairs/{fair.slug}/booths/A01", f"/fairs/{fair.slug}"):
        page = client.get(path, headers={"Accept-Language": "es"}).get_data(as_text=True)
        assert "Shell scheme with a table and two chairs" in page and DESCRIPTIONS["ja"] not in page


def test_the_booking_page_shows_the_description_in_the_pages_language(client, db, fair, startup):
    booking = book_booth(db, fair, startup)
    _describe(db, booking.booth.booth_type, DESCRIPTIONS)
    login(client, startup.email)
    for language in ("ja", "es"):
        page = client.get(f"/bookings/{booking.id}", headers={"Accept-Language": language}).get_data(as_text=True)
        assert DESCRIPTIONS[language] in page


def test_the_fair_page_follows_a_changed_description(client, db, fair):
    standard = fair.booth_types[0]
    _describe(db, standard, DESCRIPTIONS)
    assert DESCRIPTIONS["es"] in client.get(f"/fairs/{fair.slug}", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    standard.description_translations = {"es": "Nuevo texto"}
    db.flush()
    page = client.get(f"/fairs/{fair.slug}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Nuevo texto" in page and DESCRIPTIONS["es"] not in page


# The calendar


def _with_build_up(db, fair) -> None:
    start = utcnow().replace(microsecond=0) + timedelta(days=50)
    fair.build_up_starts_at, fair.build_up_ends_at = start, start + timedelta(hours=8)
    fair.tear_down_starts_at, fair.tear_down_ends_at = start + timedelta(days=5), start + timedelta(days=5, hours=4)
    fair.name_translations = {"ja": "テストフェア", "es": "Feria de prueba"}
    db.flush()


def _summaries(body: bytes) -> dict[str, str]:
    """The SUMMARY of each event of a .ics, by the kind its UID names (days, build-up, tear-down)."""
    calendar = Calendar.from_ical(body)
    return {
        str(event["UID"]).split("@")[0].split("-", 2)[-1]: str(event["SUMMARY"]) for event in calendar.walk("VEVENT")
    }


EXPECTED = {
    "ja": {
        "days": "テストフェア",
        "build-up": "搬入：ブース{code}、テストフェア",
        "tear-down": "搬出：ブース{code}、テストフェア",
    },
    "es": {
        "days": "Feria de prueba",
        "build-up": "Montaje: stand {code}, Feria de prueba",
        "tear-down": "Desmontaje: stand {code}, Feria de prueba",
    },
    "en": {
        "days": "Test Fair",
        "build-up": "Build-up: booth {code}, Test Fair",
        "tear-down": "Tear-down: booth {code}, Test Fair",
    },
}


@pytest.mark.parametrize("language", ["ja", "es", "en"])
def test_a_feed_words_build_up_tear_down_and_the_fair_days_in_its_owners_language(
    app, client, db, fair, startup, language
):
    _with_build_up(db, fair)
    booking = book_booth(db, fair, startup)
    startup.locale = language
    db.flush()
    # The owner's language, not the asker's.
    response = client.get(f"/calendar/{feeds.calendar_token(db, startup)}.ics", headers={"Accept-Language": "ja"})
    assert response.status_code == 200
    code = booking.booth.code
    expected = {kind: text.format(code=code) for kind, text in EXPECTED[language].items()}
    assert _summaries(response.data) == expected


@pytest.mark.parametrize("language", ["ja", "es", "en"])
def test_a_downloaded_booking_file_is_worded_in_the_pages_language(client, db, fair, startup, language):
    _with_build_up(db, fair)
    booking = book_booth(db, fair, startup)
    login(client, startup.email)
    response = client.get(f"/calendar/bookings/{booking.id}.ics", headers={"Accept-Language": language})
    assert response.status_code == 200
    code = booking.booth.code
    assert _summaries(response.data) == {kind: text.format(code=code) for kind, text in EXPECTED[language].items()}
    assert str(Calendar.from_ical(response.data)["X-WR-CALNAME"]) == EXPECTED[language]["days"]


def test_the_feeds_etag_follows_the_translated_fair_and_hall_names_and_the_language(client, db, fair, startup):
    _with_build_up(db, fair)
    booking = book_booth(db, fair, startup)
    startup.locale = "es"
    db.flush()
    path = f"/calendar/{feeds.calendar_token(db, startup)}.ics"
    tags = [client.get(path).headers["ETag"]]
    fair.name_translations = {"ja": "テストフェア", "es": "Feria nueva"}
    db.flush()
    tags.append(client.get(path).headers["ETag"])
    booking.booth.hall.name_translations = {"es": "Pabellón"}
    db.flush()
    response = client.get(path)
    tags.append(response.headers["ETag"])
    startup.locale = "ja"
    db.flush()
    tags.append(client.get(path).headers["ETag"])
    assert len(set(tags)) == 4
    assert "Montaje: stand" in _summaries(response.data)["build-up"]
    assert "Pabellón" in response.get_data(as_text=True).replace("\r\n ", "")


# The migration


@pytest.mark.parametrize("kind", DATABASES)
def test_migration_0038_adds_and_drops_the_description_translations(kind, tmp_path):
    with live_app(kind, tmp_path) as app, app.app_context():
        session = app_db.session
        fair = create_fair(session, slug="described")
        kind_id = create_booth_type(session, fair, description="Two open sides").id
        session.commit()
        session.remove()
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0036")
        columns = {column["name"] for column in inspect(app_db.engine).get_columns("booth_types")}
        assert "description_translations" not in columns and "description" in columns
        session.remove()
        upgrade(directory=directory)
        described = session.get(BoothType, kind_id)
        assert described.description == "Two open sides" and described.description_translations == {}
        described.description_translations = DESCRIPTIONS
        session.commit()
        session.remove()
        assert session.get(BoothType, kind_id).description_translations == DESCRIPTIONS


# The demo data


def test_the_demo_booth_types_are_described_in_japanese_and_spanish_and_keep_their_booths(db):
    from eventsys import demo
    from eventsys.models import Booth, SponsorshipPackage
    from tests.conftest import TEST_POLICY

    demo.seed_demo(db, policy=TEST_POLICY)
    kinds = db.scalars(select(BoothType)).all()
    assert kinds
    for kind in kinds:
        assert kind.description and kind.description not in ("standard", "corner", "island"), kind.name
        assert set(kind.description_translations) == {"ja", "es"}, kind.name
        assert len({kind.description, *kind.description_translations.values()}) == 3, kind.name
        assert db.scalar(select(Booth.id).where(Booth.booth_type_id == kind.id).limit(1)) is not None, kind.name
    assert all(package.booth_type is not None for package in db.scalars(select(SponsorshipPackage)))


NAMES = {"ja": ("東ホール", "スタンダード"), "es": ("Pabellón Este", "Estándar")}


@pytest.mark.parametrize("language", ["ja", "es"])
def test_the_startups_and_organizers_booth_pages_name_the_hall_and_the_type_in_the_pages_language(
    app, db, fair, startup, organizer, language
):
    booking = book_booth(db, fair, startup)
    booth, (hall_name, type_name) = booking.booth, NAMES[language]
    booth.hall.name_translations = {language: hall_name}
    booth.booth_type.name_translations = {language: type_name}
    db.flush()
    pages = {
        startup.email: [f"/bookings/{booking.id}", f"/fairs/{fair.slug}/booths/{booth.code}", f"/fairs/{fair.slug}"],
        organizer.email: [f"/organizer/fairs/{fair.slug}/booths"],
    }
    for email, paths in pages.items():
        client = app.test_client()
        login(client, email)
        for path in paths:
            page = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
            assert type_name in page, (email, path)
            assert hall_name in page or path == f"/fairs/{fair.slug}", (email, path)
