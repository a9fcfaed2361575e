"""The invoices pages: the issuer form, the finance list and register, payments, PDFs; refusals and forbidden users."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import FairRole, Invoice, InvoiceIssuer
from tests.badges_factories import pdf_text
from tests.conftest import create_user, login
from tests.invoice_factories import REGISTRATION, confirmed_booking, create_issuer, finance_user

FORM = {
    "legal_name": "Tokyo Fair Co., Ltd.",
    "legal_name_local": "東京フェア株式会社",
    "address": "Ariake, Tokyo",
    "address_local": "東京都江東区有明",
    "registration_number": "T 7123-4567-89012",
    "bank_account": "MUFG 1234567",
    "payment_terms": "Transfer within 14 days",
    "contact": "Sato",
    "price_entry": "tax_excluded",
    "deposit_percent": "50",
    "deposit_due_days": "14",
    "balance_due_days": "30",
    "grace_days": "7",
}


@pytest.fixture
def invoiced(app, db, fair):
    with app.app_context():
        create_issuer(db, fair)
        record = confirmed_booking(db, fair, fair.halls[0].booths[0], billing_name="Ｍｅｉ 鈴木 Co.")
    return db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def test_an_owner_saves_the_issuer(client, db, fair, organizer):
    login(client, organizer.email)
    assert client.get("/organizer/fairs/test-fair/invoicing").status_code == 200
    response = client.post("/organizer/fairs/test-fair/invoicing", data=FORM)
    assert response.status_code == 303
    issuer = db.scalar(select(InvoiceIssuer).where(InvoiceIssuer.fair_id == fair.id))
    assert issuer.registration_number == REGISTRATION and issuer.deposit_percent == 50
    assert "東京フェア株式会社" in client.get("/organizer/fairs/test-fair/invoicing").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("registration_number", "T8123456789012"),
        ("registration_number", "T12"),
        ("legal_name", ""),
        ("deposit_percent", "150"),
        ("deposit_percent", "half"),
        ("price_entry", "both"),
    ],
)
def test_bad_issuer_input_is_422_and_saves_nothing(client, db, fair, organizer, field, value):
    login(client, organizer.email)
    response = client.post("/organizer/fairs/test-fair/invoicing", data=FORM | {field: value})
    assert response.status_code == 422
    assert db.scalar(select(InvoiceIssuer).where(InvoiceIssuer.fair_id == fair.id)) is None


def test_finance_staff_may_and_other_staff_may_not(client, db, fair, organizer_organization):
    finance = finance_user(db, fair, organizer_organization)
    staff = finance_user(db, fair, organizer_organization, FairRole.STAFF)
    login(client, staff.email)
    assert client.get("/organizer/fairs/test-fair/invoicing").status_code == 403
    assert client.get("/organizer/fairs/test-fair/invoices").status_code == 403
    assert client.post("/organizer/fairs/test-fair/invoicing", data=FORM).status_code == 403
    client.post("/logout")
    login(client, finance.email)
    assert client.post("/organizer/fairs/test-fair/invoicing", data=FORM).status_code == 303


def test_list_filters_and_register(client, db, fair, organizer, invoiced):
    login(client, organizer.email)
    page = client.get("/organizer/fairs/test-fair/invoices").get_data(as_text=True)
    assert "Ｍｅｉ 鈴木 Co." in page
    assert "Ｍｅｉ" in client.get("/organizer/fairs/test-fair/invoices?state=open").get_data(as_text=True)
    assert "Ｍｅｉ" not in client.get("/organizer/fairs/test-fair/invoices?state=paid").get_data(as_text=True)
    assert client.get("/organizer/fairs/test-fair/invoices?state=nonsense").status_code == 400
    csv = client.get("/organizer/fairs/test-fair/invoices.csv")
    assert csv.status_code == 200 and csv.data.startswith("\ufeff".encode())
    assert "INV-000001" in csv.data.decode("utf-8-sig")
    xlsx = client.get("/organizer/fairs/test-fair/invoices.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    assert xlsx.headers["Content-Disposition"] == 'attachment; filename="invoices-test-fair.xlsx"'


def test_record_a_payment_and_refusals(client, db, fair, organizer, invoiced):
    login(client, organizer.email)
    path = f"/organizer/invoices/{invoiced.id}"
    assert client.get(path).status_code == 200
    payment = {"paid_on": "2026-12-01", "amount_jpy": "363000", "method": "bank_transfer", "reference": "R-1"}
    for bad in ({"amount_jpy": "0"}, {"amount_jpy": "x"}, {"paid_on": "yesterday"}, {"method": "gold"}):
        assert client.post(path, data=payment | bad).status_code == 422
    assert not invoiced.payments
    assert client.post(path, data=payment).status_code == 303
    db.refresh(invoiced)
    assert [p.amount_jpy for p in invoiced.payments] == [363_000]
    assert "Ｍｅｉ" in client.get("/organizer/fairs/test-fair/invoices?state=paid").get_data(as_text=True)


def test_pdf_for_the_company_and_finance_only(client, db, fair, organizer, invoiced):
    member = db.get(type(organizer), _member_id(db, invoiced))
    login(client, member.email)
    response = client.get(f"/invoices/{invoiced.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert REGISTRATION in text and "Ｍｅｉ鈴木Co." in text
    page = client.get(f"/bookings/{invoiced.booking_id}").get_data(as_text=True)
    assert f"/invoices/{invoiced.id}.pdf" in page, "the booking page lists the invoice"
    client.post("/logout")
    login(client, create_user(db).email)
    assert client.get(f"/invoices/{invoiced.id}.pdf").status_code == 404
    assert client.get(f"/organizer/invoices/{invoiced.id}").status_code == 404
    assert client.get("/invoices/999999.pdf").status_code == 404


def _member_id(db, invoice):
    from eventsys.models import Membership

    return db.scalar(select(Membership.user_id).where(Membership.organization_id == invoice.organization_id))
