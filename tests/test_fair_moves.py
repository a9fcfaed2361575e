"""Moving a fair in time through the organizer's forms, so that a CHECK of the fairs table would no longer hold:
the online window after the new last day, a window whose start the clocks skip. Each is a 422 that names the
field and the reason, and nothing of the move is written (no 500, no misleading "address taken").

The JSON API only reads fairs (api/fairs.py): the settings and copy forms are the only ways to move one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import AuditEntry, Fair, Role
from eventsys.services.errors import InvalidInput
from eventsys.services.fairs import copying, setup
from eventsys.services.fairs.impact import change_key
from tests.badges_factories import book_booth
from tests.conftest import create_user, login
from tests.fair_setup_factories import fair_settings, form_data

WINDOW = {"online_from": date(2031, 5, 1), "online_opens_at": time(8), "online_closes_at": time(20)}


def _three_weeks_earlier(settings: setup.FairSettings, **changes) -> setup.FairSettings:
    """The fair's days and its build-up, tear-down and booking close moved 21 days earlier; the rest as it was."""
    earlier = timedelta(days=21)
    moved = {
        name: getattr(settings, name) - earlier
        for name in ("starts_on", "ends_on", "booking_closes", "build_up_starts", "build_up_ends")
        + ("tear_down_starts", "tear_down_ends")
    }
    return replace(settings, **(moved | changes))


def _online_fair(db, organizer, organizer_organization) -> Fair:
    fair = setup.create_fair(db, fair_settings(**WINDOW), organizer=organizer_organization, actor=organizer)
    db.commit()  # as if an earlier request had saved it: a refused request's rollback must not take it away
    return fair


def _unchanged(db, fair_id: int, starts_on: date) -> bool:
    db.expire_all()
    fair = db.get(Fair, fair_id)
    updates = db.scalar(select(func.count()).where(AuditEntry.action == "fair.update", AuditEntry.fair_id == fair_id))
    return fair.starts_on == starts_on and fair.online_from == WINDOW["online_from"] and updates == 0


def _page_text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


# The online window


def test_the_service_refuses_a_move_that_leaves_the_online_window_after_the_fair(db, organizer, organizer_organization):
    fair = _online_fair(db, organizer, organizer_organization)
    with pytest.raises(InvalidInput, match="by the fair's last day") as refused:
        setup.update_fair(db, fair, _three_weeks_earlier(setup.settings_of(fair)), actor=organizer)
    assert refused.value.field == "online_from"


def test_moving_the_fair_before_its_online_window_is_422_at_online_from(client, db, organizer, organizer_organization):
    fair = _online_fair(db, organizer, organizer_organization)
    login(client, organizer.email)
    response = client.post(
        f"/organizer/fairs/{fair.slug}/settings", data=form_data(_three_weeks_earlier(setup.settings_of(fair)))
    )
    page = _page_text(response)
    assert response.status_code == 422
    assert 'id="online_from-error"' in page and "Online meetings must start by the fair's last day." in page
    assert _unchanged(db, fair.id, date(2031, 5, 13))


def test_a_confirmed_move_of_a_fair_people_plan_around_is_still_refused(client, db, organizer, organizer_organization):
    """The confirmation holds the move in time; it does not let the online window past the CHECK."""
    fair = _online_fair(db, organizer, organizer_organization)
    book_booth(db, fair, create_user(db, Role.STARTUP))
    db.commit()
    moved = _three_weeks_earlier(setup.settings_of(fair))
    login(client, organizer.email)
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=form_data(moved, confirm=change_key(moved)))
    assert response.status_code == 422 and "Online meetings must start by the fair's last day." in _page_text(response)
    assert _unchanged(db, fair.id, date(2031, 5, 13))


def test_the_same_move_with_the_online_window_moved_too_is_saved(client, db, organizer, organizer_organization):
    fair = _online_fair(db, organizer, organizer_organization)
    login(client, organizer.email)
    moved = _three_weeks_earlier(setup.settings_of(fair), online_from=date(2031, 4, 10))
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=form_data(moved))
    assert response.status_code == 303
    db.expire_all()
    assert (fair.starts_on, fair.ends_on, fair.online_from) == (date(2031, 4, 22), date(2031, 4, 24), date(2031, 4, 10))


# Times the clocks skip (New York goes from 2:00 to 3:00 on 9 March 2031)

