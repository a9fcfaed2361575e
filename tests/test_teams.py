"""Team invitations: invite by e-mail, accept with a new account or an existing one, links that expire."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, MemberRole, Membership, Role, TeamInvitation, User
from eventsys.services.accounts import teams
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from tests.conftest import PASSWORD, TEST_POLICY, create_organization, create_user, login

SECRET = "test-secret-key"


def _link(outbox) -> str:
    (path,) = list(outbox.glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    match = re.search(r"http://eventsys.test(/team/join/\S+)", message.get_content())
    assert match
    return match.group(1)


def test_invite_and_accept_with_new_account(app_context, db, startup):
    organization = startup.organization
    invitation = teams.invite_member(db, organization, "New.Colleague@Example.com", actor=startup, title="CTO")
    assert invitation.email == "new.colleague@example.com"
    token = teams.make_invitation_token(invitation, SECRET)
    found = teams.get_invitation_for_token(db, token, SECRET, 3600)
    user = teams.accept_invitation(db, found, name="Hana Ito", password="Sakura-2027-go", policy=TEST_POLICY)
    assert user.role == Role.STARTUP
    assert user.organization == organization
    assert user.memberships[0].title == "CTO"
    with pytest.raises(teams.InvalidInvitation):
        teams.get_invitation_for_token(db, token, SECRET, 3600)
    actions = set(db.scalars(select(AuditEntry.action)))
    assert {"team.invite", "team.join"} <= actions


def test_invite_again_renews_the_same_invitation_and_old_link_dies(app_context, db, investor):
    first = teams.invite_member(db, investor.organization, "a@example.com", actor=investor)
    old_token = teams.make_invitation_token(first, SECRET)
    first.sent_at = first.sent_at.replace(year=first.sent_at.year - 1)
    old_token = teams.make_invitation_token(first, SECRET)
    second = teams.invite_member(db, investor.organization, "a@example.com", actor=investor)
    assert second.id == first.id
    assert db.scalar(select(TeamInvitation.id).where(TeamInvitation.email == "a@example.com")) == first.id
    with pytest.raises(teams.InvalidInvitation):
        teams.get_invitation_for_token(db, old_token, SECRET, 10**9)


def test_existing_account_joins_only_when_logged_in_as_that_address(app_context, db, investor):
    colleague = create_user(db, Role.INVESTOR, email="colleague@example.com")
    invitation = teams.invite_member(db, investor.organization, "colleague@example.com", actor=investor)
    with pytest.raises(NotAllowed):
        teams.accept_invitation(db, invitation, name="X", password="Sakura-2027-go", policy=TEST_POLICY)
    with pytest.raises(NotAllowed):
        teams.accept_invitation(db, invitation, user=investor)
    teams.accept_invitation(db, invitation, user=colleague)
    assert investor.organization.id in {m.organization_id for m in colleague.memberships}


def test_refusals(app_context, db, startup, investor):
    with pytest.raises(NotAllowed):
        teams.invite_member(db, investor.organization, "x@example.com", actor=startup)
    with pytest.raises(InvalidInput):
        teams.invite_member(db, startup.organization, "not an address", actor=startup)
    with pytest.raises(teams.AlreadyMember):
        teams.invite_member(db, startup.organization, "startup@example.com", actor=startup)
    invitation = teams.invite_member(db, startup.organization, "y@example.com", actor=startup)
    with pytest.raises(InvalidInput):
        teams.accept_invitation(db, invitation, name="", password="", policy=TEST_POLICY)
    with pytest.raises(DomainError):
        teams.accept_invitation(db, invitation, name="Y", password="short", policy=TEST_POLICY)
    with pytest.raises(teams.InvalidInvitation):
        teams.get_invitation_for_token(db, "forged", SECRET, 3600)
    assert db.scalar(select(User.id).where(User.email == "y@example.com")) is None


def test_expired_link_is_refused(app_context, db, startup):
    invitation = teams.invite_member(db, startup.organization, "late@example.com", actor=startup)
    token = teams.make_invitation_token(invitation, SECRET)
    with pytest.raises(teams.InvalidInvitation, match="expired"):
        teams.get_invitation_for_token(db, token, SECRET, -1)


def test_team_page_invites_by_mail_and_link_creates_account(client, db, startup, outbox):
    login(client, "startup@example.com")
    page = client.get("/team/")
    assert page.status_code == 200 and "startup@example.com" in page.get_data(as_text=True)
    response = client.post("/team/", data={"email": "hana@example.com", "role": "member", "title": ""})
    assert response.status_code == 302
    link = _link(outbox)
    client.post("/logout")
    assert client.get(link).status_code == 200
    bad = client.post(link, data={"name": "Hana", "password": "x", "confirm": "x"})
    assert bad.status_code == 422
    response = client.post(link, data={"name": "Hana Ito", "password": "Sakura-2027-go", "confirm": "Sakura-2027-go"})
    assert response.status_code == 302
    hana = db.scalar(select(User).where(User.email == "hana@example.com"))
    assert hana.organization == startup.organization
    assert client.get(link).status_code == 400


def test_team_page_refuses_bad_input_and_strangers(app, client, db, startup, investor):
    assert client.get("/team/").status_code == 302
    login(client, "startup@example.com")
    assert client.post("/team/", data={"email": "nope", "role": "member"}).status_code == 422
    assert client.post("/team/", data={"email": "startup@example.com", "role": "member"}).status_code == 422
    with app.app_context():
        invitation = teams.invite_member(db, investor.organization, "z@example.com", actor=investor)
    assert client.post(f"/team/invitations/{invitation.id}/revoke").status_code == 403
    assert client.post("/team/invitations/999999/revoke").status_code == 404
    with app.app_context():
        mine = teams.invite_member(db, startup.organization, "w@example.com", actor=startup)
    assert client.post(f"/team/invitations/{mine.id}/revoke").status_code == 302
    assert mine.revoked_at is not None


def test_organizer_can_invite_into_any_organization(app_context, db, organizer):
    startup_org = create_organization(db)
    invitation = teams.invite_member(db, startup_org, "new@example.com", actor=organizer, role=MemberRole.OWNER)
    user = teams.accept_invitation(db, invitation, name="N", password="Sakura-2027-go", policy=TEST_POLICY)
    membership = db.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.role == MemberRole.OWNER
    assert PASSWORD
