"""Issuing invoices and credit notes from bookings, numbering, immutability, payments and the register."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from eventsys.models import BookingMode, DocumentKind, Invoice, InvoiceIssuer, PriceEntry
from eventsys.services.booths import allocation, changes
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.invoices import issuers, issuing, payments
from eventsys.services.invoices.issuing import AlreadyCredited, InvoiceImmutable
from eventsys.services.invoices.register import register_csv
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_user
from tests.invoice_factories import REGISTRATION, confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def booths(fair):
    return fair.halls[0].booths


def documents(db, fair):
    return list(db.scalars(select(Invoice).where(Invoice.fair_id == fair.id).order_by(Invoice.number)))


def test_no_issuer_no_invoice(db, fair, booths):
    confirmed_booking(db, fair, booths[0])
    assert documents(db, fair) == []


def test_a_confirmed_booking_gets_a_qualified_invoice(db, fair, booths):
    issuer = create_issuer(db, fair)
    record = confirmed_booking(db, fair, booths[0], billing_name="株式会社サンプル")
    (invoice,) = documents(db, fair)
    assert (invoice.number, invoice.kind, invoice.booking_id) == (1, DocumentKind.INVOICE, record.id)
    assert invoice.buyer_name == "株式会社サンプル"
    assert [(r.rate_percent, r.net_jpy, r.tax_jpy) for r in invoice.rates] == [(10, 330_000, 33_000)]
    assert invoice.total_jpy == 363_000
    assert invoice.deposit_jpy == 181_500
    assert invoice.deposit_due_on == invoice.issue_date + timedelta(days=14)
    assert invoice.balance_due_on == max(fair.starts_on - timedelta(days=30), invoice.deposit_due_on)
    assert "A01" in invoice.lines[0].description
    db.refresh(issuer)
    assert issuer.next_number == 2


def test_tax_included_prices(db, fair, booths):
    create_issuer(db, fair, price_entry=PriceEntry.TAX_INCLUDED, deposit_percent=0)
    confirmed_booking(db, fair, booths[0])
    (invoice,) = documents(db, fair)
    assert [(r.net_jpy, r.tax_jpy, r.gross_jpy) for r in invoice.rates] == [(300_000, 30_000, 330_000)]
    assert invoice.total_jpy == 330_000 and invoice.deposit_due_on is None


def test_numbers_follow_on_per_issuer(db, fair, booths, organizer_organization):
    create_issuer(db, fair)
    extra = create_booth(db, fair.halls[0], booths[0].booth_type, code="A04")
    fair.max_booths_per_organization = 5
    confirmed_booking(db, fair, booths[0])
    confirmed_booking(db, fair, booths[1])
    confirmed_booking(db, fair, extra)
    assert [i.number for i in documents(db, fair)] == [1, 2, 3]


def test_an_issued_invoice_cannot_be_changed_or_deleted(db, fair, booths):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    (invoice,) = documents(db, fair)
    invoice.total_jpy = 1
    with pytest.raises(InvoiceImmutable):
        db.flush()
    db.rollback()


def test_an_issued_line_or_rate_cannot_be_changed(db, fair, booths):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    (invoice,) = documents(db, fair)
    invoice.rates[0].tax_jpy = 0
    with pytest.raises(InvoiceImmutable):
        db.flush()
    db.rollback()


def test_an_issued_invoice_cannot_be_deleted(db, fair, booths):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    (invoice,) = documents(db, fair)
    db.delete(invoice)
    with pytest.raises(InvoiceImmutable):
        db.flush()
    db.rollback()


def test_cancelling_a_confirmed_booking_issues_a_credit_note(db, fair, booths):
    create_issuer(db, fair)
    record = confirmed_booking(db, fair, booths[0])
    user = create_user(db)
    changes.cancel_booking(db, record, actor=user, organization=record.organization)
    invoice, note = documents(db, fair)
    assert (note.kind, note.original_id, note.number) == (DocumentKind.CREDIT_NOTE, invoice.id, 2)
    assert note.total_jpy == -invoice.total_jpy
    assert [(r.rate_percent, r.net_jpy, r.tax_jpy) for r in note.rates] == [(10, -330_000, -33_000)]
    assert issuing.open_invoice(db, record) is None
    with pytest.raises(AlreadyCredited):
        issuing.credit_invoice(db, invoice, reason="again")
    with pytest.raises(DomainError, match="credit note cannot itself"):
        issuing.credit_invoice(db, note, reason="again")


def test_cancelling_a_hold_issues_nothing(db, fair, booths):
    from eventsys.services.booths import booking

    create_issuer(db, fair)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    changes.cancel_booking(db, held, actor=user, organization=user.organization)
    assert documents(db, fair) == []


def test_a_move_to_a_cheaper_booth_credits_and_reissues(db, fair, booths, organizer):
    create_issuer(db, fair)
    cheap = create_booth(db, fair.halls[0], create_booth_type(db, fair, price_jpy=110_000), code="C01")
    record = confirmed_booking(db, fair, booths[0])
    changes.move_booking(db, record, cheap, actor=organizer, reason="smaller booth")
    first, note, second = documents(db, fair)
    assert note.original_id == first.id and note.reason == "smaller booth"
    assert second.kind == DocumentKind.INVOICE and second.total_jpy == 121_000
    assert issuing.open_invoice(db, record).id == second.id


def test_a_move_to_an_equal_booth_issues_nothing(db, fair, booths, organizer):
    create_issuer(db, fair)
    other = create_booth(db, fair.halls[0], booths[0].booth_type, code="A05")
    record = confirmed_booking(db, fair, booths[0])
    changes.move_booking(db, record, other, actor=organizer, reason="swap")
    assert len(documents(db, fair)) == 1


def test_a_price_correction_credits_and_reissues(db, fair, booths):
    create_issuer(db, fair)
    record = confirmed_booking(db, fair, booths[0])
    record.price_jpy = 300_000
    issuing.reissue(db, record, reason="early-bird price")
    assert [(d.kind, d.total_jpy) for d in documents(db, fair)] == [
        (DocumentKind.INVOICE, 363_000),
        (DocumentKind.CREDIT_NOTE, -363_000),
        (DocumentKind.INVOICE, 330_000),
    ]


def test_an_assigned_booth_is_invoiced_to_the_organization(db, fair, booths, organizer):
    create_issuer(db, fair)
    company = create_user(db).organization
    changes.assign_booth(db, booths[1], company, actor=organizer, reason="sponsor")
    (invoice,) = documents(db, fair)
    assert invoice.buyer_name == company.name


def test_a_published_allocation_is_invoiced(db, organizer_organization, organizer):
    from tests.conftest import create_fair, create_hall

    fair = create_fair(db, booking_mode=BookingMode.APPLICATION, organizer_id=organizer_organization.id)
    booth_type = create_booth_type(db, fair)
    booth = create_booth(db, create_hall(db, fair), booth_type, code="Z01")
    create_issuer(db, fair)
    user = approved_startup(db, fair)
    wish = allocation.Wish(booth=booth)
    allocation.submit_application(db, fair, user.organization, booth_type, [wish], actor=user)
    allocation.publish_allocation(db, fair, 7, actor=organizer)
    (invoice,) = documents(db, fair)
    assert invoice.organization_id == user.organization.id


def test_a_rolled_back_confirmation_leaves_no_gap(db, fair, booths):
    issuer = create_issuer(db, fair)
    with pytest.raises(RuntimeError), db.begin_nested():
        confirmed_booking(db, fair, booths[0])
        raise RuntimeError("the confirming request fails after issuing")
    db.expire_all()
    assert db.get(InvoiceIssuer, issuer.id).next_number == 1
    confirmed_booking(db, fair, booths[1])
    assert [i.number for i in documents(db, fair)] == [1]


def test_the_unique_constraint_refuses_a_duplicate_number(db, fair, booths):
    from sqlalchemy.exc import IntegrityError

    issuer = create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    db.execute(update(InvoiceIssuer).where(InvoiceIssuer.id == issuer.id).values(next_number=1))
    with pytest.raises(IntegrityError), db.begin_nested():
        confirmed_booking(db, fair, booths[1])


def details(**fields):
    values = dict(
        legal_name="X Co.",
        legal_name_local="X株式会社",
        address="Tokyo",
        address_local="東京",
        registration_number=REGISTRATION,
        bank_account="bank",
        payment_terms="30 days",
        contact="someone",
        price_entry=PriceEntry.TAX_EXCLUDED,
        deposit_percent=0,
        deposit_due_days=14,
        balance_due_days=30,
    )
    values.update(fields)
    return issuers.IssuerDetails(**values)


def test_save_issuer_normalises_and_keeps_the_counter(db, fair, booths, organizer):
    issuer = issuers.save_issuer(db, fair, details(registration_number="ｔ７１２３４５６７８９０１２"), actor=organizer)
    assert issuer.registration_number == REGISTRATION
    confirmed_booking(db, fair, booths[0])
    issuers.save_issuer(db, fair, details(legal_name="Y Co."), actor=organizer)
    db.refresh(issuer)
    assert issuer.next_number == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"registration_number": "T8123456789012"},
        {"registration_number": "7123456789012"},
        {"deposit_percent": 101},
        {"deposit_due_days": -1},
    ],
)
def test_save_issuer_refuses_bad_input(db, fair, organizer, fields):
    with pytest.raises(InvalidInput):
        issuers.save_issuer(db, fair, details(**fields), actor=organizer)


def test_payments_and_states(db, fair, booths, organizer):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    (invoice,) = documents(db, fair)

    def state(today):
        return payments.standings(db, [invoice], today)[0].state.value

    assert state(invoice.issue_date) == "open"
    assert state(invoice.deposit_due_on + timedelta(days=1)) == "overdue"
    payments.record_payment(
        db, invoice, paid_on=date.today(), amount_jpy=181_500, method="bank_transfer", reference="R1", actor=organizer
    )
    db.refresh(invoice)
    assert state(invoice.deposit_due_on + timedelta(days=1)) == "part_paid"
    assert state(invoice.balance_due_on + timedelta(days=1)) == "overdue"
    payments.record_payment(
        db, invoice, paid_on=date.today(), amount_jpy=181_500, method="card", reference="", actor=organizer
    )
    assert state(invoice.balance_due_on + timedelta(days=1)) == "paid"


@pytest.mark.parametrize(("amount", "method"), [(0, "card"), (-5, "card"), (100, "bitcoin")])
def test_bad_payments_are_refused(db, fair, booths, organizer, amount, method):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    (invoice,) = documents(db, fair)
    with pytest.raises(InvalidInput):
        payments.record_payment(
            db, invoice, paid_on=date.today(), amount_jpy=amount, method=method, reference="", actor=organizer
        )


def test_no_payment_against_a_credit_note_and_credited_state(db, fair, booths, organizer):
    create_issuer(db, fair)
    record = confirmed_booking(db, fair, booths[0])
    changes.cancel_booking(db, record, actor=organizer, organization=None, reason="withdrawn")
    invoice, note = documents(db, fair)
    with pytest.raises(DomainError):
        payments.record_payment(
            db, note, paid_on=date.today(), amount_jpy=1, method="card", reference="", actor=organizer
        )
    assert payments.standings(db, [invoice, note], date.today())[0].state.value == "credited"


def test_register_has_a_bom_and_one_row_per_document_and_rate(db, fair, booths, organizer):
    create_issuer(db, fair)
    record = confirmed_booking(db, fair, booths[0], billing_name="=HYPERLINK()")
    changes.cancel_booking(db, record, actor=organizer, organization=None, reason="withdrawn")
    body = register_csv(payments.fair_documents(db, fair))
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r["number"], r["rate_percent"], r["tax_jpy"], r["original"]) for r in rows] == [
        ("INV-000001", "10", "33000", ""),
        ("CN-000002", "10", "-33000", "INV-000001"),
    ]
    assert rows[0]["buyer"] == "'=HYPERLINK()" and rows[0]["registration_number"] == REGISTRATION


def _mails_with_pdf(outbox) -> list:
    import email
    import email.policy

    found = []
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        pdfs = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
        if pdfs:
            found.append((message, pdfs[0].get_content()))
    return found


def test_the_invoice_mail_carries_the_pdf_rendered_after_the_commit(app, db, fair, booths, outbox):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    assert not [m for m in db.info.get("eventsys.mail_queue", []) if getattr(m, "attachments", ())], (
        "nothing rendered before commit"
    )
    assert _mails_with_pdf(outbox) == []
    db.commit()
    sent = _mails_with_pdf(outbox)
    assert sent and all(pdf.startswith(b"%PDF") for _, pdf in sent)
    assert any("billing@example.com" in message["To"] for message, _ in sent)
    assert {message["Subject"] for message, _ in sent} == {"Booth A01 is booked (invoice INV-000001)"}


def test_a_rolled_back_confirmation_mails_no_invoice(app, db, fair, booths, outbox):
    create_issuer(db, fair)
    confirmed_booking(db, fair, booths[0])
    db.rollback()
    db.commit()
    assert _mails_with_pdf(outbox) == []


def test_register_as_xlsx_has_the_same_rows_with_numbers_and_dates(db, fair, booths, organizer):
    from openpyxl import load_workbook

    from eventsys.services.invoices.register import HEADER, register_xlsx

    create_issuer(db, fair)
    record = confirmed_booking(db, fair, booths[0], billing_name="=HYPERLINK()")
    issuing.credit_booking(db, record, reason="cancelled")
    sheet = load_workbook(io.BytesIO(register_xlsx(payments.fair_documents(db, fair)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    assert [(r[0], r[1], r[7], r[9]) for r in rows[1:]] == [
        ("INV-000001", "invoice", 10, 33_000),
        ("CN-000002", "credit_note", 10, -33_000),
    ]
    buyer = sheet.cell(row=2, column=6)
    assert (buyer.value, buyer.data_type) == ("=HYPERLINK()", "s"), "a buyer's name is text, never a formula"
    assert rows[1][3].date() == rows[1][4].date()


def test_with_redis_a_job_renders_and_mails_the_pdf(app, db, fair, booths, outbox, redis_url):
    from eventsys.services import mail
    from tests.conftest import run_jobs

    create_issuer(db, fair)
    app.config.update(REDIS_URL=redis_url)
    try:
        confirmed_booking(db, fair, booths[0])
        db.commit()
        assert _mails_with_pdf(outbox) == [], "queued, not rendered in the request"
        run_jobs(app, mail.QUEUE_NAME)
    finally:
        app.config.update(REDIS_URL=None)
    sent = _mails_with_pdf(outbox)
    assert sent and {message["Subject"] for message, _ in sent} == {"Booth A01 is booked (invoice INV-000001)"}
