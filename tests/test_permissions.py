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
