"""Finance figures on the fair dashboard: invoiced (less credit notes), received and overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventsys.models import FairRole, Invoice
from eventsys.services.invoices import issuing, payments
from tests.conftest import login
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user


@pytest.fixture
def two_invoices(app, db, fair, organizer):
    with app.app_context():
        create_issuer(db, fair)
        fair.max_booths_per_organization = 5
        booths = fair.halls[0].booths
        first = confirmed_booking(db, fair, booths[0], billing_name="First Co.")
        second = confirmed_booking(db, fair, booths[1], billing_name="Second Co.")
        paid = issuing.open_invoice(db, first)
        payments.record_payment(
            db, paid, paid_on=paid.issue_date, amount_jpy=100_000, method="cash", reference="", actor=organizer
        )
        issuing.credit_booking(db, second, reason="cancelled")
        db.commit()
        return paid


def test_figures_add_up(app, db, fair, two_invoices):
    with app.app_context():
        invoice = db.get(Invoice, two_invoices.id)
        before = payments.finance_figures(db, fair, invoice.issue_date)
        assert (before.invoiced_jpy, before.received_jpy, before.overdue_jpy, before.overdue_invoices) == (
            363_000,
            100_000,
            0,
            0,
        )
        late = payments.finance_figures(db, fair, invoice.deposit_due_on + timedelta(days=1))
        assert (late.overdue_jpy, late.overdue_invoices) == (181_500 - 100_000, 1), "the credited one is not overdue"
        after_balance = payments.finance_figures(db, fair, invoice.balance_due_on + timedelta(days=1))
        assert after_balance.overdue_jpy == 263_000


def test_the_dashboard_shows_them_to_finance_people_only(
    client, db, fair, organizer, organizer_organization, two_invoices
):
    login(client, organizer.email)
    page = client.get("/organizer/fairs/test-fair/dashboard").get_data(as_text=True)
    assert "¥363,000" in page and "¥100,000" in page and "Invoices and payments" in page
    client.post("/logout")
    staff = finance_user(db, fair, organizer_organization, FairRole.STAFF)
    db.commit()
    login(client, staff.email)
    response = client.get("/organizer/fairs/test-fair/dashboard")
    assert response.status_code == 200, "staff manage the fair: its dashboard, without the money"
    page = response.get_data(as_text=True)
    assert "booths sold of" in page and "¥363,000" not in page and "Invoices and payments" not in page


#: What the full dashboard shows and finance staff (who do not manage the fair) must not see.
MANAGERS_ONLY = ("booths sold of", "meeting requests", "people checked in", "applications waiting")


def test_finance_staff_get_the_invoice_figures_and_nothing_else(client, db, fair, organizer_organization, two_invoices):
    finance = finance_user(db, fair, organizer_organization)
    db.commit()
    login(client, finance.email)
    response = client.get("/organizer/fairs/test-fair/dashboard")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Invoices and payments" in page and "¥363,000" in page and "¥100,000" in page
    assert "/organizer/fairs/test-fair/invoices" in page
    assert not [text for text in MANAGERS_ONLY if text in page]
    for hidden in ("/booths", "/exhibitors", "/audit", "/dashboard/"):
        assert f"/organizer/fairs/test-fair{hidden}" not in page, hidden
    for refused in ("/dashboard/booth-sales.csv", "/dashboard/booths-by-hall.xlsx", "/audit", "/audit.csv"):
        assert client.get(f"/organizer/fairs/test-fair{refused}").status_code == 403, refused
    console = client.get("/organizer/").get_data(as_text=True)
    assert "/organizer/fairs/test-fair/dashboard" in console


def test_finance_staff_in_japanese(client, db, fair, organizer_organization, two_invoices):
    finance = finance_user(db, fair, organizer_organization)
    finance.locale = "ja"
    db.commit()
    login(client, finance.email)
    page = client.get("/organizer/fairs/test-fair/dashboard").get_data(as_text=True)
    assert "請求" in page and "¥363,000" in page and "Invoices and payments" not in page


def test_finance_staff_before_the_invoicing_settings(client, db, fair, organizer_organization):
    finance = finance_user(db, fair, organizer_organization)
    db.commit()
    login(client, finance.email)
    response = client.get("/organizer/fairs/test-fair/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "no invoices until its invoicing settings are saved" in page
    assert "/organizer/fairs/test-fair/invoicing" in page and "Invoices and payments" not in page


def test_check_in_staff_and_other_fairs_finance_are_refused(client, db, fair, organizer_organization, two_invoices):
    from tests.conftest import create_fair

    sister = create_fair(db, organizer_id=organizer_organization.id)
    elsewhere = finance_user(db, sister, organizer_organization)
    desk = finance_user(db, fair, organizer_organization, FairRole.CHECK_IN)
    db.commit()
    for user in (elsewhere, desk):
        login(client, user.email)
        assert client.get("/organizer/fairs/test-fair/dashboard").status_code == 403, user.email
        client.post("/logout")


def test_no_issuer_no_finance_figures(client, db, fair, organizer):
    login(client, organizer.email)
    page = client.get("/organizer/fairs/test-fair/dashboard").get_data(as_text=True)
    assert "Invoices and payments" not in page
    assert db.scalar(select(Invoice)) is None
