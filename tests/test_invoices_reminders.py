"""Payment reminders before and after each due date: in the member's language, once, following extensions."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from eventsys.models import DuePart, Invoice, Membership, TimedMail, User
from eventsys.services.invoices import due_dates, issuing, payments
from eventsys.services.invoices.reminders import send_payment_reminders
from eventsys.services.notifications.timed import Timing, send_due
from tests.invoice_factories import confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def messages(outbox) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in outbox.glob("*.eml")]


def at(day) -> datetime:
    """10:00 in Tokyo on `day`."""
    return datetime.combine(day, time(10), ZoneInfo("Asia/Tokyo")).astimezone(UTC)


@pytest.fixture
def invoiced(db, fair):
    create_issuer(db, fair, deposit_percent=50, deposit_due_days=14, grace_days=7)
    record = confirmed_booking(db, fair, fair.halls[0].booths[0])
    db.commit()
    return db.scalar(select(Invoice).where(Invoice.booking_id == record.id))


def member(db, invoice) -> User:
    return db.scalar(select(User).join(Membership).where(Membership.organization_id == invoice.organization_id))


def test_before_and_after_the_deposit_each_once(db, invoiced, outbox):
    deposit = invoiced.deposit_due_on
    assert send_payment_reminders(db, at(deposit - timedelta(days=8))) == 0, "not yet"
    assert send_payment_reminders(db, at(deposit - timedelta(days=7))) == 1
    db.commit()
    assert send_payment_reminders(db, at(deposit - timedelta(days=2))) == 0, "never twice"
    assert send_payment_reminders(db, at(deposit)) == 0
    assert send_payment_reminders(db, at(deposit + timedelta(days=1))) == 1, "once after the due date"
    db.commit()
    assert send_payment_reminders(db, at(deposit + timedelta(days=3))) == 0
    db.commit()
    sent = sorted(m["Subject"] for m in messages(outbox))
    assert sent == [
        f"Overdue: invoice INV-000001 was due on {deposit.isoformat()}",
        f"Payment due on {deposit.isoformat()}: invoice INV-000001",
    ]
    late = next(m for m in messages(outbox) if m["Subject"].startswith("Overdue"))
    body = late.get_content()
    assert "¥181,500" in body and "MUFG" in body
    assert (deposit + timedelta(days=7)).isoformat() in body, "the day the booth would be released"


def test_in_the_members_language(db, invoiced, outbox):
    member(db, invoiced).locale = "ja"
    db.commit()
    assert send_payment_reminders(db, at(invoiced.deposit_due_on)) == 1
    db.commit()
    (sent,) = messages(outbox)
    assert "INV-000001" in sent["Subject"] and "Payment due" not in sent["Subject"]
    assert any("\u3040" <= ch <= "\u30ff" for ch in sent["Subject"]), "Japanese"


def test_a_paid_part_or_a_credited_invoice_is_not_reminded_of(db, invoiced, organizer, outbox):
    payments.record_payment(
        db, invoiced, paid_on=invoiced.issue_date, amount_jpy=181_500, method="cash", reference="", actor=organizer
    )
    assert send_payment_reminders(db, at(invoiced.deposit_due_on)) == 0
    assert send_payment_reminders(db, at(invoiced.balance_due_on)) == 1, "the balance still is"
    issuing.credit_invoice(db, invoiced, reason="cancelled")
    assert send_payment_reminders(db, at(invoiced.balance_due_on + timedelta(days=2))) == 0


def test_an_extended_due_date_is_reminded_of_again(db, invoiced, organizer, outbox):
    deposit = invoiced.deposit_due_on
    assert send_payment_reminders(db, at(deposit + timedelta(days=1))) == 1
    later = deposit + timedelta(days=5)
    due_dates.extend_due_date(
        db, invoiced, DuePart.DEPOSIT, later, reason="PO", actor=organizer, today=deposit + timedelta(days=1)
    )
    assert send_payment_reminders(db, at(deposit + timedelta(days=2))) == 1, "the new date, ahead"
    assert send_payment_reminders(db, at(deposit + timedelta(days=3))) == 0
    db.commit()
    subjects = {m["Subject"] for m in messages(outbox)}
    assert f"Payment due on {later.isoformat()}: invoice INV-000001" in subjects


def test_send_due_sends_them_and_claims_rows(db, invoiced, outbox):
    counts = send_due(db, Timing(payment_days_before=3), now=at(invoiced.deposit_due_on - timedelta(days=3)))
    assert counts["payments"] == 1
    assert db.scalar(select(TimedMail.subject).where(TimedMail.kind == "payment")).startswith(f"inv:{invoiced.id}:d:")
