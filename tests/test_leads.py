"""Lead scanning: allowed by the organizer, collected by exhibitors with a confirmed booth and verified investors;
with consent the lead shows name, company and e-mail, without it only what the badge prints; filters and exports;
a startup cannot read another's leads, check-in staff and organizers none."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from eventsys.models import BadgeRole, FairRole, Lead, LeadConsent, Role
from eventsys.services.badges import issuing, signing
from eventsys.services.leads import consent, scanning
from tests.access_world import fair_member
from tests.badges_factories import exhibitor, investor_in, running_fair
from tests.conftest import create_user, login


@pytest.fixture
def show(db, organizer):
    fair = running_fair(db, organizer, slug="lead-show", name="Lead Show 2027")
    scanning.set_enabled(db, fair, True, actor=organizer)
    return fair


@pytest.fixture
def people(db, show, organizer):
    booth = exhibitor(db, show, "Booth Owner")
    rival = exhibitor(db, show, "Rival Owner")
    sharing = investor_in(db, name="Sharing Investor", email="sharing@example.com")
    private = investor_in(db, name="Private Investor", email="private@example.com")
    consent.record_consent(db, shares=False, language="en", user=sharing)
    consent.record_consent(db, shares=True, language="ja", user=sharing)  # the latest counts
    consent.record_consent(db, shares=False, language="en", user=private)
    badges = {b.user_id: b for b in issuing.issue_badges(db, show, actor=organizer)}
    key = signing.get_signing_key(db, show)
    return {
        "booth": booth,
        "rival": rival,
        "sharing": signing.sign_badge(badges[sharing.id], key),
        "private": signing.sign_badge(badges[private.id], key),
        "private_badge": badges[private.id],
    }


def scan(client, show, code, scan_id, **extra):
    body = {"client_scan_id": scan_id, "code": code, "scanned_at": datetime.now(UTC).isoformat(), **extra}
    return client.post(f"/desk/{show.slug}/leads/sync", json={"scans": [body]})


def test_consent_is_recorded_with_time_and_wording_in_the_persons_language(db, app_context):
    person = investor_in(db)
    declined = consent.record_consent(db, shares=False, language="en", user=person)
    agreed = consent.record_consent(db, shares=True, language="ja", user=person)
    assert consent.get_consent(db, person) is agreed and agreed.recorded_at >= declined.recorded_at
    assert "e-mail" in declined.wording and "メールアドレス" in agreed.wording and agreed.language == "ja"
    assert db.query(LeadConsent).filter_by(user_id=person.id).count() == 2  # every decision is kept


def test_with_consent_the_exhibitor_sees_details_without_only_the_badge(db, client, show, people):
    login(client, people["booth"].email)
    scanning.set_questions(db, show, people["booth"].organization, ["Budget?", "", "Timeline?"])
    questions = scanning.get_questions(db, show, people["booth"].organization)
    answers = {str(questions[0].id): "¥10M", "999": "ignored"}
    assert scan(client, show, people["sharing"], "s1", rating=5, notes="Wants a demo", answers=answers).json == {
        "results": [{"client_scan_id": "s1", "outcome": "recorded", "lead": db.query(Lead).one().id}]
    }
    assert scan(client, show, people["private"], "s2", rating=2).status_code == 200
    assert scan(client, show, people["private"], "s2", rating=2).status_code == 200  # sent again: one lead
    assert scan(client, show, "2.forged.Vx." + "A" * 86, "s3").json["results"][0]["outcome"] == "refused"
    rows = {row.email or row.name: row for row in scanning.get_leads(db, show, people["booth"].organization)}
    assert set(rows) == {"sharing@example.com", "Private Investor"} and db.query(Lead).count() == 2
    shared = rows["sharing@example.com"]
    assert shared.shares and shared.lead.answers == {str(questions[0].id): "¥10M"} and shared.lead.rating == 5
    withheld = rows["Private Investor"]
    assert not withheld.shares and withheld.email is None
    assert withheld.organization == people["private_badge"].organization_name  # as printed

    page = client.get(f"/fairs/{show.slug}/leads").get_data(as_text=True)
    assert "sharing@example.com" in page and "private@example.com" not in page and "Budget?" in page
    assert "Private Investor" not in client.get(f"/fairs/{show.slug}/leads?min_rating=4").get_data(as_text=True)
    assert "Private Investor" not in client.get(f"/fairs/{show.slug}/leads?shared=y").get_data(as_text=True)

    exported = client.get(f"/fairs/{show.slug}/leads.csv")
    assert exported.data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert table[0][:2] == ["Scanned at", "Name"] and table[0][-2:] == ["Budget?", "Timeline?"]
    assert len(table) == 3 and "private@example.com" not in exported.get_data(as_text=True)
    workbook = load_workbook(io.BytesIO(client.get(f"/fairs/{show.slug}/leads.xlsx?min_rating=4").data))
    sheet = workbook.active
    assert [cell.value for cell in sheet[2]][1:3] == ["Sharing Investor", None] and sheet.max_row == 2
    workbook.close()


def test_a_changed_consent_changes_what_the_exhibitor_sees(db, client, show, people):
    login(client, people["booth"].email)
    scan(client, show, people["sharing"], "c1")
    sharing_user = db.query(Lead).one().badge.user
    client.post("/logout")
    login(client, sharing_user.email)
    assert client.get("/account/lead-sharing").status_code == 200
    answer = client.post("/account/lead-sharing", data={"csrf_token": "as a browser sends it"})  # unticked
    assert answer.status_code == 302 and answer.location.endswith("/account/lead-sharing"), answer.location
    (row,) = scanning.get_leads(db, show, people["booth"].organization)
    assert not row.shares and row.email is None
    assert consent.get_consent(db, sharing_user).shares is False


def test_edit_a_lead_and_bad_input(db, client, show, people):
    login(client, people["booth"].email)
    scan(client, show, people["sharing"], "e1")
    lead = db.query(Lead).one()
    assert client.post(f"/fairs/{show.slug}/leads/{lead.id}", data={"rating": "4", "notes": "Call"}).status_code == 302
    assert (lead.rating, lead.notes) == (4, "Call")
    assert client.post(f"/fairs/{show.slug}/leads/{lead.id}", data={"rating": "9"}).status_code == 303
    assert lead.rating == 4
    bad = [
        {"scans": [{"client_scan_id": "x", "code": "c", "scanned_at": "2027-01-01T00:00:00+00:00", "rating": 6}]},
        {"scans": [{"client_scan_id": "x!", "code": "c", "scanned_at": "2027-01-01T00:00:00+00:00"}]},
        {"scans": [{"client_scan_id": "x", "code": "c", "scanned_at": "yesterday"}]},
        {"scans": "none"},
        {},
    ]
    for body in bad:
        assert client.post(f"/desk/{show.slug}/leads/sync", json=body).status_code == 422, body
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    answer = client.post(
        f"/desk/{show.slug}/leads/sync", json={"scans": [{"client_scan_id": "f", "code": "c", "scanned_at": future}]}
    )
    assert answer.status_code == 422
    assert client.post(f"/fairs/{show.slug}/leads/questions", data={"questions": "\n".join("Q" * 6)}).status_code == 303
    assert client.get(f"/fairs/{show.slug}/leads?min_rating=7").status_code == 422
    assert db.query(Lead).count() == 1


def test_who_may_read_and_collect_leads(db, client, show, organizer, organizer_organization, people):
    login(client, people["booth"].email)
    scan(client, show, people["sharing"], "w1")
    lead = db.query(Lead).one()
    client.post("/logout")
    desk_staff = fair_member(db, organizer_organization, show, FairRole.CHECK_IN)
    outsider = create_user(db, Role.STARTUP)  # no booth at this fair
    for user in (people["rival"], desk_staff, organizer, outsider):
        login(client, user.email)
        listed = client.get(f"/fairs/{show.slug}/leads")
        if user is people["rival"]:  # a startup with a booth reads its own (empty) list, never another's
            assert listed.status_code == 200 and "Sharing Investor" not in listed.get_data(as_text=True)
            assert "Sharing Investor" not in client.get(f"/fairs/{show.slug}/leads.csv").get_data(as_text=True)
            assert client.post(f"/fairs/{show.slug}/leads/{lead.id}", data={"rating": "1"}).status_code == 404
        else:
            assert listed.status_code == 403, user
            assert client.get(f"/fairs/{show.slug}/leads.xlsx").status_code == 403
            assert client.post(f"/fairs/{show.slug}/leads/{lead.id}", data={"rating": "1"}).status_code == 403
            assert scan(client, show, people["private"], "w2").status_code == 403
        client.post("/logout")
    assert lead.rating is None and db.query(Lead).count() == 1


def test_scanning_needs_the_organizers_switch_and_the_dashboard_shows_counts_only(db, client, show, organizer, people):
    login(client, people["booth"].email)
    scan(client, show, people["sharing"], "d1")
    client.post("/logout")
    login(client, organizer.email)
    page = client.get(f"/organizer/fairs/{show.slug}/dashboard").get_data(as_text=True)
    assert people["booth"].organization.name in page and "Sharing Investor" not in page
    assert client.post(f"/fairs/{show.slug}/lead-scanning", data={}).status_code == 302  # unticked: off
    assert not scanning.is_enabled(db, show)
    client.post("/logout")
    login(client, people["booth"].email)
    assert scan(client, show, people["private"], "d2").status_code == 403
    assert client.get(f"/desk/{show.slug}/leads").status_code == 403
    assert client.get(f"/fairs/{show.slug}/leads").status_code == 200  # leads already collected stay readable


def test_walk_in_consent_at_the_desk(db, client, show, organizer):
    login(client, organizer.email)
    answer = client.post(
        f"/desk/{show.slug}/walk-ins", json={"role": "visitor", "name": "Walk In", "share_with_exhibitors": "y"}
    )
    assert answer.status_code == 201
    badge = next(b for b in issuing.get_active_badges(db, show) if b.name == "Walk In")
    assert badge.role == BadgeRole.VISITOR and consent.get_sharing(db, [badge]) == {
        badge.id: consent.Sharing(True, True)
    }
