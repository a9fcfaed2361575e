"""Booth CSV import (all or nothing, problems by row) and export."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys.models import AreaKind, Booth, HallArea, Sector
from eventsys.services.booths import floor_plan_csv as booth_import
from eventsys.services.booths.floor_plan_csv import ImportRejected

HEADER = "hall,code,x,y,width,height,type,zone,blocked\n"


@pytest.fixture
def zone(db, fair):
    """A sector the fair offers, so a zone of its booths."""
    sector = Sector(slug="robotics-i", name="Robotics")
    db.add(sector)
    fair.sectors.append(sector)
    db.flush()
    return sector


def _import(db, fair, organizer, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return booth_import.import_booths(db, fair, data, actor=organizer)


def _count(db, fair):
    return db.scalar(select(func.count()).select_from(Booth).where(Booth.fair_id == fair.id))


def test_import_adds_and_updates(db, fair, organizer, zone):
    csv = HEADER + "main,A01,2,10,3,3,Standard 3×3 m,robotics-i,yes\nmain,B01,20,20,6,6,Standard 3×3 m,,no\n"
    assert _import(db, fair, organizer, csv) == (1, 1)
    a01 = db.scalar(select(Booth).where(Booth.code == "A01"))
    assert (a01.y, a01.is_blocked, a01.sector) == (10, True, zone)
    assert _count(db, fair) == 4


def test_export_then_import_changes_nothing(db, fair, organizer):
    exported = booth_import.export_booths(db, fair)
    assert exported.splitlines()[0] == HEADER.strip()
    assert _import(db, fair, organizer, exported) == (0, 3)


@pytest.mark.parametrize(
    ("rows", "row", "message"),
    [
        ("nowhere,X1,0,0,3,3,Standard 3×3 m,,no\n", 2, "Unknown hall"),
        ("main,X1,0,0,3,3,Gold,,no\n", 2, "Unknown booth type"),
        ("main,X1,0,0,3,3,Standard 3×3 m,space,no\n", 2, "Unknown zone"),
        ("main,X1,58,0,3,3,Standard 3×3 m,,no\n", 2, "outside"),
        ("main,X1,-1,0,3,3,Standard 3×3 m,,no\n", 2, "outside"),
        ("main,X1,a,0,3,3,Standard 3×3 m,,no\n", 2, "steps of 0.5"),
        ("main,X1,0.3,0,3,3,Standard 3×3 m,,no\n", 2, "steps of 0.5"),
        ("main,X1,1e400,0,3,3,Standard 3×3 m,,no\n", 2, "steps of 0.5"),
        ("main,X1,0,0,3,3,Standard 3×3 m,,maybe\n", 2, "blocked must be"),
        ("main,X1,30,30,3,3,Standard 3×3 m,,no\nmain,X1,40,30,3,3,Standard 3×3 m,,no\n", 3, "also on row 3"),
        ("main,X1,30,30,3,3,Standard 3×3 m,,no\nmain,X2,31,31,3,3,Standard 3×3 m,,no\n", 3, "overlaps"),
        ("main,X1,3,3,3,3,Standard 3×3 m,,no\n", 2, "A01 overlaps booth X1"),
        ("main,X1,30,30,3,3,Standard 3×3 m,,no,extra\n", 2, "more columns"),
    ],
)
def test_bad_rows_are_listed_and_nothing_is_written(db, fair, organizer, rows, row, message):
    csv = HEADER + "main,Z9,40,5,3,3,Standard 3×3 m,,no\n" + rows
    with pytest.raises(ImportRejected) as refusal:
        _import(db, fair, organizer, csv)
    problems = refusal.value.problems
    assert any(number == row + 1 and message in text for number, text in problems), problems
    assert _count(db, fair) == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"hall,code\nmain,A1\n", "header must be"),
        ("hall,code,x,y,width,height,type,zone,blocked\nmain,東1,0,0,3,3,x,,no\n".encode("cp932"), "not UTF-8"),
        (HEADER.encode() + b"main,A01,0,0,3,3,Standard,,no\n" * 100_000, "larger than 2 MB"),
    ],
)
def test_unreadable_files_are_refused(db, fair, organizer, data, message):
    with pytest.raises(ImportRejected) as refusal:
        _import(db, fair, organizer, data)
    assert message in refusal.value.problems[0][1]


def test_excel_utf8_with_bom_and_japanese_codes(db, fair, organizer):
    csv = "\ufeff" + HEADER + "Main Hall,東-01,40,30,3,3,Standard 3×3 m,,0\n"
    assert _import(db, fair, organizer, csv.encode("utf-8")) == (1, 0)


def test_a_zone_the_fair_does_not_offer_is_unknown(db, fair, organizer):
    db.add(Sector(slug="space-i", name="Space"))
    db.flush()
    with pytest.raises(ImportRejected) as refusal:
        _import(db, fair, organizer, HEADER + "main,X1,30,30,3,3,Standard 3×3 m,space-i,no\n")
    assert refusal.value.problems == [(2, "Unknown zone 'space-i'.")]


def test_half_metres_and_the_halls_areas(db, fair, organizer):
    hall = fair.halls[0]
    db.add(HallArea(hall_id=hall.id, kind=AreaKind.STAGE, label="Stage", x=40, y=20, width=10, depth=5))
    db.flush()
    with pytest.raises(ImportRejected) as refusal:
        _import(db, fair, organizer, HEADER + "main,X1,42.5,22.5,2.5,3,Standard 3×3 m,,no\n")
    assert refusal.value.problems == [(2, "Booth X1 overlaps the area Stage.")]
    assert _import(db, fair, organizer, HEADER + "main,X1,30.5,22.5,2.5,3,Standard 3×3 m,,no\n") == (1, 0)
    assert "main,X1,30.5,22.5,2.5,3,Standard 3×3 m,,0" in booth_import.export_booths(db, fair)
