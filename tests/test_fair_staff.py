"""A fair's staff page: owners give members a role, invite people by e-mail with a role, and withdraw invitations."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from sqlalchemy import func, select

from eventsys.models import (
    AuditEntry,
    FairRole,
    FairStaff,
    MemberRole,
    Membership,
    OrganizationKind,
    Role,
    TeamInvitation,
    User,
)
from eventsys.services.accounts import fair_staff, teams
from eventsys.services.errors import NotAllowed
from tests.access_world import fair_member
from tests.conftest import PASSWORD, TEST_POLICY, create_fair, create_organization, create_user, login

SECRET = "test-secret-key"


def _mails(outbox) -> list[email.message.EmailMessage]:
    parse = email.policy.default
    return [email.message_from_bytes(p.read_bytes(), policy=parse) for p in sorted(outbox.glob("*.eml"))]


def _join_link(message) -> str:
    match = re.search(r"http://eventsys.test(/team/join/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def _row(db, fair, user) -> FairStaff | None:
    return db.scalar(select(FairStaff).where(FairStaff.fair_id == fair.id, FairStaff.user_id == user.id))


@pytest.fixture
def member(db, organizer_organization, fair):
    """A plain member of the fair's organization, without a role at the fair yet."""
    return fair_member(db, organizer_organization, fair, None)


def test_the_owner_sees_every_member_with_their_role_at_the_fair(client, db, fair, organizer, organizer_organization):
    desk = fair_member(db, organizer_organization, fair, FairRole.CHECK_IN)
    nobody = fair_member(db, organizer_organization, fair, None)
    sister = create_fair(db, organizer_id=organizer_organization.id)
    db.add(FairStaff(fair=sister, user=nobody, role=FairRole.STAFF))  # a role elsewhere is not a role here
    db.flush()
    login(client, organizer.email)
    page = client.get(f"/organizer/fairs/{fair.slug}/staff")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert organizer.email in html and "owns the organization" in html
    assert desk.email in html and nobody.email in html
    rows = {m.user.id: m.role for m in fair_staff.get_staff(db, fair)}
    assert rows == {organizer.id: FairRole.OWNER, desk.id: FairRole.CHECK_IN, nobody.id: None}


def test_an_owner_changes_and_removes_a_role_audited_and_mailed(client, db, fair, organizer, member, outbox):
    member.locale = "ja"
    db.flush()
    login(client, organizer.email)
    response = client.post(f"/organizer/fairs/{fair.slug}/staff/{member.id}", data={"role": "check_in"})
    assert response.status_code == 302
    assert _row(db, fair, member).role == FairRole.CHECK_IN
    (mail,) = _mails(outbox)
    assert mail["To"] == member.email and "Test Fair" in mail["Subject"]
    assert "/checkin?fair=test-fair" in mail.get_content()
    assert mail["Subject"] != "Your role at Test Fair"  # worded in the member's language, Japanese
    client.post(f"/organizer/fairs/{fair.slug}/staff/{member.id}", data={"role": "none"})
    assert _row(db, fair, member) is None
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "fair_staff.role").order_by(AuditEntry.id))
    assert [(e.fair_id, e.details["previous"], e.details["role"]) for e in entries] == [
        (fair.id, None, "check_in"),
        (fair.id, "check_in", None),
    ]


def test_bad_roles_and_people_outside_the_organization_are_refused(client, db, fair, organizer, member):
    outsider = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    login(client, organizer.email)
    assert client.post(f"/organizer/fairs/{fair.slug}/staff/{member.id}", data={"role": "admin"}).status_code == 422
    assert client.post(f"/organizer/fairs/{fair.slug}/staff/{member.id}", data={}).status_code == 422
    assert client.post(f"/organizer/fairs/{fair.slug}/staff/{outsider.id}", data={"role": "staff"}).status_code == 404
    assert client.post(f"/organizer/fairs/{fair.slug}/staff/999999", data={"role": "staff"}).status_code == 404
    assert db.scalar(select(func.count()).select_from(FairStaff)) == 0


def test_an_owner_of_the_organization_owns_every_fair_and_is_not_changed_per_fair(client, db, fair, organizer):
    login(client, organizer.email)
    response = client.post(f"/organizer/fairs/{fair.slug}/staff/{organizer.id}", data={"role": "check_in"})
    assert response.status_code == 409
    assert "owns the organization" in response.get_data(as_text=True)
    assert _row(db, fair, organizer) is None


