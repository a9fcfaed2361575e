"""Refunds: what a startup paid beyond what it owes once a credit note reversed an invoice (a cancellation, a cheaper
booth) is shown to finance staff, who record the refund; the invoice register, the booking page's balance and the
dashboard figures count it, and a refund beyond the excess is refused."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import Fair, FairRole, Invoice, Refund, User, utcnow
from eventsys.services.booths import changes
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import issuing, payments, refunds
from eventsys.services.invoices.register import register_csv, register_xlsx
from tests.conftest import create_booth, create_booth_type, login
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def booked(db, fair):
    """A confirmed booking of A01: INV-000001, 363,000 yen with a 50% deposit (181,500)."""
    create_issuer(db, fair, deposit_percent=50)
    record = confirmed_booking(db, fair, fair.halls[0].booths[0])
    return record, db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def _pay(db, invoice, amount, actor):
    payments.record_payment(
        db, invoice, paid_on=invoice.issue_date, amount_jpy=amount, method="bank_transfer", reference="", actor=actor
    )


def _today(fair) -> date:
    """The fair's date now, as the finance pages take it (Tokyo's date is a day ahead of UTC's in the evening)."""
    return issuing.local_date(utcnow(), fair)


def _refund(db, invoice, amount, actor, **fields):
    today = _today(db.get(Fair, invoice.fair_id))
    values = {"refunded_on": invoice.issue_date, "method": "bank_transfer", "reference": "RF-1", "today": today}
    return refunds.record_refund(db, invoice, amount_jpy=amount, actor=actor, **(values | fields))


def _standing(db, invoice):
    (standing,) = payments.standings(db, [invoice], _today(db.get(Fair, invoice.fair_id)))
    return standing


def test_a_cancelled_booking_leaves_its_paid_deposit_to_refund(db, fair, organizer, booked):
    record, invoice = booked
    _pay(db, invoice, 181_500, organizer)
    changes.cancel_booking(db, record, actor=db.get(User, record.created_by_id), organization=record.organization)
    standing = _standing(db, invoice)
    assert standing.state == payments.PaymentState.CREDITED and standing.excess_jpy == 181_500
    with pytest.raises(InvalidInput, match="181,500") as refused:
        _refund(db, invoice, 181_501, organizer)
    assert refused.value.field == "amount_jpy" and db.scalar(select(Refund)) is None
    _refund(db, invoice, 100_000, organizer)
    assert _standing(db, invoice).excess_jpy == 81_500
    refund = _refund(db, invoice, 81_500, organizer, reference="  振込 0012  ")
    assert (refund.reference, refund.recorded_by_id) == ("振込 0012", organizer.id)
    assert _standing(db, invoice).excess_jpy == 0
    with pytest.raises(InvalidInput):
        _refund(db, invoice, 1, organizer)


def test_a_move_to_a_cheaper_booth_leaves_the_difference_to_refund(db, fair, organizer, booked):
    record, invoice = booked
    _pay(db, invoice, 363_000, organizer)
    cheaper = create_booth_type(db, fair, name="Corner 2×2 m", price_jpy=100_000)
    changes.move_booking(
        db, record, create_booth(db, fair.halls[0], cheaper, code="B01", x=20, y=2), actor=organizer, reason="Hall"
    )
    new = issuing.open_invoice(db, record)
    assert new.total_jpy == 110_000 and _standing(db, new).excess_jpy == 253_000
    assert _standing(db, invoice).excess_jpy == 0, "the money went on to the new invoice; it shows there once"
    _refund(db, new, 253_000, organizer)
    standing = _standing(db, new)
    assert (standing.settled_jpy, standing.owed_jpy, standing.excess_jpy) == (110_000, 0, 0)
    assert standing.state == payments.PaymentState.PAID


def test_refusals(db, fair, organizer, booked):
    record, invoice = booked
    with pytest.raises(InvalidInput, match="At most 0"):
        _refund(db, invoice, 1, organizer)
    _pay(db, invoice, 400_000, organizer)  # an overpayment: 37,000 beyond the total
    for bad, field in (
        ({"amount_jpy": 0}, "amount_jpy"),
        ({"amount_jpy": -5}, "amount_jpy"),
        ({"method": "gold"}, "method"),
        ({"refunded_on": _today(fair) + timedelta(days=1)}, "refunded_on"),
    ):
        values = {"amount_jpy": 1_000} | bad
        with pytest.raises(InvalidInput) as refused:
            _refund(db, invoice, values.pop("amount_jpy"), organizer, **values)
        assert refused.value.field == field
    changes.cancel_booking(db, record, actor=organizer, organization=None, reason="withdrawn")
    note = issuing.open_credit_note(db, invoice)
    with pytest.raises(DomainError, match="not credit notes"):
        _refund(db, note, 1_000, organizer)
    assert db.scalar(select(Refund)) is None


def test_figures_register_and_list_count_refunds(db, fair, organizer, booked):
    record, invoice = booked
    _pay(db, invoice, 181_500, organizer)
    changes.cancel_booking(db, record, actor=organizer, organization=None, reason="withdrawn")
    figures = payments.finance_figures(db, fair, _today(fair))
    assert (figures.received_jpy, figures.refunded_jpy, figures.to_refund_jpy) == (181_500, 0, 181_500)
    rows = payments.standings(db, payments.fair_documents(db, fair), _today(fair))
    assert [row.invoice for row in payments.filter_standings(rows, payments.TO_REFUND)] == [invoice]
    refund = _refund(db, invoice, 181_500, organizer)
    figures = payments.finance_figures(db, fair, _today(fair))
    assert (figures.received_jpy, figures.refunded_jpy, figures.to_refund_jpy) == (0, 181_500, 0)
    db.expire_all()
    documents = payments.fair_documents(db, fair)
    table = list(csv.DictReader(io.StringIO(register_csv(documents).decode("utf-8-sig"))))
    assert [(r["number"], r["kind"], r["original"], r["total_jpy"]) for r in table] == [
        ("INV-000001", "invoice", "", "363000"),
        ("CN-000002", "credit_note", "INV-000001", "-363000"),
        (f"RF-{refund.id:06d}", "refund", "INV-000001", "-181500"),
    ]
    assert table[-1]["issue_date"] == invoice.issue_date.isoformat() and table[-1]["rate_percent"] == ""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(register_xlsx(documents))).active
    last = [cell.value for cell in list(sheet.rows)[-1]]
    assert last[:3] == [f"RF-{refund.id:06d}", "refund", "INV-000001"] and last[-1] == -181_500


