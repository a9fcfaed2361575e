"""Deterministic, varied demo names (people, startups, investor firms) and pitches for `seed-demo --scale sushitech`.

The words come from the data files in eventsys/demo/data/ (see eventsys/demo/vocabulary.py), read once on import.
"""

from __future__ import annotations

import random

from eventsys.demo import vocabulary
from eventsys.demo.vocabulary import Name, Pool, SectorWords

_COUNTRY_DATA = vocabulary.read_json("countries.json")
_STARTUP_DATA = vocabulary.read_json("startups.json")
_INVESTOR_DATA = vocabulary.read_json("investors.json")

#: The 82 countries of the SusHi Tech scale, ISO 3166-1 alpha-2, Japan first.
COUNTRIES: tuple[str, ...] = tuple(_COUNTRY_DATA["scale"])

#: The investor types that `investor_firm_name` accepts.
INVESTOR_TYPES: tuple[str, ...] = (
    "venture_capital",
    "corporate_vc",
    "angel",
    "government_fund",
    "bank",
    "accelerator",
    "corporate_partner",
)

#: Relative weights of the big startup nations for the startups beyond one per country (the rest weigh 1).
_STARTUP_WEIGHTS: dict[str, int] = _COUNTRY_DATA["startup_weights"]

# -- People -----------------------------------------------------------------------------------------------------------

#: Given and family names per language or region.
_POOLS: dict[str, Pool] = vocabulary.read_pools()

#: Which pools a country's people come from; a pool of weight 2 is there twice, so twice as likely.
_COUNTRY_POOLS: dict[str, tuple[str, ...]] = {
    code: tuple(pool for pool, weight in pools.items() for _ in range(weight))
    for code, pools in _COUNTRY_DATA["name_pools"].items()
}

# -- Startups ---------------------------------------------------------------------------------------------------------

#: Stand-alone brand words with their katakana, first word of "Nova Robotics" (ノヴァロボティクス).
_BRAND_WORDS = vocabulary.names(_STARTUP_DATA["brand_words"])

#: Japanese words: romaji, katakana and kanji, first word of "Mirai Robotics" (ミライ… or 未来ロボティクス).
_JP_WORDS = vocabulary.japanese_words(_STARTUP_DATA["japanese_words"])

#: Second halves of fused names such as "AgriSense", for every sector.
_GENERIC_TAILS = tuple(_STARTUP_DATA["generic"]["tails"])

#: Word parts and pitch material per sector slug; nouns are English with katakana.
_SECTORS: dict[str, SectorWords] = vocabulary.read_sectors(_STARTUP_DATA["sectors"], _STARTUP_DATA["generic"])

#: The sector slugs that `startup_name` and `pitch` accept.
SECTORS: tuple[str, ...] = tuple(_SECTORS)

#: The local-flavoured first words of each country's startups (Swahili "Jua", Hebrew "Ofek", …).
_FLAVOR_WORDS: dict[str, tuple[str, ...]] = {
    code: tuple(
        word for group in _STARTUP_DATA["flavor_words"] if code in group["countries"] for word in group["words"]
    )
    for code in COUNTRIES
}

# -- Investors --------------------------------------------------------------------------------------------------------

#: Japanese regions and cities; with the business districts of Tokyo, Osaka and Fukuoka, what Japanese investors
#: are named after.
_JP_REGIONS = vocabulary.names(_INVESTOR_DATA["jp_regions"])
_JP_PLACES = vocabulary.names(_INVESTOR_DATA["jp_districts"]) + _JP_REGIONS

#: Rivers, regions and cities that name investors outside Japan, and the places of a country not listed.
_PLACES: dict[str, tuple[str, ...]] = {code: tuple(names) for code, names in _INVESTOR_DATA["places"].items()}
_DEFAULT_PLACES = tuple(_INVESTOR_DATA["default_places"])

