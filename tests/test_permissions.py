"""The one access rule beyond the matrix: fairs without an organizer organization, the export's fairs, the audit log."""

from __future__ import annotations

from eventsys.models import OrganizationKind, Role
from eventsys.services import audit, permissions
from eventsys.services.fairs import dashboard
from tests.conftest import create_fair, create_organization, create_user, login


def test_a_fair_without_an_organizer_organization_is_managed_by_admins_only(client, db, organizer, admin):
    orphan = create_fair(db, organizer_id=None)
    assert not permissions.manages_fair(organizer, orphan)
    assert permissions.manages_fair(admin, orphan)
    login(client, organizer.email)
    assert client.get(f"/organizer/fairs/{orphan.slug}/booths").status_code == 403
    client.post("/logout")
    login(client, admin.email)
    assert client.get(f"/organizer/fairs/{orphan.slug}/booths").status_code == 200


def test_the_export_page_offers_and_exports_only_the_organizers_fairs(client, db, fair, organizer, admin):
    other = create_fair(db, organizer_id=create_organization(db, OrganizationKind.ORGANIZER).id, name="Other Expo")
    login(client, organizer.email)
    page = client.get("/calendar/export").get_data(as_text=True)
    assert f'value="{fair.slug}"' in page and f'value="{other.slug}"' not in page
    assert client.get(f"/calendar/export?fair={fair.slug}").status_code == 200
    assert client.get(f"/calendar/export?fair={other.slug}").status_code == 403
    client.post("/logout")
    login(client, admin.email)
    assert f'value="{other.slug}"' in client.get("/calendar/export").get_data(as_text=True)
    assert client.get(f"/calendar/export?fair={other.slug}").status_code == 200


def test_the_audit_log_shows_organizers_their_fairs_entries_with_names(client, db, fair, organizer, admin):
    other = create_fair(db, organizer_id=create_organization(db, OrganizationKind.ORGANIZER).id)
    actor = create_user(db, Role.STARTUP, name="Hanako Suzuki")
    audit.record(db, "fair.mine", fair, actor=actor, fair_id=fair.id)
    audit.record(db, "fair.theirs", other, actor=actor, fair_id=other.id)
    audit.record(db, "user.nobodys_fair", actor, actor=actor)
    db.flush()
    assert [line.entry.action for line in dashboard.get_recent_audit(db, organizer)] == ["fair.mine"]
    assert {line.entry.action for line in dashboard.get_recent_audit(db, admin)} >= {
        "fair.mine",
        "fair.theirs",
        "user.nobodys_fair",
    }
    login(client, organizer.email)
    page = client.get("/organizer/").get_data(as_text=True)
    assert "fair.mine" in page and "Hanako Suzuki" in page
    assert "fair.theirs" not in page and f"#{actor.id}<" not in page


def _organizer_member(db, organization, fair, role):
    """An organizer who is a plain member of `organization`, with `role` at `fair` (or no row when None)."""
    from eventsys.models import FairStaff, MemberRole

    user = create_user(db, Role.ORGANIZER, organization=organization)
    user.memberships[0].role = MemberRole.MEMBER
    if role is not None:
        db.add(FairStaff(fair=fair, user=user, role=role))
    db.flush()
    db.expire(user)
    return user


def test_roles_per_fair_decide_what_an_organizer_may_do(db, fair, organizer, organizer_organization, admin):
    from sqlalchemy import select

    from eventsys.models import Fair, FairRole

    sister = create_fair(db, organizer_id=organizer_organization.id)
    staff = _organizer_member(db, organizer_organization, fair, FairRole.STAFF)
    desk = _organizer_member(db, organizer_organization, fair, FairRole.CHECK_IN)
    finance = _organizer_member(db, organizer_organization, fair, FairRole.FINANCE)
    nobody = _organizer_member(db, organizer_organization, fair, None)
    outsider = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    rows = {
        # who: (owns, manages, checks in, finance) at `fair`
        organizer: (True, True, True, True),
        admin: (True, True, True, True),
        staff: (False, True, True, False),
        desk: (False, False, True, False),
        finance: (False, False, False, True),
        nobody: (False, False, False, False),
        outsider: (False, False, False, False),
    }
    for user, expected in rows.items():
        got = tuple(
            check(user, fair)
            for check in (
                permissions.owns_fair,
                permissions.manages_fair,
                permissions.checks_in_at,
                permissions.handles_finance,
            )
        )
        assert got == expected, user
    # A role is for one fair: the sister fair of the same organization is the owner's only.
    assert permissions.manages_fair(organizer, sister) and not permissions.manages_fair(staff, sister)
    # The SQL filter agrees with the predicate.
    for user in rows:
        for roles, check in (
            (permissions.MANAGING, permissions.manages_fair),
            (permissions.CHECKING_IN, permissions.checks_in_at),
        ):
            ids = set(db.scalars(select(Fair.id).where(permissions.managed_fair_filter(user, Fair.id, roles))))
            assert (fair.id in ids) == check(user, fair), (user, roles)
            assert (sister.id in ids) == check(user, sister), (user, roles)


def test_leaving_the_organizer_organization_ends_every_fair_role(db, fair, organizer_organization):
    from eventsys.models import FairRole

    staff = _organizer_member(db, organizer_organization, fair, FairRole.STAFF)
    assert permissions.manages_fair(staff, fair)
    db.delete(staff.memberships[0])
    db.flush()
    db.expire(staff)
    assert not permissions.manages_fair(staff, fair)
    assert not permissions.can_create_fair(staff)
