"""Romaji long vowels in directory search: Hepburn macrons, wāpuro "ou" and doubled vowels, and the passport's
"oh" all find each other, on the stored names and readings and in the search terms alike.

Each case runs on the database of the suite (SQLite by default, PostgreSQL with EVENTSYS_TEST_DATABASE_URL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, make_url, text

from eventsys import create_app
from eventsys.extensions import db
from eventsys.services.directory import search as directory
from eventsys.services.directory.search import DirectoryQuery
from eventsys.services.directory.search_text import long_vowels_folded, searchable
from tests.conftest import POSTGRES_URL, app_config
from tests.directory_factories import startup_org

TARO = ["tarō", "taro", "tarou", "taroo", "TARÔ"]
ONO = ["ohno", "ono", "oono", "ōno", "Ōno", "OHNO"]


def _found(db, text: str) -> list[str]:
    return sorted(o.name for o in directory.search_startups(db, DirectoryQuery(text=text)).items)


@pytest.mark.parametrize("stored", TARO)
@pytest.mark.parametrize("searched", TARO)
def test_every_spelling_of_taro_finds_every_other(db, stored, searched):
    startup_org(db, f"{stored.capitalize()} Works", description="Precision parts.")
    assert _found(db, searched) == [f"{stored.capitalize()} Works"]


@pytest.mark.parametrize("stored", ONO)
@pytest.mark.parametrize("searched", ONO)
def test_every_spelling_of_ono_finds_every_other(db, stored, searched):
    startup_org(db, f"{stored.capitalize()} Labs", description="Sensors.")
    assert _found(db, searched) == [f"{stored.capitalize()} Labs"]


@pytest.mark.parametrize("searched", ["ohno", "ono", "oono", "ōno"])
def test_a_kanji_name_is_found_by_every_romaji_of_its_reading(db, searched):
    startup_org(db, "Osaka Care", name_local="大野ケア", description="Kanji name read おおの.")
    assert _found(db, searched) == ["Osaka Care"]


@pytest.mark.parametrize("searched", ["tarō", "taro", "tarou", "taroo"])
def test_tarou_in_kanji_is_found_by_every_spelling(db, searched):
    startup_org(db, "First Son Robotics", name_local="太郎ロボティクス", description="Read たろう.")
    assert _found(db, searched) == ["First Son Robotics"]


def test_other_matches_are_kept(db):
    """Fragments that the short fold changes still find the plain text, and other vowels stay apart."""
    startup_org(db, "Foundation Robotics", description="We help you.")
    startup_org(db, "Ohio Motors", description="Cars.")
    startup_org(db, "Tara Foods", description="Food.")
    assert _found(db, "undation") == ["Foundation Robotics"]  # the plain fold is still stored
    assert _found(db, "ohio") == ["Ohio Motors"]  # "oh" before a vowel is no long vowel
    assert _found(db, "taro") == []  # a is not o
    assert _found(db, "tara") == ["Tara Foods"]
    # The accepted price: where "ou" is no long vowel, a shorter spelling over-matches.
    assert _found(db, "fondation") == ["Foundation Robotics"]


def test_the_short_fold():
    assert {long_vowels_folded(text) for text in ["tarō", "taro", "tarou", "taroo", "tarô"]} == {"taro"}
    assert {long_vowels_folded(text) for text in ["ohno", "ono", "oono", "ōno"]} == {"ono"}
    assert long_vowels_folded("yuuko oou ouo") == "yuko o o"
    assert long_vowels_folded("amélie ohio") == "amélie ohio"  # other accents untouched
    assert searchable("Plain Latin") == "plain latin"  # nothing to shorten: one copy
    assert searchable("Ohno").split("\n") == ["ohno", "ono"]


@pytest.fixture
def scratch_database_url(tmp_path):
    """An empty database of the suite's kind: a SQLite file, or a PostgreSQL database made and dropped here."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'before.db'}"
        return
    name = f"{make_url(POSTGRES_URL).database}_0027"
    server = create_engine(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.dispose()


def test_migration_recomputes_search_text_of_existing_rows(tmp_path, scratch_database_url):
    """0027 on a database whose search text was folded before it: the short copy is added, and a downgrade and
    a second upgrade leave a text that still finds both spellings."""
    app = create_app(app_config(tmp_path, scratch_database_url))
    directory_path = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory_path, revision="0015")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organizations (kind, name, name_local, country, description, verification, "
                    "is_listed, shows_ticket_size, search_text) VALUES ('startup', 'Ohno Works', '太郎', 'JP', "
                    "'Parts.', 'verified', true, true, 'ohno works')"
                )
            )
        upgrade(directory=directory_path, revision="0027")
        downgrade(directory=directory_path, revision="0015")
        upgrade(directory=directory_path, revision="0027")
        with db.engine.connect() as connection:
            stored = connection.scalar(text("SELECT search_text FROM organizations"))
        db.engine.dispose()
    assert stored == searchable("Ohno Works", "太郎", description="Parts.")
    assert "ohno works" in stored and "ono works" in stored and "tarou" in stored and "taro" in stored
