"""Kana long vowels in directory search: the mark ー (タロー), a repeated vowel kana (おおの) and う after an o-row
kana (たろう) find each other, and find the romaji of the same reading both ways.

Each case runs on the database of the suite (SQLite by default, PostgreSQL with EVENTSYS_TEST_DATABASE_URL).
"""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from eventsys import create_app
from eventsys.extensions import db as extension_db
from eventsys.services.directory import search as directory
from eventsys.services.directory.search import DirectoryQuery
from eventsys.services.directory.search_text import long_vowels_folded, matches, searchable, terms
from eventsys.services.meetings.requests import find_recipients
from tests.conftest import app_config
from tests.directory_factories import investor_org, startup_org
from tests.test_directory_romaji_long_vowels import scratch_database_url  # noqa: F401 (a fixture)

TARO = ["タロー", "たろう", "タロウ", "ﾀﾛｰ", "たろー"]
ONO = ["オーノ", "おおの", "オオノ", "おーの"]


def _found(db, searched: str) -> list[str]:
    return sorted(o.name for o in directory.search_startups(db, DirectoryQuery(text=searched)).items)


@pytest.mark.parametrize("stored", TARO)
@pytest.mark.parametrize("searched", [*TARO, "taro", "tarou", "tarō"])
def test_every_kana_spelling_of_taro_is_found_by_every_other_and_by_romaji(db, stored, searched):
    startup_org(db, "First Son", name_local=f"{stored}ロボ", description="Robots.")
    startup_org(db, "Tara Foods", name_local="たらフーズ", description="Food.")
    assert _found(db, searched) == ["First Son"]


@pytest.mark.parametrize("stored", ["Taro Works", "Tarou Works", "Tarō Works", "太郎ワークス"])
@pytest.mark.parametrize("searched", ["タロー", "たろう", "タロウ"])
def test_kana_finds_the_romaji_and_kanji_spellings(db, stored, searched):
    startup_org(db, stored, description="Parts.")
    startup_org(db, "Tara Foods", description="Food.")
    assert _found(db, searched) == [stored]


@pytest.mark.parametrize("stored", ONO)
@pytest.mark.parametrize("searched", [*ONO, "ohno", "ōno", "大野"])
def test_ono_in_kana_and_romaji(db, stored, searched):
    startup_org(db, "Ono Care", name_local=stored, description="Care.")
    expected = [] if searched == "大野" else ["Ono Care"]  # a kanji term is matched as written: its reading is unsure
    assert _found(db, searched) == expected


def test_kana_in_the_description_and_other_words_stay_apart(db):
    startup_org(db, "Noodle Lab", description="本格ラーメンの研究")
    startup_org(db, "Cake Lab", description="ケーキとコーヒー")
    startup_org(db, "Kamera", description="Lenses.")
    assert _found(db, "らあめん") == ["Noodle Lab"]
    assert _found(db, "コーヒ") == ["Cake Lab"]
    assert _found(db, "けえき こおひい") == ["Cake Lab"]
    assert _found(db, "ラメン") == ["Noodle Lab"]  # the accepted price, as in romaji: a short vowel finds the long
    assert _found(db, "かめら") == ["Kamera"]  # a kana term is matched by its romaji too
    assert _found(db, "あい") == []  # but not when the romaji is too short to mean anything ("ai")


def test_meeting_recipients_and_badge_lists_fold_the_same_way(db):
    startup = startup_org(db, "Asker", description="Asks.")
    investor = investor_org(db, "タローキャピタル", description="Seed investor.")
    for searched in ("たろう", "タロウ", "taro"):
        assert [o.name for o in find_recipients(db, startup, searched)] == [investor.name], searched
    assert matches("タロウ", "Taro Yamada", "山田 太郎") and matches("タロー", "Tarou Suzuki")
    assert not matches("タロー", "Tara Suzuki", "鈴木 たら")


def test_the_short_kana_fold():
    assert {long_vowels_folded(t) for t in ["たろー", "たろう", "たろ", "たろうう"]} == {"たろ"}
    assert long_vowels_folded("おおの ゆうこ きょう ふぁー らあめん") == "おの ゆこ きょ ふぁ らめん"
    assert long_vowels_folded("かい えい ー a-ー") == "かい えい ー a-ー"  # no long vowel there; ー alone is kept
    assert terms("タロー 山田 ア") == [("たろ", "taro"), ("山田",), ("あ",)]
    assert {"たろー", "たろ", "taroo", "taro"} <= set(searchable("タロー").split("\n"))


def test_migration_recomputes_search_text_of_existing_rows(tmp_path, scratch_database_url):  # noqa: F811
    """0033 on a database whose search text was folded before it: the kana short fold is added."""
    app = create_app(app_config(tmp_path, scratch_database_url))
    directory_path = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory_path, revision="0027")
        with extension_db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organizations (kind, name, name_local, country, description, verification, "
                    "is_listed, shows_ticket_size, search_text) VALUES ('startup', 'Taro Works', 'タロー', 'JP', "
                    "'Parts.', 'verified', true, true, 'taro works\ntaroo works')"
                )
            )
        upgrade(directory=directory_path, revision="0033")
        with extension_db.engine.connect() as connection:
            stored = connection.scalar(text("SELECT search_text FROM organizations"))
        extension_db.engine.dispose()
    assert stored == searchable("Taro Works", "タロー", description="Parts.")
    assert "たろー" in stored.split("\n") and "たろ" in stored.split("\n")
