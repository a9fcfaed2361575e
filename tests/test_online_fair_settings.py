"""The fair's online window: an organizer allows online meetings from a day to the fair's end, between two times."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import select

from eventsys.models import Fair
from eventsys.services.errors import InvalidInput
from eventsys.services.fairs import setup
from tests.conftest import create_user, login
from tests.fair_setup_factories import fair_settings, form_data

WINDOW = {"online_from": date(2031, 4, 1), "online_opens_at": time(7), "online_closes_at": time(22)}
REFUSALS = [
    ({"online_opens_at": None}, "online_opens_at", "give the first day and both times"),
    ({"online_from": None}, "online_from", "give the first day and both times"),
    ({"online_from": date(2031, 5, 16)}, "online_from", "by the fair's last day"),
    ({"online_from": date(2030, 4, 1)}, "online_from", "at most a year before"),
    ({"online_closes_at": time(7)}, "online_closes_at", "end must come after the start"),
]


def test_an_owner_sets_the_online_window_through_the_form(client, db, organizer):
    login(client, organizer.email)
    page = client.get("/organizer/fairs/new").get_data(as_text=True)
    assert 'name="online_from"' in page and 'name="online_opens_at"' in page
    data = form_data(fair_settings(slug="online-2031", **WINDOW))
    assert client.post("/organizer/fairs/new", data=data).status_code == 303
    fair = db.scalar(select(Fair).where(Fair.slug == "online-2031"))
    assert (fair.online_from, fair.online_opens_at, fair.online_closes_at) == tuple(WINDOW.values())
    settings = setup.settings_of(fair)
    assert settings.online_from == WINDOW["online_from"]
    page = client.get("/organizer/fairs/online-2031/settings").get_data(as_text=True)
    assert 'value="2031-04-01"' in page
    cleared = form_data(replace(settings, online_from=None, online_opens_at=None, online_closes_at=None))
    assert client.post("/organizer/fairs/online-2031/settings", data=cleared).status_code == 303
    assert fair.online_from is None and fair.online_opens_at is None


@pytest.mark.parametrize(("overrides", "field", "words"), REFUSALS)
def test_the_service_refuses_a_broken_window(db, organizer, organizer_organization, overrides, field, words):
    settings = fair_settings(**(WINDOW | overrides))
    with pytest.raises(InvalidInput, match=words) as refused:
        setup.create_fair(db, settings, organizer=organizer_organization, actor=organizer)
    assert refused.value.field == field


@pytest.mark.parametrize(("overrides", "field", "words"), REFUSALS)
def test_the_form_shows_each_refusal_with_422(client, db, organizer, overrides, field, words):
    login(client, organizer.email)
    data = form_data(fair_settings(**(WINDOW | overrides)))
    response = client.post("/organizer/fairs/new", data=data)
    assert response.status_code == 422 and words in response.get_data(as_text=True).replace("&#39;", "'")
    assert db.scalar(select(Fair).where(Fair.slug == data["slug"])) is None


def test_malformed_times_are_422(client, db, organizer):
    login(client, organizer.email)
    for broken in ({"online_opens_at": "7 o'clock"}, {"online_from": "2031-02-30"}):
        data = form_data(fair_settings(**WINDOW), **broken)
        assert client.post("/organizer/fairs/new", data=data).status_code == 422


def test_a_startup_cannot_change_a_fair_online_window(client, db, fair):
    from eventsys.models import Role

    login(client, create_user(db, Role.STARTUP).email)
    data = form_data(replace(setup.settings_of(fair), **WINDOW))
    assert client.post(f"/organizer/fairs/{fair.slug}/settings", data=data).status_code in (403, 404)
    assert fair.online_from is None
