"""Investor firms: profile and visibility, organizers' verification, the investor directory and its privacy."""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, Currency, Region, Role, Stage, User, Verification
from eventsys.services.accounts import investors
from eventsys.services.directory import search as directory
from eventsys.services.errors import InvalidInput, NotAllowed, NotFound
from tests.conftest import create_user, login, signup_link
from tests.directory_factories import investor_org, investor_user, sector

PROFILE = {
    "name": "Shibuya Frontier Ventures",
    "name_local": "渋谷フロンティアベンチャーズ",
    "investor_type": "venture_capital",
    "country": "JP",
    "city": "Tokyo",
    "website": "https://sfv.example.com",
    "ticket_min": "10000000",
    "ticket_max": "500000000",
    "ticket_currency": "JPY",
    "sectors": ["robotics", "fintech"],
    "stages": ["seed", "series_a"],
    "regions": ["kanto", "overseas"],
    "description": "Robots and money.",
    "is_listed": "y",
}


def _mails(outbox) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(outbox.glob("*.eml"))]


@pytest.fixture
def sectors(db):
    return [sector(db, "robotics", "Robotics"), sector(db, "fintech", "Fintech")]


def test_signup_as_investor_leads_to_the_profile_and_waits_for_verification(client, db, sectors):
    response = client.post(
        signup_link("daniel@example.com"),
        data={
            "role": "investor",
            "name": "Daniel Kim",
            "organization_name": "New Fund",
            "country": "JP",
            "password": "Correct-Horse-42",
            "confirm": "Correct-Horse-42",
        },
    )
    assert response.status_code == 302 and response.location.endswith("/investors/profile")
    assert client.post("/investors/profile", data=PROFILE).status_code == 302
    firm = db.scalar(select(User).where(User.email == "daniel@example.com")).organization
    assert firm.verification == Verification.PENDING
    assert (firm.ticket_min, firm.ticket_max, firm.ticket_currency) == (10_000_000, 500_000_000, Currency.JPY)
    assert firm.stages_of_interest == [Stage.SEED, Stage.SERIES_A]
    assert firm.regions_of_interest == [Region.KANTO, Region.OVERSEAS]
    assert [s.slug for s in firm.sectors] == ["fintech", "robotics"]
    assert firm.is_listed and not firm.shows_ticket_size
    assert "渋谷フロンティアベンチャーズ" in client.get("/investors/profile").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ticket_min": "900", "ticket_max": "100"}, "larger than the largest"),
        ({"ticket_min": "-5"}, "ticket_min"),
        ({"ticket_currency": ""}, "currency"),
        ({"ticket_currency": "EUR"}, "ticket_currency"),
        ({"sectors": ["not-a-sector"]}, "sectors"),
        ({"stages": ["unicorn"]}, "stages"),
        ({"investor_type": "pirate"}, "investor_type"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"name": ""}, "name"),
    ],
)
def test_profile_bad_input_is_refused_and_nothing_changes(client, db, investor, sectors, changes, field):
    login(client, "investor@example.com")
    before = investor.organization.name
    response = client.post("/investors/profile", data={**PROFILE, **changes})
    assert response.status_code == 422
    db.expire_all()
    assert investor.organization.name == before


def test_profile_website_without_scheme_gets_https(client, db, investor, sectors):
    login(client, "investor@example.com")
    assert client.post("/investors/profile", data={**PROFILE, "website": "sfv.example.com"}).status_code in (302, 303)
    db.expire_all()
    assert investor.organization.website == "https://sfv.example.com"


def test_profile_page_is_for_investors_only(client, db, startup, organizer):
    assert client.get("/investors/profile").status_code == 302
    login(client, "startup@example.com")
    assert client.get("/investors/profile").status_code == 403
    assert client.post("/investors/profile", data=PROFILE).status_code == 403


def test_update_profile_service_refuses_strangers_and_non_investors(db, investor, startup):
    profile = investors.InvestorProfile(name="X", country="JP", investor_type=investors.InvestorType.ANGEL)
    with pytest.raises(NotAllowed):
        investors.update_profile(db, investor.organization, profile, actor=startup)
    with pytest.raises(NotFound):
        investors.update_profile(db, startup.organization, profile, actor=startup)
    with pytest.raises(InvalidInput):
        investors.check_ticket_range(5, 1, Currency.USD)


def test_organizer_verifies_and_rejects_with_reason_mailed_and_audited(client, db, organizer, outbox):
    pending = investor_org(db, "Bayside Seed", verification=Verification.PENDING)
    investor_user(db, pending, "priya@example.com")
    other = investor_org(db, "Dubious Fund", verification=Verification.PENDING)
    investor_user(db, other, "dubious@example.com")
    login(client, "organizer@example.com")
    queue = client.get("/investors/verification").get_data(as_text=True)
    assert "Bayside Seed" in queue and "priya@example.com" in queue
    assert client.post(f"/investors/{pending.id}/verification", data={"decision": "verified"}).status_code == 302
    response = client.post(f"/investors/{other.id}/verification", data={"decision": "rejected", "reason": ""})
    assert response.status_code == 422 and other.verification == Verification.PENDING
    response = client.post(
        f"/investors/{other.id}/verification", data={"decision": "rejected", "reason": "No fund registration found."}
    )
    assert response.status_code == 302
    assert (pending.verification, other.verification) == (Verification.VERIFIED, Verification.REJECTED)
    assert other.verification_decided_by_id == organizer.id and other.verification_decided_at is not None
    mails = _mails(outbox)
    assert [m["To"] for m in mails] == ["priya@example.com", "dubious@example.com"]
    assert "No fund registration found." in mails[1].get_content()
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "Organization")).all()
    assert "investor.verified" in actions and "investor.rejected" in actions
    assert "Bayside" not in client.get("/investors/verification").get_data(as_text=True)


