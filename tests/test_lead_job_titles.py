"""A person's optional job title: set on the profile (and at the desk for walk-ins), shared with the exhibitor who
scans the badge only under a consent whose wording named it; in the lead list and its CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from eventsys.models import Badge, LeadConsent
from eventsys.services.badges import issuing, signing
from eventsys.services.leads import consent, scanning
from tests.badges_factories import exhibitor, investor_in, running_fair
from tests.conftest import login


@pytest.fixture
def show(db, organizer):
    fair = running_fair(db, organizer, slug="title-show", name="Title Show 2027")
    scanning.set_enabled(db, fair, True, actor=organizer)
    return fair


def scan(client, show, code, scan_id):
    body = {"client_scan_id": scan_id, "code": code, "scanned_at": datetime.now(UTC).isoformat()}
    return client.post(f"/desk/{show.slug}/leads/sync", json={"scans": [body]})


def code_of(db, show, organizer, user):
    badge = next(b for b in issuing.issue_badges(db, show, actor=organizer) if b.user_id == user.id)
    return signing.sign_badge(badge, signing.get_signing_key(db, show))


def test_the_profile_takes_an_optional_job_title_of_at_most_100_characters(db, client, startup):
    login(client, startup.email)
    assert "Job title (optional)" in client.get("/account/").get_data(as_text=True)
    data = {"profile-name": startup.name, "profile-job_title": "  Head of Partnerships "}
    assert client.post("/account/profile", data=data).status_code == 302
    assert startup.job_title == "Head of Partnerships"
    for bad in ("x" * 101, "𓋹 Scribe"):
        refused = client.post("/account/profile", data={**data, "profile-job_title": bad})
        assert refused.status_code == 422
        db.refresh(startup)
        assert startup.job_title == "Head of Partnerships"
    page = client.post("/account/profile", data={**data, "profile-job_title": "x" * 101}).get_data(as_text=True)
    assert "longer than 100 characters" in page
    assert client.post("/account/profile", data={**data, "profile-job_title": ""}).status_code == 302
    assert startup.job_title is None


def test_the_title_reaches_the_exhibitor_only_with_consent(db, client, show, organizer):
    with client.application.app_context():
        assert "job title" in consent.wording_in("en") and "役職" in consent.wording_in("ja")
    booth = exhibitor(db, show, "Booth Owner")
    sharing = investor_in(db, name="Sharing Investor", email="sharing@example.com", job_title="General Partner")
    private = investor_in(db, name="Private Investor", email="private@example.com", job_title="Secret Title")
    earlier = investor_in(db, name="Earlier Investor", email="earlier@example.com", job_title="Old Wording")
    consent.record_consent(db, shares=True, language="ja", user=sharing)
    consent.record_consent(db, shares=False, language="en", user=private)
    # Agreed before the wording named the job title (as migration 0026 marks those decisions): no title.
    consent.record_consent(db, shares=True, language="en", user=earlier).covers_title = False
    codes = [code_of(db, show, organizer, person) for person in (sharing, private, earlier)]
    login(client, booth.email)
    for n, code in enumerate(codes):
        assert scan(client, show, code, f"t{n}").json["results"][0]["outcome"] == "recorded"
    rows = {row.name: row for row in scanning.get_leads(db, show, booth.organization)}
    assert rows["Sharing Investor"].job_title == "General Partner"
    assert rows["Private Investor"].job_title is None and rows["Private Investor"].email is None
    assert rows["Earlier Investor"].email == "earlier@example.com" and rows["Earlier Investor"].job_title is None
    assert [row.name for row in scanning.get_leads(db, show, booth.organization, query="general")] == [
        "Sharing Investor"
    ]

    page = client.get(f"/fairs/{show.slug}/leads").get_data(as_text=True)
    assert "General Partner" in page and "Secret Title" not in page and "Old Wording" not in page
    exported = client.get(f"/fairs/{show.slug}/leads.csv").get_data().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(exported)))
    column = table[0].index("Job title")
    assert sorted(row[column] for row in table[1:]) == ["", "", "General Partner"]
    workbook = load_workbook(io.BytesIO(client.get(f"/fairs/{show.slug}/leads.xlsx").data))
    values = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    workbook.close()
    assert values[0][column] == "Job title"
    assert sorted(str(row[column] or "") for row in values[1:]) == ["", "", "General Partner"]
    # Changing one's mind withholds the title again, for the lead already collected too.
    consent.record_consent(db, shares=False, language="ja", user=sharing)
    assert all(row.job_title is None for row in scanning.get_leads(db, show, booth.organization))


def test_a_walk_ins_title_from_the_desk_is_shared_only_with_their_consent(db, client, show, organizer):
    booth = exhibitor(db, show, "Booth Owner")
    login(client, organizer.email)
    for name, shares in (("Walk Sharing", "y"), ("Walk Private", "")):
        body = {"role": "visitor", "name": name, "job_title": "CTO", "share_with_exhibitors": shares}
        assert client.post(f"/desk/{show.slug}/walk-ins", json=body).status_code == 201
    too_long = client.post(
        f"/desk/{show.slug}/walk-ins", json={"role": "press", "name": "Long", "job_title": "x" * 101}
    )
    assert too_long.status_code == 422 and "Job title" in too_long.json["error"]["message"]
    assert db.query(Badge).filter_by(name="Long").count() == 0
    walk_ins = {b.name: b for b in issuing.get_active_badges(db, show) if b.user_id is None}
    assert {b.job_title for b in walk_ins.values()} == {"CTO"}
    reprinted = issuing.reprint_badge(db, walk_ins["Walk Sharing"], actor=organizer)
    assert reprinted.job_title == "CTO"
    consent.record_consent(db, shares=True, language="en", badge=reprinted)
    key = signing.get_signing_key(db, show)
    client.post("/logout")
    login(client, booth.email)
    for n, badge in enumerate((reprinted, walk_ins["Walk Private"])):
        assert scan(client, show, signing.sign_badge(badge, key), f"w{n}").json["results"][0]["outcome"] == "recorded"
    rows = {row.name: row for row in scanning.get_leads(db, show, booth.organization)}
    assert rows["Walk Sharing"].job_title == "CTO" and rows["Walk Private"].job_title is None
    assert db.query(LeadConsent).filter(LeadConsent.covers_title.is_(False)).count() == 0
