"""CSV import of investors: all or nothing, errors by row, updates instead of duplicates, invitation mails."""

from __future__ import annotations

import email
import email.policy
import io
import re

import pytest
from sqlalchemy import func, select

from eventsys.models import Currency, Organization, Region, Role, Stage, User, Verification
from eventsys.services.accounts import investor_import
from eventsys.services.accounts.investor_import import ImportRefused
from tests.conftest import create_user, login
from tests.directory_factories import investor_org, investor_user, sector

HEADER = "email,name,name_local,firm,firm_local,type,country,city,sectors,stages,regions,ticket_min,ticket_max,currency,thesis,listed,show_ticket\n"  # noqa: E501
GOOD = (
    HEADER
    + 'kenji@umeda.example.com,Kenji Mori,森 健二,Umeda Capital,梅田キャピタル,venture_capital,JP,Osaka,Robotics;fintech,seed;series_a,Kansai,"10,000,000",300000000,JPY,関西のロボット,yes,no\n'  # noqa: E501
    + "aya@umeda.example.com,Aya Mori,,Umeda Capital,,venture_capital,jp,Osaka,robotics,seed,kansai,10000000,300000000,jpy,,,\n"  # noqa: E501
    + "sam@bay.example.com,Sam Lee,,Bay Angels,,angel,US,San Francisco,,pre_seed,overseas,,,,,no,\n"
)


@pytest.fixture(autouse=True)
def _sectors(db):
    sector(db, "robotics", "Robotics")
    sector(db, "fintech", "Fintech")


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_import_creates_firms_and_people_verified(app_context, db, organizer):
    result = investor_import.import_investors(db, GOOD.encode(), actor=organizer)
    assert len(result.created) == 3 and result.updated == [] and result.firms == 2
    umeda = db.scalar(select(Organization).where(Organization.name == "Umeda Capital"))
    assert umeda.name_local == "梅田キャピタル" and umeda.verification == Verification.VERIFIED
    assert (umeda.ticket_min, umeda.ticket_max, umeda.ticket_currency) == (10_000_000, 300_000_000, Currency.JPY)
    assert umeda.stages_of_interest == [Stage.SEED, Stage.SERIES_A] and umeda.regions_of_interest == [Region.KANSAI]
    assert len(umeda.memberships) == 2 and umeda.verification_decided_by_id == organizer.id
    bay = db.scalar(select(Organization).where(Organization.name == "Bay Angels"))
    assert bay.is_listed is False and bay.region == Region.OVERSEAS
    kenji = db.scalar(select(User).where(User.email == "kenji@umeda.example.com"))
    assert kenji.role == Role.INVESTOR and kenji.name_local == "森 健二"
    assert kenji.password_hash.startswith(investor_import.UNUSABLE_PASSWORD_PREFIX)


