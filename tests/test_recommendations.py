"""Recommendations with reasons, and investors' shortlists with private notes and CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from eventsys.models import Region, Stage, Verification
from eventsys.services.directory import recommendations, shortlists
from eventsys.services.errors import NotAllowed, NotFound
from tests.conftest import login
from tests.directory_factories import investor_org, investor_user, startup_org


@pytest.fixture
def world(db):
    return {
        "robo_seed_kansai": startup_org(
            db, "Kansai Robo", sectors=["robotics"], stage=Stage.SEED, region=Region.KANSAI
        ),
        "robo_growth": startup_org(db, "Big Robo", sectors=["robotics"], stage=Stage.GROWTH, region=Region.KANTO),
        "fintech": startup_org(db, "Pay Co", sectors=["fintech"], stage=Stage.SEED, region=Region.KANSAI),
        "investor": investor_org(
            db, "Robo Fund", sectors=["robotics", "ai-digital"], stages=(Stage.SEED,), regions=(Region.KANSAI,)
        ),
    }


def test_investor_sees_best_startups_with_reasons(db, world):
    result = recommendations.recommend_startups(db, world["investor"])
    assert [r.name for r in result] == ["Kansai Robo", "Big Robo"]
    assert result[0].reason_text == "Robotics · seed · Kansai"
    assert result[0].score > result[1].score
    assert result[1].reasons == ("Robotics",)


def test_startup_sees_verified_listed_investors_only(db, world):
    investor_org(db, "Pending Robo", sectors=["robotics"], verification=Verification.PENDING)
    investor_org(db, "Hidden Robo", sectors=["robotics"], is_listed=False)
    result = recommendations.recommend_investors(db, world["robo_seed_kansai"])
    assert [r.name for r in result] == ["Robo Fund"]
    assert result[0].reasons == ("Robotics", "seed", "Kansai")


def test_recommend_all_covers_every_verified_investor(db, world):
    every = recommendations.recommend_all_investors(db, limit=1)
    assert [r.name for r in every[world["investor"].id]] == ["Kansai Robo"]


def test_recommendation_pages_and_api(client, db, world, startup):
    investor_user(db, world["investor"], "robo@example.com")
    login(client, "robo@example.com")
    html = client.get("/startups/recommended").get_data(as_text=True)
    assert "Kansai Robo" in html and "Robotics · seed · Kansai" in html
    assert client.get("/api/v1/directory/recommendations").json["items"][0]["reasons"] == ["Robotics", "seed", "Kansai"]
    assert client.get("/investors/recommended").status_code == 403
    client.post("/logout")
    login(client, "startup@example.com")
    assert client.get("/investors/recommended").status_code == 200
    assert client.get("/startups/recommended").status_code == 403
    client.post("/logout")
    assert client.get("/api/v1/directory/recommendations").status_code == 401


def test_shortlist_is_private_to_the_firm(client, db, world):
    alice = investor_user(db, world["investor"], "alice@robo.example.com")
    colleague = investor_user(db, world["investor"], "bob@robo.example.com")
    rival = investor_user(db, investor_org(db, "Rival Fund"), "eve@rival.example.com")
    shortlists.save_to_shortlist(db, alice, world["fintech"].id, "Call them: =very= promising")
    assert [e.note for e in shortlists.get_shortlist(db, colleague)] == ["Call them: =very= promising"]
    assert shortlists.get_shortlist(db, rival) == []
    with pytest.raises(NotFound):
        shortlists.remove_from_shortlist(db, rival, world["fintech"].id)
    login(client, "eve@rival.example.com")
    assert "very= promising" not in client.get("/startups/shortlist").get_data(as_text=True)
    assert "very= promising" not in client.get(f"/startups/{world['fintech'].id}").get_data(as_text=True)
    assert "very= promising" not in client.get("/startups/shortlist.csv").get_data(as_text=True)
    assert client.post(f"/startups/{world['fintech'].id}/shortlist/remove").status_code == 404
    assert len(shortlists.get_shortlist(db, alice)) == 1


def test_shortlist_pages_add_note_and_export_csv(client, db, world):
    investor_user(db, world["investor"], "carol@robo.example.com")
    login(client, "carol@robo.example.com")
    startup_id = world["robo_growth"].id
    assert client.post(f"/startups/{startup_id}/shortlist", data={"note": "=HYPERLINK(1) 面白い"}).status_code == 302
    assert client.post(f"/startups/{startup_id}/shortlist", data={"note": "x" * 3000}).status_code == 422
    assert client.post("/startups/999999/shortlist", data={"note": ""}).status_code == 404
    assert "面白い" in client.get("/startups/shortlist").get_data(as_text=True)
    response = client.get("/startups/shortlist.csv")
    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff".encode())  # Excel in Japan
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "name" and rows[1][0] == "Big Robo"
    assert rows[1][6] == "'=HYPERLINK(1) 面白い"
    assert client.post(f"/startups/{startup_id}/shortlist/remove").status_code == 302
    assert shortlists.get_shortlist(db, world["investor"].memberships[0].user) == []


def test_shortlist_is_for_investors_only(client, db, world, startup, organizer):
    with pytest.raises(NotAllowed):
        shortlists.save_to_shortlist(db, startup, world["fintech"].id)
    with pytest.raises(NotFound):
        shortlists.save_to_shortlist(db, investor_user(db, world["investor"], "d@example.com"), world["investor"].id)
    for who in ("startup@example.com", "organizer@example.com"):
        login(client, who)
        assert client.get("/startups/shortlist").status_code == 403
        assert client.get("/startups/shortlist.csv").status_code == 403
        assert client.post(f"/startups/{world['fintech'].id}/shortlist", data={"note": ""}).status_code == 403
        client.post("/logout")
    assert client.get("/startups/shortlist").status_code == 302