def test_the_last_owner_of_a_fair_cannot_be_removed(client, db):
    organization = create_organization(db, OrganizationKind.ORGANIZER)  # nobody owns the organization itself
    fair = create_fair(db, organizer_id=organization.id)
    owner = fair_member(db, organization, fair, FairRole.OWNER)
    login(client, owner.email)
    response = client.post(f"/organizer/fairs/{fair.slug}/staff/{owner.id}", data={"role": "staff"})
    assert response.status_code == 409
    assert "last owner" in response.get_data(as_text=True)
    assert _row(db, fair, owner).role == FairRole.OWNER
    second = fair_member(db, organization, fair, None)
    assert client.post(f"/organizer/fairs/{fair.slug}/staff/{second.id}", data={"role": "owner"}).status_code == 302
    assert client.post(f"/organizer/fairs/{fair.slug}/staff/{owner.id}", data={"role": "staff"}).status_code == 302
    assert _row(db, fair, owner).role == FairRole.STAFF
    assert fair_staff.count_owners(db, fair) == 1


def test_an_invitation_mails_a_link_and_accepting_makes_the_member_and_the_role_at_once(
    app, db, fair, organizer, outbox
):
    client = app.test_client()
    login(client, organizer.email)
    response = client.post(
        f"/organizer/fairs/{fair.slug}/staff/invitations", data={"email": "Desk@Example.com", "role": "check_in"}
    )
    assert response.status_code == 302
    invitation = db.scalar(select(TeamInvitation).where(TeamInvitation.email == "desk@example.com"))
    assert (invitation.fair_id, invitation.fair_role, invitation.role) == (
        fair.id,
        FairRole.CHECK_IN,
        MemberRole.MEMBER,
    )
    assert "desk@example.com" in client.get(f"/organizer/fairs/{fair.slug}/staff").get_data(as_text=True)
    (mail,) = _mails(outbox)
    assert mail["To"] == "desk@example.com" and "Test Fair" in mail.get_content()
    assert "check-in desk" in mail.get_content()
    invitee = app.test_client()
    link = _join_link(mail)
    joined = invitee.post(link, data={"name": "Kenji Mori", "password": PASSWORD, "confirm": PASSWORD})
    assert joined.status_code == 302 and joined.headers["Location"].endswith("/checkin?fair=test-fair")
    user = db.scalar(select(User).where(User.email == "desk@example.com"))
    membership = db.scalar(select(Membership).where(Membership.user_id == user.id))
    assert user.role == Role.ORGANIZER
    assert (membership.organization_id, membership.role) == (fair.organizer_id, MemberRole.MEMBER)
    assert _row(db, fair, user).role == FairRole.CHECK_IN
    join = db.scalar(select(AuditEntry).where(AuditEntry.action == "team.join"))
    assert join.fair_id == fair.id and join.details["fair_role"] == "check_in"
    assert invitee.get(link).status_code == 400  # used once


def test_a_logged_in_organizer_account_accepts_and_gets_the_role(app_context, db, fair, organizer):
    existing = create_user(db, Role.ORGANIZER, email="finance@example.com")
    invitation = teams.invite_member(
        db, fair.organizer, "finance@example.com", actor=organizer, fair=fair, fair_role=FairRole.FINANCE
    )
    teams.accept_invitation(db, invitation, user=existing)
    assert _row(db, fair, existing).role == FairRole.FINANCE
    assert existing.memberships[0].organization_id == fair.organizer_id


def test_the_invitation_mail_is_in_the_invitees_language(client, db, fair, organizer, outbox):
    create_user(db, Role.ORGANIZER, email="jp@example.com", locale="ja")
    login(client, organizer.email)
    client.post(f"/organizer/fairs/{fair.slug}/staff/invitations", data={"email": "jp@example.com", "role": "staff"})
    (mail,) = _mails(outbox)
    assert not mail["Subject"].startswith("Join the team")


def test_inviting_again_re_sends_the_same_invitation_and_the_old_link_dies(client, db, fair, organizer, outbox):
    login(client, organizer.email)
    data = {"email": "again@example.com", "role": "staff"}
    client.post(f"/organizer/fairs/{fair.slug}/staff/invitations", data=data)
    invitation = db.scalar(select(TeamInvitation).where(TeamInvitation.email == "again@example.com"))
    invitation.sent_at = invitation.sent_at.replace(year=invitation.sent_at.year - 1)
    db.flush()
    old_link = "/team/join/" + teams.make_invitation_token(invitation, SECRET)
    client.post(f"/organizer/fairs/{fair.slug}/staff/invitations", data={**data, "role": "check_in"})
    assert db.scalar(select(func.count()).select_from(TeamInvitation)) == 1
    assert invitation.fair_role == FairRole.CHECK_IN
    first, second = _mails(outbox)
    assert first["To"] == second["To"] == "again@example.com"
    assert client.get(old_link).status_code == 400
    assert client.get(_join_link(second)).status_code == 200