#: Settings in New York whose booking window lasts 45 minutes across the skipped hour: typed as 2:30–3:15, saved as
#: 3:30–3:15 (07:30–07:15 UTC), which the CHECK booking_window_in_order refuses.
GAP = {
    "timezone": "America/New_York",
    "starts_on": date(2031, 3, 17),
    "ends_on": date(2031, 3, 19),
    "booking_opens": datetime(2031, 3, 9, 2, 30),
    "booking_closes": datetime(2031, 3, 9, 3, 15),
    "build_up_starts": None,
    "build_up_ends": None,
    "tear_down_starts": None,
    "tear_down_ends": None,
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({}, "booking_opens"),
        ({"booking_closes": datetime(2031, 3, 16, 2, 30)}, "booking_opens"),  # alone, it would move an hour later
        (
            {"build_up_starts": datetime(2031, 3, 9, 2, 15), "build_up_ends": datetime(2031, 3, 17, 8)}
            | {"booking_opens": datetime(2031, 3, 1, 9)},
            "build_up_starts",
        ),
    ],
)
def test_the_service_refuses_a_time_the_clocks_skip(db, organizer, organizer_organization, changes, field):
    settings = fair_settings(**(GAP | changes))
    with pytest.raises(InvalidInput, match="the clocks skip it") as refused:
        setup.create_fair(db, settings, organizer=organizer_organization, actor=organizer)
    assert refused.value.field == field


def test_a_time_the_clocks_skip_is_a_422_at_its_field_not_a_taken_address(client, db, organizer):
    login(client, organizer.email)
    data = form_data(fair_settings(**GAP))
    response = client.post("/organizer/fairs/new", data=data)
    page = _page_text(response)
    assert response.status_code == 422
    assert 'id="booking_opens-error"' in page and "There is no 02:30 on 2031-03-09 in America/New_York" in page
    assert "already has the address" not in page
    assert db.scalar(select(Fair).where(Fair.slug == data["slug"])) is None


def test_moving_a_fair_into_new_york_where_its_booking_opens_in_the_skipped_hour_is_refused(
    client, db, organizer, organizer_organization
):
    """A change of zone alone moves no wall-clock time, but 2:30 on 9 March does not happen in New York."""
    fair = setup.create_fair(
        db, fair_settings(**(GAP | {"timezone": "Asia/Tokyo"})), organizer=organizer_organization, actor=organizer
    )
    db.commit()
    login(client, organizer.email)
    moved = replace(setup.settings_of(fair), timezone="America/New_York")
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=form_data(moved))
    assert response.status_code == 422 and "the clocks skip it" in _page_text(response)
    db.expire_all()
    assert fair.timezone == "Asia/Tokyo"


# Copying a fair onto days where the clocks skip a window's start


def _fair_to_copy(db, organizer, organizer_organization) -> Fair:
    """In New York: build-up 2:30–3:10 on Sunday 2 March 2031, a day the clocks do not change."""
    settings = fair_settings(
        **(GAP | {"starts_on": date(2031, 3, 3), "ends_on": date(2031, 3, 5)}),
    )
    settings = replace(
        settings,
        booking_opens=datetime(2031, 2, 1, 9),
        booking_closes=datetime(2031, 3, 1, 18),
        build_up_starts=datetime(2031, 3, 2, 2, 30),
        build_up_ends=datetime(2031, 3, 2, 3, 10),
    )
    fair = setup.create_fair(db, settings, organizer=organizer_organization, actor=organizer)
    db.commit()
    assert fair.build_up_ends_at - fair.build_up_starts_at == timedelta(minutes=40)
    return fair


def test_the_service_refuses_a_copy_whose_build_up_would_end_before_it_starts(db, organizer, organizer_organization):
    fair = _fair_to_copy(db, organizer, organizer_organization)
    with pytest.raises(InvalidInput, match="the build-up") as refused:  # a week later: 2:30 on 9 March is skipped
        copying.copy_fair(db, fair, slug="copy-in-the-gap", name="Copy", starts_on=date(2031, 3, 10), actor=organizer)
    assert refused.value.field == "starts_on"


def test_the_copy_form_says_why_and_copies_nothing(client, db, organizer, organizer_organization):
    fair = _fair_to_copy(db, organizer, organizer_organization)
    login(client, organizer.email)
    data = {"name": "Copy", "slug": "copy-in-the-gap", "starts_on": "2031-03-10"}
    response = client.post(f"/organizer/fairs/{fair.slug}/copy", data=data)
    page = _page_text(response)
    assert response.status_code == 422
    assert "the clocks change in America/New_York during the build-up" in page and "already has" not in page
    assert db.scalar(select(Fair).where(Fair.slug == "copy-in-the-gap")) is None
    response = client.post(f"/organizer/fairs/{fair.slug}/copy", data=dict(data, starts_on="2031-03-17"))
    assert response.status_code == 303
    copy = db.scalar(select(Fair).where(Fair.slug == "copy-in-the-gap"))
    assert copy.build_up_starts_at == datetime(2031, 3, 16, 6, 30, tzinfo=UTC)  # 2:30 EDT
