"""A booking released for non-payment is one mail per recipient: the release notice (its own subject, the reason)
with the credit notes of the booth's invoice and of its extras attached, read from the real .eml files of the
outbox; a cancellation by the startup is one mail each too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventsys.models import BookingStatus, DocumentKind, Invoice, User
from eventsys.services.booths import changes
from eventsys.services.extras import orders
from eventsys.services.invoices import release
from tests.extras_factories import create_extra, create_package
from tests.invoice_factories import confirmed_booking, create_issuer
from tests.test_invoice_confirmation_mail import sent_mails


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def unpaid(db, fair, outbox):
    """A01 booked (INV-000001), then power (INV-000002) and the Gold package with booth A02 (INV-000003) ordered
    for it; nothing paid, every earlier mail cleared."""
    create_issuer(db, fair, deposit_percent=50, grace_days=7)
    a01, a02, _blocked = fair.halls[0].booths
    record = confirmed_booking(db, fair, a01)
    member = db.get(User, record.created_by_id)
    for offer in (create_extra(db, fair), create_package(db, fair, booth_type_id=fair.booth_types[0].id)):
        orders.place_order(db, record, offer, 1, actor=member, organization=record.organization)
    db.commit()
    for old in outbox.glob("*.eml"):
        old.unlink()
    return record, member


def _notes(db, record):
    return list(
        db.scalars(
            select(Invoice)
            .where(Invoice.booking_id == record.id, Invoice.kind == DocumentKind.CREDIT_NOTE)
            .order_by(Invoice.number)
        )
    )


def _attached(message) -> list[str]:
    return sorted(part.get_filename() for part in message.iter_attachments())


def test_a_released_booking_is_one_mail_per_recipient(db, fair, organizer, unpaid, outbox):
    record, member = unpaid
    booth_invoice = db.scalar(select(Invoice).where(Invoice.booking_id == record.id, Invoice.number == 1))
    released = release.release_unpaid(db, fair, booth_invoice.balance_due_on + timedelta(days=8))
    assert released.bookings == [record] and released.extras_invoices == [], "the booking's release credits them"
    db.commit()
    assert record.status == BookingStatus.CANCELLED
    numbers = [f"CN-{note.number:06d}" for note in _notes(db, record)]
    assert len(numbers) == 3
    mails = sent_mails(outbox)
    assert sorted(mails) == sorted([member.email, "billing@example.com", organizer.email])
    assert [len(mails[address]) for address in sorted(mails)] == [1, 1, 1], {a: len(m) for a, m in mails.items()}
    (to_member,) = mails[member.email]
    assert to_member["Subject"] == (
        f"Your booking of booth A01 is released for non-payment (credit notes {', '.join(numbers)})"
    )
    body = to_member.get_body(("plain",)).get_content()
    assert "Unpaid after the grace period" in body and "cancelled" not in to_member["Subject"]
    assert _attached(to_member) == [f"{number}.pdf" for number in numbers]
    (to_billing,) = mails["billing@example.com"]
    assert to_billing["Subject"] == to_member["Subject"]
    (to_organizer,) = mails[organizer.email]
    assert to_organizer["Subject"].startswith("Released for non-payment at")


def test_a_cancellation_by_the_startup_is_one_mail_with_its_credit_notes(db, unpaid, outbox):
    record, member = unpaid
    changes.cancel_booking(db, record, actor=member, organization=record.organization)
    db.commit()
    numbers = [f"CN-{note.number:06d}" for note in _notes(db, record)]
    mails = sent_mails(outbox)
    (to_member,) = mails[member.email]
    assert to_member["Subject"] == f"Your booking of booth A01 is cancelled (credit notes {', '.join(numbers)})"
    assert _attached(to_member) == [f"{number}.pdf" for number in numbers]
    assert len(mails["billing@example.com"]) == 1 and sorted(mails) == sorted([member.email, "billing@example.com"])