def _cancelled_with_deposit(db, booked, organizer):
    record, invoice = booked
    _pay(db, invoice, 181_500, organizer)
    changes.cancel_booking(db, record, actor=organizer, organization=None, reason="withdrawn")
    db.commit()
    return record, invoice


REFUND = {
    "refund-refunded_on": "2026-12-01",
    "refund-amount_jpy": "181500",
    "refund-method": "bank_transfer",
    "refund-reference": "振込 0012",
}


@pytest.mark.parametrize(
    "bad",
    [
        {"refund-amount_jpy": "0"},
        {"refund-amount_jpy": "x"},
        {"refund-amount_jpy": "181501"},
        {"refund-refunded_on": "yesterday"},
        {"refund-refunded_on": ""},
        {"refund-refunded_on": "2999-01-01"},
        {"refund-method": "gold"},
        {"refund-reference": "x" * 121},
    ],
)
def test_bad_refund_input_is_422_and_records_nothing(client, db, fair, organizer, booked, bad):
    _, invoice = _cancelled_with_deposit(db, booked, organizer)
    login(client, organizer.email)
    response = client.post(f"/organizer/invoices/{invoice.id}/refund", data=REFUND | bad)
    assert response.status_code == 422
    assert "Record a refund" in response.get_data(as_text=True), "the form is shown again with its message"
    assert db.scalar(select(Refund)) is None


def test_finance_staff_record_a_refund_and_everybody_sees_it(
    client, db, fair, organizer, organizer_organization, booked
):
    record, invoice = _cancelled_with_deposit(db, booked, organizer)
    finance = finance_user(db, fair, organizer_organization)
    db.commit()
    login(client, finance.email)
    page = client.get(f"/organizer/invoices/{invoice.id}").get_data(as_text=True)
    assert "To refund: ¥181,500" in page and "Record a refund" in page
    listed = client.get("/organizer/fairs/test-fair/invoices?state=to_refund").get_data(as_text=True)
    assert "INV-000001" in listed and "¥181,500 to refund" in listed
    assert "¥181,500" in client.get("/organizer/fairs/test-fair/dashboard").get_data(as_text=True)
    assert client.post(f"/organizer/invoices/{invoice.id}/refund", data=REFUND).status_code == 303
    (refund,) = db.scalars(select(Refund))
    assert (refund.amount_jpy, refund.reference, refund.recorded_by_id) == (181_500, "振込 0012", finance.id)
    page = client.get(f"/organizer/invoices/{invoice.id}").get_data(as_text=True)
    assert "Record a refund" not in page and "2026-12-01 · ¥181,500" in page
    assert "INV-000001" not in client.get("/organizer/fairs/test-fair/invoices?state=to_refund").get_data(as_text=True)
    client.post("/logout")
    login(client, db.get(User, record.created_by_id).email)
    booking_page = client.get(f"/bookings/{record.id}").get_data(as_text=True)
    assert "Refunded: ¥181,500" in booking_page and "To be refunded to you" not in booking_page


def test_the_booking_page_shows_what_is_to_be_refunded(client, db, fair, organizer, booked):
    record, _ = _cancelled_with_deposit(db, booked, organizer)
    login(client, db.get(User, record.created_by_id).email)
    assert "To be refunded to you: ¥181,500" in client.get(f"/bookings/{record.id}").get_data(as_text=True)


def test_check_in_staff_startups_and_other_staff_may_not_refund(
    client, db, fair, organizer, organizer_organization, booked
):
    record, invoice = _cancelled_with_deposit(db, booked, organizer)
    refused = [
        finance_user(db, fair, organizer_organization, FairRole.CHECK_IN),
        finance_user(db, fair, organizer_organization, FairRole.STAFF),
        db.get(User, record.created_by_id),
    ]
    db.commit()
    for user in refused:
        login(client, user.email)
        assert client.post(f"/organizer/invoices/{invoice.id}/refund", data=REFUND).status_code == 404, user.email
        client.post("/logout")
    assert db.scalar(select(Refund)) is None
    client.post("/logout")
    assert client.post(f"/organizer/invoices/{invoice.id}/refund", data=REFUND).status_code == 302, "to log in"


def test_an_empty_form_or_a_credit_note_is_refused_and_records_nothing(client, db, fair, organizer, booked):
    _, invoice = _cancelled_with_deposit(db, booked, organizer)
    note = issuing.open_credit_note(db, invoice)
    login(client, organizer.email)
    assert client.post(f"/organizer/invoices/{invoice.id}/refund", data={}).status_code == 422
    refused = client.post(f"/organizer/invoices/{note.id}/refund", data=REFUND)
    assert refused.status_code == 409 and "not credit notes" in refused.get_data(as_text=True)
    assert client.post("/organizer/invoices/999999/refund", data=REFUND).status_code == 404
    assert db.scalar(select(Refund)) is None
