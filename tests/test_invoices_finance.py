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
    assert response.status_code in (200, 403)
    assert "¥363,000" not in response.get_data(as_text=True)


def test_no_issuer_no_finance_figures(client, db, fair, organizer):
    login(client, organizer.email)
    page = client.get("/organizer/fairs/test-fair/dashboard").get_data(as_text=True)
    assert "Invoices and payments" not in page
    assert db.scalar(select(Invoice)) is None