#: Middle words of investor names ("Shibuya Frontier Ventures") and the last words by kind of investor.
_QUALIFIERS = vocabulary.names(_INVESTOR_DATA["qualifiers"])
_VC_KINDS = vocabulary.names(_INVESTOR_DATA["venture_capital"])
_CVC_KINDS = vocabulary.names(_INVESTOR_DATA["corporate_vc"])
_GOV_KINDS = vocabulary.names(_INVESTOR_DATA["government_fund"])
_GOV_KINDS_GLOBAL = tuple(_INVESTOR_DATA["government_fund_abroad"])
_BANK_KINDS = vocabulary.names(_INVESTOR_DATA["bank"])
_BANK_KINDS_GLOBAL = tuple(_INVESTOR_DATA["bank_abroad"])
_ACCELERATOR_KINDS = vocabulary.names(_INVESTOR_DATA["accelerator"])

#: Invented Japanese corporate names (no real group's), as in "Hoshino Heavy Industries", and their industries.
_JP_CORP_NAMES = vocabulary.names(_INVESTOR_DATA["jp_corporations"])
_INDUSTRIES = vocabulary.names(_INVESTOR_DATA["industries"])

#: Company legal forms by country, for corporate partners outside Japan.
_LEGAL_FORMS: dict[str, tuple[str, ...]] = {code: tuple(forms) for code, forms in _INVESTOR_DATA["legal_forms"].items()}

# -- Pitches ----------------------------------------------------------------------------------------------------------

_PITCH_VERBS = tuple(_STARTUP_DATA["pitch"]["verbs"])
_PITCH_ASKS = tuple(_STARTUP_DATA["pitch"]["asks"])
_ROUNDS = tuple(_STARTUP_DATA["pitch"]["rounds"])

# -- Generators -------------------------------------------------------------------------------------------------------


def startup_countries(rng: random.Random, count: int = 434) -> list[str]:
    """`count` shuffled country codes: 40% "JP", every other country at least once, big startup nations more."""
    japan = round(0.4 * count)
    others = COUNTRIES[1:]
    abroad = count - japan
    if japan < 1 or abroad < len(others):
        raise ValueError(f"{count} startups cannot cover all {len(COUNTRIES)} countries with 40% from Japan")
    weights = [_STARTUP_WEIGHTS.get(code, 1) for code in others]
    codes = ["JP"] * japan + list(others) + rng.choices(others, weights=weights, k=abroad - len(others))
    rng.shuffle(codes)
    return codes


def _person(rng: random.Random, country: str) -> tuple[Pool, Name, Name]:
    """A pool fitting `country`, and a given and a family name from it (a woman's or a man's)."""
    pool = _POOLS[rng.choice(_COUNTRY_POOLS.get(country, ("anglo",)))]
    female = rng.random() < 0.5
    given = rng.choice(pool.female if female else pool.male)
    first = rng.choice(pool.family)
    family = first.female if female else first.male
    if pool.double and rng.random() < pool.double:
        second = rng.choice(pool.family)
        if second is not first:
            family = Name(f"{family.latin} {(second.female if female else second.male).latin}", None)
    return pool, given, family


def _local_name(pool: Pool, country: str, given: Name, family: Name) -> str | None:
    """The name in local script, in that script's order, or None."""
    if country not in pool.local_countries or not given.local or not family.local:
        return None
    if pool.order == "familygiven":
        return family.local + given.local
    if pool.order == "family given":
        return f"{family.local} {given.local}"
    return f"{given.local} {family.local}"


def person_name(rng: random.Random, country: str) -> tuple[str, str | None]:
    """("Given Family" in Latin script, the name in local script or None), e.g. ("Taro Yamada", "山田 太郎")."""
    country = country.upper()
    pool, given, family = _person(rng, country)
    return f"{given.latin} {family.latin}", _local_name(pool, country, given, family)


def _sector_of(sector: str) -> SectorWords:
    try:
        return _SECTORS[sector]
    except KeyError:
        raise ValueError(f"unknown sector {sector!r}; expected one of {', '.join(SECTORS)}") from None


def _japanese_startup(rng: random.Random, spec: SectorWords) -> tuple[str, str]:
    """("Sakura Mobility", "サクラモビリティ株式会社") or ("Mirai Robotics", "株式会社未来ロボティクス")."""
    noun = rng.choice(spec.nouns)
    if rng.random() < 0.6:
        word = rng.choice(_JP_WORDS)
        first = Name(word.latin, word.kanji if rng.random() < 0.4 else word.kana)
    else:
        first = rng.choice(_BRAND_WORDS)
    core = f"{first.local}{noun.local}"
    local = f"株式会社{core}" if rng.random() < 0.4 else f"{core}株式会社"
    return f"{first.latin} {noun.latin}", local