def test_withdrawing_an_invitation_kills_its_link(client, db, fair, organizer, outbox):
    login(client, organizer.email)
    client.post(f"/organizer/fairs/{fair.slug}/staff/invitations", data={"email": "gone@example.com", "role": "staff"})
    invitation = db.scalar(select(TeamInvitation))
    link = _join_link(_mails(outbox)[0])
    response = client.post(f"/organizer/fairs/{fair.slug}/staff/invitations/{invitation.id}/revoke")
    assert response.status_code == 302 and invitation.revoked_at is not None
    assert client.get(link).status_code == 400
    assert db.scalar(select(AuditEntry.fair_id).where(AuditEntry.action == "team.revoke")) == fair.id
    other = create_fair(db, organizer_id=fair.organizer_id)
    assert client.post(f"/organizer/fairs/{other.slug}/staff/invitations/{invitation.id}/revoke").status_code == 404


def test_bad_invitations_are_refused_with_a_message(client, db, fair, organizer, member, outbox):
    login(client, organizer.email)
    url = f"/organizer/fairs/{fair.slug}/staff/invitations"
    assert client.post(url, data={"email": "not-an-address", "role": "staff"}).status_code == 422
    assert client.post(url, data={"email": "x@example.com", "role": "admin"}).status_code == 422
    again = client.post(url, data={"email": member.email, "role": "staff"})
    assert again.status_code == 409 and "already in your organization" in again.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(TeamInvitation)) == 0
    assert list(outbox.glob("*.eml")) == []


def test_an_invitation_to_a_fair_of_another_organization_is_refused(app_context, db, fair, organizer):
    other_organization = create_organization(db, OrganizationKind.ORGANIZER)
    theirs = create_fair(db, organizer_id=other_organization.id)
    with pytest.raises(NotAllowed):
        teams.invite_member(db, fair.organizer, "x@example.com", actor=organizer, fair=theirs, fair_role=FairRole.STAFF)
    with pytest.raises(NotAllowed):
        fair_staff.invite(db, theirs, "x@example.com", FairRole.STAFF, actor=organizer)
    # An invitation that names another organization's fair (written behind the service's back) gives no role.
    forged = TeamInvitation(
        organization=fair.organizer, email="y@example.com", fair_id=theirs.id, fair_role=FairRole.OWNER
    )
    db.add(forged)
    db.flush()
    with pytest.raises(teams.InvalidInvitation):
        teams.accept_invitation(db, forged, name="Yui", password=PASSWORD, policy=TEST_POLICY)
    assert db.scalar(select(func.count()).select_from(FairStaff).where(FairStaff.fair_id == theirs.id)) == 0


@pytest.mark.parametrize("who", ["staff", "check_in", "finance", "other_organizer", "startup", "investor"])
def test_only_owners_use_the_staff_page(client, db, fair, organizer_organization, member, who):
    if who in ("staff", "check_in", "finance"):
        user = fair_member(db, organizer_organization, fair, FairRole(who))
    elif who == "other_organizer":
        user = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    else:
        user = create_user(db, Role(who))
    login(client, user.email)
    base = f"/organizer/fairs/{fair.slug}/staff"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/{member.id}", data={"role": "owner"}).status_code == 403
    assert client.post(f"{base}/invitations", data={"email": "x@example.com", "role": "owner"}).status_code == 403
    assert _row(db, fair, member) is None
    assert db.scalar(select(func.count()).select_from(TeamInvitation)) == 0
    with pytest.raises(NotAllowed):
        fair_staff.set_role(db, fair, member.id, FairRole.OWNER, actor=user)


def test_anonymous_visitors_are_sent_to_log_in(client, db, fair):
    for response in (
        client.get(f"/organizer/fairs/{fair.slug}/staff"),
        client.post(f"/organizer/fairs/{fair.slug}/staff/invitations", data={"email": "x@example.com"}),
    ):
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_members_who_own_nothing_cannot_invite_from_the_team_page(client, db, fair, organizer_organization):
    desk = fair_member(db, organizer_organization, fair, FairRole.CHECK_IN)
    login(client, desk.email)
    assert client.get("/team/").status_code == 403
    assert client.post("/team/", data={"email": "boss@example.com", "role": "owner"}).status_code == 403
    assert db.scalar(select(func.count()).select_from(TeamInvitation)) == 0
