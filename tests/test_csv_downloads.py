"""Every CSV download starts with the UTF-8 BOM, which Excel in Japan needs to read names in any script."""

from __future__ import annotations

#: Each CSV route and the test that checks its BOM; a new CSV route must join this list with its own check.
CHECKED = {
    "/organizer/fairs/<slug>/invoices.csv": "test_invoices_views.py",
    "/organizer/fairs/<slug>/booths.csv": "test_booth_views.py",
    "/organizer/fairs/<slug>/dashboard/<table>.csv": "test_fair_dashboard.py",
    "/organizer/fairs/<slug>/audit.csv": "test_fair_dashboard.py",
    "/startups/shortlist.csv": "test_recommendations.py",
    "/fairs/<slug>/leads.csv": "test_leads.py",
}


def test_every_csv_route_is_one_whose_bom_is_checked(app):
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")}
    assert routes == set(CHECKED)


def test_the_booth_list_download_has_the_bom_too(client, fair, organizer):
    from tests.conftest import login

    login(client, organizer.email)
    response = client.get(f"/organizer/fairs/{fair.slug}/booths?format=csv")
    assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
    assert response.mimetype == "text/csv"