def test_only_organizers_see_pending_investors(client, db, startup, investor):
    investor_org(db, "Secret Pending Fund", verification=Verification.PENDING)
    for who in ("startup@example.com", "investor@example.com"):
        login(client, who)
        assert client.get("/investors/verification").status_code == 403
        assert client.post("/investors/1/verification", data={"decision": "verified"}).status_code == 403
        client.post("/logout")
    login(client, "startup@example.com")
    assert "Secret Pending Fund" not in client.get("/investors/").get_data(as_text=True)
    assert "Secret Pending Fund" not in client.get("/api/v1/directory/investors").get_data(as_text=True)


def test_decide_verification_refusals(db, organizer, investor, startup):
    with pytest.raises(NotAllowed):
        investors.decide_verification(db, investor.organization, Verification.VERIFIED, actor=investor)
    with pytest.raises(NotFound):
        investors.decide_verification(db, startup.organization, Verification.VERIFIED, actor=organizer)
    with pytest.raises(InvalidInput):
        investors.decide_verification(db, investor.organization, Verification.PENDING, actor=organizer)


def test_organizer_decision_on_unknown_firm_is_404(client, organizer):
    login(client, "organizer@example.com")
    assert client.post("/investors/999999/verification", data={"decision": "verified"}).status_code == 404


@pytest.fixture
def firms(db, sectors):
    listed = investor_org(db, "Listed Capital", sectors=["robotics"], name_local="リステッド・キャピタル")
    investor_user(db, listed, "partner@listed.example.com")
    return {
        "listed": listed,
        "hidden_ticket": investor_org(db, "Quiet Ticket Partners", sectors=["fintech"], shows_ticket_size=False),
        "unlisted": investor_org(db, "Unlisted Holdings", is_listed=False),
        "pending": investor_org(db, "Pending Partners", verification=Verification.PENDING),
        "rejected": investor_org(db, "Rejected Ventures", verification=Verification.REJECTED),
    }


def test_investor_directory_shows_only_verified_listed_firms(db, firms):
    page = directory.search_investors(db, directory.DirectoryQuery())
    assert [card.name for card in page.items] == ["Listed Capital", "Quiet Ticket Partners"]
    assert [c.name for c in directory.search_investors(db, directory.DirectoryQuery(text="キャピタル")).items] == [
        "Listed Capital"
    ]
    assert [c.name for c in directory.search_investors(db, directory.DirectoryQuery(sectors=("fintech",))).items] == [
        "Quiet Ticket Partners"
    ]
    for hidden in ("unlisted", "pending", "rejected"):
        assert directory.get_listed_investor(db, firms[hidden].id) is None


def test_startup_never_sees_investor_email_or_hidden_fields(client, db, firms, startup):
    login(client, "startup@example.com")
    listing = client.get("/investors/").get_data(as_text=True)
    api = client.get("/api/v1/directory/investors").json
    quiet = client.get(f"/investors/{firms['hidden_ticket'].id}").get_data(as_text=True)
    listed = client.get(f"/investors/{firms['listed'].id}").get_data(as_text=True)
    assert "partner@listed.example.com" not in listing + quiet + listed + str(api)
    assert "@" not in str(api)
    assert "10,000,000" in listed and "10,000,000" not in quiet
    by_name = {item["name"]: item for item in api["items"]}
    assert by_name["Quiet Ticket Partners"]["ticket_min"] is None
    assert by_name["Listed Capital"]["ticket_max"] == 300_000_000
    assert "Unlisted Holdings" not in listing and "Unlisted Holdings" not in str(api)
    for hidden in ("unlisted", "pending", "rejected"):
        assert client.get(f"/investors/{firms[hidden].id}").status_code == 404


def test_investor_directory_is_for_startups_and_organizers(client, db, firms, investor, organizer):
    assert client.get("/investors/").status_code == 302
    assert client.get("/api/v1/directory/investors").status_code == 401
    login(client, "investor@example.com")
    assert client.get("/investors/").status_code == 403
    assert client.get("/api/v1/directory/investors").status_code == 403
    client.post("/logout")
    login(client, "organizer@example.com")
    assert client.get("/investors/?q=listed").status_code == 200


def test_pending_investor_is_not_a_verified_investor(db):
    pending = investor_user(db, investor_org(db, "P", verification=Verification.PENDING), "pp@example.com")
    verified = investor_user(db, investor_org(db, "V"), "vv@example.com")
    assert not investors.can_see_contacts(pending) and investors.can_see_contacts(verified)
    assert not investors.can_see_contacts(create_user(db, Role.STARTUP))
