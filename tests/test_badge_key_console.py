"""Rotating a fair's badge signing key from the organizer console: owners only, after typing the fair's slug
again; recorded in the audit log; desks get the new public key with their next sync answer, and badges printed with
the old key keep checking in until they are reprinted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, BadgeSigningKey, FairRole, FairStaff, MemberRole, Membership, Role
from eventsys.services.badges import issuing, signing
from tests.badges_factories import exhibitor, running_fair
from tests.conftest import create_user, login


@pytest.fixture
def show(db, organizer):
    return running_fair(db, organizer, slug="key-console-show")


def keys(db, fair):
    return db.scalars(select(BadgeSigningKey).where(BadgeSigningKey.fair_id == fair.id)).all()


def staff(db, fair, role: FairRole, email: str):
    person = create_user(db, Role.ORGANIZER, email=email)
    db.add(Membership(user=person, organization_id=fair.organizer_id, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=person.id, role=role))
    db.flush()
    return person


def test_an_owner_rotates_after_confirming_and_the_desks_next_sync_carries_both_keys(db, client, show, organizer):
    person = exhibitor(db, show, "Taro Yamada")
    (badge,) = [b for b in issuing.issue_badges(db, show, actor=organizer) if b.user_id == person.id]
    old_key = signing.get_signing_key(db, show)
    old_code = signing.sign_badge(badge, old_key)
    login(client, organizer.email)
    url = f"/fairs/{show.slug}/badges/signing-key"
    page = client.get(url)
    assert page.status_code == 200 and signing.public_key_text(old_key) in page.get_data(as_text=True)
    for bad in ({}, {"confirm_slug": "another-show"}, {"confirm_slug": "x" * 81}):
        answer = client.post(url, data=bad)
        assert answer.status_code == 422
    assert "Type key-console-show exactly" in client.post(url, data={"confirm_slug": "nope"}).get_data(as_text=True)
    assert len(keys(db, show)) == 1 and db.query(AuditEntry).filter_by(action="badge.rotate_key").count() == 0
    answer = client.post(url, data={"confirm_slug": show.slug})
    assert answer.status_code == 302 and answer.location.endswith(url)
    db.expire_all()
    current = signing.get_signing_key(db, show)
    assert current.id != old_key.id and len(keys(db, show)) == 2 and old_key.retired_at is not None
    (entry,) = db.query(AuditEntry).filter_by(action="badge.rotate_key").all()
    assert entry.actor_id == organizer.id and entry.details["retired"] == signing.public_key_text(old_key)
    listed = client.get(url).get_data(as_text=True)
    assert signing.public_key_text(current) in listed and signing.public_key_text(old_key) in listed
    # The desk's next sync answer carries the new key first and the retired one; the old code still checks in.
    scan = {"client_scan_id": "k1", "code": old_code, "scanned_at": datetime.now(UTC).isoformat()}
    synced = client.post(f"/desk/{show.slug}/sync", json={"desk_id": "d", "gate": "East", "scans": [scan]}).json
    assert synced["public_keys"] == [signing.public_key_text(current), signing.public_key_text(old_key)]
    assert synced["results"][0]["outcome"] == "checked_in"
    # Reprinted, the badge carries a code of the new key and the old code is refused as revoked.
    new = issuing.reprint_badge(db, badge, actor=organizer)
    assert signing.read_signed(signing.sign_badge(new, current), show.id, current.public_key) is not None
    db.commit()
    again = {"client_scan_id": "k2", "code": old_code, "scanned_at": datetime.now(UTC).isoformat()}
    refused = client.post(f"/desk/{show.slug}/sync", json={"desk_id": "d", "gate": "East", "scans": [again]}).json
    assert refused["results"][0]["outcome"] == "refused" and badge.serial in refused["revoked"]


def test_only_the_fairs_owners_see_and_rotate_the_key(db, client, show, organizer, startup):
    people = [
        startup,
        staff(db, show, FairRole.STAFF, "staff@example.com"),
        staff(db, show, FairRole.CHECK_IN, "desk@example.com"),
    ]
    url = f"/fairs/{show.slug}/badges/signing-key"
    for person in people:
        login(client, person.email)
        assert client.get(url).status_code == 403
        assert client.post(url, data={"confirm_slug": show.slug}).status_code == 403
        client.post("/logout")
    assert client.post(url, data={"confirm_slug": show.slug}).status_code == 302  # anonymous: to the login page
    assert client.get("/fairs/no-such-fair/badges/signing-key").status_code == 302
    assert len(keys(db, show)) == 1
    login(client, organizer.email)
    assert client.get("/fairs/no-such-fair/badges/signing-key").status_code == 404
    assert "signing-key" in client.get(f"/fairs/{show.slug}/badges").get_data(as_text=True)