def test_existing_emails_are_updated_not_duplicated(app_context, db, organizer):
    firm = investor_org(db, "Old Name Capital", verification=Verification.PENDING)
    investor_user(db, firm, "kenji@umeda.example.com")
    users_before = _count(db, User)
    result = investor_import.import_investors(db, GOOD.encode(), actor=organizer)
    assert [u.email for u in result.updated] == ["kenji@umeda.example.com"]
    assert _count(db, User) == users_before + 2
    assert firm.name == "Umeda Capital" and firm.verification == Verification.VERIFIED
    again = investor_import.import_investors(db, GOOD.encode(), actor=organizer)
    assert again.created == [] and len(again.updated) == 3
    assert _count(db, User) == users_before + 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("not-an-email,A,,F,,angel,JP,,,,,,,,,,", "e-mail"),
        ("a@example.com,A,,F,,angel,XX,,,,,,,,,,", "ISO country code"),
        ("a@example.com,A,,F,,pirate,JP,,,,,,,,,,", "unknown type"),
        ("a@example.com,A,,F,,angel,JP,,space-mining,,,,,,,,", "unknown sector"),
        ("a@example.com,A,,F,,angel,JP,,,unicorn,,,,,,,", "unknown stage"),
        ("a@example.com,A,,F,,angel,JP,,,,mars,,,,,,", "unknown region"),
        ("a@example.com,A,,F,,angel,JP,,,,,500,100,JPY,,,", "larger than the largest"),
        ("a@example.com,A,,F,,angel,JP,,,,,ten,,JPY,,,", "not a whole number"),
        ("a@example.com,A,,F,,angel,JP,,,,,100,200,,,,", "currency"),
        ("a@example.com,A,,F,,angel,JP,,,,,100,200,EUR,,,", "JPY or USD"),
        ("a@example.com,A,,F,,angel,JP,,,,,,,,,maybe,", "yes or no"),
        ("a@example.com,,,F,,angel,JP,,,,,,,,,,", "name is empty"),
        ("a@example.com,A 𓀀,,F,,angel,JP,,,,,,,,,,", "name: the badge fonts cannot print 𓀀"),
        ("kenji@umeda.example.com,A,,F,,angel,JP,,,,,,,,,,", "also on row 2"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_row_number(db, organizer, row, message):
    users_before, firms_before = _count(db, User), _count(db, Organization)
    with pytest.raises(ImportRefused) as refused:
        investor_import.import_investors(db, (GOOD + row + "\n").encode(), actor=organizer)
    assert [(e.row, message in e.message) for e in refused.value.errors] == [(5, True)]
    assert (_count(db, User), _count(db, Organization)) == (users_before, firms_before)


def test_a_startup_address_is_refused(db, organizer):
    create_user(db, Role.STARTUP, email="sam@bay.example.com")
    with pytest.raises(ImportRefused) as refused:
        investor_import.import_investors(db, GOOD.encode(), actor=organizer)
    assert refused.value.errors[0].row == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (HEADER.encode(), "no rows"),
        (b"email,name\nx@example.com,X\n", "lacks the columns: firm, type, country"),
        (GOOD.encode("shift_jis", errors="replace"), "not in UTF-8"),
        (GOOD.encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "UTF-16 or binary"),
        (GOOD.encode() + b"x" * investor_import.MAX_BYTES, "larger than 2 MB"),
        (
            (HEADER + "a{n}@example.com,A,,F,,angel,JP,,,,,,,,,,\n" * (investor_import.MAX_ROWS + 1)).encode(),
            "more than 5000 rows",
        ),
    ],
)
def test_unreadable_files_are_refused_and_nothing_written(db, organizer, data, message):
    users_before = _count(db, User)
    with pytest.raises(ImportRefused, match=message):
        investor_import.import_investors(db, data, actor=organizer)
    assert _count(db, User) == users_before


def _upload(client, data: bytes, filename: str = "investors.csv"):
    return client.post(
        "/investors/import", data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def test_import_page_imports_and_mails_set_password_links(client, db, organizer, outbox):
    login(client, "organizer@example.com")
    assert client.get("/investors/import").status_code == 200
    response = _upload(client, GOOD.encode())
    assert response.status_code == 302
    mails = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in outbox.glob("*.eml")]
    assert sorted(m["To"] for m in mails) == ["aya@umeda.example.com", "kenji@umeda.example.com", "sam@bay.example.com"]
    kenji_mail = next(m for m in mails if m["To"] == "kenji@umeda.example.com")
    link = re.search(r"http://eventsys.test(/investors/welcome/\S+)", kenji_mail.get_content()).group(1)
    client.post("/logout")
    assert client.get(link).status_code == 200
    assert client.post(link, data={"password": "Umeda-Capital-7", "confirm": "Umeda-Capital-7"}).status_code == 302
    assert login(client, "kenji@umeda.example.com", "Umeda-Capital-7").status_code == 302
    client.post("/logout")
    assert client.get(link).status_code == 400


def test_import_page_lists_errors_by_row_and_writes_nothing(client, db, organizer, outbox):
    login(client, "organizer@example.com")
    users_before = _count(db, User)
    response = _upload(client, (GOOD + "broken,,,,,,,,,,,,,,,,\n").encode())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<td>5</td>" in html and "nothing was imported" in html
    assert _count(db, User) == users_before and list(outbox.glob("*.eml")) == []
    assert _upload(client, b"").status_code == 422
    assert client.post("/investors/import", data={}, content_type="multipart/form-data").status_code == 422


def test_import_page_is_for_organizers_only(client, db, investor):
    assert client.get("/investors/import").status_code == 302
    login(client, "investor@example.com")
    assert client.get("/investors/import").status_code == 403
    assert _upload(client, GOOD.encode()).status_code == 403
    assert db.scalar(select(User.id).where(User.email == "kenji@umeda.example.com")) is None


def test_unusable_password_cannot_log_in(app, client, db, organizer):
    with app.app_context():
        investor_import.import_investors(db, GOOD.encode(), actor=organizer)
    assert login(client, "kenji@umeda.example.com", investor_import.UNUSABLE_PASSWORD_PREFIX).status_code == 401
