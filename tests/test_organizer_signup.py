"""Anyone may start as an organizer: sign-up makes a new organizer organization, drafts at once, publishing later.

An admin verifies the organization (/organizer/organizations) before its fairs may be published and before its
people do the work no fair owns (investor verification, centers, the directories).
"""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlalchemy import func, select

from eventsys.models import AuditEntry, MemberRole, Organization, OrganizationKind, Role, User, Verification
from eventsys.services import permissions
from eventsys.services.accounts import organizers
from eventsys.services.errors import InvalidInput, NotAllowed, NotFound
from tests.conftest import PASSWORD, create_fair, create_organization, create_user, login, signup_link

ORGANIZER = {
    "role": "organizer",
    "name": "Mei Takahashi",
    "name_local": "高橋 芽衣",
    "organization_name": "Kobe Robotics Week",
    "country": "JP",
    "password": PASSWORD,
    "confirm": PASSWORD,
}


def _mails(outbox) -> list[email.message.EmailMessage]:
    parse = email.policy.default
    return [email.message_from_bytes(p.read_bytes(), policy=parse) for p in sorted(outbox.glob("*.eml"))]


def _sign_up(client, address="mei@example.com", **changes):
    return client.post(signup_link(address), data={**ORGANIZER, **changes})


def test_an_organizer_signs_up_owning_a_new_pending_organizer_organization(client, db):
    response = _sign_up(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/organizer/")
    user = db.scalar(select(User).where(User.email == "mei@example.com"))
    organization = user.organization
    assert user.role == Role.ORGANIZER and user.memberships[0].role == MemberRole.OWNER
    assert (organization.kind, organization.name, organization.country) == (
        OrganizationKind.ORGANIZER,
        "Kobe Robotics Week",
        "JP",
    )
    assert organization.verification == Verification.PENDING
    created = select(AuditEntry.action).where(
        AuditEntry.subject_type == "Organization", AuditEntry.subject_id == organization.id
    )
    assert db.scalar(created) == "organization.create"
    console = client.get("/organizer/")
    assert console.status_code == 200
    assert "waits for an administrator" in console.get_data(as_text=True)


def test_a_new_organizer_may_start_drafts_but_not_publish_nor_act_for_every_fair(client, db):
    _sign_up(client)
    user = db.scalar(select(User).where(User.email == "mei@example.com"))
    draft = create_fair(db, organizer_id=user.organization.id)
    assert permissions.can_create_fair(user) and permissions.owns_fair(user, draft)
    assert not permissions.can_publish_fair(user, draft)
    assert not permissions.can_verify_investors(user) and not permissions.can_manage_centers(user)
    for path in ("/investors/verification", "/investors/import", "/startups/", "/investors/"):
        assert client.get(path).status_code == 403, path
    assert client.get(f"/organizer/fairs/{draft.slug}/staff").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organization_name": ""}, "This field is required"),
        ({"organization_name": "x" * 161}, "160"),
        ({"country": "XX"}, "Not a valid choice"),
        ({"name": ""}, "This field is required"),
        ({"role": "admin"}, "Not a valid choice"),
        ({"confirm": "Something-Else-1"}, "passwords differ"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(client, db, changes, message):
    response = _sign_up(client, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Organization)) == 0
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_an_address_that_got_an_account_meanwhile_is_refused(client, db):
    create_user(db, Role.STARTUP, email="mei@example.com")
    before = db.scalar(select(func.count()).select_from(Organization))
    response = _sign_up(client)
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Organization)) == before


def test_an_admin_verifies_the_organization_and_its_people_may_publish(client, db, admin, outbox):
    _sign_up(client)
    client.post("/logout")
    user = db.scalar(select(User).where(User.email == "mei@example.com"))
    draft = create_fair(db, organizer_id=user.organization.id)
    login(client, admin.email)
    page = client.get("/organizer/organizations").get_data(as_text=True)
    assert "Kobe Robotics Week" in page
    response = client.post(
        f"/organizer/organizations/{user.organization.id}/verification", data={"decision": "verified"}
    )
    assert response.status_code == 302
    assert user.organization.verification == Verification.VERIFIED
    assert permissions.can_publish_fair(user, draft) and permissions.can_verify_investors(user)
    (mail,) = _mails(outbox)
    assert mail["To"] == "mei@example.com" and "verified" in mail["Subject"]
    assert "Kobe Robotics Week is verified." in client.get("/organizer/organizations").get_data(as_text=True)
    assert "Kobe Robotics Week" not in client.get("/organizer/organizations").get_data(as_text=True)


def test_a_rejection_needs_a_reason_and_only_admins_decide(client, app_context, db, admin, organizer):
    pending = create_organization(db, OrganizationKind.ORGANIZER, verification=Verification.PENDING)
    login(client, admin.email)
    response = client.post(f"/organizer/organizations/{pending.id}/verification", data={"decision": "rejected"})
    assert response.status_code == 422 and "reason" in response.get_data(as_text=True)
    assert pending.verification == Verification.PENDING
    assert client.post(f"/organizer/organizations/{pending.id}/verification", data={}).status_code == 422
    firm = create_organization(db, OrganizationKind.INVESTOR_FIRM, verification=Verification.PENDING)
    assert (
        client.post(f"/organizer/organizations/{firm.id}/verification", data={"decision": "verified"}).status_code
        == 404
    )
    assert client.post("/organizer/organizations/999999/verification", data={"decision": "verified"}).status_code == 404
    with pytest.raises(NotAllowed):
        organizers.decide_organizer(db, pending, Verification.VERIFIED, actor=organizer)
    with pytest.raises(NotFound):
        organizers.decide_organizer(db, firm, Verification.VERIFIED, actor=admin)
    with pytest.raises(InvalidInput):
        organizers.decide_organizer(db, pending, Verification.PENDING, actor=admin)
    client.post("/logout")
    login(client, organizer.email)
    assert client.get("/organizer/organizations").status_code == 403
