"""A fair's states: a draft is invisible to everybody but its organizers, publishing needs halls, booths and types,
an archived fair stays readable and takes no bookings, and back to draft only while nobody takes part."""

from __future__ import annotations

import pytest

from eventsys.models import BookingStatus, FairRole, FairStatus, OrganizationKind, Role
from eventsys.services.booths import booking, confirmation, exhibitors
from eventsys.services.calendars import feeds
from eventsys.services.fairs import states
from eventsys.services.fairs.states import FairNotOpen, StateRefused
from tests.badges_factories import book_booth
from tests.booth_factories import approved_startup
from tests.conftest import create_booth_type, create_fair, create_hall, create_organization, create_user, login
from tests.fair_setup_factories import organizer_member


@pytest.fixture
def draft(db, fair):
    """The `fair` fixture (a hall, a type and booths) as a draft."""
    fair.status = FairStatus.DRAFT
    db.flush()
    return fair


# Publishing, archiving, back to draft


def test_publishing_says_what_the_fair_still_lacks(db, organizer, organizer_organization):
    empty = create_fair(db, organizer_id=organizer_organization.id, status=FairStatus.DRAFT)
    with pytest.raises(StateRefused, match="add a hall; add a booth type"):
        states.publish_fair(db, empty, actor=organizer)
    create_hall(db, empty)
    with pytest.raises(StateRefused, match="draw booths in a hall; add a booth type"):
        states.publish_fair(db, empty, actor=organizer)
    db.expire(empty)
    create_booth_type(db, empty)
    with pytest.raises(StateRefused, match="cannot be published yet: draw booths in a hall.$"):
        states.publish_fair(db, empty, actor=organizer)
    assert empty.status == FairStatus.DRAFT


def test_a_fair_goes_from_draft_to_published_to_archived_and_back(db, organizer, draft):
    states.publish_fair(db, draft, actor=organizer)
    with pytest.raises(StateRefused, match="already published"):
        states.publish_fair(db, draft, actor=organizer)
    states.archive_fair(db, draft, actor=organizer)
    with pytest.raises(StateRefused, match="Only a published fair can be archived"):
        states.archive_fair(db, draft, actor=organizer)
    with pytest.raises(StateRefused, match="Only a published fair can go back to draft"):
        states.unpublish_fair(db, draft, actor=organizer)
    states.publish_fair(db, draft, actor=organizer)
    states.unpublish_fair(db, draft, actor=organizer)
    assert draft.status == FairStatus.DRAFT


def test_a_fair_anybody_takes_part_in_stays_published(db, organizer, fair, startup):
    book_booth(db, fair, startup, status=BookingStatus.HELD)
    with pytest.raises(StateRefused, match="stays published. Archive it instead"):
        states.unpublish_fair(db, fair, actor=organizer)


def test_the_state_buttons_through_the_console(client, db, organizer, draft):
    login(client, organizer.email)
    page = client.get(f"/organizer/fairs/{draft.slug}/settings").get_data(as_text=True)
    assert "Draft" in page and "Publish" in page
    response = client.post(f"/organizer/fairs/{draft.slug}/publish")
    assert response.status_code == 303 and draft.status == FairStatus.PUBLISHED
    assert "is published" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post(f"/organizer/fairs/{draft.slug}/archive")
    assert draft.status == FairStatus.ARCHIVED
    response = client.post(f"/organizer/fairs/{draft.slug}/archive")
    assert "Only a published fair can be archived" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_publishing_an_empty_draft_through_the_console_says_why_not(client, db, organizer, organizer_organization):
    empty = create_fair(db, organizer_id=organizer_organization.id, status=FairStatus.DRAFT)
    login(client, organizer.email)
    response = client.post(f"/organizer/fairs/{empty.slug}/publish", follow_redirects=True)
    assert "cannot be published yet: add a hall; add a booth type" in response.get_data(as_text=True)
    assert empty.status == FairStatus.DRAFT


# Drafts are invisible to everybody else


def test_a_draft_is_404_to_everybody_without_a_role_and_shown_to_its_organizers(
    client, db, draft, organizer_organization
):
    hall = draft.halls[0]
    paths = (
        f"/fairs/{draft.slug}",
        f"/fairs/{draft.slug}/halls/{hall.slug}",
        f"/fairs/{draft.slug}/booths/A01",
        f"/api/v1/fairs/{draft.slug}",
        f"/api/v1/fairs/{draft.slug}/free-booths",
        f"/api/v1/fairs/{draft.slug}/halls/{hall.slug}/booths",
    )
    other = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    for user in (None, create_user(db, Role.STARTUP), create_user(db, Role.INVESTOR), other):
        if user is not None:
            login(client, user.email)
        assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 404)
        assert draft.name not in client.get("/").get_data(as_text=True)
        assert draft.slug not in client.get("/api/v1/fairs").get_data(as_text=True)
        client.post("/logout")
    desk = organizer_member(db, organizer_organization, draft, FairRole.CHECK_IN)
    login(client, desk.email)
    page = client.get(f"/fairs/{draft.slug}").get_data(as_text=True)
    assert "This fair is a draft" in page


def test_startups_cannot_apply_hold_or_confirm_at_a_draft_or_archived_fair(db, fair):
    startup = approved_startup(db, fair)
    booth = fair.halls[0].booths[0]
    for status, words in ((FairStatus.DRAFT, "not published yet"), (FairStatus.ARCHIVED, "archived")):
        fair.status = status
        with pytest.raises(FairNotOpen, match=words):
            booking.hold_booth(db, booth, startup.organization, actor=startup)
        with pytest.raises(FairNotOpen, match=words):
            exhibitors.apply_to_exhibit(db, fair, create_user(db, Role.STARTUP).organization, actor=startup)
    fair.status = FairStatus.PUBLISHED
    held = booking.hold_booth(db, booth, startup.organization, actor=startup)
    fair.status = FairStatus.ARCHIVED
    with pytest.raises(FairNotOpen):
        confirmation.confirm_booking(
            db, held, startup.organization, actor=startup, billing_name="A", billing_email="a@example.com"
        )


def test_an_archived_fair_stays_readable_and_refuses_holds_by_page_and_api(client, db, fair):
    startup = approved_startup(db, fair)
    fair.status = FairStatus.ARCHIVED
    db.flush()
    booth = fair.halls[0].booths[0]
    login(client, startup.email)
    assert "archived" in client.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    response = client.post(f"/fairs/{fair.slug}/booths/{booth.code}/hold", follow_redirects=True)
    assert "is archived: it takes no more bookings" in response.get_data(as_text=True)
    response = client.post(f"/api/v1/booths/{booth.id}/hold")
    assert response.status_code == 409 and "archived" in response.get_json()["error"]["message"]
    assert client.get(f"/api/v1/fairs/{fair.slug}/free-booths").get_json() == {"booth_ids": []}


def test_calendars_leave_out_a_draft(db, fair, startup):
    book_booth(db, fair, startup)
    assert fair.name in feeds.user_feed(db, startup).decode()
    fair.status = FairStatus.DRAFT
    db.flush()
    assert fair.name not in feeds.user_feed(db, startup).decode()
