"""Demo names: 82 countries, deterministic output, local scripts, short pitches and few name collisions."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from eventsys.demo import names as demo_names

KANJI = re.compile(r"[\u4e00-\u9fff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_countries_are_82_distinct_codes_with_japan_first() -> None:
    assert len(demo_names.COUNTRIES) == 82
    assert len(set(demo_names.COUNTRIES)) == 82
    assert demo_names.COUNTRIES[0] == "JP"
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in demo_names.COUNTRIES)


def test_startup_countries_cover_all_82_with_40_percent_from_japan() -> None:
    countries = demo_names.startup_countries(random.Random(1))
    assert len(countries) == 434
    assert Counter(countries)["JP"] == 174
    assert set(countries) == set(demo_names.COUNTRIES)


def test_startup_countries_reject_a_count_too_small_for_82_countries() -> None:
    with pytest.raises(ValueError):
        demo_names.startup_countries(random.Random(1), 100)


def _everything(seed: int) -> list[object]:
    rng = random.Random(seed)
    out: list[object] = [demo_names.startup_countries(rng)]
    for country in ("JP", "US", "KR", "CN", "DE"):
        out.append(demo_names.person_name(rng, country))
        for sector in demo_names.SECTORS:
            name = demo_names.startup_name(rng, country, sector)
            out += [name, demo_names.pitch(rng, sector, name[0])]
        out += [demo_names.investor_firm_name(rng, country, kind) for kind in demo_names.INVESTOR_TYPES]
    return out


def test_same_seed_gives_same_output() -> None:
    assert _everything(42) == _everything(42)
    assert _everything(42) != _everything(43)


def test_japanese_people_have_kanji_names_family_name_first() -> None:
    rng = random.Random(3)
    for _ in range(200):
        latin, local = demo_names.person_name(rng, "JP")
        given, family = latin.split(" ")
        assert local is not None and KANJI.search(local), (latin, local)
        local_family, _local_given = local.split(" ")
        assert KANJI.search(local_family)
        assert given and family


def test_korean_people_have_hangul_names() -> None:
    rng = random.Random(4)
    for _ in range(100):
        latin, local = demo_names.person_name(rng, "KR")
        assert local is not None and HANGUL.fullmatch(local[0]) and len(local) in (2, 3, 4), (latin, local)


def test_other_local_scripts() -> None:
    rng = random.Random(5)
    scripts = {
        "CN": r"[\u4e00-\u9fff]+",
        "TH": r"[\u0e00-\u0e7f ]+",
        "UA": r"[\u0400-\u04ff ]+",
        "IL": r"[\u0590-\u05ff ]+",
    }
    for country, script in scripts.items():
        for _ in range(30):
            latin, local = demo_names.person_name(rng, country)
            assert local is not None and re.fullmatch(script, local), (country, latin, local)
    assert demo_names.person_name(rng, "FR")[1] is None


def test_every_country_gets_a_latin_given_and_family_name() -> None:
    rng = random.Random(6)
    for country in demo_names.COUNTRIES:
        latin, _local = demo_names.person_name(rng, country)
        assert len(latin.split(" ")) >= 2 and not re.search(r"[\u0400-\u04ff\u4e00-\u9fff\uac00-\ud7a3]", latin)


def test_pitch_is_short_for_every_sector() -> None:
    rng = random.Random(7)
    for sector in demo_names.SECTORS:
        for _ in range(50):
            company = demo_names.startup_name(rng, "SG", sector)[0]
            text = demo_names.pitch(rng, sector, company)
            assert 0 < len(text) < 500
            assert text.startswith(company)


def test_japanese_startups_and_firms_have_japanese_names() -> None:
    rng = random.Random(8)
    for sector in demo_names.SECTORS:
        latin, local = demo_names.startup_name(rng, "JP", sector)
        assert latin.isascii() and local is not None and "株式会社" in local
    for kind in demo_names.INVESTOR_TYPES:
        latin, local = demo_names.investor_firm_name(rng, "JP", kind)
        assert local is not None, (kind, latin)
        assert demo_names.investor_firm_name(rng, "FR", kind)[1] is None


def test_unknown_sector_or_investor_type_is_an_error() -> None:
    with pytest.raises(ValueError):
        demo_names.startup_name(random.Random(1), "JP", "quantum-cooking")
    with pytest.raises(ValueError):
        demo_names.investor_firm_name(random.Random(1), "JP", "hedge_fund")


def test_434_startup_names_rarely_collide() -> None:
    rng = random.Random(1)
    countries = demo_names.startup_countries(rng)
    sectors = demo_names.SECTORS
    names = [demo_names.startup_name(rng, country, sectors[n % len(sectors)])[0] for n, country in enumerate(countries)]
    assert len(set(names)) >= 400


def test_635_investor_firm_names_rarely_collide() -> None:
    rng = random.Random(2)
    names = [
        demo_names.investor_firm_name(rng, rng.choice(("JP",) * 11 + demo_names.COUNTRIES[1:13]), kind)[0]
        for kind in demo_names.INVESTOR_TYPES
        for _ in range(91)
    ]
    assert len(set(names)) >= 600