def _fused(rng: random.Random, spec: SectorWords) -> str:
    """A root and a tail run together: "NeuroLoop", "AgriSense"."""
    root = rng.choice(spec.roots)
    tail = rng.choice(spec.tails)
    while tail.lower() in root.lower() or root.lower() in tail.lower():
        tail = rng.choice(_GENERIC_TAILS)
    return root + tail


def _global_startup(rng: random.Random, country: str, spec: SectorWords) -> str:
    """A name like "Kite Robotics", "NeuroLoop" or "AgriSense Labs"."""
    roll = rng.random()
    if roll < 0.4:
        flavor = _FLAVOR_WORDS.get(country)
        first = rng.choice(flavor) if flavor and rng.random() < 0.3 else rng.choice(_BRAND_WORDS).latin
        return f"{first} {rng.choice(spec.nouns).latin}"
    fused = _fused(rng, spec)
    suffix = rng.choice(spec.suffixes)
    return fused if roll < 0.75 or suffix.lower() in fused.lower() else f"{fused} {suffix}"


def startup_name(rng: random.Random, country: str, sector: str) -> tuple[str, str | None]:
    """A startup's name fitting `sector`, and for Japan its katakana/kanji name with 株式会社."""
    spec = _sector_of(sector)
    country = country.upper()
    if country == "JP":
        return _japanese_startup(rng, spec)
    return _global_startup(rng, country, spec), None


def _place(rng: random.Random, country: str) -> str:
    return rng.choice(_PLACES.get(country, _DEFAULT_PLACES))


def _place_or_brand(rng: random.Random, country: str) -> str:
    return _place(rng, country) if rng.random() < 0.5 else rng.choice(_BRAND_WORDS).latin


