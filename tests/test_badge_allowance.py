"""The exhibitor badge allowance (services/badges/allowance.py): what a company's booths include, raised by extra
badges and packages' badges, lowered by a cancelled order; used by bulk printing and each member's own download."""

from __future__ import annotations

import pytest

from eventsys.models import BadgeRole, BadgeStatus, ExtraKind, Role
from eventsys.services.badges import allowance, issuing
from eventsys.services.errors import DomainError, NotAllowed
from eventsys.services.extras import orders
from tests.booth_factories import approved_startup
from tests.conftest import create_user
from tests.extras_factories import create_extra, create_package
from tests.invoice_factories import confirmed_booking


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def company(db, fair):
    """A startup with a confirmed booth at the fair whose type includes 2 badges, and four members in the order
    they joined."""
    fair.booth_types[0].badges_included = 2
    owner = approved_startup(db, fair, name="Member 1")
    record = confirmed_booking(db, fair, fair.halls[0].booths[0], user=owner)
    members = [owner] + [
        create_user(db, Role.STARTUP, organization=owner.organization, name=f"Member {n}") for n in (2, 3, 4)
    ]
    return record, members


def exhibitors(db, fair) -> list[str]:
    return sorted(e.user.name for e in issuing.get_entitlements(db, fair) if e.role == BadgeRole.EXHIBITOR)


def badge_extra(db, fair):
    return create_extra(db, fair, name="Extra badge", price_jpy=5_000, kind=ExtraKind.BADGES)


def test_a_booth_type_without_a_number_gives_every_member_a_badge(db, fair, company):
    record, members = company
    fair.booth_types[0].badges_included = None
    orders.place_order(db, record, badge_extra(db, fair), 3, actor=members[0], organization=record.organization)
    found = allowance.get_allowance(db, fair, record.organization_id)
    assert (found.limit, found.free, found.ordered) == (None, None, 3)
    assert len(exhibitors(db, fair)) == 4


def test_the_allowance_adds_extra_badges_and_a_packages_badges_to_the_booths(db, fair, company):
    record, members = company
    organization = record.organization
    assert exhibitors(db, fair) == ["Member 1", "Member 2"]  # the first to join, as nobody holds one yet
    orders.place_order(db, record, badge_extra(db, fair), 1, actor=members[0], organization=organization)
    assert exhibitors(db, fair) == ["Member 1", "Member 2", "Member 3"]
    orders.place_order(
        db, record, create_package(db, fair, badge_count=5), 1, actor=members[0], organization=organization
    )
    found = allowance.get_allowance(db, fair, record.organization_id)
    assert (found.included, found.ordered, found.limit, found.held) == (2, 6, 8, 0)
    assert len(exhibitors(db, fair)) == 4
    # Another company's orders and another fair's count for nobody else.
    assert allowance.badges_ordered(db, fair, members[0].organization.id + 1000) == 0


def test_holders_keep_their_place_and_downloads_take_the_free_ones_first_come(db, fair, company, organizer):
    record, members = company
    issuing.ensure_own_badge(db, fair, members[3])  # the last to join downloads first
    printed = issuing.issue_badges(db, fair, actor=organizer, role=BadgeRole.EXHIBITOR)
    assert sorted(badge.name for badge in printed) == ["Member 1", "Member 4"]
    with pytest.raises(NotAllowed) as refused:
        issuing.ensure_own_badge(db, fair, members[1])
    assert "All 2 badges of your company" in str(refused.value)
    orders.place_order(db, record, badge_extra(db, fair), 1, actor=members[0], organization=record.organization)
    assert issuing.ensure_own_badge(db, fair, members[1]).name == "Member 2"
    assert allowance.get_allowance(db, fair, record.organization_id).free == 0


def test_a_startup_cannot_cancel_badges_its_people_hold_but_the_organizers_can(db, fair, company, organizer):
    record, members = company
    organization = record.organization
    order = orders.place_order(db, record, badge_extra(db, fair), 2, actor=members[0], organization=organization)
    issued = issuing.issue_badges(db, fair, actor=organizer, role=BadgeRole.EXHIBITOR)
    assert len(issued) == 4
    with pytest.raises(DomainError) as refused:
        orders.cancel_order(db, order, actor=members[0], organization=organization)
    assert "4 badges of your company are issued" in str(refused.value) and "may have 2" in str(refused.value)
    assert order.status == "ordered"
    orders.cancel_order_for_startup(db, order, actor=organizer)
    assert order.status == "cancelled"
    # The issued badges stay valid; nobody new gets one while the company is above its allowance.
    assert all(badge.status == BadgeStatus.ACTIVE for badge in issued)
    newcomer = create_user(db, Role.STARTUP, organization=organization, name="Member 5")
    with pytest.raises(NotAllowed):
        issuing.ensure_own_badge(db, fair, newcomer)
    assert "Member 5" not in exhibitors(db, fair)


def test_a_startup_cancels_extra_badges_nobody_holds_yet(db, fair, company):
    record, members = company
    organization = record.organization
    order = orders.place_order(db, record, badge_extra(db, fair), 2, actor=members[0], organization=organization)
    issuing.ensure_own_badge(db, fair, members[0])
    issuing.ensure_own_badge(db, fair, members[1])
    orders.cancel_order(db, order, actor=members[0], organization=organization)  # 2 held, 2 included: fine
    assert allowance.get_allowance(db, fair, record.organization_id).limit == 2


def test_only_the_fairs_managers_order_and_cancel_for_a_startup(db, fair, company, organizer, organizer_organization):
    from eventsys.models import AuditEntry, FairRole
    from tests.invoice_factories import finance_user

    record, members = company
    extra = create_extra(db, fair)
    for user in (
        members[0],
        finance_user(db, fair, organizer_organization),
        finance_user(db, fair, organizer_organization, role=FairRole.CHECK_IN),
    ):
        with pytest.raises(NotAllowed):
            orders.place_order_for_startup(db, record, extra, 1, actor=user)
    staff = finance_user(db, fair, organizer_organization, role=FairRole.STAFF)
    order = orders.place_order_for_startup(db, record, extra, 2, actor=staff)
    assert (order.organization_id, order.ordered_by_id, order.by_organizers, extra.sold) == (
        record.organization_id,
        staff.id,
        True,
        2,
    )
    with pytest.raises(NotAllowed):
        orders.cancel_order_for_startup(db, order, actor=members[0])
    orders.cancel_order_for_startup(db, order, actor=organizer)
    assert (order.status, extra.sold) == ("cancelled", 0)
    entries = db.query(AuditEntry).filter(AuditEntry.action.like("extra_order.%")).all()
    assert {(e.action, e.actor_id) for e in entries} == {
        ("extra_order.place", staff.id),
        ("extra_order.cancel", organizer.id),
    }


def test_the_own_badge_page_says_the_companys_badges_are_all_issued(client, db, fair, company):
    from tests.conftest import login

    record, members = company
    issuing.ensure_own_badge(db, fair, members[0])
    issuing.ensure_own_badge(db, fair, members[1])
    db.commit()
    login(client, members[2].email)
    page = client.get(f"/fairs/{fair.slug}/badge").get_data(as_text=True)
    assert "All 2 badges of your company for this fair are issued." in page
    refused = client.post(f"/fairs/{fair.slug}/badge", data={"layout": "single"}, follow_redirects=True)
    assert refused.mimetype == "text/html" and "All 2 badges of your company" in refused.get_data(as_text=True)
    extras_page = client.get(f"/bookings/{record.id}/extras").get_data(as_text=True)
    assert "Exhibitor badges: 2 issued of 2 (2 with the booths, 0 ordered)." in extras_page
