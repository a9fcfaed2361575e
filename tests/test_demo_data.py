"""The demo's data files: they load as packaged, have the expected sizes, and give local scripts where they should."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources

from eventsys.demo import names, vocabulary
from eventsys.demo.sectors import SECTORS

DATA = resources.files("eventsys.demo").joinpath("data")
KATAKANA = re.compile(r"[\u30a0-\u30ff]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_data_file_is_utf8_csv_or_json_that_parses() -> None:
    files = {item.name: item for item in DATA.iterdir() if not item.name.startswith(".")}
    assert set(files) == {"countries.json", "investors.json", "name_pools.csv", "person_names.csv", "startups.json"}
    for name, item in files.items():
        text = item.read_text(encoding="utf-8")
        assert json.loads(text) if name.endswith(".json") else list(csv.DictReader(text.splitlines()))


def test_82_countries_each_with_name_pools_that_exist() -> None:
    countries = vocabulary.read_json("countries.json")
    pools = vocabulary.read_pools()
    assert len(countries["scale"]) == 82 and countries["scale"][0] == "JP"
    assert set(countries["scale"]) <= set(countries["name_pools"])
    assert set(countries["startup_weights"]) <= set(countries["scale"])
    used = {pool for weights in countries["name_pools"].values() for pool in weights}
    assert used == set(pools), "every pool is used and every pool used exists"


def test_pools_have_names_and_local_script_where_their_countries_write_one() -> None:
    pools = vocabulary.read_pools()
    assert len(pools) == 66
    assert sum(len(pool.male) + len(pool.female) + len(pool.family) for pool in pools.values()) == 3313
    for key, pool in pools.items():
        assert pool.male and pool.female and pool.family, key
        everyone = [*pool.male, *pool.female, *(f.male for f in pool.family), *(f.female for f in pool.family)]
        if pool.local_countries:
            assert all(name.local for name in everyone), key
        else:
            assert not any(name.local for name in everyone), key
    assert pools["russian"].family[0].male == ("Ivanov", "Иванов")
    assert pools["russian"].family[0].female == ("Ivanova", "Иванова")
    assert pools["japanese"].order == "family given" and pools["spanish"].double == 0.5


def test_startup_and_investor_words_carry_their_japanese_forms() -> None:
    startups = vocabulary.read_json("startups.json")
    assert tuple(startups["sectors"]) == names.SECTORS == tuple(slug for slug, _ in SECTORS)
    for slug, sector in startups["sectors"].items():
        assert len(sector["offerings"]) == 5, slug
        assert all(len(noun) == 2 and KATAKANA.search(noun[1]) for noun in sector["nouns"]), slug
    assert all(len(word) == 2 and KATAKANA.search(word[1]) for word in startups["brand_words"])
    assert all(len(word) == 3 and KATAKANA.search(word[1]) for word in startups["japanese_words"])
    investors = vocabulary.read_json("investors.json")
    for key in ("jp_districts", "jp_regions", "qualifiers", "venture_capital", "jp_corporations", "industries"):
        assert all(len(word) == 2 and JAPANESE.search(word[1]) for word in investors[key]), key
    assert set(investors["places"]) >= set(names.COUNTRIES[1:])
