"""Search that understands Japanese: width, case in every script, hiragana and katakana, romaji and kanji.

Each case runs on the database of the suite (SQLite by default, PostgreSQL with EVENTSYS_TEST_DATABASE_URL): the
folding happens in Python on write and on the search terms, so both databases answer alike.
"""

from __future__ import annotations

import sqlite3

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from eventsys import create_app
from eventsys.models import Organization
from eventsys.services.directory import search as directory
from eventsys.services.directory.search import DirectoryQuery
from eventsys.services.directory.search_text import fold, searchable
from eventsys.services.meetings.requests import find_recipients
from tests.conftest import app_config
from tests.directory_factories import investor_org, startup_org


@pytest.fixture
def names(db):
    yamada = startup_org(db, "Yamada Robotics", name_local="山田ロボティクス", description="Care robots.")
    startup_org(db, "ＡＢＣ Ｌａｂｓ", description="Full-width company name.")
    startup_org(db, "Straße Mobility", description="ΣΟΦΙΑ Москва")
    startup_org(db, "ﾐﾄﾞﾘ Foods", description="Half-width katakana name.")
    startup_org(db, "Kame Tech", name_local="かめテック", description="Turtle robots.")
    return yamada


def _found(db, text: str) -> list[str]:
    return [o.name for o in directory.search_startups(db, DirectoryQuery(text=text)).items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", ["ＡＢＣ Ｌａｂｓ"]),  # full-width stored, half-width searched
        ("ＲＯＢＯＴＩＣＳ", ["Yamada Robotics"]),  # half-width stored, full-width searched
        ("ミドリ", ["ﾐﾄﾞﾘ Foods"]),  # half-width katakana stored, full-width searched
        ("ﾐﾄﾞﾘ", ["ﾐﾄﾞﾘ Foods"]),
    ],
)
def test_width_does_not_matter(db, names, text, expected):
    assert _found(db, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yamada ROBOTICS", ["Yamada Robotics"]),
        ("STRASSE", ["Straße Mobility"]),  # ß folds to ss
        ("σοφια", ["Straße Mobility"]),  # Greek, not only ASCII
        ("МОСКВА", ["Straße Mobility"]),  # Cyrillic
    ],
)
def test_case_does_not_matter_in_any_script(db, names, text, expected):
    assert _found(db, text) == expected


@pytest.mark.parametrize("text", ["ヤマダ", "やまだ", "ｶﾒ", "カメ", "かめ"])
def test_hiragana_and_katakana_find_each_other(db, names, text):
    expected = "Kame Tech" if text in {"ｶﾒ", "カメ", "かめ"} else "Yamada Robotics"
    assert _found(db, text) == [expected]


@pytest.mark.parametrize("text", ["yamada", "YAMADA", "ｙａｍａｄａ"])
def test_romaji_finds_a_kanji_name_by_its_reading(db, text):
    startup_org(db, "Tokyo Care", name_local="山田", description="Kanji only.")
    assert _found(db, text) == ["Tokyo Care"]


def test_kanji_finds_the_kanji_name(db, names):
    assert _found(db, "山田") == ["Yamada Robotics"]
    assert _found(db, "田中") == []


def test_search_text_is_refreshed_when_the_name_changes(db, names):
    names.name_local = "田中ロボティクス"
    db.flush()
    assert _found(db, "たなか") == ["Yamada Robotics"]
    assert _found(db, "yamada") == ["Yamada Robotics"]  # still in the Latin name
    assert _found(db, "やまだ") == ["Yamada Robotics"]  # by its romaji, in the Latin name
    assert _found(db, "やまだろぼ") == []
    assert _found(db, "山田") == []


def test_meeting_recipient_search_folds_the_same_way(db, names):
    startup = db.scalar(select(Organization).where(Organization.name == "Yamada Robotics"))
    investor = investor_org(db, "鈴木キャピタル", description="Seed investor.")
    assert [o.name for o in find_recipients(db, startup, "すずき")] == [investor.name]
    assert [o.name for o in find_recipients(db, startup, "SUZUKI")] == [investor.name]
    assert find_recipients(db, startup, "ｓｕｚｕｋｉ　nothing") == []


def test_fold_is_nfkc_casefold_and_hiragana():
    assert fold("ＡＢＣ ﾃｽﾄ Straße") == "abc てすと strasse"
    assert "やまだ" in searchable("山田") and "yamada" in searchable("山田")
    assert searchable("Plain Latin") == "plain latin"  # no reading for text without Japanese


def test_migration_fills_search_text_for_existing_rows(tmp_path):
    """0019 on a database holding organizations from before it: their folded text and readings are filled."""
    path = tmp_path / "before.db"
    app = create_app(app_config(tmp_path, f"sqlite:///{path}"))
    directory_path = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory_path, revision="0014")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO organizations (kind, name, name_local, country, description, verification, is_listed, "
            "shows_ticket_size) VALUES ('startup', 'ＡＢＣ', '山田', 'JP', 'Straße', 'verified', 1, 1)"
        )
    with app.app_context():
        upgrade(directory=directory_path, revision="0019")
        downgrade(directory=directory_path, revision="0014")
        upgrade(directory=directory_path, revision="0019")
    with sqlite3.connect(path) as connection:
        (stored,) = connection.execute("SELECT search_text FROM organizations").fetchone()
    assert stored.split("\n")[:2] == ["abc", "山田"]
    assert "やまだ" in stored and "yamada" in stored and "strasse" in stored


def test_organizer_badge_list_search_folds_and_reads_japanese(db, client, organizer):
    from eventsys.services.badges import issuing
    from tests.badges_factories import exhibitor, running_fair
    from tests.conftest import login

    show = running_fair(db, organizer, slug="reading-show", name="Reading Show 2027")
    exhibitor(db, show, "Taro Yamada", "山田 太郎")
    exhibitor(db, show, "Hanako Suzuki", "鈴木 花子")
    issuing.issue_badges(db, show, actor=organizer)
    login(client, organizer.email)
    for query in ("やまだ", "ヤマダ", "ｙａｍａｄａ", "山田", "TARO"):
        page = client.get(f"/fairs/{show.slug}/badges", query_string={"q": query}).get_data(as_text=True)
        assert "Taro Yamada" in page and "Hanako Suzuki" not in page, query
    page = client.get(f"/fairs/{show.slug}/badges", query_string={"q": "すずき はなこ"}).get_data(as_text=True)
    assert "Hanako Suzuki" in page and "Taro Yamada" not in page