def _venture_capital(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Shibuya Frontier Ventures" (渋谷フロンティアベンチャーズ), "Kizuna Capital", "Kestrel Growth Partners"."""
    qualifier, kind = rng.choice(_QUALIFIERS), rng.choice(_VC_KINDS)
    if country == "JP":
        if rng.random() < 0.2:
            word = rng.choice(_JP_WORDS)
            if rng.random() < 0.5:
                return f"{word.latin} {kind.latin}", f"{word.kana}{kind.local}"
            return f"{word.latin} {qualifier.latin} {kind.latin}", f"{word.kana}{qualifier.local}{kind.local}"
        place = rng.choice(_JP_PLACES)
        return f"{place.latin} {qualifier.latin} {kind.latin}", f"{place.local}{qualifier.local}{kind.local}"
    return f"{_place_or_brand(rng, country)} {qualifier.latin} {kind.latin}", None


def _jp_corporation(rng: random.Random) -> Name:
    """An invented Japanese corporation: "Hoshino Heavy Industries" (星野重工業)."""
    name, industry = rng.choice(_JP_CORP_NAMES), rng.choice(_INDUSTRIES)
    return Name(f"{name.latin} {industry.latin}", f"{name.local}{industry.local}")


def _corporate_vc(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Hoshino Chemical Ventures" (星野化学ベンチャーズ) or "Rhein Materials Innovation Fund"."""
    kind = rng.choice(_CVC_KINDS)
    if country == "JP":
        corporation = _jp_corporation(rng) if rng.random() < 0.75 else rng.choice(_JP_CORP_NAMES)
        return f"{corporation.latin} {kind.latin}", f"{corporation.local}{kind.local}"
    return f"{_place_or_brand(rng, country)} {rng.choice(_INDUSTRIES).latin} {kind.latin}", None


def _angel(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Taro Yamada (Angel)", "Yamada Angel Partners" or "Yamada Family Office", with Japanese forms."""
    pool, given, family = _person(rng, country)
    local_full = _local_name(pool, country, given, family)
    roll = rng.random()
    if roll < 0.5:
        local = f"{local_full}（エンジェル投資家）" if local_full and country == "JP" else None
        return f"{given.latin} {family.latin} (Angel)", local
    latin_kind, local_kind = (
        ("Angel Partners", "エンジェルパートナーズ") if roll < 0.75 else ("Family Office", "ファミリーオフィス")
    )
    local = f"{family.local}{local_kind}" if local_full and country == "JP" else None
    return f"{family.latin} {latin_kind}", local


def _government_fund(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Kansai Innovation Fund" (関西イノベーションファンド) or "Baltic Deep Tech Fund"."""
    if country == "JP":
        place, kind = rng.choice(_JP_REGIONS), rng.choice(_GOV_KINDS)
        return f"{place.latin} {kind.latin}", f"{place.local}{kind.local}"
    return f"{_place(rng, country)} {rng.choice(_GOV_KINDS_GLOBAL)}", None


def _bank(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Hinode Shinkin Bank" (日の出信用金庫) or "Danube Savings Bank"."""
    if country == "JP":
        name, kind = rng.choice(_JP_CORP_NAMES), rng.choice(_BANK_KINDS)
        return f"{name.latin} {kind.latin}", f"{name.local}{kind.local}"
    return f"{_place_or_brand(rng, country)} {rng.choice(_BANK_KINDS_GLOBAL)}", None


def _accelerator(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Shibuya Startup Studio" (渋谷スタートアップスタジオ), "Kizuna Accelerator", "Negev Founders Lab"."""
    kind = rng.choice(_ACCELERATOR_KINDS)
    if country == "JP":
        if rng.random() < 0.6:
            first = rng.choice(_JP_PLACES)
        else:
            word = rng.choice(_JP_WORDS)
            first = Name(word.latin, word.kana)
        return f"{first.latin} {kind.latin}", f"{first.local}{kind.local}"
    if rng.random() < 0.5:
        return f"{_place_or_brand(rng, country)} {kind.latin}", None
    return f"{_place_or_brand(rng, country)} {rng.choice(_QUALIFIERS).latin} {kind.latin}", None


def _corporate_partner(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Hoshino Heavy Industries" (星野重工業) or "Rhein Precision AG"."""
    if country == "JP":
        corporation = _jp_corporation(rng)
        return corporation.latin, corporation.local
    name = f"{_place_or_brand(rng, country)} {rng.choice(_INDUSTRIES).latin}"
    forms = _LEGAL_FORMS.get(country, ("Group", "Ltd."))
    return f"{name} {rng.choice(forms)}", None


_INVESTOR_BUILDERS = {
    "venture_capital": _venture_capital,
    "corporate_vc": _corporate_vc,
    "angel": _angel,
    "government_fund": _government_fund,
    "bank": _bank,
    "accelerator": _accelerator,
    "corporate_partner": _corporate_partner,
}


def investor_firm_name(rng: random.Random, country: str, investor_type: str) -> tuple[str, str | None]:
    """An investor firm's name fitting `investor_type`, and for Japan its Japanese name."""
    try:
        build = _INVESTOR_BUILDERS[investor_type]
    except KeyError:
        raise ValueError(
            f"unknown investor type {investor_type!r}; expected one of {', '.join(INVESTOR_TYPES)}"
        ) from None
    return build(rng, country.upper())


def pitch(rng: random.Random, sector: str, company: str) -> str:
    """One to three sentences on what `company` does, its traction and what it seeks at the fair (< 500 chars)."""
    offering, users, outcome = rng.choice(_sector_of(sector).offerings)
    sentences = [f"{company} {rng.choice(_PITCH_VERBS)} {offering}."]
    if rng.random() < 0.8:
        outcome = outcome.format(pct=rng.randint(12, 60))
        if rng.random() < 0.5:
            sentences.append(f"Pilots with {rng.randint(3, 40)} {users} show we can {outcome}.")
        else:
            sentences.append(
                f"{users[0].upper()}{users[1:]} using it typically {outcome} within {rng.randint(2, 12)} months."
            )
    if rng.random() < 0.7:
        sentences.append(rng.choice(_PITCH_ASKS).format(round=rng.choice(_ROUNDS)))
    while len(" ".join(sentences)) >= 500 and len(sentences) > 1:
        sentences.pop()
    text = " ".join(sentences)
    return text if len(text) < 500 else text[:498].rstrip() + "…"
