"""The demo's word lists, read from its data files (eventsys/demo/data/, UTF-8) into named tuples.

- person_names.csv: a name a row: pool (a language or region), part (given_male, given_female or family), the name
  in Latin script and in local script if it has one; a family name whose feminine form differs gives that form in
  female_latin and female_local (Ivanov, Ivanova).
- name_pools.csv: per pool, how its local-script names are ordered, the countries that write them, and the chance
  of a second family name (Spanish and Portuguese style).
- countries.json: the 82 countries of the SusHi Tech scale (Japan first), the weights of the big startup nations,
  and the pools of each country's people with their weights.
- startups.json and investors.json: the words that startup and investor names are made of, and pitch material.

In the JSON files a word with a local-script form is ["Sato", "佐藤"], one without is ["Hudson"]. The generators
draw by position, so reordering or adding an entry changes the demo's names.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from typing import Any, NamedTuple

#: How a pool's local-script names are written.
LOCAL_ORDERS = ("given family", "family given", "familygiven")


class Name(NamedTuple):
    """A name or word in Latin script, with its local-script form when there is one."""

    latin: str
    local: str | None


class Family(NamedTuple):
    """A family name in its male and female forms (the same for most languages)."""

    male: Name
    female: Name


class Pool(NamedTuple):
    """The given and family names of one language or region."""

    male: tuple[Name, ...]
    female: tuple[Name, ...]
    family: tuple[Family, ...]
    #: One of LOCAL_ORDERS.
    order: str
    #: Countries whose people get the local-script form; elsewhere (a diaspora) only the Latin one.
    local_countries: frozenset[str]
    #: Chance of a second family name (Spanish and Portuguese style).
    double: float


class JapaneseWord(NamedTuple):
    """A Japanese word in romaji, katakana and kanji: ("Mirai", "ミライ", "未来")."""

    latin: str
    kana: str
    kanji: str


class SectorWords(NamedTuple):
    """Word parts and pitch material for one sector slug."""

    nouns: tuple[Name, ...]
    roots: tuple[str, ...]
    tails: tuple[str, ...]
    suffixes: tuple[str, ...]
    #: (what the startup makes, who uses it, what it achieves with "{pct}").
    offerings: tuple[tuple[str, str, str], ...]


def read_json(filename: str) -> Any:
    """A JSON data file, parsed."""
    return json.loads(resources.files("eventsys.demo").joinpath("data", filename).read_text(encoding="utf-8"))


def _read_csv(filename: str) -> list[dict[str, str]]:
    with resources.files("eventsys.demo").joinpath("data", filename).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def names(items: list[list[str]]) -> tuple[Name, ...]:
    """[["Sato", "佐藤"], ["Smith"]] -> (Name("Sato", "佐藤"), Name("Smith", None))."""
    return tuple(Name(item[0], item[1] if len(item) > 1 else None) for item in items)


def japanese_words(items: list[list[str]]) -> tuple[JapaneseWord, ...]:
    """[["Mirai", "ミライ", "未来"]] -> (JapaneseWord("Mirai", "ミライ", "未来"),)."""
    return tuple(JapaneseWord(*item) for item in items)


def read_pools() -> dict[str, Pool]:
    """The name pools of person_names.csv with the settings of name_pools.csv, by pool."""
    parts: dict[tuple[str, str], list[Name | Family]] = {}
    for row in _read_csv("person_names.csv"):
        name = Name(row["latin"], row["local"] or None)
        if row["part"] == "family":
            female = Name(row["female_latin"] or name.latin, row["female_local"] or name.local)
            parts.setdefault((row["pool"], "family"), []).append(Family(name, female))
        else:
            parts.setdefault((row["pool"], row["part"]), []).append(name)
    pools = {}
    for row in _read_csv("name_pools.csv"):
        if row["local_order"] not in LOCAL_ORDERS:
            raise ValueError(f"pool {row['pool']}: local_order must be one of {LOCAL_ORDERS}")
        pool = row["pool"]
        pools[pool] = Pool(
            tuple(parts[pool, "given_male"]),
            tuple(parts[pool, "given_female"]),
            tuple(parts[pool, "family"]),
            row["local_order"],
            frozenset(row["local_countries"].split()),
            float(row["second_family_name"] or 0),
        )
    return pools


def read_sectors(sectors: dict[str, dict[str, Any]], generic: dict[str, list[str]]) -> dict[str, SectorWords]:
    """The sectors of startups.json, each with the generic roots, tails and suffixes after its own."""
    return {
        slug: SectorWords(
            names(spec["nouns"]),
            tuple(spec["roots"] + generic["roots"]),
            tuple(spec["tails"] + generic["tails"]),
            tuple(spec["suffixes"] + generic["suffixes"]),
            tuple((item["offering"], item["users"], item["outcome"]) for item in spec["offerings"]),
        )
        for slug, spec in sectors.items()
    }
